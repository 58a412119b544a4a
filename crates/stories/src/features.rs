//! What the story stages look at in an article: a title-weighted TF-IDF
//! vector over light stems, and a MinHash signature over word shingles.

use crate::minhash::{hash_str, shingles, signature, Signature};
use marsad_arabic::analyzer::Analyzer;
use marsad_arabic::tokenize::TokenKind;
use std::collections::HashMap;

/// Words per shingle for near-duplicate detection.
pub const SHINGLE_WORDS: usize = 3;

/// Words of an article's lead (see [`RawFeatures::lead`]).
pub const LEAD_WORDS: usize = 40;
/// How much a title term counts against a body term.
pub const TITLE_WEIGHT: f32 = 3.0;
/// Weight of an entity term (a canonical entity id) against a body word.
pub const ENTITY_WEIGHT: f32 = 1.0;
/// Prefix that keeps entity terms apart from words in the vocabulary.
pub const ENTITY_PREFIX: char = '\u{1}';
/// Terms kept in an article vector.
pub const VECTOR_TERMS: usize = 48;

/// Interned terms (stems) with document frequencies and a display form.
#[derive(Default, Debug, Clone)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    /// Display form per term: the first normalised surface word seen.
    pub display: Vec<String>,
    /// Document frequency per term.
    pub df: Vec<u32>,
    /// Documents counted.
    pub docs: u32,
}

impl Vocabulary {
    /// The id of `stem`, interning it with `surface` as its display form.
    pub fn intern(&mut self, stem: &str, surface: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.display.len() as u32;
        self.ids.insert(stem.to_string(), id);
        self.display.push(surface.to_string());
        self.df.push(0);
        id
    }

    /// Smoothed inverse document frequency of a term.
    pub fn idf(&self, term: u32) -> f32 {
        let df = self.df.get(term as usize).copied().unwrap_or(0) as f32;
        ((1.0 + self.docs as f32) / (1.0 + df)).ln() + 1.0
    }
}

/// Raw, per-article counts before weighting.
#[derive(Debug, Clone, Default)]
pub struct RawFeatures {
    /// (term, weighted count): title terms count [`TITLE_WEIGHT`] times.
    pub counts: Vec<(u32, f32)>,
    /// MinHash of the body's word shingles.
    pub signature: Option<Signature>,
    /// The shingle hashes themselves (for novelty).
    pub shingles: Vec<u64>,
    /// Shingles of the body's first [`LEAD_WORDS`] words: what a copy of
    /// this article must share when it is much shorter or longer than it.
    pub lead: Vec<u64>,
    /// Number tokens in the text (for novelty: new figures).
    pub numbers: Vec<String>,
}

/// Analyse one article's title and body.
pub fn raw_features(
    analyzer: &Analyzer,
    vocab: &mut Vocabulary,
    title: &str,
    body: &str,
    entities: &[String],
) -> RawFeatures {
    let mut counts: HashMap<u32, f32> = HashMap::new();
    let mut add = |vocab: &mut Vocabulary,
                   text: &str,
                   w: f32,
                   tokens: Option<&mut Vec<u64>>,
                   numbers: Option<&mut Vec<String>>| {
        let mut tokens = tokens;
        let mut numbers = numbers;
        analyzer.analyze_with(text, |t| {
            if let Some(tk) = tokens.as_deref_mut() {
                tk.push(hash_str(t.normalized));
            }
            if t.token.kind == TokenKind::Number || t.token.kind == TokenKind::Percent {
                if let Some(n) = numbers.as_deref_mut() {
                    n.push(t.normalized.to_string());
                }
            }
            if t.stopword || t.stem.chars().count() < 2 || t.token.kind != TokenKind::Word {
                return;
            }
            let id = vocab.intern(t.stem, t.token.text);
            *counts.entry(id).or_insert(0.0) += w;
        });
    };
    // Generic one- or two-word titles ("بيان", "تصريح صحفي") say nothing
    // about the event: they count like body words.
    let mut title_terms = 0;
    analyzer.analyze_with(title, |t| {
        if !t.stopword && t.token.kind == TokenKind::Word {
            title_terms += 1;
        }
    });
    let title_weight = if title_terms >= 3 { TITLE_WEIGHT } else { 1.0 };
    add(vocab, title, title_weight, None, None);
    let mut toks = Vec::new();
    let mut numbers = Vec::new();
    add(vocab, body, 1.0, Some(&mut toks), Some(&mut numbers));
    for e in entities {
        let key = format!("{ENTITY_PREFIX}{e}");
        let id = vocab.intern(&key, &key);
        *counts.entry(id).or_insert(0.0) += ENTITY_WEIGHT;
    }
    let sh = shingles(&toks, SHINGLE_WORDS);
    let lead = shingles(&toks[..toks.len().min(LEAD_WORDS)], SHINGLE_WORDS);
    let signature = (!sh.is_empty()).then(|| signature(&sh));
    let mut counts: Vec<(u32, f32)> = counts.into_iter().collect();
    counts.sort_unstable_by_key(|&(t, _)| t);
    numbers.sort();
    numbers.dedup();
    RawFeatures { counts, signature, shingles: sh, lead, numbers }
}

/// A sparse vector sorted by term id, L2-normalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec(pub Vec<(u32, f32)>);

impl SparseVec {
    /// TF-IDF weights (log-scaled term frequency), top [`VECTOR_TERMS`] kept, normalised.
    pub fn tfidf(counts: &[(u32, f32)], vocab: &Vocabulary) -> SparseVec {
        let mut v: Vec<(u32, f32)> = counts.iter().map(|&(t, c)| (t, (1.0 + c.ln()) * vocab.idf(t))).collect();
        if v.len() > VECTOR_TERMS {
            v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(VECTOR_TERMS);
        }
        v.sort_unstable_by_key(|&(t, _)| t);
        let mut s = SparseVec(v);
        s.normalise();
        s
    }

    /// Scale to unit length (no-op for the zero vector).
    pub fn normalise(&mut self) {
        let n: f32 = self.0.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if n > 0.0 {
            for (_, w) in &mut self.0 {
                *w /= n;
            }
        }
    }

    /// Dot product with another sorted vector.
    pub fn dot(&self, other: &SparseVec) -> f32 {
        let (mut i, mut j, mut s) = (0, 0, 0.0);
        let (a, b) = (&self.0, &other.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    }

    /// Terms by descending weight.
    pub fn top_terms(&self, k: usize) -> Vec<(u32, f32)> {
        let mut v = self.0.clone();
        v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(k);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_terms_weigh_more_and_vectors_are_unit() {
        let an = Analyzer::default();
        let mut vocab = Vocabulary::default();
        let f = raw_features(
            &an,
            &mut vocab,
            "زلزال يضرب ملاطية",
            "ضرب زلزال قوي مدينة ملاطية صباح اليوم وأعلنت السلطات 12 وفاة.",
            &["loc-1".to_string()],
        );
        let ent = vocab.intern(&format!("{ENTITY_PREFIX}loc-1"), "");
        assert!(f.counts.iter().any(|&(t, w)| t == ent && w == ENTITY_WEIGHT), "entity ids count as terms");
        vocab.docs = 1;
        for &(t, _) in &f.counts {
            vocab.df[t as usize] += 1;
        }
        let v = SparseVec::tfidf(&f.counts, &vocab);
        let norm: f32 = v.0.iter().map(|(_, w)| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-4);
        assert!((v.dot(&v) - 1.0).abs() < 1e-4);
        assert_eq!(f.numbers, vec!["12".to_string()]);
        assert!(f.signature.is_some());
    }
}
