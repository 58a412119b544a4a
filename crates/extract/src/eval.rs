//! Extraction quality: word-level precision, recall and F1 of the extracted
//! body against an expected text.
//!
//! A directory holds pages `NAME.html` beside their expected body text
//! `NAME.txt` (one paragraph a line). Words are compared as multisets after
//! folding (hamza forms, ى/ي, diacritics, tatweel, Arabic-Indic digits) and
//! splitting on anything that is not a letter or digit. The totals are
//! micro-averaged: every word of every page counts once.

use crate::dates::fold;
use crate::html::{extract_html, HtmlOptions};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Figures for one page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageScore {
    /// `NAME` (file stem).
    pub name: String,
    /// Share of extracted words that are expected.
    pub precision: f64,
    /// Share of expected words that were extracted.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Words extracted.
    pub extracted_words: usize,
    /// Words expected.
    pub expected_words: usize,
    /// Words in both (multiset intersection).
    pub common_words: usize,
    /// Extraction error, when the page gave no article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Figures over a directory.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvalReport {
    /// Micro-averaged precision over all pages.
    pub precision: f64,
    /// Micro-averaged recall.
    pub recall: f64,
    /// Micro-averaged F1.
    pub f1: f64,
    /// Per page, sorted by name.
    pub pages: Vec<PageScore>,
}

/// Folded words of a text.
pub fn words(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// `(common, extracted, expected)` word counts.
pub fn overlap(extracted: &str, expected: &str) -> (usize, usize, usize) {
    let ex = words(extracted);
    let gold = words(expected);
    let mut bag: HashMap<&str, usize> = HashMap::new();
    for w in &gold {
        *bag.entry(w.as_str()).or_default() += 1;
    }
    let mut common = 0;
    for w in &ex {
        if let Some(n) = bag.get_mut(w.as_str()) {
            if *n > 0 {
                *n -= 1;
                common += 1;
            }
        }
    }
    (common, ex.len(), gold.len())
}

fn prf(common: usize, extracted: usize, expected: usize) -> (f64, f64, f64) {
    let p = if extracted == 0 { 0.0 } else { common as f64 / extracted as f64 };
    let r = if expected == 0 { 0.0 } else { common as f64 / expected as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

/// Score one extracted text against the expected one.
pub fn score(name: &str, extracted: &str, expected: &str) -> PageScore {
    let (c, e, g) = overlap(extracted, expected);
    let (precision, recall, f1) = prf(c, e, g);
    PageScore {
        name: name.to_string(),
        precision,
        recall,
        f1,
        extracted_words: e,
        expected_words: g,
        common_words: c,
        error: None,
    }
}

/// Evaluate marsad's HTML extraction on every `NAME.html` + `NAME.txt` pair in `dir`.
pub fn eval_extract(dir: &Path) -> std::io::Result<EvalReport> {
    eval_with(dir, |bytes| {
        extract_html(bytes, &HtmlOptions::default()).map(|p| p.article.body_text()).map_err(|e| e.to_string())
    })
}

/// Evaluate any extractor (`bytes → body text`) on the pairs in `dir`.
pub fn eval_with(dir: &Path, mut extract: impl FnMut(&[u8]) -> Result<String, String>) -> std::io::Result<EvalReport> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            let is_html =
                p.extension().is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
            (is_html && p.with_extension("txt").exists())
                .then(|| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .flatten()
        })
        .collect();
    names.sort();
    let mut pages = Vec::new();
    let (mut c, mut e, mut g) = (0, 0, 0);
    for file in names {
        let path = dir.join(&file);
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(&path)?;
        let expected = std::fs::read_to_string(path.with_extension("txt"))?;
        let page = match extract(&bytes) {
            Ok(text) => score(&stem, &text, &expected),
            Err(err) => {
                let mut s = score(&stem, "", &expected);
                s.error = Some(err);
                s
            }
        };
        c += page.common_words;
        e += page.extracted_words;
        g += page.expected_words;
        pages.push(page);
    }
    let (precision, recall, f1) = prf(c, e, g);
    Ok(EvalReport { precision, recall, f1, pages })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_overlap_folds_spelling() {
        let (c, e, g) = overlap("أعلنت الوزارةُ، اليوم: ٣ قرارات", "اعلنت الوزارة اليوم 3 قرارات جديدة");
        assert_eq!((c, e, g), (5, 5, 6));
        let s = score("x", "a b", "");
        assert_eq!((s.precision, s.recall, s.f1), (0.0, 0.0, 0.0));
    }
}
