//! `marsad train ner`, `marsad eval ner`, `marsad entities`, and the
//! printing behind `marsad entity <name>`.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use marsad_analyze::entities::prior::{TagCounts, TagPrior};
use marsad_analyze::entities::{
    cross_validate, cross_validate_two_stage, evaluate_model, extract_entities, read_conll, MentionVia, Scores, Tagger,
    TrainOptions,
};
use std::path::PathBuf;
use std::sync::Arc;

fn read_sentences(path: &Path) -> Result<Vec<marsad_analyze::entities::Sentence>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading CoNLL file {}", path.display()))?;
    let sents = read_conll(&text).with_context(|| format!("parsing {}", path.display()))?;
    if sents.is_empty() {
        bail!("{}: no tagged sentences", path.display());
    }
    Ok(sents)
}

/// `marsad train ner <train.txt> --out <model> [--seed S] [--epochs N]`:
/// train the tagger and write the model file (reproducible given the data,
/// seed and epochs).
pub fn train_ner_cmd(train: &Path, out: &Path, seed: u64, epochs: usize) -> Result<()> {
    let sents = read_sentences(train)?;
    let tokens: usize = sents.iter().map(|s| s.tokens.len()).sum();
    let opts = TrainOptions { epochs, seed, ..TrainOptions::default() };
    let data: Vec<_> = sents.into_iter().map(|s| (s.tokens, s.tags)).collect();
    let started = std::time::Instant::now();
    let mut model = Tagger::train(&data, &opts);
    let name = train.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    model.set_note(format!(
        "averaged structured perceptron trained on {name} ({} sentences, {tokens} tokens), \
         seed {seed}, {epochs} epochs, {} runs averaged, {} feature buckets",
        data.len(),
        opts.runs,
        1u64 << opts.bits
    ));
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("writing model {}", out.display()))?;
    eprintln!(
        "trained on {} sentences / {tokens} tokens in {:.1} s; wrote {} ({:.1} MB)",
        data.len(),
        started.elapsed().as_secs_f64(),
        out.display(),
        bytes.len() as f64 / 1e6
    );
    Ok(())
}

