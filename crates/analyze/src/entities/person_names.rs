//! Across articles: a person's short name and full name as one entity.
//!
//! Within an article the resolver already joins `الجبير` to `عادل بن أحمد
//! الجبير`. Across articles nothing did: an article that writes `عادل
//! الجبير` and one that writes `عادل بن أحمد الجبير` gave two entities (209
//! and 100 SaudiNewsNet articles), and so did `علي صالح` / `علي عبدالله
//! صالح` and `عبد الله بن مساعد` / `عبدالله بن مساعد بن عبدالعزيز`.
//!
//! [`merge_person_names`] reads the whole corpus's person entities and
//! joins a short name to a longer one when
//!
//! 1. **the letters allow it**: titles aside (`الملك`, `الأمير`, `الدكتور`…),
//!    the short name's words are the long name's in order, with the same
//!    first and last word, and the long name adds at least one name that is
//!    not `بن` (`عادل الجبير` ⊂ `عادل بن أحمد الجبير`, `جورج بوش` ⊂ `جورج دبليو
//!    بوش`). A short name that itself says `بن` is a lineage: it may only
//!    be continued at its end (`فيصل بن خالد` → `فيصل بن خالد بن عبدالعزيز`,
//!    and so may any name: `خالد الفيصل` → `خالد الفيصل بن عبدالعزيز`),
//!    never given a family name (`عبدالله بن عبدالعزيز` is the king, `عبدالله
//!    بن عبدالعزيز الربيعة` a minister). A long name that joins two people
//!    (`سراج الدين حقاني نجل جلال الدين حقاني`) is never a target;
//! 2. **the company agrees**: the two are written beside the same other
//!    entities (cosine of their co-occurrence counts, each other left out,
//!    at least [`MIN_COMPANY`]). Common names fail here: `محمد الزهراني` and
//!    `محمد بن عوضة الزهراني` share 0.16 of their company, `عادل الجبير` and
//!    `عادل بن أحمد الجبير` 0.81;
//! 3. **the long name is no accident**: it is found in at least
//!    [`MIN_LONG_ARTICLES`] articles, and when several long names fit, they
//!    continue one another (`محمد بن سلمان بن عبدالعزيز` and `… آل سعود`) or
//!    one holds [`MIN_SHARE`] of their articles.
//!
//! A name spelt two ways (`نائف البكري` / `نايف البكري`, `جوزيه جوميز` /
//! `جوزيه غوميز`: the same words once folded) is one person without more
//! ado: within an article the resolver already reads them as one.
//!
//! 5. **Vowel letters written otherwise**: two names whose words are the
//!    same once `ا`, `و`, `ي` are dropped after each word's first letter
//!    (words with the article kept whole), each in at least
//!    [`MIN_SHORT_ARTICLES`] articles and one in [`MIN_LONG_ARTICLES`], are
//!    one person when their company agrees (rule 2; when the words that
//!    differ keep their last letters, [`MIN_COMPANY_INNER_VOWELS`]
//!    suffices: a rarely written spelling has little company to
//!    compare). Outlets transliterate
//!    foreign names each their own way (`أنخيل دي ماريا` / `انخل دي ماريا`,
//!    `ميشال` / `ميشيل بلاتيني`, `جورجيوس` / `جوريجوس دونيس`); the company
//!    keeps Arabic names that differ by a vowel letter apart (`محمود عباس` /
//!    `محمد عباس` share 0.05 of theirs, `سعود` / `سعيد الدوسري` 0.07), and
//!    two words that are each found in [`ESTABLISHED_NAME`] of the corpus's
//!    names are two names whatever the company (`محمد بن حامد` is not `محمد
//!    بن حمود`).
//!
//! Joined names form groups; each group is named by its member found in
//! most articles (`عادل الجبير`, `علي عبدالله صالح`) and takes that
//! member's id. Only persons are joined: places and organisations meet
//! through the alias table and their skeleton keys.
//!
//! ```
//! use marsad_analyze::entities::person_names::{merge_person_names, CorpusEntity};
//! use marsad_analyze::entities::EntityKind;
//!
//! // Two articles name the minister in full, five by first and family
//! // name, all of them beside the same country.
//! let full = CorpusEntity::new("pers-full", "عادل بن أحمد الجبير", EntityKind::Pers, vec![0, 1, 2]);
//! let short = CorpusEntity::new("pers-short", "عادل الجبير", EntityKind::Pers, vec![3, 4, 5, 6, 7]);
//! let place = CorpusEntity::new("loc-sa", "السعودية", EntityKind::Loc, (0..8).collect());
//! let merges = merge_person_names(&[full, short, place]);
//! assert_eq!(merges.len(), 1);
//! assert_eq!(merges[0].raw_id, "pers-full");
//! assert_eq!(merges[0].id, "pers-short");
//! assert_eq!(merges[0].canonical, "عادل الجبير");
//! ```

