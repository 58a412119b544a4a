//! End to end in a real browser: `marsad demo` builds a store from the
//! bundled samples, `marsad serve` serves it, and headless Chromium (driven
//! through chromedriver with WebDriver) opens the front page, a story, an
//! article, an entity and a search. It checks what is visible and that the
//! pages are laid out right to left, and saves screenshots under
//! `target/browser/`.
//!
//! Needs the Debian packages `chromium` and `chromium-driver`. Without them
//! the test says so and passes, unless `MARSAD_BROWSER_TESTS=required`
//! (set by CI, which installs them), where a missing browser is a failure.

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MARSAD: &str = env!("CARGO_BIN_EXE_marsad");

/// Kills the child process when dropped, so a failed assertion leaves
/// nothing running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "{what} did not start listening on port {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn screenshots_dir() -> PathBuf {
    // tests run with the package directory as cwd; target/ is two levels up
    // unless CARGO_TARGET_DIR moves it.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshots_dir().join(format!("{name}.png")), png).unwrap();
}

/// The page's direction as the browser computed it, and its language.
async fn direction(c: &Client) -> (String, String) {
    let v = c
        .execute("return [getComputedStyle(document.body).direction, document.documentElement.lang];", vec![])
        .await
        .expect("script runs");
    (v[0].as_str().unwrap_or_default().to_string(), v[1].as_str().unwrap_or_default().to_string())
}

/// Wait (up to 20 s) until a click's navigation has reached a path that
/// starts with `prefix`: a WebDriver click returns before the next page
/// has loaded.
async fn wait_for_path(c: &Client, prefix: &str) {
    let start = Instant::now();
    loop {
        let path = c.current_url().await.unwrap().path().to_string();
        let ready: bool = c
            .execute("return document.readyState === 'complete';", vec![])
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if path.starts_with(prefix) && ready {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "still on {path}, waiting for {prefix}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).text().await.unwrap()
}

async fn assert_rtl_arabic(c: &Client, page: &str) {
    let (dir, lang) = direction(c).await;
    assert_eq!(dir, "rtl", "{page}: computed direction");
    assert_eq!(lang, "ar", "{page}: document language");
}

fn arabic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn front_story_article_entity_and_search_in_chromium() {
    let required = std::env::var("MARSAD_BROWSER_TESTS").is_ok_and(|v| v == "required");
    let driver = find_program(&["chromedriver"]);
    let browser = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    let (Some(driver), Some(browser)) = (driver, browser) else {
        assert!(!required, "MARSAD_BROWSER_TESTS=required but chromium/chromedriver are not installed");
        eprintln!("skipped: chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        return;
    };

    // The sample store, built the way a user builds it.
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(MARSAD)
        .args(["--data-dir"])
        .arg(data.path())
        .args(["demo", "--no-serve"])
        .output()
        .expect("marsad demo runs");
    assert!(out.status.success(), "marsad demo: {}", String::from_utf8_lossy(&out.stderr));

    let port = free_port();
    let _server = Running(
        Command::new(MARSAD)
            .arg("--data-dir")
            .arg(data.path())
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("marsad serve starts"),
    );
    let dport = free_port();
    let _driver = Running(
        Command::new(&driver)
            .arg(format!("--port={dport}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    wait_for_port(port, "marsad serve");
    wait_for_port(dport, "chromedriver");

    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": browser,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,1600", "--lang=ar",
                     format!("--user-data-dir={}", profile.path().display())],
        }),
    );
    // WebDriver on loopback needs no TLS: a plain HTTP connector.
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{dport}"))
        .await
        .expect("a WebDriver session in chromium");
    let base = format!("http://127.0.0.1:{port}");

    // Front page: stories, in Arabic, right to left.
    c.goto(&format!("{base}/")).await.unwrap();
    assert_rtl_arabic(&c, "front page").await;
    assert_eq!(text_of(&c, "main h1").await, "القصص الآن");
    let stories = c.find_all(Locator::Css(".story h2 a")).await.unwrap();
    assert!(stories.len() >= 5, "the samples make several stories, got {}", stories.len());
    let headline = stories[0].text().await.unwrap();
    assert!(arabic(&headline), "an Arabic headline: {headline:?}");
    shot(&c, "front").await;

    // The largest story: timeline chart, reports, sources.
    c.goto(&format!("{base}/?sort=size")).await.unwrap();
    let first = c.find(Locator::Css(".story h2 a")).await.unwrap();
    let headline = first.text().await.unwrap();
    first.click().await.unwrap();
    wait_for_path(&c, "/story/").await;
    assert_rtl_arabic(&c, "story page").await;
    assert_eq!(text_of(&c, "main h1").await, headline);
    c.find(Locator::Css("main svg")).await.expect("the timeline chart is drawn");
    let body = text_of(&c, "main").await;
    assert!(body.contains("المصادر") && body.contains("التقارير"), "story sections visible");
    assert!(body.contains("نُشر في"), "copies folded with their sources");
    shot(&c, "story").await;

    // One of its reports: the article page with clean text.
    let report = c.find(Locator::Css(".story h3 a")).await.unwrap();
    let title = report.text().await.unwrap();
    report.click().await.unwrap();
    wait_for_path(&c, "/article/").await;
    assert_rtl_arabic(&c, "article page").await;
    assert_eq!(text_of(&c, "article h1").await, title);
    let paragraphs = c.find_all(Locator::Css("article p")).await.unwrap();
    assert!(paragraphs.len() >= 2, "title meta and body paragraphs");
    shot(&c, "article").await;

    // An entity named in the article.
    let ent = c.find(Locator::Css(".ent a")).await.expect("the article names entities");
    let name = ent.text().await.unwrap();
    ent.click().await.unwrap();
    wait_for_path(&c, "/entity/").await;
    assert_rtl_arabic(&c, "entity page").await;
    assert_eq!(text_of(&c, "main h1").await, name);
    c.find(Locator::Css("main svg")).await.expect("mentions over time");
    shot(&c, "entity").await;

    // Search from the form, then narrow by a facet.
    c.goto(&format!("{base}/")).await.unwrap();
    let word = headline.split_whitespace().max_by_key(|w| w.chars().count()).unwrap().to_string();
    let input = c.find(Locator::Css("input[name=q]")).await.unwrap();
    input.send_keys(&word).await.unwrap();
    c.find(Locator::Css("form[role=search] button")).await.unwrap().click().await.unwrap();
    wait_for_path(&c, "/search").await;
    assert_rtl_arabic(&c, "search page").await;
    let results = c.find_all(Locator::Css(".results .story")).await.unwrap();
    assert!(!results.is_empty(), "results for {word:?}");
    let facets = text_of(&c, ".facets").await;
    assert!(facets.contains("المصادر"), "facets shown: {facets}");
    shot(&c, "search").await;
    let facet = c.find(Locator::Css(".facets a")).await.unwrap();
    let before = c.current_url().await.unwrap().to_string();
    facet.click().await.unwrap();
    let start = Instant::now();
    while c.current_url().await.unwrap().to_string() == before {
        assert!(start.elapsed() < Duration::from_secs(20), "the facet link did not navigate");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for_path(&c, "/search").await;
    assert!(text_of(&c, "main").await.contains("مرشحات"), "the facet narrows the search");

    c.close().await.unwrap();
}
