//! Publication dates as pages and dumps write them.
//!
//! Accepted: RFC 3339 / ISO 8601 (`2025-02-08T10:00:00Z`, `2025-02-08 10:00:00`,
//! `2025-02-08`), RFC 2822 (`Sat, 08 Feb 2025 10:00:00 +0000`), English
//! day-month-year with ordinals (`8th, February 2025 GMT`), Arabic
//! day-month-year with an optional weekday (`الأحد 10 أغسطس 2015`,
//! `١٠ آب ٢٠١٥`) in the Egyptian/Gulf, Levantine/Iraqi and Maghrebi month
//! sets, and numeric day-first dates (`29/07/2016`, `29-07-2016`).
//! Arabic-Indic and Persian digits are folded first. Times without a zone
//! are taken as UTC.
//!
//! Hijri dates (`25 شوال 1436 هـ`, `١ شوّال ١٤٤٦هـ`) are converted with the
//! Umm al-Qura calendar (the official Saudi calendar, as published by KACST)
//! through `icu_calendar`; see [`hijri_to_gregorian`]. When a text gives both
//! a Hijri and a Gregorian date (`… هـ الموافق 10 أغسطس 2015 م`), the
//! Gregorian one, as the publisher wrote it, wins.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use icu_calendar::cal::{Hijri, Iso};
use icu_calendar::Date;
use marsad_model::DatePrecision;

/// Convert an Umm al-Qura Hijri date to the Gregorian calendar.
///
/// `None` when the day does not exist (a 30th in a 29-day month) or the year
/// is outside 1300–1600 AH, the range of KACST's published tables.
///
/// ```
/// use marsad_extract::dates::hijri_to_gregorian;
/// assert_eq!(hijri_to_gregorian(1446, 10, 1).unwrap().to_string(), "2025-03-30");
/// assert_eq!(hijri_to_gregorian(1436, 10, 25).unwrap().to_string(), "2015-08-10");
/// ```
pub fn hijri_to_gregorian(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    if !(1300..=1600).contains(&year) {
        return None;
    }
    let h = Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    // icu clamps nothing here: an impossible day is an error above, but make
    // sure the round trip agrees before trusting it.
    if h.day_of_month().0 != day || h.month().ordinal != month {
        return None;
    }
    let iso = h.to_calendar(Iso);
    NaiveDate::from_ymd_opt(iso.year().extended_year(), u32::from(iso.month().ordinal), u32::from(iso.day_of_month().0))
}

/// The Umm al-Qura Hijri date `(year, month, day)` of a Gregorian day.
pub fn gregorian_to_hijri(d: NaiveDate) -> Option<(i32, u8, u8)> {
    let iso = Date::try_new_iso(d.year(), u8::try_from(d.month()).ok()?, u8::try_from(d.day()).ok()?).ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some((h.year().extended_year(), h.month().ordinal, h.day_of_month().0))
}

/// Hijri month names, folded as by [`fold`] (ى→ي, hamza forms → ا).
const HIJRI_MONTHS: &[(&str, u8)] = &[
    ("محرم", 1),
    ("صفر", 2),
    ("ربيع الاول", 3),
    ("ربيع اول", 3),
    ("ربيع الثاني", 4),
    ("ربيع ثاني", 4),
    ("ربيع الاخر", 4),
    ("ربيع اخر", 4),
    ("جمادي الاولي", 5),
    ("جمادي الاول", 5),
    ("جمادي الثانية", 6),
    ("جمادي الثانيه", 6),
    ("جمادي الاخرة", 6),
    ("جمادي الاخره", 6),
    ("جمادي الثاني", 6),
    ("جمادي الاخر", 6),
    ("رجب", 7),
    ("شعبان", 8),
    ("رمضان", 9),
    ("شوال", 10),
    ("ذو القعدة", 11),
    ("ذو القعده", 11),
    ("ذي القعدة", 11),
    ("ذي القعده", 11),
    ("ذو الحجة", 12),
    ("ذو الحجه", 12),
    ("ذي الحجة", 12),
    ("ذي الحجه", 12),
];

