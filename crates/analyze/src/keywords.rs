//! Keywords: the phrases an article is about, weighted by corpus statistics.
//!
//! Candidates are runs of 1–4 words inside a clause (no punctuation, number
//! or line break inside) that contain no stopword, reporting verb or time
//! word, so a phrase never starts or ends on one (`المزيد مع` cannot be a
//! keyword). Each is keyed by the light stems of its words (after a
//! conjunction `و`/`ف` is taken off), so `العلاقات`/`علاقات`/`والعلاقات` are one
//! candidate, shown in its most frequent spelling.
//!
//! Score = tf × idf × position × entity × title × length, where idf is the
//! mean over the words of `ln((N + 1) / (df + 1)) + 1` from a
//! [`KeywordModel`] built on a corpus, position favours phrases met early,
//! names of entities get a bonus, and multi-word phrases that recur beat
//! their parts. A candidate contained in a better one that never occurs
//! alone is dropped (no fragments).

use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use marsad_arabic::normalize::{normalize_str, NormalizeOptions};
use marsad_arabic::reporting_verbs::reporting_verb_normalized;
use marsad_arabic::stem::light_stem;
use marsad_arabic::stopwords::is_stopword_token;
use marsad_arabic::tokenize::{tokenize, TokenKind};
use serde::{Deserialize, Serialize};

pub mod eval;

/// Document frequencies of word stems over a corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KeywordModel {
    /// Documents counted.
    pub documents: u32,
    /// Stem → number of documents holding it.
    pub df: HashMap<String, u32>,
}

impl KeywordModel {
    /// Count document frequencies over `docs`.
    pub fn from_documents<'a, I: IntoIterator<Item = &'a str>>(docs: I) -> KeywordModel {
        let mut m = KeywordModel::default();
        for d in docs {
            m.add_document(d);
        }
        m
    }

    /// Add one document's stems.
    pub fn add_document(&mut self, text: &str) {
        self.add_stems(document_stems(text));
    }

    /// Add one document given as its distinct stems ([`document_stems`],
    /// which can run on another thread).
    pub fn add_stems(&mut self, stems: Vec<String>) {
        self.documents += 1;
        for s in stems {
            *self.df.entry(s).or_insert(0) += 1;
        }
    }

    /// Inverse document frequency of a stem (1.0 with an empty model).
    pub fn idf(&self, stem: &str) -> f64 {
        if self.documents == 0 {
            return 1.0;
        }
        let df = f64::from(*self.df.get(stem).unwrap_or(&0));
        ((f64::from(self.documents) + 1.0) / (df + 1.0)).ln() + 1.0
    }
}

/// A keyword of one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Keyword {
    /// The phrase in its most frequent spelling (display normalisation).
    pub phrase: String,
    /// Score (higher is better).
    pub score: f64,
    /// Occurrences.
    pub count: usize,
    /// Byte offset of the first occurrence.
    pub first: usize,
}

/// Tuning.
#[derive(Clone, Debug, PartialEq)]
pub struct KeywordOptions {
    /// Longest phrase in words.
    pub max_words: usize,
    /// How many keywords to return.
    pub top: usize,
    /// Bonus factor for a phrase that is an entity name (a phrase that is
    /// only a part of a longer one is weighed down instead).
    pub entity_bonus: f64,
    /// Bonus factor for a phrase found in the title.
    pub title_bonus: f64,
}

impl Default for KeywordOptions {
    fn default() -> Self {
        KeywordOptions { max_words: 4, top: 10, entity_bonus: 1.5, title_bonus: 1.5 }
    }
}

#[derive(Clone, Debug)]
struct W {
    start: usize,
    /// Display form without a leading conjunction.
    surface: String,
    /// Light stem (Search form); `None` for a stopword, reporting verb,
    /// time word or non-word: a phrase boundary.
    stem: Option<String>,
    /// Boundary before this token (punctuation, number, line break).
    breaks_before: bool,
    /// A phrase may not start on this word ([`cannot_start`]).
    no_start: bool,
    /// A phrase may not end on this word ([`cannot_end`]).
    no_end: bool,
    /// A title said before a name ([`PERSON_TITLES`]).
    title: bool,
}

