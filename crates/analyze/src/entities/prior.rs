//! The corpus tag prior: how a first-stage tagger tagged each word across
//! unlabelled news, fed back to the tagger as a feature.
//!
//! ANERcorp has 125k tokens; most names a news monitor meets are not in it.
//! But a name the tagger misses in one sentence is usually tagged right in
//! many others, where the context is plainer (`الوزير كيري`, `قال كيري`).
//! Tagging all of SaudiNewsNet once and counting, per word, how often it
//! was tagged B-/I- of each kind or `O` turns those many easy contexts into
//! evidence for the hard one: a word tagged PERS in 80 % of its 400
//! occurrences is a name even where its own sentence says little. This is
//! the "prediction aggregation" of Ratinov & Roth (2009) taken to the
//! corpus level, and it is why the shipped model is trained in two stages:
//!
//! 1. train on ANERcorp with an empty prior ([`TagPrior::empty`]);
//! 2. tag the unlabelled corpus with it and count ([`TagCounts`]); the
//!    counts are `models/tag-prior.tsv`;
//! 3. train again, now with the prior's features.
//!
//! `marsad train ner-prior` does steps 1–2, `marsad train ner` step 3.
//! Cross-validation runs all three per fold (`marsad eval ner --folds 5
//! --unlabelled …`), so no fold's names leak into its own prior.
//!
//! ```
//! use marsad_analyze::entities::prior::TagPrior;
//! let p = TagPrior::parse("كيري\t40\t0\t160\t0\t0\t0\t0\t0\t0\n");
//! assert_ne!(p.code("كيري"), 0); // known, and mostly I-PERS
//! assert_eq!(p.code("جونسون"), 0); // unknown
//! ```

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use super::features::{hash_bytes, strip_for_features};
use super::name_shapes::NameShapes;
use super::{Tag, Tagger};
use marsad_arabic::normalize::{normalize_into, NormalizeOptions};

/// The prior shipped with the crate (`models/tag-prior.tsv`).
pub const TAG_PRIOR_TSV: &str = include_str!("../../models/tag-prior.tsv");

/// Words seen fewer times than this are left out of a table: their ratios
/// are noise.
pub const MIN_COUNT: u32 = 3;

/// One word's entry: its code and how often it was seen, and inside a name.
#[derive(Clone, Copy, Debug, Default)]
struct Row {
    code: u16,
    seen: u32,
    named: u32,
}

/// Per word (Search-normalised, clitic-stripped), a small code of how it was
/// tagged: which kind dominates, how often it is part of a name at all, and
/// whether it usually begins or continues one.
#[derive(Clone, Debug, Default)]
pub struct TagPrior {
    map: FxHashMap<String, Row>,
    checksum: u64,
    /// The character model of the table's words, for the words it lacks.
    shapes: Arc<NameShapes>,
}

impl TagPrior {
    /// The prior shipped with the crate.
    pub fn builtin() -> Arc<TagPrior> {
        static P: OnceLock<Arc<TagPrior>> = OnceLock::new();
        P.get_or_init(|| Arc::new(TagPrior::parse(TAG_PRIOR_TSV))).clone()
    }

    /// No prior at all (the first training stage).
    pub fn empty() -> TagPrior {
        TagPrior { map: FxHashMap::default(), checksum: 0, shapes: Arc::default() }
    }

    /// An empty table that records another table's checksum (a model
    /// trained with a prior this library does not ship).
    pub(crate) fn empty_with_checksum(checksum: u64) -> TagPrior {
        TagPrior { map: FxHashMap::default(), checksum, shapes: Arc::default() }
    }

