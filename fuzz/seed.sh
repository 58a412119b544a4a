#!/usr/bin/env bash
# Seed the fuzz corpora from the repository's own fixtures (samples/,
# crates/*/tests/fixtures, the crawler's test feeds) into fuzz/corpus/<target>/.
# fuzz/corpus is git-ignored; re-run any time (existing entries are kept).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import glob, hashlib, io, json, os, re, zipfile

out = "fuzz/corpus"
def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = f"{out}/{target}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/{hashlib.sha1(data).hexdigest()}", "wb") as f:
        f.write(data)

def read(p):
    return open(p, "rb").read()

agg = sorted(glob.glob("samples/aggregator/*.txt") + glob.glob("crates/*/tests/fixtures/*.txt"))
html = sorted(glob.glob("crates/*/tests/fixtures/html/*.html"))
snn = sorted(glob.glob("samples/json/*.json"))
jsonl = sorted(glob.glob("samples/jsonl/*.jsonl"))

# aggregator: the sample pages and the analysis fixture.
for p in agg:
    put("aggregator", read(p))

# html: the extraction fixtures (UTF-8, windows-1256, ISO-8859-6, …).
for p in html:
    put("html", read(p))

# dates: every date string the samples carry, plus the formats the parser
# documents (Hijri, Arabic-Indic digits, month names, relative).
dates = set()
for p in snn:
    for r in json.load(open(p, encoding="utf-8")):
        if r.get("date_extracted"):
            dates.add(r["date_extracted"])
for p in agg:
    for line in open(p, encoding="utf-8", errors="replace"):
        if "تاريخ النشر" in line:
            dates.add(line.split(":", 1)[-1].strip())
for p in jsonl:
    for line in open(p, encoding="utf-8"):
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if isinstance(v.get("published_at"), str):
            dates.add(v["published_at"])
dates |= {"2015-07-21T10:00:00+03:00", "الثلاثاء 21 يوليو 2015", "٢١/٧/٢٠١٥",
          "5 شوال 1436هـ", "منذ 3 ساعات", "Tue, 21 Jul 2015 10:00:00 GMT", "21 تموز 2015 - 10:30 ص"}
for d in dates:
    put("dates", d)

# times: article bodies (aggregator pages and SaudiNewsNet contents), cut to 4 KB.
for p in agg:
    put("times", read(p)[:4096].decode("utf-8", "ignore"))
for p in snn[:2]:
    for r in json.load(open(p, encoding="utf-8"))[:10]:
        put("times", (r.get("content") or "")[:2000])

# dump: first byte picks the file name (see fuzz_targets/dump.rs:
# zip json jsonl txt html trec tar.gz noext).
for p in snn:
    put("dump", b"\x01" + read(p))
for p in jsonl:
    put("dump", b"\x02" + read(p)[:65536])
for p in agg:
    put("dump", b"\x03" + read(p))
for p in html[:6]:
    put("dump", b"\x04" + read(p))
put("dump", b"\x05" + "<DOC>\n<DOCNO>T-1</DOCNO>\n<TITLE>عنوان</TITLE>\n<TEXT>\nنص.\n</TEXT>\n</DOC>\n".encode())
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("2025-04-01.json", read(snn[0]))
put("dump", b"\x00" + buf.getvalue())

# feed: the XML documents in the crawler's tests, and one of each kind.
for p in ["crates/crawl/src/discover.rs", "crates/crawl/tests/common/mod.rs", "crates/crawl/tests/crawl.rs"]:
    if os.path.exists(p):
        for m in re.finditer(r'r#"(<\?xml.*?)"#', open(p, encoding="utf-8").read(), re.S):
            put("feed", m.group(1))
put("feed", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار</title>'
            '<entry><title>خبر</title><link href="/a/1"/><id>urn:1</id><updated>2025-04-01T10:00:00Z</updated></entry></feed>')
put("feed", '{"version":"https://jsonfeed.org/version/1.1","title":"أخبار","items":[{"id":"1","url":"https://x.example/a/1","title":"خبر"}]}')
put("feed", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://x.example/a/1</loc>'
            '<news:news><news:publication_date>2025-04-01T10:00+03:00</news:publication_date><news:title>خبر</news:title></news:news></url></urlset>')

for t in sorted(os.listdir(out)):
    print(f"{t}: {len(os.listdir(f'{out}/{t}'))} seeds")
PY
