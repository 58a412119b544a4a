//! The HTML extractor on arbitrary bytes (any encoding, broken markup), with
//! and without a page URL and a Content-Type header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_extract::html::{extract_html, HtmlOptions};

fuzz_target!(|data: &[u8]| {
    let _ = extract_html(data, &HtmlOptions::default());
    let opts = HtmlOptions {
        url: Some("https://news.example.sa/a/1?x=1".into()),
        source: None,
        content_type: Some("text/html; charset=windows-1256".into()),
    };
    let _ = extract_html(data, &opts);
});
