//! Who said what: direct quotations (`« »`, `“ ”`, `" "`, or a statement
//! after a colon) and indirect speech (`أكد أن…`), each with its reporting
//! verb and speaker.
//!
//! The anchor is the reporting verb ([`marsad_arabic::reporting_verbs`]).
//! Arabic news puts the speaker right after it (`وقال ترامب للصحفيين: «…»`,
//! `أكد إيشيبا أن…`) or, less often, before it (`ترامب قال:`); a verb with no
//! speaker (`وأضاف أن…`) continues the previous speaker. The speaker span is
//! cut before a prepositional tail (`في تصريحات لشبكة…`, `خلال مؤتمر صحفي`).
//! [`attach_entities`] then maps a speaker to a canonical entity when the
//! entity recogniser found one there; otherwise a speaker that starts with a
//! role noun (`مصدر أمني`, `المتحدث باسم الخارجية`) is marked as a role.

use marsad_arabic::normalize::NormalizeOptions;
use marsad_arabic::reporting_verbs::reporting_verb_normalized;
use marsad_arabic::tokenize::{tokenize, TokenKind};
use serde::Serialize;

use crate::entities::Entity;

/// Direct or indirect speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The speaker's own words: in quotation marks or after a colon.
    Direct,
    /// Reported content: `أكد أن…`, `قال إن…`.
    Indirect,
}

/// Who said it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// Byte span of the speaker phrase in the text.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// The phrase as written.
    pub text: String,
    /// The canonical entity name, when [`attach_entities`] found one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// The entity id, likewise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// An unnamed source described by a role (`مصدر أمني`).
    pub role: bool,
    /// Taken over from the previous quote (`وأضاف أن…`).
    pub inherited: bool,
}

/// One quotation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// Byte span of what was said (without the quotation marks).
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// What was said.
    pub text: String,
    /// The reporting verb as written, if one was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    /// Its lemma (`قال`, `أكد`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verb_lemma: Option<&'static str>,
    /// The speaker, if one was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
}

struct T<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    norm: String,
    kind: TokenKind,
}

const OPENERS: &[(char, char)] = &[('«', '»'), ('“', '”'), ('"', '"'), ('„', '“')];

/// Words that end a speaker phrase (prepositions, the complementiser, …).
const SPEAKER_STOP: &[&str] = &[
    "في",
    "خلال",
    "عبر",
    "امام",
    "عن",
    "علي",
    "الي",
    "مع",
    "منذ",
    "حول",
    "اثناء",
    "لدي",
    "ان",
    "انه",
    "انها",
    "بان",
    "الذي",
    "التي",
    "اليوم",
    "امس",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "يوم",
    "صباح",
    "مساء",
    "قاءلا",
    "قاءلة",
    "بدوره",
    "بدورها",
    "من",
    "كما",
    "ايضا",
    "لوساءل",
    "للصحفيين",
    "لصحيفة",
    "لشبكة",
    "لوكالة",
    "لقناة",
    "لموقع",
    "للصحافيين",
    "تصريحات",
    "تصريح",
    "بيان",
    "حديث",
    "مقابلة",
    "له",
    "لها",
    "لهم",
    "الصحفيين",
    "الصحافيين",
];

/// Heads of role descriptions for unnamed speakers.
const ROLE_HEADS: &[&str] = &[
    "مصدر",
    "مصادر",
    "المصدر",
    "المصادر",
    "المتحدث",
    "متحدث",
    "الناطق",
    "ناطق",
    "مسءول",
    "مسءولون",
    "المسءول",
    "مسءولين",
    "دبلوماسي",
    "دبلوماسيون",
    "شهود",
    "شاهد",
    "مراقبون",
    "محللون",
    "خبراء",
    "خبير",
    "البيان",
    "بيان",
    "الوزارة",
    "الوكالة",
    "مسءولة",
    "المتحدثة",
    "متحدثة",
    "الناطقة",
    "مصدرا",
    "مصادرا",
];

/// Complementisers of indirect speech (Search form): `أن`, `إن`, `بأن`, with pronouns.
fn is_complementiser(w: &str) -> bool {
    matches!(
        w,
        "ان" | "انه"
            | "انها"
            | "انهم"
            | "انهما"
            | "انهن"
            | "انني"
            | "اننا"
            | "انا"
            | "بان"
            | "بانه"
            | "بانها"
            | "بانهم"
            | "بانهما"
            | "بانني"
            | "باننا"
    )
}

