//! Who said what: direct quotations (`« »`, `“ ”`, `" "`, or a statement
//! after a colon) and indirect speech (`أكد أن…`), each with its reporting
//! verb and speaker.
//!
//! The anchor is the reporting verb ([`marsad_arabic::reporting_verbs`]).
//! Arabic news puts the speaker right after it (`وقال ترامب للصحفيين: «…»`,
//! `أكد إيشيبا أن…`) or, less often, before it (`ترامب قال:`); a verb with no
//! speaker (`وأضاف أن…`) and a participle (`مشيراً إلى أن…`) continue the
//! previous speaker. The speaker span is cut before a prepositional tail
//! (`في تصريحات لشبكة…`, `خلال مؤتمر صحفي`). Titles (`مسلسل «…»`), asides
//! (`يذكر أن…`) and conjunctions (`قبل أن`) are not sayings.
//!
//! Measured on the team's reviewed SaudiNewsNet samples with `marsad eval
//! quotes` (see BENCHMARKS.md, "Quotes and speakers").
//! [`attach_entities`] then maps a speaker to a canonical entity when the
//! entity recogniser found one there; otherwise a speaker that starts with a
//! role noun (`مصدر أمني`, `المتحدث باسم الخارجية`) is marked as a role.

use marsad_arabic::normalize::NormalizeOptions;
use marsad_arabic::normalize_str;
use marsad_arabic::reporting_verbs::reporting_verb_normalized;
use marsad_arabic::tokenize::{tokenize, TokenKind};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::entities::{Entity, EntityKind, MentionVia};

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
            | "بان"
            | "بانه"
            | "بانها"
            | "بانهم"
            | "بانهما"
            | "بانني"
            | "باننا"
    )
}

/// Words before `أن` that make it a conjunction of time or manner (`قبل أن`,
/// `بعد أن`), not the complementiser of a saying.
/// So do verbs and phrases that take `أن` themselves (`يجب أن`, `يفترض أن`).
const NOT_SPEECH_BEFORE_AN: &[&str] = &[
    "قبل",
    "بعد",
    "دون",
    "بدون",
    "رغم",
    "منذ",
    "حتي",
    "لحين",
    "بمجرد",
    "من",
    "يجب",
    "يمكن",
    "ينبغي",
    "يفترض",
    "يريد",
    "تريد",
    "يحاول",
    "تحاول",
    "يستطيع",
    "تستطيع",
    "لابد",
    "بد",
    "يعني",
    "سبق",
    "عسي",
    "يكاد",
    "تكاد",
];

/// Active participles that report speech as the continuation of a sentence
/// (`مشيراً إلى أن…`, `مضيفاً:`). They never have a subject of their own:
/// the speaker is the sentence's subject, the previous speaker.
const PARTICIPLES: &[(&str, &str)] = &[
    ("قائلا", "قال"),
    ("قائلة", "قال"),
    ("مضيفا", "أضاف"),
    ("مضيفة", "أضاف"),
    ("مشيرا", "أشار"),
    ("مشيرة", "أشار"),
    ("موضحا", "أوضح"),
    ("موضحة", "أوضح"),
    ("مؤكدا", "أكد"),
    ("مؤكدة", "أكد"),
    ("لافتا", "لفت"),
    ("لافتة", "لفت"),
    ("منوها", "نوه"),
    ("منوهة", "نوه"),
    ("مبينا", "بين"),
    ("مبينة", "بين"),
    ("معتبرا", "اعتبر"),
    ("معتبرة", "اعتبر"),
    ("مشددا", "شدد"),
    ("مشددة", "شدد"),
    ("محذرا", "حذر"),
    ("محذرة", "حذر"),
    ("مستطردا", "استطرد"),
    ("مستطردة", "استطرد"),
    ("متابعا", "تابع"),
    ("متابعة", "تابع"),
    ("مردفا", "أردف"),
    ("مردفة", "أردف"),
    ("مختتما", "اختتم"),
    ("مختتمة", "اختتم"),
    ("واصفا", "وصف"),
    ("واصفة", "وصف"),
    ("كاشفا", "كشف"),
    ("كاشفة", "كشف"),
    ("معربا", "أعرب"),
    ("معربة", "أعرب"),
    ("مطالبا", "طالب"),
    ("مطالبة", "طالب"),
    ("مشيدا", "أشاد"),
    ("مشيدة", "أشاد"),
];

/// The lemma of a reporting participle, by its Search form (with `و`).
fn participle(norm: &str) -> Option<&'static str> {
    static FORMS: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        let mut m = HashMap::new();
        for (w, lemma) in PARTICIPLES {
            let n = normalize_str(w, &NormalizeOptions::search()).into_owned();
            m.insert(format!("و{n}"), *lemma);
            m.insert(n, *lemma);
        }
        m
    });
    forms.get(norm).copied()
}

/// Words that cannot open a speaker phrase after the verb: pronoun-suffixed
/// prepositions (`فيه`), adverbs (`سابقاً`), the speech itself
/// (`حديثه بالقول`), and addressees (`مخاطباً رئيس الوزراء`).
const NOT_A_SPEAKER: &[&str] = &[
    "فيه",
    "فيها",
    "عنه",
    "عنها",
    "منه",
    "منها",
    "به",
    "بها",
    "عليه",
    "عليها",
    "لنا",
    "لي",
    "سابقا",
    "مءخرا",
    "لاحقا",
    "حاليا",
    "مجددا",
    "كذلك",
    "حديثه",
    "حديثها",
    "كلامه",
    "كلامها",
    "كلمته",
    "كلمتها",
    "بالقول",
    "مخاطبا",
    "مخاطبة",
    "متوجها",
    "متوجهة",
    "موجها",
    "موجهة",
];

