//! CoNLL files and evaluation: exact-span micro precision/recall/F1 and per
//! type, the conlleval/seqeval way, and k-fold cross-validation.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::prior::{TagCounts, TagPrior};
use super::tagger::{Tagger, TrainOptions};
use super::{bio_spans, EntityKind, Tag};

/// One sentence of a CoNLL file.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Tokens as written.
    pub tokens: Vec<String>,
    /// Gold tags, one per token.
    pub tags: Vec<Tag>,
}

/// An error in a CoNLL file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for ConllError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for ConllError {}

/// Read `token<space or TAB>…<space or TAB>tag` lines; blank lines end
/// sentences (ANERcorp also has none for long stretches: a sentence is also
/// ended after a `.` token when it has grown past 100 tokens). `PER` is read
/// as `PERS`; a BOM and `-DOCSTART-` lines are skipped.
pub fn read_conll(text: &str) -> Result<Vec<Sentence>, ConllError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (ln, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(tok), Some(tag)) = (parts.next(), parts.next_back()) else {
            return Err(ConllError { line: ln + 1, reason: format!("expected `token tag`, got {line:?}") });
        };
        let tag = Tag::parse(tag).ok_or_else(|| ConllError { line: ln + 1, reason: format!("unknown tag {tag:?}") })?;
        cur.tokens.push(tok.to_string());
        cur.tags.push(tag);
        if tok == "." && cur.tokens.len() > 100 {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Precision, recall and F1 of one type (or all).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TypeScores {
    /// Correct spans / predicted spans.
    pub precision: f64,
    /// Correct spans / gold spans.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Gold spans.
    pub support: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Exactly right spans.
    pub correct: usize,
}

impl TypeScores {
    fn from_counts(correct: usize, predicted: usize, support: usize) -> TypeScores {
        let p = if predicted == 0 { 0.0 } else { correct as f64 / predicted as f64 };
        let r = if support == 0 { 0.0 } else { correct as f64 / support as f64 };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        TypeScores { precision: p, recall: r, f1: f, support, predicted, correct }
    }
}

/// Exact-span scores: micro over all types, and per type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Micro precision.
    pub precision: f64,
    /// Micro recall.
    pub recall: f64,
    /// Micro F1.
    pub f1: f64,
    /// Per type (`PERS`, `LOC`, `ORG`, `MISC`).
    pub per_type: BTreeMap<String, TypeScores>,
    /// Token accuracy.
    pub token_accuracy: f64,
    /// Gold spans.
    pub support: usize,
}

/// Score predicted tag sequences against gold ones (pairs of equal length).
pub fn evaluate(pairs: &[(&[Tag], &[Tag])]) -> Scores {
    let mut counts: BTreeMap<EntityKind, (usize, usize, usize)> = BTreeMap::new();
    let (mut tok_ok, mut tok_n) = (0usize, 0usize);
    for (gold, pred) in pairs {
        let g = bio_spans(gold);
        let p = bio_spans(pred);
        for s in &g {
            counts.entry(s.2).or_default().2 += 1;
        }
        for s in &p {
            let c = counts.entry(s.2).or_default();
            c.1 += 1;
            if g.contains(s) {
                c.0 += 1;
            }
        }
        tok_n += gold.len().min(pred.len());
        tok_ok += gold.iter().zip(pred.iter()).filter(|(a, b)| a == b).count();
    }
    let (mut c, mut p, mut s) = (0, 0, 0);
    let mut per_type = BTreeMap::new();
    for (k, (ck, pk, sk)) in &counts {
        c += ck;
        p += pk;
        s += sk;
        per_type.insert(k.as_str().to_string(), TypeScores::from_counts(*ck, *pk, *sk));
    }
    let all = TypeScores::from_counts(c, p, s);
    Scores {
        precision: all.precision,
        recall: all.recall,
        f1: all.f1,
        per_type,
        token_accuracy: if tok_n == 0 { 0.0 } else { tok_ok as f64 / tok_n as f64 },
        support: s,
    }
}

