#!/usr/bin/env bash
# Crash-safety check for `marsad ingest`.
#
# Ingests a corpus into a temporary data directory, killing the ingest with
# SIGKILL at random moments (at least --kills N times, restarting it each
# time), then runs one complete ingest and checks the store against a clean,
# uninterrupted ingest of the same corpus into another temporary directory:
#
#   1. the same set of article ids (every article present exactly once; no
#      canonical URL stored twice), the same read/rejected counts;
#   2. SQLite integrity (`marsad stats` works, PRAGMA integrity_check = ok);
#   3. search index and store agree (after `marsad search` syncs the index no
#      article is left with indexed=0, and 20 sampled articles are found by
#      words of their own titles);
#   4. stories consistent (`marsad stories --rebuild`, then every article has
#      exactly one row in article_stories, and nothing else does).
#
# Usage: scripts/crash-test.sh [--kills N] [--short] [--seed S] [--keep] [FILES...]
#   default FILES: ../shared/data/saudinewsnet/*.zip
#   --short: 3 kills on the first 3 zips (for CI)
#   MARSAD=path/to/marsad to use another binary (default target/release/marsad,
#   built with `cargo build --release -p marsad` when missing).
# Exit status: 0 PASS, 1 FAIL, 2 usage / setup error.
set -uo pipefail

cd "$(dirname "$0")/.."
KILLS=10
SHORT=0
KEEP=0
SEED=${SEED:-$$}
FILES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --kills) KILLS=$2; shift 2 ;;
        --kills=*) KILLS=${1#*=}; shift ;;
        --short) SHORT=1; shift ;;
        --seed) SEED=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        *) FILES+=("$1"); shift ;;
    esac
