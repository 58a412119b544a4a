//! `marsad train ner`, `marsad eval ner`, `marsad entities`, and the
//! printing behind `marsad entity <name>`.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use marsad_analyze::entities::{
    cross_validate, evaluate_model, extract_entities, read_conll, MentionVia, Scores, Tagger, TrainOptions,
};

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
         seed {seed}, {epochs} epochs, {} feature buckets",
        data.len(),
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

fn print_scores(s: &Scores) {
    println!("{:<6} {:>9} {:>9} {:>9} {:>8}", "type", "precision", "recall", "f1", "support");
    for (k, t) in &s.per_type {
        println!("{:<6} {:>9.4} {:>9.4} {:>9.4} {:>8}", k, t.precision, t.recall, t.f1, t.support);
    }
    println!("{:<6} {:>9.4} {:>9.4} {:>9.4} {:>8}", "micro", s.precision, s.recall, s.f1, s.support);
}

/// `marsad eval ner <conll> [--folds K] [--json]`: without `--folds`, score
/// the shipped model on the file; with it, K-fold cross-validation on the
/// file (contiguous folds, default training options). `--json` prints an
/// object with `precision`, `recall`, `f1`, `per_type` (and, for folds,
/// `folds`, `per_fold_f1`, `f1_mean`, `f1_std`).
pub fn eval_ner_cmd(conll: &Path, folds: Option<usize>, json: bool) -> Result<()> {
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
            let r = cross_validate(&sents, k, &TrainOptions::default());
            if json {
                let mut v = serde_json::to_value(&r.pooled)?;
                v["folds"] = r.folds.into();
                v["per_fold_f1"] = r.per_fold.iter().map(|s| s.f1).collect::<Vec<_>>().into();
                v["f1_mean"] = r.f1_mean.into();
                v["f1_std"] = r.f1_std.into();
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!("{}: {k}-fold cross-validation (contiguous folds), pooled:", conll.display());
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
