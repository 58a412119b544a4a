//! Per-source boilerplate learned from the corpus itself.
//!
//! Each newspaper has its own furniture: a share bar glued to the head of
//! every article (`شارك من خلال تويتر فيسبوك …`), a "read more" tail
//! (`...المزيد`), a contact block under every column, its own name in the
//! byline (`عين اليوم – …`). No list is written per newspaper: a
//! [`Learner`] sees a source's articles (after rule-based cleanup) and keeps
//!
//! - **lines**: whole paragraphs (digits folded, so `تبدأ بالرمز (100) …`
//!   and `… (123) …` are one) found in at least `line_share` of the source's
//!   distinct articles;
//! - **prefixes** / **suffixes**: the longest word sequences that open the
//!   first paragraph / close the last one in at least `affix_share` of them
//!   (a single word needs `single_word_share`, and must hold something other
//!   than Arabic letters: `...المزيد` is furniture, `أكد` opens sentences),
//!   and that are *maximal*: no longer sequence is nearly as frequent;
//! - **self-names**: the outlet's own name as its bylines write it, a byline
//!   part found with many different partners (`عين اليوم – الرياض`,
//!   `داليا أبوالعيش – عين اليوم`, `عين اليوم – متابعات` …), so it is never
//!   taken for a reporter.
//!
//! The result, a [`BoilerplateModel`], is plain data (serde), to be stored
//! and applied to the source's articles with [`BoilerplateModel::apply`].
//! Every removal goes to `Article::removed` (`learned_line`,
//! `learned_prefix`, `learned_suffix`, `byline`).
//!
//! Duplicate articles (same body) are counted once, so a story republished
//! ten times does not become boilerplate. Learn from a large corpus (thousands
//! of articles per source): on a few hundred, a formulaic lead that one desk
//! repeats (a weather report's first words) can pass for boilerplate.

use crate::clean::{clean_article, parse_byline, Segment};
use crate::lexicon;
use crate::text::{head_spans, tail_spans};
use marsad_model::{Article, Boilerplate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A small fast hasher for the learner's string counts (FxHash's mixing);
/// the keys come from our own corpus, so flooding is not a concern.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
type FxSet<K> = HashSet<K, BuildHasherDefault<Fx>>;

/// Thresholds of the learner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LearnParams {
    /// Fewest distinct articles an item must be found in.
    pub min_articles: usize,
    /// Smallest share of a source's articles for a line.
    pub line_share: f64,
    /// Smallest share for a prefix or suffix of two words or more.
    pub affix_share: f64,
    /// Smallest share for a one-word prefix or suffix.
    pub single_word_share: f64,
    /// Longest line considered (characters).
    pub max_line_chars: usize,
    /// Longest prefix or suffix considered (words).
    pub max_affix_words: usize,
    /// Fewest distinct reporters signed with a byline part for it to be the outlet's own name.
    pub self_name_partners: usize,
    /// Smallest share of a source's articles for a self-name.
    pub self_name_share: f64,
}

impl Default for LearnParams {
    fn default() -> Self {
        LearnParams {
            min_articles: 10,
            line_share: 0.01,
            affix_share: 0.03,
            single_word_share: 0.10,
            max_line_chars: 200,
            max_affix_words: 12,
            self_name_partners: 5,
            self_name_share: 0.02,
        }
    }
}

/// One learned item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnedItem {
    /// The text as first seen.
    pub text: String,
    /// The folded form it is matched by.
    pub key: String,
    /// In how many distinct articles of the source it was found when learning.
    pub articles: usize,
    /// `articles` over the source's distinct articles.
    pub share: f64,
    /// How many times [`BoilerplateModel::apply`] removed it (see [`BoilerplateModel::tally`]).
    #[serde(default)]
    pub matched: usize,
}

