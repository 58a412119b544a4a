//! Keys under which spellings of one name meet.
//!
//! * [`word_key`]: the Search form of one word (no diacritics or tatweel,
//!   folded alef/hamza/yeh and Persian letters) with `ة` → `ه`. Used for
//!   alias-table lookups of single words.
//! * [`light_key`]: [`word_key`] (with `ى` → `ي`). Gazetteer phrases are
//!   stored and looked up word by word under this key; transliteration
//!   variants are listed in the alias table.
//! * [`loose_key`]: for place and organisation names: `غ`/`گ`/`ڨ` → `ج`
//!   (بيونغ/بيونج), hamza dropped, doubled letters collapsed, words joined.
//! * [`skeleton`]: for person names: [`loose_key`]
//!   (بيونغ يانغ/بيونغيانغ, عبد العزيز/عبدالعزيز) and, when that is five
//!   letters or more, every `ا` after the first letter dropped (ترامب/ترمب,
//!   نتانياهو/نتنياهو). The length guard keeps short Arabic names apart
//!   (حامد/حمد, عامر/عمر); `و`/`ي` are never dropped (محمود/محمد,
//!   سعيد/سعد). The price: two-word names that differ only by an `ا`
//!   (حامد علي/حمد علي) meet.

use marsad_arabic::normalize::{normalize_into, NormalizeOptions};

/// Search-normalise `s` and fold `ة` → `ه`.
pub fn word_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &NormalizeOptions::search(), &mut out);
    if out.contains('ة') {
        out = out.replace('ة', "ه");
    }
    out
}

/// [`word_key`] with the safe transliteration folds; for one word (spaces are
/// kept as they are).
pub fn light_key(s: &str) -> String {
    light_fold(&word_key(s))
}

/// Apply the light folds to a string that is already a [`word_key`]:
/// `ى` → `ي` (for text that was not Search-normalised). Transliteration
/// folds are *not* applied here: as a gazetteer key they merged common
/// words with names (غدة "gland" with جدة, كيف "how" with كييف, فيفاء with
/// الفيفا); the alias table lists such variants explicitly instead.
pub fn light_fold(key: &str) -> String {
    key.replace('ى', "ي")
}

/// Transliteration folds for whole-name keys: `غ`/`گ`/`ڨ` → `ج`, hamza
/// dropped, doubled letters collapsed, spaces removed.
fn translit_fold(name: &str) -> String {
    let key = light_key(name);
    let mut out = String::with_capacity(key.len());
    let mut prev: Option<char> = None;
    for c in key.chars() {
        let c = match c {
            'غ' | 'گ' | 'ڨ' | 'ڠ' => 'ج',
            'ء' => continue,
            c if c.is_whitespace() => continue,
            c => c,
        };
        if Some(c) == prev && !c.is_ascii_digit() {
            continue;
        }
        prev = Some(c);
        out.push(c);
    }
    out
}

/// The key under which spellings of a place or organisation name meet:
/// [`skeleton`] without dropping `ا` (so السالم and الإسلام stay apart).
pub fn loose_key(name: &str) -> String {
    translit_fold(name)
}

/// The skeleton of a name (one or more words): see the module docs.
pub fn skeleton(name: &str) -> String {
    let key = translit_fold(name);
    let n = key.chars().count();
    if n < 5 {
        return key;
    }
    key.chars().enumerate().filter(|&(i, c)| i == 0 || c != 'ا').map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_meet() {
        assert_eq!(skeleton("كيم جونج أون"), skeleton("كيم جونغ أون"));
        assert_eq!(skeleton("بيونج يانج"), skeleton("بيونغ يانغ"));
        assert_eq!(skeleton("بيونغ يانغ"), skeleton("بيونغيانغ"));
        assert_eq!(skeleton("ترامب"), skeleton("ترمب"));
        assert_eq!(skeleton("نتنياهو"), skeleton("نتانياهو"));
        assert_eq!(skeleton("عبد العزيز"), skeleton("عبدالعزيز"));
        assert_eq!(skeleton("إيشيبا"), skeleton("ايشيبا"));
        // Diacritics, tatweel, Persian letters.
        assert_eq!(skeleton("تـرامـبُ"), skeleton("ترامب"));
        assert_eq!(skeleton("کیم"), skeleton("كيم"));
    }

    #[test]
    fn arabic_names_stay_apart() {
        assert_ne!(skeleton("محمود"), skeleton("محمد"));
        assert_ne!(skeleton("حامد"), skeleton("حمد"));
        assert_ne!(skeleton("سعيد"), skeleton("سعد"));
        assert_ne!(skeleton("عامر"), skeleton("عمر"));
    }

    #[test]
    fn keys() {
        assert_eq!(word_key("المدرسة"), "المدرسه");
        assert_eq!(skeleton("جونغ"), skeleton("جونج"));
        assert_eq!(skeleton("خامنئي"), skeleton("خامني"));
        // Not as gazetteer keys: common words would meet names.
        assert_ne!(light_key("غدة"), light_key("جدة"));
        assert_ne!(light_key("كيف"), light_key("كييف"));
        assert_ne!(light_key("فيفاء"), light_key("فيفا"));
        assert_ne!(loose_key("السالم"), loose_key("الإسلام"));
    }
}
