//! Cleanup of article text as Arabic publishers write it: datelines, bylines,
//! end markers, tag lists, self-links, contact and credit lines.
//!
//! Everything removed goes to [`Article::removed`] with its kind:
//!
//! | kind | what | example |
//! | --- | --- | --- |
//! | `dateline` | place, dates and agency opening the text | `أبها 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس` |
//! | `byline` | place / outlet / agency / reporter glued to the text, or taken out of the author field | `سبق- الشرقية:`, `عين اليوم – مانيلا`, author `واشنطن - أ ف ب` |
//! | `end_marker` | wire end markers and dispatch times | `// انتهى //`, `// يتبع //`, `16:54 ت م` |
//! | `tags` | a trailing tag list (also kept in `publisher_tags`) | `سمات العراق تفجير مقتل` |
//! | `self_link` | a link to the article itself | `رابط الخبر بصحيفة الوئام: …` |
//! | `read_also_inline` | an inline "read also" line | `اقرأ أيضاً: …` |
//! | `source_credit` | who the text comes from (also kept in `original_publisher`) | `المصدر: صدى البلد`, `* خدمة «نيويورك تايمز»` |
//! | `contact` | the writer's contact line | an e-mail alone on the last line, `للتواصل …` |
//! | `title_label` | wire labels in the headline (also kept in `section`) | `عام / …`, `… إضافة أولى وأخيرة` |
//!
//! The structured result is [`Article::dateline`] (`place`, `agency`,
//! `dates`, `day`), the reporter's name in [`Article::author`], and, when a
//! dateline names a day and the article has no publication time of its own,
//! [`Article::published_at`] (day precision, or minute precision when an SPA
//! end marker gives the dispatch time in Makkah time).

use crate::dates::{fold, hijri_month_at, hijri_to_gregorian, hijri_year, month_at, parse_publication_date};
use crate::lexicon::{self, agency, is_credit, is_place, place_prefix};
use crate::text::{collapse_spaces, decode_entities, head_spans, is_dash, is_sentence_punct, tail_spans, word_spans};
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use marsad_model::{Article, Boilerplate, DatePrecision, Dateline};

/// Longest text (in bytes) a byline can be; longer author fields are kept as they are.
const MAX_BYLINE: usize = 160;

/// One part of a byline, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A place (`الرياض`, `مكة المكرمة`).
    Place(String),
    /// A news agency, canonical name (`واس`, `أ ف ب`).
    Agency(String),
    /// The outlet itself or a credit word (`«الشرق الأوسط»`, `متابعات`, `سبق`).
    Outlet(String),
    /// A person's name.
    Person(String),
    /// A date as written.
    Date(String),
}

/// A byline split into its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Byline {
    /// The parts in order.
    pub segments: Vec<Segment>,
}

impl Byline {
    /// First place named.
    pub fn place(&self) -> Option<&str> {
        self.segments.iter().find_map(|s| if let Segment::Place(p) = s { Some(p.as_str()) } else { None })
    }
    /// First agency named.
    pub fn agency(&self) -> Option<&str> {
        self.segments.iter().find_map(|s| if let Segment::Agency(p) = s { Some(p.as_str()) } else { None })
    }
    /// The reporter (first person named; a list of names, `هاني زايد، صفوت عمران`, is one).
    pub fn person(&self) -> Option<&str> {
        self.segments.iter().find_map(|s| if let Segment::Person(p) = s { Some(p.as_str()) } else { None })
    }

    /// Dates as written.
    pub fn dates(&self) -> Vec<String> {
        self.segments.iter().filter_map(|s| if let Segment::Date(p) = s { Some(p.clone()) } else { None }).collect()
    }
    /// True when the byline says more than a name: a place, an agency, an outlet or a date.
    pub fn is_structured(&self) -> bool {
        self.segments.iter().any(|s| !matches!(s, Segment::Person(_)))
    }
}

fn trim_seg(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || is_dash(c)
            || matches!(c, ':' | '|' | '/' | '،' | ',' | '\u{a0}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}')
    })
}

/// Split a byline into raw parts: on dashes, colons, `|`, a lone tatweel, and
/// parentheses (`عكاظ (جدة)`); ` من ` before a place (`«الاقتصادية» من الرياض`).
fn raw_parts(s: &str) -> Vec<(String, bool)> {
    // (text, was_in_parentheses)
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut cur = String::new();
    let mut in_paren = false;
    let flush = |cur: &mut String, parts: &mut Vec<(String, bool)>, paren: bool| {
        let t = trim_seg(cur);
        if !t.is_empty() {
            parts.push((collapse_spaces(t), paren));
        }
        cur.clear();
    };
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev_space = i == 0 || chars[i - 1].is_whitespace();
        let next_space = i + 1 >= chars.len() || chars[i + 1].is_whitespace();
        match c {
            '(' | ')' | '[' | ']' => {
                flush(&mut cur, &mut parts, in_paren);
                in_paren = c == '(' || c == '[';
            }
            '|' | ':' => flush(&mut cur, &mut parts, in_paren),
            c if is_dash(c) => flush(&mut cur, &mut parts, in_paren),
            // A tatweel standing alone is a dash (`الرياضي ـ جدة`); inside a word it stretches it.
            'ـ' if prev_space || next_space => flush(&mut cur, &mut parts, in_paren),
            _ => cur.push(c),
        }
    }
    flush(&mut cur, &mut parts, in_paren);
    // «X» من PLACE
    let mut out = Vec::new();
    for (p, paren) in parts {
        if let Some((a, b)) = p.split_once(" من ") {
            if is_place(b) {
                out.push((a.trim().to_string(), paren));
                out.push((b.trim().to_string(), paren));
                continue;
            }
        }
        out.push((p, paren));
    }
    out
}

fn looks_like_outlet(s: &str) -> bool {
    let k = lexicon::key(s);
    s.contains(['«', '»', '"', '“', '”'])
        || k.ends_with(" الالكترونيه")
        || k.ends_with(" الالكتروني")
        || k.ends_with(" اونلاين")
        || k.starts_with("صحيفه ")
        || k.starts_with("جريده ")
        || k.starts_with("موقع ")
}

