//! The publication-date parser (Gregorian and Hijri, Arabic and Latin
//! digits, month names, relative forms) on arbitrary UTF-8.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_extract::dates::parse_publication_date;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_publication_date(s);
});
