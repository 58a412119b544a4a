//! `marsad bench …`: throughput figures.

use crate::eval::{load_articles, texts_by_url};
use anyhow::{bail, Result};
use std::path::PathBuf;
use std::process::ExitCode;

/// `marsad bench` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum BenchCommand {
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

/// Run a benchmark.
pub fn run(cmd: BenchCommand) -> Result<ExitCode> {
    match cmd {
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