/// Split and classify a byline (an author field, or a byline found in the text).
///
/// Returns `None` when the text is not a byline: too long, sentence
/// punctuation, or a part of more than four words.
pub fn parse_byline(s: &str) -> Option<Byline> {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if s.is_empty() || s.len() > MAX_BYLINE {
        return None;
    }
    let mut segs = Vec::new();
    // A `|` part that is a whole date ("Tuesday, 11 August 2015 - 16:00 pm") stays whole.
    let mut rest = String::new();
    for part in s.split('|') {
        let p = part.trim();
        if p.chars().any(|c| c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c)) && date_in(p).is_some() {
            segs.push((Segment::Date(collapse_spaces(p)), false));
        } else {
            if !rest.is_empty() {
                rest.push('|');
            }
            rest.push_str(p);
        }
    }
    let mut parts: Vec<(String, bool)> = Vec::new();
    for (p, paren) in raw_parts(&rest) {
        // A list of names: `هاني زايد، صفوت عمران` stays one part (the
        // reporters); `الوطن، الوكالات` splits.
        let subs: Vec<&str> = p.split(['،', ',']).map(str::trim).filter(|x| !x.is_empty()).collect();
        let all_names = subs.len() > 1
            && subs.iter().all(|x| {
                let n = x.split_whitespace().count();
                (2..=4).contains(&n) && agency(x).is_none() && !is_place(x) && !is_credit(x) && !looks_like_outlet(x)
            });
        if all_names {
            parts.push((subs.join("، "), paren));
            continue;
        }
        for sub in subs {
            // Interface words glued before a name (`Next Previous حامد السلمي`).
            let words: Vec<&str> = sub.split_whitespace().collect();
            let latin = |w: &str| {
                w.chars().any(|c| c.is_ascii_alphabetic()) && !w.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
            };
            let k = words.iter().take_while(|w| latin(w)).count();
            if k > 0 && k < words.len() {
                parts.push((words[..k].join(" "), paren));
                parts.push((words[k..].join(" "), paren));
            } else {
                parts.push((sub.to_string(), paren));
            }
        }
    }
    let n_parts = parts.len();
    let mut classified: Vec<(Option<Segment>, String, bool, usize)> = Vec::new();
    for (idx, (p, paren)) in parts.into_iter().enumerate() {
        if p.chars().any(|c| matches!(c, '.' | '!' | '?' | '؟' | ';' | '؛')) && agency(&p).is_none() {
            return None;
        }
        let words = p.split_whitespace().count();
        if words > 4 && !p.contains('،') {
            return None;
        }
        // `جدة واس`: a place and an agency with no separator.
        let ws: Vec<&str> = p.split_whitespace().collect();
        if ws.len() >= 2 && agency(&p).is_none() && !is_place(&p) {
            if let Some(n) = place_prefix(&ws).filter(|&n| n < ws.len()) {
                if let Some(a) = agency(&ws[n..].join(" ")) {
                    classified.push((Some(Segment::Place(ws[..n].join(" "))), p.clone(), paren, idx));
                    classified.push((Some(Segment::Agency(a.to_string())), p.clone(), paren, idx));
                    continue;
                }
            }
        }
        let seg = if let Some(a) = agency(&p) {
            Some(Segment::Agency(a.to_string()))
        } else if looks_like_outlet(&p) {
            Some(Segment::Outlet(p.clone()))
        } else if is_place(&p) {
            Some(Segment::Place(p.clone()))
        } else if is_credit(&p) || p.chars().any(|c| c.is_ascii_alphabetic()) {
            Some(Segment::Outlet(p.clone()))
        } else if words >= 2 {
            Some(Segment::Person(p.clone()))
        } else {
            None // one unknown word: outlet or place, decided below
        };
        classified.push((seg, p, paren, idx));
    }
    let has_place = classified.iter().any(|(s, ..)| matches!(s, Some(Segment::Place(_))));
    let has_agency = classified.iter().any(|(s, ..)| matches!(s, Some(Segment::Agency(_))));
    // `أبها: الوطن`: the first part ends at the colon.
    let colon_after_first = s.split_once(':').map(|(a, _)| {
        let a = a.trim();
        !a.is_empty() && a.split_whitespace().count() <= 3 && !a.chars().any(|c| is_dash(c) || c == '(' || c == '|')
    });
    for (seg, p, paren, idx) in classified {
        let seg = match seg {
            Some(s) => s,
            None => {
                // `عكاظ (جدة)`: the word in parentheses is the place; `أبها: الوطن`:
                // a first word before a colon is the place.
                let is_place_like = (paren && !has_place)
                    || (idx == 0 && colon_after_first == Some(true) && !has_place && n_parts > 1)
                    || (has_agency && !has_place && n_parts == 2);
                if is_place_like {
                    Segment::Place(p)
                } else {
                    Segment::Outlet(p)
                }
            }
        };
        segs.push((seg, false));
    }
    if segs.is_empty() {
        return None;
    }
    Some(Byline { segments: segs.into_iter().map(|(s, _)| s).collect() })
}

fn date_in(s: &str) -> Option<chrono::DateTime<Utc>> {
    parse_publication_date(s).map(|p| p.utc)
}

/// A dateline at the head of a paragraph, SPA style:
/// `PLACE D HIJRI-MONTH YYYY هـ [الموافق] D MONTH YYYY م [AGENCY]`, also
/// with only one of the two dates. Returns the dateline and how many bytes
/// of `p` it covers (separators after it included).
pub fn parse_head_dateline(p: &str) -> Option<(Dateline, usize)> {
    let spans = head_spans(p, 40);
    if spans.len() < 3 {
        return None;
    }
    // Quick check: a day number among words 2–5.
    let is_num = |w: &str| {
        w.chars().count() <= 2
            && w.chars().all(|c| {
                c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
            })
    };
    if !spans.iter().skip(1).take(4).any(|&(a, b)| is_num(&p[a..b])) {
        return None;
    }
    let words: Vec<String> = spans.iter().take(40).map(|&(a, b)| fold(&p[a..b])).collect();
    let wref: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
    // The place: 1–4 words before the first day number.
    let first_num = (1..=4.min(wref.len() - 1)).find(|&i| day_number(wref[i]).is_some())?;
    let place_words = &wref[..first_num];
    if place_words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit() || is_sentence_punct(c))) {
        return None;
    }
    let mut i = first_num;
    let mut dates: Vec<String> = Vec::new();
    let mut greg: Option<NaiveDate> = None;
    let mut hijri: Option<NaiveDate> = None;
    let mut end_word = 0usize; // index one past the last word consumed
    while let Some(d) = wref.get(i).and_then(|w| day_number(w)) {
        let start = i;
        if let Some((m, span)) = (i + 1 < wref.len()).then(|| hijri_month_at(&wref, i + 1)).flatten() {
            let Some(y) = wref.get(i + 1 + span).and_then(|w| hijri_year(w)) else { break };
            i += 2 + span;
            if wref.get(i).is_some_and(|w| *w == "ه" || *w == "هـ") {
                i += 1;
            }
            hijri = hijri.or_else(|| hijri_to_gregorian(y, m, d as u8));
        } else if let Some((m, span)) = (i + 1 < wref.len()).then(|| month_at(&wref, i + 1)).flatten() {
            let Some(y) = wref.get(i + 1 + span).and_then(|w| w.trim_end_matches('م').parse::<i32>().ok()) else {
                break;
            };
            if !(1800..=2200).contains(&y) {
                break;
            }
            i += 2 + span;
            if wref.get(i).is_some_and(|w| *w == "م") {
                i += 1;
            }
            greg = greg.or_else(|| NaiveDate::from_ymd_opt(y, m, d));
        } else {
            break;
        }
        dates.push(collapse_spaces(&p[spans[start].0..spans[i - 1].1]));
        end_word = i;
        // Joiners between the two dates.
        if wref.get(i).is_some_and(|w| matches!(*w, "الموافق" | "الموافق:" | "-" | "/" | "–" | "ـ")) {
            i += 1;
        }
    }
    if dates.is_empty() {
        return None;
    }
    // Optional agency after the dates (up to three words: `أ ف ب`).
    let mut agency_name: Option<&'static str> = None;
    let mut j = end_word;
    while j < wref.len() && wref[j].chars().all(|c| is_dash(c) || c == ':' || c == '(' || c == 'ـ') {
        j += 1;
    }
    for n in (1..=3).rev() {
        if j + n <= spans.len() {
            let cand = &p[spans[j].0..spans[j + n - 1].1];
            if let Some(a) = agency(cand) {
                agency_name = Some(a);
                end_word = j + n;
                break;
            }
        }
    }
    let place_text = collapse_spaces(&p[spans[0].0..spans[first_num - 1].1]);
    let place_text = trim_seg(&place_text).to_string();
    // Be sure it is a dateline and not a sentence that starts with a date:
    // a known place, a Hijri date, or an agency.
    let known_place = place_prefix(place_words).is_some_and(|n| n == place_words.len()) || is_place(&place_text);
    if !(known_place || hijri.is_some() || agency_name.is_some()) || place_text.is_empty() {
        return None;
    }
    let mut end = spans[end_word - 1].1;
    // Swallow separators right after (`:`, `-`, `)`).
    let rest = &p[end..];
    let skip: usize = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_whitespace() || is_dash(c) || matches!(c, ':' | ')' | 'ـ' | '\u{a0}')))
        .map_or(rest.len(), |(k, _)| k);
    end += skip;
    let dl = Dateline {
        place: Some(place_text),
        agency: agency_name.map(str::to_string),
        dates,
        day: greg.or(hijri),
        raw: collapse_spaces(p[..end].trim_end_matches(|c: char| c.is_whitespace() || is_dash(c) || c == ':')),
    };
    Some((dl, end))
}

