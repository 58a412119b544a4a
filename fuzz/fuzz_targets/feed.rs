//! The crawler's feed and sitemap parsing on arbitrary bytes (RSS, Atom,
//! JSON Feed, urlset, sitemapindex, gzip): parsed or refused by name.
//!
//! ```text
//! cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run feed --features crawl -- -max_total_time=60
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_crawl::discover::{maybe_gunzip, parse_feed, parse_sitemap};
use url::Url;

fuzz_target!(|data: &[u8]| {
    let base = Url::parse("https://news.example.sa/feeds/").unwrap();
    let _ = parse_feed(data, &base);
    let _ = parse_sitemap(data, &base);
    if let Ok(body) = maybe_gunzip(data.to_vec(), 1 << 20) {
        let _ = parse_sitemap(&body, &base);
    }
});