fn is_sentence_end(t: &T) -> bool {
    t.kind == TokenKind::Punct && matches!(t.text, "." | "!" | "?" | "؟" | "…" | "\n")
}

/// End of the sentence that starts at byte `from`: the next `. ! ? ؟` that is
/// not between digits, or a line break, or the end of the text.
fn sentence_end(text: &str, from: usize) -> usize {
    let b = text.as_bytes();
    for (o, c) in text[from..].char_indices() {
        let at = from + o;
        match c {
            '\n' | '!' | '?' | '؟' => return at,
            '.' => {
                let digit_before = at > 0 && b[at - 1].is_ascii_digit();
                let digit_after = b.get(at + 1).is_some_and(|x| x.is_ascii_digit());
                if !(digit_before && digit_after) {
                    return at;
                }
            }
            _ => {}
        }
    }
    text.len()
}

fn trim_span(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let junk = |c: char| c.is_whitespace() || matches!(c, ':' | '،' | ',' | '-' | '–' | '—' | '.' | ';' | '؛');
    while s < e {
        let c = text[s..e].chars().next().unwrap_or(' ');
        if junk(c) {
            s += c.len_utf8();
        } else {
            break;
        }
    }
    while e > s {
        let c = text[s..e].chars().next_back().unwrap_or(' ');
        if junk(c) {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    (s, e)
}

/// Find the quotations of `text` (no entity resolution; see [`attach_entities`]).
pub fn extract_quotes(text: &str) -> Vec<Quote> {
    let opts = NormalizeOptions::search();
    let toks: Vec<T> = tokenize(text)
        .into_iter()
        .map(|t| {
            let mut n = String::new();
            t.normalized_into(&opts, &mut n);
            T { start: t.start, end: t.end, text: t.text, norm: n, kind: t.kind }
        })
        .collect();
    let verb_at = |k: usize| -> Option<&'static str> {
        let t = &toks[k];
        (t.kind == TokenKind::Word).then(|| reporting_verb_normalized(&t.norm)).flatten()
    };
    let mut used_verbs = vec![false; toks.len()];
    let mut out: Vec<(usize, Quote)> = Vec::new(); // (verb token or usize::MAX, quote)

    // 1. Quotation marks.
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        let Some(&(_, close)) = OPENERS.iter().find(|(o, _)| t.text.starts_with(*o) && t.text.chars().count() == 1)
        else {
            k += 1;
            continue;
        };
        let Some(ck) = (k + 1..toks.len().min(k + 400))
            .find(|&j| toks[j].text.starts_with(close) && toks[j].text.chars().count() == 1)
        else {
            k += 1;
            continue;
        };
        let words = (k + 1..ck).filter(|&j| toks[j].kind == TokenKind::Word).count();
        if words < 3 {
            // a title or a scare-quoted term
            k = ck + 1;
            continue;
        }
        let (qs, qe) = trim_span(text, t.end, toks[ck].start);
        // verb before the mark, in the same sentence
        let mut verb = None;
        let lo = k.saturating_sub(40);
        for j in (lo..k).rev() {
            if is_sentence_end(&toks[j]) || toks[j].text == "»" || toks[j].text == "”" {
                break;
            }
            if let Some(l) = verb_at(j) {
                verb = Some((j, l, k));
                break;
            }
        }
        // or after it: `«…»، قال ترامب`
        if verb.is_none() {
            let mut j = ck + 1;
            while j < toks.len() && j <= ck + 3 && toks[j].kind == TokenKind::Punct && !is_sentence_end(&toks[j]) {
                j += 1;
            }
            if j < toks.len() {
                if let Some(l) = verb_at(j) {
                    let end = (j + 1..toks.len().min(j + 8))
                        .find(|&x| toks[x].kind == TokenKind::Punct)
                        .unwrap_or(toks.len().min(j + 8));
                    verb = Some((j, l, end));
                }
            }
        }
        // Without a reporting verb only a sentence-long quotation counts
        // (not a quoted title or name).
        if verb.is_none() && words < 6 {
            k = ck + 1;
            continue;
        }
        let mut q = Quote {
            kind: QuoteKind::Direct,
            start: qs,
            end: qe,
            text: text[qs..qe].to_string(),
            verb: None,
            verb_lemma: None,
            speaker: None,
        };
        let vk = if let Some((vj, lemma, lim)) = verb {
            used_verbs[vj] = true;
            q.verb = Some(toks[vj].text.to_string());
            q.verb_lemma = Some(lemma);
            q.speaker = speaker_after(text, &toks, vj, lim).or_else(|| speaker_before(text, &toks, vj));
            vj
        } else {
            usize::MAX
        };
        out.push((vk, q));
        k = ck + 1;
    }

    // 2. Colon quotes and indirect speech, anchored on verbs not used above.
    let mut k = 0;
    while k < toks.len() {
        let Some(lemma) = verb_at(k) else {
            k += 1;
            continue;
        };
        if used_verbs[k] {
            k += 1;
            continue;
        }
        let hi = toks.len().min(k + 10);
        let mut found = None;
        for (j, t) in toks.iter().enumerate().take(hi).skip(k + 1) {
            if is_sentence_end(t) || OPENERS.iter().any(|(o, c)| t.text.starts_with(*o) || t.text.starts_with(*c)) {
                break;
            }
            if t.text == ":" {
                found = Some((j, QuoteKind::Direct));
                break;
            }
            if t.kind == TokenKind::Word && is_complementiser(&t.norm) {
                found = Some((j, QuoteKind::Indirect));
                break;
            }
            if j > k + 1 && verb_at(j).is_some() {
                break;
            }
        }
        let Some((cj, kind)) = found else {
            k += 1;
            continue;
        };
        let from = toks[cj].end;
        let to = sentence_end(text, from);
        let (qs, qe) = trim_span(text, from, to);
        let nwords = toks[cj + 1..].iter().take_while(|t| t.start < qe).filter(|t| t.kind == TokenKind::Word).count();
        if nwords < 2 || (kind == QuoteKind::Direct && OPENERS.iter().any(|(o, _)| text[qs..qe].starts_with(*o))) {
            k += 1;
            continue;
        }
        let speaker = speaker_after(text, &toks, k, cj).or_else(|| speaker_before(text, &toks, k));
        let q = Quote {
            kind,
            start: qs,
            end: qe,
            text: text[qs..qe].to_string(),
            verb: Some(toks[k].text.to_string()),
            verb_lemma: Some(lemma),
            speaker,
        };
        out.push((k, q));
        k = toks.iter().position(|t| t.start >= qe).unwrap_or(toks.len()).max(k + 1);
    }

    out.sort_by_key(|(_, q)| q.start);
    // Continue the previous speaker where none was found.
    let mut last: Option<Speaker> = None;
    let mut quotes = Vec::with_capacity(out.len());
    for (_, mut q) in out {
        match &q.speaker {
            Some(s) => last = Some(s.clone()),
            None if q.verb.is_some() => {
                if let Some(l) = &last {
                    q.speaker = Some(Speaker { inherited: true, ..l.clone() });
                }
            }
            None => {}
        }
        quotes.push(q);
    }
    quotes
}