fn day_number(w: &str) -> Option<u32> {
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// A glued byline at the head of `p`: `سبق- الرياض: …`, `عبدالله البرقاوي- سبق- الرياض: …`,
/// `عين اليوم – مانيلا …`, `عبدالرحمن الشهري - نجران صرح …`, or a whole short
/// paragraph `داليا أبوالعيش – عين اليوم`. Returns the byline text, the parsed
/// byline and the bytes it covers.
pub fn parse_head_byline(p: &str, whole_paragraph_ok: bool) -> Option<(String, Byline, usize)> {
    let spans = head_spans(p, 12);
    if spans.is_empty() {
        return None;
    }
    // 1. Up to a colon within the first seven words, with a dash before it.
    let limit = spans.len().min(8);
    let head_end = spans[limit - 1].1;
    if let Some(colon) = p[..head_end].find(':') {
        let head = &p[..colon];
        let has_dash = head.chars().any(|c| is_dash(c) || c == 'ـ') || head.contains('(');
        let n_words = head.split_whitespace().count();
        if has_dash
            && (1..=7).contains(&n_words)
            && !head.chars().any(|c| matches!(c, '.' | '،' | '؟' | '!' | '"' | '«'))
        {
            if let Some(b) = parse_byline(head) {
                if b.segments.len() >= 2 {
                    let end = colon + ':'.len_utf8();
                    return Some((head.trim().to_string(), b, end));
                }
            }
        }
    }
    // 2. A whole short paragraph made of 2–3 dash-separated parts.
    if whole_paragraph_ok && spans.len() <= 7 && !p.chars().any(|c| is_sentence_punct(c) || c.is_ascii_digit()) {
        let dashes = p.chars().filter(|&c| is_dash(c)).count() + count_lone_tatweel(p);
        if (1..=2).contains(&dashes) {
            if let Some(b) = parse_byline(p) {
                if (2..=3).contains(&b.segments.len()) {
                    return Some((p.trim().to_string(), b, p.len()));
                }
            }
        }
    }
    // 3. `WHO – PLACE text…` with no colon: up to three words, a dash, then a
    //    known place, agency or credit word, then the text.
    let mut dash_at = None;
    for (k, &(a, b)) in spans.iter().enumerate().take(5) {
        let w = &p[a..b];
        if w.chars().all(|c| is_dash(c) || c == 'ـ') {
            dash_at = Some((k, k + 1, b));
            break;
        }
        if w.ends_with(is_dash) && w.chars().count() > 1 {
            dash_at = Some((k + 1, k + 1, b));
            break;
        }
    }
    let (n_before, after_idx, _) = dash_at?;
    if !(1..=3).contains(&n_before) || after_idx >= spans.len() {
        return None;
    }
    let before = &p[..spans[n_before - 1].1];
    if before.chars().any(|c| is_sentence_punct(c) || c.is_ascii_digit() || c == '"' || c == '«') {
        return None;
    }
    let after_words: Vec<&str> = spans[after_idx..].iter().take(4).map(|&(a, b)| &p[a..b]).collect();
    let n_after = place_prefix(&after_words)
        .or_else(|| (1..=3.min(after_words.len())).rev().find(|&n| agency(&after_words[..n].join(" ")).is_some()))
        .or_else(|| is_credit(after_words[0]).then_some(1))?;
    // The text must go on after the byline (`داليا أبوالعيش – عين اليوم` glued
    // to the text is not taken: the outlet as two unknown words is no evidence).
    if after_idx + n_after >= spans.len() && !whole_paragraph_ok {
        return None;
    }
    let end = spans[after_idx + n_after - 1].1;
    let head = &p[..end];
    let b = parse_byline(head)?;
    let end = end
        + p[end..]
            .char_indices()
            .find(|&(_, c)| !(c.is_whitespace() || c == ':' || c == '\u{a0}'))
            .map_or(p.len() - end, |(k, _)| k);
    Some((head.trim().to_string(), b, end))
}

fn count_lone_tatweel(p: &str) -> usize {
    p.split_whitespace().filter(|w| w.chars().all(|c| c == 'ـ')).count()
}

/// Labels of self-links.
const SELF_LINK: &[&str] = &[
    "رابط الخبر",
    "رابط المقال",
    "رابط الموضوع",
    "الرابط المختصر",
    "رابط مختصر",
    "رابط دائم",
    "الرابط الدائم",
    "رابط المادة",
];
/// Labels of inline read-also lines.
const READ_ALSO: &[&str] = &[
    "اقرا ايضا",
    "اقرا ايضاً",
    "اقرا كذلك",
    "اقرا المزيد",
    "شاهد ايضا",
    "طالع ايضا",
    "اقرا ايضا في",
    "مواضيع ذات صلة",
    "اخبار ذات صلة",
    "ذات صلة",
    "قد يهمك ايضا",
];
/// Labels of tag lists.
const TAG_LABELS: &[&str] =
    &["كلمات دلاليه", "الكلمات الدلاليه", "وسوم", "الوسوم", "كلمات مفتاحيه", "الكلمات المفتاحيه", "tags", "سمات"];
/// Labels of credit lines.
const CREDIT_LABELS: &[&str] = &["المصدر", "مصدر الخبر", "المصدر الاصلي", "نقلا عن", "source"];

/// Folded label keys, and the folded first words of all labels (a cheap pre-filter).
struct Labels {
    keys: Vec<String>,
    first_words: std::collections::HashSet<String>,
    max_words: usize,
}

impl Labels {
    fn new(labels: &[&str]) -> Self {
        let keys: Vec<String> = labels.iter().map(|l| lexicon::key(l).replace('ً', "")).collect();
        let first_words = keys.iter().filter_map(|k| k.split(' ').next().map(str::to_string)).collect();
        let max_words = keys.iter().map(|k| k.split(' ').count()).max().unwrap_or(1);
        Labels { keys, first_words, max_words }
    }
}

fn labels(which: &[&str]) -> &'static Labels {
    use std::sync::OnceLock;
    static SELF: OnceLock<Labels> = OnceLock::new();
    static READ: OnceLock<Labels> = OnceLock::new();
    static TAGS: OnceLock<Labels> = OnceLock::new();
    static CREDIT: OnceLock<Labels> = OnceLock::new();
    let (cell, list) = match which.first().copied() {
        Some(x) if x == SELF_LINK[0] => (&SELF, SELF_LINK),
        Some(x) if x == READ_ALSO[0] => (&READ, READ_ALSO),
        Some(x) if x == TAG_LABELS[0] => (&TAGS, TAG_LABELS),
        _ => (&CREDIT, CREDIT_LABELS),
    };
    cell.get_or_init(|| Labels::new(list))
}

