//! The time-expression tagger on arbitrary UTF-8, with and without an anchor
//! date; every span it reports must lie on character boundaries.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use marsad_analyze::times::extract_times;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = extract_times(s, None);
    let _ = extract_times(s, NaiveDate::from_ymd_opt(2015, 7, 21));
});