/// What was learned for one source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceBoilerplate {
    /// Distinct articles learned from.
    pub articles: usize,
    /// Whole paragraphs.
    pub lines: Vec<LearnedItem>,
    /// Openings of the first paragraph.
    pub prefixes: Vec<LearnedItem>,
    /// Closings of the last paragraph.
    pub suffixes: Vec<LearnedItem>,
    /// The outlet's own name(s) in bylines.
    pub self_names: Vec<LearnedItem>,
    /// Labels of the tag lists that close this source's articles (`سمات`):
    /// where a source ends most articles with one, a list glued to the last
    /// sentence without punctuation is taken too.
    pub tag_labels: Vec<LearnedItem>,
}

/// Learned boilerplate for every source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoilerplateModel {
    /// The thresholds used.
    pub params: LearnParams,
    /// Per source name.
    pub sources: BTreeMap<String, SourceBoilerplate>,
}

/// Which list a match came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// [`SourceBoilerplate::lines`]
    Line,
    /// [`SourceBoilerplate::prefixes`]
    Prefix,
    /// [`SourceBoilerplate::suffixes`]
    Suffix,
    /// [`SourceBoilerplate::self_names`]
    SelfName,
    /// [`SourceBoilerplate::tag_labels`]
    TagLabel,
}

/// One removal made by [`BoilerplateModel::apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The source whose model matched.
    pub source: String,
    /// The list.
    pub kind: ItemKind,
    /// Index in that list.
    pub index: usize,
}

/// The folded key lines and affixes are compared by: whitespace collapsed,
/// digits (any script) to `0`, bidi marks and tatweel dropped, hamza forms
/// and ى/ة folded, Latin lower-cased. Quotes and punctuation stay.
pub fn line_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            // A run of digits is one `0`.
            '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' if out.ends_with('0') && !space => continue,
            '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => '0',
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' | 'ی' => 'ي',
            'ة' => 'ه',
            'ک' => 'ك',
            '\u{064B}'..='\u{0652}' | '\u{0670}' => continue,
            // Word separators exactly as `word_spans` has them, so a key has as
            // many words as the text it came from.
            c if c.is_whitespace() || crate::text::is_trim_char(c) => {
                space = true;
                continue;
            }
            c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
            c => c,
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Articles per bucket of the lossy counting that keeps a learner's memory
/// bounded (Manku and Motwani, 2002): at the end of every bucket of a
/// source's articles, items whose count plus the bucket they arrived in
/// shows them rarer than one article in this many are dropped. Every item
/// learned must be in at least 1% of the source's articles (10 times this
/// rate), so none is lost; a kept count is short by at most 0.1% of the
/// source's articles. Memory follows the number of recurring items instead
/// of the corpus: without it every article's short lines and its first and
/// last twelve word sequences stay in the tables.
const BUCKET_ARTICLES: usize = 1000;

/// A counted item: articles it was found in, its text as first seen, and
/// the lossy-counting slack (buckets that had passed before it arrived).
type Tally = (usize, String, usize);

#[derive(Default)]
struct Counts {
    articles: usize,
    bodies: FxSet<u64>,
    lines: FxMap<String, Tally>,
    prefixes: FxMap<String, Tally>,
    suffixes: FxMap<String, Tally>,
    byline_parts: FxMap<String, (usize, String, FxSet<String>)>,
    tag_labels: FxMap<String, Tally>,
}

impl Counts {
    /// Buckets completed before the current article.
    fn slack(&self) -> usize {
        self.articles.saturating_sub(1) / BUCKET_ARTICLES
    }

    /// At a bucket's end, drop the items too rare to be learned.
    fn prune(&mut self) {
        if self.articles == 0 || self.articles % BUCKET_ARTICLES != 0 {
            return;
        }
        let bucket = self.articles / BUCKET_ARTICLES;
        for map in [&mut self.lines, &mut self.prefixes, &mut self.suffixes, &mut self.tag_labels] {
            map.retain(|_, (count, _, slack)| *count + *slack > bucket);
        }
    }
}

fn bump(map: &mut FxMap<String, Tally>, key: &str, text: &str, slack: usize) {
    match map.get_mut(key) {
        Some(e) => e.0 += 1,
        None => {
            map.insert(key.to_string(), (1, text.to_string(), slack));
        }
    }
}