/// Weight of a phrase that is only a part of a longer name the article
/// uses (see `extract_keywords`).
const NAME_PART_WEIGHT: f64 = 0.6;

/// Honorifics (Search forms), said of a person, never what an article is
/// about: `سموه` was a keyword of over 200 SaudiNewsNet articles.
const HONORIFICS: &[&str] = &[
    "سمو",
    "سموه",
    "السمو",
    "معالي",
    "معاليه",
    "فضيلة",
    "فضيلته",
    "سعادة",
    "سعادته",
    "جلالة",
    "جلالته",
    "فخامة",
    "فخامته",
];

/// Titles said before a person's name (Search forms). A phrase made of
/// titles alone names nobody: `الأمير`, `الدكتور`, `الملكي الأمير` were
/// keywords of 320, 230 and 135 SaudiNewsNet articles. A longer phrase
/// keeps them (`الأمير محمد بن سلمان`), and may end on one (`شرم الشيخ`).
/// Roles that stand for one person on their own (`الرئيس`, `الملك`,
/// `الوزير`) are not in the list: readers take `الرئيس` as a keyword
/// (AKEC's crowd does).
const PERSON_TITLES: &[&str] = &[
    "الامير",
    "الاميرة",
    "امير",
    "الملكي",
    "الدكتور",
    "الدكتورة",
    "دكتور",
    "الشيخ",
    "الشيخة",
    "شيخ",
    "السيد",
    "السيدة",
    "المهندس",
    "الاستاذ",
    "اللواء",
    "العميد",
    "العقيد",
    "الفريق",
    "المقدم",
    "الراءد",
    "النقيب",
    "معالي",
    "سعادة",
];

/// Words that join two parts of a name (Search forms): `بن` in `محمد بن
/// سلمان`. A phrase may hold them but neither start nor end on them: alone,
/// or as `بن عبدالعزيز`, they are fragments of a name.
const NAME_LINKS: &[&str] = &["بن", "بنت"];

/// Words that need the name part after them (Search forms): `عبد` in `عبد
/// الله`, `أبو` in `أبو ظبي`, `آل` in `آل سعود`, `ابن` in `ابن خلدون`, `صاحب`
/// in `صاحب السمو` (`استقبل صاحب` was a keyword). A phrase
/// may start on them but not end on them.
const NAME_HEADS: &[&str] = &["ابن", "ابو", "ابي", "ال", "عبد", "صاحب"];

/// Whether a phrase may not start on this word (Search form or stem: the
/// light stem leaves these words as they are).
fn cannot_start(w: &str) -> bool {
    NAME_LINKS.contains(&w)
}

/// Whether a phrase may not end on this word (as [`cannot_start`]).
fn cannot_end(w: &str) -> bool {
    NAME_LINKS.contains(&w) || NAME_HEADS.contains(&w)
}

const TIME_WORDS: &[&str] = &[
    "اليوم",
    "امس",
    "غدا",
    "الان",
    "حاليا",
    "العام",
    "عام",
    "الماضي",
    "الماضية",
    "المقبل",
    "المقبلة",
    "الجاري",
    "الحالي",
    "يوم",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "سنة",
    "السنة",
    "شهر",
    "الشهر",
    "مءخرا",
    "خلال",
    "ايضا",
    "المزيد",
    "قبل",
    "بعد",
    "اخر",
    "اخري",
    "عدد",
    "بشكل",
    "جدا",
    "كبير",
    "كبيرة",
    "الكبير",
    "الكبيرة",
    "خاصة",
    "اكثر",
    "اقل",
    "مثل",
    "حيث",
    "وقت",
];