/// Adverbs of time (Search forms) next to a reporting verb: never its
/// subject. `حينها قال لهم: «…»` and `قال حينها: «…»` took `حينها` ("then")
/// for the speaker. (Skipping them to read the subject after them, as in
/// `قال أمس وزير الخارجية`, was tried: of 100 SaudiNewsNet quotes it
/// changed, too many went to the words after `أيضا`/`اليوم`, such as
/// `بلهجة تحدٍّ`.)
const ADVERBS: &[&str] = &["حينها", "حينءذ", "حينذاك", "وقتها", "وقتءذ", "عندها", "عندءذ", "يومها", "بعدها", "ساعتها"];

/// Nouns that name a work, a campaign or a place before a quoted name
/// (`بعنوان «…»`, `مسلسل «…»`, `مديريات "…"`): a short quotation after
/// one of them is a title, not a saying.
const TITLE_NOUNS: &[&str] = &[
    "بعنوان",
    "عنوان",
    "مسلسل",
    "فيلم",
    "كتاب",
    "برنامج",
    "حملة",
    "شعار",
    "مهرجان",
    "اسم",
    "باسم",
    "مبادرة",
    "مشروع",
    "لقب",
    "رواية",
    "قصيدة",
    "اغنية",
    "بأغنية",
    "ديوان",
    "مجلس",
    "صحيفة",
    "جريدة",
    "موقع",
    "قناة",
    "تنظيم",
    "حزب",
    "منظمة",
    "جماعة",
    "عملية",
    "مديرية",
    "مديريات",
    "منطقة",
    "مدينة",
    "محافظة",
    "ركن",
    "معرض",
    "مسرحية",
    "لعبة",
    "الاهزوجة",
    "نحو",
    "تلفزيون",
    "التلفزيون",
    "وكالة",
    "شبكة",
    "اذاعة",
    "مجلة",
    "شركة",
    "نادي",
    "فريق",
    "منتخب",
    "مسجد",
    "جامع",
    "مستشفي",
    "جامعة",
    "مركز",
    "سوق",
    "شارع",
    "حي",
    "ساحة",
];

fn is_sentence_end(t: &T) -> bool {
    t.kind == TokenKind::Punct && matches!(t.text, "." | "!" | "?" | "؟" | "…" | "\n")
}

fn is_comma(t: &T) -> bool {
    t.kind == TokenKind::Punct && matches!(t.text, "،" | ",")
}

