//! Time expressions in Arabic news text, TimeML-style (`DATE`, `TIME`,
//! `DURATION`, `SET`), with values resolved against a reference date (the
//! article's publication date, "anchor").
//!
//! A rule-based tagger over the tokens of [`marsad_arabic::tokenize`]: every
//! token is looked at in its Search-normalised form (no diacritics or tatweel,
//! alef/yeh folded, Arabic-Indic digits as ASCII), and the first word of an
//! expression may carry the proclitics `و ف ب ل ك` (`وأمس`, `بالأمس`,
//! `لليوم`), which are left out of the span. At each position the longest
//! match of all rules wins.
//!
//! What is recognised (values for an anchor of Saturday 2025-02-08):
//!
//! | text | type | value |
//! |---|---|---|
//! | `اليوم`, `أمس`, `غداً`, `أول أمس`, `بعد غد` | DATE | `2025-02-08`, `2025-02-07`, `2025-02-09`, … |
//! | `يوم الجمعة`, `الخميس المقبل` | DATE | `2025-02-07`, `2025-02-13` |
//! | `الجمعة 7 فبراير`, `26 نوفمبر 2024`, `٧ شباط ٢٠٢٥`, `29/07/2016` | DATE | `2025-02-07`, `2024-11-26`, … |
//! | `مايو 2022`, `نوفمبر الماضي`, `في مارس` | DATE | `2022-05`, `2024-11`, `2025-03` |
//! | `25 شوال 1436 هـ`, `١٤٤٦ هـ`, `شهر رمضان` | DATE | `2015-08-10` (Umm al-Qura), `2024` (the Gregorian year holding most of 1446), … |
//! | `عام 2019`, `العام الماضي`, `الشهر المقبل`, `الأسبوع الماضي` | DATE | `2019`, `2024`, `2025-03`, `2025-W05` |
//! | `مطلع الشهر`, `نهاية 2024`, `أواخر القرن التاسع عشر` | DATE + mod | `2025-02` START, `2024` END, `18` END |
//! | `الستينيات`, `القرن الماضي` | DATE | `196`, `20` |
//! | `منذ يومين`, `قبل ثلاث سنوات`, `بعد 40 عاما` | DATE | `2025-02-06`, `2022`, `2065` |
//! | `السنوات الأخيرة`, `الآن`, `في نفس الوقت`, `قريباً` | DATE | `PAST_REF`, `PRESENT_REF`, `FUTURE_REF` |
//! | `صباح اليوم`, `مساء أمس`, `الساعة العاشرة صباحاً` | TIME | `2025-02-08TMO`, `2025-02-07TEV`, `2025-02-08T10:00` |
//! | `ثلاثة أيام`, `أكثر من عشر سنوات`, `العامين` | DURATION | `P3D`, `P10Y` MORE_THAN, `P2Y` |
//! | `كل أسبوع`, `سنوياً`, `كل عامين` | SET | `P1W`, `P1Y`, `P2Y` |
//!
//! Without an anchor, relative values are left underspecified (`XXXX-XX-XX`).
//! Hijri dates are converted with the Umm al-Qura calendar of
//! [`marsad_extract::dates::hijri_to_gregorian`]; the Hijri form is kept in
//! [`Timex::hijri`].
//!
//! [`eval`] scores the tagger on TimeML files.

pub mod eval;

use std::cell::Cell;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use marsad_arabic::normalize::{is_arabic_diacritic, NormalizeOptions};
use marsad_arabic::tokenize::{tokenize, TokenKind};
use marsad_extract::dates::{gregorian_to_hijri, hijri_to_gregorian};
use serde::Serialize;

/// The TimeML type of a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period: `2025-02-07`, `2019`, `PAST_REF`.
    Date,
    /// A time of day: `2025-02-08T10:00`, `2025-02-07TEV`.
    Time,
    /// A length of time: `P3D`.
    Duration,
    /// A recurrence: `P1W` (every week).
    Set,
}

impl TimexType {
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }

    /// Parse a TimeML type name (case-insensitive).
    pub fn parse(s: &str) -> Option<TimexType> {
        match s.trim().to_ascii_uppercase().as_str() {
            "DATE" => Some(TimexType::Date),
            "TIME" => Some(TimexType::Time),
            "DURATION" => Some(TimexType::Duration),
            "SET" => Some(TimexType::Set),
            _ => None,
        }
    }
}

/// One time expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Timex {
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset just past the expression.
    pub end: usize,
    /// `&text[start..end]`.
    pub text: String,
    /// TimeML type.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TimeML value (ISO 8601 based): `2025-02-07`, `2025-W05`, `196`,
    /// `P3D`, `PAST_REF`, `XXXX-XX-XX` when unresolved.
    pub value: String,
    /// TimeML `mod`: `START`, `MID`, `END`, `APPROX`, `MORE_THAN`, `LESS_THAN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modifier: Option<&'static str>,
    /// TimeML `quant` of a SET (`EVERY`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quant: Option<&'static str>,
    /// The Hijri (Umm al-Qura) date or year as the text gave it, `1436-10-25`,
    /// `1436-09`, `1446`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hijri: Option<String>,
}

