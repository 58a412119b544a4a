//! Across articles: a family name written alone, read as the person the
//! corpus names in full.
//!
//! An article that names `علي عبدالله صالح` once and `صالح` after that has
//! its `صالح` resolved to him by the resolver. Many articles never write
//! the full name: they say `صالح`, `الأسد`, `المالكي`, `بولوني`, as their
//! readers know who is meant. Those were entities of their own (`صالح` in
//! 224 SaudiNewsNet articles, `الأسد` in 85), apart from the person.
//!
//! A lone name is not one person across the corpus: `المالكي` is `نوري
//! المالكي` in an article on Iraq and `فايز المالكي` in one on Saudi
//! television. So the decision is taken **per article**, from the company
//! the name keeps there. [`resolve_lone_names`] joins a one-word person
//! name in an article to a person of the corpus when
//!
//! 1. **the name is a family name**: the corpus's persons end with it
//!    (after a name that is not `بن`, `آل`, `أبو`…) at least half as often
//!    as they begin with it, so `محمد`, `عبدالله`, `حسين` alone are left as
//!    they are, while `صالح` (a first name too, but above all Ali Abdullah
//!    Saleh's) is read;
//! 2. **the person is a person**: found in at least [`MIN_TARGET_ARTICLES`]
//!    articles, and the first word of the name (titles aside) is a given
//!    name: it begins at least three persons' names of the corpus, begins
//!    names at least as often as it ends them, has no `ال` and is no
//!    particle. This keeps out tagger accidents such as `فإن صالح`, `كوكب
//!    بلوتو` or `بلاتر التوفيق`;
//! 3. **the company agrees**: the article's other entities are those the
//!    person is found with. The score is the IDF-weighted share of the
//!    article's entities, each counted by how often it stands beside the
//!    person, at least [`MIN_CONTEXT`];
//! 4. **there is one answer**: candidates are weighed by score × √articles
//!    (the famous bearer of a name is the likelier one), and the best must
//!    weigh [`MARGIN`] times the next.
//!
//! A person the article itself names in full with that family name comes
//! before all this: the resolver sometimes leaves `اللواء المقدشي` or
//! `للجاسر` beside `محمد المقدشي` and `عمر الجاسر`, and the lone name is read
//! as that person (as no one, when the article names two). `الدين` and
//! `الله`, the second halves of compound names, are never read.
//!
//! ```
//! use marsad_analyze::entities::lone_names::resolve_lone_names;
//! use marsad_analyze::entities::person_names::CorpusEntity;
//! use marsad_analyze::entities::EntityKind;
//!
//! let pers = |id: &str, name: &str, a: Vec<u32>| CorpusEntity::new(id, name, EntityKind::Pers, a);
//! let loc = |id: &str, name: &str, a: Vec<u32>| CorpusEntity::new(id, name, EntityKind::Loc, a);
//! let entities = vec![
//!     // Three persons called بشار: the word begins names in this corpus.
//!     pers("pers-bashar", "بشار الأسد", (0..20).collect()),
//!     pers("pers-b1", "بشار الجعفري", (20..23).collect()),
//!     pers("pers-b2", "بشار حكمت", (23..26).collect()),
//!     // Article 30 says `الأسد` alone, beside Syria.
//!     pers("pers-lone", "الأسد", vec![30]),
//!     loc("loc-syria", "سوريا", (0..20).chain([30]).collect()),
//!     loc("loc-riyadh", "الرياض", (20..30).collect()),
//! ];
//! let joined = resolve_lone_names(&entities, &[]);
//! assert_eq!(joined.len(), 1);
//! assert_eq!((joined[0].article, joined[0].id.as_str()), (30, "pers-bashar"));
//! assert_eq!(joined[0].canonical, "بشار الأسد");
//! ```

use std::collections::{HashMap, HashSet};

use super::person_names::{name_words, CorpusEntity, NameMerge, TITLES};
use super::skeleton::{skeleton, word_key};
use super::EntityKind;

/// Least number of articles a person is found in to be read into a lone name.
pub const MIN_TARGET_ARTICLES: usize = 5;

/// Least IDF-weighted share of an article's entities the person keeps
/// company with.
pub const MIN_CONTEXT: f64 = 0.1;

/// How many times the best candidate's weight must exceed the next one's.
pub const MARGIN: f64 = 2.0;