/// Where the sentence holding token `cj` ends: at the next `. ! ? ؟ …`
/// token after it or the next line break, whichever comes first. The
/// tokenizer keeps decimals (`3.5`, `8.\u{200f}1`) in one number token, so
/// a point inside a number is never taken for the end.
fn sentence_end(text: &str, toks: &[T], cj: usize) -> usize {
    let from = toks[cj].end;
    let line_end = text[from..].find('\n').map_or(text.len(), |o| from + o);
    toks[cj + 1..]
        .iter()
        .take_while(|t| t.start < line_end)
        .find(|t| t.kind == TokenKind::Punct && t.text.starts_with(['.', '!', '?', '؟', '…']))
        .map_or(line_end, |t| t.start)
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

/// Verbs whose subject is a speaker even where no quotation follows
/// (`وأوضح المدير العام طريقة التوزيع وقال: …`): unambiguous verbs of
/// saying, not `ذكر` (mention), `رد` or `دعا`.
const EVENT_LEMMAS: &[&str] = &[
    "قال", "أكد", "أوضح", "صرح", "أعلن", "كشف", "أفاد", "شدد", "نفى", "حذر", "أشار", "أبان", "بين", "لفت", "نوه",
    "أعرب",
];

/// How a word reports speech.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// A finite verb (`قال`, `وأضافت`): its subject follows or precedes it.
    Verb(&'static str),
    /// A participle (`مشيراً`): the speaker is the sentence's subject.
    Participle(&'static str),
    /// `قوله` after `نقلت … عن X`: the speaker is X.
    Saying,
    /// `وجاء في بيان (صادر عن X)`: the speaker is X, or the statement.
    Statement,
}

impl Anchor {
    fn lemma(self) -> &'static str {
        match self {
            Anchor::Verb(l) | Anchor::Participle(l) => l,
            Anchor::Saying | Anchor::Statement => "قال",
        }
    }
}

fn anchor_at(toks: &[T], k: usize) -> Option<Anchor> {
    let t = &toks[k];
    if t.kind != TokenKind::Word {
        return None;
    }
    let w = t.norm.as_str();
    if let Some(l) = participle(w) {
        return Some(Anchor::Participle(l));
    }
    if matches!(w, "قوله" | "قولها" | "قولهم" | "قولهما") {
        return Some(Anchor::Saying);
    }
    if matches!(w, "جاء" | "وجاء")
        && toks.get(k + 1).is_some_and(|t| t.norm == "في")
        && toks.get(k + 2).is_some_and(|t| {
            matches!(
                t.norm.as_str(),
                "بيان"
                    | "البيان"
                    | "بيانه"
                    | "بيانها"
                    | "تصريح"
                    | "رسالة"
                    | "تقرير"
                    | "التقرير"
                    | "كلمة"
                    | "خطاب"
            )
        })
    {
        return Some(Anchor::Statement);
    }
    // `إبان` ("during") folds to the verb `أبان`; `يُذكر أن`, `يُشار إلى أن`
    // are the writer's own asides.
    if (w == "ابان" && t.text.starts_with('إ')) || matches!(w, "يذكر" | "ويذكر" | "يشار" | "ويشار")
    {
        return None;
    }
    // `بين` is far more often "between" than the verb بيّن, `يتابع`
    // "follows" (the news) more often than it continues a statement, and
    // `ورد` "was mentioned" more often than "and replied"; `وبين`
    // opens a clause as the verb only after punctuation.
    if matches!(w, "بين" | "يتابع" | "تتابع" | "ويتابع" | "وتتابع" | "يتابعون" | "ورد" | "وردت")
        || (w == "وبين" && k > 0 && toks[k - 1].kind == TokenKind::Word)
    {
        return None;
    }
    reporting_verb_normalized(w).map(Anchor::Verb)
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
    // How each token reports speech, if it does (looked up once: the
    // passes below ask about the same tokens many times).
    let anchors: Vec<Option<Anchor>> = (0..toks.len()).map(|k| anchor_at(&toks, k)).collect();
    let mut used_verbs = vec![false; toks.len()];
    let mut out: Vec<(usize, Quote)> = Vec::new(); // (verb token or usize::MAX, quote)
    let mut inside = vec![false; toks.len()]; // tokens of the quotations taken
    let mut marked = vec![false; toks.len()]; // tokens between any pair of marks

    // 1. Quotation marks.
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        let Some(&(open, close)) = OPENERS.iter().find(|(o, _)| t.text.starts_with(*o) && t.text.chars().count() == 1)
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
        // A straight quote mark that would pair across a paragraph break is
        // an unpaired one: try the next mark as the opener.
        if open == close && text[t.end..toks[ck].start].contains('\n') {
            k += 1;
            continue;
        }
        for x in marked.iter_mut().take(ck + 1).skip(k) {
            *x = true;
        }
        let words = (k + 1..ck).filter(|&j| toks[j].kind == TokenKind::Word).count();
        if words < 3 {
            // a title or a scare-quoted term
            k = ck + 1;
            continue;
        }
        let (qs, qe) = trim_span(text, t.end, toks[ck].start);
        // verb before the mark, in the same sentence
        let mut verb = None;
        let mut complementiser_between = false;
        let lo = k.saturating_sub(40);
        for j in (lo..k).rev() {
            if is_sentence_end(&toks[j]) || toks[j].text == "»" || toks[j].text == "”" {
                break;
            }
            if let Some(a) = anchors[j] {
                verb = Some((j, a, k));
                break;
            }
            if j + 1 < k && toks[j].kind == TokenKind::Word && is_complementiser(&toks[j].norm) {
                complementiser_between = true;
            }
        }
        // or after it: `«…»، قال ترامب`
        if verb.is_none() {
            let mut j = ck + 1;
            while j < toks.len() && j <= ck + 3 && toks[j].kind == TokenKind::Punct && !is_sentence_end(&toks[j]) {
                j += 1;
            }
            if j < toks.len() {
                if let Some(a) = anchors[j] {
                    let end = (j + 1..toks.len().min(j + 8))
                        .find(|&x| toks[x].kind == TokenKind::Punct)
                        .unwrap_or(toks.len().min(j + 8));
                    verb = Some((j, a, end));
                }
            }
        }
        let short = words < 6;
        // Without a reporting verb only a sentence-long quotation introduced
        // by a colon or `بأنه` counts (not a quoted title, verse or slogan).
        let after_colon = k > 0 && (toks[k - 1].text == ":" || is_complementiser(&toks[k - 1].norm));
        if verb.is_none() && (short || !after_colon) {
            k = ck + 1;
            continue;
        }
        if short {
            // A short quotation is a saying only where a saying is introduced
            // (`قال:`, `أن «…»`, `دعا إلى «…»`, `قال ترامب «…»`), not after a
            // title noun or a preposition, and not a phrase quoted inside
            // indirect speech (`قال إن الحوثيين يدفعون نحو "انهيار الاقتصاد"`).
            let prev = k.checked_sub(1).map(|p| &toks[p]);
            let introduced = prev.is_some_and(|p| {
                (p.kind == TokenKind::Punct && matches!(p.text, ":" | "،" | ","))
                    || (p.kind == TokenKind::Word
                        && (is_complementiser(&p.norm)
                            || p.norm == "الي"
                            || anchors[k - 1].is_some()
                            || (!in_list(TITLE_NOUNS, &p.norm)
                                && !marsad_arabic::stopwords::is_stopword(&p.norm)
                                && verb.is_some_and(|(vj, _, _)| vj < k && k - vj <= 4))))
            });
            if !introduced || complementiser_between {
                k = ck + 1;
                continue;
            }
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
        let vk = if let Some((vj, a, lim)) = verb {
            used_verbs[vj] = true;
            q.verb = Some(toks[vj].text.to_string());
            q.verb_lemma = Some(a.lemma());
            q.speaker = speaker_for(text, &toks, vj, a, lim);
            vj
        } else {
            usize::MAX
        };
        for x in inside.iter_mut().take(ck + 1).skip(k) {
            *x = true;
        }
        out.push((vk, q));
        k = ck + 1;
    }

    // 2. Colon quotes and indirect speech, anchored on verbs not used above.
    // Verbs that introduce no quotation still name who is speaking, for the
    // `وأضاف…` that follows.
    let mut events: Vec<(usize, Speaker)> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let Some(anchor) = anchors[k] else {
            k += 1;
            continue;
        };
        if used_verbs[k] || inside[k] {
            k += 1;
            continue;
        }
        let hi = toks.len().min(k + 40);
        let mut found = None;
        for (j, t) in toks.iter().enumerate().take(hi).skip(k + 1) {
            // a quotation taken above ends the search; a quoted name
            // (`في تصريحات لـ«عكاظ» عن أن…`) does not
            if inside[j] {
                break;
            }
            // `وأضاف دمرداش قائلاً في تصريحات…: إن…`: the participle goes on
            // with the verb's saying
            if matches!(anchor, Anchor::Verb(_)) && j <= k + 5 && matches!(anchors[j], Some(Anchor::Participle(_))) {
                used_verbs[j] = true;
                continue;
            }
            if is_sentence_end(t) {
                break;
            }
            if t.text == ":" {
                found = Some((j, QuoteKind::Direct));
                break;
            }
            if t.kind == TokenKind::Word
                && is_complementiser(&t.norm)
                && !marked[j]
                && !NOT_SPEECH_BEFORE_AN.contains(&toks[j - 1].norm.as_str())
            {
                found = Some((j, QuoteKind::Indirect));
                break;
            }
            if j > k + 1 && anchors[j].is_some() {
                break;
            }
        }
        // what follows was taken as a quotation in marks already
        if found.is_some_and(|(cj, _)| toks.get(cj + 1).is_some_and(|_| inside[cj + 1])) {
            k += 1;
            continue;
        }
        let Some((cj, kind)) = found else {
            if matches!(anchor, Anchor::Verb(l) if EVENT_LEMMAS.contains(&l)) {
                if let Some(sp) = speaker_after(text, &toks, k, toks.len().min(k + 8)) {
                    events.push((toks[k].start, sp));
                }
            }
            k += 1;
            continue;
        };
        let from = toks[cj].end;
        let to = quote_end(&toks, &anchors, cj, sentence_end(text, &toks, cj));
        let (qs, qe) = trim_span(text, from, to);
        let nwords = toks[cj + 1..].iter().take_while(|t| t.start < qe).filter(|t| t.kind == TokenKind::Word).count();
        if nwords < 2 || (kind == QuoteKind::Direct && OPENERS.iter().any(|(o, _)| text[qs..qe].starts_with(*o))) {
            k += 1;
            continue;
        }
        let speaker = speaker_for(text, &toks, k, anchor, cj);
        let q = Quote {
            kind,
            start: qs,
            end: qe,
            text: text[qs..qe].to_string(),
            verb: Some(toks[k].text.to_string()),
            verb_lemma: Some(anchor.lemma()),
            speaker,
        };
        out.push((k, q));
        k = toks.iter().position(|t| t.start >= qe).unwrap_or(toks.len()).max(k + 1);
    }

    // Continue the previous speaker where none was found: the speaker of the
    // nearest earlier quote or reporting verb.
    let verb_pos = |vk: usize, q: &Quote| if vk == usize::MAX { q.start } else { toks[vk].start };
    let mut all: Vec<(usize, Option<Quote>, Option<Speaker>)> =
        out.into_iter().map(|(vk, q)| (verb_pos(vk, &q), Some(q), None)).collect();
    all.extend(events.into_iter().map(|(at, sp)| (at, None, Some(sp))));
    all.sort_by_key(|(at, q, _)| (*at, q.is_some()));
    let mut last: Option<Speaker> = None;
    let mut quotes = Vec::new();
    for (_, q, ev) in all {
        let Some(mut q) = q else {
            last = ev;
            continue;
        };
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
    quotes.sort_by_key(|q| q.start);
    quotes
}

/// Where indirect or colon speech introduced at token `cj` ends: the
/// sentence's end, or the comma before the next saying in the same sentence
/// (`…، مضيفاً أن…`, `…، كما أعلن المجلس أن…`, `…، وترى أن…`).
fn quote_end(toks: &[T], anchors: &[Option<Anchor>], cj: usize, sentence_end: usize) -> usize {
    for j in cj + 1..toks.len() {
        if toks[j].start >= sentence_end {
            break;
        }
        if !is_comma(&toks[j]) {
            continue;
        }
        let mut n = j + 1;
        if toks.get(n).is_some_and(|t| matches!(t.norm.as_str(), "كما" | "فيما" | "بينما")) {
            n += 1;
        }
        if n < toks.len() && toks[n].start < sentence_end && anchors[n].is_some() {
            return toks[j].start;
        }
    }
    sentence_end
}

/// The speaker of the saying anchored at token `v`, with the speaker phrase
/// looked for before token `lim`.
fn speaker_for(text: &str, toks: &[T], v: usize, anchor: Anchor, lim: usize) -> Option<Speaker> {
    match anchor {
        Anchor::Participle(_) => None,
        Anchor::Saying => {
            // `نقلت وكالة … عن وزير الطاقة صالح خبري قوله`
            let from = (v.saturating_sub(10)..v).rev().find(|&j| toks[j].norm == "عن")?;
            make_speaker(text, toks, from + 1, v)
        }
        Anchor::Statement => {
            // `وجاء في بيان صادر عن وزارة التعليم…`, else `وجاء في البيان`
            match (v + 3..lim.min(v + 8)).find(|&j| toks[j].norm == "عن") {
                Some(an) => speaker_after(text, toks, an, lim),
                None => make_speaker(text, toks, v + 2, v + 3),
            }
        }
        Anchor::Verb(_) => {
            let after = speaker_after(text, toks, v, lim);
            // `وقال…` continues its clause's subject; only a bare verb may
            // follow its subject (`ترامب قال:`, `وكان كارتر قال`).
            let conj = toks[v].norm.starts_with('و') || toks[v].norm.starts_with('ف');
            after.or_else(|| if conj { None } else { speaker_before(text, toks, v) })
        }
    }
}

fn make_speaker(text: &str, toks: &[T], a: usize, b: usize) -> Option<Speaker> {
    if a >= b {
        return None;
    }
    let (s, e) = trim_span(text, toks[a].start, toks[b - 1].end);
    if s >= e {
        return None;
    }
    Some(Speaker {
        start: s,
        end: e,
        text: text[s..e].to_string(),
        canonical: None,
        entity_id: None,
        role: in_list(ROLE_HEADS, &toks[a].norm),
        inherited: false,
    })
}

/// The speaker after the verb at `v`, before token `lim`.
fn speaker_after(text: &str, toks: &[T], v: usize, lim: usize) -> Option<Speaker> {
    let mut a = v + 1;
    while a < lim && toks[a].kind == TokenKind::Punct {
        a += 1;
    }
    // `أكد لـ«عكاظ» وكيل الوزارة…`: skip the outlet spoken to
    if a < lim && toks[a].norm == "ل" {
        a += 1;
        while a < lim && toks[a].kind == TokenKind::Punct {
            a += 1;
        }
        a += 1;
        while a < lim && toks[a].kind == TokenKind::Punct {
            a += 1;
        }
    }
    if a >= lim {
        return None;
    }
    let first = &toks[a];
    let w = first.norm.as_str();
    // not an addressee (`للصحفيين`, `لتلك`), an object (`نوّه ببادرة…`, `بالقول`),
    // an adverb or a function word (`من يقول لا`)
    let object = w.starts_with("بال")
        || w.strip_prefix('ل').is_some_and(marsad_arabic::stopwords::is_stopword)
        || (w.starts_with('ب') && matches!(reporting_verb_normalized(&toks[v].norm), Some("نوه" | "أشاد")));
    if NOT_A_SPEAKER.contains(&w)
        || ADVERBS.contains(&w)
        || w.starts_with("لل")
        || object
        || first.kind != TokenKind::Word
        || marsad_arabic::stopwords::is_stopword_token(first.text, w)
    {
        return None;
    }
    let role_head = in_list(ROLE_HEADS, &toks[a].norm);
    let mut b = a;
    while b < lim && b < a + 7 {
        let t = &toks[b];
        // a number inside a name or title (`مهرجان جدة 36 محمد الساعد`)
        if t.kind == TokenKind::Number && b > a && toks.get(b + 1).is_some_and(|n| n.kind == TokenKind::Word) {
            b += 1;
            continue;
        }
        // a quoted name inside the phrase (`مقال «الإندبندنت»`)
        if b > a && t.kind == TokenKind::Punct && OPENERS.iter().any(|(o, _)| t.text.starts_with(*o)) {
            let close = (b + 2..lim.min(b + 5)).find(|&j| {
                toks[j].kind == TokenKind::Punct && OPENERS.iter().any(|(_, c)| toks[j].text.starts_with(*c))
            });
            if let Some(c) = close.filter(|&c| (b + 1..c).all(|j| toks[j].kind == TokenKind::Word)) {
                b = c + 1;
                continue;
            }
        }
        if t.kind != TokenKind::Word {
            break;
        }
        let w = t.norm.as_str();
        // `مصدر في المقاومة`: an unnamed source and where it sits
        if w == "في" && role_head && b == a + 1 && b + 1 < lim && toks[b + 1].kind == TokenKind::Word {
            b += 2;
            continue;
        }
        if SPEAKER_STOP.contains(&w)
            || NOT_A_SPEAKER.contains(&w)
            || is_complementiser(w)
            || reporting_verb_normalized(w).is_some()
            || participle(w).is_some()
        {
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

/// The subject before the verb at `v` (`ترامب قال:`), within its sentence;
/// across a relative pronoun (`ذبيح الله مجاهد الذي يقول إنه…`).
fn speaker_before(text: &str, toks: &[T], v: usize) -> Option<Speaker> {
    let v =
        if v > 1 && matches!(toks[v - 1].norm.as_str(), "الذي" | "التي" | "الذين") { v - 1 } else { v };
    let mut a = v;
    while a > 0 && v - a < 4 {
        let t = &toks[a - 1];
        if t.kind != TokenKind::Word
            || SPEAKER_STOP.contains(&t.norm.as_str())
            || ADVERBS.contains(&t.norm.as_str())
            || marsad_arabic::stopwords::is_stopword(&t.norm)
        {
            break;
        }
        a -= 1;
    }
    make_speaker(text, toks, a, v)
}

/// `w` or, without a leading conjunction `و`, `w[1..]` is in `list`
/// (`وسموه`, but `وكيل` is not `كيل`).
fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w) || w.strip_prefix('و').is_some_and(|r| list.contains(&r))
}

/// Honorific pronouns that stand for a person named before (`وأكد سموه`).
const HONORIFICS: &[&str] = &["سموه", "سموها", "معاليه", "معاليها", "سعادته", "سعادتها", "فضيلته", "سيادته", "جلالته"];

/// Titles and offices that open a description of a person
/// (`رئيسة الإعلام في الخيمة النسائية … فاطمة العنزي`): the name that follows
/// the description, before the saying, is the speaker's.
const TITLE_HEADS: &[&str] = &[
    "رءيس",
    "رءيسة",
    "الرءيس",
    "مدير",
    "مديرة",
    "المدير",
    "المتحدث",
    "المتحدثة",
    "متحدث",
    "الناطق",
    "ناطق",
    "وزير",
    "وزيرة",
    "الوزير",
    "امين",
    "الامين",
    "نائب",
    "سفير",
    "السفير",
    "مستشار",
    "محافظ",
    "قاءد",
    "عضو",
    "مسءول",
    "المسءول",
    "استاذ",
    "الاستاذ",
    "خبير",
    "الخبير",
    "محلل",
    "المحلل",
    "اخصاءي",
    "عميد",
    "مساعد",
    "وكيل",
    "مفتي",
    "زعيم",
    "ممثل",
    "مندوب",
    "قاضي",
    "الشيخ",
    "الدكتور",
    "المهندس",
    "اللواء",
    "العميد",
    "العقيد",
    "المقدم",
];

/// Resolve speakers to canonical entities. `text` is the text the quotes
/// and entities were found in.
///
/// - A person named anywhere in the speaker phrase is the speaker
///   (`رئيس اللجنة الإعلامية أحمد الحبسي`), and so is one named in an
///   apposition right after it (`وزيرة الإعلام، نادية السقاف،`) or after a
///   title's description, before the saying begins.
/// - A place, an organisation or a role (`الرئيس الأمريكي`) is the speaker
///   only when the phrase starts with it (`واشنطن`, `الخارجية`): in `مكتب
///   محافظ دياربكر` or `نائب رئيس الوزراء` it only says whose office it is.
///   A nationality adjective never is (`الجيش الإسرائيلي` is not Israel).
/// - An honorific pronoun (`سموه`, `معاليه`) is the first person named in
///   the paragraph (the sentence subject news names first), else the last
///   one named before.
/// - A saying with no speaker at all falls back on the first person named
///   in its paragraph before it, else the last one named in the 600 bytes
///   before it.
pub fn attach_entities(text: &str, quotes: &mut [Quote], entities: &[Entity]) {
    let mut mentions: Vec<(&crate::entities::Mention, &Entity)> =
        entities.iter().flat_map(|e| e.mentions.iter().map(move |m| (m, e))).collect();
    mentions.sort_by_key(|(m, _)| m.start);
    let is_person = |m: &crate::entities::Mention, e: &Entity| e.kind == EntityKind::Pers && m.via == MentionVia::Name;
    let paragraph_start = |at: usize| text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |p| p + 1);
    // The first person named in `at`'s paragraph before `at`, else the last
    // one named within `within` bytes before it.
    let person_before = |at: usize, within: Option<usize>| {
        let para = paragraph_start(at);
        mentions
            .iter()
            .find(|(m, e)| m.start >= para && m.end <= at && is_person(m, e))
            .or_else(|| {
                let w = within?;
                mentions.iter().rev().find(|(m, e)| m.end <= at && at - m.end <= w && is_person(m, e))
            })
            .copied()
    };
    // A speaker continued from an earlier paragraph gives way to the person
    // this paragraph opens with, as its subject: `حاكم ويسكونسن سكوت ووكر
    // أعرب عن رغبته … وذكر أنه سوف يرسل` is Walker's, not the previous
    // paragraph's Trump. A person named further in (`وتحدث عن منحه أموالاً
    // حتى لهيلاري كلينتون … قال:`) is no subject: the speaker continues.
    for q in quotes.iter_mut() {
        let Some(sp) = q.speaker.as_ref() else { continue };
        let para = paragraph_start(q.start);
        if !sp.inherited || sp.start >= para {
            continue;
        }
        let opens =
            |m: &crate::entities::Mention| text.get(para..m.start).is_some_and(|t| t.split_whitespace().count() <= 3);
        if let Some((m, e)) = person_before(q.start, None).filter(|(m, _)| m.start >= para && opens(m)) {
            q.speaker = Some(continued_by(m, e));
        }
    }
    for q in quotes.iter_mut() {
        let Some(sp) = q.speaker.as_mut() else { continue };
        let lead = |m: &crate::entities::Mention| m.start <= sp.start + 2 && m.end > sp.start;
        let first_word =
            normalize_str(sp.text.split_whitespace().next().unwrap_or(""), &NormalizeOptions::search()).into_owned();
        let titled = in_list(TITLE_HEADS, &first_word);
        let mut best: Option<(&Entity, (u8, usize))> = None;
        for (m, e) in &mentions {
            let overlaps = m.start < sp.end && sp.start < m.end;
            // `، نادية السقاف،` right after the phrase, or the name after a
            // title's description (`رئيسة الإعلام في الخيمة … فاطمة العنزي أن`)
            let after = is_person(m, e)
                && m.start >= sp.end
                && ((m.start <= sp.end + 4 && sp.text.split_whitespace().count() >= 2)
                    || (titled && q.start > sp.end && m.end <= q.start && m.start <= sp.end + 150));
            if !overlaps && !after {
                continue;
            }
            let rank = match (e.kind, m.via) {
                (_, MentionVia::Nationality) => continue,
                (EntityKind::Pers, MentionVia::Name) => 0,
                (_, _) if !lead(m) => continue,
                (EntityKind::Pers, _) => 1,
                (EntityKind::Org, _) => 2,
                _ => 3,
            };
            let key = (rank, m.start);
            if best.is_none_or(|(_, k)| key < k) {
                best = Some((e, key));
            }
        }
        if best.is_none() && in_list(HONORIFICS, &first_word) {
            best = person_before(sp.start, Some(2000)).map(|(_, e)| (e, (0, 0)));
        }
        if let Some((e, _)) = best {
            sp.canonical = Some(e.canonical.clone());
            sp.entity_id = Some(e.id.clone());
            sp.role = false;
        }
    }
    // No speaker: the first person named in the quote's paragraph.
    for q in quotes.iter_mut().filter(|q| q.speaker.is_none() && q.verb.is_some()) {
        let Some((m, e)) = person_before(q.start, Some(600)) else { continue };
        q.speaker = Some(continued_by(m, e));
    }
}

/// A speaker taken from context rather than from the saying's own clause:
/// the person of mention `m`, marked as continued.
fn continued_by(m: &crate::entities::Mention, e: &Entity) -> Speaker {
    Speaker {
        start: m.start,
        end: m.end,
        text: m.text.clone(),
        canonical: Some(e.canonical.clone()),
        entity_id: Some(e.id.clone()),
        role: false,
        inherited: true,
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

    fn said(text: &str) -> Vec<(QuoteKind, String, Option<String>)> {
        extract_quotes(text).into_iter().map(|q| (q.kind, q.text, q.speaker.map(|s| s.text))).collect()
    }

    fn resolved(text: &str) -> Vec<(String, Option<String>)> {
        let mut q = extract_quotes(text);
        attach_entities(text, &mut q, &crate::entities::extract_entities(text));
        q.into_iter().map(|q| (q.text, q.speaker.map(|s| s.canonical.unwrap_or(s.text)))).collect()
    }

    #[test]
    fn a_long_description_of_the_speaker_still_reaches_the_saying() {
        let q = said("قال وزير الدفاع الأمريكي أشتون كارتر للصحفيين بعد لقائه بالملك في جدة أمس الأحد إن من المتوقع أن يزور الملك واشنطن في الخريف.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].1.starts_with("من المتوقع"), "{q:?}");
        assert!(q[0].2.as_deref().is_some_and(|s| s.contains("كارتر")), "{q:?}");
    }

    #[test]
    fn participles_continue_the_speaker_and_end_the_previous_saying() {
        let q = said(
            "وقال المتحدث باسم الوزارة إن الوضع مستقر، مضيفاً أن الفرق تعمل على مدار الساعة، مشيراً إلى أن الطرق مفتوحة.",
        );
        assert_eq!(q.len(), 3, "{q:?}");
        assert_eq!(q[0].1, "الوضع مستقر");
        assert!(q[1].1.starts_with("الفرق تعمل") && q[2].1.starts_with("الطرق مفتوحة"), "{q:?}");
        assert!(q.iter().all(|x| x.2.as_deref() == Some("المتحدث باسم الوزارة")), "{q:?}");
    }

    #[test]
    fn asides_conjunctions_and_titles_are_not_sayings() {
        for text in [
            "ثم أضاف نيمار الهدف الثاني قبل أن يعود ميسي ليسجل الثالث.",
            "يذكر أن المجلس هيئة شبه رسمية أسستها الحكومة قبل عشرين عاماً.",
            "وتعرض القناة مسلسل «يوميات زوجة في المدينة» الذي تكشف فيه البطلة أسرار الصحيفة.",
            "تعهد زعيم الحركة بالمضي على نهج سلفه في «أول تسجيل صوتي له» منذ توليه.",
            "وسجل الفريق هدفه إبان الشوط الثاني من المباراة أمام جماهيره الغفيرة.",
        ] {
            assert!(extract_quotes(text).is_empty(), "{text}: {:?}", said(text));
        }
    }

    #[test]
    fn an_unpaired_straight_quote_does_not_shift_the_pairs() {
        let text = "\"لماذا يحدث هذا كله في بلادنا اليوم؟ سؤال طرحته على نفسي مرارا.\n\
حينها قال لهم: \"ما ترون أني فاعل بكم اليوم\" فسكتوا جميعا.";
        let q = said(text);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].1, "ما ترون أني فاعل بكم اليوم");
    }

    #[test]
    fn who_speaks_in_harder_sentences() {
        // an addressee after the verb: the subject is before it
        let q = said("وكان كارتر قال للملك سلمان في وقت سابق إن الرئيس يتطلع للقائه في سبتمبر.");
        assert_eq!(q[0].2.as_deref(), Some("كارتر"), "{q:?}");
        // a saying reported by a news agency
        let q = said("ونقلت وكالة الأنباء عن وزير الطاقة صالح خبري قوله إن المشاورات جارية.");
        assert_eq!(q[0].1, "المشاورات جارية");
        assert_eq!(q[0].2.as_deref(), Some("وزير الطاقة صالح خبري"), "{q:?}");
        // a statement
        let q = said("وجاء في بيان صادر عن وزارة الصحة: «سيتم افتتاح المستشفى الجديد في الأسبوع المقبل».");
        assert_eq!(q[0].2.as_deref(), Some("وزارة الصحة"), "{q:?}");
        // an unnamed source and where it sits
        let q = said("وقال مصدر في المقاومة إن المقاتلين تقدموا نحو المدينة.");
        assert_eq!(q[0].2.as_deref(), Some("مصدر في المقاومة"), "{q:?}");
        assert!(
            extract_quotes("وقال مصدر في المقاومة إن المقاتلين تقدموا نحو المدينة.")[0].speaker.as_ref().unwrap().role
        );
        // the outlet spoken to is not the speaker
        let q = said("أكد لـ«عكاظ» مدير المستشفى أن المخزون كاف لأسابيع.");
        assert_eq!(q[0].2.as_deref(), Some("مدير المستشفى"), "{q:?}");
        // a verb with no quotation names the speaker of the next one
        let q = said("وأوضح مدير الطوارئ طريقة توزيع المساعدات وقال: «سيتم توزيع الجزء الأكبر على العائلات المتضررة».");
        assert_eq!(q.len(), 1, "{q:?}");
        // (the phrase runs on into the object: no parser tells them apart)
        assert!(q[0].2.as_deref().is_some_and(|s| s.starts_with("مدير الطوارئ")), "{q:?}");
    }

    #[test]
    fn speakers_resolve_to_the_person_not_the_place() {
        // a nationality adjective is not the speaker
        let r = resolved("وقال الجيش الإسرائيلي في بيان إن الهجوم وقع صباحاً قرب الحاجز.");
        assert_eq!(r[0].1.as_deref(), Some("الجيش الإسرائيلي"), "{r:?}");
        // the person named after a title's description is
        let r = resolved("وأوضح رئيس اللجنة الإعلامية في المهرجان أحمد الحبسي أن الفعاليات تستمر أسبوعين.");
        assert!(r[0].1.as_deref().is_some_and(|s| s.contains("الحبسي")), "{r:?}");
        // an honorific pronoun is the person named first in the paragraph
        let r = resolved("كرم الأمير فيصل بن خالد أمير منطقة عسير الجندي محمد العتيبي على شجاعته. وأكد سموه أن رجال الأمن يبذلون جهوداً كبيرة.");
        assert!(r[0].1.as_deref().is_some_and(|s| s.contains("فيصل")), "{r:?}");
    }

    #[test]
    fn a_paragraph_that_opens_with_a_person_does_not_continue_the_previous_speaker() {
        let text = "وقال دونالد ترامب إن حملته ستفوز في الانتخابات المقبلة.
المرشح الجمهوري جيب بوش ركز على خلق فرص العمل في ولايته. وأشار إلى أن المهاجرين دافع للنمو الاقتصادي.
وتحدث عن منحه أموالاً حتى لهيلاري كلينتون، وقال: «طلبت منها أن تحضر حفل زفافي وحضرت».";
        let r = resolved(text);
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(r[0].1.as_deref().is_some_and(|s| s.contains("ترامب")), "{r:?}");
        // The second paragraph's subject, not the first paragraph's speaker.
        assert!(r[1].1.as_deref().is_some_and(|s| s.contains("بوش")), "{r:?}");
        // A person named in the middle of the third is no subject: the
        // speaker continues.
        assert!(r[2].1.as_deref().is_some_and(|s| !s.contains("كلينتون")), "{r:?}");
    }

    #[test]
    fn an_adverb_by_the_verb_is_no_speaker() {
        // `حينها قال لهم:` and `قال حينها:`: the adverb is no subject; the
        // person of the paragraph speaks.
        for said in ["حينها قال لهم", "قال لهم حينها", "قال حينها"] {
            let text = format!("حين دخل الرئيس نيلسون مانديلا القاعة، {said}: \"اذهبوا فأنتم أحرار\".");
            let r = resolved(&text);
            assert!(r[0].1.as_deref().is_some_and(|s| s.contains("مانديلا")), "{said}: {r:?}");
        }
    }

    #[test]
    fn a_decimal_point_does_not_end_the_saying() {
        for n in ["3.5", "8.\u{200f}1"] {
            let text = format!("وقال الوزير إن الاحتياطيات بلغت {n} مليار دولار في الربع الأول. وارتفع النفط.");
            let q = said(&text);
            assert_eq!(q.len(), 1, "{q:?}");
            assert!(q[0].1.ends_with("في الربع الأول"), "{q:?}");
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
