//! Across articles: one name, one kind.
//!
//! The tagger decides a name's kind from its sentence, so a name the corpus
//! nearly always reads as one kind is now and then another: `سعود الفيصل` a
//! person in 116 SaudiNewsNet articles and "other" (MISC) in 5, `ليفربول`
//! an organisation (the club) in 112 and a place or "other" in 5,
//! `الكعبة` "other" in 52 and a place in 2. Each reading is an entity of
//! its own (the kind is part of an entity's id), so the index showed the
//! stray readings as separate entities and left their articles out of the
//! name's count.
//!
//! [`merge_kinds`] joins an entity to the entity of the same name (the same
//! [`word_key`]) and another kind when that other kind holds at least
//! [`MIN_KIND_SHARE`] of the name's articles, in at least
//! [`MIN_KIND_ARTICLES`] of them. Names that are two things in earnest keep
//! both readings: `ميلان` (the club in 72 articles, the city in 37),
//! `الجزيرة` (the channel in 276 articles; in 26, Syria's Jazira region, a
//! Riyadh park or the Arabian peninsula: a share of 0.9 would have made
//! them the channel), `فارس` (a given name, and Persia).
//!
//! ```
//! use marsad_analyze::entities::kinds::merge_kinds;
//! use marsad_analyze::entities::person_names::CorpusEntity;
//! use marsad_analyze::entities::EntityKind;
//!
//! let person = CorpusEntity::new("pers-1", "خالد الفيصل", EntityKind::Pers, (0..40).collect());
//! let stray = CorpusEntity::new("misc-1", "خالد الفيصل", EntityKind::Misc, vec![40]);
//! let club = CorpusEntity::new("org-1", "ميلان", EntityKind::Org, (0..20).collect());
//! let city = CorpusEntity::new("loc-1", "ميلان", EntityKind::Loc, (20..30).collect());
//! let merges = merge_kinds(&[person, stray, club, city]);
//! assert_eq!(merges.len(), 1);
//! assert_eq!((merges[0].raw_id.as_str(), merges[0].id.as_str()), ("misc-1", "pers-1"));
//! ```

use std::collections::HashMap;

use super::person_names::{CorpusEntity, NameMerge};
use super::skeleton::word_key;

/// Least share of a name's articles (all kinds counted) its main kind must
/// hold for the other readings to join it.
pub const MIN_KIND_SHARE: f64 = 0.95;

/// Least number of articles the main reading must be found in.
pub const MIN_KIND_ARTICLES: usize = 10;

/// The entities that are a stray reading of a name another kind holds (see
/// the module docs), each joined to that kind's entity. Deterministic: in
/// order of `raw_id`.
pub fn merge_kinds(entities: &[CorpusEntity]) -> Vec<NameMerge> {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        let key = word_key(&e.canonical).split_whitespace().collect::<Vec<_>>().join(" ");
        if !key.is_empty() {
            by_name.entry(key).or_default().push(i);
        }
    }
    let mut merges = Vec::new();
    for members in by_name.values() {
        if members.iter().all(|&i| entities[i].kind == entities[members[0]].kind) {
            continue;
        }
        // The main reading: the entity in most articles (ties: the smaller
        // id, so the result does not depend on the input's order).
        let main = *members
            .iter()
            .max_by(|&&a, &&b| {
                let (ea, eb) = (&entities[a], &entities[b]);
                ea.articles.len().cmp(&eb.articles.len()).then_with(|| eb.id.cmp(&ea.id))
            })
            .expect("a group has members");
        let main_kind = entities[main].kind;
        let of_kind: usize =
            members.iter().filter(|&&i| entities[i].kind == main_kind).map(|&i| entities[i].articles.len()).sum();
        let all: usize = members.iter().map(|&i| entities[i].articles.len()).sum();
        if entities[main].articles.len() < MIN_KIND_ARTICLES || (of_kind as f64) < MIN_KIND_SHARE * all as f64 {
            continue;
        }
        for &i in members {
            if entities[i].kind != main_kind {
                merges.push(NameMerge {
                    raw_id: entities[i].id.clone(),
                    id: entities[main].id.clone(),
                    canonical: entities[main].canonical.clone(),
                });
            }
        }
    }
    merges.sort_by(|a, b| a.raw_id.cmp(&b.raw_id));
    merges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::EntityKind;

    fn ent(id: &str, name: &str, kind: EntityKind, from: u32, n: u32) -> CorpusEntity {
        CorpusEntity::new(id, name, kind, (from..from + n).collect())
    }

    #[test]
    fn stray_readings_join_the_main_one_and_real_ambiguity_stays() {
        let entities = [
            ent("loc-su", "الاتحاد السوفيتي", EntityKind::Loc, 0, 33),
            ent("org-su", "الاتحاد السوفييتي", EntityKind::Org, 33, 1),
            ent("org-su2", "الإتحاد السوفيتي", EntityKind::Org, 34, 1),
            ent("misc-win", "ويندوز", EntityKind::Misc, 0, 30),
            ent("pers-win", "ويندوز", EntityKind::Pers, 40, 1),
            // 30 of 32 articles is under the share: both readings stay.
            ent("misc-q", "الكواليس", EntityKind::Misc, 0, 30),
            ent("pers-q", "الكواليس", EntityKind::Pers, 40, 2),
            // Two things in earnest: the club and the city.
            ent("org-milan", "ميلان", EntityKind::Org, 0, 72),
            ent("loc-milan", "ميلان", EntityKind::Loc, 80, 37),
            // Too few articles to say which reading is the name's.
            ent("pers-x", "سعد دوابشة", EntityKind::Pers, 0, 9),
            ent("misc-x", "سعد دوابشة", EntityKind::Misc, 9, 1),
        ];
        let merges = merge_kinds(&entities);
        let pairs: Vec<(&str, &str, &str)> =
            merges.iter().map(|m| (m.raw_id.as_str(), m.id.as_str(), m.canonical.as_str())).collect();
        // `السوفييتي` is another spelling, not the same key: it stays.
        assert_eq!(pairs, [("org-su2", "loc-su", "الاتحاد السوفيتي"), ("pers-win", "misc-win", "ويندوز")]);
    }

    #[test]
    fn no_entities_no_merges() {
        assert!(merge_kinds(&[]).is_empty());
        assert!(merge_kinds(&[ent("loc-a", "مكة", EntityKind::Loc, 0, 50)]).is_empty());
    }
}
