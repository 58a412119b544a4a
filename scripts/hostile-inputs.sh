#!/usr/bin/env bash
# Hostile inputs for `marsad ingest`: each must end in exit 0 or 3 (never a
# crash, a fatal error or a timeout), within 60 s, under 1 GB peak RSS, with
# a named rejection where the input is unreadable, and without touching the
# articles already in the store.
#
# Usage: scripts/hostile-inputs.sh [--keep]
#   MARSAD=path/to/marsad (default target/release/marsad, built when missing)
# The inputs are generated into a temporary directory (a few MB on disk; the
# 1 GB file is sparse). Exit status: 0 PASS, 1 FAIL, 2 setup error.
set -uo pipefail
cd "$(dirname "$0")/.."
KEEP=0
[ "${1:-}" = --keep ] && KEEP=1
MARSAD=${MARSAD:-target/release/marsad}
if [ ! -x "$MARSAD" ]; then
    cargo build --release -q -p marsad || exit 2
fi
MARSAD=$(realpath "$MARSAD")
[ -x /usr/bin/time ] || { echo "hostile-inputs: /usr/bin/time (GNU time) is needed" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/marsad-hostile.XXXXXX")
# A private copy: a concurrent `cargo build` must not swap the binary mid-run.
cp "$MARSAD" "$WORK/marsad" && MARSAD=$WORK/marsad
trap '[ "$KEEP" = 1 ] && echo "kept $WORK" || rm -rf "$WORK"' EXIT
IN=$WORK/in
DATA=$WORK/data
mkdir -p "$IN"
RSS_LIMIT_KB=$((1024 * 1024))

echo "generating inputs in $IN"
python3 - "$IN" <<'PY'
import sys, zipfile
d = sys.argv[1]

# 1. Zip bomb: one entry of 4 GiB of zeros, streamed (a few MB on disk).
#    The honest central directory states the size.
chunk = bytes(1 << 24)
with zipfile.ZipFile(f"{d}/zip-bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    with z.open("bomb.json", "w", force_zip64=True) as f:
        for _ in range(256):
            f.write(chunk)

# 1b. A smaller bomb that stays under marsad's per-entry cap (2 GiB):
#     1.9 GiB of zeros in one entry.
with zipfile.ZipFile(f"{d}/zip-bomb-1.9g.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    with z.open("bomb.json", "w", force_zip64=True) as f:
        for _ in range(19 * 64 // 10):
            f.write(chunk)

# 2. 1 GB single-line file (sparse: zeros, no newline) as JSON Lines and as
#    aggregator text.
for name in ("one-line-1g.jsonl", "one-line-1g.txt"):
    with open(f"{d}/{name}", "wb") as f:
        f.truncate(10**9)

# 3. 100k-deep nested HTML.
with open(f"{d}/deep-100k.html", "w") as f:
    f.write("<!doctype html><html><head><title>عنوان</title></head><body>")
    f.write("<div>" * 100_000)
    f.write("<p>نص الخبر في العمق.</p>")
    f.write("</div>" * 100_000)
    f.write("</body></html>")

# 4. Invalid UTF-8 with NUL bytes, as SaudiNewsNet JSON and as aggregator text.
junk = b"\xff\xfe\x00\x00\xc3\x28\xa0\xa1\x00\xe2\x28\xa1\xf0\x28\x8c\xbc" * 4096
rec = (b'[{"source":"x","url":"http://x.example/a","date_extracted":"2015-07-21 10:00:00",'
       b'"title":"\xff\x00\xfe","author":"","content":"' + junk + b'"}]')
open(f"{d}/bad-utf8-nul.json", "wb").write(rec)
open(f"{d}/bad-utf8-nul.txt", "wb").write(junk)

# 5. A JSON array whose element has a number with 10^6 digits.
with open(f"{d}/huge-number.json", "w") as f:
    f.write('[{"source":"x","url":"http://x.example/n","date_extracted":"2015-07-21 10:00:00",'
            '"title":"رقم","author":"","content":"نص","n":')
    f.write("9" * 10**6)
    f.write("}]")

# 6. Billion laughs: an XML feed with nested entities, saved where marsad
#    ingest would read it (.html and .json; the crawler's feed parser refuses
#    DTD internal subsets by name, and has a fuzz target).
lol = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', '<!ENTITY lol "lol">']
prev = "lol"
for i in range(1, 10):
    lol.append(f'<!ENTITY lol{i} "' + f"&{prev};" * 10 + '">')
    prev = f"lol{i}"
lol += [']>', '<rss version="2.0"><channel><title>&lol9;</title>',
        f'<item><title>&{prev};</title><link>http://x.example/a</link><description>&lol9;</description></item>',
        '</channel></rss>']
xml = "\n".join(lol)
open(f"{d}/billion-laughs.html", "w").write(xml)
open(f"{d}/billion-laughs.json", "w").write(xml)
PY

echo "baseline store from samples/"
"$MARSAD" --data-dir "$DATA" ingest -q --no-analyze samples/ >/dev/null 2>&1
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then echo "hostile-inputs: baseline ingest failed ($rc)" >&2; exit 2; fi
count() { "$MARSAD" --data-dir "$DATA" stats --json | python3 -c "import json,sys;print(json.load(sys.stdin)['articles'])"; }
BEFORE=$(count)
python3 -c "import sqlite3;print('\\n'.join(r[0] for r in sqlite3.connect('$DATA/marsad.db').execute('select id from articles')))" >"$WORK/baseline.ids"
echo "baseline: $BEFORE articles"

FAILS=()
TABLE=$WORK/table
printf '| input | size on disk | exit | seconds | peak RSS (MB) | message |\n| --- | --- | --- | --- | --- | --- |\n' >"$TABLE"
for f in "$IN"/*; do
    name=$(basename "$f")
    disk=$(du -k "$f" | cut -f1)
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$WORK/$name.time" timeout 60 "$MARSAD" --data-dir "$DATA" ingest --json -q --no-analyze "$f" \
        >"$WORK/$name.json" 2>"$WORK/$name.stderr"
    rc=$?
    end=$(date +%s.%N)
    secs=$(python3 -c "print(f'{$end - $start:.2f}')")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
    msg=$(python3 - "$WORK/$name.json" <<'PY'
import json, sys
try:
    s = json.load(open(sys.argv[1]))
except Exception:
    print("(no JSON summary)"); sys.exit()
r = s.get("rejections") or []
kinds = ",".join(f"{k}:{v}" for k, v in s.get("rejected_by_kind", {}).items())
m = (r[0].get("message", "") if r else "")
print(f"added {s['added']}, rejected {s['rejected']} [{kinds}] {m}"[:160].replace("|", "/"))
PY
)
    verdict=ok
    if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
        verdict=FAIL
        FAILS+=("$name: exit $rc ($( [ $rc -eq 124 ] && echo timeout || tail -1 "$WORK/$name.stderr"))")
    fi
    if [ -n "$rss" ] && [ "$rss" -gt "$RSS_LIMIT_KB" ]; then
        verdict=FAIL
        FAILS+=("$name: peak RSS $((rss / 1024)) MB over 1 GB")
    fi
    # Unreadable inputs must be rejected by name, not silently dropped.
    case "$name" in
        zip-bomb*|one-line-*|bad-utf8-*|billion-laughs.json)
            if ! python3 -c "import json,sys;s=json.load(open(sys.argv[1]));sys.exit(0 if s['rejected']>0 and s['rejected_by_kind'] else 1)" "$WORK/$name.json" 2>/dev/null; then
                verdict=FAIL
                FAILS+=("$name: no named rejection in the summary")
            fi ;;
    esac
    printf '| %s | %s KB | %s | %s | %s | %s |\n' "$name" "$disk" "$rc" "$secs" "$((${rss:-0} / 1024))" "$msg" >>"$TABLE"
    echo "  $verdict $name: exit $rc, ${secs}s, $((${rss:-0} / 1024)) MB"
done

# Every baseline article must remain, and the count must be the baseline
# plus exactly what the hostile inputs' summaries say they added.
ADDED=$(python3 -c "
import json,glob
n=0
for p in glob.glob('$WORK/*.json'):
    try: n+=json.load(open(p))['added']
    except Exception: pass
print(n)")
AFTER=$(count)
if [ -z "$AFTER" ]; then FAILS+=("marsad stats failed after the hostile inputs"); fi
ic=$(python3 -c "import sqlite3;print(sqlite3.connect('$DATA/marsad.db').execute('PRAGMA integrity_check').fetchone()[0])")
[ "$ic" = ok ] || FAILS+=("PRAGMA integrity_check: $ic")
missing=$(python3 -c "
import sqlite3
have={r[0] for r in sqlite3.connect('$DATA/marsad.db').execute('select id from articles')}
print(sum(1 for l in open('$WORK/baseline.ids') if l.strip() and l.strip() not in have))")
[ "$missing" = 0 ] || FAILS+=("$missing baseline articles missing afterwards")
[ "${AFTER:-0}" = $((BEFORE + ADDED)) ] || FAILS+=("stats articles $AFTER != baseline $BEFORE + added by hostile inputs $ADDED")
echo
cat "$TABLE"
echo
echo "store: $BEFORE articles before, $AFTER after ($ADDED added by the hostile inputs themselves), baseline articles missing: $missing, integrity $ic"
if [ ${#FAILS[@]} -eq 0 ]; then echo PASS; exit 0; fi
echo "FAIL (${#FAILS[@]}):"
printf '  - %s\n' "${FAILS[@]}"
exit 1
