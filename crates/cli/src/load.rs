//! `marsad bench serve`: the server under load. It starts `marsad serve` on
//! the data directory as a child process (so its memory can be watched),
//! then keeps `connections` requests in flight for `seconds`, mixing what a
//! newsroom's screens and scripts ask for: story lists (API), story pages
//! (HTML and JSON) and searches (API and page). It reports requests per
//! second, errors, latency percentiles per kind, and the server's resident
//! memory over the run.

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one kind of request is, and how often it comes in the mix (out of 20).
const MIX: [(&str, usize); 5] =
    [("api_stories", 6), ("story_page", 3), ("api_story", 2), ("api_search", 7), ("search_page", 2)];

/// Options of `marsad bench serve`.
pub struct LoadOptions {
    /// Seconds of load.
    pub seconds: u64,
    /// Requests in flight.
    pub connections: usize,
    /// Only the story list (`GET /api/stories`), as a throughput figure.
    pub stories_only: bool,
    /// Print one JSON object.
    pub json: bool,
}

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server's private resident memory (heap, stacks: `RssAnon`) in MB.
/// Its total RSS also counts the database and index files it maps, pages
/// that belong to the OS file cache and are counted once per mapping.
fn rss_mb(pid: u32) -> f64 {
    status_mb(pid, "RssAnon:")
}

fn status_mb(pid: u32, key: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize] as f64 / 1000.0
}

/// Percent-encode a query value.
fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Run the load test against a fresh `marsad serve` on `data_dir`.
pub fn run(data_dir: &std::path::Path, o: LoadOptions) -> Result<ExitCode> {
    crate::datadir::open_existing(data_dir)?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let exe = std::env::current_exe().context("locating the marsad binary")?;
    let child = Child(
        Command::new(exe)
            .arg("--data-dir")
            .arg(data_dir)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting marsad serve")?,
    );
    let pid = child.0.id();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    rt.block_on(drive(port, pid, o))
}

