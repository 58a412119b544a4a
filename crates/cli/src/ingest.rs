//! `marsad ingest`: files in, articles stored, a summary out.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use marsad_extract::dump::{list_inputs, read_path, Event, ReadOptions};
use marsad_extract::{RejectKind, Rejection};
use marsad_model::Article;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Articles per store transaction.
const BATCH: usize = 2000;
/// Exit code when some input was rejected (the rest was stored).
pub const EXIT_REJECTED: u8 = 3;

/// Arguments of `marsad ingest`.
#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Files or directories (searched recursively).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print the summary as one JSON object on stdout.
    #[arg(long)]
    json: bool,
    /// Source name for pages that carry none (aggregator text).
    #[arg(long, default_value = "aggregator")]
    source: String,
    /// The page's URL, for a single HTML page (its id and links depend on it).
    #[arg(long)]
    url: Option<String>,
    /// Suppress the progress display.
    #[arg(long, short)]
    quiet: bool,
    /// Do not rebuild the story map after adding articles.
    #[arg(long)]
    no_stories: bool,
    /// Do not strip per-source boilerplate learned from the stored corpus.
    #[arg(long)]
    no_learned_boilerplate: bool,
    /// Do not analyse new articles (entities, times, quotes) now.
    #[arg(long)]
    no_analyze: bool,
    /// Do not update the search index (`marsad search` catches up later).
    #[arg(long)]
    no_index: bool,
}

/// The ingest summary (`--json` prints it).
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Records read (articles and rejected records alike).
    pub read: u64,
    /// Newly stored articles.
    pub added: u64,
    /// Articles already in the store (or repeated in the input).
    pub already_present: u64,
    /// Records or files rejected.
    pub rejected: u64,
    /// Rejections per kind.
    pub rejected_by_kind: BTreeMap<String, u64>,
    /// The first rejections, with file, record and message.
    pub rejections: Vec<RejectionView>,
    /// Input files read.
    pub files: u64,
    /// Articles with no date at all: the ingest time was used.
    pub undated: u64,
    /// Input bytes read (on disk).
    pub bytes: u64,
    /// Wall time of reading and storing.
    pub seconds: f64,
    /// Articles from which learned per-source boilerplate was removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned_boilerplate: Option<u64>,
    /// Articles analysed (entities, time expressions, quotes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyzed: Option<u64>,
    /// Seconds spent analysing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_analyze: Option<f64>,
    /// Entities that count, across the store, as another (a person's short
    /// name joined to the full one, another spelling of a person's name, a
    /// name's stray reading as another kind), after the analysis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persons_joined: Option<u64>,
    /// (Article, entity) rows where a family name written alone was read
    /// as the person the article's company points to, after the analysis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lone_names_read: Option<u64>,
    /// Articles added to the search index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indexed: Option<u64>,
    /// Seconds spent indexing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_index: Option<f64>,
    /// The story rebuild that followed, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stories: Option<crate::serve::StoriesSummary>,
}

/// One rejection, for the summary.
#[derive(Debug, Serialize)]
pub struct RejectionView {
    file: String,
    record: Option<String>,
    kind: &'static str,
    message: String,
}

const MAX_LISTED: usize = 100;

impl Summary {
    fn reject(&mut self, r: Rejection) {
        self.read += 1;
        self.rejected += 1;
        *self.rejected_by_kind.entry(r.kind.label().to_string()).or_default() += 1;
        if self.rejections.len() < MAX_LISTED {
            self.rejections.push(RejectionView {
                file: r.file,
                record: r.locator,
                kind: r.kind.label(),
                message: r.message,
            });
        }
    }
}

enum Progress {
    Bar(ProgressBar),
    Lines { last: Instant, total: u64 },
    Quiet,
}