use std::collections::HashMap;

use super::skeleton::{skeleton, word_key};
use super::EntityKind;

/// Version of the rules below and of [`super::lone_names`] and
/// [`super::kinds`]; a store records it beside the merges it computed, and
/// computes them again when it differs.
pub const PERSON_NAMES_VERSION: &str = "7";

/// Least cosine between the co-occurrence counts of a short and a long name.
pub const MIN_COMPANY: f64 = 0.4;

/// Least company of two spellings (rule 5) whose differing words differ
/// only inside, their last letters the same (`بوتين` / `بوتن`, `كلينتون` /
/// `كلنتون`). A word that ends otherwise is mostly another Arabic name
/// (`أحمد` / `أحمدي`, `شاكر` / `شكري`), and keeps the bar of rule 2.
pub const MIN_COMPANY_INNER_VOWELS: f64 = 0.2;

/// Least number of articles a long name is found in to be a target.
pub const MIN_LONG_ARTICLES: usize = 3;

/// Least number of articles a short name is found in to be joined.
pub const MIN_SHORT_ARTICLES: usize = 2;

/// Share of the candidates' articles the chosen long name must hold when
/// the candidates do not continue one another.
pub const MIN_SHARE: f64 = 0.8;

/// Number of the corpus's person names (two words or more) a word must be
/// found in to be a given or family name of its own: two such words that
/// differ by a vowel letter are two names (`حامد` / `حمود`, `حسين` / `حسن`,
/// `عمرو` / `عمر`), not two transliterations of one (`ديفيد` in 110 names,
/// `دافيد` in 9; `ميشال` 26, `ميشيل` 23).
pub const ESTABLISHED_NAME: usize = 30;

/// One entity of the corpus, as the entity index holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusEntity {
    /// The entity's id (`pers-…`), as stored per article.
    pub id: String,
    /// Its canonical name in those articles.
    pub canonical: String,
    /// Its kind.
    pub kind: EntityKind,
    /// The articles it is found in (any numbering shared by all entities),
    /// each once.
    pub articles: Vec<u32>,
}

impl CorpusEntity {
    /// An entity found in `articles`.
    pub fn new(id: impl Into<String>, canonical: impl Into<String>, kind: EntityKind, articles: Vec<u32>) -> Self {
        CorpusEntity { id: id.into(), canonical: canonical.into(), kind, articles }
    }
}

/// A stored entity that stands, across the corpus, for the entity `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMerge {
    /// The id the analysis of some articles gave.
    pub raw_id: String,
    /// The id of the group it joins (its most frequent member's).
    pub id: String,
    /// The group's name (its most frequent member's canonical name).
    pub canonical: String,
}

/// Title words (as [`word_key`]s) that may begin a person's canonical name
/// and do not take part in matching it.
pub(crate) const TITLES: [&str; 22] = [
    "الملك",
    "الامير",
    "الاميره",
    "الشيخ",
    "الشيخه",
    "الامام",
    "الرئيس",
    "الدكتور",
    "الدكتوره",
    "د",
    "المهندس",
    "السيد",
    "السيده",
    "الاستاذ",
    "اللواء",
    "العميد",
    "الفريق",
    "العقيد",
    "المستشار",
    "القاضي",
    "سمو",
    "معالي",
];

/// Words of lineage: `بن`, `ابن`, `بنت` (as [`word_key`]s).
const LINEAGE: [&str; 3] = ["بن", "ابن", "بنت"];