    /// Parse `word<TAB>O<TAB>B-PERS<TAB>I-PERS<TAB>B-LOC<TAB>I-LOC<TAB>B-ORG
    /// <TAB>I-ORG<TAB>B-MISC<TAB>I-MISC` lines of counts (`#` comments);
    /// malformed lines and words seen fewer than [`MIN_COUNT`] times are
    /// skipped.
    pub fn parse(tsv: &str) -> TagPrior {
        let mut map = FxHashMap::default();
        let mut rows: Vec<(&str, [u32; Tag::COUNT])> = Vec::new();
        for line in tsv.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut it = line.split('\t');
            let Some(word) = it.next() else { continue };
            let mut counts = [0u32; Tag::COUNT];
            let mut n = 0;
            for (slot, field) in counts.iter_mut().zip(&mut it) {
                match field.parse() {
                    Ok(v) => *slot = v,
                    Err(_) => break,
                }
                n += 1;
            }
            if n != Tag::COUNT || it.next().is_some() {
                continue;
            }
            if let Some(code) = code_of(&counts) {
                let seen = counts.iter().sum();
                map.insert(word.to_string(), Row { code, seen, named: seen - counts[0] });
                rows.push((word, counts));
            }
        }
        let shapes = Arc::new(NameShapes::train(&rows));
        TagPrior { map, checksum: hash_bytes(0x9a10, tsv.as_bytes()), shapes }
    }

    /// A hash of the table, recorded in models trained with it (0 for the
    /// empty prior).
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

    /// The code of a key (see [`prior_key`]); 0 when unknown.
    pub fn code(&self, key: &str) -> u16 {
        self.map.get(key).map_or(0, |r| r.code)
    }

    /// How often the key was seen in the corpus, and how often inside a
    /// name; `None` when the table lacks it.
    pub fn seen_and_named(&self, key: &str) -> Option<(u32, u32)> {
        self.map.get(key).map(|r| (r.seen, r.named))
    }

    /// The character model trained on the table's words.
    pub fn shapes(&self) -> &NameShapes {
        &self.shapes
    }
}

/// The bucket (1–6) of the share of a word's occurrences inside a name, in
/// a prior code.
pub(crate) fn share_bucket(share: f64) -> u16 {
    match share {
        s if s < 0.02 => 1,
        s if s < 0.1 => 2,
        s if s < 0.3 => 3,
        s if s < 0.6 => 4,
        s if s < 0.9 => 5,
        _ => 6,
    }
}

/// Code of a word's tag counts: `kind << 6 | share << 2 | position`, where
/// `kind` is the most frequent kind (1–4, 0 if never a name), `share` a
/// bucket (1–6) of the fraction of its occurrences inside a name, and
/// `position` (1–3) whether it mostly begins, sometimes begins, or mostly
/// continues one. Never 0 for a known word.
fn code_of(counts: &[u32; Tag::COUNT]) -> Option<u16> {
    let total: u32 = counts.iter().sum();
    if total < MIN_COUNT {
        return None;
    }
    let mut kinds = [0u32; 4];
    let (mut begins, mut inside) = (0u32, 0u32);
    for (k, slot) in kinds.iter_mut().enumerate() {
        *slot = counts[1 + 2 * k] + counts[2 + 2 * k];
        begins += counts[1 + 2 * k];
        inside += *slot;
    }
    let bucket = share_bucket(inside as f64 / total as f64);
    let (kind, position) = if inside == 0 {
        (0, 0)
    } else {
        // The first of equally frequent kinds, for determinism.
        let mut best = 0;
        for k in 1..4 {
            if kinds[k] > kinds[best] {
                best = k;
            }
        }
        let b = begins as f64 / inside as f64;
        (
            1 + best as u16,
            if b < 0.33 {
                1
            } else if b < 0.67 {
                2
            } else {
                3
            },
        )
    };
    Some(kind << 6 | bucket << 2 | position)
}

/// The key a token is counted and looked up under: its Search-normalised
/// form without conjunction, preposition and article (`وللسعودية` and
/// `السعودية` meet).
pub fn prior_key(token: &str) -> String {
    let mut norm = String::with_capacity(token.len());
    normalize_into(token, &NormalizeOptions::search(), &mut norm);
    strip_for_features(&norm).0.to_string()
}

