//! Repeated statements: sentence pairs of one article that restate each
//! other (aggregated news often says its lead three or four times in other
//! words).
//!
//! Each sentence becomes the set of its content stems (stopwords and
//! reporting verbs out, [`Analyzer::content_stems`]); a pair is flagged when
//! the cosine of the two sets, optionally weighted by IDF, reaches a
//! threshold and they share enough stems, unless both give figures and
//! share none of them (then they report different facts). The score is
//! that cosine (0–1).

use std::collections::{HashMap, HashSet};

use marsad_arabic::analyzer::Analyzer;
use marsad_arabic::normalize::NormalizeOptions;
use marsad_arabic::reporting_verbs::is_reporting_verb;
use marsad_arabic::tokenize::{tokenize, TokenKind};
use serde::Serialize;

/// Tuning.
#[derive(Clone, Debug, PartialEq)]
pub struct RepeatOptions {
    /// Smallest cosine to flag a pair.
    pub threshold: f64,
    /// Fewest shared content stems.
    pub min_shared: usize,
    /// Sentences with fewer content stems are ignored.
    pub min_stems: usize,
}

impl Default for RepeatOptions {
    fn default() -> Self {
        RepeatOptions { threshold: 0.35, min_shared: 3, min_stems: 4 }
    }
}

/// Two sentences that restate each other.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Repeat {
    /// Index of the earlier sentence.
    pub a: usize,
    /// Index of the later sentence.
    pub b: usize,
    /// Byte span of the earlier sentence.
    pub a_span: (usize, usize),
    /// Byte span of the later sentence.
    pub b_span: (usize, usize),
    /// Cosine of the stem sets (0–1).
    pub score: f64,
    /// Stems they share.
    pub shared: Vec<String>,
}

/// The content-stem set of every sentence span of `text`.
pub fn sentence_stems(text: &str, spans: &[(usize, usize)]) -> Vec<HashSet<String>> {
    let an = Analyzer::default();
    spans
        .iter()
        .map(|&(s, e)| {
            an.content_stems(&text[s..e])
                .into_iter()
                .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_ascii_digit()) && !is_reporting_verb(w))
                .collect()
        })
        .collect()
}

/// The numbers of every sentence span of `text`, in their normal form
/// (ASCII digits): two sentences that both give figures and share none
/// report different facts (`111 مليار` spent in 2014, `120 مليار`
/// expected in 2015), however alike their words.
pub fn sentence_numbers(text: &str, spans: &[(usize, usize)]) -> Vec<HashSet<String>> {
    spans
        .iter()
        .map(|&(s, e)| {
            tokenize(&text[s..e])
                .into_iter()
                .filter(|t| matches!(t.kind, TokenKind::Number | TokenKind::Percent))
                .map(|t| {
                    let mut n = String::new();
                    t.normalized_into(&NormalizeOptions::search(), &mut n);
                    n.trim_end_matches('%').to_string()
                })
                .collect()
        })
        .collect()
}

/// Sentence spans of `text` (byte ranges).
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    marsad_arabic::sentences(text).into_iter().map(|r| (r.start, r.end)).collect()
}

/// Flag the restating sentence pairs of `text`, with uniform weights.
pub fn find_repeats(text: &str, opts: &RepeatOptions) -> Vec<Repeat> {
    find_repeats_weighted(text, opts, |_| 1.0)
}