/// Least number of the corpus's person names (two words or more) that the
/// first word of a candidate must begin.
const MIN_FIRST_WORD_NAMES: usize = 3;

/// Words before a family name that make it a father's or family's name
/// (`محمد بن سلمان`, `آل سعود`): not a person's family name written alone.
const BEFORE_NOT_FAMILY: [&str; 5] = ["بن", "ابن", "بنت", "ال", "ولد"];

/// Second halves of compound given names (`صلاح الدين`, `عبد الله`), never
/// a family name written alone.
const NOT_FAMILY: [&str; 2] = ["الدين", "الله"];

/// A lone name in one article that stands there for the person `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleMerge {
    /// The article (in the numbering of [`CorpusEntity::articles`]).
    pub article: u32,
    /// The lone name's entity id, as the article's analysis gave it.
    pub raw_id: String,
    /// The person it stands for (its group's id after `merges`).
    pub id: String,
    /// That person's name.
    pub canonical: String,
}

/// Particles the tagger sometimes runs into the name after them (`فإن
/// الجبوري`, `يا محمد`): a name that begins with one is no target.
const PARTICLES: [&str; 14] =
    ["فإن", "إن", "أن", "وإن", "وأن", "لأن", "بأن", "لكن", "ولكن", "يا", "ويا", "أما", "إذا", "كما"];

/// What the rules read off a person's name, worked out once per entity.
enum NameFacts {
    /// One word, titles aside: a lone name, by its key.
    Lone(String),
    /// Two words or more.
    Full {
        /// The key of its first word (titles aside).
        first: String,
        /// The key of its last word, when that word is a family name (not
        /// after `بن`, `آل`, `ولد`).
        family: Option<String>,
        /// Whether its first word, as written, is a particle.
        particle_first: bool,
        /// Whether its first word, as written, has `ال`.
        definite_first: bool,
    },
    /// Not a person, or no name left.
    Other,
}

impl NameFacts {
    fn of(e: &CorpusEntity) -> NameFacts {
        if e.kind != EntityKind::Pers {
            return NameFacts::Other;
        }
        let keys = name_words(&e.canonical);
        let all: Vec<&str> = e.canonical.split_whitespace().collect();
        let titles = all.iter().take_while(|w| TITLES.contains(&word_key(w.trim_end_matches('.')).as_str())).count();
        let written = &all[titles..];
        match (keys.len(), written.len()) {
            (1, 1) => NameFacts::Lone(keys[0].clone()),
            (k, w) if k >= 2 && w >= 2 => {
                let before_last = word_key(written[w - 2]);
                NameFacts::Full {
                    first: keys[0].clone(),
                    family: (!BEFORE_NOT_FAMILY.contains(&before_last.as_str())).then(|| keys[k - 1].clone()),
                    particle_first: PARTICLES.contains(&written[0]),
                    definite_first: written[0].starts_with("ال"),
                }
            }
            _ => NameFacts::Other,
        }
    }
}

