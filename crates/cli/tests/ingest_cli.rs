//! End-to-end tests of `marsad ingest`, `show`, `stats` and `export` on
//! small fixtures written here (our own Arabic text, in the real formats).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn marsad(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("MARSAD_DATA_DIR")
        .output()
        .expect("run marsad")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}\nstderr: {}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
    })
}

fn snn_record(i: usize, source: &str) -> String {
    format!(
        r#"{{"source":"{source}","url":"http://{source}.example/أخبار/خبر-{i}/","date_extracted":"2025-04-0{} 08:15:22","title":"افتتاح مشروع رقم {i} في جدة","author":"جدة - وسا","content":" افتتح أمير المنطقة اليوم المشروع رقم {i}.\n وقال في كلمته: «هذا المشروع يخدم الأهالي».\n"}}"#,
        1 + i % 3
    )
}

fn snn_array(n: usize, source: &str) -> String {
    let recs: Vec<String> = (0..n).map(|i| snn_record(i, source)).collect();
    format!("[\n{}\n]", recs.join(",\n"))
}

fn zip_of(name: &str, content: &[u8]) -> Vec<u8> {
    let mut buf = Vec::new();
    {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut buf));
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(content).unwrap();
        w.finish().unwrap();
    }
    buf
}

const AGGREGATOR: &str = "الأمطار تغمر شوارع المدينة.. فهل تكفي الاستعدادات؟
تاريخ النشر: 2nd, April 2025 GMT
غمرت الأمطار الغزيرة شوارع المدينة صباح الأربعاء، وأعلن الدفاع المدني رفع درجة الاستعداد.
اقرأ أيضاً: ارتفاع أسعار الذهب في السوق المحلية
وقال المتحدث باسم الدفاع المدني: \"فرقنا منتشرة في كل الأحياء\".
المصدر: نبض الخليج
كلمات دلالية: الأمطار الدفاع المدني المدينة السيول
إقرأ أيضاً:
السيول تقطع طريقاً رئيسياً في الجنوب
قطعت السيول طريقاً رئيسياً يربط بين قريتين في الجنوب.
";

