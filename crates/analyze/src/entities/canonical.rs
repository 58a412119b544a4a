//! From tagged spans to entities with one canonical name each, within one
//! article.
//!
//! Steps:
//!
//! 1. Two scans of the alias table over the tokens: names and nationality
//!    adjectives; titles and fixed role phrases.
//! 2. Each tagger span meets the alias table: a name of the table that
//!    covers or overlaps the span gives its extent and canonical name; a
//!    longer span keeps its own reading (`جامعة القاهرة` stays an
//!    organisation, not Egypt). Table names the tagger missed are added,
//!    except the ones marked ambiguous (`?حماس`).
//! 3. Clitics: a span's first word loses `و`/`ف` and `ب`/`ل`/`ك` when the
//!    alias table knows the rest, when the rest occurs elsewhere in the
//!    article, when it is the article `ال` (`والصين` → `الصين`), or when
//!    SaudiNewsNet has the rest far more often than the whole (`ومحمد`); the
//!    mention's offsets then start after the clitics.
//! 4. Names that share a [`skeleton`] are one entity (`كيم جونج أون` /
//!    `كيم جونغ أون`); a name unknown to the table whose skeleton is that of
//!    a table name joins that entity. A person's shorter name (`إيشيبا`)
//!    joins the longer one that contains it (`شيجيرو إيشيبا`), the nearest
//!    earlier one when several do.
//! 5. Roles: a title with a country or organisation (`الرئيس الأمريكي`,
//!    `رئيس وزراء اليابان`) or a fixed role phrase (`رئيس البيت الأبيض`)
//!    right before or after a person's name (`الرئيس الأمريكي دونالد ترامب`,
//!    `شيجيرو إيشيبا، رئيس الوزراء الياباني`) binds that role to that person
//!    in this article; every mention of the role (and of its equivalents:
//!    president/king/leader of the same country) is then a mention of the
//!    person. Roles the article never binds are left out.
//! 6. Nationality adjectives outside names and roles are mentions of their
//!    country (`القوات اليابانية` → `اليابان`).

use std::collections::HashMap;

use marsad_arabic::normalize::{is_arabic_diacritic, is_bidi_control, is_zero_width, normalize_into, NormalizeOptions};
use marsad_arabic::tokenize::{tokenize, Token, TokenKind};
use serde::{Deserialize, Serialize};

use super::features::{hash_bytes, Clusters};
use super::gazetteer::{first_word_forms, Gazetteer, Hit};
use super::prior::prior_key;
use super::skeleton::{light_fold, loose_key, skeleton, word_key};
use super::tagger::Tagger;
use super::{bio_spans, EntityKind};

/// How a mention refers to its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionVia {
    /// By a name (`ترامب`, `دونالد ترامب`, `واشنطن` for the United States).
    Name,
    /// By a nationality adjective (`الياباني` for Japan).
    Nationality,
    /// By a role the article gives the person (`الرئيس الأمريكي`).
    Role,
}

/// One mention: byte offsets into the analysed text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `&text[start..end]`.
    pub text: String,
    /// How it refers.
    pub via: MentionVia,
}

/// An entity of one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable across articles: the kind and a hash of the canonical name's
    /// grouping key (`pers-…`; see [`entity_id`]).
    pub id: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Its canonical name.
    pub canonical: String,
    /// Its mentions in text order.
    pub mentions: Vec<Mention>,
}

/// The stable id of an entity with this kind and canonical name: a hash of
/// the same key under which spellings meet within an article — the
/// [`skeleton`] for people (ترامب and ترمب are one man), the [`loose_key`]
/// for places, organisations and the rest, whose Arabic names differ by an
/// `ا` as often as not (المنيا is not ألمانيا, الأنصار is not النصر,
/// السويداء is not السويد).
pub fn entity_id(kind: EntityKind, canonical: &str) -> String {
    let key = name_key(kind, canonical);
    format!("{}-{:012x}", kind.as_str().to_ascii_lowercase(), hash_bytes(0xe17, key.as_bytes()) >> 16)
}

/// Recognition plus canonicalisation, with the models and tables to use.
#[derive(Clone, Copy, Debug)]
pub struct EntityExtractor<'a> {
    tagger: &'a Tagger,
    gazetteer: &'a Gazetteer,
    clusters: &'a Clusters,
}

/// [`EntityExtractor::builtin`]`.extract(text)`.
pub fn extract_entities(text: &str) -> Vec<Entity> {
    EntityExtractor::builtin().extract(text)
}

#[derive(Clone, Copy, Debug)]
struct GMatch {
    s: usize,
    e: usize,
    hit: Hit,
    /// Letters taken off the first token's front.
    strip: usize,
    ambiguous: bool,
}

#[derive(Clone, Debug)]
struct Cand {
    s: usize,
    e: usize,
    kind: EntityKind,
    entry: Option<usize>,
    strip: usize,
}

#[derive(Clone, Debug)]
struct RoleOcc {
    s: usize,
    e: usize,
    /// Tokens `[s, protect)` belong to the title (and a nationality).
    protect: usize,
    strip: usize,
    class: usize,
    target: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Entry(usize),
    Name(EntityKind, String),
}

struct Group {
    key: Key,
    kind_votes: [usize; 4],
    /// (first token, candidate index)
    cands: Vec<usize>,
}

impl EntityExtractor<'static> {
    /// The tagger, alias table and clusters shipped with the crate.
    pub fn builtin() -> EntityExtractor<'static> {
        EntityExtractor { tagger: Tagger::builtin(), gazetteer: Gazetteer::builtin(), clusters: Clusters::builtin() }
    }
}

impl<'a> EntityExtractor<'a> {
    /// An extractor with these parts.
    pub fn new(tagger: &'a Tagger, gazetteer: &'a Gazetteer, clusters: &'a Clusters) -> Self {
        EntityExtractor { tagger, gazetteer, clusters }
    }

    /// The entities of `text`, in order of first mention.
    pub fn extract(&self, text: &str) -> Vec<Entity> {
        let toks = tokenize(text);
        if toks.is_empty() {
            return Vec::new();
        }
        let tags = self.tagger.tag_document(text, &toks);
        let spans = bio_spans(&tags);
        self.resolve(text, &toks, &spans)
    }