fn starts_with_label<'a>(p: &'a str, which: &[&str]) -> Option<&'a str> {
    // Compare the folded first words with each label; the label may end in a colon.
    let l = labels(which);
    let spans = head_spans(p, l.max_words);
    let (a, b) = *spans.first()?;
    if b - a > 40 || !l.first_words.contains(&lexicon::key(&p[a..b]).replace('ً', "")) {
        return None;
    }
    for n in (1..=l.max_words.min(spans.len())).rev() {
        let head = &p[..spans[n - 1].1];
        let k = lexicon::key(head).replace('ً', "");
        if l.keys.contains(&k) {
            let rest = &p[spans[n - 1].1..];
            let rest = rest.trim_start_matches(|c: char| {
                c.is_whitespace() || c == ':' || c == '：' || is_dash(c) || c == '\u{a0}'
            });
            return Some(rest);
        }
    }
    None
}

/// True when `t` opens with a "read also" label (`اقرأ أيضاً`, `شاهد أيضاً` …;
/// not the "related news" headings of widgets).
pub(crate) fn read_also_label(t: &str) -> bool {
    let spans = head_spans(t, 3);
    if spans.is_empty() {
        return false;
    }
    let k = lexicon::key(&t[..spans[spans.len().min(2) - 1].1]).replace('ً', "");
    matches!(k.as_str(), "اقرا ايضا" | "اقرا كذلك" | "شاهد ايضا" | "طالع ايضا" | "اقرا المزيد" | "اقرا")
        && starts_with_label(t, READ_ALSO).is_some()
}

/// `Some(())` when `t` is only a tag-list label (`الوسوم:`).
pub(crate) fn tag_label_only(t: &str) -> Option<()> {
    starts_with_label(t, TAG_LABELS).filter(|r| r.trim().is_empty()).map(|_| ())
}

fn is_end_marker(p: &str) -> bool {
    if p.len() > 60 {
        return false;
    }
    let k: String = p
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '/' | '\\' | '-' | 'ـ' | '(' | ')' | '.' | '*'))
        .collect();
    let k = fold(&k);
    let had_slashes = p.contains('/') || p.contains('-') || p.contains('ـ') || p.contains('(');
    (k == "انتهي" || k == "يتبع" || k == "انتهيالخبر") && (had_slashes || p.trim().chars().count() <= 6)
}

/// `16:54 ت م` (Makkah time) / `16:54 ت غ` (GMT): the wire dispatch time.
fn dispatch_time(p: &str) -> Option<(NaiveTime, i64)> {
    if p.len() > 40 || !p.contains(':') {
        return None;
    }
    let f = fold(p.trim());
    let mut it = f.split_whitespace();
    let hm = it.next()?;
    let rest: String = it.collect::<Vec<_>>().join(" ");
    let offset_h = match rest.as_str() {
        "ت م" | "تم" | "ت.م" => 3,
        "ت غ" | "تغ" | "gmt" => 0,
        _ => return None,
    };
    let (h, m) = hm.split_once(':')?;
    let t = NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)?;
    Some((t, offset_h))
}

fn is_contact_line(p: &str) -> bool {
    let t = p.trim();
    if t.len() > 600 {
        return false;
    }
    let one_token = !t.contains(char::is_whitespace);
    if one_token && t.contains('@') && (t.contains('.') || t.starts_with('@')) {
        return true; // an e-mail or a handle alone
    }
    let k = lexicon::key(t);
    (k.starts_with("للتواصل")
        || k.starts_with("لمراسله الكاتب")
        || k.starts_with("للتواصل مع الكاتب")
        || k.starts_with("تويتر @"))
        && t.chars().count() <= 200
}

/// A syndication credit: `* خدمة «نيويورك تايمز»`, `* بالاتفاق مع «بلومبيرغ»`,
/// `خاص بـ«الشرق الأوسط»`. Returns the publisher named, when it is another one.
fn credit_line(p: &str) -> Option<Option<String>> {
    let t = p.trim().trim_start_matches(|c: char| c == '*' || c.is_whitespace());
    if t.len() > 200 || t.split_whitespace().count() > 8 || t.chars().any(|c| matches!(c, '.' | '،' | '؟')) {
        return None;
    }
    let k = lexicon::key(t);
    let quoted = || {
        let s = t.find(['«', '"', '“'])?;
        let inner = &t[s..];
        let inner = inner.trim_matches(|c: char| matches!(c, '«' | '»' | '"' | '“' | '”') || c.is_whitespace());
        (!inner.is_empty()).then(|| inner.to_string())
    };
    if k.starts_with("خدمه ") || k.starts_with("بالاتفاق مع ") || k.starts_with("بالتعاون مع ")
    {
        return Some(quoted());
    }
    if k.starts_with("خاص ب") {
        return Some(None);
    }
    None
}

/// Clean an article in place (title, author, body), recording every removal.
/// Idempotent: cleaning a cleaned article changes nothing.
pub fn clean_article(a: &mut Article) {
    clean_title(a);
    let author_byline = clean_author(a);
    clean_head(a, author_byline.as_ref());
    let time = clean_tail(a);
    clean_inline(a);
    date_from_dateline(a, time);
}

fn push(a: &mut Article, reason: &str, text: &str) {
    let t = collapse_spaces(text.trim());
    if !t.is_empty() && !a.removed.iter().any(|b| b.reason == reason && b.text == t) {
        a.removed.push(Boilerplate::new(reason, t));
    }
}

fn clean_title(a: &mut Article) {
    let decoded = decode_entities(&a.title);
    if decoded != a.title {
        a.title = collapse_spaces(&decoded);
    }
    // `عام / …`, `سياسي / …`: a one-word category before a slash.
    if let Some((head, rest)) = a.title.split_once(" / ") {
        let head = head.trim();
        if head.split_whitespace().count() == 1
            && !head.chars().any(|c| c.is_ascii_digit())
            && rest.split_whitespace().count() >= 2
        {
            let (h, r) = (head.to_string(), rest.trim().to_string());
            push(a, "title_label", &format!("{h} /"));
            if a.section.is_none() {
                a.section = Some(h);
            }
            a.title = r;
        }
    }
    // `… / إضافة أولى وأخيرة`, `… إضافة ثانية`, `… (تحديث)`
    let spans = word_spans(&a.title);
    if let Some(pos) = spans.iter().rposition(|&(s, e)| matches!(fold(&a.title[s..e]).as_str(), "اضافه" | "اضافة"))
    {
        if pos >= 2 && spans.len() - pos <= 4 {
            let cut = spans[pos].0;
            let label = a.title[cut..].to_string();
            let kept =
                a.title[..cut].trim_end_matches(|c: char| c.is_whitespace() || c == '/' || is_dash(c)).to_string();
            push(a, "title_label", &label);
            a.title = kept;
        }
    }
}