#[test]
fn ingest_everything_then_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inp = dir.path().join("in");
    std::fs::create_dir_all(inp.join("nested")).unwrap();
    std::fs::write(inp.join("day1.zip"), zip_of("day1.json", snn_array(5, "almarfa").as_bytes())).unwrap();
    std::fs::write(inp.join("nested/day2.json"), snn_array(3, "alwadi")).unwrap();
    std::fs::write(inp.join("page.txt"), AGGREGATOR).unwrap();

    let o = marsad(&data, &["ingest", "--json", inp.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = json(&o);
    assert_eq!((s["read"].as_u64(), s["added"].as_u64(), s["rejected"].as_u64()), (Some(9), Some(9), Some(0)));

    let o = marsad(&data, &["ingest", "--json", inp.to_str().unwrap()]);
    let s = json(&o);
    assert_eq!((s["added"].as_u64(), s["already_present"].as_u64()), (Some(0), Some(9)));

    let st = json(&marsad(&data, &["stats", "--json"]));
    assert_eq!(st["articles"], 9);
    assert_eq!(st["per_source"]["almarfa"], 5);
    assert_eq!(st["per_source"]["aggregator"], 1);
    assert_eq!(st["per_day"]["2025-04-02"].as_u64().unwrap(), 4); // 2 + 1 records and the aggregator page

    // show by URL in another spelling: percent-encoded, with tracking parameters.
    let url = "HTTP://almarfa.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%AE%D8%A8%D8%B1-1/?utm_source=rss#top";
    let a = json(&marsad(&data, &["show", "--json", url]));
    assert_eq!(a["title"], "افتتاح مشروع رقم 1 في جدة");
    let text = String::from_utf8(marsad(&data, &["show", a["id"].as_str().unwrap()]).stdout).unwrap();
    assert!(text.contains("افتتح أمير المنطقة"));
    let o = marsad(&data, &["show", "0000000000000000"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn aggregator_page_is_parsed_into_its_parts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let page = dir.path().join("page.txt");
    std::fs::write(&page, AGGREGATOR).unwrap();
    let o = marsad(&data, &["ingest", "--json", "--source", "bawaba", page.to_str().unwrap()]);
    assert!(o.status.success());
    let out = marsad(&data, &["export", "--jsonl"]);
    let a: serde_json::Value = serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(a["source"], "bawaba");
    assert_eq!(a["original_publisher"], "نبض الخليج");
    assert_eq!(a["published_at"], "2025-04-02T00:00:00Z");
    assert_eq!(a["body"].as_array().unwrap().len(), 2);
    assert_eq!(a["read_also"][0]["title"], "السيول تقطع طريقاً رئيسياً في الجنوب");
    assert_eq!(a["publisher_tags"], serde_json::json!(["الأمطار", "الدفاع المدني", "المدينة", "السيول"]));
    assert_eq!(a["removed"][0]["reason"], "read_also_inline");
}

#[test]
fn export_then_ingest_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let (d1, d2) = (dir.path().join("d1"), dir.path().join("d2"));
    let f = dir.path().join("x.json");
    std::fs::write(&f, snn_array(6, "almanara")).unwrap();
    marsad(&d1, &["ingest", "-q", f.to_str().unwrap()]);
    let jl = dir.path().join("out.jsonl");
    let o = marsad(&d1, &["export", "--jsonl", "--output", jl.to_str().unwrap()]);
    assert!(o.status.success());
    let s = json(&marsad(&d2, &["ingest", "--json", jl.to_str().unwrap()]));
    assert_eq!(s["added"], 6);
    let e1 = marsad(&d1, &["export", "--jsonl"]).stdout;
    let e2 = marsad(&d2, &["export", "--jsonl"]).stdout;
    assert_eq!(e1, e2, "export → ingest → export is stable");
    // Filters.
    let some = marsad(&d1, &["export", "--jsonl", "--since", "2025-04-03"]).stdout;
    assert_eq!(some.iter().filter(|&&b| b == b'\n').count(), 2);
    let none = marsad(&d1, &["export", "--jsonl", "--source", "other"]).stdout;
    assert!(none.is_empty());
}

#[test]
fn bad_input_is_named_the_rest_is_stored_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let good = dir.path().join("good.json");
    std::fs::write(&good, snn_array(4, "almarfa")).unwrap();
    assert!(marsad(&data, &["ingest", "-q", good.to_str().unwrap()]).status.success());

    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    // A corrupt zip.
    let z = zip_of("x.json", snn_array(3, "alwadi").as_bytes());
    std::fs::write(bad.join("corrupt.zip"), &z[..z.len() / 2]).unwrap();
    // Truncated JSON: two whole records, then a cut.
    let full = snn_array(3, "sharq");
    std::fs::write(bad.join("truncated.json"), &full[..full.len() - 30]).unwrap();
    // A record missing `content`.
    std::fs::write(
        bad.join("missing.json"),
        r#"[{"source":"sahel","url":"http://sahel.example/1","date_extracted":"2025-04-01 10:00:00","title":"بلا نص","author":""}]"#,
    )
    .unwrap();
    // Invalid UTF-8 inside one record of a JSON Lines file.
    let mut jl = snn_record(50, "nabd").into_bytes();
    jl.push(b'\n');
    let mut broken = snn_record(51, "nabd").into_bytes();
    let pos = broken.len() / 2;
    broken[pos] = 0xFF;
    jl.extend_from_slice(&broken);
    jl.push(b'\n');
    std::fs::write(bad.join("utf8.jsonl"), jl).unwrap();
    // An empty file.
    std::fs::write(bad.join("empty.json"), "").unwrap();
    // A 100 MB single line (over the 64 MiB record limit), sparse on disk.
    let huge = std::fs::File::create(bad.join("huge.jsonl")).unwrap();
    huge.set_len(100 << 20).unwrap();

    let o = marsad(&data, &["ingest", "--json", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "exit code says something was rejected");
    let s = json(&o);
    let kinds = &s["rejected_by_kind"];
    assert_eq!(kinds["corrupt_archive"], 1, "{s}");
    assert_eq!(kinds["truncated_json"], 1, "{s}");
    assert_eq!(kinds["missing_field"], 1, "{s}");
    assert_eq!(kinds["invalid_utf8"], 1, "{s}");
    assert_eq!(kinds["empty_file"], 1, "{s}");
    assert_eq!(kinds["too_large"], 1, "{s}");
    assert_eq!(s["added"], 3, "two whole records of the truncated file and the good JSON Lines record: {s}");
    let listed = s["rejections"].as_array().unwrap();
    let utf8 = listed.iter().find(|r| r["kind"] == "invalid_utf8").unwrap();
    assert!(utf8["file"].as_str().unwrap().ends_with("utf8.jsonl"));
    assert_eq!(utf8["record"], "line 2");
    let missing = listed.iter().find(|r| r["kind"] == "missing_field").unwrap();
    assert_eq!(missing["record"], "record 0");
    assert!(missing["message"].as_str().unwrap().contains("content"));
    let stderr_text = String::from_utf8_lossy(&marsad(&data, &["ingest", bad.to_str().unwrap()]).stderr).into_owned();
    assert!(stderr_text.contains("corrupt.zip"), "{stderr_text}");

    let st = json(&marsad(&data, &["stats", "--json"]));
    assert_eq!(st["articles"], 7, "what was stored before is intact");
    assert_eq!(st["per_source"]["almarfa"], 4);
}

#[test]
fn missing_paths_and_missing_store_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = marsad(&data, &["stats"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no store"));
    let o = marsad(&data, &["ingest", "--json", "/nonexistent/file.zip"]);
    assert_eq!(o.status.code(), Some(3));
    let s = json(&o);
    assert_eq!(s["rejected_by_kind"]["io_error"], 1);
    assert!(s["rejections"][0]["file"].as_str().unwrap().contains("/nonexistent/file.zip"));
}

#[test]
fn killed_mid_ingest_then_rerun_completes_with_each_article_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let f = dir.path().join("big.json");
    std::fs::write(&f, snn_array(20_000, "almarfa")).unwrap();
    for delay_ms in [30u64, 120, 300] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
            .arg("--data-dir")
            .arg(&data)
            .args(["ingest", "-q", "--no-stories", f.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
    }
    let s = json(&marsad(&data, &["ingest", "--json", "--no-stories", f.to_str().unwrap()]));
    assert_eq!(s["read"], 20_000);
    assert_eq!(s["added"].as_u64().unwrap() + s["already_present"].as_u64().unwrap(), 20_000);
    let st = json(&marsad(&data, &["stats", "--json"]));
    assert_eq!(st["articles"], 20_000, "every article present exactly once");
    // The database is sound after the kills.
    let conn_ok = marsad(&data, &["show", "--json", "http://almarfa.example/أخبار/خبر-19999/"]);
    assert!(conn_ok.status.success());
}

#[test]
fn rerun_after_a_kill_before_indexing_completes_the_index_and_analysis() {
    // The state a SIGKILL during the post-store phase leaves: every article
    // stored, none analysed or indexed. Re-running the ingest adds nothing,
    // and must still finish the job (it used to skip both when added == 0).
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let f = dir.path().join("d.json");
    std::fs::write(&f, snn_array(30, "almarfa")).unwrap();
    let p = f.to_str().unwrap();
    let first = json(&marsad(&data, &["ingest", "--json", "--no-stories", "--no-analyze", "--no-index", p]));
    assert_eq!(first["added"], 30);
    assert!(first.get("indexed").is_none() && first.get("analyzed").is_none());
    let again = json(&marsad(&data, &["ingest", "--json", "--no-stories", p]));
    assert_eq!(again["added"], 0);
    assert_eq!(again["indexed"], 30, "pending articles indexed: {again}");
    assert_eq!(again["analyzed"], 30, "pending articles analysed: {again}");
    // Nothing pending any more: a third run reports neither.
    let third = json(&marsad(&data, &["ingest", "--json", "--no-stories", p]));
    assert!(third.get("indexed").is_none() && third.get("analyzed").is_none(), "{third}");
}

fn snn_article(source: &str, slug: &str, when: &str, title: &str, content: &str) -> String {
    serde_json::json!({
        "source": source,
        "url": format!("http://{source}.example/news/{slug}/"),
        "date_extracted": when,
        "title": title,
        "content": content,
    })
    .to_string()
}

const QUAKE: &str = "ضرب زلزال بقوة ست درجات مدينة ملاطية شرق تركيا صباح اليوم وأعلنت السلطات وفاة ثلاثة أشخاص \
وإصابة العشرات، وقال محافظ المدينة إن فرق الإنقاذ تعمل في كل الأحياء المتضررة منذ الساعات الأولى.";
const QUAKE_FOLLOW: &str = "ارتفع عدد ضحايا الزلزال الذي ضرب مدينة ملاطية شرق تركيا إلى سبعة قتلى وعشرات المصابين، \
وقال محافظ المدينة إن فرق الإنقاذ ما زالت تعمل في الأحياء المتضررة من الزلزال.";
const FOOTBALL: &str = "فاز الهلال على الاتحاد بهدفين دون رد في الجولة السادسة والعشرين من الدوري السعودي، \
وسجل الهدفين مهاجم الفريق في الشوط الثاني أمام جمهور كبير.";

#[test]
fn a_second_file_updates_the_story_map_instead_of_rebuilding_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let day1 = dir.path().join("day1.json");
    let day2 = dir.path().join("day2.json");
    std::fs::write(
        &day1,
        format!(
            "[{},{},{}]",
            snn_article("wakala", "q1", "2025-04-01 08:00:00", "زلزال يضرب ملاطية شرق تركيا", QUAKE),
            snn_article(
                "almarfa",
                "q2",
                "2025-04-01 09:00:00",
                "زلزال قوي يهز ملاطية",
                &format!("{QUAKE} وفق الوكالة.")
            ),
            snn_article("alwadi", "f1", "2025-04-01 10:00:00", "الهلال يفوز على الاتحاد", FOOTBALL),
        ),
    )
    .unwrap();
    std::fs::write(
        &day2,
        format!(
            "[{},{}]",
            snn_article("sahel", "q3", "2025-04-02 07:00:00", "زلزال ملاطية: ارتفاع عدد الضحايا", QUAKE_FOLLOW),
            snn_article(
                "nabd",
                "q4",
                "2025-04-02 08:00:00",
                "زلزال بقوة ست درجات في ملاطية",
                &format!("{QUAKE} والتفاصيل لاحقاً.")
            ),
        ),
    )
    .unwrap();
    let first = json(&marsad(&data, &["ingest", "--json", day1.to_str().unwrap()]));
    assert_eq!(first["stories"]["mode"], "rebuilt", "the first file builds the map: {first}");
    let second = json(&marsad(&data, &["ingest", "--json", day2.to_str().unwrap()]));
    assert_eq!(second["added"], 2);
    assert_eq!(second["stories"]["mode"], "updated", "{second}");
    assert_eq!(second["stories"]["placed"], 2, "only the new articles are placed");
    assert_eq!(second["stories"]["copies"], 1);

    let stories = |args: &[&str]| -> Vec<(String, u64)> {
        let v = json(&marsad(&data, args));
        let mut s: Vec<(String, u64)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["id"].as_str().unwrap().to_string(), s["articles"].as_array().unwrap().len() as u64))
            .collect();
        s.sort();
        s
    };
    let updated = stories(&["stories", "--json"]);
    assert_eq!(updated.iter().map(|s| s.1).sum::<u64>(), 5, "every article in one story: {updated:?}");
    assert!(updated.iter().any(|s| s.1 == 4), "the quake story grew to four articles: {updated:?}");
    // Stories carry key phrases from their reports' analyses.
    let v = json(&marsad(&data, &["stories", "--json", "--sort", "size"]));
    let keywords: Vec<&str> = v[0]["keywords"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    assert!(!keywords.is_empty(), "{}", v[0]);
    assert!(keywords.iter().any(|k| k.contains("ملاطية") || k.contains("زلزال")), "{keywords:?}");
    // A full rebuild agrees, ids included.
    let rebuilt = stories(&["stories", "--rebuild", "--json"]);
    assert_eq!(updated, rebuilt);
    // So does a rebuild that may hold only two articles at a time: it goes
    // through the store in time order, slice by slice.
    let sliced = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["--data-dir", data.to_str().unwrap(), "stories", "--rebuild", "--json"])
        .env("MARSAD_STORY_BUILD_MAX", "2")
        .output()
        .unwrap();
    assert!(sliced.status.success(), "{}", String::from_utf8_lossy(&sliced.stderr));
    assert_eq!(stories(&["stories", "--json"]), rebuilt, "a sliced rebuild gives the same map");
    let v = json(&marsad(&data, &["stories", "--json", "--sort", "size"]));
    assert!(!v[0]["keywords"].as_array().unwrap().is_empty(), "{}", v[0]);
    // `marsad story` shows them, rather than the centroid's stems.
    let shown = String::from_utf8(marsad(&data, &["story", v[0]["id"].as_str().unwrap()]).stdout).unwrap();
    let line = shown.lines().find(|l| l.starts_with("keywords: ")).unwrap_or_else(|| panic!("{shown}"));
    assert!(line.contains("ملاطية") || line.contains("زلزال"), "{shown}");
    assert!(!shown.lines().any(|l| l.starts_with("terms: ")), "{shown}");
    // `marsad entity` lists the stories a place is in, as the web page does.
    let v = json(&marsad(&data, &["entity", "ملاطية", "--json"]));
    let stories = v["stories"].as_array().unwrap_or_else(|| panic!("{v}"));
    assert_eq!(stories.len(), 1, "{v}");
    assert_eq!(stories[0]["articles"], 4, "{v}");
    let shown = String::from_utf8(marsad(&data, &["entity", "ملاطية"]).stdout).unwrap();
    assert!(shown.contains("stories:\n") && shown.contains("(4 articles)"), "{shown}");
    // `marsad entities --top` lists the corpus's most mentioned, by kind.
    let v = json(&marsad(&data, &["entities", "--top", "3", "--kind", "LOC", "--json"]));
    let top = v.as_array().unwrap_or_else(|| panic!("{v}"));
    assert!(!top.is_empty() && top.len() <= 3, "{v}");
    assert!(top.iter().all(|e| e["kind"] == "LOC"), "{v}");
    assert!(top.windows(2).all(|w| w[0]["articles"].as_u64() >= w[1]["articles"].as_u64()), "{v}");
    assert!(top.iter().any(|e| e["canonical"] == "ملاطية"), "{v}");
    let shown = String::from_utf8(marsad(&data, &["entities", "--top", "3"]).stdout).unwrap();
    assert!(shown.starts_with("   1. "), "{shown}");
}