/// The Hijri month named at `words[i]` (one or two words), with its span.
pub(crate) fn hijri_month_at(words: &[&str], i: usize) -> Option<(u8, usize)> {
    let w = words[i].trim_matches(|c: char| c == '.' || c == ',');
    let w =
        w.strip_prefix('و').filter(|r| HIJRI_MONTHS.iter().any(|(n, _)| n.split(' ').next() == Some(*r))).unwrap_or(w);
    for &(name, m) in HIJRI_MONTHS {
        let mut parts = name.split(' ');
        let first = parts.next().unwrap_or("");
        if first != w {
            continue;
        }
        match parts.next() {
            None => return Some((m, 1)),
            Some(second) => {
                let next = words.get(i + 1).map(|n| n.trim_matches(|c: char| c == '.' || c == ','));
                if next == Some(second) {
                    return Some((m, 2));
                }
            }
        }
    }
    None
}

/// A Hijri year word: `1436`, `1436ه`, `1436هـ` (tatweel already folded away).
pub(crate) fn hijri_year(w: &str) -> Option<i32> {
    let w = w.trim_end_matches(['.', ',', ')']);
    let w = w.strip_suffix('ه').unwrap_or(w);
    let y: i32 = w.parse().ok()?;
    (1300..=1600).contains(&y).then_some(y)
}

/// A parsed date with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    /// The instant (midnight UTC when only the day is known).
    pub utc: DateTime<Utc>,
    /// How much of it the text gave.
    pub precision: DatePrecision,
}

/// Month names → month number (1–12), all regional sets, already in the
/// folded spelling produced by [`fold`].
const MONTHS: &[(&str, u32)] = &[
    // Egyptian / Gulf (transliterated Latin names)
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    // Maghrebi (French-derived)
    ("جانفي", 1),
    ("فيفري", 2),
    ("افريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويليه", 7),
    ("جويلية", 7),
    ("اوت", 8),
    // Levantine / Iraqi (Syriac names); two-word ones handled in `month_at`
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Fold what varies in how dates are typed: Arabic-Indic and Persian digits
/// to ASCII, hamza-carrying alefs and madda to bare alef, ى to ي, Persian
/// ی/ک, diacritics, tatweel and bidi marks dropped; Latin lower-cased.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{0660}'..='\u{0669}' => out.push((b'0' + (c as u32 - 0x0660) as u8) as char),
            '\u{06F0}'..='\u{06F9}' => out.push((b'0' + (c as u32 - 0x06F0) as u8) as char),
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' | 'ی' => out.push('ي'),
            'ک' => out.push('ك'),
            '\u{064B}'..='\u{0652}' | '\u{0670}' | 'ـ' => {}
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => {}
            '٬' => out.push(','),
            '،' => out.push(','),
            c if c.is_ascii_uppercase() => out.push(c.to_ascii_lowercase()),
            c => out.push(c),
        }
    }
    out
}

fn month_named(word: &str) -> Option<u32> {
    let w = word.trim_matches(|c: char| c == '.' || c == ',');
    // Arabic prefixes that glue to a month: و / ب / في is separate.
    MONTHS.iter().find(|(n, _)| *n == w).map(|&(_, m)| m).or_else(|| {
        let stripped = w.strip_prefix('و').or_else(|| w.strip_prefix('ب'))?;
        MONTHS.iter().find(|(n, _)| *n == stripped && n.chars().count() > 2).map(|&(_, m)| m)
    })
}

/// The month named at `words[i]` (and possibly `words[i+1]`), with the
/// number of words it spans.
pub(crate) fn month_at(words: &[&str], i: usize) -> Option<(u32, usize)> {
    let w = words[i];
    let next = words.get(i + 1).copied().unwrap_or("");
    match w {
        "كانون" => match next {
            "الثاني" => Some((1, 2)),
            "الاول" => Some((12, 2)),
            _ => None,
        },
        "تشرين" => match next {
            "الاول" => Some((10, 2)),
            "الثاني" => Some((11, 2)),
            _ => None,
        },
        _ => month_named(w).map(|m| (m, 1)),
    }
}

fn strip_ordinal(w: &str) -> &str {
    for suf in ["st", "nd", "rd", "th"] {
        if let Some(n) = w.strip_suffix(suf) {
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                return n;
            }
        }
    }
    w
}