/// Words that join two people in one span (`… نجل جلال الدين حقاني`).
const KINSHIP: [&str; 8] = ["نجل", "نجله", "شقيق", "شقيقه", "والد", "والده", "زوج", "زوجه"];

/// A name's words for matching: titles off, `عبد`/`أبو` joined to the word
/// after them, `ئ` read as `ي`, each word keyed by its [`skeleton`]
/// (lineage words by their [`word_key`]).
pub(crate) fn name_words(canonical: &str) -> Vec<String> {
    // `ئ` is written `ي` as often in names (`نائف`/`نايف`, `عائض`/`عايض`);
    // the Search form would make it a bare hamza, which the skeleton drops.
    let keys: Vec<String> =
        canonical.split_whitespace().map(|t| word_key(&t.trim_end_matches('.').replace('ئ', "ي"))).collect();
    let mut words: Vec<String> = Vec::with_capacity(keys.len());
    let mut i = 0;
    while i < keys.len() && TITLES.contains(&keys[i].as_str()) {
        i += 1;
    }
    while i < keys.len() {
        let k = &keys[i];
        if (k == "عبد" || k == "ابو") && i + 1 < keys.len() {
            words.push(skeleton(&format!("{k}{}", keys[i + 1])));
            i += 2;
            continue;
        }
        words.push(if LINEAGE.contains(&k.as_str()) { k.clone() } else { skeleton(k) });
        i += 1;
    }
    words
}

