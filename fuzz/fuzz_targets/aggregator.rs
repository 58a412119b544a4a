//! The aggregator text parser on arbitrary UTF-8: it must return an article
//! or a named error, never panic.
//!
//! ```text
//! fuzz/seed.sh && cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run aggregator -- -max_total_time=60
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_extract::aggregator::parse_aggregator;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(a) = parse_aggregator(s, "aggregator") {
        // The id is derived and stable.
        assert_eq!(a.id, parse_aggregator(s, "aggregator").unwrap().id);
    }
});