    /// An ambiguous place name (`?` in the table) the tagger left alone is
    /// a place where it stands in a list with a place already found: right
    /// after or before it, joined by `و` or a comma (عدن ولحج وأبين،
    /// صعدة، حجة). Coordination with a place outweighs the common word
    /// (حجة "argument", للحج "for the Hajj"), which is seldom listed beside
    /// a place name. Repeated until no list grows.
    fn places_in_lists(
        &self,
        names: &[GMatch],
        used: &mut [bool],
        cands: &mut Vec<Cand>,
        toks: &[Token<'_>],
        norms: &[String],
    ) {
        let g = self.gazetteer;
        let comma = |i: usize| matches!(toks[i].text, "،" | ",");
        // The word at `i` carries a conjunction `و` that the match took off.
        let joined = |i: usize, strip: usize| strip >= 1 && norms[i].starts_with('و');
        loop {
            let mut grew = false;
            for (ni, n) in names.iter().enumerate() {
                let Hit::Entity(entry) = n.hit else { continue };
                if used[ni] || !n.ambiguous || g.entries()[entry].kind != EntityKind::Loc {
                    continue;
                }
                if cands.iter().any(|c| c.s < n.e && n.s < c.e) {
                    continue;
                }
                let listed = cands.iter().filter(|c| c.kind == EntityKind::Loc).any(|c| {
                    let before = (c.e == n.s && joined(n.s, n.strip)) || (c.e + 1 == n.s && comma(c.e));
                    let after = (c.s == n.e && joined(c.s, c.strip)) || (n.e + 1 == c.s && comma(n.e));
                    before || after
                });
                if listed {
                    used[ni] = true;
                    grew = true;
                    cands.push(Cand { s: n.s, e: n.e, kind: EntityKind::Loc, entry: Some(entry), strip: n.strip });
                }
            }
            if !grew {
                break;
            }
        }
    }

    /// Canonicalise given tagger spans `(first token, end token, kind)` over
    /// `toks` (tokens of `text`).
    pub fn resolve(&self, text: &str, toks: &[Token<'_>], spans: &[(usize, usize, EntityKind)]) -> Vec<Entity> {
        let g = self.gazetteer;
        let norms: Vec<String> = toks.iter().map(|t| word_key(t.text)).collect();
        let keys: Vec<String> = norms.iter().map(|n| light_fold(n)).collect();
        let forms: Vec<Vec<(String, usize)>> = toks
            .iter()
            .zip(&norms)
            .zip(&keys)
            .map(|((t, n), k)| if t.kind == TokenKind::Word { first_word_forms(n) } else { vec![(k.clone(), 0)] })
            .collect();
        let scan = |keep: &dyn Fn(Hit) -> bool| -> Vec<GMatch> {
            let mut out = Vec::new();
            let mut i = 0;
            while i < toks.len() {
                let f: Vec<String> = forms[i].iter().map(|x| x.0.clone()).collect();
                if !f.iter().any(|x| g.starts_phrase(x)) {
                    i += 1;
                    continue;
                }
                match g.longest_at_where(&f, &keys, i, keep) {
                    Some((fi, n, hit)) => {
                        let mut ks: Vec<&str> = vec![f[fi].as_str()];
                        ks.extend(keys[i + 1..i + n].iter().map(String::as_str));
                        out.push(GMatch { s: i, e: i + n, hit, strip: forms[i][fi].1, ambiguous: g.is_ambiguous(&ks) });
                        i += n;
                    }
                    None => i += 1,
                }
            }
            out
        };
        let names = scan(&|h| matches!(h, Hit::Entity(_) | Hit::Nationality(_)));
        let titles = scan(&|h| matches!(h, Hit::Title(_) | Hit::Role(..)));

        // Roles.
        let mut roles: Vec<RoleOcc> = Vec::new();
        for t in &titles {
            match t.hit {
                Hit::Role(class, target) => {
                    roles.push(RoleOcc { s: t.s, e: t.e, protect: t.s + 1, strip: t.strip, class, target })
                }
                Hit::Title(class) => {
                    if let Some(n) = names.iter().find(|n| n.s == t.e) {
                        let definite = norms[n.s].chars().skip(n.strip).collect::<String>().starts_with("ال");
                        let (target, protect) = match n.hit {
                            // "رئيس أمريكي" is "an American president", not a role.
                            Hit::Nationality(i) if definite => (i, n.e),
                            Hit::Entity(i) if matches!(g.entries()[i].kind, EntityKind::Loc | EntityKind::Org) => {
                                (i, t.e)
                            }
                            _ => continue,
                        };
                        roles.push(RoleOcc { s: t.s, e: n.e, protect, strip: t.strip, class, target });
                    }
                }
                _ => {}
            }
        }

        // Tagger spans against the alias table.
        let spans =
            trim_bare_articles(Self::cut_at_blessings(self.split_coordinated_persons(spans, &norms), &norms), toks);
        let mut used = vec![false; names.len()];
        let mut cands: Vec<Cand> = Vec::new();
        for &(s0, e0, kind) in &spans {
            let (mut s, e) = (s0, e0);
            // Do not let a name swallow a role's title or adjective.
            for r in &roles {
                if s >= r.s && s < r.protect {
                    s = r.protect;
                }
            }
            if s >= e {
                continue;
            }
            // A span that is only a nationality adjective is one.
            if names.iter().any(|n| matches!(n.hit, Hit::Nationality(_)) && n.s <= s && n.e >= e) {
                continue;
            }
            // `صلى الله عليه وسلم` is said of the Prophet alone: `محمد`
            // before it is he (`وسنة نبيه محمد صلى الله عليه وسلم`).
            if kind == EntityKind::Pers && e - s == 1 && keys[s] == "محمد" && blessed_by_salla(&norms[e..]) {
                if let Some(Hit::Entity(entry)) = g.lookup(PROPHET) {
                    cands.push(Cand { s, e, kind: g.entries()[entry].kind, entry: Some(entry), strip: 0 });
                    continue;
                }
            }
            let mut chosen: Option<usize> = None;
            for (ni, n) in names.iter().enumerate() {
                if !matches!(n.hit, Hit::Entity(_)) || n.e <= s || n.s >= e {
                    continue;
                }
                let strictly_inside = n.s >= s && n.e <= e && (n.s, n.e) != (s, e);
                used[ni] = true;
                if !strictly_inside && chosen.is_none() {
                    chosen = Some(ni);
                }
            }
            match chosen {
                Some(ni) => {
                    let n = names[ni];
                    let Hit::Entity(entry) = n.hit else { continue };
                    cands.push(Cand {
                        s: n.s,
                        e: n.e,
                        kind: g.entries()[entry].kind,
                        entry: Some(entry),
                        strip: n.strip,
                    });
                }
                None => {
                    if kind == EntityKind::Loc && e - s == 1 && self.bare_form_of_definite_place(&forms[s]) {
                        continue;
                    }
                    if let Some(group) = organisation_with_epithets(g, &names, &norms, s, e) {
                        cands.push(group);
                        continue;
                    }
                    if let Some(parts) = self.split_span(s, e, kind, &names, &keys, &forms, toks) {
                        cands.extend(parts);
                        continue;
                    }
                    let strip = self.strip_unknown(kind, &keys, &forms[s], s, toks);
                    cands.push(Cand { s, e, kind, entry: None, strip });
                }
            }
        }
        for (ni, n) in names.iter().enumerate() {
            if used[ni] || n.ambiguous {
                continue;
            }
            if let Hit::Entity(entry) = n.hit {
                if cands.iter().any(|c| c.s < n.e && n.s < c.e) {
                    continue;
                }
                cands.push(Cand { s: n.s, e: n.e, kind: g.entries()[entry].kind, entry: Some(entry), strip: n.strip });
            }
        }
        self.places_in_lists(&names, &mut used, &mut cands, toks, &norms);
        cands.sort_by_key(|c| (c.s, c.e));
        cands.dedup_by_key(|c| (c.s, c.e));

        // An institution named after a person: the head noun before the
        // name belongs to the name, and the whole is the institution
        // (مستشفى الملك فهد is a hospital, not King Fahd; مركز الملك سلمان
        // is not the King).
        let mut covered = vec![false; toks.len()];
        for c in &cands {
            covered[c.s..c.e].iter_mut().for_each(|x| *x = true);
        }
        for c in &mut cands {
            if c.s == 0 || c.strip > 0 || covered[c.s - 1] {
                continue;
            }
            let personal = c.kind == EntityKind::Pers
                || c.entry.is_some_and(|i| g.entries()[i].kind == EntityKind::Pers)
                || PERSON_TITLES.contains(&norms[c.s].as_str());
            if !personal {
                continue;
            }
            // The head noun right before the name, or before its title when
            // the name was taken without it (مستشفى الملك | عبد العزيز).
            let head_at = if c.s >= 2 && PERSON_TITLES.contains(&norms[c.s - 1].as_str()) && !covered[c.s - 2] {
                c.s - 2
            } else {
                c.s - 1
            };
            let head = forms[head_at].iter().find_map(|(f, n)| institution_head(f).map(|k| (k, *n, f == "مدينه")));
            if let Some((kind, strip, city)) = head {
                // A "city" is a place (مدينة الملك عبدالله الرياضية), unless
                // the tagger read an organisation (مدينة الملك عبدالعزيز
                // للعلوم والتقنية).
                let kind = if city && c.kind == EntityKind::Org { EntityKind::Org } else { kind };
                *c = Cand { s: head_at, e: c.e, kind, entry: None, strip };
            }
        }

        // An institution's name cut at a title, the person after it tagged
        // apart (جامعة الأميرة | نورة بنت عبدالرحمن): one institution. The
        // adjective after an institution's name is no person either (مطار
        // الملك خالد | الدولي, where the article once tagged خالد الدولي).
        let mut joined: Vec<Cand> = Vec::with_capacity(cands.len());
        for c in cands.drain(..) {
            if let Some(prev) = joined.last_mut() {
                let institution = matches!(prev.kind, EntityKind::Org | EntityKind::Loc | EntityKind::Misc)
                    && prev.e == c.s
                    && prev.e - prev.s >= 2
                    && forms[prev.s].iter().any(|(f, n)| *n == prev.strip && institution_head(f).is_some());
                let cut_at_title = institution && PERSON_TITLES.contains(&norms[prev.e - 1].as_str());
                if cut_at_title && c.kind == EntityKind::Pers {
                    *prev = Cand { s: prev.s, e: c.e, kind: prev.kind, entry: None, strip: prev.strip };
                    continue;
                }
                let adjective = c.e - c.s == 1 && norms[c.s].starts_with("ال") && norms[c.s].ends_with('ي');
                if institution && c.kind == EntityKind::Pers && c.entry.is_none() && adjective {
                    continue;
                }
            }
            joined.push(c);
        }
        cands = joined;

        // Names of unknown candidates; skeleton match against the table.
        let name_of = |c: &Cand| -> (usize, usize) {
            let start = toks[c.s].start + skip_letters(toks[c.s].text, c.strip);
            (start, toks[c.e - 1].end)
        };
        for c in &mut cands {
            if c.entry.is_none() {
                let (a, b) = name_of(c);
                if c.kind != EntityKind::Pers {
                    continue;
                }
                if let Some(i) = g.lookup_skeleton(&skeleton(&text[a..b])) {
                    if g.entries()[i].kind == c.kind {
                        c.entry = Some(i);
                    }
                }
            }
        }

        // Capitals: the country where the city acts, the city where it is a place.
        for c in &mut cands {
            if let Some(country) = c.entry.and_then(|i| g.entries()[i].capital_of) {
                if !self.is_place_context(toks, &norms, c) {
                    c.entry = Some(country);
                }
            }
        }

        // Shared names (`SENSE`): the second entity after its cue words or
        // written with its vowels (`العاصمة الأردنية عمان`, `عمّان`: Amman,
        // not Oman).
        // One sense per article: once a cue has chosen the second sense,
        // the name's other bare mentions follow it, unless the article also
        // names the first entity in full (`سلطنة عمان`).
        let mut chosen: Vec<usize> = Vec::new();
        for c in &mut cands {
            if c.e - c.s != 1 {
                continue;
            }
            let (a, b) = name_of(c);
            let before = c.s.checked_sub(1).map(|i| toks[i].text);
            if let Some(entry) = g.sense(&text[a..b], before) {
                c.entry = Some(entry);
                c.kind = g.entries()[entry].kind;
                chosen.push(entry);
            }
        }
        chosen.sort_unstable();
        chosen.dedup();
        for entry in chosen {
            let shares = |c: &Cand| {
                let (a, b) = name_of(c);
                c.e - c.s == 1 && c.entry != Some(entry) && g.shared_sense(&text[a..b]) == Some(entry)
            };
            let firsts: Vec<Option<usize>> = cands.iter().filter(|c| shares(c)).map(|c| c.entry).collect();
            if cands.iter().any(|c| c.e - c.s > 1 && c.entry.is_some() && firsts.contains(&c.entry)) {
                continue;
            }
            let kind = g.entries()[entry].kind;
            for c in cands.iter_mut() {
                if shares(c) {
                    c.entry = Some(entry);
                    c.kind = kind;
                }
            }
        }

        // Never entities: الله, currencies, nor a name that starts inside a
        // phrase that is never one (حسن of حسن الجوار); nor a month name
        // written as a date (أبريل (نيسان) الماضي: the tagger, which met
        // Nissan the company, tags the Levantine month as an organisation).
        let in_stop_phrase = stop_phrase_words(g, &forms, &keys);
        // Nor a Latin letter's name alone: a piece of an acronym the
        // tokeniser split at its dots (`بي` of `بي. بي. سي`, `جيه.بي.إكس`).
        cands.retain(|c| {
            let (a, b) = name_of(c);
            (c.entry.is_some() || !(g.is_stop(&text[a..b]) || in_stop_phrase[c.s]))
                && !month_in_date(&norms, &forms, toks, c.s, c.e)
                && !(c.entry.is_none() && c.e - c.s == 1 && is_latin_letter_name(&norms[c.s]))
                && !(c.entry.is_none() && c.e - c.s == 1 && is_common_word_alone(c.kind, &text[a..b]))
                // No name begins with God's (`الله ولي التوفيق`, a closing
                // formula); `عبد الله`, `نصر الله` end with it.
                && !(c.entry.is_none() && text[a..b].split_whitespace().next().is_some_and(|w| matches!(word_key(w).as_str(), "الله" | "لله")))
        });

        // Group by key.
        let mut groups: Vec<Group> = Vec::new();
        let mut by_key: HashMap<Key, usize> = HashMap::new();
        for (ci, c) in cands.iter().enumerate() {
            let key = match c.entry {
                Some(i) => Key::Entry(i),
                None => {
                    let (a, b) = name_of(c);
                    Key::Name(c.kind, name_key(c.kind, &text[a..b]))
                }
            };
            let gi = *by_key.entry(key.clone()).or_insert_with(|| {
                groups.push(Group { key, kind_votes: [0; 4], cands: Vec::new() });
                groups.len() - 1
            });
            groups[gi].kind_votes[c.kind as usize] += 1;
            groups[gi].cands.push(ci);
        }
        // Person names: a shorter unknown name joins a longer one containing it.
        let word_skels = |c: &Cand| -> Vec<String> {
            let (a, b) = name_of(c);
            text[a..b].split_whitespace().map(skeleton).collect()
        };
        let mut merged_into: Vec<usize> = (0..groups.len()).collect();
        for gi in 0..groups.len() {
            if !matches!(groups[gi].key, Key::Name(EntityKind::Pers, _)) {
                continue;
            }
            let first = groups[gi].cands[0];
            let short = word_skels(&cands[first]);
            let mut best: Option<(usize, bool, usize)> = None; // (group, before, distance)
            for (gj, other) in groups.iter().enumerate() {
                if gj == gi || merged_into[gj] != gj || other.kind_votes[0] == 0 {
                    continue;
                }
                let mut long_names: Vec<Vec<String>> = other.cands.iter().map(|&c| word_skels(&cands[c])).collect();
                if let Key::Entry(i) = other.key {
                    long_names.push(g.entries()[i].canonical.split_whitespace().map(skeleton).collect());
                }
                if !long_names.iter().any(|l| l.len() > short.len() && contains_seq(l, &short)) {
                    continue;
                }
                let pos = other.cands.iter().map(|&c| cands[c].s).min().unwrap_or(0);
                let before = pos < cands[first].s;
                let dist = pos.abs_diff(cands[first].s);
                let better = match best {
                    None => true,
                    Some((_, b, d)) => (before && !b) || (before == b && dist < d),
                };
                if better {
                    best = Some((gj, before, dist));
                }
            }
            if let Some((gj, _, _)) = best {
                merged_into[gi] = gj;
            }
        }
        let root = |mut gi: usize| {
            while merged_into[gi] != gi {
                gi = merged_into[gi];
            }
            gi
        };

        // Entities.
        let mut ents: Vec<Option<Entity>> = vec![None; groups.len()];
        let mut entry_entity: HashMap<usize, usize> = HashMap::new();
        for gi in 0..groups.len() {
            if root(gi) != gi {
                continue;
            }
            let members: Vec<usize> = (0..groups.len()).filter(|&x| root(x) == gi).collect();
            let mut mentions = Vec::new();
            let mut votes = [0usize; 4];
            let mut best_name: Option<(usize, usize, String)> = None;
            for &m in &members {
                for (v, g) in votes.iter_mut().zip(groups[m].kind_votes) {
                    *v += g;
                }
                for &ci in &groups[m].cands {
                    let (a, b) = name_of(&cands[ci]);
                    mentions.push(Mention { start: a, end: b, text: text[a..b].to_string(), via: MentionVia::Name });
                    let clean = definite_after_lam(display_name(&text[a..b]));
                    let nw = clean.split_whitespace().count();
                    let better = match &best_name {
                        None => true,
                        Some((w, l, _)) => nw > *w || (nw == *w && clean.len() > *l),
                    };
                    if better {
                        best_name = Some((nw, clean.len(), clean));
                    }
                }
            }
            let (kind, canonical) = match groups[gi].key {
                Key::Entry(i) => (g.entries()[i].kind, g.entries()[i].canonical.clone()),
                _ => {
                    let k = (0..4).max_by_key(|&k| (votes[k], 4 - k)).unwrap_or(0);
                    (EntityKind::ALL[k], best_name.map(|b| b.2).unwrap_or_default())
                }
            };
            // A person named by one word alone, and by no fuller name of the
            // article, whose word the corpus almost never takes for a name
            // (`أين` "where", `كوادر` "cadres", `لدينا` "we have"): a tagger
            // accident, not a person.
            if kind == EntityKind::Pers
                && members.len() == 1
                && !matches!(groups[gi].key, Key::Entry(_))
                && !canonical.contains(' ')
                && self.corpus_rarely_names(&canonical)
            {
                continue;
            }
            for &m in &members {
                if let Key::Entry(i) = groups[m].key {
                    entry_entity.insert(i, gi);
                }
            }
            ents[gi] = Some(Entity { id: entity_id(kind, &canonical), kind, canonical, mentions });
        }
        let cand_group: Vec<usize> = {
            let mut v = vec![0; cands.len()];
            for (gi, gr) in groups.iter().enumerate() {
                for &c in &gr.cands {
                    v[c] = root(gi);
                }
            }
            v
        };

        // Roles: bind, then resolve.
        let is_comma = |i: usize| {
            toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct && matches!(t.text, "،" | "," | "-" | "–"))
        };
        let mut bound: HashMap<(usize, usize), usize> = HashMap::new();
        for r in &roles {
            let person = cands.iter().enumerate().find(|(_, c)| {
                c.kind == EntityKind::Pers
                    && (c.s == r.e
                        || (c.s == r.e + 1 && is_comma(r.e))
                        || (r.s >= 2 && c.e == r.s - 1 && is_comma(r.s - 1)))
            });
            if let Some((ci, _)) = person {
                let gi = cand_group[ci];
                if ents[gi].as_ref().is_some_and(|e| e.kind == EntityKind::Pers) {
                    bound.entry((r.class, r.target)).or_insert(gi);
                }
            }
        }
        let head_classes = ["president", "king", "leader"];
        for r in &roles {
            let mut who = bound.get(&(r.class, r.target)).copied();
            if who.is_none() && head_classes.contains(&g.class_name(r.class)) {
                who = bound
                    .iter()
                    .filter(|((c, t), _)| *t == r.target && head_classes.contains(&g.class_name(*c)))
                    .map(|(_, gi)| *gi)
                    .min();
            }
            if let Some(gi) = who {
                let a = toks[r.s].start + skip_letters(toks[r.s].text, r.strip);
                let b = toks[r.e - 1].end;
                if let Some(e) = ents[gi].as_mut() {
                    e.mentions.push(Mention { start: a, end: b, text: text[a..b].to_string(), via: MentionVia::Role });
                }
            }
        }

        // Nationality adjectives outside names and roles.
        for n in &names {
            let Hit::Nationality(entry) = n.hit else {
                continue;
            };
            if cands.iter().any(|c| c.s < n.e && n.s < c.e) || roles.iter().any(|r| r.s < n.e && n.s < r.e) {
                continue;
            }
            let a = toks[n.s].start + skip_letters(toks[n.s].text, n.strip);
            let b = toks[n.e - 1].end;
            let m = Mention { start: a, end: b, text: text[a..b].to_string(), via: MentionVia::Nationality };
            match entry_entity.get(&entry) {
                Some(&gi) => {
                    if let Some(e) = ents[gi].as_mut() {
                        e.mentions.push(m);
                    }
                }
                None => {
                    let e = &g.entries()[entry];
                    ents.push(Some(Entity {
                        id: entity_id(e.kind, &e.canonical),
                        kind: e.kind,
                        canonical: e.canonical.clone(),
                        mentions: vec![m],
                    }));
                    entry_entity.insert(entry, ents.len() - 1);
                }
            }
        }

        let mut out: Vec<Entity> = ents
            .into_iter()
            .flatten()
            .filter(|e| !e.canonical.is_empty())
            .map(|mut e| {
                e.mentions.sort_by_key(|m| (m.start, m.end));
                e.mentions.dedup_by_key(|m| (m.start, m.end));
                e
            })
            .collect();
        // Two groups can meet on one canonical name (a table entry and an
        // unknown spelling of it): merge them.
        let mut seen: HashMap<(EntityKind, String), usize> = HashMap::new();
        let mut merged: Vec<Entity> = Vec::new();
        for e in out.drain(..) {
            match seen.get(&(e.kind, e.canonical.clone())) {
                Some(&i) => {
                    merged[i].mentions.extend(e.mentions);
                    merged[i].mentions.sort_by_key(|m| (m.start, m.end));
                    merged[i].mentions.dedup_by_key(|m| (m.start, m.end));
                }
                None => {
                    seen.insert((e.kind, e.canonical.clone()), merged.len());
                    merged.push(e);
                }
            }
        }
        merged.sort_by_key(|e| e.mentions.first().map(|m| m.start).unwrap_or(usize::MAX));
        merged
    }

    /// Letters to take off the front of an unknown name's first token.
    /// Whether a capital's mention reads as a place: after a locative
    /// preposition or a place noun (`في`, `إلى`, `من`, `مدينة`, `منطقة`,
    /// `أمانة`, `جامعة`…), or with a clitic preposition on the name itself
    /// (`بالرياض`, `للرياض`). Otherwise the capital stands for its state.
    fn is_place_context(&self, toks: &[Token<'_>], norms: &[String], c: &Cand) -> bool {
        const PLACE_WORDS: &[&str] = &[
            "في",
            "الى",
            "إلى",
            "من",
            "حتى",
            "نحو",
            "قرب",
            "داخل",
            "خارج",
            "انحاء",
            "أنحاء",
            "شوارع",
            "وسط",
            "مدينة",
            "منطقة",
            "العاصمة",
            "عاصمة",
            "امانة",
            "أمانة",
            "امارة",
            "إمارة",
            "محافظة",
            "مطار",
            "جامعة",
            "سكان",
            "اهالي",
            "أهالي",
            "بلدية",
            "فرع",
            "مقر",
            "شمال",
            "جنوب",
            "شرق",
            "غرب",
            "شمالي",
            "جنوبي",
            "شرقي",
            "غربي",
            "ضواحي",
            "بمدينة",
            "بمنطقة",
            "لمنطقة",
            "لمدينة",
            "زيارة",
            "زار",
            "وصل",
            "غادر",
        ];
        // Compared as word keys (hamza, alef maksura and ة folded).
        static BEFORE: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
        let before = BEFORE.get_or_init(|| PLACE_WORDS.iter().map(|w| word_key(w)).collect());
        // A clitic preposition on the name: بـ / لـ (after an optional و/ف).
        if c.strip > 0 {
            let prefix: String = norms[c.s].chars().take(c.strip).collect();
            if prefix.contains('ب') || prefix.contains('ل') {
                return true;
            }
        }
        let Some(prev) = c.s.checked_sub(1).and_then(|i| toks.get(i).map(|_| &norms[i])) else { return false };
        let bare = prev.strip_prefix('و').or_else(|| prev.strip_prefix('ف')).unwrap_or(prev);
        before.contains(prev.as_str()) || before.contains(bare)
    }

    /// Whether the tag prior has seen `word` at least [`RARELY_NAMED_SEEN`]
    /// times and inside a name under [`RARELY_NAMED_SHARE`] of the time. Words the corpus
    /// rarely wrote (rare foreign names) are given the benefit. The word
    /// is looked up whole and by its clitic-stripped key, and the entry
    /// seen more often decides: the key of `كوادر` is ك + `وادر`, which also
    /// counts `بوادر`, while `كارتر` written whole is seen 5 times and as
    /// `ارتر` (ك stripped, with `وكارتر`, `لكارتر`…) 375.
    fn corpus_rarely_names(&self, word: &str) -> bool {
        let prior = self.tagger.prior();
        let mut whole = String::with_capacity(word.len());
        normalize_into(word, &NormalizeOptions::search(), &mut whole);
        let rows = [prior.seen_and_named(&whole), prior.seen_and_named(&prior_key(word))];
        let Some((seen, named)) = rows.into_iter().flatten().max_by_key(|&(seen, _)| seen) else { return false };
        seen >= RARELY_NAMED_SEEN && f64::from(named) < RARELY_NAMED_SHARE * f64::from(seen)
    }

    /// Whether the tag prior shows `word` as mostly a person's name (≥ 30 %
    /// of its occurrences in the corpus) and often its first word (a third
    /// of the time or more).
    fn corpus_begins_person(&self, word: &str) -> bool {
        let code = self.tagger.prior().code(&prior_key(word));
        let (kind, share, position) = (code >> 6, code >> 2 & 0xf, code & 3);
        kind == 1 && share >= 4 && position >= 2
    }

    /// Person spans that run two people together with `و` (`عبدالله
    /// السديري وفهد الثنيان`, `خالد وفهد`) split before the `و` word, when
    /// the word without it is one the corpus mostly tags as the start of a
    /// person's name (the tag prior, as for `نادي الهلال فهد المفرج`) and
    /// the word with it is not (`وليد`, `وائل` are names of their own).
    /// Other spans are returned as they are.
    fn split_coordinated_persons(
        &self,
        spans: &[(usize, usize, EntityKind)],
        norms: &[String],
    ) -> Vec<(usize, usize, EntityKind)> {
        let mut out = Vec::with_capacity(spans.len());
        for &(s, e, kind) in spans {
            let mut start = s;
            if kind == EntityKind::Pers {
                for (k, norm) in norms.iter().enumerate().take(e).skip(s + 1) {
                    let Some(rest) = norm.strip_prefix('و') else { continue };
                    if rest.chars().count() >= 3 && self.corpus_begins_person(rest) && !self.corpus_begins_person(norm)
                    {
                        out.push((start, k, kind));
                        start = k;
                    }
                }
            }
            out.push((start, e, kind));
        }
        out
    }

    /// Spans cut before a blessing that follows a name (`محمد صلى الله عليه
    /// وسلم`, `عمر رضي الله عنه`, `الملك عبدالله رحمه الله`): the tagger
    /// runs the name into the formula's first words, which are never part
    /// of it. A span that begins with the formula is dropped.
    fn cut_at_blessings(spans: Vec<(usize, usize, EntityKind)>, norms: &[String]) -> Vec<(usize, usize, EntityKind)> {
        spans
            .into_iter()
            .filter_map(|(s, e, kind)| {
                let cut = (s..e).find(|&i| is_blessing_at(norms, i)).unwrap_or(e);
                (cut > s).then_some((s, cut, kind))
            })
            .collect()
    }

    /// A tagged span `[s, e)` of `kind` that holds several names run
    /// together, split into them: a span tiled by two or more names of the
    /// alias table, one of them of the span's kind (`ترامب كيم جونج أون` in
    /// a tag line; not `كوبا أميركا`, a tournament made of two places), or
    /// a known organisation followed by what the corpus shows is a person's
    /// name (`نادي الهلال فهد المفرج`: the tag prior says `فهد` mostly
    /// begins a PERS). A place followed by a name is left whole: on
    /// SaudiNewsNet that was mostly a club or a company (`نيويورك ريد
    /// بولز`, `إيران خودرو`). `None` when the span is one name.
    #[allow(clippy::too_many_arguments)]
    fn split_span(
        &self,
        s: usize,
        e: usize,
        kind: EntityKind,
        names: &[GMatch],
        keys: &[String],
        forms: &[Vec<(String, usize)>],
        toks: &[Token<'_>],
    ) -> Option<Vec<Cand>> {
        let g = self.gazetteer;
        let inner: Vec<&GMatch> =
            names.iter().filter(|n| matches!(n.hit, Hit::Entity(_)) && !n.ambiguous && n.s >= s && n.e <= e).collect();
        let first = inner.first()?;
        if first.s != s {
            return None;
        }
        let cand = |n: &GMatch| -> Option<Cand> {
            let Hit::Entity(entry) = n.hit else { return None };
            Some(Cand { s: n.s, e: n.e, kind: g.entries()[entry].kind, entry: Some(entry), strip: n.strip })
        };
        let tiled = inner.len() >= 2 && inner.windows(2).all(|w| w[0].e == w[1].s) && inner.last()?.e == e;
        if tiled {
            let parts: Vec<Cand> = inner.iter().filter_map(|n| cand(n)).collect();
            return parts.iter().any(|c| c.kind == kind).then_some(parts);
        }
        let head = cand(first)?;
        let rest = first.e;
        if inner.len() != 1 || head.kind != EntityKind::Org || e - rest < 2 || toks[rest].kind != TokenKind::Word {
            return None;
        }
        if !self.corpus_begins_person(toks[rest].text) {
            return None;
        }
        let strip = self.strip_unknown(EntityKind::Pers, keys, &forms[rest], rest, toks);
        Some(vec![head, Cand { s: rest, e, kind: EntityKind::Pers, entry: None, strip }])
    }

    /// Whether a word (its clitic-free `forms`) is, without the article, a
    /// place the language only names with it: `اليمن`, `العراق`, `المغرب`
    /// are never `يمن`, `عراق`, `مغرب`. The tagger reads such a word as the
    /// place because it keys words without their article (`أن يمن الله
    /// عليهم`, "that God grant them", became Yemen in 150 SaudiNewsNet
    /// articles; `صلاة المغرب` stays the sunset prayer either way).
    fn bare_form_of_definite_place(&self, forms: &[(String, usize)]) -> bool {
        let g = self.gazetteer;
        if forms.iter().any(|(f, _)| f.starts_with("ال") || g.lookup_keys(&[f.as_str()]).is_some()) {
            return false;
        }
        forms.iter().any(|(f, _)| {
            let definite = format!("ال{f}");
            matches!(g.lookup_keys(&[definite.as_str()]), Some(Hit::Entity(i)) if g.entries()[i].kind == EntityKind::Loc)
        })
    }

    fn strip_unknown(
        &self,
        kind: EntityKind,
        keys: &[String],
        forms: &[(String, usize)],
        at: usize,
        toks: &[Token<'_>],
    ) -> usize {
        if toks[at].kind != TokenKind::Word {
            return 0;
        }
        // Corpus counts are kept for Search forms (with ة).
        let mut norm = String::new();
        normalize_into(toks[at].text, &NormalizeOptions::search(), &mut norm);
        let full_count = self.clusters.count(&norm);
        let mut best = 0;
        for (f, n) in forms.iter().skip(1) {
            // The article stays: `والصين` → `الصين`.
            let rest: String = norm.chars().skip(*n).collect();
            let rest_count = self.clusters.count(&rest);
            // A word the corpus writes whole far more often than without its
            // first letter is not a clitic and a definite noun: كاليفورنيا
            // is not ك + اليفورنيا.
            let whole = full_count >= 5 && full_count > 2 * rest_count;
            let article = (rest.starts_with("ال") || (rest.starts_with("لل") && *n > 0)) && !whole;
            let known = self.gazetteer.starts_phrase(f);
            // Seen bare elsewhere in the text; not a two-letter function
            // word (فان غال is not ف + ان غال: ان is everywhere).
            let elsewhere = rest.chars().count() >= 3 && keys.iter().enumerate().any(|(j, k)| j != at && k == f);
            // Far more frequent without the letter, unless a person's name
            // would then begin with a word the corpus rarely names (`بلان`
            // is not ب + `لان` "because", nor `فيدل` ف + `يدل` "shows"). A
            // `و` is a conjunction all the same (`ومنيرة`), and places and
            // bodies begin with common words (`لكلية`).
            let frequent = rest_count >= 3 * full_count + 5
                && rest.chars().count() >= 3
                && !(kind == EntityKind::Pers && !norm.starts_with('و') && self.corpus_rarely_names(&rest));
            if article || known || elsewhere || frequent {
                best = best.max(*n);
            }
        }
        best
    }
}

/// Nouns and verbs (word keys) the tagger takes for a person's name when
/// they stand alone, which SaudiNewsNet never uses so: `رضا المتعاملين`
/// ("customer satisfaction", 85 articles), `غريب` "strange", `بوادر`
/// "signs of", `التوفيق` "success", `الصلاح` "righteousness", `لا ريب` "no
/// doubt", `الظهير الأيمن` "right back", `روى` "narrated", `هاو` "amateur",
/// `دان` "condemned", `مالكي` "owners of", `مصدر رزق` "livelihood". The
/// first-stage tagger puts most of them in names often enough (`رضا` 55 %,
/// from ANERcorp's Reza) for the corpus rule to keep them, and they are
/// no alias-table `STOP` entries because that table is a feature of the
/// tagger (an edit means retraining). In a longer name they stay (`علي
/// رضا`, `نوري المالكي`, `روي هودجسون`).
const NO_PERSON_ALONE: [&str; 12] =
    ["رضا", "غريب", "بوادر", "التوفيق", "الصلاح", "ريب", "الايمن", "روي", "هاو", "دان", "مالكي", "رزق"];

/// Common nouns (word keys) the tagger takes for other names (MISC) when
/// they stand alone: `ميليشيا` "militia" (79 SaudiNewsNet articles and 24
/// with the article), `الكوميديا` "comedy", `الكواليس` "backstage",
/// `قذائف هاون` "mortar shells", `بطولة` "championship", `ستاد` "stadium",
/// `الحمدلله` "praise be to God".
const NO_MISC_ALONE: [&str; 11] = [
    "ميليشيا",
    "مليشيا",
    "الميليشيا",
    "ميليشيات",
    "الميليشيات",
    "الكوميديا",
    "الكواليس",
    "هاون",
    "بطوله",
    "ستاد",
    "الحمدلله",
];

/// Whether a name of one word of `kind` is a common word alone
/// ([`NO_PERSON_ALONE`], [`NO_MISC_ALONE`]).
fn is_common_word_alone(kind: EntityKind, name: &str) -> bool {
    let key = word_key(name);
    match kind {
        EntityKind::Pers => NO_PERSON_ALONE.contains(&key.as_str()),
        EntityKind::Misc => NO_MISC_ALONE.contains(&key.as_str()),
        _ => false,
    }
}

/// Whether a word (Search-normalised) is the Arabic spelling of a Latin
/// letter's name, as acronyms are spelt out (`بي بي سي`, `إف بي آي`).
fn is_latin_letter_name(norm: &str) -> bool {
    matches!(
        norm,
        "ايه"
            | "بي"
            | "سي"
            | "دي"
            | "اي"
            | "اف"
            | "جي"
            | "جيه"
            | "اتش"
            | "اتشي"
            | "كيه"
            | "ال"
            | "ام"
            | "ان"
            | "او"
            | "كيو"
            | "ار"
            | "اس"
            | "تي"
            | "يو"
            | "في"
            | "دبليو"
            | "اكس"
            | "واي"
            | "زد"
    )
}

/// Words (Search-normalised, `ة` as `ه`) that call a group what it is
/// before its name: `تنظيم`, `منظمة`, `جماعة`, `ميليشيا`, `حركة`.
const ORGANISATION_KINDS: [&str; 8] = ["تنظيم", "منظمه", "جماعه", "ميليشيا", "مليشيا", "ميليشيات", "مليشيات", "حركه"];

/// Epithets (Search-normalised, `ة` as `ه`) written after a group's name:
/// "terrorist", "extremist", "putschist", "armed".
const ORGANISATION_EPITHETS: [&str; 10] =
    ["الارهابي", "الارهابيه", "المتطرف", "المتطرفه", "الانقلابي", "الانقلابيه", "المسلح", "المسلحه", "التكفيري", "التكفيريه"];

/// An alias-table organisation that a tagger span `[s, e)` holds with only
/// what a group is called around it: `تنظيم داعش الإرهابي`, `داعش
/// الإرهابي`, `منظمة داعش` are `داعش`, which the alias table names in
/// full only as `داعش` or `تنظيم داعش` (they had been an entity of their
/// own in 190 SaudiNewsNet articles). The candidate is the name alone.
fn organisation_with_epithets(g: &Gazetteer, names: &[GMatch], norms: &[String], s: usize, e: usize) -> Option<Cand> {
    let mut inside = names.iter().filter_map(|n| match n.hit {
        Hit::Entity(i) if g.entries()[i].kind == EntityKind::Org && !n.ambiguous && n.s >= s && n.e <= e => {
            Some((n, i))
        }
        _ => None,
    });
    let (n, entry) = inside.next()?;
    let around = (n.s, n.e) != (s, e)
        && inside.next().is_none()
        && norms[s..n.s].iter().all(|w| ORGANISATION_KINDS.contains(&w.as_str()))
        && norms[n.e..e].iter().all(|w| ORGANISATION_EPITHETS.contains(&w.as_str()));
    around.then_some(Cand { s: n.s, e: n.e, kind: EntityKind::Org, entry: Some(entry), strip: n.strip })
}

/// Spans without the bare article they end with: the tokeniser splits an
/// ordinal written with its digits (`البطولة العربية ال13`, `الـ13`) into
/// `ال` and the number, and the tagger ends the name at the article (`البطولة
/// العربية ال` had been a name in 27 SaudiNewsNet articles). The article as
/// written, not a folded `آل` ("family of") or `إل` (the letter L).
fn trim_bare_articles(spans: Vec<(usize, usize, EntityKind)>, toks: &[Token<'_>]) -> Vec<(usize, usize, EntityKind)> {
    spans
        .into_iter()
        .filter_map(|(s, mut e, kind)| {
            while e > s && toks[e - 1].text.trim_end_matches('\u{0640}') == "ال" {
                e -= 1;
            }
            (e > s).then_some((s, e, kind))
        })
        .collect()
}

/// The alias table's name of the Prophet.
const PROPHET: &str = "النبي محمد";

/// Whether `صلى الله` follows, past a bracket or a quote mark (`محمد «صلى
/// الله عليه وسلم»`, `محمد (صلى الله عليه وسلم)`).
fn blessed_by_salla(after: &[String]) -> bool {
    let mut words = after.iter().take(4).filter(|w| w.chars().any(char::is_alphabetic));
    words.next().is_some_and(|w| w == "صلي") && words.next().is_some_and(|w| w == "الله")
}

/// Whether a blessing formula begins at word `i` (Search-normalised words):
/// `صلى الله`, `رضي الله`, `رحمه الله` and their feminine and plural forms,
/// `عليه السلام`, `عليه الصلاة`.
fn is_blessing_at(norms: &[String], i: usize) -> bool {
    // Word keys: `ى` is `ي` and `ة` is `ه`; punctuation is a token of its own.
    let Some(next) = norms.get(i + 1) else { return false };
    match norms[i].as_str() {
        "صلي" | "رضي" | "رحمه" | "رحمها" | "رحمهم" | "رحمهما" | "يرحمه" | "يرحمها" | "يرحمهم" => {
            next == "الله"
        }
        "عليه" | "عليها" | "عليهم" | "عليهما" => {
            matches!(next.as_str(), "السلام" | "الصلاه" | "افضل")
        }
        _ => false,
    }
}

/// Titles (Search-normalised) that begin a person's name in an
/// institution's name (مستشفى الملك فهد، جامعة الأمير سلطان).
const PERSON_TITLES: [&str; 5] = ["الملك", "الامير", "الاميره", "الشيخ", "الامام"];

/// The kind of an institution whose name is this head noun (a word key,
/// clitics off) followed by a person's name: organisations for bodies and
/// companies (شركة عبد اللطيف جميل), places for buildings and works,
/// and other names for leagues, cups, contests and festivals (دوري عبد اللطيف جميل is
/// the Saudi league named after its sponsor, مسابقة الملك عبدالعزيز a
/// Quran contest; ANERcorp tags such competitions MISC).
pub(crate) fn institution_head(key: &str) -> Option<EntityKind> {
    Some(match key {
        "مستشفي" | "مستشفيات" | "جامعه" | "كليه" | "مركز" | "مؤسسه" | "موسسه" | "معهد" | "مدرسه" | "مكتبه"
        | "جائزه" | "برنامج" | "صندوق" | "مستوصف" | "اكاديميه" | "مجمع" | "كرسي" | "دار" | "شركه" | "مجموعه"
        | "جمعيه" => EntityKind::Org,
        // Not بطولة: before a person it is mostly "starring" (فيلم من بطولة
        // آل باتشينو), not a championship.
        "دوري" | "كاس" | "مسابقه" | "مهرجان" => EntityKind::Misc,
        "استاد" | "ملعب" | "مطار" | "ميناء" | "مينا" | "جسر" | "طريق" | "شارع" | "قاعده" | "حي" | "مسجد" | "جامع"
        | "قصر" | "منتزه" | "متنزه" | "حديقه" | "قاعه" | "مدينه" | "مديريه" => {
            EntityKind::Loc
        }
        _ => return None,
    })
}

/// Whether tokens `s..e` are a month name (with `الثاني`/`الاول` after
/// كانون/تشرين) used as a date: after a number or after another month's
/// name and a bracket (`22 أبريل (نيسان)`), or before a year, a bracket or
/// الماضي/المقبل/الجاري/القادم.
fn month_in_date(norms: &[String], forms: &[Vec<(String, usize)>], toks: &[Token<'_>], s: usize, e: usize) -> bool {
    let is_month = crate::times::is_month_name;
    // The first word with or without its clitics (وفي نيسان, بنيسان).
    let first_is = |names: &dyn Fn(&str) -> bool| forms[s].iter().any(|(f, _)| names(f));
    let tail_ok = match e - s {
        1 => true,
        2 => first_is(&|f| matches!(f, "كانون" | "تشرين")) && matches!(norms[s + 1].as_str(), "الثاني" | "الاول"),
        _ => false,
    };
    if !first_is(&is_month) || !tail_ok {
        return false;
    }
    let is_number = |i: usize| toks[i].text.chars().next().is_some_and(|c| c.is_numeric());
    let before = (s > 0).then(|| s - 1);
    let after = (e < toks.len()).then_some(e);
    let bracket = |i: usize| matches!(toks[i].text, "(" | ")" | "/" | "-" | "،");
    // The other regional name of the same month, beside it or in brackets:
    // أبريل (نيسان), نيسان (أبريل), ابريل نيسان.
    let month_at = |i: usize| i < toks.len() && is_month(&norms[i]);
    before
        .is_some_and(|b| is_number(b) || month_at(b) || (bracket(b) && b > 0 && (month_at(b - 1) || is_number(b - 1))))
        || after.is_some_and(|a| {
            is_number(a)
                || month_at(a)
                || (bracket(a) && month_at(a + 1))
                || (toks[a].text == ")" && before.is_some_and(|b| toks[b].text == "("))
                || matches!(norms[a].as_str(), "الماضي" | "المقبل" | "الجاري" | "القادم" | "المنصرم")
        })
        || before.is_some_and(|b| matches!(norms[b].as_str(), "شهر" | "مطلع" | "منتصف" | "اواخر" | "اوائل"))
}

/// Least number of times the corpus wrote a word for the tag prior to rule
/// it is no one's name alone ([`EntityExtractor`]'s lone-word rule).
const RARELY_NAMED_SEEN: u32 = 20;

/// Share of its uses under which the first-stage tagger put a word in a
/// name for the word alone to be no one's name. At 10 % (analysis rules 15)
/// `لي` of `قال لي` ("told me", 10.6 %) came and went with each retraining;
/// at 15 % `عربي`, `حوثي`, `شيخ`, `أولمبي` go too, and a few rare real
/// names seen alone (`غالي`, `هدى`, `ياسمين`, 2–4 articles each).
const RARELY_NAMED_SHARE: f64 = 0.15;

/// Per token, whether it is a word of a phrase of two or three words the
/// alias table says is never a name (`STOP`), its first word read with or
/// without its clitics (`لحسن الحظ`).
fn stop_phrase_words(g: &Gazetteer, forms: &[Vec<(String, usize)>], keys: &[String]) -> Vec<bool> {
    let mut covered = vec![false; keys.len()];
    for i in 0..keys.len() {
        for (f, _) in forms[i].iter().filter(|(f, _)| g.starts_stop_phrase(f)) {
            for n in 2..=3.min(keys.len() - i) {
                let mut words: Vec<&str> = vec![f.as_str()];
                words.extend(keys[i + 1..i + n].iter().map(String::as_str));
                if g.is_stop_keys(&words) {
                    covered[i..i + n].iter_mut().for_each(|c| *c = true);
                }
            }
        }
    }
    covered
}

/// Whether `needle` is a run of words of `hay`, not right after a
/// patronymic particle (`عبدالعزيز` is not the King in `سلمان بن عبدالعزيز`)
/// or the family's `آل` (skeleton `ال`: `سعود` is not the King in `… آل
/// سعود`).
fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    (0..=hay.len() - needle.len()).any(|j| {
        hay[j..j + needle.len()] == *needle && !(j > 0 && matches!(hay[j - 1].as_str(), "بن" | "ابن" | "بنت" | "ال"))
    })
}

/// The grouping key of a name: [`skeleton`] for people, [`loose_key`] for
/// the rest.
///
/// A name of one word is keyed without its article where the article is
/// only grammar: outlets write `الفيتو` and `فيتو`, `الأوسكار` and `أوسكار`,
/// `تويتر` and `التويتر`, `أوبك` and `الأوبك`, `الأهلي` and `أهلي` for one
/// name. That holds for the other names (currencies, awards, events,
/// products), and for an organisation only when SaudiNewsNet writes one of
/// the two forms at most a tenth as often as the other
/// ([`ARTICLE_FOLD_SHARE`]): where both are common, the second is a word of
/// its own (`أبل` Apple / `الإبل` "the camels", `القاعدة` / `قاعدة` "a base",
/// `النصر` / `نصر` "victory", `حماس` / `الحماس` "enthusiasm"). Places keep
/// their article (`العين` the city is not `عين` "a spring"), and so do
/// names of more than one word (`الحرب العالمية الثانية`).
fn name_key(kind: EntityKind, name: &str) -> String {
    match kind {
        EntityKind::Pers => skeleton(name),
        EntityKind::Loc => loose_key(name),
        EntityKind::Org | EntityKind::Misc => match without_grammatical_article(kind, name) {
            Some(bare) => loose_key(&bare),
            None => loose_key(name),
        },
    }
}

/// Most a form of an organisation's one-word name may be written, against
/// the other form (with or without the article), for the two to be one
/// name: `التويتر` 0 times to `تويتر`'s 1,482, `أهلي` 59 to `الأهلي`'s
/// 2,172; `الإبل` 108 to `أبل`'s 550 is a word of its own.
pub const ARTICLE_FOLD_SHARE: f64 = 0.1;

/// The Search form of a one-word name without its article, when the
/// article is only grammar (see [`name_key`]).
fn without_grammatical_article(kind: EntityKind, name: &str) -> Option<String> {
    let mut word = String::new();
    normalize_into(name.trim(), &NormalizeOptions::search(), &mut word);
    if word.contains(char::is_whitespace) {
        return None;
    }
    // The article comes off before the transliteration folds, which
    // collapse doubled letters (`اللجنة` must not become `جنة`).
    let bare = word.strip_prefix("ال")?;
    if bare.chars().count() < 3 {
        return None;
    }
    if kind == EntityKind::Org {
        let counts = Clusters::builtin();
        let (with, without) = (f64::from(counts.count(&word)), f64::from(counts.count(bare)));
        if with.min(without) > ARTICLE_FOLD_SHARE * with.max(without) {
            return None;
        }
    }
    Some(bare.to_string())
}

/// Byte length of the first `n` letters of `word`, marks and tatweel after
/// them included.
fn skip_letters(word: &str, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let mut seen = 0;
    for (i, c) in word.char_indices() {
        let mark = is_arabic_diacritic(c) || c == '\u{0640}' || is_zero_width(c) || is_bidi_control(c);
        if mark {
            continue;
        }
        if seen == n {
            return i;
        }
        seen += 1;
    }
    word.len()
}

/// A name for display: no diacritics, tatweel or bidi marks, Persian letters
/// folded, single spaces.
pub fn display_name(s: &str) -> String {
    let mut o = NormalizeOptions::display();
    o.strip_diacritics = true;
    o.fold_persian = true;
    let mut out = String::new();
    normalize_into(s, &o, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name whose first word is written with the preposition `ل` on its
/// article (`للإسلام`, `للاتحاد السعودي`: ل + ال, the alef dropped) named
/// as the language names it alone: `الإسلام`, `الاتحاد السعودي`. The
/// mentions keep their letters; only the name changes, so that articles
/// that write it either way meet on one entity.
fn definite_after_lam(name: String) -> String {
    let first = name.split_whitespace().next().unwrap_or("");
    match first.strip_prefix("لل") {
        Some(rest) if rest.chars().count() >= 2 => format!("ال{}", &name["لل".len()..]),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Tag;

    #[test]
    fn a_name_with_lam_on_its_article_is_named_without_it() {
        assert_eq!(definite_after_lam("للإسلام".into()), "الإسلام");
        assert_eq!(definite_after_lam("للاتحاد السعودي".into()), "الاتحاد السعودي");
        assert_eq!(definite_after_lam("الإسلام".into()), "الإسلام");
        assert_eq!(definite_after_lam("لله".into()), "لله");
        let text = "قدم المركز خدمات للإسلام والمسلمين، وقال إن الإسلام دين السلام.";
        let ents = resolve_with(text, &[("للإسلام", EntityKind::Misc), ("الإسلام", EntityKind::Misc)]);
        assert_eq!(names(&ents), ["MISC:الإسلام"]);
        let texts: Vec<&str> = ents[0].mentions.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["للإسلام", "الإسلام"]);
    }

    /// Resolve with hand-given tagger spans, so the test does not depend on
    /// the trained model.
    fn resolve_with(text: &str, spans: &[(&str, EntityKind)]) -> Vec<Entity> {
        let toks = tokenize(text);
        let mut tags = vec![Tag::O; toks.len()];
        for (name, kind) in spans {
            let words: Vec<&str> = name.split(' ').collect();
            for i in 0..toks.len() {
                if i + words.len() <= toks.len()
                    && toks[i..i + words.len()].iter().zip(&words).all(|(t, w)| t.text == *w)
                    && tags[i..i + words.len()].iter().all(|t| *t == Tag::O)
                {
                    tags[i] = Tag::begin(*kind);
                    for t in &mut tags[i + 1..i + words.len()] {
                        *t = Tag::inside(*kind);
                    }
                }
            }
        }
        let spans = bio_spans(&tags);
        let empty = Tagger::empty(8);
        EntityExtractor::new(&empty, Gazetteer::builtin(), Clusters::builtin()).resolve(text, &toks, &spans)
    }

    fn find<'e>(ents: &'e [Entity], canonical: &str) -> &'e Entity {
        ents.iter().find(|e| e.canonical == canonical).unwrap_or_else(|| panic!("{canonical} not in {:?}", names(ents)))
    }

    fn names(ents: &[Entity]) -> Vec<String> {
        ents.iter().map(|e| format!("{}:{}", e.kind, e.canonical)).collect()
    }

    #[test]
    fn a_family_name_alone_is_not_the_person() {
        // `سعود` after `آل` is the family's name: another سعود is not the King.
        let text = "وصل الملك سلمان بن عبدالعزيز آل سعود إلى جدة. وقال الكاتب سعود إن الزيارة مهمة.";
        let ents =
            resolve_with(text, &[("الملك سلمان بن عبدالعزيز آل سعود", EntityKind::Pers), ("سعود", EntityKind::Pers)]);
        let king = ents.iter().find(|e| e.mentions.iter().any(|m| m.text.contains("سلمان"))).expect("the King");
        assert!(king.mentions.iter().all(|m| m.text != "سعود"), "{:?}", names(&ents));
        assert!(ents.iter().any(|e| e.canonical == "سعود"), "{:?}", names(&ents));
    }

    #[test]
    fn clitics_and_variants_meet() {
        let text = "تحدث ترامب مع بيونغ يانغ. وقال ترمب إن وترامب سيعود. وحذرت واشنطن من ذلك.";
        let ents = resolve_with(text, &[("ترامب", EntityKind::Pers), ("وترامب", EntityKind::Pers)]);
        let t = find(&ents, "دونالد ترامب");
        let texts: Vec<&str> = t.mentions.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["ترامب", "ترمب", "ترامب"]);
        // The clitic is outside the mention's offsets.
        assert_eq!(&text[t.mentions[2].start..t.mentions[2].end], "ترامب");
        let k = find(&ents, "كوريا الشمالية");
        assert_eq!(k.mentions[0].text, "بيونغ يانغ");
        let us = find(&ents, "الولايات المتحدة");
        assert_eq!(us.mentions[0].text, "واشنطن");
    }

    #[test]
    fn two_people_joined_by_waw_in_one_span_are_two() {
        // Hand-given spans, the built-in tag prior.
        let text = "وأدى عبدالله السديري وفهد الثنيان تدريباتهما، وحضر خالد وفهد، وتحدث وليد الشمري.";
        let toks = tokenize(text);
        let span = |name: &str| {
            let words: Vec<&str> = name.split(' ').collect();
            let s = (0..toks.len()).find(|&i| toks[i..].iter().zip(&words).all(|(t, w)| t.text == *w)).unwrap();
            (s, s + words.len(), EntityKind::Pers)
        };
        let spans = [span("عبدالله السديري وفهد الثنيان"), span("خالد وفهد"), span("وتحدث وليد الشمري")];
        let ents = EntityExtractor::builtin().resolve(text, &toks, &spans);
        let mut got = names(&ents);
        got.sort();
        assert!(got.contains(&"PERS:عبدالله السديري".to_string()), "{got:?}");
        assert!(got.contains(&"PERS:فهد الثنيان".to_string()), "{got:?}");
        assert!(got.contains(&"PERS:خالد".to_string()), "{got:?}");
        assert!(!got.iter().any(|n| n.contains(" وفهد")), "{got:?}");
        // A name that begins with و is not split.
        assert!(got.iter().any(|n| n.ends_with("وليد الشمري")), "{got:?}");
    }

    /// The sorted entities the built-in extractor resolves when `words`
    /// (tokens of `text`) are tagged as one-word persons.
    fn one_word_persons(text: &str, words: &[&str]) -> Vec<String> {
        let toks = tokenize(text);
        let spans: Vec<(usize, usize, EntityKind)> = words
            .iter()
            .map(|w| {
                let s = (0..toks.len()).find(|&i| toks[i].text == *w).unwrap();
                (s, s + 1, EntityKind::Pers)
            })
            .collect();
        let mut got = names(&EntityExtractor::builtin().resolve(text, &toks, &spans));
        got.sort();
        got
    }

    #[test]
    fn a_lone_word_the_corpus_never_names_is_no_person() {
        // Hand-given spans, the built-in tag prior: `أين` "where" and
        // `كوادر` "cadres" are tagger accidents; `صالح` is mostly a name in
        // the corpus, and a word it never wrote is given the benefit.
        let text = "وسأل أين ذهبت كوادر الحزب؟ وقال صالح إن زيغفريدوفيتش كتب ذلك.";
        let got = one_word_persons(text, &["أين", "كوادر", "صالح", "زيغفريدوفيتش"]);
        assert_eq!(got, ["PERS:زيغفريدوفيتش", "PERS:صالح"]);
    }

    #[test]
    fn a_first_letter_stays_when_taking_it_off_leaves_a_common_word() {
        // `بلان` (Laurent Blanc) is not ب + `لان` "because", `فيصل` not ف +
        // `يصل` "arrives"; `ومحمد` is و + `محمد`.
        let text = "وقال بلان إن الفريق جاهز. وأبحرت السفينة فيصل أمس. وحضر ومحمد الحفل.";
        let got = one_word_persons(text, &["بلان", "فيصل", "ومحمد"]);
        assert_eq!(got, ["PERS:بلان", "PERS:فيصل", "PERS:محمد"]);
    }

    #[test]
    fn no_name_begins_with_gods() {
        let text = "وختم البيان بعبارة الله ولي التوفيق، والله الهادي، لله دركما. وقال حسن نصر الله إن عبد الله الحصين قال ذلك.";
        let ents = resolve_with(
            text,
            &[
                ("الله ولي التوفيق", EntityKind::Pers),
                ("حسن نصر الله", EntityKind::Pers),
                ("عبد الله الحصين", EntityKind::Pers),
            ],
        );
        assert_eq!(names(&ents), ["PERS:حسن نصر الله", "PERS:عبد الله الحصين"]);
    }

    #[test]
    fn a_letter_of_an_acronym_alone_is_not_a_name() {
        let text = "ونقلت هيئة الإذاعة البريطانية (بي. بي. سي) عنه القول، وتقدم المؤشر جيه.بي.إكس-نيكي 400 \
                    بينما قال مكتب التحقيقات (إف.بي. آي.) إن قناة بي بي سي نقلت الخبر.";
        let ents = resolve_with(
            text,
            &[
                ("بي", EntityKind::Org),
                ("جيه", EntityKind::Org),
                ("إكس", EntityKind::Pers),
                ("آي", EntityKind::Misc),
                ("بي بي سي", EntityKind::Org),
            ],
        );
        // The spelt-out acronym is kept (and the adjective's country).
        assert_eq!(names(&ents), ["LOC:بريطانيا", "ORG:بي بي سي"]);
    }

    #[test]
    fn month_names_written_as_dates_are_not_names() {
        let text = "قتل في 22 أبريل (نيسان) الماضي، وفي نيسان 2014 بدأ التمرد، وتراجع مقارنة بنيسان (أبريل) \
                    ومنذ ابريل نيسان. وقال مدير نيسان الشرق الأوسط إن سيارة نيسان فازت.";
        let ents = resolve_with(text, &[("نيسان", EntityKind::Org)]);
        let n = find(&ents, "نيسان");
        let at: Vec<usize> = n.mentions.iter().map(|m| m.start).collect();
        let company: Vec<usize> = text.match_indices("نيسان").map(|(i, _)| i).skip(4).collect();
        assert_eq!(at, company, "only the company, not the month: {:?}", n.mentions);
    }

    #[test]
    fn a_name_that_starts_with_lam_after_the_preposition_lam() {
        // ل + لبنان is written للبنان, not ل + ال + بنان.
        let ents = resolve_with("قدمت المملكة دعما كبيرا للبنان", &[("للبنان", EntityKind::Loc)]);
        assert_eq!(names(&ents), ["LOC:لبنان"]);
        let text = "انتقل اللاعب لليفربول الإنجليزي";
        let ents = resolve_with(text, &[("لليفربول", EntityKind::Org)]);
        let l = ents.iter().find(|e| e.kind == EntityKind::Org).expect("an organisation");
        assert_eq!(l.canonical, "ليفربول");
        assert_eq!(&text[l.mentions[0].start..l.mentions[0].end], "ليفربول");
    }

    #[test]
    fn institutions_named_after_people_are_institutions() {
        let text = "زار الأمير المرضى في مستشفى الملك فهد بجازان، ثم افتتح ملعب الأمير فيصل بن فهد.";
        let ents = resolve_with(text, &[("الملك فهد", EntityKind::Pers), ("الأمير فيصل بن فهد", EntityKind::Pers)]);
        let found = names(&ents);
        for want in ["ORG:مستشفى الملك فهد", "LOC:ملعب الأمير فيصل بن فهد", "LOC:جازان"]
        {
            assert!(found.iter().any(|n| n == want), "{want} in {found:?}");
        }
        // With a clitic on the head noun, and for a name the table knows.
        let text = "وصلت المساعدات عبر مركز الملك سلمان للإغاثة، وتبرع بمستشفى الملك فهد.";
        let ents = resolve_with(text, &[("الملك فهد", EntityKind::Org)]);
        assert!(ents.iter().all(|e| e.canonical != "الملك سلمان بن عبدالعزيز"), "{:?}", names(&ents));
        find(&ents, "مركز الملك سلمان");
        let h = find(&ents, "مستشفى الملك فهد");
        assert_eq!(h.mentions[0].text, "مستشفى الملك فهد", "the clitic stays outside");
        // The name cut at the title, the person tagged apart.
        let text = "أعلنت جامعة الأميرة نورة بنت عبدالرحمن قبول الطالبات";
        let ents = resolve_with(text, &[("جامعة الأميرة", EntityKind::Org), ("نورة بنت عبدالرحمن", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["ORG:جامعة الأميرة نورة بنت عبدالرحمن"]);
        // The title left out of the tagged name.
        let ents = resolve_with("هبطت الطائرة في مطار الملك عبد العزيز الدولي", &[("عبد العزيز", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["LOC:مطار الملك عبد العزيز"]);
        let ents = resolve_with("تعمل مدينة الملك عبدالله الطبية بمكة", &[("عبدالله", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["LOC:مدينة الملك عبدالله", "LOC:مكة المكرمة"]);
        let ents = resolve_with(
            "أعلنت مدينة الملك عبدالعزيز للعلوم والتقنية",
            &[("الملك عبدالعزيز للعلوم والتقنية", EntityKind::Org)],
        );
        assert_eq!(names(&ents), ["ORG:مدينة الملك عبدالعزيز للعلوم والتقنية"]);
        let ents = resolve_with("اشتباكات في مديرية الشيخ عثمان", &[("عثمان", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["LOC:مديرية الشيخ عثمان"]);
        // The founder himself, and his sons, by title and name.
        let ents = resolve_with("أصدر الملك عبد العزيز أمرا، وزار الملك فهد المدينة", &[]);
        assert_eq!(names(&ents), ["PERS:الملك عبدالعزيز آل سعود", "PERS:الملك فهد بن عبدالعزيز"]);
        // The adjective after the institution's name is not a person.
        let ents = resolve_with(
            "أقلعت من مطار الملك خالد الدولي",
            &[("الملك خالد", EntityKind::Pers), ("الدولي", EntityKind::Pers)],
        );
        assert_eq!(names(&ents), ["LOC:مطار الملك خالد"]);
        // A place after a head noun is left alone: مطار القاهرة is at Cairo.
        let ents = resolve_with("هبطت الطائرة في مطار القاهرة", &[("القاهرة", EntityKind::Loc)]);
        assert_eq!(names(&ents), ["LOC:القاهرة"]);
    }

    #[test]
    fn companies_and_competitions_named_after_people_are_not_people() {
        // The Saudi league carries its sponsor's name.
        let text = "انتقل اللاعب إلى نادي الوحدة الصاعد لدوري عبد اللطيف جميل للمحترفين";
        let ents = resolve_with(text, &[("عبد اللطيف جميل", EntityKind::Pers)]);
        let league = find(&ents, "دوري عبد اللطيف جميل");
        assert_eq!(league.kind, EntityKind::Misc);
        assert_eq!(league.mentions[0].text, "دوري عبد اللطيف جميل", "the clitic stays outside");
        let ents =
            resolve_with("وقالت شركة عبد اللطيف جميل إن المبيعات ارتفعت", &[("عبد اللطيف جميل", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["ORG:شركة عبد اللطيف جميل"]);
        let ents =
            resolve_with("فاز المتسابق في مسابقة الملك عبدالعزيز لحفظ القرآن", &[("عبدالعزيز", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["MISC:مسابقة الملك عبدالعزيز"]);
        // A person after a word that is no head noun stays a person.
        let ents = resolve_with("وقال رجل الأعمال عبد اللطيف جميل", &[("عبد اللطيف جميل", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["PERS:عبد اللطيف جميل"]);
        // "Starring", not a championship.
        let ents = resolve_with("عرض فيلم من بطولة آل باتشينو", &[("آل باتشينو", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["PERS:آل باتشينو"]);
    }

    #[test]
    fn a_blessing_after_a_name_is_not_part_of_it() {
        let text = "قال محمد صلى الله عليه وسلم، وروى عمر رضي الله عنه";
        let ents = resolve_with(text, &[("محمد صلى الله", EntityKind::Pers), ("عمر رضي", EntityKind::Pers)]);
        // The formula is said of the Prophet alone: the name before it is he.
        assert_eq!(names(&ents), ["PERS:النبي محمد", "PERS:عمر"]);
        let text = "نزل على خاتم النبيين محمد «صلى الله عليه وسلم»، وقال محمد صالح إن";
        let ents = resolve_with(text, &[("محمد صالح", EntityKind::Pers), ("محمد", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["PERS:النبي محمد", "PERS:محمد صالح"]);
        // A span that is the formula alone is none.
        let ents = resolve_with("وكان رحمه الله كريما", &[("رحمه الله", EntityKind::Pers)]);
        assert_eq!(names(&ents), Vec::<String>::new());
        // عليه alone, not before السلام or الصلاة, is no blessing.
        assert!(!is_blessing_at(&["عليه".to_string(), "ان".to_string()], 0));
        assert!(is_blessing_at(&["عليه".to_string(), "السلام".to_string()], 0));
    }

    #[test]
    fn a_name_does_not_end_with_a_bare_article() {
        let text = "في البطولة العربية ال13 للكرة الطائرة";
        let ents = resolve_with(text, &[("البطولة العربية ال", EntityKind::Misc)]);
        assert_eq!(names(&ents), ["MISC:البطولة العربية"]);
        // `آل` ("family of") and the letter `إل` are not the article.
        let ents = resolve_with("شركة بي آر إل", &[("بي آر إل", EntityKind::Org)]);
        assert_eq!(names(&ents), ["ORG:بي آر إل"]);
    }

    #[test]
    fn a_group_called_what_it_is_is_the_group() {
        let text = "أعلن تنظيم داعش الإرهابي مسؤوليته، وقالت منظمة داعش إن داعش المتطرف وتنظيم القاعدة الإرهابي";
        let spans = [
            ("تنظيم داعش الإرهابي", EntityKind::Org),
            ("منظمة داعش", EntityKind::Org),
            ("داعش المتطرف", EntityKind::Misc),
            ("تنظيم القاعدة الإرهابي", EntityKind::Org),
        ];
        let ents = resolve_with(text, &spans);
        assert_eq!(names(&ents), ["ORG:داعش", "ORG:القاعدة"]);
        assert_eq!(find(&ents, "داعش").mentions.len(), 3);
        // Other words around the name: a name of its own.
        let ents = resolve_with("قال تنظيم داعش ولاية سيناء", &[("تنظيم داعش ولاية سيناء", EntityKind::Org)]);
        assert_ne!(names(&ents), ["ORG:داعش"]);
    }

    #[test]
    fn nouns_alone_are_no_persons_but_names_that_hold_them_are() {
        let text = "لقياس رضا المتعاملين، ولا ريب أن الظهير الأيمن نال رضا الجميع، وقال علي رضا إن نوري المالكي";
        let spans = [
            ("رضا", EntityKind::Pers),
            ("ريب", EntityKind::Pers),
            ("الأيمن", EntityKind::Pers),
            ("علي رضا", EntityKind::Pers),
            ("نوري المالكي", EntityKind::Pers),
        ];
        let mut spans = spans.to_vec();
        // The longer names first, so the helper tags them whole.
        spans.reverse();
        let ents = resolve_with(text, &spans);
        assert_eq!(names(&ents), ["PERS:علي رضا", "PERS:نوري المالكي"]);
        let text = "سقطت قذائف هاون أطلقتها ميليشيا الحوثي، وفي الكواليس";
        let ents = resolve_with(
            text,
            &[("هاون", EntityKind::Misc), ("ميليشيا", EntityKind::Misc), ("الكواليس", EntityKind::Misc)],
        );
        // The militia's name is found by the alias table; the nouns are none.
        assert_eq!(names(&ents), ["ORG:الحوثيين"]);
    }

    #[test]
    fn the_late_king_the_king_of_jordan_and_the_prophet() {
        let text = "افتتح الملك عبد الله مشروع التوسعة، واستقبل العاهل الأردني الملك عبدالله الثاني الوفد";
        let ents = resolve_with(text, &[("عبد الله", EntityKind::Pers), ("الملك عبدالله الثاني", EntityKind::Pers)]);
        let found = names(&ents);
        assert!(found.contains(&"PERS:الملك عبدالله بن عبدالعزيز".to_string()), "{found:?}");
        assert!(found.contains(&"PERS:الملك عبدالله الثاني".to_string()), "{found:?}");
        let ents = resolve_with("قال رسول الله صلى الله عليه وسلم، وفي سيرة النبي محمد", &[("محمد", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["PERS:النبي محمد"]);
        assert_eq!(find(&ents, "النبي محمد").mentions.len(), 2);
        // Nouns and formulae the tagger took for names.
        let text = "يشعر المدرب بالرضا، وبعد توفيق الله نجحت الخطة";
        let ents = resolve_with(text, &[("الرضا", EntityKind::Pers), ("توفيق الله", EntityKind::Pers)]);
        assert_eq!(names(&ents), Vec::<String>::new());
    }

    #[test]
    fn a_name_that_starts_with_kaf_alef_lam_keeps_it() {
        let ents = resolve_with("اندلعت حرائق في كاليفورنيا", &[("كاليفورنيا", EntityKind::Loc)]);
        assert_eq!(names(&ents), ["LOC:كاليفورنيا"]);
        let ents = resolve_with("قال فان غال إن الفريق جاهز", &[("فان غال", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["PERS:فان غال"]);
        // ... while a clitic before the article is still split off.
        let ents = resolve_with("وصل الوفد كالعادة إلى والصين", &[("والصين", EntityKind::Loc)]);
        assert_eq!(names(&ents), ["LOC:الصين"]);
    }

    #[test]
    fn capitals_are_places_where_they_are_places_and_states_where_they_act() {
        let text = "عقد الاجتماع في الرياض وافتتح معرض بالرياض. وأعلنت الرياض دعمها، ورحبت واشنطن بذلك. \
                    وتعمل طوكيو مع واشنطن، ووصل الوفد إلى واشنطن.";
        let ents = resolve_with(text, &[]);
        let texts = |canonical: &str| -> Vec<String> {
            find(&ents, canonical).mentions.iter().map(|m| m.text.clone()).collect()
        };
        assert_eq!(texts("الرياض"), ["الرياض", "الرياض"], "in/at Riyadh: the city");
        assert_eq!(texts("السعودية"), ["الرياض"], "Riyadh announced: the state");
        assert_eq!(texts("الولايات المتحدة"), ["واشنطن", "واشنطن"], "Washington welcomed; with Washington");
        assert_eq!(texts("واشنطن"), ["واشنطن"], "arrived in Washington: the city");
        assert_eq!(texts("اليابان"), ["طوكيو"]);
    }

    #[test]
    fn a_shared_name_takes_its_second_sense_after_a_cue_or_with_its_vowels() {
        let text = "وصل الوفد إلى العاصمة الأردنية عمان أمس وزار أمانة عمان الكبرى ثم توجه إلى سلطنة عمان. \
                    وأعلنت عمان دعمها. وفي عمّان التقى الوزير نظيره.";
        let ents = resolve_with(text, &[("عمان", EntityKind::Loc)]);
        let texts = |canonical: &str| -> Vec<String> {
            find(&ents, canonical).mentions.iter().map(|m| m.text.clone()).collect()
        };
        assert_eq!(texts("عمّان (الأردن)"), ["عمان", "عمان", "عمّان"], "{:?}", names(&ents));
        assert_eq!(texts("عمان"), ["سلطنة عمان", "عمان"], "Oman stays Oman: {:?}", names(&ents));
        assert_ne!(find(&ents, "عمّان (الأردن)").id, find(&ents, "عمان").id);
        // Without Oman named in full, the bare mentions follow the cue.
        let text = "وصل الوفد إلى العاصمة الأردنية عمان أمس. وفي عمان التقى الوزير نظيره الأردني.";
        let ents = resolve_with(text, &[("عمان", EntityKind::Loc)]);
        assert_eq!(find(&ents, "عمّان (الأردن)").mentions.len(), 2, "{:?}", names(&ents));
        assert!(ents.iter().all(|e| e.canonical != "عمان"), "{:?}", names(&ents));
    }

    #[test]
    fn unknown_names_fold_and_shorten() {
        let text = "التقى فلاديسلاف كوفالينكو بالوزير. وقال كوفالينكو إن فلاديسلاف كوفلينكو سيعود.";
        let ents = resolve_with(
            text,
            &[
                ("فلاديسلاف كوفالينكو", EntityKind::Pers),
                ("كوفالينكو", EntityKind::Pers),
                ("فلاديسلاف كوفلينكو", EntityKind::Pers),
            ],
        );
        assert_eq!(ents.len(), 1, "{:?}", names(&ents));
        assert_eq!(ents[0].mentions.len(), 3);
        assert_eq!(ents[0].canonical, "فلاديسلاف كوفالينكو");
    }

    #[test]
    fn diacritics_tatweel_persian_letters() {
        let text = "زار كیم جـونـغ أُون اليابانَ";
        let ents = resolve_with(text, &[]);
        let k = find(&ents, "كيم جونج أون");
        assert_eq!(k.mentions[0].text, "كیم جـونـغ أُون");
        find(&ents, "اليابان");
    }

    #[test]
    fn roles_bind_to_named_person() {
        let text = "قال الرئيس الأمريكي دونالد ترامب إن العلاقات جيدة. وأكد رئيس البيت الأبيض ذلك. \
                    وقال الزعيم الأمريكي إن شيجيرو إيشيبا، رئيس الوزراء الياباني، وافق. \
                    ورحب رئيس الحكومة اليابانية بذلك.";
        let ents = resolve_with(text, &[("شيجيرو إيشيبا", EntityKind::Pers)]);
        let t = find(&ents, "دونالد ترامب");
        let roles: Vec<&str> =
            t.mentions.iter().filter(|m| m.via == MentionVia::Role).map(|m| m.text.as_str()).collect();
        assert_eq!(roles, ["الرئيس الأمريكي", "رئيس البيت الأبيض", "الزعيم الأمريكي"]);
        let i = find(&ents, "شيجيرو إيشيبا");
        let roles: Vec<&str> =
            i.mentions.iter().filter(|m| m.via == MentionVia::Role).map(|m| m.text.as_str()).collect();
        assert_eq!(roles, ["رئيس الوزراء الياباني", "رئيس الحكومة اليابانية"]);
        // The White House is still named; the adjectives inside roles are not
        // mentions of their countries.
        find(&ents, "البيت الأبيض");
        assert!(ents.iter().all(|e| e.canonical != "اليابان"));
    }

    #[test]
    fn names_run_together_are_split() {
        // A tag line: two known names in one tagged span.
        let ents = resolve_with("كلمات دلالية: ترامب كيم جونج أون", &[("ترامب كيم جونج أون", EntityKind::Pers)]);
        assert_eq!(names(&ents), ["PERS:دونالد ترامب", "PERS:كيم جونج أون"]);
        // A club, then its president: the corpus says فهد begins names (and
        // "رئيس نادي الهلال" is his role, so he is mentioned first).
        let text = "وقال رئيس نادي الهلال فهد المفرج إن الفريق جاهز.";
        let ents = resolve_with(text, &[("نادي الهلال فهد المفرج", EntityKind::Org)]);
        assert_eq!(names(&ents), ["PERS:فهد المفرج", "ORG:الهلال"]);
        // One name that merely contains a known one stays whole, and so do
        // a tournament named after two places and a club after its city.
        let ents = resolve_with("زار جامعة الملك سعود", &[("جامعة الملك سعود", EntityKind::Org)]);
        assert_eq!(names(&ents), ["ORG:جامعة الملك سعود"]);
        let ents = resolve_with("انطلقت بطولة كوبا أميركا أمس", &[("كوبا أميركا", EntityKind::Misc)]);
        assert_eq!(names(&ents), ["MISC:كوبا أمريكا"]);
        // Tagged a place, as the model mostly does: the alias table knows
        // the tournament.
        let ents = resolve_with("انطلقت بطولة كوبا أميركا أمس", &[("كوبا أميركا", EntityKind::Loc)]);
        assert_eq!(names(&ents), ["MISC:كوبا أمريكا"]);
        let ents = resolve_with("لعب مع نيويورك ريد بولز", &[("نيويورك ريد بولز", EntityKind::Org)]);
        assert_eq!(names(&ents), ["ORG:نيويورك ريد بولز"]);
    }

    #[test]
    fn unbound_roles_are_left_out() {
        let ents = resolve_with("قال الرئيس الروسي إن الحرب ستنتهي", &[]);
        assert!(ents.iter().all(|e| e.kind != EntityKind::Pers), "{:?}", names(&ents));
    }

    #[test]
    fn a_name_that_starts_inside_a_phrase_that_is_never_one_is_none() {
        let ents = resolve_with(
            "أكد حرصه على حسن الجوار ولحسن الحظ التقى حسن الترابي",
            &[("حسن الترابي", EntityKind::Pers), ("لحسن الحظ", EntityKind::Pers), ("حسن", EntityKind::Pers)],
        );
        assert_eq!(names(&ents), ["PERS:حسن الترابي"], "{ents:?}");
    }

    #[test]
    fn a_definite_place_without_its_article_is_no_place() {
        let ents = resolve_with("دعا أن يمن الله عليهم بالشفاء ثم سافر إلى اليمن ولليمن", &[("يمن", EntityKind::Loc)]);
        let yemen = find(&ents, "اليمن");
        assert_eq!(yemen.mentions.len(), 2, "{ents:?}");
        assert!(yemen.mentions.iter().all(|m| m.text != "يمن"));
    }

    #[test]
    fn nationality_adjectives_are_countries() {
        let ents = resolve_with("انتشرت القوات اليابانية والسفن الصينية قرب السواحل الكورية الشمالية", &[]);
        let j = find(&ents, "اليابان");
        assert_eq!(j.mentions[0].via, MentionVia::Nationality);
        find(&ents, "الصين");
        find(&ents, "كوريا الشمالية");
    }

    #[test]
    fn longer_tagged_names_keep_their_reading() {
        let ents = resolve_with("درس في جامعة القاهرة", &[("جامعة القاهرة", EntityKind::Org)]);
        assert_eq!(names(&ents), ["ORG:جامعة القاهرة"]);
    }

    #[test]
    fn ambiguous_aliases_need_the_tagger() {
        let ents = resolve_with("استقبلوه بحماس كبير", &[]);
        assert!(ents.is_empty(), "{:?}", names(&ents));
        let ents = resolve_with("قالت حماس إن", &[("حماس", EntityKind::Org)]);
        assert_eq!(names(&ents), ["ORG:حماس"]);
    }

    #[test]
    fn ambiguous_places_in_a_list_of_places() {
        // لحج, حجة and إب are marked ambiguous (للحج "for the Hajj", حجة
        // "argument"); beside places the text names for sure, they are
        // places, down the list.
        let ents = resolve_with("غارات على عدن ولحج وأبين", &[]);
        assert_eq!(names(&ents), ["LOC:عدن", "LOC:لحج", "LOC:أبين"]);
        let ents = resolve_with("في محافظات صعدة، حجة وإب", &[]);
        assert_eq!(names(&ents), ["LOC:صعدة", "LOC:حجة", "LOC:إب"]);
        // Alone, or beside a common word, they stay words.
        let ents = resolve_with("وصل الحجاج للحج والعمرة", &[]);
        assert!(ents.is_empty(), "{:?}", names(&ents));
        let ents = resolve_with("رفض الطلب بحجة ضيق الوقت في الرياض", &[]);
        assert_eq!(names(&ents), ["LOC:الرياض"]);
    }

    #[test]
    fn ids_are_stable_across_spellings() {
        assert_eq!(entity_id(EntityKind::Pers, "كيم جونج أون"), entity_id(EntityKind::Pers, "كيم جونغ أون"));
        assert_ne!(entity_id(EntityKind::Pers, "كيم جونج أون"), entity_id(EntityKind::Loc, "كيم جونج أون"));
        // Places and organisations keep their alefs: names that differ by
        // one are different places, not spellings of one.
        assert_ne!(entity_id(EntityKind::Loc, "المنيا"), entity_id(EntityKind::Loc, "ألمانيا"));
        assert_ne!(entity_id(EntityKind::Loc, "السويداء"), entity_id(EntityKind::Loc, "السويد"));
        assert_ne!(entity_id(EntityKind::Org, "الأنصار"), entity_id(EntityKind::Org, "النصر"));
        // ... while their transliteration and hamza variants still meet.
        assert_eq!(entity_id(EntityKind::Loc, "بيونج يانج"), entity_id(EntityKind::Loc, "بيونغ يانغ"));
        assert_eq!(entity_id(EntityKind::Loc, "الإمارات"), entity_id(EntityKind::Loc, "الامارات"));
        // An organisation or other name of one word, with or without the
        // article, is one name; a place, a longer name, or a word that the
        // article's `ل` doubles (`اللجنة`, not `جنة`) keeps it, and so does
        // an organisation whose other form is a common word of its own.
        assert_eq!(entity_id(EntityKind::Org, "التويتر"), entity_id(EntityKind::Org, "تويتر"));
        assert_eq!(entity_id(EntityKind::Org, "الأهلي"), entity_id(EntityKind::Org, "أهلي"));
        assert_ne!(entity_id(EntityKind::Org, "أبل"), entity_id(EntityKind::Org, "الإبل"));
        assert_ne!(entity_id(EntityKind::Org, "القاعدة"), entity_id(EntityKind::Org, "قاعدة"));
        assert_eq!(entity_id(EntityKind::Misc, "الفيتو"), entity_id(EntityKind::Misc, "فيتو"));
        assert_eq!(entity_id(EntityKind::Misc, "الإسلام"), entity_id(EntityKind::Misc, "اسلام"));
        assert_ne!(entity_id(EntityKind::Loc, "العين"), entity_id(EntityKind::Loc, "عين"));
        assert_ne!(entity_id(EntityKind::Org, "اللجنة"), entity_id(EntityKind::Org, "جنة"));
        assert_ne!(entity_id(EntityKind::Misc, "الحرب الباردة"), entity_id(EntityKind::Misc, "حرب الباردة"));
        assert_ne!(entity_id(EntityKind::Org, "الفاو"), entity_id(EntityKind::Org, "فو"));
    }

    #[test]
    fn skip_letters_counts_letters_not_marks() {
        assert_eq!(skip_letters("وَترامب", 1), "وَ".len());
        assert_eq!(skip_letters("بـواشنطن", 1), "بـ".len());
        assert_eq!(skip_letters("و", 3), "و".len());
    }
}
