//! `marsad`: the command line of the Arabic news intelligence engine.
//!
//! The binary is thin: each subcommand parses its arguments and calls the
//! library crates (`marsad-extract`, `marsad-store`, …).

/// mimalloc instead of the system allocator: the analysis allocates many
/// small strings and vectors per token, and glibc's malloc and free took a
/// quarter of its time in a profile (`perf record` on `marsad ingest`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod analyze_cmd;
mod bench;
mod crawl_cmd;
mod datadir;
mod eval;
mod eval_coverage;
mod eval_quotes;
mod extract_cmd;
mod ingest;
mod load;
mod ner_cmd;
mod pipeline;
mod search;
mod serve;
mod text;
mod views;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// marsad (مرصد): turn a flood of Arabic news into a clean map of stories.
#[derive(Parser, Debug)]
#[command(name = "marsad", version, about, long_about = None)]
struct Cli {
    /// Data directory holding the store (default: $MARSAD_DATA_DIR, else
    /// $XDG_DATA_HOME/marsad, else ~/.local/share/marsad).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read dumps and pages into the store: SaudiNewsNet zips/JSON, marsad
    /// JSON Lines, aggregator text pages, or directories of them.
    Ingest(ingest::IngestArgs),
    /// Full-text search (Arabic-aware), one hit per report, copies counted.
    Search(search::SearchArgs),
    /// Crawl the sources' feeds and news sitemaps: fetch new articles,
    /// extract, store, analyse; stories and the search index follow.
    Crawl {
        /// The sources file (see sources.example.toml).
        #[arg(long)]
        sources: PathBuf,
        /// One round, then exit (for cron and tests).
        #[arg(long)]
        once: bool,
    },
    /// Health of the crawled sources: last success, last error, counts.
    Sources {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one stored article by id or URL.
    Show {
        /// Article id (16 hex digits) or URL (any spelling).
        key: String,
        /// Print the article as JSON.
        #[arg(long)]
        json: bool,
        /// Print only what cleanup removed, with the reasons.
        #[arg(long)]
        removed: bool,
    },
    /// Counts: articles in total, per source and per day.
    Stats {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Write stored articles as marsad JSON Lines (ingest reads them back).
    Export(views::ExportArgs),
    /// Rebuild the story map (near-duplicates, stories, novelty, related)
    /// of everything in the store.
    Stories {
        /// Rebuild the map from all stored articles first (ingest keeps it
        /// up to date; this is for after changing marsad).
        #[arg(long)]
        rebuild: bool,
        /// Only stories active on or after this day (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Order: recent, size or growth.
        #[arg(long, default_value = "recent")]
        sort: String,
        /// How many stories to list.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one story: its reports, copies, sources, timeline, storyline.
    Story {
        /// Story id (as listed by `marsad stories`).
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve the web UI and JSON API from the store.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// The main job on the bundled samples: ingest → stories → web UI.
    /// Uses a fresh temporary data directory unless --data-dir is given.
    Demo {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Stop after building the stories (no server).
        #[arg(long)]
        no_serve: bool,
    },
    /// Normalise Arabic text from stdin (display, search or loose folding).
    Normalize {
        /// display | search | loose
        #[arg(long, default_value = "search")]
        level: String,
    },
    /// Tokenise text from stdin: one token per line, or JSON with offsets,
    /// normalised form and stem.
    Tokens {
        /// One JSON object per token.
        #[arg(long)]
        json: bool,
    },
    /// Split text from stdin into sentences.
    Sentences {
        /// One JSON object per sentence, with byte offsets.
        #[arg(long)]
        json: bool,
    },
    /// Extract one page (HTML, aggregator text, TREC) without storing it.
    Extract {
        /// The file.
        path: PathBuf,
        /// The page's URL (resolves links, gives the id and source).
        #[arg(long)]
        url: Option<String>,
        /// Print the article as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Learn per-source boilerplate (recurring lines, prefixes, suffixes)
    /// from a corpus and list what was learned and how often it matched.
    Boilerplate {
        /// Corpus paths.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Only this source.
        #[arg(long)]
        source: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The whole analysis of one document (times, quotes, keywords,
    /// repeated statements, entities), without the store.
    Analyze {
        /// An aggregator page or plain text file.
        path: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Quotes and their speakers: from the store (the quote index), or
    /// from a file or directory of text files when PATH is given.
    Quotes {
        /// File or directory to analyse instead of the store.
        path: Option<PathBuf>,
        /// Only quotes whose speaker matches this name.
        #[arg(long)]
        speaker: Option<String>,
        /// At most this many (store only).
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// An entity across the corpus: spellings, articles, mentions per day,
    /// co-occurring entities.
    Entity {
        /// Canonical name, any part of it, or entity id.
        name: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Named entities (canonical) in text from stdin; with --top, the
    /// entities found in most articles of the store, with their other names.
    Entities {
        /// List the store's N most mentioned entities instead of reading stdin.
        #[arg(long, value_name = "N")]
        top: Option<u32>,
        /// With --top: only this kind.
        #[arg(long, requires = "top", value_parser = ["PERS", "LOC", "ORG", "MISC"])]
        kind: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Train models.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Measure throughput.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Print quality figures on labelled data.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
}

#[derive(Subcommand, Debug)]
enum TrainCommand {
    /// Train the named-entity tagger on a CoNLL file (token, BIO tag).
    Ner {
        /// Training data.
        #[arg(long, default_value = "../shared/data/anercorp/train.txt")]
        train: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/analyze/models/ner.bin")]
        out: PathBuf,
        /// Random seed (shuffling).
        #[arg(long, default_value_t = 20250208)]
        seed: u64,
        /// Passes over the data.
        #[arg(long, default_value_t = 15)]
        epochs: usize,
    },
    /// Build the tagger's tag prior: train without a prior, tag unlabelled
    /// articles, write per-word tag counts (run before `train ner`).
    NerPrior {
        /// Training data.
        #[arg(long, default_value = "../shared/data/anercorp/train.txt")]
        train: PathBuf,
        /// Unlabelled articles: dumps, zips, directories.
        #[arg(long, num_args = 1.., default_value = "../shared/data/saudinewsnet")]
        unlabelled: Vec<PathBuf>,
        /// Where to write the table.
        #[arg(long, default_value = "crates/analyze/models/tag-prior.tsv")]
        out: PathBuf,
        /// Random seed (shuffling) of the first stage.
        #[arg(long, default_value_t = 20250208)]
        seed: u64,
        /// Passes over the data in the first stage.
        #[arg(long, default_value_t = 15)]
        epochs: usize,
    },
    /// Count the story stage's background stem frequencies over a corpus
    /// (the table IDF blends in, so small batches weigh words as a large
    /// corpus does).
    BackgroundDf {
        /// Articles: dumps, zips, directories.
        #[arg(num_args = 1.., default_value = "../shared/data/saudinewsnet")]
        corpus: Vec<PathBuf>,
        /// Where to write the table.
        #[arg(long, default_value = "crates/stories/models/background-df.tsv")]
        out: PathBuf,
        /// Leave out stems found in fewer articles than this.
        #[arg(long, default_value_t = 3)]
        min_df: u32,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("MARSAD_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. } | Command::Crawl { .. } | Command::Demo { .. }) {
        stop_quietly_when_the_reader_goes();
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if views::is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("marsad: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// `marsad story X | head`: once `head` has read enough, the next write
/// should end marsad quietly, as it ends `cat` or `grep`, not panic in
/// `println!`. Rust ignores SIGPIPE by default (then every print to a closed
/// pipe is an error); the default action is restored for the commands that
/// print. The server, the crawler and the demo keep it ignored: a client or
/// a site that hangs up must never end them.
fn stop_quietly_when_the_reader_goes() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any
    // other thread runs; no handler is installed.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn done(r: Result<()>) -> Result<ExitCode> {
    r.map(|()| ExitCode::SUCCESS)
}

fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Demo { addr, no_serve } = cli.command {
        return serve::demo_cmd(cli.data_dir, addr, no_serve);
    }
    let data_dir = datadir::resolve(cli.data_dir);
    match cli.command {
        Command::Ingest(args) => ingest::run(&data_dir, args),
        Command::Search(args) => search::run(&data_dir, args),
        Command::Crawl { sources, once } => crawl_cmd::crawl_cmd(&data_dir, &sources, once),
        Command::Sources { json } => crawl_cmd::sources_cmd(&data_dir, json),
        Command::Show { key, json, removed } => views::show(&data_dir, &key, json, removed),
        Command::Stats { json } => views::stats(&data_dir, json),
        Command::Export(args) => views::export(&data_dir, args),
        Command::Eval(cmd) => eval::run(cmd, &data_dir),
        Command::Stories { rebuild, since, sort, limit, json } => {
            serve::stories_cmd(&data_dir, rebuild, since.as_deref(), &sort, limit, json)
        }
        Command::Story { id, json } => serve::story_cmd(&data_dir, &id, json),
        Command::Normalize { level } => {
            text::normalize_cmd(&level, &mut std::io::stdin().lock(), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Tokens { json } => {
            text::tokens_cmd(json, &mut std::io::stdin().lock(), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sentences { json } => {
            text::sentences_cmd(json, &mut std::io::stdin().lock(), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(cmd) => bench::run(cmd, &data_dir),
        Command::Extract { path, url, json } => done(extract_cmd::extract_cmd(&path, url.as_deref(), json)),
        Command::Boilerplate { paths, source, json } => {
            done(extract_cmd::boilerplate_cmd(&paths, source.as_deref(), json))
        }
        Command::Analyze { path, json } => done(analyze_cmd::analyze_cmd(&path, json)),
        Command::Quotes { path: Some(path), speaker, json, .. } => {
            done(analyze_cmd::quotes_cmd(&path, speaker.as_deref(), json))
        }
        Command::Quotes { path: None, speaker, limit, json } => {
            views::quotes(&data_dir, speaker.as_deref(), limit, json)
        }
        Command::Entity { name, json } => views::entity(&data_dir, &name, json),
        Command::Entities { top: Some(n), kind, json } => views::most_mentioned(&data_dir, n, kind.as_deref(), json),
        Command::Entities { top: None, json, .. } => done(ner_cmd::entities_cmd(&mut std::io::stdin().lock(), json)),
        Command::Train(TrainCommand::Ner { train, out, seed, epochs }) => {
            done(ner_cmd::train_ner_cmd(&train, &out, seed, epochs))
        }
        Command::Train(TrainCommand::NerPrior { train, unlabelled, out, seed, epochs }) => {
            done(ner_cmd::train_ner_prior_cmd(&train, &unlabelled, &out, seed, epochs))
        }
        Command::Train(TrainCommand::BackgroundDf { corpus, out, min_df }) => {
            done(eval::background_df_cmd(&corpus, &out, min_df))
        }
        Command::Serve { addr } => serve::serve_cmd(&data_dir, addr),
        Command::Demo { .. } => unreachable!("handled above"),
    }
}
