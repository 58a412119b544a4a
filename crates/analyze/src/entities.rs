//! Named entities: recognition, one canonical name per entity, and a corpus
//! index.
//!
//! The pipeline, per article:
//!
//! 1. **Recognition** ([`tagger`]): the text is tokenised with
//!    [`marsad_arabic::tokenize`], each token gets hashed features
//!    ([`features`]: normalised and clitic-stripped forms, affixes, shape,
//!    neighbours, gazetteer hits, word clusters learned from SaudiNewsNet,
//!    how a first-stage tagger tagged each word across SaudiNewsNet,
//!    [`prior`], and for a word SaudiNewsNet lacks, what its letters say,
//!    [`name_shapes`]) and a structured averaged perceptron with first-order Viterbi decoding over
//!    BIO tags (`PERS`, `LOC`, `ORG`, `MISC`) labels them. The trained model
//!    is embedded in the library ([`Tagger::builtin`]); `models/README.md`
//!    says how it was trained.
//! 2. **Canonicalisation** ([`canonical`]): tagged spans lose their
//!    clitics (`وترامب` → `ترامب`), meet the team-written alias table
//!    ([`gazetteer`], `data/aliases.tsv`, completed by the Arabic names of
//!    every country and territory, and of the cities time zones are named
//!    after, from the Unicode CLDR, `data/cldr-regions-ar.tsv`), fold transliteration variants
//!    through a skeleton key (`جونج`/`جونغ`, `ترامب`/`ترمب`), short names
//!    join the full name said earlier in the article (`ترامب` →
//!    `دونالد ترامب`), nationality adjectives stand for their country
//!    (`الياباني` → `اليابان`), and roles are resolved to the person the
//!    article names in them (`الرئيس الأمريكي دونالد ترامب` … `رئيس البيت
//!    الأبيض` → `دونالد ترامب`).
//! 3. **Corpus index** ([`index`]): entity → articles, stories, mentions by
//!    day and co-occurring entities.
//!
//! ```
//! use marsad_analyze::entities::{extract_entities, EntityKind};
//!
//! let text = "قال الرئيس الأمريكي دونالد ترامب إن واشنطن تدعم طوكيو. وأكد ترمب ذلك.";
//! let ents = extract_entities(text);
//! let trump = ents.iter().find(|e| e.canonical == "دونالد ترامب").unwrap();
//! assert_eq!(trump.kind, EntityKind::Pers);
//! assert!(trump.mentions.iter().any(|m| m.text == "ترمب"));
//! assert!(trump.mentions.iter().any(|m| m.text == "الرئيس الأمريكي"));
//! assert!(ents.iter().any(|e| e.canonical == "الولايات المتحدة"));
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

pub mod canonical;
pub mod conll;
pub mod consistency;
pub mod features;
pub mod gazetteer;
pub mod index;
pub mod kinds;
pub mod lone_names;
pub mod name_shapes;
pub mod person_names;
pub mod prior;
pub mod skeleton;
pub mod tagger;

pub use canonical::{extract_entities, Entity, EntityExtractor, Mention, MentionVia};
pub use conll::{
    cross_validate, cross_validate_two_stage, evaluate, evaluate_model, read_conll, CvReport, Scores, Sentence,
    TypeScores,
};
pub use gazetteer::Gazetteer;
pub use index::{EntityIndex, EntityStats};
pub use tagger::{RawMention, Tagger, TrainOptions};

