//! Pages per second through fetch → extract → store, against a local fixture
//! site on 127.0.0.1 (network excluded), and the process's peak memory over
//! one `--once`-style round.
//!
//! ```sh
//! cargo run --release -p marsad-crawl --example measure -- 10000
//! ```
//! The fixture server runs in the same process (its memory is included).

#[path = "../tests/common/mod.rs"]
mod common;

use marsad_crawl::{Config, Crawler};
use marsad_store::Store;

fn status_kib(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let concurrency: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(8);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let (base, _site) = common::start(n).await;
        let feeds: Vec<String> = (0..n.div_ceil(1000)).map(|k| format!("\"{base}/bulk/feed/{k}\"")).collect();
        let text = format!(
            "[crawler]\nhost_delay_ms = 0\nconcurrency = {concurrency}\nper_host_concurrency = {concurrency}\n\
             [[source]]\nname = \"bulk\"\nfeeds = [{}]\nmax_pages = {n}\nallow_private = true\n",
            feeds.join(", ")
        );
        let crawler = Crawler::new(Config::parse(&text).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let rss_before = status_kib("VmRSS:").unwrap_or(0);
        let r = crawler.run_round(&mut store).await.unwrap();
        let peak = status_kib("VmHWM:").unwrap_or(0);
        assert_eq!(r.ingested as usize, n, "{:?}", r.sources[0].errors.first());
        println!(
            "{n} pages: {} fetched, {} ingested, {} errors in {:.2} s = {:.0} pages/s (concurrency {concurrency}); \
             RSS before the round {:.1} MiB, peak {:.1} MiB; {} requests",
            r.fetched,
            r.ingested,
            r.errors,
            r.seconds,
            r.fetched as f64 / r.seconds,
            rss_before as f64 / 1024.0,
            peak as f64 / 1024.0,
            r.requests
        );
        let t = std::time::Instant::now();
        let again = crawler.run_round(&mut store).await.unwrap();
        println!(
            "second round: {} fetched, {} skipped as seen in {:.2} s",
            again.fetched,
            again.skipped_seen,
            t.elapsed().as_secs_f64()
        );
    });
}
