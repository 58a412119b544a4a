//! Token features for the tagger, hashed into a fixed number of buckets.
//!
//! Per token: its Search-normalised form, its form without proclitics
//! (conjunction, preposition, article), the light stem, prefixes and
//! suffixes of 1–3 letters, a word shape (Arabic / Latin / capitalised Latin
//! / digits / punctuation / mixed), which clitics it carries, whether it is
//! a stopword, how frequent it is in SaudiNewsNet (log buckets, also for the
//! stripped form), affixes of the stripped form, the alias-table hit covering it (`B-LOC`, `I-PERS`, a
//! nationality adjective, a title), and its word clusters (coarse and fine,
//! learned from SaudiNewsNet without labels, see [`Clusters`]), and how a
//! first-stage tagger tagged the word across SaudiNewsNet (the
//! [`TagPrior`]). Context: the same for the neighbours at ±1 and ±2 (forms)
//! and ±1 (stripped forms, shapes, gazetteer, clusters, prior), plus word
//! bigrams. Tag transitions are
//! scored by the tagger itself.
//!
//! Features are 64-bit hashes of (template, value), reduced to a bucket by
//! the tagger's mask, so the model has a fixed size and needs no feature
//! dictionary.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use marsad_arabic::normalize::{normalize_into, NormalizeOptions};
use marsad_arabic::stem::{clitic_split, light_stem};
use marsad_arabic::stopwords::is_stopword;

use super::gazetteer::{Gazetteer, Hit};
use super::prior::TagPrior;

/// Version of the feature set; a model records it and refuses to load under
/// another.
pub const FEATURE_VERSION: u32 = 7;

/// The word clusters shipped with the crate (`models/clusters.tsv`).
pub const CLUSTERS_TSV: &str = include_str!("../../models/clusters.tsv");

/// Word clusters and corpus counts learned from unlabelled text: word →
/// (count, coarse cluster, fine cluster).
#[derive(Clone, Debug, Default)]
pub struct Clusters {
    map: FxHashMap<String, (u32, u16, u16)>,
    checksum: u64,
}

impl Clusters {
    /// The clusters shipped with the crate.
    pub fn builtin() -> &'static Clusters {
        static C: OnceLock<Clusters> = OnceLock::new();
        C.get_or_init(|| Clusters::parse(CLUSTERS_TSV))
    }

    /// Parse `word<TAB>count<TAB>coarse<TAB>fine` lines (`#` comments);
    /// malformed lines are skipped.
    pub fn parse(tsv: &str) -> Clusters {
        let mut map = FxHashMap::default();
        for line in tsv.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut it = line.split('\t');
            let (Some(w), Some(n), Some(c), Some(f)) = (it.next(), it.next(), it.next(), it.next()) else {
                continue;
            };
            let (Ok(n), Ok(c), Ok(f)) = (n.parse(), c.parse(), f.parse()) else {
                continue;
            };
            map.insert(w.to_string(), (n, c, f));
        }
        Clusters { map, checksum: hash_bytes(0x5eed, tsv.as_bytes()) }
    }

    /// A hash of the table, recorded in models trained with it.
    pub fn checksum(&self) -> u64 {
        self.checksum
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// `(count, coarse, fine)` of a Search-normalised word.
    pub fn get(&self, word: &str) -> Option<(u32, u16, u16)> {
        self.map.get(word).copied()
    }

    /// Corpus count of a Search-normalised word (0 when unknown).
    pub fn count(&self, word: &str) -> u32 {
        self.map.get(word).map(|e| e.0).unwrap_or(0)
    }
}

/// A fast 64-bit hash (FxHash-style mixing of 8-byte chunks).
#[inline]
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    }
    let rem = chunks.remainder();
    if !rem.is_empty() {
        let mut b = [0u8; 8];
        b[..rem.len()].copy_from_slice(rem);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    mix(h)
}

#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