fn parse_hm(w: &str) -> Option<NaiveTime> {
    let mut it = w.split(':');
    let h: u32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let s: u32 = it.next().map(|s| s.parse().ok()).unwrap_or(Some(0))?;
    NaiveTime::from_hms_opt(h, m, s)
}

/// Parse a publication date written in any of the accepted forms.
pub fn parse_publication_date(input: &str) -> Option<ParsedDate> {
    let raw = input.trim();
    if raw.is_empty() || raw.len() > 200 {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(ParsedDate { utc: t.with_timezone(&Utc), precision: DatePrecision::Second });
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(raw) {
        return Some(ParsedDate { utc: t.with_timezone(&Utc), precision: DatePrecision::Second });
    }
    let folded = fold(raw);
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&folded, fmt) {
            let p = if fmt.ends_with("%S") { DatePrecision::Second } else { DatePrecision::Minute };
            return Some(ParsedDate { utc: Utc.from_utc_datetime(&t), precision: p });
        }
    }
    for fmt in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(&folded, fmt) {
            return Some(day(d));
        }
    }
    if let Some(p) = parse_words(&folded) {
        return Some(p);
    }
    // `Mon, 2015-08-10 20:48`, `الاثنين 2015-08-10`: drop a leading weekday.
    let (head, rest) = folded.split_once([' ', ','])?;
    let weekday = [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "الاحد",
        "الاثنين",
        "الثلاثاء",
        "الاربعاء",
        "الخميس",
        "الجمعه",
        "الجمعة",
        "السبت",
    ];
    if weekday.iter().any(|w| head.trim_end_matches(',').starts_with(w)) && !rest.trim().is_empty() {
        return parse_publication_date(rest.trim_start_matches([',', ' ', '،']));
    }
    None
}

fn day(d: NaiveDate) -> ParsedDate {
    ParsedDate { utc: Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)), precision: DatePrecision::Day }
}

/// `[weekday] D month Y [time] [zone]` in Arabic or English words; a Hijri
/// `D month Y [هـ]` when no Gregorian date is written.
fn parse_words(folded: &str) -> Option<ParsedDate> {
    let cleaned: String = folded.chars().map(|c| if c == ',' || c == '-' || c == '/' { ' ' } else { c }).collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    parse_gregorian_words(&words).or_else(|| parse_hijri_words(&words))
}

fn parse_hijri_words(words: &[&str]) -> Option<ParsedDate> {
    for i in 1..words.len() {
        let Some((month, span)) = hijri_month_at(words, i) else { continue };
        let Ok(d) = strip_ordinal(words[i - 1]).parse::<u8>() else { continue };
        let Some(year) = words.get(i + span).and_then(|w| hijri_year(w)) else { continue };
        if let Some(g) = hijri_to_gregorian(year, month, d) {
            return Some(day(g));
        }
    }
    None
}

