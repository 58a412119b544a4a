//! The crawler against a local site (127.0.0.1, started inside each test):
//! exactly what is ingested, skipped and recorded as errors, round after
//! round and across a restart.

mod common;

use marsad_crawl::{Config, Crawler, RoundSummary};
use marsad_store::crawl::SeenStatus;
use marsad_store::Store;
use std::collections::BTreeMap;

fn config(base: &str) -> Config {
    let port = base.rsplit(':').next().unwrap();
    let text = format!(
        r#"
[crawler]
host_delay_ms = 0
concurrency = 8
per_host_concurrency = 8
timeout_s = 1.0
connect_timeout_s = 2.0
max_body_bytes = 1048576
retries = 1
backoff_ms = 10
max_attempts = 2

[[source]]
name = "المرصد"
feeds = ["{base}/feed.xml"]
allow_private = true

[[source]]
name = "خرائط"
sitemaps = ["{base}/sitemap-index.xml"]
allow_private = true

[[source]]
name = "مكسور"
feeds = ["{base}/bad.xml", "{base}/laughs.xml"]
allow_private = true

[[source]]
name = "صارم"
feeds = ["{base}/strict.xml", "http://localhost:{port}/strict.xml", "http://[::ffff:127.0.0.1]:{port}/strict.xml"]
"#
    );
    Config::parse(&text).unwrap()
}

