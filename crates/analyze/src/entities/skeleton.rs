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
//!   (حامد علي/حمد علي) meet. Ordinals keep their `ا` (عبدالله الثاني is not
//!   عبدالله الثني).

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
/// dropped (except a word's final `اء`), doubled letters collapsed, spaces
/// removed.
fn translit_fold(name: &str) -> String {
    translit_fold_words(name).concat()
}

/// [`translit_fold`] word by word: the words' folds, whose concatenation is
/// the whole name's (a letter doubled across a space collapses too).
fn translit_fold_words(name: &str) -> Vec<String> {
    let key = light_key(name);
    let mut words = Vec::new();
    let mut prev: Option<char> = None;
    for word in key.split_whitespace() {
        let mut out = String::with_capacity(word.len());
        // A word-final `اء` is Arabic morphology, not a transliterator's
        // choice (السويداء is not السويد, صنعاء not صنع, علاء not علا).
        let final_hamza = word.ends_with("اء");
        let last = word.chars().count().saturating_sub(1);
        for (i, c) in word.chars().enumerate() {
            let c = match c {
                'غ' | 'گ' | 'ڨ' | 'ڠ' => 'ج',
                'ء' if !(final_hamza && i == last) => continue,
                c => c,
            };
            if Some(c) == prev && !c.is_ascii_digit() {
                continue;
            }
            prev = Some(c);
            out.push(c);
        }
        words.push(out);
    }
    words
}

/// Whether a folded word is an Arabic ordinal (`الثاني`, `السادسة`): the
/// regnal numbers of names, never transliterated, so their `ا` is kept
/// (عبدالله الثاني, the king of Jordan, is not عبدالله الثني, a Libyan
/// prime minister).
fn is_ordinal(folded: &str) -> bool {
    static ORDINALS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ORDINALS
        .get_or_init(|| {
            let stems =
                ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"];
            let mut all: Vec<String> = Vec::new();
            for s in stems {
                for form in [s.to_string(), format!("{s}ة"), format!("{s}ى")] {
                    all.extend(translit_fold_words(&form));
                }
            }
            all
        })
        .iter()
        .any(|o| o == folded)
}

/// The key under which spellings of a place or organisation name meet:
/// [`skeleton`] without dropping `ا` (so السالم and الإسلام stay apart).
pub fn loose_key(name: &str) -> String {
    translit_fold(name)
}

/// The skeleton of a name (one or more words): see the module docs.
pub fn skeleton(name: &str) -> String {
    let words = translit_fold_words(name);
    let n: usize = words.iter().map(|w| w.chars().count()).sum();
    if n < 5 {
        return words.concat();
    }
    let mut out = String::with_capacity(n * 2);
    for w in &words {
        if is_ordinal(w) {
            out.push_str(w);
            continue;
        }
        for c in w.chars() {
            if c != 'ا' || out.is_empty() {
                out.push(c);
            }
        }
    }
    out
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
        // A final اء stays: Syria's السويداء is not Sweden.
        assert_ne!(skeleton("السويداء"), skeleton("السويد"));
        assert_ne!(skeleton("علاء"), skeleton("علا"));
        assert_eq!(skeleton("السويداء"), skeleton("السويدآء"));
        assert_eq!(skeleton("خامنئي"), skeleton("خامني"));
    }

    #[test]
    fn regnal_numbers_keep_their_alef() {
        assert_ne!(skeleton("عبد الله الثاني"), skeleton("عبد الله الثني"));
        assert_eq!(skeleton("عبد الله الثاني"), skeleton("عبدالله الثانى"));
        assert_ne!(skeleton("إليزابيث الثانية"), skeleton("إليزابيث الثنية"));
        assert_eq!(skeleton("إليزابيث الثانية"), skeleton("اليزابيث الثانيه"));
        assert_eq!(skeleton("الحسن الثاني"), skeleton("الحسن الثانى"));
        // Other words as before.
        assert_eq!(skeleton("ترامب الأول"), skeleton("ترمب الاول"));
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
