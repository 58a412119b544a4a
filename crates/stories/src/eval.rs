//! Scoring a story map against hand-labelled article pairs.
//!
//! Labels (as in the development pairs): 4 same report, 3 same event
//! different report, 2 related, 1 unrelated. "Same report" is scored
//! against near-duplicate groups, "same story" (label ≥ 3) against stories.

use crate::cluster::StoryMap;
use serde::Serialize;
use std::collections::HashMap;

/// A labelled pair of article ids.
#[derive(Debug, Clone)]
pub struct LabelledPair {
    /// First article id.
    pub a: String,
    /// Second article id.
    pub b: String,
    /// 1–4.
    pub label: u8,
}

/// Binary decision counts and the usual figures.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Binary {
    /// True positives.
    pub tp: u32,
    /// False positives.
    pub fp: u32,
    /// False negatives.
    pub fn_: u32,
    /// True negatives.
    pub tn: u32,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// (tp + tn) / all.
    pub accuracy: f64,
}

impl Binary {
    fn add(&mut self, predicted: bool, gold: bool) {
        match (predicted, gold) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    fn finish(mut self) -> Self {
        let ratio = |n: u32, d: u32| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
        self.accuracy = ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_);
        self
    }
}

/// The scores of one story map on a set of pairs.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PairScores {
    /// Pairs scored (both articles present in the map).
    pub pairs: u32,
    /// Pairs skipped because an article was missing.
    pub missing: u32,
    /// Near-duplicate grouping against label 4.
    pub same_report: Binary,
    /// Story clustering against label ≥ 3.
    pub same_story: Binary,
}

/// Score `map` on `pairs`.
pub fn score_pairs(map: &StoryMap, pairs: &[LabelledPair]) -> PairScores {
    let idx: HashMap<&str, (&str, &str)> =
        map.articles.iter().map(|a| (a.article.as_str(), (a.story.as_str(), a.group.as_str()))).collect();
    let mut s = PairScores::default();
    for p in pairs {
        let (Some(a), Some(b)) = (idx.get(p.a.as_str()), idx.get(p.b.as_str())) else {
            s.missing += 1;
            continue;
        };
        s.pairs += 1;
        s.same_report.add(a.1 == b.1, p.label == 4);
        s.same_story.add(a.0 == b.0, p.label >= 3);
    }
    s.same_report = s.same_report.finish();
    s.same_story = s.same_story.finish();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::ArticleStory;
    use crate::cluster::Verdict;

    fn art(id: &str, story: &str, group: &str) -> ArticleStory {
        ArticleStory {
            article: id.into(),
            story: story.into(),
            group: group.into(),
            first_in_story: false,
            novelty: 0.0,
            new_numbers: vec![],
            verdict: Verdict::NewStory { development_of: None },
            related: vec![],
        }
    }

    #[test]
    fn counts_and_ratios() {
        let map = StoryMap {
            articles: vec![art("a", "s1", "a"), art("b", "s1", "a"), art("c", "s1", "c"), art("d", "s2", "d")],
            ..Default::default()
        };
        let pairs = vec![
            LabelledPair { a: "a".into(), b: "b".into(), label: 4 },
            LabelledPair { a: "a".into(), b: "c".into(), label: 3 },
            LabelledPair { a: "a".into(), b: "d".into(), label: 3 },
            LabelledPair { a: "c".into(), b: "d".into(), label: 1 },
            LabelledPair { a: "a".into(), b: "zz".into(), label: 1 },
        ];
        let s = score_pairs(&map, &pairs);
        assert_eq!((s.pairs, s.missing), (4, 1));
        assert_eq!((s.same_report.tp, s.same_report.fp, s.same_report.fn_), (1, 0, 0));
        assert_eq!((s.same_story.tp, s.same_story.fn_, s.same_story.tn), (2, 1, 1));
        assert!((s.same_story.recall - 2.0 / 3.0).abs() < 1e-9);
    }
}

/// How well one similarity number separates "same story" pairs (label ≥ 3)
/// when a single threshold decides: the best threshold picked on all the
/// pairs (an optimistic ceiling) and the F1 of thresholds picked on the
/// other folds (k-fold, pairs dealt to folds in turn).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct ThresholdCeiling {
    /// Pairs with a similarity.
    pub pairs: u32,
    /// The threshold that gives the best F1 on all pairs.
    pub threshold: f32,
    /// Figures at that threshold.
    pub best: Binary,
    /// Mean F1 over the folds, each scored at the threshold best on the others.
    pub cross_validated_f1: f64,
    /// Folds.
    pub folds: usize,
}

/// [`ThresholdCeiling`] of `(similarity, same story?)` pairs.
pub fn threshold_ceiling(scored: &[(f32, bool)], folds: usize) -> ThresholdCeiling {
    let at = |pairs: &mut dyn Iterator<Item = &(f32, bool)>, t: f32| {
        let mut b = Binary::default();
        for &(s, gold) in pairs {
            b.add(s >= t, gold);
        }
        b.finish()
    };
    // Candidate thresholds: every observed similarity (a threshold between
    // two of them decides like the upper one).
    let mut cands: Vec<f32> = scored.iter().map(|p| p.0).collect();
    cands.sort_by(f32::total_cmp);
    cands.dedup();
    let best_on = |keep: &dyn Fn(usize) -> bool| -> (f32, Binary) {
        let mut best = (f32::INFINITY, Binary::default());
        for &t in &cands {
            let b = at(&mut scored.iter().enumerate().filter(|(i, _)| keep(*i)).map(|(_, p)| p), t);
            if b.f1 > best.1.f1 {
                best = (t, b);
            }
        }
        best
    };
    let (threshold, best) = best_on(&|_| true);
    let folds = folds.clamp(2, scored.len().max(2));
    let mut sum = 0.0;
    for k in 0..folds {
        let (t, _) = best_on(&|i| i % folds != k);
        sum += at(&mut scored.iter().enumerate().filter(|(i, _)| i % folds == k).map(|(_, p)| p), t).f1;
    }
    ThresholdCeiling { pairs: scored.len() as u32, threshold, best, cross_validated_f1: sum / folds as f64, folds }
}

#[cfg(test)]
mod ceiling_tests {
    use super::*;

    #[test]
    fn separable_pairs_reach_one_and_noise_does_not() {
        let clean: Vec<(f32, bool)> = (0..20).map(|i| (i as f32 / 20.0, i >= 12)).collect();
        let c = threshold_ceiling(&clean, 5);
        assert_eq!(c.best.f1, 1.0);
        assert!((c.threshold - 0.6).abs() < 1e-6, "{}", c.threshold);
        // Gold that ignores the similarity: no threshold does well.
        let noisy: Vec<(f32, bool)> = (0..20).map(|i| (i as f32 / 20.0, i % 2 == 0)).collect();
        let n = threshold_ceiling(&noisy, 5);
        assert!(n.best.precision < 0.7, "{:?}", n.best);
        assert_eq!(threshold_ceiling(&[], 5).pairs, 0);
    }
}