fn kinds(s: &RoundSummary, source: &str) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in &s.source(source).unwrap().errors {
        let path = e.url.split_once("://").map(|(_, r)| r.split_once('/').map_or("", |(_, p)| p)).unwrap_or(&e.url);
        m.entry(e.kind.clone()).or_default().push(format!("/{path}"));
    }
    for v in m.values_mut() {
        v.sort();
    }
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rounds_restart_and_every_kind_of_trouble() {
    let (base, site) = common::start(0).await;
    for (p, t) in [
        ("/a/1", "خبر أول"),
        ("/a/1?utm_source=rss", "خبر أول مكرر"),
        ("/a/2", "خبر ثان"),
        ("/w1256", "ويندوز"),
        ("/w1256meta", "ويندوز ميتا"),
        ("/loop/a", "حلقة"),
        ("/slow", "بطيء"),
        ("/err500", "خطأ"),
        ("/huge", "ضخم"),
        ("/bomb", "قنبلة"),
        ("/private/secret", "ممنوع"),
        ("/meta", "بيانات وصفية"),
        ("/notext", "فارغة"),
        ("/missing", "غير موجود"),
    ] {
        site.add_item(p, t);
    }
    let dir = tempfile::tempdir().unwrap();

    // ── Round 1 ──
    let crawler = Crawler::new(config(&base));
    let mut store = Store::open(dir.path()).unwrap();
    let r1 = crawler.run_round(&mut store).await.unwrap();
    let main = r1.source("المرصد").unwrap();
    assert_eq!(main.discovered, 14, "{main:#?}");
    assert_eq!(main.ingested, 4, "{main:#?}");
    assert_eq!(main.skipped_seen, 1, "the utm_ copy of /a/1");
    assert_eq!(main.skipped_robots, 1);
    assert_eq!(main.fetched, 12);
    let expect: BTreeMap<String, Vec<String>> = [
        ("redirect_loop", vec!["/loop/a"]),
        ("timeout", vec!["/slow"]),
        ("http_status", vec!["/err500", "/missing"]),
        ("too_large", vec!["/bomb", "/huge"]),
        ("refused", vec!["/meta"]),
        ("extract", vec!["/notext"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(kinds(&r1, "المرصد"), expect);
    assert_eq!(site.hits("/private/secret"), 0, "robots.txt obeyed");
    assert_eq!(site.hits("/err500"), 2, "one retry within the round");
    assert_eq!(site.hits("/loop/a"), 1);
    assert_eq!(site.hits("/loop/b"), 1);
    assert_eq!(site.hits("/robots.txt"), 1, "robots.txt once per host and round");

    // Sitemap index → news sitemap: two new pages, /a/1 already taken this round.
    let sm = r1.source("خرائط").unwrap();
    assert_eq!((sm.discovered, sm.ingested, sm.skipped_seen, sm.error_count), (3, 2, 1, 0), "{sm:#?}");

    // Broken feeds: recorded, the others unaffected.
    let broken = r1.source("مكسور").unwrap();
    assert_eq!(
        kinds(&r1, "مكسور"),
        [
            ("malformed".to_string(), vec!["/bad.xml".to_string()]),
            ("unsafe_xml".to_string(), vec!["/laughs.xml".to_string()])
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(broken.ingested, 0);

    // A source that does not allow private addresses reaches nothing here,
    // by IP literal, by name (checked after DNS) or by an IPv4-mapped IPv6 literal.
    let strict = r1.source("صارم").unwrap();
    assert_eq!(kinds(&r1, "صارم").get("refused").map(Vec::len), Some(3), "{strict:#?}");
    assert_eq!(site.hits("/strict.xml"), 0);

    assert_eq!(r1.ingested, 6);
    assert_eq!(store.count().unwrap(), 6);

    // windows-1256, from the header and from <meta>.
    for p in ["/w1256", "/w1256meta"] {
        let a = store.find(&format!("{base}{p}")).unwrap().unwrap();
        assert_eq!(a.title, common::W1256_TITLE);
        assert!(a.body.iter().any(|para| para.text.contains("معرض الكتاب الدولي")), "{p}: {:?}", a.body);
        assert_eq!(a.source, "المرصد");
        assert!(a.fetched_at.is_some());
    }
    assert_eq!(store.crawl_seen(&format!("{base}/slow")).unwrap().unwrap().status, SeenStatus::Retry);
    assert_eq!(store.crawl_seen(&format!("{base}/huge")).unwrap().unwrap().status, SeenStatus::Failed);

    // ── Round 2: one new item; the feed changed (new ETag) ──
    site.add_item("/a/3", "خبر ثالث");
    let r2 = crawler.run_round(&mut store).await.unwrap();
    let main = r2.source("المرصد").unwrap();
    assert_eq!(main.ingested, 1, "{main:#?}");
    // The new page, plus the two transient failures' second (last) attempt.
    assert_eq!(main.fetched, 3);
    assert_eq!((main.skipped_seen, main.skipped_robots), (11, 1));
    assert_eq!(site.hits("/a/1"), 1, "never fetched twice");
    assert_eq!(store.crawl_seen(&format!("{base}/slow")).unwrap().unwrap().status, SeenStatus::Failed);
    let sm = r2.source("خرائط").unwrap();
    assert_eq!((sm.not_modified, sm.fetched), (1, 0), "news sitemap answered 304");
    assert_eq!(store.count().unwrap(), 7);

    // ── Restart: a new crawler and store; nothing new is fetched ──
    drop(crawler);
    drop(store);
    let crawler = Crawler::new(config(&base));
    let mut store = Store::open(dir.path()).unwrap();
    let feed_hits = site.hits("/feed.xml");
    let r3 = crawler.run_round(&mut store).await.unwrap();
    assert_eq!(r3.fetched, 0, "{r3:#?}");
    assert_eq!(r3.ingested, 0);
    assert_eq!(r3.source("المرصد").unwrap().not_modified, 1, "the feed answered 304");
    assert_eq!(site.hits("/feed.xml"), feed_hits + 1);
    assert_eq!(store.count().unwrap(), 7);

    // Source health.
    let health = store.crawl_sources().unwrap();
    let h = |n: &str| health.iter().find(|h| h.name == n).unwrap().clone();
    let m = h("المرصد");
    assert_eq!((m.rounds, m.articles_added, m.consecutive_failures), (3, 5, 0));
    assert!(m.last_success.is_some());
    assert_eq!(m.urls_retry, 0);
    let b = h("مكسور");
    assert_eq!((b.rounds, b.consecutive_failures, b.articles_added), (3, 3, 0));
    assert!(b.last_success.is_none());
    assert!(b.last_error.as_deref().unwrap().contains("laughs.xml"), "{:?}", b.last_error);
    assert_eq!(store.crawl_recent_errors("مكسور", 10).unwrap().len(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_pages_newest_first_then_the_rest() {
    let (base, site) = common::start(0).await;
    for i in 1..=5 {
        site.add_item(&format!("/a/{i}"), &format!("خبر {i}"));
    }
    let text = format!(
        "[crawler]\nhost_delay_ms = 0\n[[source]]\nname = \"s\"\nfeeds = [\"{base}/feed.xml\"]\nmax_pages = 2\nallow_private = true\n"
    );
    let crawler = Crawler::new(Config::parse(&text).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let r = crawler.run_round(&mut store).await.unwrap();
    assert_eq!((r.ingested, r.skipped_limit), (2, 3));
    // Feed item i is dated hour i-1: the newest are /a/5 and /a/4.
    assert_eq!((site.hits("/a/5"), site.hits("/a/4"), site.hits("/a/1")), (1, 1, 0));
    // The feed is unchanged (304), so the rest wait for the feed's next change.
    site.add_item("/a/6", "خبر 6");
    let r = crawler.run_round(&mut store).await.unwrap();
    assert_eq!((r.ingested, r.skipped_seen, r.skipped_limit), (2, 2, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_delay_spaces_requests() {
    let (base, site) = common::start(0).await;
    for i in 1..=3 {
        site.add_item(&format!("/a/{i}"), &format!("خبر {i}"));
    }
    let text = format!(
        "[crawler]\nhost_delay_ms = 150\nobey_robots = false\n[[source]]\nname = \"s\"\nfeeds = [\"{base}/feed.xml\"]\nallow_private = true\n"
    );
    let crawler = Crawler::new(Config::parse(&text).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let t = std::time::Instant::now();
    let r = crawler.run_round(&mut store).await.unwrap();
    assert_eq!(r.ingested, 3);
    assert_eq!(r.requests, 4);
    // Four requests to one host, 150 ms apart: at least 450 ms.
    assert!(t.elapsed() >= std::time::Duration::from_millis(450), "{:?}", t.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_into_a_disallowed_path_is_not_followed() {
    let (base, site) = common::start(0).await;
    site.add_item("/moved", "خبر نقل إلى مسار ممنوع");
    site.add_item("/a/7", "خبر عادي");
    let text = format!(
        "[crawler]\nhost_delay_ms = 0\ntimeout_s = 2.0\n[[source]]\nname = \"المرصد\"\nfeeds = [\"{base}/feed.xml\"]\nallow_private = true\n"
    );
    let crawler = Crawler::new(Config::parse(&text).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let r = crawler.run_round(&mut store).await.unwrap();
    let s = r.source("المرصد").unwrap();
    assert_eq!(site.hits("/moved"), 1, "the listed URL itself is allowed and fetched");
    assert_eq!(site.hits("/private/secret"), 0, "its redirect into /private/ is not followed");
    assert_eq!((s.ingested, s.skipped_robots), (1, 1), "{s:#?}");
}
