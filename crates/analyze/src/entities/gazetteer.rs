//! The team-written alias table (`data/aliases.tsv`): entities with their
//! names, nationality adjectives, titles and fixed role phrases, compiled
//! into one phrase table looked up word by word under
//! [`light_key`](super::skeleton::light_key).
//!
//! The same table serves recognition (gazetteer features of the tagger) and
//! canonicalisation (a matched phrase gives the canonical name).

use std::collections::HashMap;
use std::sync::OnceLock;

use marsad_arabic::normalize::{normalize_into, NormalizeOptions};
use marsad_arabic::tokenize::{tokenize, TokenKind};

use super::skeleton::{light_fold, light_key, skeleton, word_key};
use super::EntityKind;

/// The alias table shipped with the crate.
pub const ALIASES_TSV: &str = include_str!("../../data/aliases.tsv");

/// The Arabic names of the world's countries and territories, and of the
/// cities CLDR names time zones after, from the Unicode CLDR
/// (`data/cldr-regions-ar.tsv`, written by `scripts/cldr-regions.py`), read
/// after [`ALIASES_TSV`]: a place the team's table already names, under
/// that name or another spelling of it, stays the team's entity.
pub const CLDR_REGIONS_TSV: &str = include_str!("../../data/cldr-regions-ar.tsv");

/// What a phrase of the table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// A name of entity `entries[i]`.
    Entity(usize),
    /// A nationality adjective of country `entries[i]`.
    Nationality(usize),
    /// A title of class `classes[i]`, which needs a country or organisation
    /// after it to make a role.
    Title(usize),
    /// A complete role phrase: `(class index, entry index)`.
    Role(usize, usize),
}

/// An entity of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GazEntry {
    /// Its kind.
    pub kind: EntityKind,
    /// Its canonical name.
    pub canonical: String,
    /// For a capital city: its country's entry. The city stands for the
    /// country when it acts (`حذرت واشنطن`, `مع بيونج يانج`) and is itself
    /// where it is a place (`في الرياض`, `بالرياض`, `منطقة الرياض`).
    pub capital_of: Option<usize>,
}

/// One match of [`Gazetteer::matches`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Index of its first word.
    pub start: usize,
    /// Its words.
    pub len: usize,
    /// What the table says it is.
    pub hit: Hit,
    /// Whether the table marks the phrase as also a common word (`?`).
    pub ambiguous: bool,
}

/// A compiled alias table.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    entries: Vec<GazEntry>,
    classes: Vec<String>,
    phrases: HashMap<String, Hit>,
    /// First word → the longest phrase (in words) starting with it.
    first: HashMap<String, usize>,
    by_skeleton: HashMap<String, usize>,
    /// Phrases marked `?` in the table: names only when the tagger agrees.
    ambiguous: std::collections::HashSet<String>,
    /// `STOP` names: never entities (الله, currencies).
    stop: std::collections::HashSet<String>,
    /// First words of the `STOP` phrases of two words or more.
    stop_first: std::collections::HashSet<String>,
    /// `SENSE` lines: the second entity of a shared name.
    senses: Vec<Sense>,
}

/// The second entity a name can denote (عمان: Oman by default, Amman in
/// `العاصمة الأردنية عمان`, `أمانة عمان`, or written `عمّان`).
#[derive(Clone, Debug)]
struct Sense {
    /// The shared name's key.
    key: String,
    /// The name as this entity is written with its vowels (`عمّان`).
    vocalised: String,
    /// Its entry.
    entry: usize,
    /// Keys of the words that, right before the name, select this entity.
    cues: std::collections::HashSet<String>,
}

/// An error in an alias table line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "alias table line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for GazetteerError {}

/// `s` without Arabic short vowels, shadda and sukun (U+064B–U+0652).
fn strip_marks(s: &str) -> String {
    s.chars().filter(|c| !('\u{064B}'..='\u{0652}').contains(c)).collect()
}