/// Kills the child process when dropped (a failed assertion included).
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.0 GET on loopback; the response body.
#[test]
fn analyses_made_by_another_version_are_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let f = dir.path().join("d.json");
    std::fs::write(&f, snn_array(12, "almarfa")).unwrap();
    let p = f.to_str().unwrap();
    let first = json(&marsad(&data, &["ingest", "--json", "--no-stories", p]));
    assert_eq!(first["analyzed"], 12);
    // What an older marsad leaves: another analysis version, and entity
    // rows under ids this version no longer makes.
    {
        let mut store = marsad_store::Store::open(&data).unwrap();
        let by_article = store.entities_by_article().unwrap();
        let article = by_article.keys().min().expect("entities were stored").clone();
        store.set_meta("analysis_version", "1-0000000000000000").unwrap();
        assert!(store.unanalyzed(1).unwrap().is_empty());
        store
            .save_analyses(&[marsad_store::AnalysisRecord {
                article,
                day: None,
                doc: "{}".into(),
                entities: vec![marsad_store::EntityMention {
                    id: "loc-000000000000".into(),
                    canonical: "مدينة قديمة".into(),
                    kind: "LOC".into(),
                    mentions: 1,
                    in_title: 0,
                }],
                quotes: Vec::new(),
            }])
            .unwrap();
    }
    let o = marsad(&data, &["ingest", "--json", "--no-stories", p]);
    let again = json(&o);
    assert_eq!(again["added"], 0);
    assert_eq!(again["analyzed"], 12, "every article analysed again: {again}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("12 stored analyses were made by analysis version 1-0000000000000000"), "{stderr}");
    let store = marsad_store::Store::open(&data).unwrap();
    assert!(store.find_entities("مدينة قديمة", 10).unwrap().is_empty(), "the old rows are replaced");
    assert!(!store.find_entities("جدة", 10).unwrap().is_empty());
    // Up to date now: the next run analyses nothing.
    let third = json(&marsad(&data, &["ingest", "--json", "--no-stories", p]));
    assert!(third.get("analyzed").is_none(), "{third}");
}