async fn drive(port: u16, pid: u32, o: LoadOptions) -> Result<ExitCode> {
    let base = format!("http://127.0.0.1:{port}");
    let client =
        reqwest::Client::builder().pool_max_idle_per_host(o.connections).timeout(Duration::from_secs(20)).build()?;
    // Wait for the server.
    let start = Instant::now();
    loop {
        if client.get(format!("{base}/api/health")).send().await.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            bail!("marsad serve did not answer on port {port}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The workload: real story ids, and queries made from their headlines.
    let mut ids: Vec<String> = Vec::new();
    let mut queries: Vec<String> = Vec::new();
    for sort in ["size", "recent", "growth"] {
        let body = client.get(format!("{base}/api/stories?sort={sort}&limit=100")).send().await?.bytes().await?;
        let v: Value = serde_json::from_slice(&body)?;
        for s in v["stories"].as_array().into_iter().flatten() {
            ids.push(s["id"].as_str().unwrap_or_default().to_string());
            let words: Vec<&str> = s["headline"]
                .as_str()
                .unwrap_or_default()
                .split_whitespace()
                .filter(|w| w.chars().count() > 3)
                .collect();
            if let Some(w) = words.first() {
                queries.push(w.to_string());
            }
            if words.len() >= 2 {
                queries.push(format!("{} {}", words[0], words[1]));
                queries.push(format!("\"{} {}\"", words[0], words[1]));
            }
        }
    }
    if ids.is_empty() || queries.is_empty() {
        bail!("the store has no stories to load-test with; ingest something first");
    }
    let mut urls: Vec<(usize, String)> = Vec::new();
    let kinds: Vec<(&str, usize)> = if o.stories_only { vec![("api_stories", 1)] } else { MIX.to_vec() };
    let mut n = 0usize;
    while urls.len() < 20_000 {
        for (k, (kind, weight)) in kinds.iter().enumerate() {
            for _ in 0..*weight {
                n += 1;
                let id = &ids[n % ids.len()];
                let q = enc(&queries[n % queries.len()]);
                let url = match *kind {
                    "api_stories" => {
                        let sort = ["recent", "size", "growth"][n % 3];
                        format!("{base}/api/stories?sort={sort}&limit=20&cursor=o{}", (n % 5) * 20)
                    }
                    "story_page" => format!("{base}/story/{id}"),
                    "api_story" => format!("{base}/api/stories/{id}"),
                    "api_search" => format!("{base}/api/search?q={q}&limit=10"),
                    _ => format!("{base}/search?q={q}"),
                };
                urls.push((k, url));
            }
        }
    }
    let urls = Arc::new(urls);
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(o.seconds);
    let rss_start = rss_mb(pid);
    let sampler = tokio::spawn(async move {
        let mut samples = Vec::new();
        while Instant::now() < deadline {
            samples.push(rss_mb(pid));
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        samples
    });
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..o.connections.max(1) {
        let (client, urls, next) = (client.clone(), urls.clone(), next.clone());
        let nk = kinds.len();
        tasks.push(tokio::spawn(async move {
            let mut lat: Vec<Vec<u32>> = vec![Vec::new(); nk];
            let mut errors: Vec<usize> = vec![0; nk];
            let mut bytes = 0u64;
            while Instant::now() < deadline {
                let (k, url) = &urls[next.fetch_add(1, Ordering::Relaxed) % urls.len()];
                let t = Instant::now();
                let ok = match client.get(url).send().await {
                    Ok(r) if r.status().is_success() => match r.bytes().await {
                        Ok(b) => {
                            bytes += b.len() as u64;
                            true
                        }
                        Err(_) => false,
                    },
                    _ => false,
                };
                lat[*k].push(t.elapsed().as_micros().min(u32::MAX as u128) as u32);
                if !ok {
                    errors[*k] += 1;
                }
            }
            (lat, errors, bytes)
        }));
    }
    let mut lat: Vec<Vec<u32>> = vec![Vec::new(); kinds.len()];
    let mut errors = vec![0usize; kinds.len()];
    let mut bytes = 0u64;
    for t in tasks {
        let (l, e, b) = t.await?;
        for k in 0..kinds.len() {
            lat[k].extend(&l[k]);
            errors[k] += e[k];
        }
        bytes += b;
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let samples = sampler.await.unwrap_or_default();
    let rss_end = rss_mb(pid);
    let file_mapped_end = status_mb(pid, "RssFile:");
    let mut all: Vec<u32> = lat.iter().flatten().copied().collect();
    all.sort_unstable();
    let total = all.len();
    let total_errors: usize = errors.iter().sum();
    let mut per_kind = serde_json::Map::new();
    for (k, (kind, _)) in kinds.iter().enumerate() {
        let l = &mut lat[k];
        l.sort_unstable();
        per_kind.insert(
            kind.to_string(),
            json!({
                "requests": l.len(),
                "errors": errors[k],
                "per_s": l.len() as f64 / elapsed,
                "p50_ms": percentile(l, 0.5),
                "p99_ms": percentile(l, 0.99),
                "max_ms": percentile(l, 1.0),
            }),
        );
    }
    let rss_max = samples.iter().copied().fold(rss_end, f64::max);
    // Memory over the run: the first and second halves' peaks, to show
    // whether it keeps growing.
    let half = samples.len() / 2;
    let peak = |s: &[f64]| s.iter().copied().fold(0.0, f64::max);
    let out = json!({
        "seconds": elapsed,
        "connections": o.connections,
        "requests": total,
        "requests_per_s": total as f64 / elapsed,
        "errors": total_errors,
        "p50_ms": percentile(&all, 0.5),
        "p99_ms": percentile(&all, 0.99),
        "max_ms": percentile(&all, 1.0),
        "mb_received": bytes as f64 / 1e6,
        "server_private_rss_mb": { "start": rss_start, "end": rss_end, "max": rss_max,
                           "peak_first_half": peak(&samples[..half]), "peak_second_half": peak(&samples[half..]),
                           "file_mapped_end": file_mapped_end },
        "per_kind": per_kind,
        "stories_used": ids.len(),
        "queries_used": queries.len(),
    });
    if o.json {
        println!("{out}");
    } else {
        println!(
            "{total} requests in {elapsed:.1} s with {} in flight → {:.0} req/s, {total_errors} errors; p50 {:.2} ms, p99 {:.2} ms",
            o.connections,
            total as f64 / elapsed,
            percentile(&all, 0.5),
            percentile(&all, 0.99)
        );
        for (kind, v) in &per_kind {
            println!(
                "  {kind:<12} {:>7} req  {:>7.0}/s  errors {:<4} p50 {:>7.2} ms  p99 {:>7.2} ms",
                v["requests"],
                v["per_s"].as_f64().unwrap_or(0.0),
                v["errors"],
                v["p50_ms"].as_f64().unwrap_or(0.0),
                v["p99_ms"].as_f64().unwrap_or(0.0)
            );
        }
        println!(
            "server memory (private RSS): {:.0} MB at start, {:.0} MB max, {:.0} MB at end (peaks: first half {:.0}, second half {:.0}); \
file pages mapped at end: {:.0} MB",
            rss_start,
            rss_max,
            rss_end,
            peak(&samples[..half]),
            peak(&samples[half..]),
            file_mapped_end
        );
    }
    Ok(if total_errors == 0 { ExitCode::SUCCESS } else { ExitCode::from(3) })
}