fn words(text: &str) -> Vec<W> {
    let search = NormalizeOptions::search();
    let display = NormalizeOptions::display();
    let mut out = Vec::new();
    let mut brk = true;
    let mut last_end = 0;
    for t in tokenize(text) {
        if text[last_end..t.start].contains('\n') {
            brk = true;
        }
        last_end = t.end;
        if t.kind != TokenKind::Word {
            brk = true;
            continue;
        }
        let mut n = String::new();
        t.normalized_into(&search, &mut n);
        let mut surface = normalize_str(t.text, &display).into_owned();
        // a conjunction on a long word: `والعلاقات` → `العلاقات`
        let stripped =
            if n.chars().count() > 4 && (n.starts_with('و') || n.starts_with('ف')) && !is_stopword_token(t.text, &n) {
                let rest = &n[2..];
                if rest.starts_with("ال") {
                    let sc = surface.chars().next().map_or(0, char::len_utf8);
                    surface = surface[sc..].to_string();
                    Some(rest.to_string())
                } else {
                    None
                }
            } else {
                None
            };
        let base = stripped.as_deref().unwrap_or(&n);
        let boundary = is_stopword_token(t.text, &n)
            || reporting_verb_normalized(&n).is_some()
            || TIME_WORDS.contains(&base)
            || HONORIFICS.contains(&base)
            || crate::times::GREGORIAN_MONTHS.contains(&base)
            || base.chars().count() < 2
            || !base.chars().any(char::is_alphabetic);
        let stem = (!boundary).then(|| keyword_stem(base));
        out.push(W {
            start: t.start,
            surface,
            stem,
            breaks_before: brk,
            no_start: cannot_start(base),
            no_end: cannot_end(base),
            title: PERSON_TITLES.contains(&base),
        });
        brk = false;
    }
    out
}

/// The key of a word for keywords: its light stem, with the feminine and
/// plural relative adjective kept apart from its noun. The light stem takes
/// `ية` off, which made `السعودية` and `السعوديين` the name `سعود` (a keyword
/// of 270 SaudiNewsNet articles, most of them about Saudi Arabia, not a
/// Saud) and `الفيصلية` the name `فيصل`; their key keeps a `ي`. A bare `ي`
/// is still taken off (`السعودي` stays with `سعود`): keeping it apart too
/// lowered every AKEC figure (exact F1@5 0.215 → 0.211), while this form
/// raises three of the four.
fn keyword_stem(base: &str) -> String {
    let s = light_stem(base);
    if s.chars().count() < 2 {
        return base.to_string();
    }
    let rest = base.rfind(s).map_or("", |at| &base[at + s.len()..]);
    if matches!(rest, "ية" | "يه" | "يين" | "يون" | "يات") {
        format!("{s}ي")
    } else {
        s.to_string()
    }
}

/// The distinct keyword stems of a document, as [`KeywordModel`] counts them.
pub fn document_stems(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = words(text).into_iter().filter_map(|w| w.stem).collect();
    seen.sort_unstable();
    seen.dedup();
    seen
}

#[derive(Default)]
struct Cand {
    count: usize,
    first: usize,
    first_rank: usize,
    /// Spellings met, by a hash of their words: (count, first word, last word)
    /// of one occurrence; the string is built only for the phrases kept.
    surfaces: FxHashMap<u64, (usize, usize, usize)>,
    n_words: usize,
    stems: Vec<String>,
    /// Occurrences of a one-word candidate that are a part of a longer
    /// name the tagger found (`سعود` of `الملك سلمان بن عبدالعزيز آل سعود`).
    in_longer_name: usize,
}

/// Extract keywords from `text` (with an optional `title`), scored with
/// `model`; `entity_names` are names of entities found in the text (any
/// spelling), which get [`KeywordOptions::entity_bonus`]; a phrase that is
/// only a part of one of them counts for less.
pub fn extract_keywords(
    model: &KeywordModel,
    title: Option<&str>,
    text: &str,
    entity_names: &[String],
    opts: &KeywordOptions,
) -> Vec<Keyword> {
    extract_keywords_with_spans(model, title, text, entity_names, &[], opts)
}

