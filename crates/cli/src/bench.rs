//! `marsad bench …`: throughput figures.

use crate::eval::{load_articles, texts_by_url};
use anyhow::{bail, Result};
use std::path::PathBuf;
use std::process::ExitCode;

/// `marsad bench` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum BenchCommand {
    /// Search latency on the store in --data-dir: queries made from stored
    /// titles (first words, every Nth article), collapsed as the UI shows them.
    Search {
        /// Number of queries.
        #[arg(long, default_value_t = 500)]
        queries: usize,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// The whole pipeline into a fresh temporary store: read → extract and
    /// clean → store → analyse (entities, time expressions, quotes) →
    /// near-duplicates and stories → search index. `--json` prints
    /// `articles`, `seconds`, `articles_per_s`, `mb_per_s`, `peak_rss_mb`
    /// (file pages mapped in included), `peak_private_mb` (heap only,
    /// sampled every 20 ms), `stages` and the peaks per stage.
    Pipeline {
        /// Corpus paths (SaudiNewsNet zips, directories, …).
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// Skip the analysis stage.
        #[arg(long)]
        no_analyze: bool,
        /// Replay the corpus this many times in all (cost growth): each
        /// replay shifts every date by 40 days per round, gives every URL a
        /// new path and drops words and the last paragraph, so replays are
        /// near-duplicates of the originals, not exact copies.
        #[arg(long, default_value_t = 1)]
        replicate: u32,
        /// Feed the replays one round after another, each followed by the
        /// stages (stories updated incrementally), instead of storing them
        /// all first and building once. The peak RSS then includes the
        /// corpus held in memory to make the replays from, and heap kept
        /// between rounds; one `marsad ingest` per file is the measure of
        /// the incremental path's memory.
        #[arg(long)]
        stream: bool,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Near-duplicate candidates alone, as datasketch's MinHash LSH does
    /// them: body text → normalised word shingles → MinHash signatures →
    /// LSH insert and query, counting candidate pairs. `--json` prints
    /// `articles`, `seconds_signatures`, `seconds_lsh`, `seconds`,
    /// `articles_per_s`, `candidate_pairs`.
    Dedup {
        /// Corpus paths (SaudiNewsNet zips, directories, …).
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// The server under load: starts `marsad serve` on --data-dir and keeps
    /// requests in flight for a while, mixing story lists, story pages and
    /// searches; reports requests/s, errors, latency per kind and the
    /// server's memory. Exit code 3 when any request failed.
    Serve {
        /// Seconds of load.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Requests in flight.
        #[arg(long, default_value_t = 16)]
        connections: usize,
        /// Only `GET /api/stories` (the story-list throughput figure).
        #[arg(long)]
        stories_only: bool,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Normalise + tokenise + stem over the corpus text (title and body);
    /// `--json` prints `bytes`, `seconds`, `mb_per_s` among others.
    Text {
        /// Corpus paths (SaudiNewsNet zips, directories, …).
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// Passes over the text (the best is reported).
        #[arg(long, default_value_t = 3)]
        passes: usize,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
}

/// A memory figure of this process from `/proc/self/status` (`VmHWM:`,
/// `RssAnon:`…), in MB (Linux; 0 elsewhere).
fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Peak resident memory of this process so far, in MB (Linux; 0 elsewhere).
pub fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

/// Replay `a` for round `k`: dates shifted by 40·k days, a new URL path,
/// every (11+k)-th word and the last of several paragraphs dropped.
fn replay(a: &marsad_model::Article, k: u32) -> marsad_model::Article {
    let mut b = a.clone();
    let shift = chrono::Duration::days(40 * k as i64);
    b.published_at = b.published_at.map(|t| t + shift);
    b.fetched_at = b.fetched_at.map(|t| t + shift);
    b.modified_at = b.modified_at.map(|t| t + shift);
    b.url = b.url.as_ref().map(|u| format!("{}/replay-{k}", u.trim_end_matches('/')));
    if b.body.len() > 2 {
        b.body.pop();
    }
    let every = 11 + k as usize;
    for p in &mut b.body {
        let words: Vec<&str> = p.text.split_whitespace().collect();
        p.text = words
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + 1) % every != 0)
            .map(|(_, w)| *w)
            .collect::<Vec<_>>()
            .join(" ");
    }
    b.assign_id();
    b
}

/// This process's private (anonymous) resident memory now, in MB: the heap
/// and stacks, without file pages mapped in (the search index's segments,
/// which the kernel can drop at will).
fn private_rss_mb() -> f64 {
    status_mb("RssAnon:")
}

/// The kernel keeps no peak of private memory, so a thread samples it every
/// 20 ms; [`PrivatePeak::take`] returns the highest seen since the last take.
struct PrivatePeak {
    peak_kb: std::sync::Arc<std::sync::atomic::AtomicU64>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl PrivatePeak {
    fn start() -> PrivatePeak {
        use std::sync::atomic::Ordering;
        let peak_kb = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (p, s) = (peak_kb.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                p.fetch_max((private_rss_mb() * 1024.0) as u64, Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        });
        PrivatePeak { peak_kb, stop }
    }

    /// The peak since the last take, and the private memory now.
    fn take(&self) -> (f64, f64) {
        let now = (private_rss_mb() * 1024.0) as u64;
        let peak = self.peak_kb.swap(now, std::sync::atomic::Ordering::Relaxed).max(now);
        (peak as f64 / 1024.0, now as f64 / 1024.0)
    }
}

impl Drop for PrivatePeak {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Reset this process's peak RSS (Linux: `/proc/self/clear_refs`), so the
/// next [`peak_rss_mb`] is the peak of what ran since.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn pipeline(corpus: &[PathBuf], analyze: bool, rounds: u32, stream: bool, json: bool) -> Result<ExitCode> {
    use std::time::Instant;
    let mut stage_peaks = serde_json::Map::new();
    let mut stage_private = serde_json::Map::new();
    let mut stage_end_private = serde_json::Map::new();
    let mut overall_peak: f64 = 0.0;
    let mut overall_private: f64 = 0.0;
    let mut stages = serde_json::Map::new();
    let private = PrivatePeak::start();
    // Stage times add up over rounds; a stage's peak is the highest seen.
    let mut end_stage = |name: &str, secs: f64| {
        let p = peak_rss_mb();
        overall_peak = overall_peak.max(p);
        let prev_peak = stage_peaks.get(name).and_then(|v| v.as_f64()).unwrap_or(0.0);
        stage_peaks.insert(name.into(), prev_peak.max(p).into());
        let (q, now) = private.take();
        overall_private = overall_private.max(q);
        stage_end_private.insert(name.into(), now.into());
        let prev_q = stage_private.get(name).and_then(|v| v.as_f64()).unwrap_or(0.0);
        stage_private.insert(name.into(), prev_q.max(q).into());
        let prev = stages.get(name).and_then(|v| v.as_f64()).unwrap_or(0.0);
        stages.insert(name.into(), (prev + secs).into());
        reset_peak_rss();
    };
    let dir = std::env::temp_dir().join(format!("marsad-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let started = Instant::now();
    let t = Instant::now();
    let s = crate::ingest::ingest_paths(&dir, corpus, &marsad_extract::dump::ReadOptions::default(), true)?;
    end_stage("read_extract_store", t.elapsed().as_secs_f64());
    // The originals' ids only: each replay reads them back from the store a
    // chunk at a time, so the harness holds no corpus of its own.
    let originals: Vec<String> = if rounds > 1 {
        marsad_store::Store::open(&dir)?.article_times()?.into_iter().map(|(id, _)| id).collect()
    } else {
        Vec::new()
    };
    let mut replayed = 0u64;
    let (mut learned, mut analyzed_n, mut indexed) = (0, 0u64, 0u64);
    let mut st = None;
    // One-shot: every replay is stored first, then each stage runs once over
    // everything. Stream: the corpus, then one replay after another, each
    // followed by the stages (stories updated, not rebuilt), as a growing
    // corpus is fed.
    let batches: Vec<Vec<u32>> =
        if stream { (0..rounds).map(|k| vec![k]).collect() } else { vec![(0..rounds).collect()] };
    for ks in batches {
        let t = Instant::now();
        let mut added_now = false;
        for &k in ks.iter().filter(|&&k| k > 0) {
            let mut store = marsad_store::Store::open(&dir)?;
            for chunk in originals.chunks(2000) {
                let mut batch = Vec::with_capacity(chunk.len());
                for id in chunk {
                    if let Some(a) = store.get(id)? {
                        batch.push(replay(&a, k));
                    }
                }
                replayed += store.insert_batch(&batch)?.added as u64;
            }
            added_now = true;
        }
        if added_now {
            end_stage("replay", t.elapsed().as_secs_f64());
        }
        let t = Instant::now();
        learned += crate::pipeline::apply_learned_boilerplate(&dir)?;
        end_stage("learned_boilerplate", t.elapsed().as_secs_f64());
        if analyze {
            let t = Instant::now();
            analyzed_n += crate::pipeline::analyze_pending(&dir)?;
            end_stage("analyze", t.elapsed().as_secs_f64());
        }
        let t = Instant::now();
        st = Some(if stream { crate::serve::update_stories(&dir)? } else { crate::serve::rebuild_stories(&dir)? });
        end_stage("stories", t.elapsed().as_secs_f64());
        let t = Instant::now();
        let mut store = marsad_store::Store::open(&dir)?;
        let idx = store.search_index()?;
        indexed += store.sync_index(&idx)?;
        drop(idx);
        end_stage("search_index", t.elapsed().as_secs_f64());
    }
    drop(originals);
    let st = st.expect("at least one round");
    let mut analyzed = serde_json::Map::new();
    if analyze {
        let store = marsad_store::Store::open(&dir)?;
        let secs = stages.get("analyze").and_then(|v| v.as_f64()).unwrap_or(0.0);
        analyzed.insert("articles".into(), analyzed_n.into());
        analyzed.insert("entity_article_pairs".into(), store.entity_mention_count()?.into());
        analyzed.insert("quotes".into(), store.quote_count()?.into());
        analyzed.insert("articles_per_s".into(), (analyzed_n as f64 / secs.max(1e-9)).into());
    }
    let stories_now = marsad_store::Store::open(&dir)?.story_count()?;
    let seconds = started.elapsed().as_secs_f64();
    let articles = s.added + s.already_present + replayed;
    let out = serde_json::json!({
        "articles": articles,
        "records_read": s.read,
        "replicate": rounds,
        "replayed": replayed,
        "rejected": s.rejected,
        "input_mb": s.bytes as f64 / 1e6,
        "seconds": seconds,
        "articles_per_s": articles as f64 / seconds,
        "mb_per_s": s.bytes as f64 / 1e6 / seconds,
        "peak_rss_mb": overall_peak,
        "stages": stages,
        "stage_peak_rss_mb": stage_peaks,
        "peak_private_mb": overall_private,
        "stage_peak_private_mb": stage_private,
        "stage_end_private_mb": stage_end_private,
        "stories": stories_now,
        "story_mode": if stream { "stream" } else { "one_shot" },
        "dup_groups": st.dup_groups,
        "indexed": indexed,
        "learned_boilerplate_articles": learned,
        "analysis": analyzed,
    });
    let _ = std::fs::remove_dir_all(&dir);
    if json {
        println!("{out}");
    } else {
        println!(
            "{} articles in {:.1} s → {:.0} articles/s, peak RSS {:.0} MB (private {:.0} MB)",
            articles,
            seconds,
            articles as f64 / seconds,
            overall_peak,
            out["peak_private_mb"].as_f64().unwrap_or(0.0)
        );
        for (k, v) in out["stages"].as_object().into_iter().flatten() {
            println!(
                "  {k:<20} {:.2} s, peak RSS {:.0} MB (private {:.0} MB)",
                v.as_f64().unwrap_or(0.0),
                out["stage_peak_rss_mb"][k].as_f64().unwrap_or(0.0),
                out["stage_peak_private_mb"][k].as_f64().unwrap_or(0.0)
            );
        }
        println!("  {} stories, {} indexed", stories_now, indexed);
        if !analyzed.is_empty() {
            println!("  analysis: {}", serde_json::Value::Object(analyzed));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Run a benchmark.
pub fn run(cmd: BenchCommand, data_dir: &std::path::Path) -> Result<ExitCode> {
    match cmd {
        BenchCommand::Search { queries, json } => bench_search(data_dir, queries, json),
        BenchCommand::Dedup { corpus, json } => bench_dedup(&corpus, json),
        BenchCommand::Serve { seconds, connections, stories_only, json } => {
            crate::load::run(data_dir, crate::load::LoadOptions { seconds, connections, stories_only, json })
        }
        BenchCommand::Pipeline { corpus, no_analyze, replicate, stream, json } => {
            pipeline(&corpus, !no_analyze, replicate.max(1), stream, json)
        }
        BenchCommand::Text { corpus, passes, json } => {
            let (articles, _) = load_articles(&corpus);
            if articles.is_empty() {
                bail!("no articles read from the corpus paths");
            }
            let texts = texts_by_url(&articles);
            let mut best: Option<marsad_arabic::bench::TextBenchStats> = None;
            for _ in 0..passes.max(1) {
                let s = marsad_arabic::bench::bench_text(texts.iter().map(|(_, t)| t.as_str()));
                if best.as_ref().is_none_or(|b| s.seconds < b.seconds) {
                    best = Some(s);
                }
            }
            let s = best.expect("at least one pass");
            if json {
                println!("{}", s.to_json());
            } else {
                println!(
                    "{} documents, {:.1} MB, {} tokens ({} words, {} stopwords): {:.3} s → {:.1} MB/s (one core; best of {passes})",
                    s.docs,
                    s.bytes as f64 / 1e6,
                    s.tokens,
                    s.words,
                    s.stopwords,
                    s.seconds,
                    s.mb_per_s
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn bench_dedup(corpus: &[PathBuf], json: bool) -> Result<ExitCode> {
    use marsad_stories::features::SHINGLE_WORDS;
    use marsad_stories::minhash::{hash_str, shingles, signature, LshIndex, BANDS, NUM_HASHES};
    let (articles, _) = load_articles(corpus);
    if articles.is_empty() {
        bail!("no articles read from the corpus paths");
    }
    let bodies: Vec<String> = articles.iter().map(|a| a.body_text()).collect();
    let mb = bodies.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    drop(articles);
    let analyzer = marsad_arabic::analyzer::Analyzer::default();
    let t = std::time::Instant::now();
    let mut n_shingles = 0usize;
    let sigs: Vec<Option<marsad_stories::minhash::Signature>> = bodies
        .iter()
        .map(|b| {
            let mut toks = Vec::new();
            analyzer.analyze_with(b, |tk| toks.push(hash_str(tk.normalized)));
            let sh = shingles(&toks, SHINGLE_WORDS);
            n_shingles += sh.len();
            (!sh.is_empty()).then(|| signature(&sh))
        })
        .collect();
    let t_sig = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let mut lsh = LshIndex::new();
    for (i, s) in sigs.iter().enumerate() {
        if let Some(s) = s {
            lsh.insert(i as u32, s);
        }
    }
    let mut pairs = 0usize;
    for (i, s) in sigs.iter().enumerate() {
        if let Some(s) = s {
            pairs += lsh.candidates(s).into_iter().filter(|&j| (j as usize) > i).count();
        }
    }
    let t_lsh = t.elapsed().as_secs_f64();
    let seconds = t_sig + t_lsh;
    let out = serde_json::json!({
        "articles": bodies.len(),
        "mb": mb,
        "shingles": n_shingles,
        "num_hashes": NUM_HASHES,
        "bands": BANDS,
        "shingle_words": SHINGLE_WORDS,
        "seconds_signatures": t_sig,
        "seconds_lsh": t_lsh,
        "seconds": seconds,
        "articles_per_s": bodies.len() as f64 / seconds,
        "candidate_pairs": pairs,
    });
    if json {
        println!("{out}");
    } else {
        println!(
            "{} articles ({mb:.1} MB of body text): signatures {t_sig:.2} s ({NUM_HASHES} hashes over {SHINGLE_WORDS}-word shingles), \
LSH insert + query {t_lsh:.2} s ({BANDS} bands) → {:.0} articles/s, {pairs} candidate pairs (one core)",
            bodies.len(),
            bodies.len() as f64 / seconds
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn bench_search(data_dir: &std::path::Path, n: usize, json: bool) -> Result<ExitCode> {
    let mut store = marsad_store::Store::open(data_dir)?;
    let idx = store.search_index()?;
    store.sync_index(&idx)?;
    let total = store.count()? as usize;
    if total == 0 {
        bail!("the store in {} is empty", data_dir.display());
    }
    let step = (total / n.max(1)).max(1);
    let mut queries: Vec<String> = Vec::new();
    let mut i = 0usize;
    store.for_each(&marsad_store::Filter::default(), |a| {
        if i % step == 0 && queries.len() < n {
            // Varied shapes: 1–4 words, every fifth one as a phrase.
            let words: Vec<&str> = a.title.split_whitespace().filter(|w| w.chars().count() > 2).collect();
            let k = 1 + queries.len() % 4;
            let q = words.iter().take(k).copied().collect::<Vec<_>>().join(" ");
            if !q.is_empty() {
                queries.push(if queries.len() % 5 == 4 { format!("\"{q}\"") } else { q });
            }
        }
        i += 1;
        true
    })?;
    let mut lat: Vec<f64> = Vec::with_capacity(queries.len());
    let mut errors = 0;
    for q in &queries {
        let t = std::time::Instant::now();
        let sq = marsad_store::SearchQuery { text: q.clone(), limit: 500, ..Default::default() };
        if store.search_reports(&idx, &sq, 10).is_err() {
            errors += 1;
        }
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    lat.sort_by(f64::total_cmp);
    let pct = |p: f64| lat.get(((lat.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0);
    let out = serde_json::json!({
        "queries": lat.len(), "errors": errors, "documents": idx.num_docs(),
        "p50_ms": pct(0.5), "p90_ms": pct(0.9), "p99_ms": pct(0.99), "max_ms": pct(1.0),
    });
    if json {
        println!("{out}");
    } else {
        println!(
            "{} queries over {} documents: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} errors)",
            lat.len(),
            idx.num_docs(),
            pct(0.5),
            pct(0.9),
            pct(0.99),
            pct(1.0),
            errors
        );
    }
    Ok(ExitCode::SUCCESS)
}