/// Title and body of every article under `paths` (dumps, zips, pages), for
/// the tag prior.
fn unlabelled_texts(paths: &[PathBuf]) -> Result<Vec<String>> {
    let (articles, rejected) = crate::eval::load_articles(paths);
    if articles.is_empty() {
        bail!(
            "no articles could be read from {}",
            paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    eprintln!("{} unlabelled articles read ({rejected} records rejected)", articles.len());
    Ok(articles.iter().map(|a| format!("{}\n{}", a.title, a.body_text())).collect())
}

/// `marsad train ner-prior --train <conll> --unlabelled <dumps…> --out
/// <tsv>`: the first training stage (no prior), then the tag counts of
/// every unlabelled article, written as the tag-prior table.
pub fn train_ner_prior_cmd(train: &Path, unlabelled: &[PathBuf], out: &Path, seed: u64, epochs: usize) -> Result<()> {
    let sents = read_sentences(train)?;
    let texts = unlabelled_texts(unlabelled)?;
    let opts = TrainOptions { epochs, seed, ..TrainOptions::default() };
    let data: Vec<_> = sents.into_iter().map(|s| (s.tokens, s.tags)).collect();
    let started = std::time::Instant::now();
    let first = Tagger::train_with_prior(&data, &opts, Arc::new(TagPrior::empty()));
    let mut counts = TagCounts::new();
    let bytes: usize = texts.iter().map(String::len).sum();
    for t in &texts {
        counts.add_text(&first, t);
    }
    let name = train.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let header = format!(
        "Tag prior: how a first-stage tagger (trained on {name} without a prior, seed {seed}, {epochs} epochs, {} runs averaged)\n\
         tagged each word (Search-normalised, clitic-stripped) in {} unlabelled articles ({:.1} MB).\n\
         Written by `marsad train ner-prior`; words seen fewer than 3 times are left out.",
        opts.runs,
        texts.len(),
        bytes as f64 / 1e6
    );
    let tsv = counts.to_tsv(&header);
    std::fs::write(out, &tsv).with_context(|| format!("writing tag prior {}", out.display()))?;
    eprintln!(
        "counted {} words in {:.1} s; wrote {} ({:.1} MB)",
        counts.len(),
        started.elapsed().as_secs_f64(),
        out.display(),
        tsv.len() as f64 / 1e6
    );
    Ok(())
}

fn print_scores(s: &Scores) {
    println!("{:<6} {:>9} {:>9} {:>9} {:>8}", "type", "precision", "recall", "f1", "support");
    for (k, t) in &s.per_type {
        println!("{:<6} {:>9.4} {:>9.4} {:>9.4} {:>8}", k, t.precision, t.recall, t.f1, t.support);
    }
    println!("{:<6} {:>9.4} {:>9.4} {:>9.4} {:>8}", "micro", s.precision, s.recall, s.f1, s.support);
}

/// `marsad eval ner <conll> [--folds K [--unlabelled <dumps…>]] [--json]`:
/// without `--folds`, score the shipped model on the file; with it, K-fold
/// cross-validation on the file (contiguous folds, default training
/// options): single-stage (no tag prior), or with `--unlabelled` the
/// shipped model's two-stage recipe, each fold's prior counted by its own
/// first-stage model. `--json` prints an object with `precision`, `recall`,
/// `f1`, `per_type` (and, for folds, `folds`, `two_stage`, `per_fold_f1`,
/// `f1_mean`, `f1_std`).
pub fn eval_ner_cmd(conll: &Path, folds: Option<usize>, unlabelled: &[PathBuf], json: bool) -> Result<()> {
    let sents = read_sentences(conll)?;
    match folds {
        None => {
            let s = evaluate_model(Tagger::builtin(), &sents);
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                println!("{} (shipped model)", conll.display());
                print_scores(&s);
            }
        }
        Some(k) => {
            if k < 2 {
                bail!("--folds must be at least 2");
            }
            let two_stage = !unlabelled.is_empty();
            let r = if two_stage {
                let texts = unlabelled_texts(unlabelled)?;
                cross_validate_two_stage(&sents, k, &TrainOptions::default(), &texts)
            } else {
                cross_validate(&sents, k, &TrainOptions::default())
            };
            if json {
                let mut v = serde_json::to_value(&r.pooled)?;
                v["folds"] = r.folds.into();
                v["two_stage"] = two_stage.into();
                v["per_fold_f1"] = r.per_fold.iter().map(|s| s.f1).collect::<Vec<_>>().into();
                v["f1_mean"] = r.f1_mean.into();
                v["f1_std"] = r.f1_std.into();
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                let recipe =
                    if two_stage { "two-stage, with a tag prior per fold" } else { "single stage, no tag prior" };
                println!("{}: {k}-fold cross-validation (contiguous folds, {recipe}), pooled:", conll.display());
                print_scores(&r.pooled);
                let f: Vec<String> = r.per_fold.iter().map(|s| format!("{:.4}", s.f1)).collect();
                println!("per-fold F1: {}; mean {:.4} ± {:.4}", f.join(" "), r.f1_mean, r.f1_std);
            }
        }
    }
    Ok(())
}

/// `marsad entities [--json] < text`: the canonical entities of the text on
/// standard input.
pub fn entities_cmd(input: &mut dyn Read, json: bool) -> Result<()> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).context("reading standard input")?;
    let text = String::from_utf8(bytes).context("standard input is not UTF-8")?;
    let ents = extract_entities(&text);
    if json {
        println!("{}", serde_json::to_string_pretty(&ents)?);
        return Ok(());
    }
    for e in &ents {
        let ms: Vec<String> = e
            .mentions
            .iter()
            .map(|m| match m.via {
                MentionVia::Name => m.text.clone(),
                MentionVia::Role => format!("{} (role)", m.text),
                MentionVia::Nationality => format!("{} (adj.)", m.text),
            })
            .collect();
        println!("{:<4} {}  ←  {}", e.kind.as_str(), e.canonical, ms.join(" | "));
    }
    Ok(())
}