fn make_speaker(text: &str, toks: &[T], a: usize, b: usize) -> Option<Speaker> {
    if a >= b {
        return None;
    }
    let (s, e) = trim_span(text, toks[a].start, toks[b - 1].end);
    if s >= e {
        return None;
    }
    let head = toks[a].norm.trim_start_matches('و');
    Some(Speaker {
        start: s,
        end: e,
        text: text[s..e].to_string(),
        canonical: None,
        entity_id: None,
        role: ROLE_HEADS.contains(&head) || ROLE_HEADS.contains(&toks[a].norm.as_str()),
        inherited: false,
    })
}

/// The speaker after the verb at `v`, before token `lim`.
fn speaker_after(text: &str, toks: &[T], v: usize, lim: usize) -> Option<Speaker> {
    let mut a = v + 1;
    while a < lim && toks[a].kind == TokenKind::Punct {
        a += 1;
    }
    let mut b = a;
    while b < lim && b < a + 7 {
        let t = &toks[b];
        if t.kind != TokenKind::Word {
            break;
        }
        let w = t.norm.as_str();
        if SPEAKER_STOP.contains(&w) || is_complementiser(w) || reporting_verb_normalized(w).is_some() {
            break;
        }
        // `لشبكة`, `لـ`-prefixed addressees end the phrase, as do `الـ` dates
        if b > a && (w.starts_with("لل") || (w.starts_with('ل') && !w.starts_with("ال") && w.len() > 6 && b + 1 < lim))
        {
            break;
        }
        b += 1;
    }
    make_speaker(text, toks, a, b)
}