/// [`extract_keywords`], also given the byte ranges of `text` that the
/// entity tagger found names in (sorted or not). A phrase may hold a whole
/// name, or lie inside one, but not straddle a name's edge: `عبدالعزيز
/// الوفد` (the end of `سلمان بن عبدالعزيز` and the next word) is no
/// phrase, nor is `وزير خارجية` + the first word of a name.
pub fn extract_keywords_with_spans(
    model: &KeywordModel,
    title: Option<&str>,
    text: &str,
    entity_names: &[String],
    name_spans: &[(usize, usize)],
    opts: &KeywordOptions,
) -> Vec<Keyword> {
    let ws = words(text);
    // The name (index into the sorted spans) each word starts in: the last
    // span starting at or before the word, if it reaches past it.
    let mut spans = name_spans.to_vec();
    spans.sort_unstable();
    let in_name: Vec<Option<usize>> = ws
        .iter()
        .map(|w| {
            let k = spans.partition_point(|&(s, _)| s <= w.start);
            (k > 0 && spans[k - 1].1 > w.start).then(|| k - 1)
        })
        .collect();
    // Words i..=j straddle a name's edge: they hold a word of a name, and
    // both a word outside it and not all of its words.
    let straddles = |i: usize, j: usize| {
        (i..=j).filter_map(|k| in_name[k]).any(|m| {
            let whole = (i == 0 || in_name[i - 1] != Some(m)) && in_name.get(j + 1).is_none_or(|&n| n != Some(m));
            let inside = (i..=j).all(|k| in_name[k] == Some(m));
            !whole && !inside
        })
    };
    let mut cands: FxHashMap<String, Cand> = FxHashMap::default();
    let mut order = 0;
    for i in 0..ws.len() {
        if ws[i].stem.is_none() || ws[i].no_start {
            continue;
        }
        let mut key = String::new();
        let mut only_titles = true;
        for j in i..ws.len().min(i + opts.max_words) {
            if j > i && ws[j].breaks_before {
                break;
            }
            let Some(s) = &ws[j].stem else { break };
            if j > i {
                key.push(' ');
            }
            key.push_str(s);
            only_titles &= ws[j].title;
            if ws[j].no_end || only_titles || (!name_spans.is_empty() && straddles(i, j)) {
                continue;
            }
            if !cands.contains_key(&key) {
                cands.insert(key.clone(), Cand::default());
            }
            let c = cands.get_mut(&key).expect("inserted above");
            if c.count == 0 {
                c.first = ws[i].start;
                c.first_rank = order;
                c.n_words = j - i + 1;
                c.stems = key.split(' ').map(str::to_string).collect();
            }
            c.count += 1;
            if i == j
                && in_name[i]
                    .is_some_and(|m| in_name.get(i + 1) == Some(&Some(m)) || (i > 0 && in_name[i - 1] == Some(m)))
            {
                c.in_longer_name += 1;
            }
            let mut h = rustc_hash::FxHasher::default();
            for w in &ws[i..=j] {
                w.surface.hash(&mut h);
            }
            c.surfaces.entry(h.finish()).or_insert((0, i, j)).0 += 1;
        }
        order += 1;
    }
    // Only maximal phrases: drop one that always occurs inside the same
    // longer phrase (`كيم جونج` inside `كيم جونج أون`).
    let mut covered: Vec<String> = Vec::new();
    for c in cands.values() {
        // Only a phrase that can be a keyword covers its parts: four words
        // met once never are, and would take `ولي ولي العهد` with them.
        if c.n_words < 2 || !eligible(c) {
            continue;
        }
        for mut sub in [&c.stems[1..], &c.stems[..c.n_words - 1]] {
            // A name link left at an edge goes too: `الأمير محمد` is the
            // part of `الأمير محمد بن سلمان`, `الأمير محمد بن` no phrase.
            while sub.last().is_some_and(|w| cannot_end(w)) {
                sub = &sub[..sub.len() - 1];
            }
            while sub.first().is_some_and(|w| cannot_start(w)) {
                sub = &sub[1..];
            }
            if sub.is_empty() {
                continue;
            }
            let key = sub.join(" ");
            // A word the phrase holds twice (`ولي` in `ولي ولي العهد`) is
            // met twice in each of its occurrences.
            if cands.get(&key).is_some_and(|s| s.count <= c.count * count_seq(&c.stems, sub)) {
                covered.push(key);
            }
        }
    }
    for k in covered {
        cands.remove(&k);
    }
    let total = order.max(1) as f64;
    let title_keys: Vec<String> =
        title.map(|t| words(t).into_iter().filter_map(|w| w.stem).collect()).unwrap_or_default();
    let entity_stems: Vec<Vec<String>> = entity_names
        .iter()
        .map(|n| words(n).into_iter().filter_map(|w| w.stem).collect::<Vec<_>>())
        .filter(|v| !v.is_empty())
        .collect();
    let mut scored: Vec<(f64, String, &Cand)> = cands
        .iter()
        .filter(|(_, c)| eligible(c))
        .map(|(k, c)| {
            let idf = c.stems.iter().map(|s| model.idf(s)).sum::<f64>() / c.n_words as f64;
            let tf = c.count as f64;
            let pos = 1.0 + 1.0 / (1.0 + (c.first_rank as f64 / total) * 10.0);
            let in_title = !title_keys.is_empty() && c.stems.iter().all(|s| title_keys.contains(s));
            // A name the article uses gets the bonus; a part of a longer
            // name that is never a name on its own (`عبدالعزيز` of `سلمان بن
            // عبدالعزيز`, `محمد` of `محمد بن نايف`) is a fragment and loses
            // weight instead.
            let is_entity = entity_stems.contains(&c.stems);
            let name_part = !is_entity && entity_stems.iter().any(|e| contains_seq(e, &c.stems));
            let len = match c.n_words {
                1 => 1.0,
                2 => 1.6,
                3 => 1.5,
                _ => 1.2,
            };
            // a multi-word phrase met once is weak evidence
            let once = if c.n_words > 1 && c.count < 2 { 0.45 } else { 1.0 };
            // a lone relative adjective (`الشمالية`, `الأمريكي`) is a fragment
            let nisba = c.n_words == 1
                && c.surfaces.values().all(|&(_, i, _)| {
                    let w = &ws[i].surface;
                    w.starts_with("ال") && (w.ends_with('ي') || w.ends_with("ية"))
                });
            let once = if nisba { once * 0.5 } else { once };
            let score = tf.sqrt()
                * idf
                * pos
                * len
                * once
                * if in_title { opts.title_bonus } else { 1.0 }
                * if is_entity { opts.entity_bonus } else { 1.0 }
                * if name_part { NAME_PART_WEIGHT } else { 1.0 };
            (score, k.clone(), c)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut out: Vec<Keyword> = Vec::new();
    let mut chosen: Vec<(&Cand, &str)> = Vec::new();
    for (score, _key, c) in scored {
        if out.len() >= opts.top {
            break;
        }
        // no fragments: skip a phrase inside (or around) a chosen one
        // unless it also stands alone often enough
        // (A word met twice in the chosen phrase, `ولي` in `ولي ولي العهد`,
        // is counted twice for each of its occurrences.)
        let redundant = chosen.iter().any(|(o, _)| {
            (contains_seq(&o.stems, &c.stems) && c.count <= o.count * count_seq(&o.stems, &c.stems) + 1)
                || (contains_seq(&c.stems, &o.stems) && c.count + 1 >= o.count)
        });
        if redundant {
            continue;
        }
        // The most frequent spelling; the shorter, then the earlier, on a tie.
        let spell = |&(_, i, j): &(usize, usize, usize)| {
            ws[i..=j].iter().map(|w| w.surface.as_str()).collect::<Vec<_>>().join(" ")
        };
        let phrase = c
            .surfaces
            .values()
            .map(|v| (v.0, spell(v), v.1))
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.len().cmp(&a.1.len())).then_with(|| b.2.cmp(&a.2)))
            .map(|(_, s, _)| s)
            .unwrap_or_default();
        chosen.push((c, ""));
        out.push(Keyword { phrase, score: (score * 1000.0).round() / 1000.0, count: c.count, first: c.first });
    }
    out
}