/// Collects counts over a corpus, then [`Learner::finish`] keeps what recurs.
#[derive(Default)]
pub struct Learner {
    params: LearnParams,
    sources: HashMap<String, Counts>,
}

impl Learner {
    /// A learner with these thresholds.
    pub fn new(params: LearnParams) -> Self {
        Learner { params, sources: HashMap::new() }
    }

    /// Count one (rule-cleaned) article.
    pub fn add(&mut self, a: &Article) {
        if a.body.is_empty() {
            return;
        }
        let c = self.sources.entry(a.source.clone()).or_default();
        let mut h = Fx::default();
        for p in &a.body {
            p.text.hash(&mut h);
        }
        if !c.bodies.insert(h.finish()) {
            return; // a duplicate body counts once
        }
        c.articles += 1;
        let slack = c.slack();
        let mut seen: FxSet<String> = FxSet::default();
        for p in &a.body {
            if p.text.len() <= self.params.max_line_chars * 4 && p.text.chars().count() <= self.params.max_line_chars {
                let k = line_key(&p.text);
                if !k.is_empty() && !seen.contains(&k) {
                    bump(&mut c.lines, &k, &p.text, slack);
                    seen.insert(k);
                }
            }
        }
        let max = self.params.max_affix_words;
        let first = &a.body[0].text;
        let spans = head_spans(first, max + 1);
        let mut key = String::new();
        for n in 1..=max.min(spans.len().saturating_sub(1)) {
            let (s0, e0) = spans[n - 1];
            if n > 1 {
                key.push(' ');
            }
            key.push_str(&line_key(&first[s0..e0]));
            bump(&mut c.prefixes, &key, &first[..e0], slack);
        }
        let last = &a.body[a.body.len() - 1].text;
        let spans = tail_spans(last, max + 1);
        let len = spans.len();
        let mut key = String::new();
        for n in 1..=max.min(len.saturating_sub(1)) {
            let (s0, e0) = spans[len - n];
            let w = line_key(&last[s0..e0]);
            key = if n == 1 { w } else { format!("{w} {key}") };
            bump(&mut c.suffixes, &key, &last[s0..], slack);
        }
        if let Some(t) = a.removed.iter().find(|b| b.reason == "tags") {
            if let Some(w) = t.text.split_whitespace().next() {
                let w = w.trim_end_matches(':');
                bump(&mut c.tag_labels, &lexicon::key(w), w, slack);
            }
        }
        // Byline parts and their partners (from the bylines cleanup removed,
        // and the author field as it is now).
        let mut bylines: Vec<&str> =
            a.removed.iter().filter(|b| b.reason == "byline").map(|b| b.text.as_str()).collect();
        if let Some(au) = &a.author {
            bylines.push(au);
        }
        let mut counted: FxSet<String> = FxSet::default();
        for text in bylines {
            let Some(b) = parse_byline(text) else { continue };
            // Partners that tell an outlet from a reporter: the people named
            // with it (an outlet signs with many reporters; a reporter travels
            // between places and wires, but is not signed with many others).
            let parts: Vec<Option<String>> = b
                .segments
                .iter()
                .map(|s| match s {
                    Segment::Person(x) => Some(lexicon::key(x)),
                    _ => None,
                })
                .collect();
            for (i, s) in b.segments.iter().enumerate() {
                let (Segment::Person(x) | Segment::Outlet(x)) = s else { continue };
                let k = lexicon::key(x);
                let e = c.byline_parts.entry(k.clone()).or_insert_with(|| (0, x.clone(), FxSet::default()));
                if counted.insert(k) {
                    e.0 += 1;
                }
                for (j, p) in parts.iter().enumerate() {
                    if let (true, Some(p)) = (j != i, p) {
                        e.2.insert(p.clone());
                    }
                }
            }
        }
        c.prune();
    }