impl Gazetteer {
    /// The table compiled from the crate's `data/aliases.tsv`.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            Gazetteer::parse(&format!("{ALIASES_TSV}\n{CLDR_REGIONS_TSV}"))
                .expect("data/aliases.tsv and data/cldr-regions-ar.tsv are valid")
        })
    }

    /// Compile a table in the `aliases.tsv` format.
    pub fn parse(tsv: &str) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::default();
        let mut canon_index: HashMap<(EntityKind, String), usize> = HashMap::new();
        let mut pending_nat: Vec<(usize, String, String)> = Vec::new();
        let mut pending_role: Vec<(usize, String, String)> = Vec::new();
        let mut pending_capital: Vec<(usize, String, usize)> = Vec::new();
        for (ln, line) in tsv.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |reason: &str| GazetteerError { line: ln + 1, reason: reason.to_string() };
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 3 {
                return Err(err("expected three TAB-separated columns"));
            }
            let (tag, head, rest) = (cols[0], cols[1].trim(), cols[2]);
            let variants = rest.split('|').map(str::trim).filter(|v| !v.is_empty());
            match tag {
                "NAT" => pending_nat.push((ln + 1, head.to_string(), rest.to_string())),
                "ROLE" => pending_role.push((ln + 1, head.to_string(), rest.to_string())),
                "STOP" => {
                    for v in variants {
                        let k: Vec<String> = v.split_whitespace().map(light_key).collect();
                        if k.len() > 1 {
                            g.stop_first.insert(k[0].clone());
                        }
                        g.stop.insert(k.join(" "));
                    }
                }
                "CAPITAL" => {
                    let mut vs = variants.peekable();
                    let city = *vs.peek().ok_or_else(|| err("CAPITAL needs the city's names"))?;
                    let city = city.trim_start_matches('?').to_string();
                    let idx = *canon_index.entry((EntityKind::Loc, city.clone())).or_insert_with(|| {
                        g.entries.push(GazEntry { kind: EntityKind::Loc, canonical: city.clone(), capital_of: None });
                        g.entries.len() - 1
                    });
                    for v in vs {
                        g.add_phrase(v, Hit::Entity(idx));
                        g.by_skeleton.entry(skeleton(v.trim_start_matches('?'))).or_insert(idx);
                    }
                    pending_capital.push((ln + 1, head.to_string(), idx));
                }
                "SENSE" => {
                    let (kind, canonical) = head
                        .split_once(':')
                        .ok_or_else(|| err("SENSE head must be KIND:canonical (LOC:عمّان (الأردن))"))?;
                    let kind = EntityKind::parse(kind).ok_or_else(|| err("unknown SENSE kind"))?;
                    let mut vs = variants;
                    let name = vs.next().ok_or_else(|| err("SENSE needs the name with its vowels"))?;
                    let idx = *canon_index.entry((kind, canonical.to_string())).or_insert_with(|| {
                        g.entries.push(GazEntry { kind, canonical: canonical.to_string(), capital_of: None });
                        g.entries.len() - 1
                    });
                    g.senses.push(Sense {
                        key: light_key(&strip_marks(name)),
                        vocalised: name.to_string(),
                        entry: idx,
                        cues: vs.map(light_key).collect(),
                    });
                }
                "CLDR" | "CITY" => {
                    // `CLDR <TAB> code <TAB> name`: a country or territory
                    // under its CLDR name, unless a line before names it;
                    // `CITY <TAB> time zone <TAB> name`: a city CLDR names
                    // a time zone after, the same way.
                    // Parenthesised glosses are dropped (`ميانمار (بورما)`),
                    // and `الكونغو - كينشاسا` is also found without its dash.
                    let name = rest.split(" (").next().unwrap_or(rest).trim();
                    let undashed = name.replace(" - ", " ");
                    let known = [name, undashed.as_str()].iter().any(|v| {
                        let k: Vec<String> = v.split_whitespace().map(light_key).collect();
                        g.phrases.contains_key(&k.join(" "))
                    });
                    if name.is_empty() || known || g.is_stop(name) {
                        continue;
                    }
                    // Another spelling of a place the team's table names
                    // (كوالا لامبور/كوالالمبور) is a variant of that place.
                    let same_place =
                        g.by_skeleton.get(&skeleton(name)).copied().filter(|&i| g.entries[i].kind == EntityKind::Loc);
                    if let Some(idx) = same_place {
                        g.add_phrase(name, Hit::Entity(idx));
                        continue;
                    }
                    let idx = *canon_index.entry((EntityKind::Loc, name.to_string())).or_insert_with(|| {
                        g.entries.push(GazEntry {
                            kind: EntityKind::Loc,
                            canonical: name.to_string(),
                            capital_of: None,
                        });
                        g.entries.len() - 1
                    });
                    for v in [name, undashed.as_str()] {
                        g.add_phrase(v, Hit::Entity(idx));
                        g.by_skeleton.entry(skeleton(v)).or_insert(idx);
                        // A foreign place's `g` is written `غ` or, in
                        // Egyptian spelling, `ج` (السنغال/السنجال,
                        // كوبنهاغن/كوبنهاجن); the Arab places are named in
                        // aliases.tsv, read first.
                        if v.contains('غ') {
                            g.add_phrase(&v.replace('غ', "ج"), Hit::Entity(idx));
                        }
                    }
                }
                "TITLE" => {
                    let ci = g.class_index(head);
                    for v in variants {
                        g.add_phrase(v, Hit::Title(ci));
                    }
                }
                _ => {
                    let kind = EntityKind::parse(tag).ok_or_else(|| err("unknown line kind"))?;
                    let idx = *canon_index.entry((kind, head.to_string())).or_insert_with(|| {
                        g.entries.push(GazEntry { kind, canonical: head.to_string(), capital_of: None });
                        g.entries.len() - 1
                    });
                    g.add_phrase(head, Hit::Entity(idx));
                    g.by_skeleton.entry(skeleton(head)).or_insert(idx);
                    for v in variants {
                        g.add_phrase(v, Hit::Entity(idx));
                        g.by_skeleton.entry(skeleton(v.trim_start_matches('?'))).or_insert(idx);
                    }
                }
            }
        }
        for (line, country, adjs) in pending_nat {
            let idx = g
                .find_canonical(EntityKind::Loc, &country)
                .ok_or_else(|| GazetteerError { line, reason: format!("NAT country {country} is not a LOC entry") })?;
            for adj in adjs.split('|').map(str::trim).filter(|v| !v.is_empty()) {
                for form in nationality_forms(adj) {
                    g.add_phrase(&form, Hit::Nationality(idx));
                }
            }
        }
        for (line, country, city) in pending_capital {
            let idx = g.find_canonical(EntityKind::Loc, &country).ok_or_else(|| GazetteerError {
                line,
                reason: format!("CAPITAL country {country} is not a LOC entry"),
            })?;
            g.entries[city].capital_of = Some(idx);
        }
        for (line, key, phrases) in pending_role {
            let (class, target) = key
                .split_once(':')
                .ok_or_else(|| GazetteerError { line, reason: "ROLE key must be class:canonical".into() })?;
            let idx = g
                .find_any(target)
                .ok_or_else(|| GazetteerError { line, reason: format!("ROLE target {target} is not an entry") })?;
            let ci = g.class_index(class);
            for p in phrases.split('|').map(str::trim).filter(|v| !v.is_empty()) {
                g.add_phrase(p, Hit::Role(ci, idx));
            }
        }
        Ok(g)
    }

    fn class_index(&mut self, class: &str) -> usize {
        if let Some(i) = self.classes.iter().position(|c| c == class) {
            return i;
        }
        self.classes.push(class.to_string());
        self.classes.len() - 1
    }

    fn find_canonical(&self, kind: EntityKind, canonical: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.kind == kind && e.canonical == canonical)
    }

    fn find_any(&self, canonical: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.canonical == canonical)
    }

    /// Add `phrase` and, for an entity's name, its other spelling of a
    /// foreign `ng`: `نغ` and `نج` (هونغ كونغ/هونج كونج, بنغلاديش/بنجلاديش),
    /// which the outlets use in about equal measure.
    fn add_phrase(&mut self, phrase: &str, hit: Hit) {
        self.add_one_phrase(phrase, hit);
        if matches!(hit, Hit::Entity(_)) {
            let other = if phrase.contains("نغ") {
                phrase.replace("نغ", "نج")
            } else if phrase.contains("نج") {
                phrase.replace("نج", "نغ")
            } else {
                return;
            };
            self.add_one_phrase(&other, hit);
        }
    }

    fn add_one_phrase(&mut self, phrase: &str, hit: Hit) {
        let (phrase, ambiguous) = match phrase.strip_prefix('?') {
            Some(p) => (p, true),
            None => (phrase, false),
        };
        if ambiguous {
            let k: Vec<String> = phrase.split_whitespace().map(light_key).collect();
            self.ambiguous.insert(k.join(" "));
        }
        let words: Vec<String> = phrase.split_whitespace().map(light_key).collect();
        if words.is_empty() {
            return;
        }
        let key = words.join(" ");
        // The first line that names a phrase keeps it (entities come first).
        if let std::collections::hash_map::Entry::Vacant(v) = self.phrases.entry(key) {
            v.insert(hit);
            let m = self.first.entry(words[0].clone()).or_insert(0);
            *m = (*m).max(words.len());
        }
    }

    /// All entities of the table.
    pub fn entries(&self) -> &[GazEntry] {
        &self.entries
    }

    /// The name of title/role class `i` (`president`, `pm`, …).
    pub fn class_name(&self, i: usize) -> &str {
        &self.classes[i]
    }

    /// Look up a phrase given as light keys of its words.
    pub fn lookup_keys(&self, words: &[&str]) -> Option<Hit> {
        if words.len() == 1 {
            return self.phrases.get(words[0]).copied();
        }
        self.phrases.get(&words.join(" ")).copied()
    }

    /// Look up a name in ordinary spelling (any normalisation).
    pub fn lookup(&self, phrase: &str) -> Option<Hit> {
        let words: Vec<String> = phrase.split_whitespace().map(light_key).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        self.lookup_keys(&refs)
    }

    /// The entity whose name has this [`skeleton`], if any.
    pub fn lookup_skeleton(&self, skel: &str) -> Option<usize> {
        self.by_skeleton.get(skel).copied()
    }

    /// The longest phrase of the table starting at word `i` of `keys` (light
    /// keys of the words; the first word may be given in several clitic-free
    /// forms by `first_forms`). Returns `(form index, words matched, hit)`.
    pub fn longest_at(&self, first_forms: &[String], keys: &[String], i: usize) -> Option<(usize, usize, Hit)> {
        self.longest_at_where(first_forms, keys, i, |_| true)
    }

    /// [`Gazetteer::longest_at`] among the hits that `keep` accepts.
    pub fn longest_at_where(
        &self,
        first_forms: &[String],
        keys: &[String],
        i: usize,
        keep: impl Fn(Hit) -> bool,
    ) -> Option<(usize, usize, Hit)> {
        let mut best: Option<(usize, usize, Hit)> = None;
        let mut buf = String::new();
        for (fi, f) in first_forms.iter().enumerate() {
            let Some(&maxlen) = self.first.get(f.as_str()) else {
                continue;
            };
            let maxlen = maxlen.min(keys.len() - i);
            buf.clear();
            buf.push_str(f);
            let mut found = None;
            if let Some(h) = self.phrases.get(buf.as_str()).filter(|h| keep(**h)) {
                found = Some((1, *h));
            }
            for n in 2..=maxlen {
                buf.push(' ');
                buf.push_str(&keys[i + n - 1]);
                if let Some(h) = self.phrases.get(buf.as_str()).filter(|h| keep(**h)) {
                    found = Some((n, *h));
                }
            }
            if let Some((n, h)) = found {
                if best.map(|b| n > b.1).unwrap_or(true) {
                    best = Some((fi, n, h));
                }
            }
        }
        best
    }

    /// Whether a phrase (light keys joined by spaces) is marked ambiguous
    /// (`?` in the table): a name only when the tagger also finds it.
    pub fn is_ambiguous(&self, keys: &[&str]) -> bool {
        !self.ambiguous.is_empty() && self.ambiguous.contains(&keys.join(" "))
    }

    /// The `SENSE` entity a one-word name denotes here, if any: `name` as
    /// written (clitics off) and the word right before it. The sense wins
    /// when the name is written with its vowels or follows one of its cues.
    pub fn sense(&self, name: &str, before: Option<&str>) -> Option<usize> {
        let key = light_key(name);
        let before = before.map(light_key);
        self.senses
            .iter()
            .find(|s| s.key == key && (name == s.vocalised || before.as_ref().is_some_and(|b| s.cues.contains(b))))
            .map(|s| s.entry)
    }

    /// The `SENSE` entity that shares this one-word name, whatever the
    /// context.
    pub fn shared_sense(&self, name: &str) -> Option<usize> {
        let key = light_key(name);
        self.senses.iter().find(|s| s.key == key).map(|s| s.entry)
    }

    /// Whether a name (any spelling) is on the `STOP` list: never an entity.
    pub fn is_stop(&self, name: &str) -> bool {
        let k: Vec<String> = name.split_whitespace().map(light_key).collect();
        self.stop.contains(&k.join(" "))
    }

    /// [`Gazetteer::is_stop`] of a phrase given as light keys of its words.
    pub fn is_stop_keys(&self, words: &[&str]) -> bool {
        self.stop.contains(&words.join(" "))
    }

    /// Whether a light key is the first word of a `STOP` phrase of two
    /// words or more.
    pub fn starts_stop_phrase(&self, key: &str) -> bool {
        self.stop_first.contains(key)
    }

    /// Whether a first-word key starts any phrase.
    pub fn starts_phrase(&self, key: &str) -> bool {
        self.first.contains_key(key)
    }

    /// Greedy longest matches from left to right over a sequence of words,
    /// each given by its [`word_key`] (`words`) and whether it is an Arabic
    /// word, whose first-word clitics may come off (`arabic`).
    pub fn matches(&self, words: &[&str], arabic: impl Fn(usize) -> bool) -> Vec<PhraseMatch> {
        let keys: Vec<String> = words.iter().map(|w| light_fold(w)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let forms: Vec<String> = if arabic(i) {
                first_word_forms(words[i]).into_iter().map(|f| f.0).collect()
            } else {
                vec![keys[i].clone()]
            };
            if !forms.iter().any(|f| self.starts_phrase(f)) {
                i += 1;
                continue;
            }
            match self.longest_at(&forms, &keys, i) {
                Some((fi, len, hit)) => {
                    let mut phrase: Vec<&str> = vec![forms[fi].as_str()];
                    phrase.extend(keys[i + 1..i + len].iter().map(String::as_str));
                    out.push(PhraseMatch { start: i, len, hit, ambiguous: self.is_ambiguous(&phrase) });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The entities `text` names by the table alone, each once, in order
    /// of first mention: greedy longest matches over its words (a clitic on
    /// the first word allowed), as the tagger's gazetteer features find
    /// them. Names marked ambiguous (`?`), nationality adjectives, titles
    /// and roles are left out, and so is a person's name after an
    /// institution's head noun (`مستشفى الملك فهد` is a hospital). What the
    /// analysis should find at least; see `marsad eval coverage`.
    pub fn entities_named(&self, text: &str) -> Vec<usize> {
        let opts = NormalizeOptions::search();
        let words: Vec<(String, bool)> = tokenize(text)
            .iter()
            .map(|t| {
                let mut norm = String::with_capacity(t.text.len());
                normalize_into(t.text, &opts, &mut norm);
                let arabic = t.kind == TokenKind::Word && norm.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c));
                (norm.replace('ة', "ه"), arabic)
            })
            .collect();
        let keys: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
        let mut out = Vec::new();
        for m in self.matches(&keys, |i| words[i].1) {
            let Hit::Entity(e) = m.hit else { continue };
            // A person's name after an institution's head noun is the
            // institution (مستشفى الملك فهد).
            let in_institution = self.entries[e].kind == EntityKind::Pers
                && m.start > 0
                && first_word_forms(&words[m.start - 1].0)
                    .iter()
                    .any(|(f, _)| super::canonical::institution_head(f).is_some());
            if !m.ambiguous && !in_institution && !out.contains(&e) {
                out.push(e);
            }
        }
        out
    }
}

/// The forms of a nationality adjective given in the masculine singular
/// (one or more words): with and without the article on every word,
/// feminine `ة`, plurals `ون`/`ين`.
pub fn nationality_forms(adj: &str) -> Vec<String> {
    let words: Vec<&str> = adj.split_whitespace().collect();
    let mut out = Vec::new();
    for suffix in ["", "ة", "ون", "ين"] {
        for article in [false, true] {
            let w: Vec<String> =
                words.iter().map(|w| format!("{}{w}{suffix}", if article { "ال" } else { "" })).collect();
            out.push(w.join(" "));
        }
    }
    out
}

/// Clitic-free forms of one word's [`word_key`], each with how many letters
/// were taken off its front: the word itself, then without a conjunction
/// `و`/`ف`, without a preposition `ب`/`ل`/`ك`, with `لل` read as `ال`.
/// Forms keep at least two letters. Returned as light keys.
pub fn first_word_forms(key: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = vec![(light_fold(key), 0)];
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < 3 || !chars.iter().all(|c| is_arabic_letter(*c)) {
        return out;
    }
    let mut push = |s: String, n: usize| {
        let s = light_fold(&s);
        if !out.iter().any(|(f, _)| *f == s) {
            out.push((s, n));
        }
    };
    let mut starts = vec![0usize];
    if matches!(chars[0], 'و' | 'ف') {
        starts.push(1);
    }
    for &s in &starts.clone() {
        let rest = &chars[s..];
        if s > 0 && rest.len() >= 2 {
            push(rest.iter().collect(), s);
        }
        if rest.len() >= 4 && rest[0] == 'ل' && rest[1] == 'ل' {
            // للسعودية → السعودية; the span keeps the two lams.
            push(format!("ا{}", rest[1..].iter().collect::<String>()), s);
            // A name that starts with its own lam: للبنان → لبنان,
            // لليفربول → ليفربول.
            push(rest[1..].iter().collect(), s + 1);
        } else if rest.len() >= 3 && matches!(rest[0], 'ب' | 'ل' | 'ك') {
            push(rest[1..].iter().collect(), s + 1);
        }
    }
    out
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c)
}