/// The kind of a named entity (ANERcorp's four classes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    /// A person.
    #[serde(rename = "PERS")]
    Pers,
    /// A place: country, city, region, geographic feature.
    #[serde(rename = "LOC")]
    Loc,
    /// An organisation: government body, company, party, media outlet, team.
    #[serde(rename = "ORG")]
    Org,
    /// Anything else with a name: events, products, nationalities as nouns.
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityKind {
    /// All kinds, in tag order.
    pub const ALL: [EntityKind; 4] = [EntityKind::Pers, EntityKind::Loc, EntityKind::Org, EntityKind::Misc];

    /// `PERS`, `LOC`, `ORG` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Pers => "PERS",
            EntityKind::Loc => "LOC",
            EntityKind::Org => "ORG",
            EntityKind::Misc => "MISC",
        }
    }

    /// Parse `PERS`/`PER`, `LOC`, `ORG`, `MISC` (any case).
    pub fn parse(s: &str) -> Option<EntityKind> {
        match s.to_ascii_uppercase().as_str() {
            "PERS" | "PER" => Some(EntityKind::Pers),
            "LOC" => Some(EntityKind::Loc),
            "ORG" => Some(EntityKind::Org),
            "MISC" => Some(EntityKind::Misc),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A BIO tag: `O`, or `B-`/`I-` and a kind. Encoded as a small integer
/// (`0` = `O`, `1 + 2k` = `B-k`, `2 + 2k` = `I-k`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(u8);

impl Tag {
    /// Number of distinct tags.
    pub const COUNT: usize = 9;
    /// Outside any entity.
    pub const O: Tag = Tag(0);

    /// `B-kind`.
    pub fn begin(kind: EntityKind) -> Tag {
        Tag(1 + 2 * kind.index() as u8)
    }

    /// `I-kind`.
    pub fn inside(kind: EntityKind) -> Tag {
        Tag(2 + 2 * kind.index() as u8)
    }

    /// The tag with this index (`index < COUNT`).
    pub fn from_index(i: usize) -> Tag {
        debug_assert!(i < Self::COUNT);
        Tag(i as u8)
    }

    /// Its index, `0..COUNT`.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The kind, unless `O`.
    pub fn kind(self) -> Option<EntityKind> {
        if self.0 == 0 {
            None
        } else {
            Some(EntityKind::ALL[((self.0 - 1) / 2) as usize])
        }
    }

    /// Whether this is a `B-` tag.
    pub fn is_begin(self) -> bool {
        self.0 != 0 && self.0 % 2 == 1
    }

    /// Whether this is an `I-` tag.
    pub fn is_inside(self) -> bool {
        self.0 != 0 && self.0 % 2 == 0
    }

    /// Parse `O`, `B-PERS`, `I-LOC`, … (`PER` is accepted for `PERS`).
    pub fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::O);
        }
        let (bi, k) = s.split_once('-')?;
        let kind = EntityKind::parse(k)?;
        match bi {
            "B" => Some(Tag::begin(kind)),
            "I" => Some(Tag::inside(kind)),
            _ => None,
        }
    }

    /// Whether `next` may follow `self` in a well-formed BIO sequence.
    pub fn allows(self, next: Tag) -> bool {
        if !next.is_inside() {
            return true;
        }
        self != Tag::O && self.kind() == next.kind()
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            None => f.write_str("O"),
            Some(k) => write!(f, "{}-{}", if self.is_begin() { "B" } else { "I" }, k),
        }
    }
}

/// Spans `(start, end_exclusive, kind)` over token indices of a BIO tag
/// sequence, the conlleval way: an `I-` that does not continue an entity of
/// its kind starts a new one.
pub fn bio_spans(tags: &[Tag]) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, EntityKind)> = None;
    for (i, t) in tags.iter().enumerate() {
        let k = t.kind();
        let continues = t.is_inside() && cur.map(|(_, ck)| Some(ck) == k).unwrap_or(false);
        if continues {
            continue;
        }
        if let Some((s, ck)) = cur.take() {
            out.push((s, i, ck));
        }
        if let Some(k) = k {
            cur = Some((i, k));
        }
    }
    if let Some((s, ck)) = cur {
        out.push((s, tags.len(), ck));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for i in 0..Tag::COUNT {
            let t = Tag::from_index(i);
            assert_eq!(Tag::parse(&t.to_string()), Some(t));
        }
        assert_eq!(Tag::parse("B-PER"), Some(Tag::begin(EntityKind::Pers)));
        assert_eq!(Tag::parse("X-PER"), None);
        assert!(!Tag::O.allows(Tag::inside(EntityKind::Loc)));
        assert!(Tag::begin(EntityKind::Loc).allows(Tag::inside(EntityKind::Loc)));
        assert!(!Tag::begin(EntityKind::Org).allows(Tag::inside(EntityKind::Loc)));
    }

    #[test]
    fn spans_conlleval_style() {
        let t = |s: &str| Tag::parse(s).unwrap();
        let tags = [t("B-PERS"), t("I-PERS"), t("O"), t("I-LOC"), t("B-LOC"), t("I-ORG")];
        assert_eq!(
            bio_spans(&tags),
            vec![(0, 2, EntityKind::Pers), (3, 4, EntityKind::Loc), (4, 5, EntityKind::Loc), (5, 6, EntityKind::Org)]
        );
    }
}