/// Find the time expressions of `text`, resolving relative ones against
/// `anchor` (normally the publication date).
///
/// ```
/// use chrono::NaiveDate;
/// use marsad_analyze::times::extract_times;
/// let anchor = NaiveDate::from_ymd_opt(2025, 2, 8);
/// let t = extract_times("التقى الرئيس يوم الجمعة 7 فبراير بنظيره.", anchor);
/// assert_eq!(t[0].value, "2025-02-07");
/// assert_eq!(t[0].text, "يوم الجمعة 7 فبراير");
/// ```
pub fn extract_times(text: &str, anchor: Option<NaiveDate>) -> Vec<Timex> {
    let toks = toks_of(text);
    let cx = Cx { toks, anchor, ov: Cell::new(None), last_day: Cell::new(None) };
    let mut out = Vec::new();
    let mut i = 0;
    while i < cx.toks.len() {
        let mut best: Option<(M, usize)> = None;
        for f in 0..cx.toks[i].forms.len() {
            cx.ov.set(Some((i, f)));
            if let Some(m) = cx.match_at(i) {
                if best.as_ref().is_none_or(|(b, _)| m.end > b.end) {
                    best = Some((m, f));
                }
            }
        }
        cx.ov.set(None);
        match best {
            Some((m, f)) => {
                let t0 = &cx.toks[i];
                let start = skip_letters(text, t0.start, t0.end, t0.forms[f].1);
                let end = cx.toks[m.end - 1].end;
                if m.kind == TimexType::Date && m.explicit_day {
                    cx.last_day.set(m.day);
                }
                out.push(Timex {
                    start,
                    end,
                    text: text[start..end].to_string(),
                    kind: m.kind,
                    value: m.value,
                    modifier: m.modifier,
                    quant: m.quant,
                    hijri: m.hijri,
                });
                i = m.end;
            }
            None => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Tokens

struct Tok {
    start: usize,
    end: usize,
    kind: TokenKind,
    /// Normalised forms: the whole token first, then without proclitics,
    /// each with the number of letters taken off the front.
    forms: Vec<(String, usize)>,
}

fn toks_of(text: &str) -> Vec<Tok> {
    let opts = NormalizeOptions::search();
    tokenize(text)
        .into_iter()
        .map(|t| {
            let mut norm = String::new();
            t.normalized_into(&opts, &mut norm);
            let mut forms = vec![(norm.clone(), 0)];
            if t.kind == TokenKind::Word {
                add_clitic_forms(&norm, &mut forms);
            }
            Tok { start: t.start, end: t.end, kind: t.kind, forms }
        })
        .collect()
}

fn add_clitic_forms(w: &str, forms: &mut Vec<(String, usize)>) {
    let mut push = |s: String, k: usize| {
        if s.chars().count() >= 2 && !forms.iter().any(|(f, _)| *f == s) {
            forms.push((s, k));
        }
    };
    let (w1, k1) = match w.strip_prefix('و').or_else(|| w.strip_prefix('ف')) {
        Some(r) => {
            push(r.to_string(), 1);
            (r, 1)
        }
        None => (w, 0),
    };
    if let Some(r) = w1.strip_prefix("لل") {
        push(format!("ال{r}"), k1 + 1);
    } else if let Some(r) = w1.strip_prefix('ب').or_else(|| w1.strip_prefix('ل')).or_else(|| w1.strip_prefix('ك')) {
        push(r.to_string(), k1 + 1);
    }
}

/// The byte offset after skipping `k` letters (and their marks) from `start`.
fn skip_letters(text: &str, start: usize, end: usize, k: usize) -> usize {
    if k == 0 {
        return start;
    }
    let mut seen = 0;
    for (o, c) in text[start..end].char_indices() {
        if is_arabic_diacritic(c) || c == '\u{0640}' {
            continue;
        }
        if seen == k {
            return start + o;
        }
        seen += 1;
    }
    start
}

// ---------------------------------------------------------------------------
// Matching

#[derive(Clone, Debug)]
struct M {
    end: usize,
    kind: TimexType,
    value: String,
    modifier: Option<&'static str>,
    quant: Option<&'static str>,
    hijri: Option<String>,
    /// The day, when the value is one.
    day: Option<NaiveDate>,
    /// Whether the day was written out (not relative to the anchor).
    explicit_day: bool,
}

impl M {
    fn new(end: usize, kind: TimexType, value: impl Into<String>) -> M {
        M { end, kind, value: value.into(), modifier: None, quant: None, hijri: None, day: None, explicit_day: false }
    }
    fn date(end: usize, value: impl Into<String>) -> M {
        M::new(end, TimexType::Date, value)
    }
    fn day(end: usize, d: Option<NaiveDate>) -> M {
        let mut m = M::date(end, d.map_or_else(|| "XXXX-XX-XX".to_string(), fmt_day));
        m.day = d;
        m
    }
    fn with_mod(mut self, m: Option<&'static str>) -> M {
        if m.is_some() {
            self.modifier = m;
        }
        self
    }
}

/// `d`, or the day with weekday `wd` one or two days before it. `أمس
/// الأحد` in an article published a day after it was written says Sunday
/// while "yesterday" counted from the publication date says Monday: the
/// weekday is what the writer checked. A weekday further away is no such
/// delay (a wrong weekday, or a date that is not the day it was written):
/// the day counted stays, and a past day never moves into the future.
fn written_weekday(d: NaiveDate, wd: Weekday) -> NaiveDate {
    (1..=2).filter_map(|back| d.checked_sub_signed(Duration::days(back))).find(|e| e.weekday() == wd).unwrap_or(d)
}

fn fmt_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Direction of a relative expression.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dir {
    Past,
    Current,
    Future,
}

struct Cx {
    toks: Vec<Tok>,
    anchor: Option<NaiveDate>,
    /// The token whose form is overridden (token, form index).
    ov: Cell<Option<(usize, usize)>>,
    /// The last explicitly written day (for narrative `اليوم التالي`).
    last_day: Cell<Option<NaiveDate>>,
}

const PREV_YEAR_CONTEXT: &[&str] = &[
    "في",
    "منذ",
    "حتي",
    "قبل",
    "بعد",
    "بين",
    "و",
    "الي",
    "من",
    "عن",
    "خلال",
    "عام",
    "العام",
    "سنة",
    "العامين",
    "عامي",
    "ابتداء",
    "اعتبارا",
    "مطلع",
    "نهاية",
    "بداية",
    "اواخر",
    "اوائل",
    "منتصف",
    "موسم",
    "لعام",
    "وفي",
];

impl Cx {
    /// The normalised form of token `i` ("" past the end).
    fn w(&self, i: usize) -> &str {
        match self.toks.get(i) {
            None => "",
            Some(t) => match self.ov.get() {
                Some((j, f)) if j == i => &t.forms[f].0,
                _ => &t.forms[0].0,
            },
        }
    }

    fn is(&self, i: usize, set: &[&str]) -> bool {
        let w = self.w(i);
        !w.is_empty() && set.contains(&w)
    }

    /// Whether any form of token `i - 1` is in `set`.
    fn prev_in(&self, i: usize, set: &[&str]) -> bool {
        i > 0 && self.toks[i - 1].forms.iter().any(|(f, _)| set.contains(&f.as_str()))
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn int(&self, i: usize) -> Option<i64> {
        if self.kind(i) != Some(TokenKind::Number) {
            return None;
        }
        let w = self.w(i);
        if w.contains(['.', ',']) || w.len() > 6 {
            return None;
        }
        w.parse().ok()
    }

    fn match_at(&self, i: usize) -> Option<M> {
        let cands = [
            self.r_modifier(i),
            self.r_timeofday(i),
            self.r_day(i),
            self.r_weekday(i),
            self.r_explicit(i, false),
            self.r_year(i),
            self.r_bare_year(i),
            self.r_rel_unit(i),
            self.r_decade(i),
            self.r_century(i),
            self.r_ref(i),
            self.r_duration_wrapped(i),
            self.r_set(i),
            self.r_clock(i),
            self.r_season(i),
            self.r_quarter(i),
        ];
        let mut best: Option<M> = None;
        for m in cands.into_iter().flatten() {
            if best.as_ref().is_none_or(|b| m.end > b.end) {
                best = Some(m);
            }
        }
        best
    }

    // -- relative resolution ------------------------------------------------

    fn rel_day(&self, delta: i64) -> Option<NaiveDate> {
        self.anchor.and_then(|a| a.checked_add_signed(Duration::days(delta)))
    }

    fn rel_year(&self, delta: i64) -> String {
        self.anchor.map_or_else(|| "XXXX".into(), |a| format!("{:04}", i64::from(a.year()) + delta))
    }

    fn rel_month(&self, delta: i64) -> String {
        match self.anchor {
            None => "XXXX-XX".into(),
            Some(a) => {
                let m = i64::from(a.year()) * 12 + i64::from(a.month0()) + delta;
                format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
            }
        }
    }

    fn rel_week(&self, delta: i64) -> String {
        self.rel_day(7 * delta).map_or_else(|| "XXXX-WXX".into(), fmt_week)
    }

    fn weekday_date(&self, wd: Weekday, dir: Dir, or_same: bool) -> Option<NaiveDate> {
        let a = self.anchor?;
        let diff = i64::from(wd.num_days_from_monday()) - i64::from(a.weekday().num_days_from_monday());
        let delta = match dir {
            Dir::Future => {
                let d = diff.rem_euclid(7);
                if d == 0 && !or_same {
                    7
                } else {
                    d
                }
            }
            _ => {
                let d = -(-diff).rem_euclid(7);
                if d == 0 && !or_same {
                    -7
                } else {
                    d
                }
            }
        };
        self.rel_day(delta)
    }

    /// A future marker (`سوف`, `سيُقام`, `ستعقد`, `غداً`) among the few words before `i`.
    fn future_context(&self, i: usize) -> bool {
        let lo = i.saturating_sub(4);
        (lo..i).any(|j| {
            let w = &self.toks[j].forms[0].0;
            let w = w.strip_prefix('و').unwrap_or(w);
            w == "سوف" || w == "المقبل" || w == "القادم" || {
                let mut cs = w.chars();
                cs.next() == Some('س') && matches!(cs.next(), Some('ي' | 'ت' | 'ن')) && w.chars().count() >= 5
            }
        })
    }

    // -- lexical pieces -----------------------------------------------------

    fn dir_word(w: &str) -> Option<Dir> {
        match w {
            "الماضي" | "الماضية" | "المنصرم" | "المنصرمة" | "السابق" | "السابقة" | "الفاءت" | "الفاءتة" => {
                Some(Dir::Past)
            }
            "الجاري" | "الجارية" | "الحالي" | "الحالية" => Some(Dir::Current),
            "المقبل" | "المقبلة" | "القادم" | "القادمة" => Some(Dir::Future),
            _ => None,
        }
    }

    fn weekday_word(w: &str) -> Option<Weekday> {
        Some(match w {
            "الاحد" | "احد" => Weekday::Sun,
            "الاثنين" | "اثنين" => Weekday::Mon,
            "الثلاثاء" | "ثلاثاء" => Weekday::Tue,
            "الاربعاء" | "اربعاء" => Weekday::Wed,
            "الخميس" | "خميس" => Weekday::Thu,
            "الجمعة" | "جمعة" => Weekday::Fri,
            "السبت" | "سبت" => Weekday::Sat,
            _ => return None,
        })
    }

    /// A Gregorian month name at `i`: (month, next index, ambiguous).
    fn month(&self, i: usize) -> Option<(u32, usize, bool)> {
        let w = self.w(i);
        let two = |second: &[&str], m: u32| -> Option<(u32, usize, bool)> {
            self.is(i + 1, second).then_some((m, i + 2, false))
        };
        let one = |m: u32| Some((m, i + 1, false));
        let amb = |m: u32| Some((m, i + 1, true));
        match w {
            "يناير" | "جانفي" | "جانفييه" | "يناىر" => one(1),
            "فبراير" | "فيفري" | "فبرير" | "شباط" => one(2),
            "مارس" | "اذار" => amb(3),
            "ابريل" | "افريل" | "نيسان" => one(4),
            "مايو" | "ايار" => one(5),
            "ماي" => amb(5),
            "يونيو" | "يونيه" | "جوان" | "حزيران" => one(6),
            "يوليو" | "يوليه" | "جويلية" | "جويليه" | "تموز" | "يوليوز" => one(7),
            "اغسطس" | "اغسطسس" | "اوت" | "غشت" => one(8),
            "اب" => amb(8),
            "سبتمبر" | "شتنبر" | "ايلول" => one(9),
            "اكتوبر" | "اوكتوبر" => one(10),
            "نوفمبر" | "نونبر" => one(11),
            "ديسمبر" | "دجنبر" => one(12),
            "كانون" => two(&["الثاني"], 1).or_else(|| two(&["الاول"], 12)),
            "تشرين" => two(&["الاول"], 10).or_else(|| two(&["الثاني"], 11)),
            _ => None,
        }
    }

    /// A Hijri month name at `i`: (month, next index).
    fn hijri_month(&self, i: usize) -> Option<(u8, usize)> {
        let w = self.w(i);
        let nxt = self.w(i + 1);
        match w {
            "محرم" => Some((1, i + 1)),
            "صفر" => Some((2, i + 1)),
            "ربيع" => match nxt {
                "الاول" | "اول" => Some((3, i + 2)),
                "الثاني" | "الاخر" | "ثاني" | "اخر" => Some((4, i + 2)),
                _ => None,
            },
            "جمادي" => match nxt {
                "الاولي" | "الاول" | "اولي" => Some((5, i + 2)),
                "الاخرة" | "الثانية" | "الثاني" | "الاخر" | "اخرة" => Some((6, i + 2)),
                _ => None,
            },
            "رجب" => Some((7, i + 1)),
            "شعبان" => Some((8, i + 1)),
            "رمضان" => Some((9, i + 1)),
            "شوال" => Some((10, i + 1)),
            "ذو" | "ذي" => match nxt {
                "القعدة" | "القعده" => Some((11, i + 2)),
                "الحجة" | "الحجه" => Some((12, i + 2)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Era markers after a year: `م`, `ميلادي`, `هـ`, `هجري`, `للهجرة`.
    /// Returns (next index, hijri?) — `None` if no marker.
    fn era(&self, i: usize) -> Option<(usize, bool)> {
        match self.w(i) {
            "م" | "ميلادي" | "ميلادية" | "للميلاد" => Some((i + 1, false)),
            "ه" | "هـ" | "هجري" | "هجرية" | "للهجرة" => Some((i + 1, true)),
            _ => None,
        }
    }

    /// A year at `i`: (year, next index, hijri?).
    fn year_at(&self, i: usize, lo: i64) -> Option<(i64, usize, bool)> {
        let y = self.int(i)?;
        if self.w(i).len() < 3 {
            return None;
        }
        match self.era(i + 1) {
            Some((j, true)) if (1300..=1600).contains(&y) => Some((y, j, true)),
            Some((j, false)) if (lo..=2200).contains(&y) => Some((y, j, false)),
            Some(_) => None,
            None if (lo..=2200).contains(&y) => Some((y, i + 1, false)),
            None => None,
        }
    }

    fn hijri_year_value(y: i64) -> String {
        let y32 = y as i32;
        match hijri_to_gregorian(y32, 7, 1) {
            Some(mid) => format!("{:04}", mid.year()),
            None => "XXXX".into(),
        }
    }

    /// Cardinal numbers in words: `ثلاثة`, `خمسة وتسعين`, `ثلاثة عشر`, `مئة`.
    fn num_words(&self, i: usize) -> Option<(i64, usize)> {
        fn unit(w: &str) -> Option<i64> {
            Some(match w {
                "واحد" | "واحدة" => 1,
                "اثنان" | "اثنين" | "اثنتان" | "اثنتين" | "اثنا" | "اثني" | "اثنتا" | "اثنتي" => {
                    2
                }
                "ثلاث" | "ثلاثة" => 3,
                "اربع" | "اربعة" => 4,
                "خمس" | "خمسة" => 5,
                "ست" | "ستة" => 6,
                "سبع" | "سبعة" => 7,
                "ثمان" | "ثماني" | "ثمانية" => 8,
                "تسع" | "تسعة" => 9,
                "عشر" | "عشرة" => 10,
                _ => return None,
            })
        }
        fn tens(w: &str) -> Option<i64> {
            Some(match w {
                "عشرون" | "عشرين" => 20,
                "ثلاثون" | "ثلاثين" => 30,
                "اربعون" | "اربعين" => 40,
                "خمسون" | "خمسين" => 50,
                "ستون" | "ستين" => 60,
                "سبعون" | "سبعين" => 70,
                "ثمانون" | "ثمانين" => 80,
                "تسعون" | "تسعين" => 90,
                _ => return None,
            })
        }
        fn hundreds(w: &str) -> Option<i64> {
            for h in ["ماءة", "مءة", "مية"] {
                if w == h {
                    return Some(100);
                }
                if let Some(p) = w.strip_suffix(h) {
                    return unit(p).filter(|u| *u >= 3).map(|u| u * 100);
                }
            }
            match w {
                "ماءتين" | "ماءتان" | "مءتين" | "مءتان" => Some(200),
                "الف" => Some(1000),
                "الفين" | "الفان" => Some(2000),
                _ => None,
            }
        }
        let w = self.w(i);
        if let Some(t) = tens(w) {
            return Some((t, i + 1));
        }
        if let Some(h) = hundreds(w) {
            return Some((h, i + 1));
        }
        if let Some(u) = unit(w).or(if w == "احد" || w == "احدي" { Some(1) } else { None }) {
            let nx = self.w(i + 1);
            if u < 10 && (nx == "عشر" || nx == "عشرة") {
                return Some((u + 10, i + 2));
            }
            if let Some(t) = nx.strip_prefix('و').and_then(tens) {
                if u < 10 {
                    return Some((u + t, i + 2));
                }
            }
            if w == "احد" || w == "احدي" {
                return None;
            }
            return Some((u, i + 1));
        }
        None
    }

    fn number(&self, i: usize) -> Option<(i64, usize)> {
        self.int(i).map(|v| (v, i + 1)).or_else(|| self.num_words(i))
    }

    /// A unit word: (unit code, implied count for duals/singular, plural?, next).
    fn unit(&self, i: usize) -> Option<(&'static str, Option<i64>, bool, usize)> {
        let w = self.w(i);
        let r = |u: &'static str, n: Option<i64>, pl: bool| Some((u, n, pl, i + 1));
        match w {
            "ثانية" | "ثوان" | "ثواني" => r("S", None, false),
            "ثانيتين" => r("S", Some(2), false),
            "دقيقة" | "دقاءق" => r("TM", None, false),
            "دقيقتين" | "دقيقتان" => r("TM", Some(2), false),
            "ساعة" | "ساعات" => r("H", None, w == "ساعات"),
            "ساعتين" | "ساعتان" => r("H", Some(2), false),
            "يوم" | "يوما" | "ايام" => r("D", None, w == "ايام"),
            "يومين" | "يومان" => r("D", Some(2), false),
            "اسبوع" | "اسبوعا" | "اسابيع" => r("W", None, w == "اسابيع"),
            "اسبوعين" | "اسبوعان" => r("W", Some(2), false),
            "شهر" | "شهرا" | "اشهر" | "شهور" => r("M", None, w == "اشهر" || w == "شهور"),
            "شهرين" | "شهران" => r("M", Some(2), false),
            "سنة" | "سنوات" | "سنين" | "عام" | "عاما" | "اعوام" => {
                r("Y", None, matches!(w, "سنوات" | "سنين" | "اعوام"))
            }
            "سنتين" | "سنتان" | "عامين" | "عامان" | "العامين" | "السنتين" | "الاعوام" => {
                if w == "الاعوام" {
                    None
                } else {
                    r("Y", Some(2), false)
                }
            }
            "عقد" | "عقدا" | "عقود" => r("DE", None, w == "عقود"),
            "عقدين" | "عقدان" => r("DE", Some(2), false),
            "قرن" | "قرنا" | "قرون" => r("CE", None, w == "قرون"),
            "قرنين" | "قرنان" => r("CE", Some(2), false),
            _ => None,
        }
    }

    // -- rules ----------------------------------------------------------------

    /// `نهاية 2024`, `مطلع الشهر`, `أواخر القرن التاسع عشر`, `نهاية الأسبوع الماضي`.
    fn r_modifier(&self, i: usize) -> Option<M> {
        let m = match self.w(i) {
            "نهاية" | "اواخر" | "اخر" | "ختام" | "اخير" => "END",
            "بداية" | "مطلع" | "اوائل" | "مستهل" | "بدايات" | "مطالع" => "START",
            "منتصف" | "اواسط" | "وسط" | "اوسط" => "MID",
            _ => return None,
        };
        let j = i + 1;
        match self.w(j) {
            "شهر" if !self.is(j + 1, &["رمضان"]) && self.month(j + 1).is_none() => {
                return Some(M::date(j + 1, "UNDEF-month").with_mod(Some(m)))
            }
            "عقد" if self.r_decade(j + 1).is_none() => {
                return Some(M::date(j + 1, "UNDEF-decade").with_mod(Some(m)))
            }
            "الشهر" if Self::dir_word(self.w(j + 1)).is_none() => {
                return Some(M::date(j + 1, self.rel_month(0)).with_mod(Some(m)))
            }
            "العام" | "السنة" if Self::dir_word(self.w(j + 1)).is_none() && self.int(j + 1).is_none() => {
                return Some(M::date(j + 1, self.rel_year(0)).with_mod(Some(m)))
            }
            "الاسبوع" if Self::dir_word(self.w(j + 1)).is_none() => {
                return Some(M::date(j + 1, self.rel_week(0)).with_mod(Some(m)))
            }
            _ => {}
        }
        let inner = [
            self.r_explicit(j, true),
            self.r_year(j).or_else(|| self.bare_year(j)),
            self.r_rel_unit(j),
            self.r_decade(j),
            self.r_century(j),
            self.r_season(j),
        ];
        let best = inner.into_iter().flatten().max_by_key(|x| x.end)?;
        if best.kind != TimexType::Date || best.modifier.is_some() {
            return None;
        }
        Some(best.with_mod(Some(m)))
    }

    /// `صباح اليوم`, `مساء أمس`, `ليلة الجمعة`, `صباح الثلاثاء`, `هذا الصباح`.
    fn r_timeofday(&self, i: usize) -> Option<M> {
        let part = |w: &str| -> Option<&'static str> {
            Some(match w {
                "صباح" | "صبيحة" | "فجر" | "ضحي" | "الصباح" => "MO",
                "ظهر" | "الظهر" => "MI",
                "عصر" => "AF",
                "مساء" | "المساء" | "امسية" => "EV",
                "ليلة" | "ليل" | "الليلة" | "منتصف" => "NI",
                _ => return None,
            })
        };
        if self.w(i) == "هذا" || self.w(i) == "هذه" {
            let p = part(self.w(i + 1))?;
            let mut m =
                M::new(i + 2, TimexType::Time, format!("{}T{p}", self.rel_day(0).map_or("XXXX-XX-XX".into(), fmt_day)));
            m.day = self.rel_day(0);
            return Some(m);
        }
        let w = self.w(i);
        if w == "الليلة" {
            // `الليلة` (tonight), `الليلة الماضية` (last night)
            let (d, end) = if self.is(i + 1, &["الماضية", "المنصرمة", "السابقة"]) {
                (self.rel_day(-1), i + 2)
            } else if self.is(i + 1, &["المقبلة", "القادمة"]) {
                (self.rel_day(1), i + 2)
            } else if !self.prev_in(i, &["في", "تلك", "ذلك", "هذه"])
                && !self.is(i + 1, &["التي", "الاولي", "الثانية", "الاخيرة"])
            {
                (self.rel_day(0), i + 1)
            } else {
                return None;
            };
            let mut m = M::new(end, TimexType::Time, format!("{}TNI", d.map_or("XXXX-XX-XX".into(), fmt_day)));
            m.day = d;
            return Some(m);
        }
        if w == "منتصف" && !self.is(i + 1, &["ليل", "الليل", "ليلة"]) {
            return None;
        }
        let p = part(w)?;
        let mut j = i + 1;
        if w == "منتصف" {
            j += 1;
        }
        let inner = [self.r_day(j), self.r_weekday(j), self.r_explicit(j, false)];
        let best = inner.into_iter().flatten().max_by_key(|x| x.end)?;
        let d = best.day?;
        let mut m = M::new(best.end, TimexType::Time, format!("{}T{p}", fmt_day(d)));
        m.day = Some(d);
        Some(m)
    }

    /// `اليوم`, `أمس`, `غداً`, `أول أمس`, `بعد غد`, `أمس الجمعة`, `اليوم التالي`.
    fn r_day(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let (delta, mut end) = match w {
            "اليوم" => {
                if self.prev_in(i, &["هذا", "ذلك", "نفس", "ذات", "ذاك", "بهذا", "لهذا"]) {
                    return None;
                }
                let nx = self.w(i + 1);
                if matches!(nx, "التالي" | "الموالي" | "اللاحق") {
                    let base = self.last_day.get().or(self.anchor);
                    let d = base.and_then(|b| b.checked_add_signed(Duration::days(1)));
                    return Some(M::day(i + 2, d));
                }
                if matches!(
                    nx,
                    "السابق"
                        | "الذي"
                        | "التي"
                        | "الوطني"
                        | "العالمي"
                        | "الدولي"
                        | "العربي"
                        | "الاول"
                        | "الثاني"
                        | "الثالث"
                        | "الرابع"
                        | "الخامس"
                        | "الاخير"
                        | "الختامي"
                        | "الافتتاحي"
                        | "نفسه"
                        | "ذاته"
                        | "المفتوح"
                        | "الدراسي"
                        | "الواحد"
                        | "الموعود"
                        | "المشهود"
                ) {
                    return None;
                }
                (0, i + 1)
            }
            "امس" | "الامس" | "البارحة" => {
                if self.is(i + 1, &["الاول"]) {
                    (-2, i + 2)
                } else {
                    (-1, i + 1)
                }
            }
            "غدا" | "الغد" | "غد" => (1, i + 1),
            "اول" if self.is(i + 1, &["امس", "الامس", "البارحة"]) => (-2, i + 2),
            "بعد" if self.is(i + 1, &["غد", "غدا"]) => (2, i + 2),
            _ => return None,
        };
        // A following weekday names the same day: `أمس الجمعة`, `اليوم الأحد`.
        let mut k = end;
        if self.is(k, &["يوم"]) {
            k += 1;
        }
        let mut day = self.rel_day(delta);
        if let Some(wd) = Self::weekday_word(self.w(k)) {
            end = k + 1;
            day = day.map(|d| written_weekday(d, wd));
        }
        Some(M::day(end, day))
    }

    /// `يوم الجمعة`, `الخميس المقبل`, `السبت الماضي`, `الجمعة 7 فبراير`.
    fn r_weekday(&self, i: usize) -> Option<M> {
        let mut j = i;
        let has_yom = self.w(j) == "يوم";
        if has_yom {
            j += 1;
        }
        let wd = Self::weekday_word(self.w(j))?;
        if !has_yom && i == j {
            // Bare `الاثنين` is also "the two", bare `الأحد` "the one".
            if wd == Weekday::Mon && self.prev_in(i, &["كلا", "بين", "هذين", "من"]) {
                return None;
            }
            if !self.w(j).starts_with("ال") {
                return None;
            }
        }
        j += 1;
        // An explicit date after the weekday wins.
        let mut k = j;
        if self.is(k, &["،", ","]) {
            k += 1;
        }
        if self.is(k, &["الموافق"]) {
            k += 1;
        }
        if let Some(m) = self.r_explicit(k, false) {
            if m.day.is_some() {
                return Some(M { ..m });
            }
        }
        let (dir, or_same, end) = match Self::dir_word(self.w(j)) {
            Some(Dir::Past) => (Dir::Past, false, j + 1),
            Some(Dir::Future) => (Dir::Future, false, j + 1),
            Some(Dir::Current) => (Dir::Past, true, j + 1),
            None if self.future_context(i) => (Dir::Future, true, j),
            None => (Dir::Past, true, j),
        };
        let d = self.weekday_date(wd, dir, or_same);
        let mut m = M::day(end, d);
        if d.is_none() {
            m.value = format!("XXXX-WXX-{}", wd.number_from_monday());
        }
        Some(m)
    }

    /// Written dates: `7 فبراير`, `26 نوفمبر 2024`, `مايو 2022`, `نوفمبر الماضي`,
    /// `25 شوال 1436 هـ`, `29/07/2016`, `شهر رمضان`, `10 و 11 أبريل`.
    /// `ctx`: a bare month name is allowed.
    fn r_explicit(&self, i: usize, ctx: bool) -> Option<M> {
        // Numeric dates.
        if let Some(m) = self.numeric_date(i) {
            return Some(m);
        }
        let mut j = i;
        let mut has_shahr = false;
        if self.w(j) == "شهر" {
            has_shahr = true;
            j += 1;
        }
        let mut day: Option<(i64, usize)> = None;
        if !has_shahr {
            if let Some(d) = self.int(j).filter(|d| (1..=31).contains(d)) {
                // `10 و 11 أبريل`: the first of two days takes the month of the second.
                if self.is(j + 1, &["و"]) && self.int(j + 2).is_some_and(|d2| (1..=31).contains(&d2)) {
                    if let Some(m2) = self.r_explicit(j + 2, false) {
                        if let Some(d2) = m2.day {
                            let d1 = NaiveDate::from_ymd_opt(d2.year(), d2.month(), d as u32);
                            let mut m = M::day(j + 1, d1);
                            m.explicit_day = true;
                            return Some(m);
                        }
                    }
                }
                day = Some((d, j + 1));
            }
        }
        let mstart = day.map_or(j, |d| d.1);
        if let Some((hm, k)) = self.hijri_month(mstart) {
            return self.hijri_date(
                i,
                day.map(|d| d.0),
                hm,
                k,
                has_shahr || ctx || self.prev_in(i, &["في", "خلال", "منذ", "حتي"]),
            );
        }
        let (month, mut k, ambiguous) = self.month(mstart)?;
        let strong_ctx = ctx
            || has_shahr
            || self
                .prev_in(i, &["في", "خلال", "منذ", "حتي", "شهر", "مطلع", "بداية", "نهاية", "منتصف", "اواخر", "اوائل"]);
        let prev_ctx = strong_ctx || self.prev_in(i, &["الي", "من", "قبل", "بعد"]);
        // Year?
        let mut year: Option<i64> = None;
        if let Some((y, k2, hijri)) = self.year_at(k, 1000) {
            if !hijri {
                year = Some(y);
                k = k2;
            }
        } else if self.is(k, &["من"]) && self.is(k + 1, &["العام", "عام", "السنة"]) {
            if let Some(d) = Self::dir_word(self.w(k + 2)) {
                if let Some(a) = self.anchor {
                    year = Some(i64::from(a.year()) + Self::dir_delta(d));
                }
                k += 3;
            } else if let Some((y, k2, false)) = self.year_at(k + 2, 1000) {
                year = Some(y);
                k = k2;
            }
        } else if self.is(k, &["من"]) && self.is(k + 1, &["هذا"]) && self.is(k + 2, &["العام"]) {
            year = self.anchor.map(|a| i64::from(a.year()));
            k += 3;
        }
        let mut dir = None;
        if year.is_none() {
            if let Some(d) = Self::dir_word(self.w(k)) {
                dir = Some(d);
                k += 1;
            }
        }
        if year.is_none() && dir.is_none() && day.is_none() && !(if ambiguous { strong_ctx } else { prev_ctx }) {
            return None;
        }
        let y = match year {
            Some(y) => y as i32,
            None => self.resolve_year(month, day.map(|d| d.0 as u32), dir)?,
        };
        match day {
            Some((d, _)) => {
                let date = NaiveDate::from_ymd_opt(y, month, d as u32)?;
                let mut m = M::day(k, Some(date));
                m.explicit_day = true;
                Some(m)
            }
            None => Some(M::date(k, format!("{y:04}-{month:02}"))),
        }
    }

    fn dir_delta(d: Dir) -> i64 {
        match d {
            Dir::Past => -1,
            Dir::Current => 0,
            Dir::Future => 1,
        }
    }

    /// The year of a month (and day) given without one.
    fn resolve_year(&self, month: u32, day: Option<u32>, dir: Option<Dir>) -> Option<i32> {
        let a = self.anchor?;
        let y = a.year();
        let key = |yy: i32| {
            NaiveDate::from_ymd_opt(yy, month, day.unwrap_or(1)).or_else(|| NaiveDate::from_ymd_opt(yy, month, 28))
        };
        let cmp_anchor = if day.is_some() { a } else { NaiveDate::from_ymd_opt(y, a.month(), 1)? };
        match dir {
            Some(Dir::Current) => Some(y),
            Some(Dir::Past) => [y, y - 1].into_iter().find(|yy| key(*yy).is_some_and(|d| d < cmp_anchor)),
            Some(Dir::Future) => [y, y + 1].into_iter().find(|yy| key(*yy).is_some_and(|d| d > cmp_anchor)),
            None => {
                [y - 1, y, y + 1].into_iter().min_by_key(|yy| key(*yy).map_or(i64::MAX, |d| (d - a).num_days().abs()))
            }
        }
    }

    fn hijri_date(&self, _i: usize, day: Option<i64>, hm: u8, mut k: usize, ctx: bool) -> Option<M> {
        let mut year = None;
        if let Some(y) = self.int(k).filter(|y| (1300..=1600).contains(y)) {
            year = Some(y);
            k += 1;
            if let Some((k2, true)) = self.era(k) {
                k = k2;
            }
        }
        if year.is_none() && day.is_none() && !ctx {
            return None;
        }
        let year = match year {
            Some(y) => y as i32,
            None => {
                // The occurrence of this month nearest to the anchor.
                let a = self.anchor?;
                let (ay, _, _) = gregorian_to_hijri(a)?;
                [ay - 1, ay, ay + 1].into_iter().min_by_key(|yy| {
                    hijri_to_gregorian(*yy, hm, day.unwrap_or(15) as u8).map_or(i64::MAX, |d| (d - a).num_days().abs())
                })?
            }
        };
        match day {
            Some(d) => {
                let g = hijri_to_gregorian(year, hm, u8::try_from(d).ok()?)?;
                let mut m = M::day(k, Some(g));
                m.explicit_day = true;
                m.hijri = Some(format!("{year:04}-{hm:02}-{d:02}"));
                Some(m)
            }
            None => {
                let g = hijri_to_gregorian(year, hm, 15)?;
                let mut m = M::date(k, format!("{:04}-{:02}", g.year(), g.month()));
                m.hijri = Some(format!("{year:04}-{hm:02}"));
                Some(m)
            }
        }
    }

    /// `29/07/2016`, `2016-07-29`, `29-7-2016`.
    fn numeric_date(&self, i: usize) -> Option<M> {
        let a = self.int(i)?;
        let sep = self.w(i + 1);
        if !matches!(sep, "/" | "-" | ".") || self.w(i + 3) != sep {
            return None;
        }
        let b = self.int(i + 2)?;
        let c = self.int(i + 4)?;
        let (y, mo, d) = if self.w(i).len() == 4 { (a, b, c) } else { (c, b, a) };
        let mut k = i + 5;
        let hijri = matches!(self.era(k), Some((_, true)));
        if let Some((k2, _)) = self.era(k) {
            k = k2;
        }
        let date = if hijri || (1300..=1600).contains(&y) && self.era(i + 5).is_some() {
            hijri_to_gregorian(y as i32, u8::try_from(mo).ok()?, u8::try_from(d).ok()?)?
        } else {
            if !(1000..=2200).contains(&y) {
                return None;
            }
            NaiveDate::from_ymd_opt(y as i32, u32::try_from(mo).ok()?, u32::try_from(d).ok()?)?
        };
        let mut m = M::day(k, Some(date));
        m.explicit_day = true;
        if hijri {
            m.hijri = Some(format!("{y:04}-{mo:02}-{d:02}"));
        }
        Some(m)
    }

    /// `عام 2019`, `العام 1887`, `سنة ٢٠٢٥م`, `١٤٤٦ هـ`, `(1949)`, `في 2019`.
    fn r_year(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        if matches!(w, "عام" | "العام" | "سنة" | "السنة" | "عامي") {
            let (y, k, hijri) = self.year_at(i + 1, 100)?;
            return Some(self.year_m(y, k, hijri));
        }
        // A year with an era marker anywhere; a bare one in context.
        let (y, k, hijri) = self.year_at(i, 1000)?;
        if k > i + 1 {
            return Some(self.year_m(y, k, hijri));
        }
        None
    }

    /// A year without `عام`: in context (`في 2019`, `(1949)`, `بين 1910 و 1912`)
    /// or not followed by a word (`2000 شخص` is a count).
    fn r_bare_year(&self, i: usize) -> Option<M> {
        if self.kind(i) != Some(TokenKind::Number) || self.w(i).len() != 4 {
            return None;
        }
        let ok = self.prev_in(i, PREV_YEAR_CONTEXT)
            || self.prev_in(i, &["(", "-", "–"])
            || self.prev_in(i, &["،", ","]) && self.kind(i + 1) != Some(TokenKind::Word)
            || self.kind(i + 1) != Some(TokenKind::Word)
                && self.kind(i + 1) != Some(TokenKind::Number)
                && i > 0
                && self.kind(i - 1) != Some(TokenKind::Number);
        if !ok {
            return None;
        }
        let (y, k, hijri) = self.year_at(i, 1800)?;
        if !hijri && y > 2100 {
            return None;
        }
        Some(self.year_m(y, k, hijri))
    }

    fn bare_year(&self, i: usize) -> Option<M> {
        let (y, k, hijri) = self.year_at(i, 1000)?;
        Some(self.year_m(y, k, hijri))
    }

    fn year_m(&self, y: i64, k: usize, hijri: bool) -> M {
        if hijri {
            let mut m = M::date(k, Self::hijri_year_value(y));
            m.hijri = Some(format!("{y:04}"));
            m
        } else {
            M::date(k, format!("{y:04}"))
        }
    }

    /// `العام الماضي`, `هذا العام`, `الشهر المقبل`, `الأسبوع الماضي`, `العقد الماضي`.
    fn r_rel_unit(&self, i: usize) -> Option<M> {
        let (unit_w, dir, end) = if self.is(i, &["هذا", "هذه"]) {
            (self.w(i + 1), Dir::Current, i + 2)
        } else {
            let d = Self::dir_word(self.w(i + 1))?;
            (self.w(i), d, i + 2)
        };
        let delta = Self::dir_delta(dir);
        let value = match unit_w {
            "العام" | "السنة" => self.rel_year(delta),
            "الشهر" => self.rel_month(delta),
            "الاسبوع" => self.rel_week(delta),
            "العقد" => match self.anchor {
                Some(a) => format!("{:03}", i64::from(a.year()) / 10 + delta),
                None => "XXX".into(),
            },
            _ => return None,
        };
        Some(M::date(end, value))
    }

    /// `الستينيات`, `ثمانينيات القرن الماضي` (the decade only), `عقد التسعينات`.
    fn r_decade(&self, i: usize) -> Option<M> {
        let mut j = i;
        if self.is(j, &["عقد"]) {
            j += 1;
        }
        let w = self.w(j);
        let w = w.strip_prefix("ال").unwrap_or(w);
        let stem = w.strip_suffix("يات").or_else(|| w.strip_suffix("ات"))?;
        let d = match stem {
            "عشرين" => 2,
            "ثلاثين" => 3,
            "اربعين" => 4,
            "خمسين" => 5,
            "ستين" => 6,
            "سبعين" => 7,
            "ثمانين" => 8,
            "تسعين" => 9,
            _ => return None,
        };
        let century = if self.is(j + 1, &["من"]) && self.is(j + 2, &["القرن"]) && self.is(j + 3, &["الحالي", "الجاري"])
        {
            20
        } else {
            19
        };
        Some(M::date(j + 1, format!("{century}{d}")))
    }

    /// `القرن التاسع عشر`, `القرن العشرين`, `القرن الماضي`, `القرن الـ19`, `القرن 21`.
    fn r_century(&self, i: usize) -> Option<M> {
        if !self.is(i, &["القرن"]) {
            return None;
        }
        let mut j = i + 1;
        if self.is(j, &["ال", "الـ"]) {
            j += 1;
        }
        let ord = |w: &str| -> Option<i64> {
            Some(match w {
                "الاول" => 1,
                "الثاني" => 2,
                "الثالث" => 3,
                "الرابع" => 4,
                "الخامس" => 5,
                "السادس" => 6,
                "السابع" => 7,
                "الثامن" => 8,
                "التاسع" => 9,
                "العاشر" => 10,
                "الحادي" => 1,
                _ => return None,
            })
        };
        let (c, end) = if let Some(n) = self.int(j) {
            (n, j + 1)
        } else if let Some(o) = ord(self.w(j)) {
            if self.is(j + 1, &["عشر"]) {
                (o + 10, j + 2)
            } else if self.is(j + 1, &["والعشرين", "والعشرون"]) {
                (o + 20, j + 2)
            } else if o == 1 && self.w(j) == "الحادي" {
                return None;
            } else {
                (o, j + 1)
            }
        } else {
            match self.w(j) {
                "العشرين" | "العشرون" => (20, j + 1),
                "الماضي" | "المنصرم" | "السابق" => {
                    (self.anchor.map_or(20, |a| i64::from(a.year()) / 100), j + 1)
                }
                "الحالي" | "الجاري" => (self.anchor.map_or(21, |a| i64::from(a.year()) / 100 + 1), j + 1),
                "المقبل" | "القادم" => (self.anchor.map_or(22, |a| i64::from(a.year()) / 100 + 2), j + 1),
                _ => return None,
            }
        };
        if !(1..=30).contains(&c) {
            return None;
        }
        Some(M::date(end, format!("{:02}", c - 1)))
    }

    /// `PAST_REF`, `PRESENT_REF`, `FUTURE_REF` phrases.
    fn r_ref(&self, i: usize) -> Option<M> {
        const PAST_HEAD: &[&str] = &[
            "السنوات",
            "الاعوام",
            "الايام",
            "الاسابيع",
            "الاشهر",
            "الشهور",
            "العقود",
            "الفترة",
            "الاونة",
            "السنين",
            "الساعات",
        ];
        let w = self.w(i);
        let one = |v: &str| Some(M::date(i + 1, v));
        match w {
            "مءخرا" | "سابقا" | "انذاك" | "حينذاك" | "وقتءذ" | "حينءذ" => {
                return one("PAST_REF")
            }
            "الان" | "حاليا" | "راهنا" => return one("PRESENT_REF"),
            "قريبا" | "مستقبلا" | "لاحقا" => return one("FUTURE_REF"),
            "اللحظة" if self.prev_in(i, &["في", "حتي", "هذه", "للحظة"]) && !self.is(i + 1, &["التي", "الاخيرة"]) => {
                return one("PRESENT_REF")
            }
            "الماضي" if self.prev_in(i, &["في"]) => return one("PAST_REF"),
            "المستقبل" if self.prev_in(i, &["في"]) && !self.is(i + 1, &["القريب", "البعيد"]) => {
                return one("FUTURE_REF")
            }
            "المستقبل" if self.prev_in(i, &["في"]) => return Some(M::date(i + 2, "FUTURE_REF")),
            _ => {}
        }
        if w == "هذه" && self.is(i + 1, &["الايام", "الفترة", "الاونة"]) {
            return Some(M::date(i + 2, "PRESENT_REF"));
        }
        // `في نفس الوقت`, `في ذات الوقت`, `في الوقت نفسه`: simultaneous
        // with what the sentence reports (TimeML annotates them as now).
        if matches!(w, "نفس" | "ذات") && self.prev_in(i, &["في"]) && self.is(i + 1, &["الوقت", "اللحظة"])
        {
            return Some(M::date(i + 2, "PRESENT_REF"));
        }
        if matches!(w, "الوقت" | "اللحظة")
            && self.prev_in(i, &["في"])
            && self.is(i + 1, &["نفسه", "ذاته", "نفسها", "ذاتها"])
        {
            return Some(M::date(i + 2, "PRESENT_REF"));
        }
        if w == "الوقت" && self.is(i + 1, &["الحالي", "الراهن", "الحاضر"]) {
            return Some(M::date(i + 2, "PRESENT_REF"));
        }
        if w == "الفترة" && self.is(i + 1, &["الحالية", "الراهنة"]) {
            return Some(M::date(i + 2, "PRESENT_REF"));
        }
        if PAST_HEAD.contains(&w) {
            // `الأيام الثلاثة الماضية`: an optional number word in between.
            let mut j = i + 1;
            if self.num_words(j).is_some() || self.int(j).is_some() {
                j += 1;
            }
            let v = match self.w(j) {
                "الاخيرة" | "الماضية" | "المنصرمة" | "السابقة" | "الفاءتة" => {
                    "PAST_REF"
                }
                "المقبلة" | "القادمة" | "اللاحقة" | "التالية" => "FUTURE_REF",
                _ => return None,
            };
            if j > i + 1 {
                // with a count it is a duration ending or starting now
                return None;
            }
            return Some(M::date(j + 1, v));
        }
        None
    }

    /// A duration, possibly turned into a date by `قبل`/`منذ`/`بعد`.
    fn r_duration_wrapped(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let (sign, j) = match w {
            "قبل" | "منذ" => (-1, i + 1),
            "بعد" => (1, i + 1),
            _ => (0, i),
        };
        let min_khilal = i >= 2 && self.prev_in(i, &["خلال"]) && self.prev_in(i - 1, &["من"]);
        let trig = sign != 0
            || !min_khilal
                && self.prev_in(i, &["خلال", "لمدة", "مدة", "طوال", "طيلة", "طول", "قرابة", "نحو", "حوالي", "زهاء"]);
        let (mut m, unit, n) = self.duration(j, trig)?;
        if sign == 0 {
            return Some(m);
        }
        // `قبل ثلاث سنوات` → a date.
        let modifier = m.modifier;
        let Some(n) = n else {
            let v = if sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
            return Some(M::date(m.end, v));
        };
        let end = m.end;
        let n = n * sign;
        m = match (unit, self.anchor) {
            (_, None) => M::date(end, if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }),
            ("Y", Some(_)) => M::date(end, self.rel_year(n)),
            ("DE", Some(_)) => M::date(end, self.rel_year(10 * n)),
            ("CE", Some(_)) => M::date(end, self.rel_year(100 * n)),
            ("M", Some(_)) => M::date(end, self.rel_month(n)),
            ("W", Some(_)) => M::date(end, self.rel_week(n)),
            ("D", Some(_)) => M::day(end, self.rel_day(n)),
            (_, Some(_)) => M::day(end, self.rel_day(0)),
        };
        Some(m.with_mod(modifier))
    }

    /// `ثلاثة أيام`, `13 عاما`, `أكثر من عشر سنوات`, `يومين`, `بضعة أشهر`.
    /// Returns the match, its unit code and count (None: unknown).
    fn duration(&self, i: usize, trig: bool) -> Option<(M, &'static str, Option<i64>)> {
        let mut j = i;
        let mut modifier = None;
        match self.w(j) {
            "اكثر" | "اقل" | "ازيد" if self.is(j + 1, &["من"]) => {
                modifier = Some(if self.w(j) == "اقل" { "LESS_THAN" } else { "MORE_THAN" });
                j += 2;
            }
            "ما" if self.is(j + 1, &["يقرب", "يزيد", "يناهز"]) && self.is(j + 2, &["من", "عن", "علي"]) =>
            {
                modifier = Some(if self.w(j + 1) == "يزيد" { "MORE_THAN" } else { "APPROX" });
                j += 3;
            }
            "نحو" | "حوالي" | "قرابة" | "زهاء" => {
                modifier = Some("APPROX");
                j += 1;
            }
            _ => {}
        }
        let trig = trig || modifier.is_some();
        let (n, k) = if let Some((v, k)) = self.number(j) {
            (Some(v), k)
        } else if self.is(j, &["بضعة", "بضع", "عدة", "بضعه"]) {
            (None, j + 1)
        } else {
            (Some(0), j) // no number: the unit must carry one
        };
        let (unit, implied, plural, end) = self.unit(k)?;
        // `عام 2019` is a year, not a duration.
        if self.int(end).is_some_and(|y| (1000..=2200).contains(&y)) {
            return None;
        }
        let count = match n {
            Some(0) => {
                let uw = self.w(k);
                let acc = uw.ends_with('ا') && !uw.ends_with("ءا") && !plural;
                match implied {
                    Some(c) => Some(c),
                    None if plural => return None,
                    // `عقد`/`قرن` alone are rather "contract"/"horn".
                    None if acc || trig && !matches!(unit, "DE" | "CE") => Some(1),
                    None => return None,
                }
            }
            Some(v) => {
                if implied.is_some() || v <= 0 {
                    return None;
                }
                Some(v)
            }
            None => None,
        };
        let value = match count {
            Some(c) => match unit {
                "S" => format!("PT{c}S"),
                "TM" => format!("PT{c}M"),
                "H" => format!("PT{c}H"),
                u => format!("P{c}{u}"),
            },
            None => match unit {
                "S" => "PTXS".to_string(),
                "TM" => "PTXM".to_string(),
                "H" => "PTXH".to_string(),
                u => format!("PX{u}"),
            },
        };
        let m = M::new(end, TimexType::Duration, value).with_mod(modifier);
        Some((m, unit, count))
    }

    /// `كل أسبوع`, `كل عامين`, `يومياً`, `سنوياً`, `الشهرية`.
    fn r_set(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let adv = match w {
            "يوميا" | "اليومية" | "يومية" => Some("P1D"),
            "اسبوعيا" | "الاسبوعية" | "اسبوعية" | "الاسبوعي" | "اسبوعي" => {
                Some("P1W")
            }
            "شهريا" | "الشهرية" | "شهرية" | "الشهري" | "شهري" => Some("P1M"),
            "سنويا" | "السنوية" | "سنوية" | "السنوي" | "سنوي" | "عاما" if w != "عاما" => {
                Some("P1Y")
            }
            _ => None,
        };
        if let Some(v) = adv {
            let mut m = M::new(i + 1, TimexType::Set, v);
            m.quant = Some("EVERY");
            return Some(m);
        }
        if w != "كل" {
            return None;
        }
        let mut k = i + 1;
        if self.is(k, &["يوم"]) && Self::weekday_word(self.w(k + 1)).is_some() {
            let wd = Self::weekday_word(self.w(k + 1))?;
            let mut m = M::new(k + 2, TimexType::Set, format!("XXXX-WXX-{}", wd.number_from_monday()));
            m.quant = Some("EVERY");
            return Some(m);
        }
        let (n, k2) = self.number(k).map_or((None, k), |(v, k2)| (Some(v), k2));
        k = k2;
        let (unit, implied, plural, end) = self.unit(k)?;
        if plural && n.is_none() {
            return None;
        }
        let c = n.or(implied).unwrap_or(1);
        let v = match unit {
            "S" => format!("PT{c}S"),
            "TM" => format!("PT{c}M"),
            "H" => format!("PT{c}H"),
            u => format!("P{c}{u}"),
        };
        let mut m = M::new(end, TimexType::Set, v);
        m.quant = Some("EVERY");
        Some(m)
    }

    /// `الساعة العاشرة صباحاً`, `الساعة 10:30 مساء`, `الساعة الحادية عشرة والنصف`.
    fn r_clock(&self, i: usize) -> Option<M> {
        let (mut h, mut mi, mut k) = if self.is(i, &["الساعة"]) {
            let j = i + 1;
            if let Some(h) = self.int(j).filter(|h| (0..=24).contains(h)) {
                if self.is(j + 1, &[":"]) {
                    (h, self.int(j + 2).filter(|m| (0..60).contains(m))?, j + 3)
                } else {
                    (h, 0, j + 1)
                }
            } else {
                let ordh = |w: &str| -> Option<i64> {
                    Some(match w {
                        "الواحدة" => 1,
                        "الثانية" => 2,
                        "الثالثة" => 3,
                        "الرابعة" => 4,
                        "الخامسة" => 5,
                        "السادسة" => 6,
                        "السابعة" => 7,
                        "الثامنة" => 8,
                        "التاسعة" => 9,
                        "العاشرة" => 10,
                        "الحادية" => 11,
                        _ => return None,
                    })
                };
                let h = ordh(self.w(j))?;
                if h == 11 || (h == 2 && self.is(j + 1, &["عشرة"])) {
                    if !self.is(j + 1, &["عشرة"]) {
                        return None;
                    }
                    (if h == 2 { 12 } else { 11 }, 0, j + 2)
                } else {
                    (h, 0, j + 1)
                }
            }
        } else {
            // `10:30 صباحاً`
            let h = self.int(i).filter(|h| (0..=24).contains(h))?;
            if !self.is(i + 1, &[":"]) {
                return None;
            }
            let mi = self.int(i + 2).filter(|m| (0..60).contains(m))?;
            if !self.is(i + 3, &["صباحا", "مساء", "ظهرا", "عصرا", "ليلا", "فجرا"])
                && !self.prev_in(i, &["الساعة", "عند", "في"])
            {
                return None;
            }
            (h, mi, i + 3)
        };
        match self.w(k) {
            "والنصف" => {
                mi = 30;
                k += 1;
            }
            "والربع" => {
                mi = 15;
                k += 1;
            }
            "و" if self.is(k + 1, &["النصف"]) => {
                mi = 30;
                k += 2;
            }
            "الا" if self.is(k + 1, &["ربعا", "الربع", "ربع"]) => {
                mi = 45;
                h -= 1;
                k += 2;
            }
            _ => {}
        }
        match self.w(k) {
            "صباحا" | "فجرا" => k += 1,
            "مساء" | "مساءا" | "عصرا" | "ليلا" => {
                if h < 12 && !(self.w(k) == "ليلا" && h < 5) {
                    h += 12;
                }
                k += 1
            }
            "ظهرا" => {
                if h < 6 {
                    h += 12;
                }
                k += 1
            }
            _ => {}
        }
        let d = self.rel_day(0).map_or_else(|| "XXXX-XX-XX".to_string(), fmt_day);
        Some(M::new(k, TimexType::Time, format!("{d}T{:02}:{:02}", h.rem_euclid(24), mi)))
    }

    /// `الصيف`, `صيف 2014`, `الشتاء الماضي`, `فصل الربيع`.
    fn r_season(&self, i: usize) -> Option<M> {
        let j = i;
        let fasl = self.prev_in(i, &["فصل", "فصول"]);
        let w = self.w(j);
        let (code, definite) = match w {
            "الصيف" => ("SU", true),
            "الشتاء" => ("WI", true),
            "الربيع" => ("SP", true),
            "الخريف" => ("FA", true),
            "صيف" => ("SU", false),
            "شتاء" => ("WI", false),
            "ربيع" => ("SP", false),
            "خريف" => ("FA", false),
            _ => return None,
        };
        if self.is(j + 1, &["العربي", "الاول", "الثاني", "الاخر", "براغ", "العمر"]) {
            return None;
        }
        if let Some((y, k, false)) = self.year_at(j + 1, 1000) {
            return Some(M::date(k, format!("{y:04}-{code}")));
        }
        if let Some(d) = Self::dir_word(self.w(j + 1)) {
            return Some(M::date(j + 2, format!("{}-{code}", self.rel_year(Self::dir_delta(d)))));
        }
        if !definite && !fasl {
            return None;
        }
        Some(M::date(j + 1, format!("{}-{code}", self.rel_year(0))))
    }

    /// `الربع الأول من 2024`, `الربع الثالث من العام الجاري`, `النصف الأول من العام`.
    fn r_quarter(&self, i: usize) -> Option<M> {
        let q = match self.w(i) {
            "الربع" => "Q",
            "النصف" => "H",
            _ => return None,
        };
        let n = match self.w(i + 1) {
            "الاول" => 1,
            "الثاني" => 2,
            "الثالث" if q == "Q" => 3,
            "الرابع" | "الاخير" if q == "Q" => 4,
            "الاخير" => 2,
            _ => return None,
        };
        let mut k = i + 2;
        if self.is(k, &["من"]) {
            k += 1;
        }
        let year = if self.is(k, &["العام", "السنة", "عام"]) {
            if let Some((y, k2, false)) = self.year_at(k + 1, 1000) {
                k = k2;
                format!("{y:04}")
            } else if let Some(d) = Self::dir_word(self.w(k + 1)) {
                k += 2;
                self.rel_year(Self::dir_delta(d))
            } else {
                k += 1;
                self.rel_year(0)
            }
        } else if let Some((y, k2, false)) = self.year_at(k, 1000) {
            k = k2;
            format!("{y:04}")
        } else {
            return None;
        };
        Some(M::date(k, format!("{year}-{q}{n}")))
    }
}

#[cfg(test)]
mod tests;

/// The Gregorian month names of Egypt and the Gulf (Search-normalised).
pub(crate) const GREGORIAN_MONTHS: [&str; 12] =
    ["يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر"];

/// The Levantine and Maghrebi month names (Search-normalised; كانون and
/// تشرين take الاول/الثاني after them).
pub(crate) const OTHER_MONTH_NAMES: [&str; 18] = [
    "كانون",
    "شباط",
    "اذار",
    "نيسان",
    "ايار",
    "حزيران",
    "تموز",
    "اب",
    "ايلول",
    "تشرين",
    "جانفي",
    "فيفري",
    "افريل",
    "جوان",
    "جويلية",
    "اوت",
    "ماي",
    "غشت",
];

/// Whether a Search-normalised word is a month name of any regional set.
pub(crate) fn is_month_name(word: &str) -> bool {
    GREGORIAN_MONTHS.contains(&word) || OTHER_MONTH_NAMES.contains(&word)
}