/// Tag counts per word, gathered by tagging unlabelled text.
#[derive(Clone, Debug, Default)]
pub struct TagCounts {
    map: FxHashMap<String, [u32; Tag::COUNT]>,
}

impl TagCounts {
    /// No counts yet.
    pub fn new() -> TagCounts {
        TagCounts::default()
    }

    /// Tag `text` with `tagger` and count each token's tag under its key.
    pub fn add_text(&mut self, tagger: &Tagger, text: &str) {
        let (ranges, tags) = tagger.tag_text(text);
        for ((s, e), t) in ranges.iter().zip(&tags) {
            let key = prior_key(&text[*s..*e]);
            if !key.is_empty() {
                self.map.entry(key).or_default()[t.index()] += 1;
            }
        }
    }

    /// Words counted.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The table (words seen at least [`MIN_COUNT`] times, sorted), in the
    /// format [`TagPrior::parse`] reads, under a header comment.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut rows: Vec<(&String, &[u32; Tag::COUNT])> =
            self.map.iter().filter(|(_, c)| c.iter().sum::<u32>() >= MIN_COUNT).collect();
        rows.sort();
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("# word\tO\tB-PERS\tI-PERS\tB-LOC\tI-LOC\tB-ORG\tI-ORG\tB-MISC\tI-MISC\n");
        for (w, c) in rows {
            out.push_str(w);
            for v in c {
                out.push('\t');
                out.push_str(&v.to_string());
            }
            out.push('\n');
        }
        out
    }

    /// The prior these counts give: [`TagPrior::parse`] of
    /// [`TagCounts::to_tsv`] without a header, so the table, its filtering
    /// and its checksum are exactly those of the written file's rows (once
    /// per cross-validation fold; the text costs a few megabytes).
    pub fn to_prior(&self) -> TagPrior {
        TagPrior::parse(&self.to_tsv(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_say_kind_share_and_position() {
        // Mostly I-PERS (a family name).
        let p = TagPrior::parse("كيري\t40\t0\t160\t0\t0\t0\t0\t0\t0\n");
        let c = p.code("كيري");
        assert_eq!(c >> 6, 1);
        assert_eq!(c >> 2 & 0xf, 5);
        assert_eq!(c & 3, 1);
        // Never a name, but known: non-zero.
        let p = TagPrior::parse("قال\t900\t0\t0\t0\t0\t0\t0\t0\t0\n");
        assert_eq!(p.code("قال"), 1 << 2);
        // Too rare, malformed, or a comment: not in the table.
        let p =
            TagPrior::parse("# x\nنادر\t1\t1\t0\t0\t0\t0\t0\t0\t0\nسيء\t1\t2\nسيء2\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\n");
        assert!(p.is_empty());
    }

    #[test]
    fn keys_fold_clitics_and_spelling() {
        assert_eq!(prior_key("وللسعوديّة"), prior_key("السعودية"));
        assert_eq!(prior_key("والرياض"), prior_key("الرياض"));
    }

    #[test]
    fn counts_round_trip() {
        let mut c = TagCounts::new();
        let t = Tagger::builtin();
        for _ in 0..3 {
            c.add_text(t, "وصل الرئيس إلى الرياض أمس.");
        }
        let tsv = c.to_tsv("test");
        assert!(tsv.starts_with("# test\n# word\t"));
        let p = TagPrior::parse(&tsv);
        assert_eq!(p.len(), c.len());
        assert_eq!(p.code(&prior_key("الرياض")) >> 6, 2, "{tsv}");
        assert_eq!(p.code(&prior_key("وصل")) >> 6, 0);
    }

    #[test]
    fn builtin_prior_is_loaded() {
        assert!(TagPrior::builtin().len() > 1000);
    }
}
