//! Property tests: normalisation is idempotent and its map is sound; token
//! and sentence offsets slice the original at character boundaries; nothing
//! panics on arbitrary Unicode.
use marsad_arabic::analyzer::Analyzer;
use marsad_arabic::normalize::{normalize, normalize_into, normalize_str, NormalizeOptions, Normalizer};
use marsad_arabic::sentences::sentences;
use marsad_arabic::stem::{clitic_split, light_stem};
use marsad_arabic::tokenize::tokenize;
use proptest::prelude::*;

/// Strings biased towards the interesting characters: Arabic letters and
/// marks, hamza forms, combining hamza/madda, tatweel, presentation forms,
/// Persian letters and digits, bidi and zero-width marks, punctuation,
/// Latin, emoji — mixed with arbitrary Unicode.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => prop::sample::select(vec![
            'ا', 'أ', 'إ', 'آ', 'ٱ', 'ؤ', 'ئ', 'ء', 'ى', 'ي', 'ة', 'ه', 'و', 'ل', 'م', 'ب', 'ك', 'ف', 'ن', 'ت',
            '\u{064B}', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{0670}',
            '\u{0653}', '\u{0654}', '\u{0655}', '\u{0640}', 'ﻷ', 'ﺍ', 'ﻟ', '\u{FE71}', '\u{FE70}', 'ﷲ', 'ﷺ',
            'ی', 'ک', 'ۀ', 'ہ', 'ے', 'ھ', '٠', '٢', '٥', '۴', '٫', '٬', '٪', '،', '؛', '؟', '۔',
            '\u{200E}', '\u{200F}', '\u{202B}', '\u{202C}', '\u{2066}', '\u{200B}', '\u{200C}',
            '\u{200D}', '\u{FEFF}', '\u{00AD}', '\u{00A0}', '\u{2000}', '\u{2001}',
            ' ', '\n', '.', ',', '%', '#', '@', '«', '»', '"', '“', '”', ':', '/', '_', '-', '\'',
            'a', 'Z', 'w', '1', '9', 'é', 'e', '\u{0301}', '\u{0323}', 'İ', 'ß', 'K', 'Ω',
            '👍', '🏽', '\u{FE0F}', '中', 'Ж', 'א', '\u{05B8}', '\u{0591}',
        ]).prop_map(|c| c.to_string()),
        1 => prop::sample::select(vec![
            "http://", "https://www.", "www.", "@spa.gov.sa", ".com", "1,000", "3.5", "ال", "لل", "وال",
        ]).prop_map(|s| s.to_string()),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn levels() -> Vec<NormalizeOptions> {
    vec![NormalizeOptions::display(), NormalizeOptions::search(), NormalizeOptions::loose()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalisation_is_idempotent(s in text()) {
        for o in levels() {
            let once = normalize(&s, &o).into_string();
            let twice = normalize(&once, &o).into_string();
            prop_assert_eq!(&once, &twice, "options {:?}", o);
        }
    }

    #[test]
    fn all_normalisation_paths_agree(s in text()) {
        for o in levels() {
            let full = normalize(&s, &o);
            let cow = normalize_str(&s, &o);
            prop_assert_eq!(full.as_str(), cow.as_ref());
            let mut into = String::new();
            normalize_into(&s, &o, &mut into);
            prop_assert_eq!(full.as_str(), into.as_str());
            let mut compiled = String::new();
            Normalizer::new(o.clone()).normalize_into(&s, &mut compiled);
            prop_assert_eq!(full.as_str(), compiled.as_str());
        }
    }

    #[test]
    fn offset_map_is_sound(s in text()) {
        for o in levels() {
            let n = normalize(&s, &o);
            let map = n.map();
            prop_assert_eq!(map.len(), n.as_str().len() + 1);
            prop_assert_eq!(*map.last().unwrap() as usize, s.len());
            prop_assert!(map.windows(2).all(|w| w[0] <= w[1]), "map decreases");
            for &m in map {
                prop_assert!(s.is_char_boundary(m as usize));
            }
            // Every output character's range is a slice of the original.
            for (i, c) in n.as_str().char_indices() {
                let r = n.orig_range(i..i + c.len_utf8());
                prop_assert!(r.start <= r.end && r.end <= s.len());
                prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            }
            // Arbitrary (even non-boundary, out-of-range) ranges do not panic.
            let l = n.as_str().len();
            let _ = n.orig_range(l / 3..l + 5);
            let _ = n.orig_range(l..0);
        }
    }

    #[test]
    fn tokens_slice_the_original(s in text()) {
        let mut last_end = 0;
        for t in tokenize(&s) {
            prop_assert!(t.start < t.end, "empty token {:?}", t);
            prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            prop_assert_eq!(&s[t.start..t.end], t.text);
            prop_assert!(t.start >= last_end, "tokens overlap");
            last_end = t.end;
        }
    }

    #[test]
    fn analyzer_and_stemmer_do_not_panic(s in text()) {
        let a = Analyzer::default();
        for t in a.analyze(&s) {
            prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            prop_assert!(t.normalized.contains(t.stem.as_str()) || t.stem.is_empty());
            let _ = clitic_split(&t.normalized).to_string();
            let _ = light_stem(&t.text);
        }
    }

    #[test]
    fn sentences_slice_the_original(s in text()) {
        let mut last_end = 0;
        for r in sentences(&s) {
            prop_assert!(r.start < r.end);
            prop_assert!(r.start >= last_end);
            prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            last_end = r.end;
        }
    }

    #[test]
    fn nothing_panics_on_any_string(s in any::<String>()) {
        for o in levels() {
            let n = normalize(&s, &o);
            let again = normalize(n.as_str(), &o);
            prop_assert_eq!(n.as_str(), again.as_str());
        }
        for t in tokenize(&s) {
            prop_assert_eq!(&s[t.start..t.end], t.text);
        }
        let _ = sentences(&s);
        let _ = Analyzer::default().analyze(&s);
    }
}
