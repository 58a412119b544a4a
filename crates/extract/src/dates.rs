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

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use marsad_model::DatePrecision;

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
    parse_words(&folded)
}

fn day(d: NaiveDate) -> ParsedDate {
    ParsedDate { utc: Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)), precision: DatePrecision::Day }
}

/// `[weekday] D month Y [time] [zone]` in Arabic or English words.
fn parse_words(folded: &str) -> Option<ParsedDate> {
    let cleaned: String = folded.chars().map(|c| if c == ',' || c == '-' || c == '/' { ' ' } else { c }).collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    for i in 0..words.len() {
        let Some((month, span)) = month_at(&words, i) else { continue };
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
    fn numeric_day_first() {
        assert_eq!(ymd("29/07/2016").0, "2016-07-29 00:00");
        assert_eq!(ymd("٢٩/٠٧/٢٠١٦").0, "2016-07-29 00:00");
    }

    #[test]
    fn rejects_nonsense() {
        for s in ["", "غدا", "31 فبراير 2025", "hello world", "99/99/9999"] {
            assert!(parse_publication_date(s).is_none(), "{s}");
        }
    }
}