done
if [ ${#FILES[@]} -eq 0 ]; then
    shopt -s nullglob
    FILES=(../shared/data/saudinewsnet/*.zip)
    shopt -u nullglob
    if [ ${#FILES[@]} -eq 0 ]; then
        echo "crash-test: no input files given and ../shared/data/saudinewsnet/*.zip not found" >&2
        exit 2
    fi
fi
if [ "$SHORT" = 1 ]; then
    KILLS=3
    FILES=("${FILES[@]:0:3}")
fi
RANDOM=$SEED

MARSAD=${MARSAD:-target/release/marsad}
if [ ! -x "$MARSAD" ]; then
    echo "crash-test: building $MARSAD" >&2
    cargo build --release -q -p marsad || exit 2
fi
MARSAD=$(realpath "$MARSAD")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/marsad-crash.XXXXXX")
# A private copy: a concurrent `cargo build` must not swap the binary mid-run.
cp "$MARSAD" "$WORK/marsad" && MARSAD=$WORK/marsad
cleanup() {
    [ -n "${PID:-}" ] && kill -9 "$PID" 2>/dev/null
    if [ "$KEEP" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
REF=$WORK/ref
FAILS=()
fail() { FAILS+=("$1"); echo "  FAIL: $1"; }
ok() { echo "  ok: $1"; }

echo "crash-test: ${#FILES[@]} files, $KILLS kills, seed $SEED, binary $MARSAD"

# 1. The reference: one clean, uninterrupted ingest (the same flags as the
# killed runs; its duration bounds the kill delays).
t0=$(date +%s.%N)
"$MARSAD" --data-dir "$REF" ingest --json -q --no-analyze --no-stories "${FILES[@]}" >"$WORK/ref.json"
rc=$?
t1=$(date +%s.%N)
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
    echo "crash-test: the reference ingest failed (exit $rc)" >&2
    exit 2
fi
T=$(python3 -c "print(round(max(0.5, $t1 - $t0), 1))")
echo "reference ingest: $(python3 -c "import json;s=json.load(open('$WORK/ref.json'));print(f\"read {s['read']}, added {s['added']}, already present {s['already_present']}, rejected {s['rejected']}\")") in ${T}s"

# 2. Ingest, killed with SIGKILL at random moments: each delay is drawn
# uniformly between 50 ms and the clean ingest's duration, so kills land
# anywhere — opening the store, mid-batch, the search-index sync at the end.
# Each restart resumes on the store the previous one left. When a run
# finishes before its kill, that round's store is complete: it is checked
# (integrity, the same ids as the clean ingest, nothing left unindexed) and
# the next kills go to a fresh store (a new round), until N kills are done.
check_round() { # DIR: cheap checks of a completed round
    python3 - "$1" "$REF" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"{sys.argv[1]}/marsad.db")
ref = sqlite3.connect(f"{sys.argv[2]}/marsad.db")
ic = db.execute("PRAGMA integrity_check").fetchone()[0]
ids = {r[0] for r in db.execute("SELECT id FROM articles")}
rids = {r[0] for r in ref.execute("SELECT id FROM articles")}
un = db.execute("SELECT count(*) FROM articles WHERE indexed = 0").fetchone()[0]
bad = []
if ic != "ok": bad.append(f"integrity_check {ic}")
if ids != rids: bad.append(f"{len(ids - rids)} extra ids, {len(rids - ids)} missing")
if un: bad.append(f"{un} articles not indexed")
print("; ".join(bad) if bad else "ok")
PY
}
kills=0
runs=0
completed=0
round=1
DATA=$WORK/data.1
maxms=$(python3 -c "print(int(max(300, 1000 * $T)))")
while [ $kills -lt "$KILLS" ]; do
    runs=$((runs + 1))
    "$MARSAD" --data-dir "$DATA" ingest -q --no-analyze --no-stories "${FILES[@]}" >/dev/null 2>>"$WORK/killed.stderr" &
    PID=$!
    ms=$((50 + (RANDOM * 32768 + RANDOM) % maxms))
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    if kill -0 "$PID" 2>/dev/null; then
        kill -9 "$PID" 2>/dev/null
        wait "$PID" 2>/dev/null
        kills=$((kills + 1))
        n=$(python3 -c "
import sqlite3
try:
    c=sqlite3.connect('file:$DATA/marsad.db?mode=ro',uri=True,timeout=5)
    print(c.execute('select count(*), sum(indexed) from articles').fetchone())
except Exception as e: print('?')" 2>/dev/null)
        echo "  round $round, kill $kills after ${ms}ms: (articles, indexed) = $n"
    else
        wait "$PID"
        rc=$?
        completed=$((completed + 1))
        echo "  round $round, run $runs finished by itself within ${ms}ms (exit $rc)"
        if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then fail "an ingest after a kill exited $rc (see $WORK/killed.stderr)"; fi
        if [ $kills -lt "$KILLS" ]; then
            r=$(check_round "$DATA")
            [ "$r" = ok ] && ok "round $round complete and consistent" || fail "round $round: $r"
            round=$((round + 1))
            DATA=$WORK/data.$round
        fi
    fi
    PID=
done

# 3. The final, complete ingest.
"$MARSAD" --data-dir "$DATA" ingest --json -q --no-analyze --no-stories "${FILES[@]}" >"$WORK/final.json" 2>"$WORK/final.stderr"
rc=$?
echo "final ingest: exit $rc, $(python3 -c "import json;s=json.load(open('$WORK/final.json'));print(f\"read {s['read']}, added {s['added']}, already present {s['already_present']}, rejected {s['rejected']}\")" 2>/dev/null)"
echo "checks:"
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then fail "final ingest exited $rc: $(tail -2 "$WORK/final.stderr")"; fi

# Integrity first: a broken database makes the rest meaningless.
if "$MARSAD" --data-dir "$DATA" stats --json >"$WORK/stats.json" 2>"$WORK/stats.stderr"; then
    ok "marsad stats succeeds"
else
    fail "marsad stats failed: $(tail -1 "$WORK/stats.stderr")"
fi
ic=$(python3 -c "import sqlite3;print(sqlite3.connect('$DATA/marsad.db').execute('PRAGMA integrity_check').fetchone()[0])" 2>&1)
[ "$ic" = ok ] && ok "PRAGMA integrity_check: ok" || fail "PRAGMA integrity_check: $ic"

# The search index syncs on `marsad search`.
"$MARSAD" --data-dir "$DATA" search "السعودية" --json >/dev/null 2>"$WORK/search.stderr" ||
    fail "marsad search (index sync) failed: $(tail -1 "$WORK/search.stderr")"
# The story map.
"$MARSAD" --data-dir "$DATA" stories --rebuild --limit 1 >/dev/null 2>"$WORK/stories.stderr" ||
    fail "marsad stories --rebuild failed: $(tail -1 "$WORK/stories.stderr")"

# Everything else in Python: ids, counts, the index, the story map.
python3 - "$WORK" "$MARSAD" "$SEED" "$DATA" <<'PY'
import json, random, re, sqlite3, subprocess, sys
work, marsad, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
data, ref = sys.argv[4], f"{work}/ref"
fails = []
def ok(m): print(f"  ok: {m}")
def fail(m): fails.append(m); print(f"  FAIL: {m}")

stats = json.load(open(f"{work}/stats.json"))
refs = json.load(open(f"{work}/ref.json"))
final = json.load(open(f"{work}/final.json"))
db = sqlite3.connect(f"{data}/marsad.db")
rdb = sqlite3.connect(f"{ref}/marsad.db")
ids = {r[0] for r in db.execute("SELECT id FROM articles")}
rids = {r[0] for r in rdb.execute("SELECT id FROM articles")}
n = db.execute("SELECT count(*) FROM articles").fetchone()[0]

if stats["articles"] == len(rids) == n == len(ids):
    ok(f"stats articles {stats['articles']} == distinct ids of a clean ingest {len(rids)}")
else:
    fail(f"stats articles {stats['articles']}, rows {n}, distinct ids {len(ids)}, clean ingest {len(rids)}")
if ids == rids:
    ok("same id set as the clean ingest")
else:
    fail(f"id sets differ: {len(ids - rids)} extra, {len(rids - ids)} missing (e.g. {sorted(rids - ids)[:3]})")
for k in ("read", "rejected"):
    if final[k] == refs[k]:
        ok(f"final ingest {k} {final[k]} == clean ingest {k}")
    else:
        fail(f"final ingest {k} {final[k]} != clean ingest {refs[k]}")
if final["added"] + final["already_present"] == refs["added"] + refs["already_present"]:
    ok(f"final added {final['added']} + already present {final['already_present']} == clean {refs['added']} + {refs['already_present']}")
else:
    fail(f"final added+already_present {final['added']}+{final['already_present']} != clean {refs['added']}+{refs['already_present']}")
q = "SELECT count(*) FROM (SELECT canonical_url FROM articles WHERE canonical_url IS NOT NULL GROUP BY canonical_url HAVING count(*) > 1)"
d, rd = db.execute(q).fetchone()[0], rdb.execute(q).fetchone()[0]
(ok if d == rd else fail)(f"canonical URLs stored twice: {d} (clean ingest: {rd})")

# Index and store agree.
un = db.execute("SELECT count(*) FROM articles WHERE indexed = 0").fetchone()[0]
(ok if un == 0 else fail)(f"articles not indexed after the sync: {un}")
rng = random.Random(seed)
rows = db.execute("SELECT a.id, a.title, a.source, a.day, s.group_id, a.doc FROM articles a LEFT JOIN article_stories s ON s.article_id = a.id").fetchall()
sample = rng.sample(rows, min(20, len(rows)))
found = 0
missed = []


def query_words(text):
    # Diacritics and tatweel out first: Python's \w stops at them and
    # would cut المُفيد into الم + فيد, fragments no search should match.
    bare = re.sub(r"[\u064B-\u065F\u0670\u0640]", "", text)
    words = [w for w in re.findall(r"\w+", bare) if len(w) >= 3 and w not in ("AND", "OR", "NOT") and not w.isdigit()]
    return sorted(set(words), key=len, reverse=True)[:3]


for aid, title, source, day, group, doc in sample:
    words = query_words(title)
    if not words:
        # A few published articles have no headline (SaudiNewsNet holds
        # ten): look such an article up by words of its first paragraph.
        body = json.loads(doc).get("body") or [{}]
        words = query_words(body[0].get("text", ""))
    if not words:
        words = [title]
    cmd = [marsad, "--data-dir", data, "search", " ".join("+" + w for w in words), "--source", source, "--limit", "1000", "--json"]
    if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        cmd += ["--from", day, "--to", day]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0 and "parse the query" in out.stderr:
        # Some title words do not survive the query syntax as +word
        # (reported separately); fall back to the plain words.
        print(f"  note: query {' '.join('+' + w for w in words)!r} rejected: {out.stderr.strip()[-80:]}")
        cmd[4] = " ".join(words)
        out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        missed.append(f"{aid} (search exit {out.returncode}: {out.stderr.strip()[-120:]})")
        continue
    reports = json.loads(out.stdout)["reports"]
    # A copy is folded under another report of its near-duplicate group.
    if any(r["id"] == aid or (group and r.get("group") == group) for r in reports):
        found += 1
    else:
        missed.append(f"{aid} ({' '.join(words)})")
(ok if not missed else fail)(f"sampled articles found by words of their titles: {found}/{len(sample)}" + (f"; missed {missed[:3]}" if missed else ""))

# The story map: one row per article, no strays.
no_story = db.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.article_id = a.id)").fetchone()[0]
stray = db.execute("SELECT count(*) FROM article_stories s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)").fetchone()[0]
dangling = db.execute("SELECT count(*) FROM article_stories s WHERE NOT EXISTS (SELECT 1 FROM stories t WHERE t.id = s.story_id)").fetchone()[0]
rows_as = db.execute("SELECT count(*) FROM article_stories").fetchone()[0]
if no_story == 0 and stray == 0 and rows_as == n and dangling == 0:
    ok(f"article_stories: {rows_as} rows, exactly one per article, every story_id exists")
else:
    fail(f"article_stories: {rows_as} rows for {n} articles; {no_story} articles without, {stray} rows without article, {dangling} rows without story")
open(f"{work}/py.fails", "w").write("\n".join(fails))
PY
[ -f "$WORK/py.fails" ] || FAILS+=("the Python checks did not complete")
if [ -s "$WORK/py.fails" ]; then
    while IFS= read -r l || [ -n "$l" ]; do FAILS+=("$l"); done <"$WORK/py.fails"
fi

echo
echo "summary: ${#FILES[@]} files, $kills SIGKILLs over $runs runs in $round rounds ($completed runs finished on their own), seed $SEED"
if [ ${#FAILS[@]} -eq 0 ]; then
    echo "PASS"
    exit 0
fi
echo "FAIL (${#FAILS[@]}):"
printf '  - %s\n' "${FAILS[@]}"
exit 1
