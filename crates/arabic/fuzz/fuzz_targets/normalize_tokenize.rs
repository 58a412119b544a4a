//! Fuzz normalisation, tokenisation, sentences and the analyzer on arbitrary
//! UTF-8, checking the invariants the property tests check:
//!
//! ```text
//! cd crates/arabic/fuzz && cargo fuzz run normalize_tokenize -- -max_total_time=60
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_arabic::analyzer::Analyzer;
use marsad_arabic::normalize::{normalize, NormalizeOptions, Normalizer};
use marsad_arabic::sentences::sentences;
use marsad_arabic::tokenize::tokenize;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for o in [
        NormalizeOptions::display(),
        NormalizeOptions::search(),
        NormalizeOptions::loose(),
    ] {
        let n = normalize(s, &o);
        assert_eq!(n.map().len(), n.as_str().len() + 1);
        assert_eq!(*n.map().last().unwrap() as usize, s.len());
        let again = normalize(n.as_str(), &o);
        assert_eq!(n.as_str(), again.as_str(), "not idempotent");
        let mut fast = String::new();
        Normalizer::new(o.clone()).normalize_into(s, &mut fast);
        assert_eq!(n.as_str(), fast);
        for (i, c) in n.as_str().char_indices() {
            let r = n.orig_range(i..i + c.len_utf8());
            assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        }
    }
    for t in tokenize(s) {
        assert_eq!(&s[t.start..t.end], t.text);
    }
    for r in sentences(s) {
        assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
    }
    let _ = Analyzer::default().analyze(s);
});