/// Word keys of a phrase.
pub fn phrase_keys(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(word_key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canonical name of the built-in table's entity named `name`.
    fn canon(name: &str) -> Option<String> {
        let g = Gazetteer::builtin();
        match g.lookup(name) {
            Some(Hit::Entity(i)) => Some(g.entries()[i].canonical.clone()),
            _ => None,
        }
    }

    #[test]
    fn cldr_regions_fill_in_the_countries_the_table_lacks() {
        let g = Gazetteer::builtin();
        // From the CLDR: countries the team's table does not list.
        assert_eq!(canon("بوركينا فاسو").as_deref(), Some("بوركينا فاسو"));
        assert_eq!(canon("ميانمار").as_deref(), Some("ميانمار"));
        assert_eq!(canon("الكونغو كينشاسا").as_deref(), Some("الكونغو الديمقراطية"));
        // The team's table wins where both name a country.
        assert_eq!(canon("المملكة العربية السعودية").as_deref(), Some("السعودية"));
        assert_eq!(canon("الدانمرك").as_deref(), Some("الدنمارك"));
        // Names that are also common words stay ambiguous, or are never
        // names alone (بنين "boys").
        assert!(g.is_ambiguous(&[light_key("مالي").as_str()]));
        assert!(g.lookup("بنين").is_none());
        assert_eq!(canon("جمهورية بنين").as_deref(), Some("جمهورية بنين"));
        // One entity per name: no CLDR entry duplicates a table entry.
        let mut seen = std::collections::HashSet::new();
        for e in g.entries() {
            assert!(seen.insert((e.kind, e.canonical.clone())), "{} twice", e.canonical);
        }
    }

    #[test]
    fn cldr_cities_and_the_two_spellings_of_ng() {
        let g = Gazetteer::builtin();
        // Cities from the CLDR's time zones.
        assert_eq!(canon("جوهانسبرغ").as_deref(), Some("جوهانسبرغ"));
        assert_eq!(canon("لوس انجلوس").as_deref(), Some("لوس انجلوس"));
        // Another spelling of a capital the table names is that capital.
        assert_eq!(canon("كوالا لامبور").as_deref(), Some("كوالالمبور"));
        // Left out: small towns, and names that are common words.
        assert!(g.lookup("نوم").is_none() && g.lookup("ماهي").is_none());
        // `نغ` and `نج` both spell a foreign "ng"; a foreign place's `غ` may be `ج`.
        assert_eq!(canon("هونج كونج").as_deref(), Some("هونغ كونغ"));
        assert_eq!(canon("بنجلاديش").as_deref(), Some("بنغلاديش"));
        assert_eq!(canon("شنجهاي").as_deref(), Some("شنغهاي"));
        assert_eq!(canon("كوبنهاجن").as_deref(), Some("كوبنهاغن"));
        assert_eq!(canon("جواتيمالا").as_deref(), Some("غواتيمالا"));
        assert_eq!(canon("انغلترا").as_deref(), Some("بريطانيا"));
        // سيول is more often "floods" than Seoul in Saudi news.
        assert!(g.lookup("سيول").is_some() && g.is_ambiguous(&[light_key("سيول").as_str()]));
    }

    #[test]
    fn saudi_regions_and_governorates() {
        let g = Gazetteer::builtin();
        assert_eq!(canon("منطقة عسير").as_deref(), Some("عسير"));
        assert_eq!(canon("جيزان").as_deref(), Some("جازان"));
        assert_eq!(canon("الاحساء").as_deref(), Some("الأحساء"));
        assert_eq!(canon("خميس مشيط").as_deref(), Some("خميس مشيط"));
        assert_eq!(canon("الطائف").as_deref(), Some("الطائف"));
        assert_eq!(canon("أبها").as_deref(), Some("أبها"));
        assert_eq!(canon("المنطقة الشرقية").as_deref(), Some("المنطقة الشرقية"));
        // Common words stay ambiguous: الخبر "the news", الوجه "the face".
        for word in ["الخبر", "الوجه", "الشرقية"] {
            assert!(g.is_ambiguous(&[light_key(word).as_str()]), "{word}");
        }
    }

    #[test]
    fn arab_governorates_in_the_news() {
        let g = Gazetteer::builtin();
        assert_eq!(canon("محافظة لحج").as_deref(), Some("لحج"));
        assert_eq!(canon("كوباني").as_deref(), Some("عين العرب"));
        assert_eq!(canon("إربيل").as_deref(), Some("أربيل"));
        assert_eq!(canon("بور سعيد").as_deref(), Some("بورسعيد"));
        assert_eq!(canon("دير الزور").as_deref(), Some("دير الزور"));
        // Sweden keeps its own entity beside Syria's السويداء (their
        // skeletons differ by the final اء).
        assert_eq!(canon("السويد").as_deref(), Some("السويد"));
        assert_eq!(canon("السويداء").as_deref(), Some("السويداء"));
        // Common words, and words a clitic turns into a name, stay with the
        // tagger: حجة "argument", للحج "for the Hajj", كسبها "earning it".
        for word in ["حجة", "لحج", "سبها", "حماة", "سرت"] {
            assert!(g.is_ambiguous(&[light_key(word).as_str()]), "{word}");
        }
        // درعا ("a shield" in every award ceremony) is the tagger's alone.
        assert!(g.lookup("درعا").is_none());
        let text = "عاد الحجاج من رحلتهم للحج، وزار محافظة لحج في اليمن";
        let found: Vec<&str> = g.entities_named(text).iter().map(|&i| g.entries()[i].canonical.as_str()).collect();
        assert_eq!(found, ["لحج", "اليمن"]);
    }

    #[test]
    fn entities_named_by_the_table_alone() {
        let g = Gazetteer::builtin();
        let text = "أمطار على عسير والباحة، وفي الخبر الذي نشرته صحيفة المدينة المنورة وبمنطقة الجوف وفي عسير أيضاً";
        let named: Vec<&str> = g.entities_named(text).into_iter().map(|e| g.entries()[e].canonical.as_str()).collect();
        // Each once, clitics off; الخبر ("the news") is ambiguous and left out.
        assert_eq!(named, ["عسير", "الباحة", "المدينة المنورة", "الجوف"]);
        // A king's name in a hospital's is the hospital's; alone, the king's.
        let text = "نقل المصاب إلى مستشفى الملك فهد بجدة";
        assert!(g.entities_named(text).iter().all(|e| g.entries()[*e].kind != EntityKind::Pers));
        let text = "في عهد الملك فهد";
        let named: Vec<EntityKind> = g.entities_named(text).into_iter().map(|e| g.entries()[e].kind).collect();
        assert_eq!(named, [EntityKind::Pers]);
        assert!(g.entities_named("").is_empty());
    }

    #[test]
    fn builtin_parses() {
        let g = Gazetteer::builtin();
        assert!(g.entries().len() > 100);
        let Some(Hit::Entity(i)) = g.lookup("أميركا") else { panic!() };
        assert_eq!(g.entries()[i].canonical, "الولايات المتحدة");
        let Some(Hit::Entity(i)) = g.lookup("كيم جونغ أون") else { panic!() };
        assert_eq!(g.entries()[i].canonical, "كيم جونج أون");
        let Some(Hit::Nationality(i)) = g.lookup("الكوري الشمالي") else { panic!() };
        assert_eq!(g.entries()[i].canonical, "كوريا الشمالية");
        let Some(Hit::Nationality(i)) = g.lookup("اليابانية") else { panic!() };
        assert_eq!(g.entries()[i].canonical, "اليابان");
        assert!(matches!(g.lookup("رئيس الوزراء"), Some(Hit::Title(_))));
        assert!(matches!(g.lookup("رئيس البيت الأبيض"), Some(Hit::Role(_, _))));
    }

    #[test]
    fn clitic_forms() {
        let forms: Vec<String> = first_word_forms(&word_key("وللسعودية")).into_iter().map(|f| f.0).collect();
        assert!(forms.contains(&light_key("السعودية")));
        let forms = first_word_forms(&word_key("بواشنطن"));
        assert!(forms.contains(&(light_key("واشنطن"), 1)));
        let forms = first_word_forms(&word_key("وترامب"));
        assert!(forms.contains(&(light_key("ترامب"), 1)));
    }

    #[test]
    fn longest_match() {
        let g = Gazetteer::builtin();
        let keys: Vec<String> = "زار الولايات المتحدة الأمريكية أمس".split(' ').map(light_key).collect();
        let forms = vec![keys[1].clone()];
        let (_, n, hit) = g.longest_at(&forms, &keys, 1).unwrap();
        assert_eq!(n, 3);
        assert!(matches!(hit, Hit::Entity(_)));
    }

    #[test]
    fn bad_tables_are_errors() {
        assert!(Gazetteer::parse("LOC\tx").is_err());
        assert!(Gazetteer::parse("XYZ\ta\tb").is_err());
        assert!(Gazetteer::parse("NAT\tنارنيا\tنارني").is_err());
    }
}