/// Whether a candidate may be a keyword at all: a phrase of four words
/// must be met twice, and a word the article only says inside longer names
/// (a father's or family name, `عبدالعزيز`, `سعود`) is a fragment of them.
fn eligible(c: &Cand) -> bool {
    (c.n_words <= 3 || c.count >= 2) && !(c.n_words == 1 && c.in_longer_name == c.count)
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

/// How many times `needle` stands in `hay` (overlaps counted).
fn count_seq(hay: &[String], needle: &[String]) -> usize {
    if needle.is_empty() || needle.len() > hay.len() {
        return 0;
    }
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "يسعى الرئيس الأمريكي ترامب إلى استعادة العلاقات مع كوريا الشمالية. وقال ترامب إن استعادة العلاقات \
مع كوريا الشمالية ميزة كبيرة. ورحبت اليابان بالخطوة، وقال إيشيبا إن اليابان تتابع. المزيد مع العالم.";

    /// The phrases `extract_keywords` gives for `doc` (default options, no
    /// title or names), with document frequencies from `doc` and two
    /// unrelated texts.
    fn phrases_of(doc: &str) -> Vec<String> {
        let m = KeywordModel::from_documents([doc, "ارتفعت أسعار النفط", "قال الرئيس إن الاقتصاد ينمو"]);
        extract_keywords(&m, None, doc, &[], &KeywordOptions::default()).into_iter().map(|k| k.phrase).collect()
    }

    #[test]
    fn phrases_not_fragments() {
        let m =
            KeywordModel::from_documents([DOC, "ارتفعت أسعار النفط في الأسواق العالمية", "قال الرئيس إن الاقتصاد ينمو"]);
        let k = extract_keywords(
            &m,
            Some("ترامب يخطط لاستعادة العلاقات مع كيم"),
            DOC,
            &["كوريا الشمالية".to_string()],
            &KeywordOptions::default(),
        );
        let p: Vec<&str> = k.iter().map(|k| k.phrase.as_str()).collect();
        assert!(p.contains(&"كوريا الشمالية"), "{p:?}");
        assert!(p.contains(&"استعادة العلاقات"), "{p:?}");
        assert!(p.contains(&"ترامب"), "{p:?}");
        assert!(p.contains(&"اليابان"), "{p:?}");
        assert!(!p.iter().any(|x| x.contains("المزيد") || x.starts_with("مع") || x.ends_with(" مع")), "{p:?}");
        assert!(!p.contains(&"كوريا"), "fragment: {p:?}");
    }

    #[test]
    fn parts_of_names_are_not_keywords_alone() {
        let doc = "استقبل الأمير محمد بن سلمان بن عبدالعزيز الوفد في أبو ظبي. \
وقال الأمير محمد بن سلمان إن الزيارة ناجحة، وأشاد بن عبدالعزيز بالوفد في أبو ظبي.";
        let p = phrases_of(doc);
        assert!(p.iter().any(|x| x.contains("محمد بن سلمان")), "{p:?}");
        assert!(p.iter().any(|x| x == "أبو ظبي"), "{p:?}");
        for x in &p {
            let first = x.split(' ').next().unwrap_or_default();
            let last = x.split(' ').next_back().unwrap_or_default();
            assert!(first != "بن" && last != "بن" && last != "أبو", "fragment {x:?} in {p:?}");
        }
    }

    #[test]
    fn a_part_of_a_name_counts_for_less_than_the_name() {
        let doc = "استقبل الملك سلمان بن عبدالعزيز الوفد. وأكد الملك سلمان بن عبدالعزيز دعم المشروع. \
وشكر الوفد عبدالعزيز، ثم زار عبدالعزيز، المشروع.";
        let m = KeywordModel::from_documents([doc, "ارتفعت أسعار النفط", "قال الرئيس إن الاقتصاد ينمو"]);
        let names = ["الملك سلمان بن عبدالعزيز".to_string(), "سلمان بن عبدالعزيز".to_string()];
        let score = |names: &[String]| {
            let k = extract_keywords(&m, None, doc, names, &KeywordOptions::default());
            let of = |p: &str| k.iter().find(|k| k.phrase == p).map(|k| k.score).unwrap_or(0.0);
            (of("عبدالعزيز"), of("الملك سلمان بن عبدالعزيز"))
        };
        let (part, name) = score(&names);
        let (part_alone, name_alone) = score(&[]);
        assert!(part < part_alone, "a part of a name loses weight: {part} vs {part_alone}");
        assert!(name > name_alone, "the name gains: {name} vs {name_alone}");
    }

    #[test]
    fn no_phrase_straddles_the_edge_of_a_name() {
        let doc = "استقبل الملك سلمان بن عبدالعزيز الوفد في جدة. \
وودع الملك سلمان بن عبدالعزيز الوفد بعد الزيارة. ورحب الملك سلمان بن عبدالعزيز الوفد مجددا.";
        let m = KeywordModel::from_documents([doc, "ارتفعت أسعار النفط", "قال الرئيس إن الاقتصاد ينمو"]);
        let name = "الملك سلمان بن عبدالعزيز";
        let spans: Vec<(usize, usize)> = doc.match_indices(name).map(|(s, n)| (s, s + n.len())).collect();
        assert_eq!(spans.len(), 3);
        let names = [name.to_string()];
        let phrases = |spans: &[(usize, usize)]| -> Vec<String> {
            extract_keywords_with_spans(&m, None, doc, &names, spans, &KeywordOptions::default())
                .into_iter()
                .map(|k| k.phrase)
                .collect()
        };
        // Without the spans, phrases run from inside the name into the next
        // word (`سلمان بن عبدالعزيز الوفد`) or from the verb before it into
        // the name (`استقبل الملك سلمان`).
        let straddling = |x: &String| x.contains("عبدالعزيز الوفد") || x.ends_with("الملك سلمان");
        let without = phrases(&[]);
        assert!(without.iter().filter(|x| straddling(x)).count() >= 2, "{without:?}");
        let with = phrases(&spans);
        assert!(!with.iter().any(straddling), "{with:?}");

        assert!(with.iter().any(|x| x == name), "{with:?}");
        assert!(with.iter().any(|x| x == "الوفد"), "{with:?}");
    }

    #[test]
    fn a_phrase_met_once_that_holds_a_word_twice_is_not_cut_to_that_word() {
        // `ولي ولي العهد` once: its `ولي` is met twice, but only inside it.
        let doc = "بحث الأمير محمد بن سلمان ولي ولي العهد النائب الثاني لرئيس مجلس الوزراء مع رئيس الشيشان في جدة.";
        let p = phrases_of(doc);
        assert!(!p.iter().any(|x| x == "ولي"), "{p:?}");
        assert!(p.iter().any(|x| x.contains("ولي ولي العهد")), "{p:?}");
    }

    #[test]
    fn a_word_repeated_inside_a_phrase_is_no_keyword_of_its_own() {
        let doc = "استقبل ولي ولي العهد الوفد. وأكد ولي ولي العهد أهمية الزيارة. وقال ولي ولي العهد إن الزيارة ناجحة.";
        let p = phrases_of(doc);
        assert!(p.iter().any(|x| x == "ولي ولي العهد"), "{p:?}");
        assert!(!p.iter().any(|x| x == "ولي"), "{p:?}");
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(count_seq(&s(&["ولي", "ولي", "عهد"]), &s(&["ولي"])), 2);
        assert_eq!(count_seq(&s(&["ولي"]), &s(&[])), 0);
    }

    #[test]
    fn honorifics_are_no_keywords() {
        let doc = "وأكد سموه أهمية المشروع. وأشاد سموه بالمشروع. وقال معاليه إن المشروع ناجح، وشكر فخامة الرئيس الوفد.";
        let p = phrases_of(doc);
        assert!(p.iter().any(|x| x == "المشروع"), "{p:?}");
        assert!(!p.iter().any(|x| x.contains("سموه") || x.contains("معاليه") || x.contains("فخامة")), "{p:?}");
    }

    #[test]
    fn a_word_said_only_inside_longer_names_is_no_keyword() {
        // `سعود` closes two names here, each too long for a phrase; said
        // nowhere else, it is no keyword, while a place said on its own is.
        let (n1, n2) = ("الملك سلمان بن عبدالعزيز آل سعود", "الأمير نايف بن ماجد بن سعود");
        let doc = format!("هنأ {n1}، الفريق في جدة. وزار {n2}، جدة. وأشاد {n1}، بالفريق. وحضر {n2}، الحفل في جدة.");
        let m = KeywordModel::from_documents([doc.as_str(), "ارتفعت أسعار النفط", "قال الرئيس إن الاقتصاد ينمو"]);
        let spans: Vec<(usize, usize)> =
            [n1, n2].iter().flat_map(|n| doc.match_indices(n).map(|(s, n)| (s, s + n.len()))).collect();
        let names = [n1.to_string(), n2.to_string()];
        let phrases = |spans: &[(usize, usize)]| -> Vec<String> {
            extract_keywords_with_spans(&m, None, &doc, &names, spans, &KeywordOptions::default())
                .into_iter()
                .map(|k| k.phrase)
                .collect()
        };
        let without = phrases(&[]);
        assert!(without.iter().any(|x| x == "سعود"), "{without:?}");
        let with = phrases(&spans);
        assert!(!with.iter().any(|x| x == "سعود"), "{with:?}");
        assert!(with.iter().any(|x| x == "جدة"), "{with:?}");
    }

    #[test]
    fn titles_alone_are_no_keywords() {
        let doc = "استقبل صاحب السمو الملكي الأمير فيصل بن خالد الوفد. وقال الأمير إن المشروع ناجح. \
وأكد الأمير دعم المشروع، وشكر الدكتور خالد الأمير على المشروع. وزار الشيخ والدكتور المشروع.";
        let p = phrases_of(doc);
        assert!(p.iter().any(|x| x == "المشروع"), "{p:?}");
        for t in ["الأمير", "الدكتور", "الشيخ", "الملكي الأمير", "الملكي", "استقبل صاحب"]
        {
            assert!(!p.iter().any(|x| x == t), "{t} in {p:?}");
        }
        assert!(p.iter().any(|x| x.contains("الأمير فيصل")), "{p:?}");
    }

    #[test]
    fn a_feminine_or_plural_relative_adjective_is_not_its_noun() {
        assert_eq!(keyword_stem("السعودية"), "سعودي");
        assert_eq!(keyword_stem("السعوديين"), "سعودي");
        assert_eq!(keyword_stem("سعود"), "سعود");
        assert_ne!(keyword_stem("الفيصلية"), keyword_stem("الفيصل"));
        // Other suffixes still meet their word.
        assert_eq!(keyword_stem("العلاقات"), keyword_stem("علاقات"));
        assert_eq!(keyword_stem("المدارس"), keyword_stem("مدارس"));
    }

    #[test]
    fn idf() {
        let m = KeywordModel::from_documents(["كتاب جديد", "كتاب قديم"]);
        assert!(m.idf("جديد") > m.idf("كتاب"));
        assert_eq!(KeywordModel::default().idf("x"), 1.0);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let m = KeywordModel::from_documents([s.as_str()]);
            let _ = extract_keywords(&m, Some(&s), &s, std::slice::from_ref(&s), &KeywordOptions::default());
        }
    }
}