/// Parse the author field; when it holds a place or an agency, move them to
/// the dateline and keep only the person's name as the author.
fn clean_author(a: &mut Article) -> Option<(String, Byline)> {
    let raw = a.author.clone()?;
    let b = parse_byline(&raw)?;
    if !b.is_structured() {
        return Some((raw, b));
    }
    let person = b.person().map(str::to_string);
    if person.as_deref() != Some(raw.as_str()) {
        push(a, "byline", &raw);
        a.author = person;
    }
    merge_dateline(a, &b, &raw);
    Some((raw, b))
}

fn merge_dateline(a: &mut Article, b: &Byline, raw: &str) {
    if b.place().is_none() && b.agency().is_none() && b.dates().is_empty() {
        return;
    }
    let dl = a.dateline.get_or_insert_with(Dateline::default);
    if dl.place.is_none() {
        dl.place = b.place().map(str::to_string);
    }
    if dl.agency.is_none() {
        dl.agency = b.agency().map(str::to_string);
    }
    for d in b.dates() {
        if dl.day.is_none() {
            dl.day = parse_publication_date(&d).map(|p| p.utc.date_naive());
        }
        if !dl.dates.contains(&d) {
            dl.dates.push(d);
        }
    }
    if dl.raw.is_empty() {
        dl.raw = collapse_spaces(raw);
    }
}

fn same_text(x: &str, y: &str) -> bool {
    if x.len() > 2 * y.len() + 16 || y.len() > 2 * x.len() + 16 {
        return false;
    }
    let kx = lexicon::key(x);
    !kx.is_empty() && kx == lexicon::key(y)
}

fn clean_head(a: &mut Article, author: Option<&(String, Byline)>) {
    // Look at the first three paragraphs (a subtitle may come before the byline).
    let mut i = 0;
    let mut seen = 0;
    while i < a.body.len() && seen < 3 {
        seen += 1;
        let p = a.body[i].text.clone();
        // The author field repeated as a paragraph, or glued at the head.
        if let Some((raw, b)) = author {
            if same_text(&p, raw) {
                push(a, "byline", &p);
                a.body.remove(i);
                merge_dateline(a, b, raw);
                continue;
            }
        }
        if let Some((dl, end)) = parse_head_dateline(&p) {
            push(a, "dateline", &p[..end]);
            let rest = p[end..].trim().to_string();
            set_dateline(a, dl);
            if rest.is_empty() {
                a.body.remove(i);
            } else {
                a.body[i].text = rest;
            }
            continue;
        }
        let whole_ok = i + 1 < a.body.len();
        if let Some((text, b, end)) = parse_head_byline(&p, whole_ok) {
            // A byline must carry at least one recognisable part, unless it is a
            // whole short line (then the dashes are evidence enough).
            let whole = end >= p.trim_end().len();
            if b.place().is_some()
                || b.agency().is_some()
                || whole
                || b.segments.iter().any(|s| matches!(s, Segment::Outlet(_)))
            {
                push(a, "byline", &text);
                if a.author.is_none() {
                    a.author = b.person().map(str::to_string);
                }
                merge_dateline(a, &b, &text);
                let rest = p[end.min(p.len())..].trim().to_string();
                if rest.is_empty() {
                    a.body.remove(i);
                } else {
                    a.body[i].text = rest;
                }
                continue;
            }
        }
        // The author field glued at the head (`سبق- الرياض: …`) when the
        // general byline rules above did not take it.
        if let Some((raw, b)) = author {
            let n = raw.split_whitespace().count();
            let spans = head_spans(&p, n + 1);
            if n > 0 && spans.len() > n && same_text(&p[..spans[n - 1].1], raw) {
                let cut = spans[n - 1].1;
                push(a, "byline", &p[..cut]);
                let rest =
                    p[cut..].trim_start_matches(|c: char| c.is_whitespace() || c == ':' || is_dash(c)).to_string();
                a.body[i].text = rest;
                merge_dateline(a, b, raw);
                continue;
            }
        }
        i += 1;
        if !a.body.is_empty() && i >= 1 && a.body[i - 1].text.split_whitespace().count() > 12 {
            break; // real text reached: stop looking for a byline
        }
    }
}

fn set_dateline(a: &mut Article, dl: Dateline) {
    match &mut a.dateline {
        None => a.dateline = Some(dl),
        Some(old) => {
            // The body's dateline is the more precise one; keep what the author field added.
            let agency = old.agency.take();
            let place = old.place.take();
            let mut new = dl;
            new.agency = new.agency.or(agency);
            new.place = new.place.or(place);
            *old = new;
        }
    }
}

/// Returns the dispatch time of an SPA end marker, when there is one.
fn clean_tail(a: &mut Article) -> Option<(NaiveTime, i64)> {
    let mut time = None;
    // Walk back over the last paragraphs.
    let mut guard = 0;
    while let Some(last) = a.body.last() {
        guard += 1;
        if guard > 12 {
            break;
        }
        let p = last.text.clone();
        if is_end_marker(&p) {
            push(a, "end_marker", &p);
            a.body.pop();
            continue;
        }
        if let Some(t) = dispatch_time(&p) {
            time = Some(t);
            push(a, "end_marker", &p);
            a.body.pop();
            continue;
        }
        if is_contact_line(&p) {
            push(a, "contact", &p);
            a.body.pop();
            continue;
        }
        if let Some(publisher) = credit_line(&p) {
            push(a, "source_credit", &p);
            if a.original_publisher.is_none() {
                a.original_publisher = publisher;
            }
            a.body.pop();
            continue;
        }
        if let Some(rest) = starts_with_label(&p, CREDIT_LABELS) {
            if !rest.is_empty() && rest.split_whitespace().count() <= 8 {
                push(a, "source_credit", &p);
                if a.original_publisher.is_none() {
                    a.original_publisher = Some(collapse_spaces(rest));
                }
                a.body.pop();
                continue;
            }
        }
        // End marker glued to the last sentence: `… المنطقة. // انتهى //`
        if let Some(pos) = glued_end_marker(&p) {
            cut_last_paragraph(a, "end_marker", &p, pos);
            continue;
        }
        // Self-link glued to the last sentence: `… السجن مدى الحياة. رابط
        // الخبر بصحيفة الوئام: استرالي عمره 91 سنة ويهرب المخدرات`
        if let Some(pos) = glued_self_link(&p, &a.title) {
            cut_last_paragraph(a, "self_link", &p, pos);
            continue;
        }
        // Trailing tag list: `… البلاد. سمات الشبحة امطار املج`
        if let Some(pos) = trailing_tags(&p, true) {
            take_trailing_tags(a, pos);
            continue;
        }
        break;
    }
    time
}

/// Record the text of the last paragraph `p` from byte `pos` on as removed
/// (`kind`) and keep what comes before it (the paragraph goes when nothing
/// does).
fn cut_last_paragraph(a: &mut Article, kind: &str, p: &str, pos: usize) {
    push(a, kind, &p[pos..]);
    let kept = p[..pos].trim_end().to_string();
    if kept.is_empty() {
        a.body.pop();
    } else if let Some(l) = a.body.last_mut() {
        l.text = kept;
    }
}