    /// Keep what recurs.
    pub fn finish(self) -> BoilerplateModel {
        let p = self.params.clone();
        let mut sources = BTreeMap::new();
        for (name, c) in self.sources {
            let n = c.articles.max(1);
            let item = |key: &str, count: usize, text: &str| LearnedItem {
                text: text.to_string(),
                key: key.to_string(),
                articles: count,
                share: count as f64 / n as f64,
                matched: 0,
            };
            let enough = |count: usize, share: f64| count >= p.min_articles && count as f64 >= share * n as f64;
            let mut lines: Vec<LearnedItem> = c
                .lines
                .iter()
                .filter(|(k, (count, _, _))| enough(*count, p.line_share) && k.chars().any(char::is_alphanumeric))
                .map(|(k, (count, t, _))| item(k, *count, t))
                .collect();
            let affixes = |map: &FxMap<String, Tally>, suffix: bool| -> Vec<LearnedItem> {
                // The most frequent one-word-longer sequence of each sequence.
                let mut best_child: FxMap<&str, usize> = FxMap::default();
                for (k, (count, _, _)) in map {
                    if *count * 2 < p.min_articles {
                        continue;
                    }
                    let parent =
                        if suffix { k.split_once(' ').map(|(_, r)| r) } else { k.rsplit_once(' ').map(|(l, _)| l) };
                    if let Some(parent) = parent {
                        let e = best_child.entry(parent).or_insert(0);
                        *e = (*e).max(*count);
                    }
                }
                let mut out: Vec<LearnedItem> = Vec::new();
                for (k, (count, t, _)) in map {
                    let words = k.split(' ').count();
                    let share = if words == 1 { p.single_word_share } else { p.affix_share };
                    if !enough(*count, share) || !k.chars().any(char::is_alphabetic) {
                        continue;
                    }
                    // A bare Arabic word is a sentence's first or last word (`أكد`),
                    // not furniture; `...المزيد` or `Next` are.
                    if words == 1
                        && k.chars()
                            .all(|c| ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c))
                    {
                        continue;
                    }
                    // Maximal: no one-word-longer sequence keeps half its count.
                    if best_child.get(k.as_str()).is_some_and(|c2| c2 * 2 >= *count) {
                        continue;
                    }
                    out.push(item(k, *count, t));
                }
                out
            };
            // An affix that is only the end (start) of a learned line is that line.
            let explained = |it: &LearnedItem, suffix: bool| {
                lines.iter().any(|l| {
                    (if suffix { l.key.ends_with(&it.key) } else { l.key.starts_with(&it.key) })
                        && l.articles * 2 >= it.articles
                })
            };
            let mut prefixes: Vec<LearnedItem> =
                affixes(&c.prefixes, false).into_iter().filter(|i| !explained(i, false)).collect();
            let mut suffixes: Vec<LearnedItem> =
                affixes(&c.suffixes, true).into_iter().filter(|i| !explained(i, true)).collect();
            let mut self_names: Vec<LearnedItem> = c
                .byline_parts
                .iter()
                .filter(|(_, (count, _, partners))| {
                    partners.len() >= p.self_name_partners && enough(*count, p.self_name_share)
                })
                .map(|(k, (count, t, _))| item(k, *count, t))
                .collect();
            let mut tag_labels: Vec<LearnedItem> = c
                .tag_labels
                .iter()
                .filter(|(_, (count, _, _))| enough(*count, p.single_word_share))
                .map(|(k, (count, t, _))| item(k, *count, t))
                .collect();
            for v in [&mut lines, &mut prefixes, &mut suffixes, &mut self_names, &mut tag_labels] {
                v.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.key.cmp(&b.key)));
            }
            sources.insert(
                name,
                SourceBoilerplate { articles: c.articles, lines, prefixes, suffixes, self_names, tag_labels },
            );
        }
        BoilerplateModel { params: p, sources }
    }
}