#[inline]
fn feat(template: u64, value: u64) -> u64 {
    mix(value ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// What is known about one token, before its context is looked at.
#[derive(Clone, Debug, Default)]
pub struct TokenInfo {
    /// Search-normalised form.
    pub norm: String,
    h_norm: u64,
    h_base: u64,
    h_stem: u64,
    affixes: [u64; 6],
    shape: u8,
    clitics: u8,
    len: u8,
    stop: bool,
    /// Gazetteer code: 0 none, 1..=8 a BIO tag index, 9 nationality, 10
    /// title/role word, 12 a name that is also a common word.
    pub gaz: u8,
    coarse: u16,
    fine: u16,
    /// [`freq_bucket`] of the word's and of its clitic-stripped form's
    /// SaudiNewsNet counts.
    freq: u8,
    base_freq: u8,
    /// Prefixes of 2–3 and suffixes of 1–3 letters of the clitic-stripped
    /// form (`والسعودية` and `السعودية` share them; the word's own affixes
    /// do not).
    base_affixes: [u64; 5],
    /// [`TagPrior`] code of the stripped form (0 unknown).
    prior: u16,
    /// For a word the prior lacks, its character model's guess
    /// ([`NameShapes::guess_code`](super::name_shapes::NameShapes::guess_code)).
    guess: u16,
}

/// A coarse log scale of a corpus count: 0 unknown, then 1..=7. Names,
/// foreign ones above all, are rare words: how rare a word is in the news
/// tells the tagger something its spelling does not.
fn freq_bucket(n: u32) -> u8 {
    match n {
        0 => 0,
        1..=15 => 1,
        16..=63 => 2,
        64..=255 => 3,
        256..=1023 => 4,
        1024..=4095 => 5,
        4096..=16383 => 6,
        _ => 7,
    }
}

const BOS: u64 = 0x0b05;
const EOS: u64 = 0x0e05;

fn shape_of(s: &str) -> u8 {
    let mut arabic = false;
    let mut latin = false;
    let mut upper = false;
    let mut digit = false;
    let mut other = false;
    for c in s.chars() {
        if ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{0750}'..='\u{077F}').contains(&c) {
            arabic = true;
        } else if c.is_ascii_alphabetic() {
            latin = true;
            upper |= c.is_ascii_uppercase();
        } else if c.is_numeric() {
            digit = true;
        } else {
            other = true;
        }
    }
    match (arabic, latin, digit, other) {
        (true, false, false, false) => 1,
        (false, true, false, false) => {
            if upper {
                2
            } else {
                3
            }
        }
        (false, false, true, _) => 4,
        (false, false, false, true) => 5,
        _ => 6,
    }
}

/// Analyse the tokens of one sequence (original spellings) into
/// [`TokenInfo`]s, gazetteer matches included.
pub fn token_infos(tokens: &[&str], gaz: &Gazetteer, clusters: &Clusters, prior: &TagPrior) -> Vec<TokenInfo> {
    let opts = NormalizeOptions::search();
    let mut infos: Vec<TokenInfo> = Vec::with_capacity(tokens.len());
    for t in tokens {
        let mut norm = String::with_capacity(t.len());
        normalize_into(t, &opts, &mut norm);
        let mut info = TokenInfo { shape: shape_of(&norm), ..TokenInfo::default() };
        info.h_norm = hash_bytes(1, norm.as_bytes());
        let (base, clitics) = strip_for_features(&norm);
        info.clitics = clitics;
        info.prior = prior.code(base);
        // The prior's character model speaks for the words the prior lacks
        // only: for all words it lowered the cross-validated F1 (0.755 →
        // 0.750), and so did its guesses for the neighbours (0.753).
        if info.prior == 0 {
            info.guess = prior.shapes().guess_code(base);
        }
        info.h_base = hash_bytes(2, base.as_bytes());
        info.h_stem = hash_bytes(3, light_stem(&norm).as_bytes());
        let n = norm.chars().count();
        info.len = n.min(12) as u8;
        let mut idx = norm.char_indices().map(|(i, _)| i).chain([norm.len()]);
        let _ = idx.next();
        for (k, end) in idx.take(3).enumerate() {
            if k < n {
                info.affixes[k] = hash_bytes(10 + k as u64, &norm.as_bytes()[..end]);
            }
        }
        for (k, (s, _)) in norm.char_indices().rev().take(3).enumerate() {
            info.affixes[3 + k] = hash_bytes(20 + k as u64, &norm.as_bytes()[s..]);
        }
        info.stop = is_stopword(&norm);
        // One lookup per form: the table is consulted for every token.
        let of_norm = clusters.get(&norm);
        let of_base = if base.len() == norm.len() { of_norm } else { clusters.get(base) };
        info.freq = freq_bucket(of_norm.map_or(0, |e| e.0));
        info.base_freq = freq_bucket(of_base.map_or(0, |e| e.0));
        if base.chars().nth(2).is_some() {
            let b = base.as_bytes();
            let mut pre = base.char_indices().map(|(i, _)| i).skip(2);
            let (p2, p3) = (pre.next().unwrap_or(b.len()), pre.next().unwrap_or(b.len()));
            let mut suf = base.char_indices().rev().map(|(i, _)| i);
            let (s1, s2, s3) = (suf.next().unwrap_or(0), suf.next().unwrap_or(0), suf.next().unwrap_or(0));
            info.base_affixes = [
                hash_bytes(40, &b[..p2]),
                hash_bytes(41, &b[..p3]),
                hash_bytes(42, &b[s1..]),
                hash_bytes(43, &b[s2..]),
                hash_bytes(44, &b[s3..]),
            ];
        }
        if let Some((_, c, f)) = of_base.or(of_norm) {
            info.coarse = c + 1;
            info.fine = f + 1;
        }
        info.norm = norm;
        infos.push(info);
    }
    // Gazetteer: greedy longest matches from left to right.
    let words: Vec<String> = infos.iter().map(|i| i.norm.replace('ة', "ه")).collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    for m in gaz.matches(&refs, |i| infos[i].shape == 1) {
        // A name that is also a common word (مالي "financial", بنين "sons",
        // جدة "grandmother") gets its own code: the tagger learns to read the
        // context instead of trusting the table.
        let (b, inside) = match m.hit {
            Hit::Entity(_) if m.ambiguous => (12, 12),
            Hit::Entity(e) => {
                let k = gaz.entries()[e].kind;
                (super::Tag::begin(k).index() as u8, super::Tag::inside(k).index() as u8)
            }
            Hit::Nationality(_) => (9, 9),
            Hit::Title(_) | Hit::Role(..) => (10, 10),
        };
        infos[m.start].gaz = b;
        for info in &mut infos[m.start + 1..m.start + m.len] {
            info.gaz = inside;
        }
    }
    infos
}

/// The form of a word used for the `base` features: without conjunction,
/// preposition and article (more eagerly than
/// [`clitic_split`], which is fine for features), and flags of what was
/// taken off.
pub(crate) fn strip_for_features(norm: &str) -> (&str, u8) {
    let split = clitic_split(norm);
    if split.article {
        let flags = 1
            | if split.proclitics.iter().any(|p| *p == "و" || *p == "ف") { 2 } else { 0 }
            | if split.proclitics.len() >= 2 { 4 } else { 0 };
        return (split.base, flags);
    }
    let mut s = norm;
    let mut flags = 0;
    if s.chars().count() >= 5 && (s.starts_with('و') || s.starts_with('ف')) {
        s = &s[2..];
        flags |= 2;
    }
    if s.chars().count() >= 5 && (s.starts_with('ب') || s.starts_with('ل') || s.starts_with('ك')) {
        s = &s[2..];
        flags |= 8;
    }
    (s, flags)
}

/// Append the hashed features of token `i` to `out`.
pub fn features_at(infos: &[TokenInfo], i: usize, out: &mut Vec<u64>) {
    let n = infos.len();
    let at = |d: isize| -> Option<&TokenInfo> {
        let j = i as isize + d;
        if j < 0 || j >= n as isize {
            None
        } else {
            Some(&infos[j as usize])
        }
    };
    let norm = |d: isize| at(d).map(|t| t.h_norm).unwrap_or(if d < 0 { BOS } else { EOS });
    let base = |d: isize| at(d).map(|t| t.h_base).unwrap_or(if d < 0 { BOS } else { EOS });
    let shape = |d: isize| at(d).map(|t| t.shape as u64).unwrap_or(if d < 0 { 7 } else { 8 });
    let gaz = |d: isize| at(d).map(|t| t.gaz as u64).unwrap_or(11);
    let coarse = |d: isize| at(d).map(|t| t.coarse as u64).unwrap_or(0xffff);
    let fine = |d: isize| at(d).map(|t| t.fine as u64).unwrap_or(0xffff);
    let t = &infos[i];
    out.push(feat(0, 0));
    out.push(feat(1, norm(0)));
    out.push(feat(2, norm(-1)));
    out.push(feat(3, norm(1)));
    out.push(feat(4, norm(-2)));
    out.push(feat(5, norm(2)));
    out.push(feat(6, base(0)));
    out.push(feat(7, base(-1)));
    out.push(feat(8, base(1)));
    out.push(feat(9, t.h_stem));
    for (k, a) in t.affixes.iter().enumerate() {
        if *a != 0 {
            out.push(feat(10 + k as u64, *a));
        }
    }
    out.push(feat(16, shape(0)));
    out.push(feat(17, shape(-1) << 8 | shape(0) << 4 | shape(1)));
    out.push(feat(18, t.clitics as u64));
    out.push(feat(19, gaz(0)));
    out.push(feat(20, gaz(-1)));
    out.push(feat(21, gaz(1)));
    out.push(feat(22, gaz(0) << 8 | gaz(1)));
    out.push(feat(23, norm(-1) ^ norm(0).rotate_left(17)));
    out.push(feat(24, norm(0) ^ norm(1).rotate_left(17)));
    if t.coarse != 0 {
        out.push(feat(25, coarse(0)));
        out.push(feat(26, fine(0)));
    } else {
        out.push(feat(25, 0));
    }
    out.push(feat(27, coarse(-1)));
    out.push(feat(28, coarse(1)));
    out.push(feat(29, fine(-1)));
    out.push(feat(30, fine(1)));
    out.push(feat(31, (t.len as u64) << 4 | shape(0)));
    out.push(feat(32, t.stop as u64));
    out.push(feat(33, base(-1) ^ gaz(0)));
    out.push(feat(34, coarse(0) << 16 | coarse(1)));
    out.push(feat(35, t.freq as u64));
    out.push(feat(36, t.base_freq as u64));
    out.push(feat(37, (t.base_freq as u64) << 4 | shape(0)));
    for (k, a) in t.base_affixes.iter().enumerate() {
        if *a != 0 {
            out.push(feat(38 + k as u64, *a));
        }
    }
    let prior = |d: isize| at(d).map(|t| t.prior as u64).unwrap_or(0xffff);
    out.push(feat(43, prior(0)));
    out.push(feat(44, prior(-1)));
    out.push(feat(45, prior(1)));
    out.push(feat(46, prior(0) << 16 | prior(1)));
    if t.guess != 0 {
        out.push(feat(47, t.guess as u64));
    }
}

/// Features of every token of a sequence, as `(offsets, features)`: token
/// `i` has `feats[offsets[i]..offsets[i + 1]]`.
pub fn sequence_features(
    tokens: &[&str],
    gaz: &Gazetteer,
    clusters: &Clusters,
    prior: &TagPrior,
) -> (Vec<usize>, Vec<u64>) {
    let infos = token_infos(tokens, gaz, clusters, prior);
    let mut offsets = Vec::with_capacity(tokens.len() + 1);
    let mut feats = Vec::with_capacity(tokens.len() * 40);
    offsets.push(0);
    for i in 0..infos.len() {
        features_at(&infos, i, &mut feats);
        offsets.push(feats.len());
    }
    (offsets, feats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_codes() {
        let toks = ["زار", "بيونغ", "يانغ", "رئيس", "الوزراء", "الياباني"];
        let infos = token_infos(&toks, Gazetteer::builtin(), &Clusters::default(), &TagPrior::empty());
        let codes: Vec<u8> = infos.iter().map(|i| i.gaz).collect();
        assert_eq!(codes, [0, 3, 4, 10, 10, 9]);
        // A name that is also a common word (جدة "grandmother") has its own
        // code, so the tagger weighs the context.
        let infos = token_infos(&["وصل", "إلى", "جدة"], Gazetteer::builtin(), &Clusters::default(), &TagPrior::empty());
        assert_eq!(infos[2].gaz, 12);
    }

    #[test]
    fn features_are_deterministic() {
        let toks = ["وقال", "ترامب", "إن", "واشنطن", "ستتفاوض", "."];
        let a = sequence_features(&toks, Gazetteer::builtin(), &Clusters::default(), &TagPrior::empty());
        let b = sequence_features(&toks, Gazetteer::builtin(), &Clusters::default(), &TagPrior::empty());
        assert_eq!(a, b);
        assert_eq!(a.0.len(), toks.len() + 1);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape_of("ترامب"), 1);
        assert_eq!(shape_of("CNN"), 2);
        assert_eq!(shape_of("2025"), 4);
        assert_eq!(shape_of("."), 5);
    }
}