/// Move the tag list that starts at byte `pos` of the last paragraph into
/// `publisher_tags` (split against the article's own text) and `removed`.
pub(crate) fn take_trailing_tags(a: &mut Article, pos: usize) {
    let Some(last) = a.body.last() else { return };
    let p = last.text.clone();
    if pos > p.len() || !p.is_char_boundary(pos) {
        return;
    }
    let tags_text = p[pos..].to_string();
    let list = starts_with_label(&tags_text, TAG_LABELS).unwrap_or("").to_string();
    let n = a.body.len();
    let context: Vec<String> = std::iter::once(a.title.clone())
        .chain(a.body[..n - 1].iter().map(|p| p.text.clone()))
        .chain(std::iter::once(p[..pos].to_string()))
        .collect();
    let ctx: Vec<&str> = context.iter().map(|s| s.as_str()).collect();
    for t in crate::aggregator::split_tags(&list, &ctx) {
        if !a.publisher_tags.contains(&t) {
            a.publisher_tags.push(t);
        }
    }
    push(a, "tags", &tags_text);
    let kept = p[..pos].trim_end().to_string();
    if kept.is_empty() {
        a.body.pop();
    } else if let Some(l) = a.body.last_mut() {
        l.text = kept;
    }
}

/// What a sentence (or a quotation closing one) ends with.
const SENTENCE_END: [char; 8] = ['.', '!', '؟', '?', '»', '"', '”', ')'];

/// Where a self-link label glued to the end of `p` starts: the label and at
/// most 30 words on the same line, after a sentence end or, when the words
/// are the article's own `title` (the headline it links to), anywhere. A
/// self-link on a line of its own is taken by [`clean_inline`].
fn glued_self_link(p: &str, title: &str) -> Option<usize> {
    let pos = SELF_LINK.iter().filter_map(|l| p.rfind(l)).max()?;
    let before = p[..pos].trim_end();
    if before.is_empty() {
        return None;
    }
    let rest = starts_with_label(&p[pos..], SELF_LINK)?;
    let words = rest.split_whitespace().count();
    if !(1..=30).contains(&words) || rest.contains('\n') {
        return None;
    }
    let boundary = before.ends_with(SENTENCE_END);
    // `بصحيفة الوئام: <headline>`: what follows the first colon (a
    // headline may hold colons of its own).
    let (rest_key, title_key) = (collapse_spaces(rest), collapse_spaces(title));
    let linked = rest_key.split_once(':').map_or(rest_key.as_str(), |(_, h)| h).trim();
    let headline = !linked.is_empty()
        && !title_key.is_empty()
        && (title_key.starts_with(linked) || linked.starts_with(title_key.as_str()));
    (boundary || headline).then_some(pos)
}

fn glued_end_marker(p: &str) -> Option<usize> {
    let mut from = p.len().saturating_sub(48);
    while !p.is_char_boundary(from) {
        from += 1;
    }
    let tail = &p[from..];
    if !tail.contains('ن') {
        return None;
    }
    for marker in ["// انتهى //", "//انتهى//", "// انتهى//", "//انتهى //", "/ انتهى /", "-انتهى-", "- انتهى -"]
    {
        if let Some(pos) = tail.rfind(marker).map(|k| k + from) {
            if p[pos + marker.len()..].trim().is_empty() && pos > 0 {
                return Some(pos);
            }
        }
    }
    None
}

/// Where a trailing tag list starts in `p`, if it has one: a tag label
/// (at a sentence boundary, when `need_boundary`) followed by at most
/// fifteen words without punctuation.
pub(crate) fn trailing_tags(p: &str, need_boundary: bool) -> Option<usize> {
    let spans = tail_spans(p, 18);
    let n = spans.len();
    for k in (0..n).rev().take(17) {
        let (s, e) = spans[k];
        let l = labels(TAG_LABELS);
        if e - s > 40 || !l.first_words.contains(&lexicon::key(&p[s..e])) {
            continue;
        }
        let w = lexicon::key(&p[s..e]);
        let is_label = l.keys.contains(&w) || (k + 1 < n && l.keys.contains(&lexicon::key(&p[s..spans[k + 1].1])));
        if !is_label {
            continue;
        }
        let before = p[..s].trim_end();
        let boundary = !need_boundary || before.is_empty() || before.ends_with(SENTENCE_END) || before.ends_with(':');
        let after = &p[e..];
        let after_words = after.split_whitespace().count();
        let clean_after = !after.chars().any(|c| matches!(c, '.' | '،' | '؟' | '!' | '«' | '»' | '"'));
        if boundary && (1..=15).contains(&after_words) && clean_after {
            return Some(s);
        }
    }
    None
}

fn clean_inline(a: &mut Article) {
    let mut i = 0;
    while i < a.body.len() {
        let p = &a.body[i].text;
        let kind = if starts_with_label(p, SELF_LINK).is_some() {
            Some("self_link")
        } else if starts_with_label(p, READ_ALSO).is_some_and(|r| !r.is_empty() && r.split_whitespace().count() <= 25) {
            Some("read_also_inline")
        } else if starts_with_label(p, TAG_LABELS).is_some_and(|r| !r.is_empty() && !r.contains(['.', '؟']))
            && i + 3 >= a.body.len()
        {
            Some("tags")
        } else {
            None
        };
        match kind {
            Some(k) => {
                let p = a.body.remove(i).text;
                if k == "tags" {
                    let rest = starts_with_label(&p, TAG_LABELS).unwrap_or("").to_string();
                    let context: Vec<String> =
                        std::iter::once(a.title.clone()).chain(a.body.iter().map(|p| p.text.clone())).collect();
                    let ctx: Vec<&str> = context.iter().map(|s| s.as_str()).collect();
                    for t in crate::aggregator::split_tags(&rest, &ctx) {
                        if !a.publisher_tags.contains(&t) {
                            a.publisher_tags.push(t);
                        }
                    }
                }
                push(a, k, &p);
            }
            None => i += 1,
        }
    }
}