impl BoilerplateModel {
    /// Learn from a whole corpus in one call.
    pub fn learn<'a>(articles: impl IntoIterator<Item = &'a Article>, params: LearnParams) -> Self {
        let mut l = Learner::new(params);
        for a in articles {
            l.add(a);
        }
        l.finish()
    }

    /// Remove the article's source's learned boilerplate from it, recording
    /// each removal in `removed`; then rule-based cleanup runs again on what
    /// is left (a byline under a share bar shows only once the bar is gone).
    pub fn apply(&self, a: &mut Article) -> Vec<Match> {
        let Some(sb) = self.sources.get(&a.source) else { return Vec::new() };
        let mut out = Vec::new();
        let source = a.source.clone();
        let m = |kind, index| Match { source: source.clone(), kind, index };
        let mut found = Vec::new();
        // Lines, anywhere.
        if !sb.lines.is_empty() {
            let index: HashMap<&str, usize> = sb.lines.iter().enumerate().map(|(i, l)| (l.key.as_str(), i)).collect();
            let mut i = 0;
            let max_bytes = self.params.max_line_chars * 4;
            while i < a.body.len() {
                if a.body[i].text.len() > max_bytes {
                    i += 1;
                    continue;
                }
                let k = line_key(&a.body[i].text);
                if let Some(&li) = index.get(k.as_str()) {
                    let p = a.body.remove(i);
                    a.removed.push(Boilerplate::new("learned_line", p.text));
                    found.push(m(ItemKind::Line, li));
                } else {
                    i += 1;
                }
            }
        }
        // Prefix of the first paragraph, longest first.
        if let Some(first) = a.body.first() {
            let text = first.text.clone();
            let spans = head_spans(&text, self.params.max_affix_words + 1);
            let hit = sb
                .prefixes
                .iter()
                .enumerate()
                .filter_map(|(i, pre)| {
                    let n = pre.key.split(' ').count();
                    (n <= spans.len() && line_key(&text[..spans[n - 1].1]) == pre.key).then_some((i, n))
                })
                .max_by_key(|&(_, n)| n);
            if let Some((i, n)) = hit {
                let cut = spans[n - 1].1;
                a.removed.push(Boilerplate::new("learned_prefix", text[..cut].trim()));
                let rest = text[cut..].trim().to_string();
                if rest.is_empty() {
                    a.body.remove(0);
                } else {
                    a.body[0].text = rest;
                }
                found.push(m(ItemKind::Prefix, i));
            }
        }
        // Suffix of the last paragraph.
        if let Some(last) = a.body.last() {
            let text = last.text.clone();
            let spans = tail_spans(&text, self.params.max_affix_words + 1);
            let len = spans.len();
            let hit = sb
                .suffixes
                .iter()
                .enumerate()
                .filter_map(|(i, suf)| {
                    let n = suf.key.split(' ').count();
                    (n <= len && line_key(&text[spans[len - n].0..]) == suf.key).then_some((i, n))
                })
                .max_by_key(|&(_, n)| n);
            if let Some((i, n)) = hit {
                let cut = spans[len - n].0;
                a.removed.push(Boilerplate::new("learned_suffix", text[cut..].trim()));
                let rest = text[..cut].trim().to_string();
                if rest.is_empty() {
                    a.body.pop();
                } else if let Some(l) = a.body.last_mut() {
                    l.text = rest;
                }
                found.push(m(ItemKind::Suffix, i));
            }
        }
        // A tag list glued to the last sentence, where this source closes most
        // articles with one.
        if !sb.tag_labels.is_empty() && !a.removed.iter().any(|b| b.reason == "tags") {
            if let Some(last) = a.body.last() {
                if let Some(pos) = crate::clean::trailing_tags(&last.text, false) {
                    let word = last.text[pos..].split_whitespace().next().unwrap_or("");
                    let k = lexicon::key(word);
                    if let Some(i) = sb.tag_labels.iter().position(|t| t.key == k) {
                        crate::clean::take_trailing_tags(a, pos);
                        found.push(m(ItemKind::TagLabel, i));
                    }
                }
            }
        }
        if !found.is_empty() {
            clean_article(a);
        }
        // The outlet's own name taken for a place (`الوئام - يو بي اي`: one
        // unknown word beside an agency reads as a place until the corpus says
        // it is the outlet).
        if let Some(dl) = a.dateline.as_mut() {
            if let Some(i) = dl.place.as_deref().and_then(|p| {
                let k = lexicon::key(p);
                sb.self_names.iter().position(|s| s.key == k)
            }) {
                dl.place = None;
                found.push(m(ItemKind::SelfName, i));
            }
        }
        // The outlet's own name taken for a reporter, alone or in a byline.
        if let Some(au) = a.author.clone() {
            let k = lexicon::key(&au);
            let self_name = |k: &str| sb.self_names.iter().position(|s| s.key == k);
            if let Some(i) = self_name(&k) {
                a.removed.push(Boilerplate::new("byline", au));
                a.author = None;
                found.push(m(ItemKind::SelfName, i));
            } else if let Some(b) = parse_byline(&au).filter(|b| b.segments.len() > 1) {
                let mut hit = None;
                let mut person = None;
                for s in &b.segments {
                    match s {
                        Segment::Person(x) | Segment::Outlet(x) => match self_name(&lexicon::key(x)) {
                            Some(i) => hit = hit.or(Some(i)),
                            None if matches!(s, Segment::Person(_)) => person = person.or(Some(x.clone())),
                            None => {}
                        },
                        _ => {}
                    }
                }
                if let Some(i) = hit {
                    a.removed.push(Boilerplate::new("byline", au));
                    a.author = person;
                    found.push(m(ItemKind::SelfName, i));
                }
            }
        }
        out.extend(found);
        out
    }

    /// Count matches into the items' `matched` fields.
    pub fn tally(&mut self, matches: &[Match]) {
        for mt in matches {
            let Some(sb) = self.sources.get_mut(&mt.source) else { continue };
            let list = match mt.kind {
                ItemKind::Line => &mut sb.lines,
                ItemKind::Prefix => &mut sb.prefixes,
                ItemKind::Suffix => &mut sb.suffixes,
                ItemKind::SelfName => &mut sb.self_names,
                ItemKind::TagLabel => &mut sb.tag_labels,
            };
            if let Some(it) = list.get_mut(mt.index) {
                it.matched += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_model::Paragraph;

    fn art(source: &str, body: &[String], author: Option<&str>) -> Article {
        let mut a = Article::new(source, "عنوان");
        a.body = body.iter().map(|t| Paragraph::text(t.clone())).collect();
        a.author = author.map(str::to_string);
        a
    }

    const TOPICS: &[&str] = &["الأمطار", "المرور", "التعليم", "الصحة", "الاقتصاد", "الرياضة", "الثقافة", "السياحة"];
    const PLACES: &[&str] = &["الرياض", "جدة", "الدمام", "أبها", "تبوك", "نجران", "حائل", "الباحة"];

    fn corpus() -> Vec<Article> {
        let mut v = Vec::new();
        const VERBS: &[&str] = &["أعلنت", "أكدت", "كشفت", "قالت", "بدأت", "أطلقت", "نفذت"];
        for i in 0..60 {
            let t = TOPICS[i % TOPICS.len()];
            let verb = VERBS[i % VERBS.len()];
            let mut body = vec![
                format!("شارك من خلال تويتر فيسبوك اكتب رأيك {verb} إدارة {t} في المنطقة رقم {i} بدء العمل."),
                format!("وقال المتحدث إن خطة {t} تشمل مراحل في {}.", PLACES[(i / 3) % PLACES.len()]),
            ];
            if i % 2 == 0 {
                body.push(format!("أرسل رأيك إلى الكاتب برسالة تبدأ بالرمز ({}) ثم الرسالة", 100 + i));
            }
            let author = match i % 3 {
                0 => format!("عين اليوم – {}", PLACES[i % PLACES.len()]),
                1 => format!("كاتب رقم{} – عين اليوم", ["أ", "ب", "ج", "د", "ه", "و"][(i / 3) % 6]),
                _ => "عين اليوم – متابعات".to_string(),
            };
            let mut a = art("alwadi", &body, Some(&author));
            crate::clean::clean_article(&mut a);
            v.push(a);
        }
        // A source that closes its articles with tag lists.
        for i in 0..20 {
            let t = TOPICS[i % TOPICS.len()];
            let last = if i == 0 {
                format!("وانتهى الاجتماع بتوصيات حول {t} سمات {t} اجتماع")
            } else {
                format!("وانتهى الاجتماع رقم {i} بتوصيات حول {t}. سمات {t} اجتماع")
            };
            let mut a = art("almirsal", &[format!("عقد مجلس {t} اجتماعه رقم {i} اليوم."), last], None);
            crate::clean::clean_article(&mut a);
            v.push(a);
        }
        // The same article republished many times is not boilerplate.
        for _ in 0..30 {
            v.push(art("alwadi", &["خبر مكرر بنصه الكامل في كل مرة.".to_string()], None));
        }
        v
    }

    #[test]
    fn learns_share_bars_contact_lines_and_self_names() {
        let model = BoilerplateModel::learn(&corpus(), LearnParams::default());
        let sb = &model.sources["alwadi"];
        assert_eq!(sb.articles, 61);
        assert_eq!(sb.prefixes.len(), 1, "{:?}", sb.prefixes);
        assert_eq!(sb.prefixes[0].text, "شارك من خلال تويتر فيسبوك اكتب رأيك");
        assert_eq!(sb.lines.len(), 1, "{:?}", sb.lines);
        assert!(sb.lines[0].text.starts_with("أرسل رأيك إلى الكاتب"));
        assert_eq!(sb.lines[0].articles, 30);
        assert!(sb.suffixes.is_empty(), "{:?}", sb.suffixes);
        assert_eq!(sb.self_names.len(), 1, "{:?}", sb.self_names);
        assert_eq!(sb.self_names[0].text, "عين اليوم");
    }

    #[test]
    fn tables_stay_bounded_and_recurring_lines_keep_their_counts() {
        // 5,000 articles of one source, each with its own short lines, a
        // footer in every 50th (2%) and a sign-off in every one.
        let mut learner = Learner::new(LearnParams::default());
        let words = ["سحب", "مطر", "رياح", "حرارة", "غبار", "ضباب", "برق", "رعد"];
        for i in 0..5000usize {
            // Four base-8 digits of `i` as words: every article's lines
            // are its own (digits alone would fold to one `0`).
            let w = |k: u32| words[(i / 8usize.pow(k)) % 8];
            let mut body = vec![
                format!("أعلنت الهيئة عن {} ثم {} ثم {} ثم {} اليوم.", w(0), w(1), w(2), w(3)),
                format!("سجلت المحطة {} و{} و{} و{} صباحا", w(3), w(2), w(1), w(0)),
            ];
            if i % 50 == 0 {
                body.push("للاشتراك في النشرة أرسل رسالة فارغة".to_string());
            }
            body.push("تابعونا على تويتر".to_string());
            learner.add(&art("aljaw", &body, None));
        }
        let c = &learner.sources["aljaw"];
        // Without pruning every article's distinct lines (numbers fold to
        // `0`, but word pairs and affixes vary) would stay: thousands.
        assert!(c.lines.len() < 400, "lines table: {}", c.lines.len());
        assert!(c.prefixes.len() + c.suffixes.len() < 3000, "{} + {}", c.prefixes.len(), c.suffixes.len());
        let model = learner.finish();
        let sb = &model.sources["aljaw"];
        let footer = sb.lines.iter().find(|l| l.text.starts_with("للاشتراك")).expect("the 2% footer is learned");
        assert!((95..=100).contains(&footer.articles), "{}", footer.articles);
        let signoff = sb.lines.iter().find(|l| l.text == "تابعونا على تويتر").expect("the sign-off is learned");
        // In every distinct body (a repeated body counts once: i and
        // i + 4096 have the same words).
        assert_eq!(signoff.articles, sb.articles);
        assert!(sb.articles > 4000, "{}", sb.articles);
    }

    #[test]
    fn applies_and_counts() {
        let corpus = corpus();
        let mut model = BoilerplateModel::learn(&corpus, LearnParams::default());
        let mut a = corpus[3].clone();
        let before = a.removed.len();
        let m = model.apply(&mut a);
        model.tally(&m);
        assert!(a.body[0].text.starts_with("قالت إدارة"), "{:?}", a.body);
        assert!(a.removed[before..].iter().any(|b| b.reason == "learned_prefix"));
        assert_eq!(model.sources["alwadi"].prefixes[0].matched, 1);
        // Applying twice removes nothing more.
        let again = model.apply(&mut a);
        assert!(again.is_empty(), "{again:?}");
        // The outlet's name read as a place beside an agency.
        let mut w = art("alwadi", &["نص خبر قصير للاختبار.".to_string()], Some("عين اليوم - رويترز"));
        crate::clean::clean_article(&mut w);
        model.apply(&mut w);
        let dl = w.dateline.as_ref().unwrap();
        assert_eq!((dl.place.as_deref(), dl.agency.as_deref()), (None, Some("رويترز")));
        // A reporter's byline keeps the reporter, loses the outlet.
        let mut b = corpus[1].clone();
        assert_eq!(b.author.as_deref(), Some("كاتب رقمأ – عين اليوم"));
        model.apply(&mut b);
        assert_eq!(b.author.as_deref(), Some("كاتب رقمأ"));
        // Another source is untouched.
        let mut other = corpus[3].clone();
        other.source = "other".into();
        assert!(model.apply(&mut other).is_empty());
    }

    #[test]
    fn glued_tag_lists_where_the_source_has_them() {
        let corpus = corpus();
        let model = BoilerplateModel::learn(&corpus, LearnParams::default());
        assert_eq!(model.sources["almirsal"].tag_labels[0].text, "سمات");
        let mut a = corpus.iter().find(|a| a.source == "almirsal" && a.body[1].text.contains("سمات")).unwrap().clone();
        model.apply(&mut a);
        assert_eq!(a.body[1].text, format!("وانتهى الاجتماع بتوصيات حول {}", TOPICS[0]));
        assert!(a.publisher_tags.contains(&"اجتماع".to_string()));
    }

    #[test]
    fn a_common_first_word_is_not_boilerplate() {
        let arts: Vec<Article> = (0..40)
            .map(|i| {
                let verb = if i % 2 == 0 { "أكد" } else { ["قال", "أعلن", "كشف", "أوضح"][i % 4] };
                let who = ["الوزير", "المتحدث", "المدير", "الرئيس", "المحافظ", "الأمين", "المسؤول"][i % 7];
                let what = ["الطريق", "المستشفى", "الجسر", "المطار", "الميناء"][i % 5];
                art("alsahil", &[format!("{verb} {who} أن العمل في {what} مستمر حسب الخطة رقم {i}.")], None)
            })
            .collect();
        let model = BoilerplateModel::learn(&arts, LearnParams::default());
        assert!(model.sources["alsahil"].prefixes.is_empty(), "{:?}", model.sources["alsahil"].prefixes);
        assert!(model.sources["alsahil"].lines.is_empty());
    }

    #[test]
    fn digits_fold_in_keys() {
        assert_eq!(line_key("تبدأ بالرمز (١٢٣)  ثم\u{a0}الرسالة"), line_key("تبدأ بالرمز (7) ثم الرسالة"));
        assert_eq!(line_key("أبها\u{200f}"), "ابها");
    }

    #[test]
    fn model_round_trips_as_json() {
        let model = BoilerplateModel::learn(&corpus(), LearnParams::default());
        let j = serde_json::to_string(&model).unwrap();
        let back: BoilerplateModel = serde_json::from_str(&j).unwrap();
        assert_eq!(model, back);
    }
}