impl Progress {
    fn new(total: u64, quiet: bool) -> Progress {
        if quiet {
            Progress::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}")
                    .expect("valid template"),
            );
            Progress::Bar(bar)
        } else {
            Progress::Lines { last: Instant::now(), total }
        }
    }

    fn update(&mut self, bytes: u64, s: &Summary) {
        match self {
            Progress::Bar(b) => {
                b.set_position(bytes);
                b.set_message(format!("{} records", s.read));
            }
            Progress::Lines { last, total } => {
                if last.elapsed() >= Duration::from_secs(2) {
                    *last = Instant::now();
                    eprintln!("ingest: {} / {} bytes, {} records read", bytes, total, s.read);
                }
            }
            Progress::Quiet => {}
        }
    }

    fn finish(&self) {
        if let Progress::Bar(b) = self {
            b.finish_and_clear();
        }
    }
}

/// Read everything under `paths` into the store in `data_dir`.
pub fn ingest_paths(data_dir: &Path, paths: &[PathBuf], opts: &ReadOptions, quiet: bool) -> Result<Summary> {
    let started = Instant::now();
    let mut store = crate::datadir::open_store(data_dir)?;
    let inputs = list_inputs(paths);
    let total: u64 = inputs.iter().filter_map(|(_, r)| r.as_ref().ok()).sum();
    let mut summary = Summary::default();
    let ingest_time = chrono::Utc::now();
    let mut progress = Progress::new(total, quiet);

    // Reading and parsing run here; a writer thread commits batches, so the
    // two cores overlap parsing with SQLite.
    let (tx, rx) = mpsc::sync_channel::<Vec<Article>>(4);
    let writer = std::thread::spawn(move || -> Result<(u64, u64)> {
        let (mut added, mut present) = (0u64, 0u64);
        for batch in rx {
            let o = store.insert_batch(&batch)?;
            added += o.added as u64;
            present += o.already_present as u64;
        }
        Ok((added, present))
    });

    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let mut bytes_done = 0u64;
    let mut send_failed = false;
    for (path, meta) in inputs {
        if let Err(e) = meta {
            summary.reject(Rejection {
                file: path.display().to_string(),
                locator: None,
                kind: RejectKind::Io,
                message: e,
            });
            continue;
        }
        summary.files += 1;
        read_path(&path, opts, &mut |ev| match ev {
            Event::Record(r) => match *r {
                Ok(mut a) => {
                    summary.read += 1;
                    if a.effective_time().is_none() {
                        // No date anywhere: place it at ingest time, and say so.
                        a.fetched_at = Some(ingest_time);
                        summary.undated += 1;
                    }
                    batch.push(a);
                    if batch.len() >= BATCH && !send_failed {
                        send_failed = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err();
                    }
                }
                Err(r) => summary.reject(r),
            },
            Event::Progress(n) => {
                bytes_done += n;
                progress.update(bytes_done, &summary);
            }
        });
        if send_failed {
            break;
        }
    }
    if !batch.is_empty() && !send_failed {
        let _ = tx.send(batch);
    }
    drop(tx);
    progress.finish();
    let (added, present) = writer.join().map_err(|_| anyhow::anyhow!("the store writer thread panicked"))??;
    summary.added = added;
    summary.already_present = present;
    summary.bytes = bytes_done;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The steps that follow storing new articles.
#[derive(Debug, Clone, Copy)]
pub struct Steps {
    /// Strip per-source boilerplate learned from the stored corpus.
    pub learned_boilerplate: bool,
    /// Analyse articles without an analysis.
    pub analyze: bool,
    /// Rebuild the story map.
    pub stories: bool,
    /// Sync the search index.
    pub index: bool,
}

impl Steps {
    /// Every step.
    pub const ALL: Steps = Steps { learned_boilerplate: true, analyze: true, stories: true, index: true };
}

/// After storing: learned boilerplate, analysis, story map and search index,
/// each recorded in `summary`.
pub fn finish_ingest(data_dir: &Path, summary: &mut Summary, steps: Steps) -> Result<()> {
    if summary.added > 0 && steps.learned_boilerplate {
        summary.learned_boilerplate = Some(crate::pipeline::apply_learned_boilerplate(data_dir)? as u64);
    }
    // Analysis and the search index catch up on whatever is pending, not
    // only on what this run added: a run killed after storing its articles
    // but before (or while) analysing or indexing them left them pending, and
    // re-running the ingest (which then adds nothing) must complete the job.
    if steps.analyze {
        let t = Instant::now();
        let n = crate::pipeline::analyze_pending(data_dir)?;
        if n > 0 || summary.added > 0 {
            summary.analyzed = Some(n);
            summary.seconds_analyze = Some(t.elapsed().as_secs_f64());
            let (joined, read) = crate::datadir::open_store(data_dir)?.entity_merge_counts()?;
            summary.persons_joined = Some(joined);
            summary.lone_names_read = Some(read);
        }
    }
    // Likewise the story map: updated when articles were added, or when a
    // killed run left stored articles outside it.
    if steps.stories && (summary.added > 0 || crate::datadir::open_store(data_dir)?.story_map_stale()?) {
        summary.stories = Some(crate::serve::update_stories(data_dir)?);
    }
    if steps.index {
        let t = Instant::now();
        let mut store = crate::datadir::open_store(data_dir)?;
        let idx = store.search_index()?;
        let n = store.sync_index(&idx)?;
        if n > 0 || summary.added > 0 {
            summary.indexed = Some(n);
            summary.seconds_index = Some(t.elapsed().as_secs_f64());
        }
    }
    Ok(())
}

/// `marsad ingest`.
pub fn run(data_dir: &Path, args: IngestArgs) -> Result<ExitCode> {
    let opts = ReadOptions { default_source: args.source.clone(), url: args.url.clone() };
    let mut summary = ingest_paths(data_dir, &args.paths, &opts, args.quiet)?;
    let steps = Steps {
        learned_boilerplate: !args.no_learned_boilerplate,
        analyze: !args.no_analyze,
        stories: !args.no_stories,
        index: !args.no_index,
    };
    finish_ingest(data_dir, &mut summary, steps)?;
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else {
        print_summary(&summary, args.quiet);
    }
    Ok(if summary.rejected > 0 { ExitCode::from(EXIT_REJECTED) } else { ExitCode::SUCCESS })
}

fn print_summary(s: &Summary, quiet: bool) {
    let listed = if quiet { 0 } else { 20 };
    for r in s.rejections.iter().take(listed) {
        let loc = r.record.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
        eprintln!("rejected: {}{}: {}: {}", r.file, loc, r.kind, r.message);
    }
    if s.rejected as usize > s.rejections.len().min(listed) {
        eprintln!(
            "… {} more rejections (use --json for the first {MAX_LISTED})",
            s.rejected as usize - s.rejections.len().min(listed)
        );
    }
    println!(
        "read {} records from {} files ({:.1} MB) in {:.2} s: {} added, {} already present, {} rejected",
        s.read,
        s.files,
        s.bytes as f64 / 1e6,
        s.seconds,
        s.added,
        s.already_present,
        s.rejected
    );
    for (k, n) in &s.rejected_by_kind {
        println!("  rejected {k}: {n}");
    }
    if let Some(n) = s.learned_boilerplate {
        println!("learned boilerplate removed from {n} articles");
    }
    if let (Some(n), Some(t)) = (s.analyzed, s.seconds_analyze) {
        println!("analysis: {n} articles (entities, time expressions, quotes) in {t:.2} s");
        if let Some(j) = s.persons_joined.filter(|&j| j > 0) {
            println!("  {j} entities joined to another across articles (a person's short or full name, another spelling, a stray kind)");
        }
        if let Some(j) = s.lone_names_read.filter(|&j| j > 0) {
            println!("  {j} family names written alone read as the person their article's company points to");
        }
    }
    if let (Some(n), Some(t)) = (s.indexed, s.seconds_index) {
        println!("search index: {n} articles added in {t:.2} s");
    }
    if s.undated > 0 {
        println!("  {} articles carried no date: placed at the ingest time", s.undated);
    }
    if let Some(st) = &s.stories {
        if st.mode == "updated" {
            println!(
                "stories updated: {} new articles placed ({} copies) → {} stories in {:.2} s",
                st.placed, st.copies, st.stories, st.seconds
            );
        } else {
            println!(
                "stories rebuilt: {} articles → {} stories, {} near-duplicate groups in {:.2} s",
                st.articles, st.stories, st.dup_groups, st.seconds
            );
        }
    }
}