/// When the dateline names a day and the article has no publication time,
/// use it (never a day after the article was fetched).
fn date_from_dateline(a: &mut Article, time: Option<(NaiveTime, i64)>) {
    if a.published_at.is_some() {
        return;
    }
    let Some(dl) = &a.dateline else { return };
    let Some(day) = dl.day else { return };
    if let Some(f) = a.fetched_at {
        if day > f.date_naive() + Duration::days(1) || day < f.date_naive() - Duration::days(3650) {
            return;
        }
    }
    let raw = dl.dates.first().cloned();
    let (at, precision) = match time {
        Some((t, offset_h)) => {
            (Utc.from_utc_datetime(&day.and_time(t)) - Duration::hours(offset_h), DatePrecision::Minute)
        }
        None => (Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN)), DatePrecision::Day),
    };
    if let Some(f) = a.fetched_at {
        if at > f + Duration::days(1) {
            return;
        }
    }
    a.published_at = Some(at);
    a.published_precision = Some(precision);
    if a.published_raw.is_none() {
        a.published_raw = raw;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_model::Paragraph;

    fn art(author: &str, body: &[&str]) -> Article {
        let mut a = Article::new("test", "عنوان الخبر");
        a.author = (!author.is_empty()).then(|| author.to_string());
        a.body = body.iter().map(|t| Paragraph::text(*t)).collect();
        a
    }

    fn reasons(a: &Article) -> Vec<&str> {
        a.removed.iter().map(|b| b.reason.as_str()).collect()
    }

    #[test]
    fn spa_dateline_with_both_calendars() {
        let mut a = art(
            "",
            &[
                "أبها 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس",
                "هطلت أمطار غزيرة على مدينة أبها مساء اليوم.",
                "// انتهى //",
                "16:54 ت م",
            ],
        );
        clean_article(&mut a);
        let dl = a.dateline.as_ref().unwrap();
        assert_eq!(dl.place.as_deref(), Some("أبها"));
        assert_eq!(dl.agency.as_deref(), Some("واس"));
        assert_eq!(dl.dates, ["25 شوال 1436 هـ", "10 أغسطس 2015 م"]);
        assert_eq!(dl.day.unwrap().to_string(), "2015-08-10");
        assert_eq!(a.body.len(), 1);
        assert_eq!(reasons(&a), ["dateline", "end_marker", "end_marker"]);
        // 16:54 Makkah time = 13:54 UTC.
        assert_eq!(a.published_at.unwrap().to_rfc3339(), "2015-08-10T13:54:00+00:00");
        assert_eq!(a.published_precision, Some(DatePrecision::Minute));
    }

    #[test]
    fn hijri_only_dateline_glued_to_text_with_arabic_digits() {
        let mut a =
            art("", &["مكة المكرمة ٣ رمضان ١٤٤٦هـ (واس) - أعلنت الرئاسة العامة لشؤون المسجد الحرام جاهزية الخطة."]);
        clean_article(&mut a);
        let dl = a.dateline.as_ref().unwrap();
        assert_eq!(dl.place.as_deref(), Some("مكة المكرمة"));
        assert_eq!(dl.agency.as_deref(), Some("واس"));
        assert_eq!(dl.day.unwrap().to_string(), "2025-03-03");
        assert_eq!(a.body[0].text, "أعلنت الرئاسة العامة لشؤون المسجد الحرام جاهزية الخطة.");
    }

    #[test]
    fn sentence_starting_with_a_date_is_not_a_dateline() {
        let mut a = art("", &["في 26 نوفمبر 2024، أصبح معلوماً أن الفريق يناقش المحادثات."]);
        clean_article(&mut a);
        assert!(a.dateline.is_none());
        assert!(a.removed.is_empty());
    }

    #[test]
    fn agency_line_in_the_author_field() {
        for (author, place, agency_name) in [
            ("واشنطن - أ ف ب", "واشنطن", "أ ف ب"),
            ("الرياض : واس", "الرياض", "واس"),
            ("واس - جدة", "جدة", "واس"),
            ("\u{a0}أ ف ب (باريس)", "باريس", "أ ف ب"),
            ("لندن - د.ب.أ", "لندن", "د ب أ"),
        ] {
            let mut a = art(author, &["نص الخبر هنا بما يكفي من الكلمات ليكون فقرة حقيقية."]);
            clean_article(&mut a);
            let dl = a.dateline.as_ref().unwrap_or_else(|| panic!("{author}"));
            assert_eq!(dl.place.as_deref(), Some(place), "{author}");
            assert_eq!(dl.agency.as_deref(), Some(agency_name), "{author}");
            assert_eq!(a.author, None, "{author}");
            assert_eq!(reasons(&a), ["byline"]);
        }
    }

    #[test]
    fn reporter_and_place_in_the_author_field() {
        let mut a = art("أبها - عبدالله الهاجري:", &["نص."]);
        clean_article(&mut a);
        assert_eq!(a.author.as_deref(), Some("عبدالله الهاجري"));
        assert_eq!(a.dateline.unwrap().place.as_deref(), Some("أبها"));
        let mut a = art("\u{a0}سعاد الشمراني (الرياض)", &["نص."]);
        clean_article(&mut a);
        assert_eq!(a.author.as_deref(), Some("سعاد الشمراني"));
        let mut a = art("«الاقتصادية» من الرياض", &["نص."]);
        clean_article(&mut a);
        assert_eq!(a.author, None);
        assert_eq!(a.dateline.unwrap().place.as_deref(), Some("الرياض"));
        // A plain name stays.
        let mut a = art("القاهرة: هاني زايد، صفوت عمران", &["نص."]);
        clean_article(&mut a);
        assert_eq!(a.author.as_deref(), Some("هاني زايد، صفوت عمران"));
        assert_eq!(a.dateline.unwrap().place.as_deref(), Some("القاهرة"));
        let mut a = art("د ب أ - كاتمندوو", &["نص."]);
        clean_article(&mut a);
        assert_eq!(a.dateline.unwrap().place.as_deref(), Some("كاتمندوو"));
        let mut a = art("سبق- وكالات:", &["نص."]);
        clean_article(&mut a);
        assert_eq!(a.dateline, None);
        assert_eq!(a.author, None);
        let mut a = art("بقلم: محمد السلوم | Mon, 2015-08-10 20:48", &["نص."]);
        clean_article(&mut a);
        assert_eq!(a.author.as_deref(), Some("محمد السلوم"));
        assert_eq!(a.dateline.unwrap().day.unwrap().to_string(), "2015-08-10");
        let mut a = art("", &["Next Previous حامد السلمي – عين اليوم", "نص الخبر."]);
        clean_article(&mut a);
        assert_eq!(a.author.as_deref(), Some("حامد السلمي"));
        let mut a = art("المحامي: عبدالله بن ناصر", &["نص."]);
        clean_article(&mut a);
        assert_eq!(a.author.as_deref(), Some("عبدالله بن ناصر"));
        assert!(a.dateline.is_none());
        let mut a = art("جدة واس - المرفأ:", &["نص."]);
        clean_article(&mut a);
        let dl = a.dateline.unwrap();
        assert_eq!((dl.place.as_deref(), dl.agency.as_deref(), a.author), (Some("جدة"), Some("واس"), None));
        // A reporter's name in the author field, the full byline as the first line.
        let mut a = art("ناصر الطميحي", &["ناصر الطميحي ـ جدة", "نص الخبر."]);
        clean_article(&mut a);
        assert_eq!(a.body.len(), 1);
        assert_eq!(a.dateline.unwrap().place.as_deref(), Some("جدة"));
        let mut a = art("فهد عامر الأحمدي", &["نص."]);
        clean_article(&mut a);
        assert_eq!(a.author.as_deref(), Some("فهد عامر الأحمدي"));
        assert!(a.dateline.is_none() && a.removed.is_empty());
    }

    #[test]
    fn date_in_the_author_field() {
        let mut a = art("مدريد - (د ب أ) | Tuesday, 11 August 2015 - 16:00 pm", &["عاد اللاعبون إلى التدريبات."]);
        clean_article(&mut a);
        let dl = a.dateline.as_ref().unwrap();
        assert_eq!((dl.place.as_deref(), dl.agency.as_deref()), (Some("مدريد"), Some("د ب أ")));
        assert_eq!(dl.day.unwrap().to_string(), "2015-08-11");
    }

    #[test]
    fn glued_bylines() {
        let mut a = art("سبق- الشرقية:", &["سبق- الشرقية: أعلنت إدارة التعليم بدء التسجيل في المدارس."]);
        clean_article(&mut a);
        assert_eq!(a.body[0].text, "أعلنت إدارة التعليم بدء التسجيل في المدارس.");
        assert_eq!(a.dateline.as_ref().unwrap().place.as_deref(), Some("الشرقية"));

        let mut a = art("", &["عين اليوم – مانيلا", "ضرب إعصار قوي العاصمة الفلبينية صباح اليوم."]);
        clean_article(&mut a);
        assert_eq!(a.body.len(), 1);
        assert_eq!(a.dateline.as_ref().unwrap().place.as_deref(), Some("مانيلا"));

        let mut a = art("", &["عبدالرحمن الشهري - نجران صرح المتحدث الإعلامي للدفاع المدني بأن الحريق أخمد."]);
        clean_article(&mut a);
        assert_eq!(a.body[0].text, "صرح المتحدث الإعلامي للدفاع المدني بأن الحريق أخمد.");
        assert_eq!(a.author.as_deref(), Some("عبدالرحمن الشهري"));

        let mut a = art("", &["عبدالله البرقاوي- سبق- الرياض: أكد المتحدث الرسمي أن العمل مستمر."]);
        clean_article(&mut a);
        assert_eq!(a.body[0].text, "أكد المتحدث الرسمي أن العمل مستمر.");
        assert_eq!(a.author.as_deref(), Some("عبدالله البرقاوي"));

        let mut a = art("", &["داليا أبوالعيش – عين اليوم", "قالت الشرطة إن التحقيق مستمر."]);
        clean_article(&mut a);
        assert_eq!(a.body.len(), 1);
        assert_eq!(reasons(&a), ["byline"]);
    }

    #[test]
    fn ordinary_first_sentences_stay() {
        for p in [
            "قال وزير الخارجية: إن المحادثات مستمرة.",
            "الهلال يفوز على النصر في مباراة مثيرة - تقرير",
            "أكد المتحدث - في تصريح صحفي - أن العمل مستمر.",
        ] {
            let mut a = art("", &[p, "فقرة ثانية."]);
            clean_article(&mut a);
            assert_eq!(a.body[0].text, p);
            assert!(a.removed.is_empty(), "{p}: {:?}", a.removed);
        }
    }

    #[test]
    fn tail_markers_tags_links_contacts() {
        let mut a =
            art("", &["اقرأ أيضاً: ارتفاع أسعار الذهب", "شهدت المنطقة أمطاراً غزيرة. سمات أمطار السيول الدفاع المدني"]);
        clean_article(&mut a);
        assert_eq!(a.body.len(), 1);
        assert_eq!(a.body[0].text, "شهدت المنطقة أمطاراً غزيرة.");
        assert!(a.publisher_tags.contains(&"أمطار".to_string()));
        assert!(reasons(&a).contains(&"tags") && reasons(&a).contains(&"read_also_inline"));

        let mut a = art("", &["افتتح الأمير المعرض.", "رابط الخبر بصحيفة المرفأ: افتتاح المعرض", "someone@example.com"]);
        clean_article(&mut a);
        assert_eq!(a.body.len(), 1);
        assert_eq!(reasons(&a), ["contact", "self_link"]);

        // Glued to the last sentence, as one outlet writes it.
        let mut a =
            art("", &["قال مفوض الشرطة إن التحقيق مستمر. رابط الخبر بصحيفة المرفأ: مسن عمره 91 سنة يهرب المخدرات"]);
        clean_article(&mut a);
        assert_eq!(a.body[0].text, "قال مفوض الشرطة إن التحقيق مستمر.");
        assert_eq!(reasons(&a), ["self_link"]);
        // Without a sentence end before it, when it repeats the headline.
        let mut a = art("", &["الهند البرازيل تركيا رابط الخبر بصحيفة المرفأ: بالصور .. أعلام الدول من أطباقها"]);
        a.title = "بالصور .. أعلام الدول من أطباقها".to_string();
        clean_article(&mut a);
        assert_eq!(a.body[0].text, "الهند البرازيل تركيا");
        // A headline with a colon of its own.
        let mut a = art("", &["قوات الحكومة رابط الخبر بصحيفة المرفأ: عاصفة رملية .. التنظيم: أرسلها الله"]);
        a.title = "عاصفة رملية .. التنظيم: أرسلها الله".to_string();
        clean_article(&mut a);
        assert_eq!(a.body[0].text, "قوات الحكومة");
        // Not a self-link: the label inside a sentence.
        let p = "وأضاف أن رابط الخبر بصحيفة المرفأ تعطل أمس";
        let mut a = art("", &[p]);
        clean_article(&mut a);
        assert_eq!(a.body[0].text, p);

        let mut a = art("", &["نص المقال الطويل.", "* خدمة «نيويورك تايمز»"]);
        clean_article(&mut a);
        assert_eq!(a.original_publisher.as_deref(), Some("نيويورك تايمز"));
        assert_eq!(reasons(&a), ["source_credit"]);

        let mut a = art("", &["وجرى خلال الاجتماع مناقشة الموضوعات. //انتهى//"]);
        clean_article(&mut a);
        assert_eq!(a.body[0].text, "وجرى خلال الاجتماع مناقشة الموضوعات.");
    }

    #[test]
    fn a_sentence_with_the_word_simat_is_not_a_tag_list() {
        let p = "تحدث الخبير عن سمات الشخصية القيادية في المؤسسات.";
        let mut a = art("", &[p]);
        clean_article(&mut a);
        assert_eq!(a.body[0].text, p);
    }

    #[test]
    fn spa_title_labels() {
        let mut a = art("", &["نص."]);
        a.title = "سياسي / وزير الخارجية يلتقي نظيره الروسي             إضافة أولى وأخيرة".into();
        clean_article(&mut a);
        assert_eq!(a.title, "وزير الخارجية يلتقي نظيره الروسي");
        assert_eq!(a.section.as_deref(), Some("سياسي"));
        assert_eq!(reasons(&a), ["title_label", "title_label"]);
        a.title = "&quot;الحقباني&quot; يتوج بالكأس".into();
        clean_article(&mut a);
        assert_eq!(a.title, "\"الحقباني\" يتوج بالكأس");
    }

    #[test]
    fn diacritics_tatweel_and_bidi_in_datelines() {
        let mut a = art("", &["\u{200f}أبهــا ٢٥ شوّال ١٤٣٦ هـ الموافق ١٠ أغسطس ٢٠١٥ م واس", "نص الخبر."]);
        clean_article(&mut a);
        let dl = a.dateline.unwrap();
        assert_eq!(dl.day.unwrap().to_string(), "2015-08-10");
        assert_eq!(dl.agency.as_deref(), Some("واس"));
    }

    #[test]
    fn idempotent() {
        let mut a =
            art("واس - الرياض", &["الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس", "نص الخبر.", "// انتهى //"]);
        clean_article(&mut a);
        let once = a.clone();
        clean_article(&mut a);
        assert_eq!(a, once);
    }

    #[test]
    fn dateline_day_after_fetch_is_not_a_publication_date() {
        let mut a = art("", &["الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس", "نص."]);
        a.fetched_at = Some(Utc.with_ymd_and_hms(2015, 7, 1, 0, 0, 0).unwrap());
        clean_article(&mut a);
        assert!(a.dateline.is_some());
        assert!(a.published_at.is_none());
    }
}