fn http_get(port: u16, path: &str) -> String {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default()
}

#[test]
fn serve_indexes_what_the_search_index_lacks_before_serving() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("day.json");
    std::fs::write(
        &file,
        format!("[{}]", snn_article("wakala", "q1", "2025-04-01 08:00:00", "زلزال يضرب ملاطية شرق تركيا", QUAKE)),
    )
    .unwrap();
    // Stored and analysed, but not indexed (as after a run killed before
    // indexing, or an index rebuilt after an upgrade).
    let o = marsad(&data, &["ingest", "--no-index", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let _server = Child(
        Command::new(env!("CARGO_BIN_EXE_marsad"))
            .args(["--data-dir", data.to_str().unwrap(), "serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "marsad serve did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let body = http_get(port, "/api/search?q=%D9%85%D9%84%D8%A7%D8%B7%D9%8A%D8%A9");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(v["hits"], 1, "the unindexed article is searchable once served: {v}");
}

#[test]
fn output_piped_into_a_reader_that_has_gone_ends_quietly() {
    use std::process::Stdio;
    // `marsad analyze f.txt | head -0`: the reader is gone before marsad
    // prints (it is closed right after the start; loading the models takes
    // longer). marsad must stop without a panic message.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("خبر.txt");
    std::fs::write(&f, "وزير الخارجية يصل إلى الرياض\n\nقال وزير الخارجية أمس: «المحادثات ستستأنف غداً».\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("analyze")
        .arg(&f)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn coverage_counts_the_alias_table_names_the_analysis_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let rec = r#"[{"source":"alwadi","url":"http://alwadi.example/news/1/","date_extracted":"2025-04-02 08:15:22","title":"أمطار رعدية على عسير والباحة","author":"أبها - واس","content":"توقعت الرئاسة العامة للأرصاد هطول أمطار رعدية على منطقة عسير والباحة، ونشر الخبر على موقعها."}]"#;
    let file = dir.path().join("day.json");
    std::fs::write(&file, rec).unwrap();
    let o = marsad(&data, &["ingest", "-q", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let o = marsad(&data, &["eval", "coverage", "--min", "1", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = json(&o);
    assert_eq!(r["articles"], 1);
    // عسير and الباحة; الخبر ("the news") is ambiguous and not counted.
    assert_eq!(r["written"], 2, "{r}");
    assert_eq!(r["per_kind"]["LOC"]["written"], 2, "{r}");
    let names: Vec<&str> = r["entities"].as_array().unwrap().iter().map(|e| e["canonical"].as_str().unwrap()).collect();
    assert!(names.contains(&"عسير") && names.contains(&"الباحة"), "{names:?}");
    let found = r["found"].as_u64().unwrap();
    assert!(found <= 2 && (r["recall"].as_f64().unwrap() - found as f64 / 2.0).abs() < 1e-9, "{r}");

    // Without a store: a clear error, not an empty report.
    let o = marsad(&dir.path().join("none"), &["eval", "coverage"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("store"), "{}", String::from_utf8_lossy(&o.stderr));
}