/// The subject before the verb at `v` (`ترامب قال:`), within its sentence.
fn speaker_before(text: &str, toks: &[T], v: usize) -> Option<Speaker> {
    let mut a = v;
    while a > 0 && v - a < 4 {
        let t = &toks[a - 1];
        if t.kind != TokenKind::Word
            || SPEAKER_STOP.contains(&t.norm.as_str())
            || marsad_arabic::stopwords::is_stopword(&t.norm)
        {
            break;
        }
        a -= 1;
    }
    make_speaker(text, toks, a, v)
}

/// Resolve speakers to the canonical entities whose mentions overlap them
/// (people first, then organisations and others).
pub fn attach_entities(quotes: &mut [Quote], entities: &[Entity]) {
    for q in quotes.iter_mut() {
        let Some(sp) = q.speaker.as_mut() else { continue };
        let mut best: Option<(&Entity, usize)> = None;
        for e in entities {
            for m in &e.mentions {
                if m.start < sp.end && sp.start < m.end {
                    let rank = match e.kind.as_str() {
                        "PERS" | "PER" => 0,
                        "ORG" => 1,
                        _ => 2,
                    };
                    if best.is_none_or(|(_, r)| rank < r) {
                        best = Some((e, rank));
                    }
                }
            }
        }
        if let Some((e, _)) = best {
            sp.canonical = Some(e.canonical.clone());
            sp.entity_id = Some(e.id.clone());
            sp.role = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "واشنطن - وقال ترامب للصحفيين في البيت الأبيض: «سنعيد علاقاتنا مع كوريا الشمالية، \
وأنا على وفاق تام مع زعيمها». وأضاف أن الخطوة تمثل «مكسباً هائلاً لكل الأطراف». \
من جهته، أكد إيشيبا أن البرامج الصاروخية لبيونغ يانغ تشكل خطراً على بلاده وعلى حلفائها. \
وقال مصدر أمني: لم يصل أي طلب رسمي حتى الآن. \
وقالت المتحدثة باسم الخارجية إن الوزارة تتابع الملف عن كثب.";

    #[test]
    fn direct_indirect_and_speakers() {
        let q = extract_quotes(FIXTURE);
        let show: Vec<_> =
            q.iter().map(|q| (q.kind, q.text.as_str(), q.speaker.as_ref().map(|s| s.text.as_str()))).collect();
        assert!(
            show.contains(&(
                QuoteKind::Direct,
                "سنعيد علاقاتنا مع كوريا الشمالية، وأنا على وفاق تام مع زعيمها",
                Some("ترامب")
            )),
            "{show:#?}"
        );
        assert!(
            show.iter().any(|(k, t, s)| *k == QuoteKind::Indirect
                && t.starts_with("البرامج الصاروخية")
                && *s == Some("إيشيبا")),
            "{show:#?}"
        );
        assert!(show.contains(&(QuoteKind::Direct, "لم يصل أي طلب رسمي حتى الآن", Some("مصدر أمني"))), "{show:#?}");
        assert!(
            show.iter().any(|(k, t, s)| *k == QuoteKind::Indirect
                && t.starts_with("الوزارة تتابع")
                && *s == Some("المتحدثة باسم الخارجية")),
            "{show:#?}"
        );
        // `وأضاف أن…` continues Trump
        let cont = q.iter().find(|q| q.verb.as_deref() == Some("وأضاف")).expect("وأضاف");
        assert_eq!(cont.speaker.as_ref().map(|s| (s.text.as_str(), s.inherited)), Some(("ترامب", true)));
        let role = q.iter().find(|q| q.text.starts_with("لم يصل")).unwrap();
        assert!(role.speaker.as_ref().unwrap().role);
        for x in &q {
            assert_eq!(&FIXTURE[x.start..x.end], x.text);
        }
    }

    #[test]
    fn scare_quotes_are_not_quotes() {
        assert!(extract_quotes("نقلت صحيفة «الوطن» الخبر").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,120}") {
            let _ = extract_quotes(&s);
        }

        #[test]
        fn never_panics_arabic(words in proptest::collection::vec(proptest::sample::select(vec![
            "قال", "وأضاف", "أن", "إن", ":", "«", "»", "\"", "“", "”", "ترامب", "مصدر", ".", "،", "في", "لشبكة", "3.5", "\n",
        ]), 0..30)) {
            let s = words.join(" ");
            for q in extract_quotes(&s) {
                proptest::prop_assert!(q.start <= q.end && s.is_char_boundary(q.start) && s.is_char_boundary(q.end));
            }
        }
    }
}