/// Tag `sentences` with `model` and score against their gold tags.
pub fn evaluate_model(model: &Tagger, sentences: &[Sentence]) -> Scores {
    score(sentences, &predict(model, sentences))
}

/// Sentences of a CoNLL file read as one document by [`predict`]: the
/// files keep no article boundaries, and ANERcorp's articles run to about
/// 15 sentences.
pub const DOCUMENT_SENTENCES: usize = 15;

/// `model`'s tags for each sentence, as marsad tags an article: sentence by
/// sentence, then [`propagate`](super::consistency::propagate) over each
/// run of [`DOCUMENT_SENTENCES`] sentences.
fn predict(model: &Tagger, sentences: &[Sentence]) -> Vec<Vec<Tag>> {
    let mut preds: Vec<Vec<Tag>> = sentences
        .iter()
        .map(|s| {
            let refs: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            model.tag(&refs)
        })
        .collect();
    for (doc, doc_preds) in sentences.chunks(DOCUMENT_SENTENCES).zip(preds.chunks_mut(DOCUMENT_SENTENCES)) {
        let words: Vec<&str> = doc.iter().flat_map(|s| s.tokens.iter().map(String::as_str)).collect();
        let mut tags: Vec<Tag> = doc_preds.iter().flatten().copied().collect();
        if super::consistency::read_as_document(&words, &mut tags, model.prior()) == 0 {
            continue;
        }
        let mut it = tags.into_iter();
        for t in doc_preds.iter_mut().flatten() {
            *t = it.next().unwrap_or(Tag::O);
        }
    }
    preds
}

/// Scores of `preds` against the sentences' gold tags.
fn score(sentences: &[Sentence], preds: &[Vec<Tag>]) -> Scores {
    let pairs: Vec<(&[Tag], &[Tag])> =
        sentences.iter().zip(preds).map(|(s, p)| (s.tags.as_slice(), p.as_slice())).collect();
    evaluate(&pairs)
}

/// Cross-validation results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CvReport {
    /// Number of folds.
    pub folds: usize,
    /// Scores of each fold.
    pub per_fold: Vec<Scores>,
    /// Scores over all held-out predictions pooled.
    pub pooled: Scores,
    /// Mean and standard deviation of the per-fold micro F1.
    pub f1_mean: f64,
    /// Standard deviation of the per-fold micro F1.
    pub f1_std: f64,
}

/// k-fold cross-validation over contiguous blocks of sentences (ANERcorp
/// keeps an article's sentences together, so contiguous folds keep an
/// article's names out of its own training data). Single stage: the models
/// are trained without a tag prior (see
/// [`cross_validate_two_stage`] for the shipped model's recipe).
pub fn cross_validate(sentences: &[Sentence], folds: usize, opts: &TrainOptions) -> CvReport {
    cross_validate_with(sentences, folds, |train| Tagger::train_with_prior(train, opts, Arc::new(TagPrior::empty())))
}

/// Cross-validation of the shipped model's two-stage recipe: per fold, a
/// first model is trained without a prior, tags `unlabelled` (whole
/// articles), the counts become the fold's [`TagPrior`], and the fold's
/// model is trained with it. Nothing of the held-out fold reaches its
/// prior. Folds run on as many threads as the machine has cores.
pub fn cross_validate_two_stage(
    sentences: &[Sentence],
    folds: usize,
    opts: &TrainOptions,
    unlabelled: &[String],
) -> CvReport {
    cross_validate_with(sentences, folds, |train| {
        let first = Tagger::train_with_prior(train, opts, Arc::new(TagPrior::empty()));
        let mut counts = TagCounts::new();
        for text in unlabelled {
            counts.add_text(&first, text);
        }
        Tagger::train_with_prior(train, opts, Arc::new(counts.to_prior()))
    })
}

