//! The dump readers on arbitrary bytes under each file name kind (zip,
//! SaudiNewsNet JSON array, JSON Lines, aggregator text, HTML, TREC, tar.gz):
//! every record becomes an article or a named rejection, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_extract::dump::{read_bytes, Event, ReadOptions};

const NAMES: &[&str] = &["a.zip", "a.json", "a.jsonl", "a.txt", "a.html", "a.trec", "a.tar.gz", "noext"];

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions::default();
    // The first byte picks the name, so the fuzzer can steer it.
    let Some((&k, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[k as usize % NAMES.len()];
    let mut n = 0usize;
    read_bytes(name, rest, &opts, &mut |e: Event| {
        let _ = e;
        n += 1;
    });
});