/// The lone names of the corpus read as persons, article by article (see
/// the module docs). `merges` are the corpus's name merges
/// ([`super::person_names::merge_person_names`]): candidates are their
/// groups. Deterministic, ordered by article and raw id.
pub fn resolve_lone_names(entities: &[CorpusEntity], merges: &[NameMerge]) -> Vec<ArticleMerge> {
    // Each entity's group (its index, or the index of its group's id), and
    // each group's name.
    let index_of: HashMap<&str, usize> = entities.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let mut group: Vec<usize> = (0..entities.len()).collect();
    let mut group_name: HashMap<usize, &str> = HashMap::new();
    for m in merges {
        if let (Some(&raw), Some(&to)) = (index_of.get(m.raw_id.as_str()), index_of.get(m.id.as_str())) {
            group[raw] = to;
            group_name.insert(to, m.canonical.as_str());
        }
    }
    let join = |article: u32, lone: usize, to: usize| ArticleMerge {
        article,
        raw_id: entities[lone].id.clone(),
        id: entities[to].id.clone(),
        canonical: group_name.get(&to).copied().unwrap_or(&entities[to].canonical).to_string(),
    };
    // Articles per group, entities per article.
    let mut group_articles: HashMap<usize, HashSet<u32>> = HashMap::new();
    let mut by_article: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        for &a in &e.articles {
            group_articles.entry(group[i]).or_default().insert(a);
            by_article.entry(a).or_default().push(i);
        }
    }
    let articles_of = |g: usize| group_articles.get(&g).map_or(0, HashSet::len);
    let article_count = by_article.len().max(1) as f64;

    // Rules 1 and 2: how often each word begins and ends persons' names.
    let facts: Vec<NameFacts> = entities.iter().map(NameFacts::of).collect();
    let mut begins: HashMap<&str, usize> = HashMap::new();
    let mut ends: HashMap<&str, usize> = HashMap::new();
    let mut first_word_names: HashMap<&str, usize> = HashMap::new();
    let mut bearers: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        if let NameFacts::Full { first, family, .. } = f {
            *begins.entry(first).or_default() += entities[i].articles.len();
            *first_word_names.entry(first).or_default() += 1;
            if let Some(family) = family {
                *ends.entry(family).or_default() += entities[i].articles.len();
                bearers.entry(family).or_default().push(i);
            }
        }
    }
    let count = |map: &HashMap<&str, usize>, key: &str| map.get(key).copied().unwrap_or(0);
    let is_target = |j: usize| match &facts[j] {
        NameFacts::Full { first, particle_first, definite_first, .. } => {
            !particle_first
                && !definite_first
                && articles_of(group[j]) >= MIN_TARGET_ARTICLES
                && count(&first_word_names, first) >= MIN_FIRST_WORD_NAMES
                && count(&begins, first) >= count(&ends, first)
        }
        _ => false,
    };

    // Co-occurrence profiles of the candidate groups, by group.
    let mut profiles: HashMap<usize, HashMap<usize, u32>> = HashMap::new();
    let mut out = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        let NameFacts::Lone(key) = f else { continue };
        let family = count(&ends, key);
        if family == 0 || count(&begins, key) > 2 * family || NOT_FAMILY.iter().any(|w| skeleton(w) == *key) {
            continue;
        }
        let bearers = &bearers[key.as_str()];
        let mut candidates: Vec<usize> =
            bearers.iter().copied().filter(|&j| group[j] != group[i] && is_target(j)).map(|j| group[j]).collect();
        candidates.sort_unstable();
        candidates.dedup();
        for &c in &candidates {
            profiles.entry(c).or_insert_with(|| {
                let mut p: HashMap<usize, u32> = HashMap::new();
                for a in &group_articles[&c] {
                    let seen: HashSet<usize> = by_article[a].iter().map(|&j| group[j]).filter(|&g| g != c).collect();
                    for g in seen {
                        *p.entry(g).or_default() += 1;
                    }
                }
                p
            });
        }
        // The company test (rules 3 and 4) in article `a`.
        let by_company = |a: u32| -> Option<usize> {
            // The article's other entities, as groups, with their IDF.
            let context: HashSet<usize> = by_article[&a].iter().map(|&j| group[j]).filter(|&g| g != group[i]).collect();
            let weights: Vec<(usize, f64)> =
                context.iter().map(|&g| (g, (article_count / articles_of(g) as f64).ln().max(0.0))).collect();
            let total: f64 = weights.iter().map(|(_, w)| w).sum();
            if total <= 0.0 {
                return None;
            }
            let mut scored: Vec<(f64, usize)> = candidates
                .iter()
                .map(|&c| {
                    let p = &profiles[&c];
                    let n = articles_of(c) as f64;
                    let share: f64 =
                        weights.iter().map(|&(g, w)| w * f64::from(p.get(&g).copied().unwrap_or(0)) / n).sum::<f64>()
                            / total;
                    (if share >= MIN_CONTEXT { share * n.sqrt() } else { 0.0 }, c)
                })
                .collect();
            // Heaviest first; ties by id, for determinism.
            scored.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| entities[x.1].id.cmp(&entities[y.1].id)));
            let (best, c) = scored[0];
            let next = scored.get(1).map_or(0.0, |s| s.0);
            (best > 0.0 && best >= MARGIN * next).then_some(c)
        };
        for &a in &entities[i].articles {
            // A bearer of the name in the article itself is the answer, when
            // there is one (the resolver leaves `اللواء المقدشي` beside `محمد
            // المقدشي`, and `للجاسر` beside `عمر الجاسر`), and no one when
            // there are two.
            let mut here: Vec<usize> = by_article[&a]
                .iter()
                .copied()
                .filter(|&j| bearers.contains(&j) && !matches!(facts[j], NameFacts::Full { particle_first: true, .. }))
                .map(|j| group[j])
                .collect();
            here.sort_unstable();
            here.dedup();
            match here[..] {
                [only] => out.push(join(a, i, only)),
                [_, _, ..] => {}
                [] if !candidates.is_empty() => {
                    if let Some(c) = by_company(a) {
                        out.push(join(a, i, c));
                    }
                }
                [] => {}
            }
        }
    }
    out.sort_by(|x, y| x.article.cmp(&y.article).then_with(|| x.raw_id.cmp(&y.raw_id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pers(id: &str, name: &str, articles: std::ops::Range<u32>) -> CorpusEntity {
        CorpusEntity::new(id, name, EntityKind::Pers, articles.collect())
    }

    fn loc(id: &str, name: &str, articles: std::ops::Range<u32>) -> CorpusEntity {
        CorpusEntity::new(id, name, EntityKind::Loc, articles.collect())
    }

    /// Persons whose first names begin enough names to count as names.
    fn first_names() -> Vec<CorpusEntity> {
        ["نوري", "فايز"]
            .iter()
            .flat_map(|f| {
                (0..3).map(move |k| pers(&format!("pers-{f}-{k}"), &format!("{f} الاسم{k}"), 900 + k..901 + k))
            })
            .collect()
    }

    #[test]
    fn one_lone_name_two_people_by_company() {
        let mut ents = first_names();
        ents.extend([
            pers("pers-nouri", "نوري المالكي", 0..30),
            pers("pers-fayez", "فايز المالكي", 30..40),
            loc("loc-iraq", "العراق", 0..30),
            org("org-mbc", "إم بي سي", 30..40),
            // Lone `المالكي`: on Iraq in 50–52, on television in 60–61.
            pers("pers-lone", "المالكي", 50..53),
            loc("loc-iraq", "العراق", 50..53),
            pers("pers-lone", "المالكي", 60..62),
            org("org-mbc", "إم بي سي", 60..62),
        ]);
        let ents = regroup(ents);
        let joined = resolve_lone_names(&ents, &[]);
        let got: Vec<(u32, &str)> = joined.iter().map(|m| (m.article, m.id.as_str())).collect();
        assert_eq!(
            got,
            vec![(50, "pers-nouri"), (51, "pers-nouri"), (52, "pers-nouri"), (60, "pers-fayez"), (61, "pers-fayez")]
        );
    }

    fn org(id: &str, name: &str, articles: std::ops::Range<u32>) -> CorpusEntity {
        CorpusEntity::new(id, name, EntityKind::Org, articles.collect())
    }

    /// One entity per id, with the articles of all its rows.
    fn regroup(ents: Vec<CorpusEntity>) -> Vec<CorpusEntity> {
        let mut out: Vec<CorpusEntity> = Vec::new();
        for e in ents {
            match out.iter_mut().find(|o| o.id == e.id) {
                Some(o) => o.articles.extend(e.articles),
                None => out.push(e),
            }
        }
        out
    }

    #[test]
    fn a_bearer_in_the_article_itself_comes_first() {
        // Article 40 names `فايز المالكي` in full (seen twice in the corpus,
        // too few to be a target elsewhere) and says `المالكي` beside Iraq.
        let mut ents = first_names();
        ents.extend([
            pers("pers-nouri", "نوري المالكي", 0..30),
            loc("loc-iraq", "العراق", 0..30),
            pers("pers-fayez", "فايز المالكي", 39..41),
            pers("pers-lone", "المالكي", 40..41),
            loc("loc-iraq", "العراق", 40..41),
            // Both in article 50: no answer.
            pers("pers-nouri", "نوري المالكي", 50..51),
            pers("pers-fayez", "فايز المالكي", 50..51),
            pers("pers-lone", "المالكي", 50..51),
        ]);
        let joined = resolve_lone_names(&regroup(ents), &[]);
        let got: Vec<(u32, &str)> = joined.iter().map(|m| (m.article, m.id.as_str())).collect();
        assert_eq!(got, vec![(40, "pers-fayez")]);
    }

    #[test]
    fn the_second_half_of_a_compound_name_is_no_family_name() {
        let mut ents = first_names();
        ents.extend([
            pers("pers-1", "نوري الدين", 0..20),
            loc("loc-1", "دمشق", 0..21),
            pers("pers-lone", "الدين", 20..21),
        ]);
        assert!(resolve_lone_names(&regroup(ents), &[]).is_empty());
    }

    #[test]
    fn a_name_that_begins_with_a_family_name_is_no_target() {
        // `بلاتر التوفيق` ("Blatter good luck") tagged as a person; `بلاتر`
        // ends names (`جوزيف بلاتر`) more than it begins them.
        let mut ents = first_names();
        ents.extend([
            pers("pers-blatter", "جوزيف بلاتر", 0..30),
            pers("pers-j1", "جوزيف عون", 30..31),
            pers("pers-j2", "جوزيف ستالين", 31..32),
            pers("pers-junk1", "بلاتر التوفيق", 40..45),
            pers("pers-junk2", "بلاتر الاسم", 45..46),
            pers("pers-junk3", "بلاتر العلم", 46..47),
            org("org-fifa", "الفيفا", 0..51),
            pers("pers-lone", "التوفيق", 50..51),
        ]);
        assert!(resolve_lone_names(&regroup(ents), &[]).is_empty());
    }

    #[test]
    fn entities_without_articles_are_no_trouble() {
        let mut ents = first_names();
        ents.extend([pers("pers-empty", "نوري المالكي", 0..0), pers("pers-lone", "المالكي", 0..0)]);
        assert!(resolve_lone_names(&ents, &[]).is_empty());
        assert!(resolve_lone_names(&[], &[]).is_empty());
    }

    #[test]
    fn given_names_alone_are_left_alone() {
        // `محمد` begins far more names than it ends.
        let mut ents = first_names();
        ents.extend([
            pers("pers-a", "محمد الأحمد", 0..20),
            pers("pers-b", "محمد العلي", 20..40),
            pers("pers-c", "نوري محمد", 40..45),
            loc("loc-1", "العراق", 40..46),
            pers("pers-lone", "محمد", 45..46),
        ]);
        assert!(resolve_lone_names(&regroup(ents), &[]).is_empty());
    }

    #[test]
    fn no_answer_without_company_or_with_two_answers() {
        let mut ents = first_names();
        ents.extend([
            pers("pers-nouri", "نوري المالكي", 0..20),
            pers("pers-fayez", "فايز المالكي", 20..40),
            loc("loc-iraq", "العراق", 0..40),
            loc("loc-far", "بيرو", 41..42),
            // Both bearers keep company with Iraq, equally: no answer.
            pers("pers-lone", "المالكي", 40..41),
            loc("loc-iraq", "العراق", 40..41),
            // Beside Peru only: no company at all.
            pers("pers-lone", "المالكي", 41..42),
        ]);
        assert!(resolve_lone_names(&regroup(ents), &[]).is_empty());
    }

    #[test]
    fn candidates_are_merged_groups_named_by_their_group() {
        let mut ents = first_names();
        ents.extend([
            pers("pers-short", "نوري المالكي", 0..20),
            pers("pers-long", "نوري كامل المالكي", 20..25),
            loc("loc-iraq", "العراق", 0..26),
            pers("pers-lone", "المالكي", 25..26),
        ]);
        let merges =
            vec![NameMerge {
                raw_id: "pers-long".into(), id: "pers-short".into(), canonical: "نوري المالكي".into()
            }];
        let joined = resolve_lone_names(&regroup(ents), &merges);
        assert_eq!(joined.len(), 1);
        assert_eq!((joined[0].id.as_str(), joined[0].canonical.as_str()), ("pers-short", "نوري المالكي"));
    }

    #[test]
    fn a_father_or_a_family_is_no_family_name() {
        // `محمد بن سلمان` ends with his father's name; `آل سعود` is a house.
        let mut ents = first_names();
        ents.extend([
            pers("pers-mbs", "نوري بن سلمان", 0..20),
            pers("pers-house", "فايز آل سعود", 20..40),
            loc("loc-sa", "السعودية", 0..42),
            pers("pers-lone1", "سلمان", 40..41),
            pers("pers-lone2", "سعود", 41..42),
        ]);
        assert!(resolve_lone_names(&regroup(ents), &[]).is_empty());
    }

    #[test]
    fn a_first_word_that_begins_no_other_name_is_no_person() {
        // `كوكب بلوتو` (the planet) tagged as a person.
        let mut ents = first_names();
        ents.extend([
            pers("pers-pluto", "كوكب بلوتو", 0..20),
            loc("loc-space", "الفضاء", 0..21),
            pers("pers-lone", "بلوتو", 20..21),
        ]);
        assert!(resolve_lone_names(&regroup(ents), &[]).is_empty());
    }
}