/// A name word (as [`name_words`] gives it) without the vowel letters
/// `ا`, `و`, `ي` after its first letter, doubled letters collapsed: the key
/// under which transliterations of one foreign name meet (`انخل` / `انخيل`,
/// `ميشال` / `ميشيل`, `جوريجوس` / `جورجيوس`). Arabic names meet under it too
/// (`محمد` / `محمود`, `سعد` / `سعيد` / `سعود`), so rule 5 asks the company
/// as well; a word with the article (a family's nisba: `القرني` /
/// `القريني`) is kept whole.
fn vowelless(word: &str) -> String {
    if word.starts_with("ال") || is_lineage(word) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut prev: Option<char> = None;
    for (i, c) in word.chars().enumerate() {
        if i > 0 && matches!(c, 'ا' | 'و' | 'ي') {
            continue;
        }
        if Some(c) != prev {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

fn is_lineage(w: &str) -> bool {
    LINEAGE.contains(&w)
}

/// Whether `long` is a fuller writing of the person `short` names (see
/// the module docs, rule 1).
fn continues(short: &[String], long: &[String]) -> bool {
    if long.len() <= short.len() || short.len() < 2 || short[0] != long[0] {
        return false;
    }
    if long.iter().any(|w| KINSHIP.contains(&w.as_str())) {
        return false;
    }
    // A lineage goes on at its end, with another `بن` or a family's `آل`
    // (`فيصل بن خالد` → `فيصل بن خالد بن عبدالعزيز`), and so does a name
    // whose second word is the father's (`خالد الفيصل` → `خالد الفيصل بن
    // عبدالعزيز`).
    let goes_on = long[..short.len()] == *short && (is_lineage(&long[short.len()]) || long[short.len()] == "ال");
    if short.iter().any(|w| is_lineage(w)) || goes_on {
        return goes_on;
    }
    if short.last() != long.last() {
        return false;
    }
    // The short name's words in order within the long one; the long one
    // adds some name, not only a `بن`.
    let mut added_name = false;
    let mut at = 0;
    for w in long {
        if at < short.len() && *w == short[at] {
            at += 1;
        } else if !is_lineage(w) {
            added_name = true;
        }
    }
    at == short.len() && added_name
}

/// Cosine of two co-occurrence count vectors, leaving out `skip`.
fn company(a: &HashMap<u32, u32>, b: &HashMap<u32, u32>, skip: [u32; 2]) -> f64 {
    let norm = |v: &HashMap<u32, u32>| -> f64 {
        v.iter().filter(|(k, _)| !skip.contains(k)).map(|(_, &c)| f64::from(c) * f64::from(c)).sum::<f64>().sqrt()
    };
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let dot: f64 = small
        .iter()
        .filter(|(k, _)| !skip.contains(k))
        .map(|(k, &c)| f64::from(c) * f64::from(*large.get(k).unwrap_or(&0)))
        .sum();
    dot / (na * nb)
}

/// The person entities of the corpus that stand for another one (see the
/// module docs). Deterministic: the same entities give the same merges, in
/// order of `raw_id`.
pub fn merge_person_names(entities: &[CorpusEntity]) -> Vec<NameMerge> {
    let words: Vec<Vec<String>> = entities
        .iter()
        .map(|e| if e.kind == EntityKind::Pers { name_words(&e.canonical) } else { Vec::new() })
        .collect();
    let size = |i: usize| entities[i].articles.len();
    // Persons of two words or more, by first word.
    let mut by_first: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.len() >= 2 {
            by_first.entry(w[0].as_str()).or_default().push(i);
        }
    }
    // Candidate long names for each short one (rules 1 and 3).
    let mut candidates: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.len() < 2 || size(i) < MIN_SHORT_ARTICLES {
            continue;
        }
        let longs: Vec<usize> = by_first[w[0].as_str()]
            .iter()
            .copied()
            .filter(|&j| j != i && size(j) >= MIN_LONG_ARTICLES && continues(w, &words[j]))
            .collect();
        if !longs.is_empty() {
            candidates.push((i, longs));
        }
    }
    // The same name spelt another way (`نائف البكري` / `نايف البكري`,
    // `جوزيه جوميز` / `جوزيه غوميز`): the same words, another id.
    let mut same_words: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.len() >= 2 {
            same_words.entry(w.as_slice()).or_default().push(i);
        }
    }
    same_words.retain(|_, v| v.len() > 1);
    // The same name with its vowel letters written otherwise (`أنخيل دي
    // ماريا` / `انخل دي ماريا`, `ميشال` / `ميشيل بلاتيني`): pairs to be
    // joined when their company agrees (rule 5).
    let mut by_vowelless: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.len() >= 2 && size(i) >= MIN_SHORT_ARTICLES {
            by_vowelless.entry(w.iter().map(|x| vowelless(x)).collect()).or_default().push(i);
        }
    }
    // How many of the corpus's persons each word is found in: two words
    // that are each in many are two names (`حامد` / `حمود`), not two
    // spellings of one.
    let mut names_with: HashMap<&str, usize> = HashMap::new();
    for w in words.iter().filter(|w| w.len() >= 2) {
        let mut seen: Vec<&str> = w.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for x in seen {
            *names_with.entry(x).or_default() += 1;
        }
    }
    let two_names = |a: &str, b: &str| names_with[a].min(names_with[b]) >= ESTABLISHED_NAME;
    let mut vowel_pairs: Vec<(usize, usize)> = Vec::new();
    for members in by_vowelless.values() {
        for (k, &i) in members.iter().enumerate() {
            for &j in &members[k + 1..] {
                let (a, b) = (&words[i], &words[j]);
                if a != b
                    && size(i).max(size(j)) >= MIN_LONG_ARTICLES
                    && !a.iter().zip(b).any(|(x, y)| x != y && two_names(x, y))
                {
                    vowel_pairs.push((i, j));
                }
            }
        }
    }
    vowel_pairs.sort_unstable();
    if candidates.is_empty() && same_words.is_empty() && vowel_pairs.is_empty() {
        return Vec::new();
    }
    // Co-occurrence counts of the entities involved (rule 2).
    let mut involved: HashMap<usize, HashMap<u32, u32>> = HashMap::new();
    for (i, longs) in &candidates {
        involved.entry(*i).or_default();
        for &j in longs {
            involved.entry(j).or_default();
        }
    }
    for &(i, j) in &vowel_pairs {
        involved.entry(i).or_default();
        involved.entry(j).or_default();
    }
    let mut by_article: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        for &a in &e.articles {
            by_article.entry(a).or_default().push(i as u32);
        }
    }
    for (&i, counts) in involved.iter_mut() {
        for a in &entities[i].articles {
            for &other in &by_article[a] {
                if other as usize != i {
                    *counts.entry(other).or_default() += 1;
                }
            }
        }
    }
    // Union–find over the accepted joins.
    let mut parent: Vec<usize> = (0..entities.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for spellings in same_words.values() {
        for &j in &spellings[1..] {
            let (ri, rj) = (root(&mut parent, spellings[0]), root(&mut parent, j));
            if ri != rj {
                parent[rj] = ri;
            }
        }
    }
    for &(i, j) in &vowel_pairs {
        let c = company(&involved[&i], &involved[&j], [i as u32, j as u32]);
        let inner_vowels_only =
            words[i].iter().zip(&words[j]).all(|(x, y)| x == y || x.chars().last() == y.chars().last());
        let needed = if inner_vowels_only { MIN_COMPANY_INNER_VOWELS } else { MIN_COMPANY };
        if c >= needed {
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            if ri != rj {
                parent[rj] = ri;
            }
        }
    }
    for (i, longs) in &candidates {
        let agreeing: Vec<usize> = longs
            .iter()
            .copied()
            .filter(|&j| company(&involved[i], &involved[&j], [*i as u32, j as u32]) >= MIN_COMPANY)
            .collect();
        let Some(&best) =
            agreeing.iter().max_by(|&&a, &&b| size(a).cmp(&size(b)).then(entities[b].id.cmp(&entities[a].id)))
        else {
            continue;
        };
        let one_line = agreeing.iter().all(|&a| {
            agreeing.iter().all(|&b| a == b || continues(&words[a], &words[b]) || continues(&words[b], &words[a]))
        });
        let total: usize = agreeing.iter().map(|&j| size(j)).sum();
        if !one_line && (size(best) as f64) < MIN_SHARE * total as f64 {
            continue;
        }
        let (ri, rb) = (root(&mut parent, *i), root(&mut parent, best));
        if ri != rb {
            parent[ri] = rb;
        }
    }
    // Each group named by its member found in most articles.
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..entities.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut merges = Vec::new();
    for members in groups.values() {
        if members.len() < 2 {
            continue;
        }
        let head = *members
            .iter()
            .max_by(|&&a, &&b| size(a).cmp(&size(b)).then(entities[b].id.cmp(&entities[a].id)))
            .expect("a group has members");
        for &m in members {
            if m != head && entities[m].id != entities[head].id {
                merges.push(NameMerge {
                    raw_id: entities[m].id.clone(),
                    id: entities[head].id.clone(),
                    canonical: entities[head].canonical.clone(),
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

    fn pers(id: &str, name: &str, articles: std::ops::Range<u32>) -> CorpusEntity {
        CorpusEntity::new(id, name, EntityKind::Pers, articles.collect())
    }

    fn place(id: &str, name: &str, articles: std::ops::Range<u32>) -> CorpusEntity {
        CorpusEntity::new(id, name, EntityKind::Loc, articles.collect())
    }

    fn w(name: &str) -> Vec<String> {
        name_words(name)
    }

    #[test]
    fn name_words_drop_titles_and_join_compound_names() {
        assert_eq!(w("الملك سلمان بن عبدالعزيز"), w("سلمان بن عبد العزيز"));
        assert_eq!(w("الأمير محمد بن سلمان").len(), 3);
        assert_eq!(w("د. عبدالله الربيعة"), w("عبد الله الربيعة"));
        assert_eq!(w("أبو بكر البغدادي").len(), 2);
    }

    #[test]
    fn what_the_letters_allow() {
        // A first and family name inside the full name.
        assert!(continues(&w("عادل الجبير"), &w("عادل بن أحمد الجبير")));
        assert!(continues(&w("علي صالح"), &w("علي عبدالله صالح")));
        assert!(continues(&w("جورج بوش"), &w("جورج دبليو بوش")));
        // Spellings fold (ة/ه, hamza).
        assert!(continues(&w("بدر باسلمه"), &w("بدر محمد باسلمة")));
        // Another family, or another first name: no.
        assert!(!continues(&w("عادل الجبير"), &w("عادل بن أحمد الطريفي")));
        assert!(!continues(&w("عادل الجبير"), &w("أحمد عادل الجبير")));
        // Only a بن added: not a fuller name (محمد علي / محمد بن علي).
        assert!(!continues(&w("محمد علي"), &w("محمد بن علي")));
        // A lineage goes on at its end only.
        assert!(continues(&w("فيصل بن خالد"), &w("فيصل بن خالد بن عبدالعزيز")));
        assert!(continues(&w("خالد الفيصل"), &w("خالد الفيصل بن عبد العزيز")));
        assert!(continues(&w("سعود الفيصل"), &w("سعود الفيصل آل سعود")));
        assert!(!continues(&w("خالد الفيصل"), &w("خالد بن فيصل الفيصل بن عبد العزيز")));
        assert!(continues(&w("نايف بن عبد العزيز"), &w("نايف بن عبدالعزيز آل سعود")));
        assert!(!continues(&w("الملك سلمان بن عبدالعزيز"), &w("سلمان بن سلطان بن عبدالعزيز")));
        assert!(!continues(&w("عبدالله بن عبدالعزيز"), &w("عبدالله بن عبدالعزيز الربيعة")));
        // Two people in one span are never a fuller name.
        assert!(!continues(&w("سراج الدين حقاني"), &w("سراج الدين حقاني نجل جلال الدين حقاني")));
        // Nor is the same name.
        assert!(!continues(&w("عادل الجبير"), &w("عادل الجبير")));
    }

    #[test]
    fn short_and_full_names_in_the_same_company_join() {
        let ents = vec![
            pers("pers-1", "عادل الجبير", 0..20),
            pers("pers-2", "عادل بن أحمد الجبير", 20..30),
            place("loc-1", "السعودية", 0..30),
            place("loc-2", "واشنطن", 5..25),
        ];
        let m = merge_person_names(&ents);
        assert_eq!(
            m,
            vec![NameMerge { raw_id: "pers-2".into(), id: "pers-1".into(), canonical: "عادل الجبير".into() }]
        );
    }

    #[test]
    fn common_names_in_other_company_stay_apart() {
        // Two men called محمد الزهراني: one in sport, one in health news.
        let ents = vec![
            pers("pers-1", "محمد الزهراني", 0..20),
            pers("pers-2", "محمد بن عوضة الزهراني", 20..26),
            CorpusEntity::new("org-1", "الأهلي", EntityKind::Org, (0..20).collect()),
            CorpusEntity::new("org-2", "وزارة الصحة", EntityKind::Org, (20..26).collect()),
        ];
        assert!(merge_person_names(&ents).is_empty());
    }

    #[test]
    fn a_long_name_seen_twice_is_no_target() {
        let ents = vec![
            pers("pers-1", "سعود الفيصل", 0..20),
            pers("pers-2", "سعود بن خالد الفيصل", 0..2),
            place("loc-1", "السعودية", 0..20),
        ];
        assert!(merge_person_names(&ents).is_empty());
    }

    #[test]
    fn rival_long_names_need_a_clear_winner() {
        let mut ents = vec![
            pers("pers-1", "أحمد عسيري", 0..20),
            pers("pers-2", "أحمد بن علي عسيري", 20..25),
            pers("pers-3", "أحمد بن محمد عسيري", 25..30),
            place("loc-1", "اليمن", 0..30),
        ];
        assert!(merge_person_names(&ents).is_empty());
        // A rival found in too few articles leaves the other alone.
        ents[2].articles = (25..27).collect();
        let m = merge_person_names(&ents);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].raw_id, "pers-2");
    }

    #[test]
    fn a_lineage_and_its_continuations_form_one_group() {
        let ents = vec![
            pers("pers-a", "الأمير محمد بن سلمان", 0..40),
            pers("pers-b", "محمد بن سلمان بن عبدالعزيز", 40..50),
            pers("pers-c", "محمد بن سلمان بن عبدالعزيز آل سعود", 50..54),
            place("loc-1", "السعودية", 0..54),
        ];
        let m = merge_person_names(&ents);
        assert_eq!(m.len(), 2);
        assert!(m.iter().all(|m| m.id == "pers-a" && m.canonical == "الأمير محمد بن سلمان"));
    }

    #[test]
    fn one_name_spelt_two_ways_is_one_person() {
        let ents = vec![
            pers("pers-1", "نايف البكري", 0..40),
            pers("pers-2", "نائف البكري", 40..50),
            pers("pers-3", "جوزيه جوميز", 50..60),
            pers("pers-4", "جوزيه غوميز", 60..75),
            place("loc-1", "عدن", 0..50),
        ];
        let m = merge_person_names(&ents);
        let got: Vec<(&str, &str)> = m.iter().map(|m| (m.raw_id.as_str(), m.canonical.as_str())).collect();
        assert_eq!(got, vec![("pers-2", "نايف البكري"), ("pers-3", "جوزيه غوميز")]);
    }

    #[test]
    fn vowel_letters_written_otherwise_join_in_the_same_company() {
        let ents = vec![
            pers("pers-1", "أنخيل دي ماريا", 0..40),
            pers("pers-2", "انخل دي ماريا", 40..60),
            // Two men of one family, in other company.
            pers("pers-3", "محمود عباس", 100..140),
            pers("pers-4", "محمد عباس", 200..210),
            // Two established names, whatever the company.
            pers("pers-7", "محمد بن حامد", 400..410),
            pers("pers-8", "محمد بن حمود", 410..420),
            // A family's nisba is kept whole, whatever the company.
            pers("pers-5", "عبدالله القرني", 300..330),
            pers("pers-6", "عبدالله القريني", 330..360),
            CorpusEntity::new("org-1", "مانشستر يونايتد", EntityKind::Org, (0..60).collect()),
            place("loc-1", "فلسطين", 100..140),
            place("loc-2", "الرياض", 200..210),
            place("loc-3", "أبها", 300..360),
        ];
        let mut ents = ents;
        ents.push(place("loc-4", "جدة", 400..420));
        // حامد and حمود each begin many of the corpus's names.
        for k in 0..ESTABLISHED_NAME as u32 {
            ents.push(pers(&format!("pers-h{k}"), &format!("حامد الاسم{k}"), 500 + k..501 + k));
            ents.push(pers(&format!("pers-m{k}"), &format!("حمود الاسم{k}"), 600 + k..601 + k));
        }
        let m = merge_person_names(&ents);
        let got: Vec<(&str, &str)> = m.iter().map(|m| (m.raw_id.as_str(), m.canonical.as_str())).collect();
        assert_eq!(got, vec![("pers-2", "أنخيل دي ماريا")]);
        assert_eq!(vowelless("انخيل"), vowelless("انخل"));
        assert_eq!(vowelless("ميشال"), vowelless("ميشيل"));
        assert_ne!(vowelless("القرني"), vowelless("القريني"));
    }

    #[test]
    fn a_spelling_that_differs_inside_needs_less_company() {
        // Company cosine 2 / (√29 · √2) ≈ 0.26 for both pairs.
        let ents = vec![
            pers("pers-1", "فلاديمير بوتين", 0..7),
            pers("pers-2", "فلاديمير بوتن", 10..12),
            CorpusEntity::new("loc-1", "روسيا", EntityKind::Loc, vec![0, 1, 10]),
            place("loc-2", "موسكو", 2..7),
            place("loc-3", "كييف", 11..12),
            // A last letter of its own is another Arabic name (أحمد / أحمدي).
            pers("pers-3", "علي احمد", 20..27),
            pers("pers-4", "علي احمدي", 30..32),
            CorpusEntity::new("loc-4", "طهران", EntityKind::Loc, vec![20, 21, 30]),
            place("loc-5", "بغداد", 22..27),
            place("loc-6", "دمشق", 31..32),
        ];
        let m = merge_person_names(&ents);
        let got: Vec<(&str, &str)> = m.iter().map(|m| (m.raw_id.as_str(), m.canonical.as_str())).collect();
        assert_eq!(got, vec![("pers-2", "فلاديمير بوتين")]);
    }

    #[test]
    fn places_are_never_joined() {
        let ents = vec![
            place("loc-1", "دير الزور", 0..10),
            place("loc-2", "دير مار الزور", 10..20),
            CorpusEntity::new("org-1", "الأمم المتحدة", EntityKind::Org, (0..20).collect()),
        ];
        assert!(merge_person_names(&ents).is_empty());
    }
}
