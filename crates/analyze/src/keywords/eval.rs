//! Scoring keywords against crowd-sourced keyphrases (AKEC format: one
//! `documents/<ID>.txt` per document and a file of lines
//! `ID : phrase1,phrase2,…`, best first).
//!
//! Gold: the first [`GOLD_TOP`] phrases of each line. A predicted phrase
//! matches exactly when both are equal after Loose normalisation (no
//! diacritics, alef/yeh/teh-marbuta folded) with a leading conjunction
//! `و` and proclitics `ب ل` removed from each word that keeps ≥ 3 letters
//! after `ال`; it matches partially when the light-stem sequence of one is
//! contained in the other's. P@k = matching predictions among the first k / k;
//! R@k = gold phrases matched by the first k / gold size; macro-averaged.

use std::collections::HashMap;
use std::path::Path;

use marsad_arabic::normalize::{normalize_str, NormalizeOptions};
use marsad_arabic::stem::light_stem;
use serde::Serialize;

/// Gold phrases kept per document.
pub const GOLD_TOP: usize = 10;

/// A phrase in the comparison form.
pub fn norm_phrase(p: &str) -> Vec<String> {
    let n = normalize_str(p, &NormalizeOptions::loose());
    n.split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            let mut w = w.to_string();
            if w.chars().count() > 4 && (w.starts_with('و') || w.starts_with('ف')) {
                let r = &w[2..];
                if r.starts_with("ال") || r.chars().count() >= 4 {
                    w = r.to_string();
                }
            }
            if let Some(r) = w.strip_prefix("بال").or_else(|| w.strip_prefix("كال")) {
                if r.chars().count() >= 3 {
                    w = format!("ال{r}");
                }
            } else if let Some(r) = w.strip_prefix("لل") {
                if r.chars().count() >= 3 {
                    w = format!("ال{r}");
                }
            }
            w
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn stems(p: &[String]) -> Vec<String> {
    p.iter().map(|w| light_stem(w).to_string()).collect()
}

fn contains(h: &[String], n: &[String]) -> bool {
    !n.is_empty() && n.len() <= h.len() && h.windows(n.len()).any(|w| w == n)
}

/// P/R/F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

/// Scores at 5 and 10, exact and partial.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KeywordEval {
    /// Documents scored.
    pub documents: usize,
    /// Exact match @5.
    pub exact_at_5: Prf,
    /// Exact match @10.
    pub exact_at_10: Prf,
    /// Partial match @5.
    pub partial_at_5: Prf,
    /// Partial match @10.
    pub partial_at_10: Prf,
}

/// Score one document's predictions: (exact@5, exact@10, partial@5, partial@10) as (p, r).
fn score_doc(pred: &[String], gold: &[String]) -> [(f64, f64); 4] {
    let g: Vec<Vec<String>> = gold.iter().map(|p| norm_phrase(p)).filter(|v| !v.is_empty()).collect();
    let gs: Vec<Vec<String>> = g.iter().map(|v| stems(v)).collect();
    let p: Vec<Vec<String>> = pred.iter().map(|p| norm_phrase(p)).collect();
    let ps: Vec<Vec<String>> = p.iter().map(|v| stems(v)).collect();
    let mut res = [(0.0, 0.0); 4];
    for (slot, k) in [(0, 5), (1, 10)] {
        let k_n = k.min(p.len());
        let exact = |a: usize, b: usize| p[a] == g[b];
        let partial = |a: usize, b: usize| contains(&ps[a], &gs[b]) || contains(&gs[b], &ps[a]);
        for (off, f) in [(0usize, &exact as &dyn Fn(usize, usize) -> bool), (2, &partial)] {
            let hits = (0..k_n).filter(|&a| (0..g.len()).any(|b| f(a, b))).count();
            let found = (0..g.len()).filter(|&b| (0..k_n).any(|a| f(a, b))).count();
            let prec = hits as f64 / k as f64;
            let rec = if g.is_empty() { 0.0 } else { found as f64 / g.len() as f64 };
            res[slot + off] = (prec, rec);
        }
    }
    res
}

/// Score `predict(id, text)` on a documents directory and keyphrase file.
pub fn evaluate<F: FnMut(&str, &str) -> Vec<String>>(
    docs: &[(String, String)],
    gold: &HashMap<String, Vec<String>>,
    mut predict: F,
) -> KeywordEval {
    let mut sums = [(0.0, 0.0); 4];
    let mut n = 0;
    for (id, text) in docs {
        let Some(g) = gold.get(id) else { continue };
        let g: Vec<String> = g.iter().take(GOLD_TOP).cloned().collect();
        let pred = predict(id, text);
        let r = score_doc(&pred, &g);
        for i in 0..4 {
            sums[i].0 += r[i].0;
            sums[i].1 += r[i].1;
        }
        n += 1;
    }
    let mk = |(p, r): (f64, f64)| {
        let (p, r) = if n == 0 { (0.0, 0.0) } else { (p / n as f64, r / n as f64) };
        Prf { precision: p, recall: r, f1: if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) } }
    };
    KeywordEval {
        documents: n,
        exact_at_5: mk(sums[0]),
        exact_at_10: mk(sums[1]),
        partial_at_5: mk(sums[2]),
        partial_at_10: mk(sums[3]),
    }
}

/// Parse a keyphrase file: `ID : p1,p2,…` per line.
pub fn parse_keyphrases(src: &str) -> HashMap<String, Vec<String>> {
    src.lines()
        .filter_map(|l| {
            let (id, rest) = l.trim_start_matches('\u{feff}').split_once(" : ").or_else(|| l.split_once(':'))?;
            let v: Vec<String> =
                rest.split([',', '،']).map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
            Some((id.trim().to_string(), v))
        })
        .collect()
}

/// Read `dir/*.txt` as (id, text), sorted by id.
pub fn read_documents(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
            let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            out.push((id, text.trim_start_matches('\u{feff}').replace("\r\n", "\n")));
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_partial() {
        let gold = vec!["المكتبات العامة".to_string(), "وزارة الثقافة".to_string(), "بالكتاب".to_string()];
        let pred = vec!["المكتبات العامه".to_string(), "الثقافة".to_string(), "الكتاب".to_string()];
        let r = score_doc(&pred, &gold);
        // exact@5: المكتبات العامة (ة/ه folded) and الكتاب (ب removed)
        assert!((r[0].0 - 2.0 / 5.0).abs() < 1e-9, "{r:?}");
        assert!((r[0].1 - 2.0 / 3.0).abs() < 1e-9);
        // partial adds الثقافة ⊂ وزارة الثقافة
        assert!((r[2].1 - 1.0).abs() < 1e-9, "{r:?}");
        let kp = parse_keyphrases("A : x,y z\nB : w");
        assert_eq!(kp["A"], vec!["x", "y z"]);
    }
}