fn cross_validate_with<F>(sentences: &[Sentence], folds: usize, train_fold: F) -> CvReport
where
    F: Fn(&[(Vec<String>, Vec<Tag>)]) -> Tagger + Sync,
{
    let folds = folds.clamp(2, sentences.len().max(2));
    let n = sentences.len();
    let run_fold = |k: usize| -> Vec<Vec<Tag>> {
        let (a, b) = (k * n / folds, (k + 1) * n / folds);
        let train: Vec<(Vec<String>, Vec<Tag>)> =
            sentences[..a].iter().chain(&sentences[b..]).map(|s| (s.tokens.clone(), s.tags.clone())).collect();
        let model = train_fold(&train);
        predict(&model, &sentences[a..b])
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, folds);
    let mut fold_preds: Vec<Option<Vec<Vec<Tag>>>> = vec![None; folds];
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (next, run_fold) = (&next, &run_fold);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if k >= folds {
                            break done;
                        }
                        done.push((k, run_fold(k)));
                    }
                })
            })
            .collect();
        for h in handles {
            for (k, p) in h.join().expect("a cross-validation fold panicked") {
                fold_preds[k] = Some(p);
            }
        }
    });
    let mut per_fold = Vec::new();
    let mut all_preds: Vec<Vec<Tag>> = Vec::with_capacity(n);
    for (k, preds) in fold_preds.into_iter().enumerate() {
        let preds = preds.unwrap_or_default();
        let (a, b) = (k * n / folds, (k + 1) * n / folds);
        per_fold.push(score(&sentences[a..b], &preds));
        all_preds.extend(preds);
    }
    let pooled = score(sentences, &all_preds);
    let f1s: Vec<f64> = per_fold.iter().map(|s| s.f1).collect();
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    let var = f1s.iter().map(|f| (f - mean).powi(2)).sum::<f64>() / f1s.len() as f64;
    CvReport { folds, per_fold, pooled, f1_mean: mean, f1_std: var.sqrt() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "\u{feff}أعلن O
الرئيس O
المصري O
عبدالفتاح B-PERS
السيسي I-PERS
من O
القاهرة B-LOC
. O

وقالت O
وزارة B-ORG
الخارجية I-ORG
السعودية I-ORG
إن O
جدة B-LOC
تستضيف O
كأس B-MISC
العالم I-MISC
";

    #[test]
    fn reads_fixture() {
        let s = read_conll(FIXTURE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens[0], "أعلن");
        assert_eq!(s[1].tags[1], Tag::begin(EntityKind::Org));
        assert!(read_conll("كلمة B-XYZ\n").is_err());
        assert!(read_conll("كلمة\n").is_err());
    }

    #[test]
    fn scores_exact_spans() {
        let s = read_conll(FIXTURE).unwrap();
        let gold = &s[0].tags;
        // Perfect.
        let sc = evaluate(&[(gold, gold)]);
        assert_eq!((sc.precision, sc.recall, sc.f1), (1.0, 1.0, 1.0));
        // Person cut short: one of two spans right.
        let mut pred = gold.clone();
        pred[4] = Tag::O;
        let sc = evaluate(&[(gold, &pred)]);
        assert_eq!(sc.precision, 0.5);
        assert_eq!(sc.recall, 0.5);
        assert_eq!(sc.per_type["LOC"].f1, 1.0);
        assert_eq!(sc.per_type["PERS"].f1, 0.0);
    }

    #[test]
    fn cross_validation_runs() {
        let mut s = read_conll(FIXTURE).unwrap();
        s.extend(read_conll(FIXTURE).unwrap());
        let opts = TrainOptions { epochs: 3, seed: 7, bits: 12, runs: 1 };
        let r = cross_validate(&s, 2, &opts);
        assert_eq!(r.per_fold.len(), 2);
        assert!(r.pooled.f1 > 0.5, "{r:?}");
        let texts = vec![
            "أعلن الرئيس عبدالفتاح السيسي من القاهرة أن جدة تستضيف كأس العالم.".to_string();
            3
        ];
        let r2 = cross_validate_two_stage(&s, 2, &opts, &texts);
        assert_eq!(r2.per_fold.len(), 2);
        assert!(r2.pooled.f1 > 0.5, "{r2:?}");
    }
}