/// [`find_repeats`] with a weight per stem (e.g. its IDF, so that
/// the article's topic words count less than what is specific).
pub fn find_repeats_weighted<F: Fn(&str) -> f64>(text: &str, opts: &RepeatOptions, weight: F) -> Vec<Repeat> {
    let spans = sentence_spans(text);
    let sets = sentence_stems(text, &spans);
    let numbers = sentence_numbers(text, &spans);
    let mut wcache: HashMap<&str, f64> = HashMap::new();
    let mut norm = Vec::with_capacity(sets.len());
    for s in &sets {
        let mut n = 0.0;
        for w in s {
            let x = *wcache.entry(w.as_str()).or_insert_with(|| weight(w));
            n += x * x;
        }
        norm.push(n.sqrt());
    }
    let mut out = Vec::new();
    for i in 0..sets.len() {
        if sets[i].len() < opts.min_stems {
            continue;
        }
        for j in i + 1..sets.len() {
            if sets[j].len() < opts.min_stems {
                continue;
            }
            let mut shared: Vec<&String> = sets[i].intersection(&sets[j]).collect();
            if shared.len() < opts.min_shared {
                continue;
            }
            if !numbers[i].is_empty() && !numbers[j].is_empty() && numbers[i].is_disjoint(&numbers[j]) {
                continue;
            }
            let dot: f64 = shared.iter().map(|w| wcache[w.as_str()].powi(2)).sum();
            let denom = norm[i] * norm[j];
            if denom == 0.0 {
                continue;
            }
            let score = dot / denom;
            if score >= opts.threshold {
                shared.sort();
                out.push(Repeat {
                    a: i,
                    b: j,
                    a_span: spans[i],
                    b_span: spans[j],
                    score: (score * 1000.0).round() / 1000.0,
                    shared: shared.into_iter().cloned().collect(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lead restated three more times, then other content.
    const RESTATED: &str = "يسعى الرئيس الأمريكي دونالد ترامب إلى استعادة العلاقات مع زعيم كوريا الشمالية كيم جونغ أون. \
وأكد ترامب رغبته في استعادة علاقاته الجيدة مع كيم جونغ أون من جديد. \
ويخطط ترامب لإعادة العلاقات مع الزعيم الكوري الشمالي كيم إلى سابق عهدها. \
وتشير التصريحات إلى أن ترامب يريد استعادة العلاقات مع كيم بعد سنوات من القطيعة. \
من جهة أخرى، ارتفعت أسعار النفط في الأسواق العالمية بنسبة طفيفة. \
وشهدت العاصمة اليابانية طوكيو أمطاراً غزيرة خلال عطلة نهاية الأسبوع.";

    #[test]
    fn flags_restatements_of_the_lead() {
        let r = find_repeats(RESTATED, &RepeatOptions::default());
        let pairs: Vec<(usize, usize)> = r.iter().map(|x| (x.a, x.b)).collect();
        // every pair among the first four sentences except possibly one
        let lead: Vec<_> = pairs.iter().filter(|(a, b)| *a < 4 && *b < 4).collect();
        assert!(lead.len() >= 4, "{r:#?}");
        assert!(pairs.iter().all(|(a, b)| *a < 4 && *b < 4), "{r:#?}");
        assert!(r.iter().all(|x| x.score > 0.0 && x.score <= 1.0));
    }

    #[test]
    fn different_figures_are_different_facts() {
        let t = "وبلغ حجم الإنفاق على خدمات الاتصالات في المملكة نحو 111 مليار ريال عام 2014. \
وتوقعت الهيئة أن يتجاوز حجم الإنفاق على خدمات الاتصالات في المملكة 120 مليار ريال في 2015.";
        assert!(find_repeats(t, &RepeatOptions::default()).is_empty());
        // the same figure restated is a repeat
        let t = "بلغت إيرادات شركات الاتصالات في المملكة 68.18 مليار ريال بنهاية 2014. \
وكشف التقرير أن شركات الاتصالات في المملكة حققت إيرادات بلغت 68.18 مليار ريال.";
        assert_eq!(find_repeats(t, &RepeatOptions::default()).len(), 1);
    }

    #[test]
    fn different_sentences_are_not_repeats() {
        let t = "ارتفعت أسعار النفط في الأسواق العالمية. وشهدت طوكيو أمطاراً غزيرة خلال عطلة نهاية الأسبوع. وافتتح معرض الكتاب أبوابه للزوار.";
        assert!(find_repeats(t, &RepeatOptions::default()).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = find_repeats(&s, &RepeatOptions::default());
        }
    }
}