fn parse_gregorian_words(words: &[&str]) -> Option<ParsedDate> {
    for i in 0..words.len() {
        let Some((month, span)) = month_at(words, i) else { continue };
        let day_n = i.checked_sub(1).and_then(|j| strip_ordinal(words[j]).parse::<u32>().ok());
        let year = words.get(i + span).and_then(|w| w.trim_end_matches('م').parse::<i32>().ok());
        let Some(year) = year.filter(|y| (1800..=2200).contains(y)) else { continue };
        let Some(d) = day_n else {
            let date = NaiveDate::from_ymd_opt(year, month, 1)?;
            return Some(ParsedDate { utc: day(date).utc, precision: DatePrecision::Month });
        };
        let date = NaiveDate::from_ymd_opt(year, month, d)?;
        let time = words.get(i + span + 1).and_then(|w| parse_hm(w));
        return Some(match time {
            Some(t) => ParsedDate { utc: Utc.from_utc_datetime(&date.and_time(t)), precision: DatePrecision::Minute },
            None => day(date),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> (String, DatePrecision) {
        let p = parse_publication_date(s).unwrap_or_else(|| panic!("no date in {s:?}"));
        (p.utc.format("%Y-%m-%d %H:%M").to_string(), p.precision)
    }

    #[test]
    fn seed_format() {
        assert_eq!(ymd("8th, February 2025 GMT"), ("2025-02-08 00:00".into(), DatePrecision::Day));
        assert_eq!(ymd("1st, April 2025 GMT").0, "2025-04-01 00:00");
        assert_eq!(ymd("22nd, March 2025 GMT").0, "2025-03-22 00:00");
    }

    #[test]
    fn iso_and_rfc2822() {
        assert_eq!(ymd("2015-08-01 08:00:57"), ("2015-08-01 08:00".into(), DatePrecision::Second));
        assert_eq!(ymd("2025-02-08T10:00:00+03:00").0, "2025-02-08 07:00");
        assert_eq!(ymd("Sat, 08 Feb 2025 10:00:00 +0000").0, "2025-02-08 10:00");
        assert_eq!(ymd("2025-02-08").1, DatePrecision::Day);
    }

    #[test]
    fn arabic_month_sets() {
        assert_eq!(ymd("الأحد 10 أغسطس 2015").0, "2015-08-10 00:00");
        assert_eq!(ymd("١٠ آب ٢٠١٥").0, "2015-08-10 00:00");
        assert_eq!(ymd("3 كانون الثاني 2016").0, "2016-01-03 00:00");
        assert_eq!(ymd("12 تشرين الأول 2016").0, "2016-10-12 00:00");
        assert_eq!(ymd("5 جويلية 2016").0, "2016-07-05 00:00");
        assert_eq!(ymd("14 أوت 2016 10:30").0, "2016-08-14 10:30");
        assert_eq!(ymd("أبريل 2025").1, DatePrecision::Month);
        assert_eq!(ymd("الخميس، ٣ أبريل ٢٠٢٥").0, "2025-04-03 00:00");
    }

    #[test]
    fn leading_weekday() {
        assert_eq!(ymd("Mon, 2015-08-10 20:48"), ("2015-08-10 20:48".into(), DatePrecision::Minute));
        assert_eq!(ymd("الاثنين، 2015-08-10").0, "2015-08-10 00:00");
    }

    #[test]
    fn numeric_day_first() {
        assert_eq!(ymd("29/07/2016").0, "2016-07-29 00:00");
        assert_eq!(ymd("٢٩/٠٧/٢٠١٦").0, "2016-07-29 00:00");
    }

    #[test]
    fn hijri_umm_al_qura() {
        assert_eq!(hijri_to_gregorian(1446, 10, 1).unwrap().to_string(), "2025-03-30");
        assert_eq!(hijri_to_gregorian(1436, 10, 25).unwrap().to_string(), "2015-08-10");
        assert_eq!(hijri_to_gregorian(1436, 9, 1).unwrap().to_string(), "2015-06-18");
        assert_eq!(gregorian_to_hijri(NaiveDate::from_ymd_opt(2015, 8, 11).unwrap()), Some((1436, 10, 26)));
        assert!(hijri_to_gregorian(1436, 13, 1).is_none());
        assert!(hijri_to_gregorian(1436, 10, 31).is_none());
        assert!(hijri_to_gregorian(99, 1, 1).is_none());
        // Ramadan 1436 had 29 days in Umm al-Qura.
        assert!(hijri_to_gregorian(1436, 9, 30).is_none());
    }

    #[test]
    fn hijri_in_text() {
        assert_eq!(ymd("25 شوال 1436 هـ").0, "2015-08-10 00:00");
        assert_eq!(ymd("٢٥ شوّال ١٤٣٦هـ").0, "2015-08-10 00:00");
        assert_eq!(ymd("الأحد 1 شوال 1446").0, "2025-03-30 00:00");
        assert_eq!(ymd("12 ذي الحجة 1445 هـ").0, "2024-06-18 00:00");
        assert_eq!(ymd("3 جمادى الأولى 1446هـ").0, "2024-11-05 00:00");
        // Both calendars: the written Gregorian date wins.
        assert_eq!(ymd("25 شوال 1436 هـ الموافق 10 أغسطس 2015 م").0, "2015-08-10 00:00");
        assert_eq!(ymd("1 رمضان 1436 هـ الموافق 17 يونيو 2015 م").0, "2015-06-17 00:00");
        assert!(parse_publication_date("صفر 1436").is_none());
    }

    #[test]
    fn rejects_nonsense() {
        for s in ["", "غدا", "31 فبراير 2025", "hello world", "99/99/9999"] {
            assert!(parse_publication_date(s).is_none(), "{s}");
        }
    }
}
