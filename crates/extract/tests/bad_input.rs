//! Bad input: a result or a clear error, bounded time and memory, no panic.
//! Property tests feed the HTML extractor, the encodings, the TREC reader,
//! the byline parser and the text cleanup with arbitrary and HTML-shaped
//! input.

use marsad_extract::clean::{clean_article, parse_byline, parse_head_byline, parse_head_dateline};
use marsad_extract::dates::parse_publication_date;
use marsad_extract::encoding::decode_html;
use marsad_extract::html::{extract_html, HtmlError, HtmlOptions, MAX_HTML_BYTES};
use marsad_extract::learn::{BoilerplateModel, LearnParams};
use marsad_extract::trec::parse_trec;
use marsad_model::{Article, Paragraph};
use proptest::prelude::*;
use std::time::{Duration, Instant};

const P: &str = "أعلنت الهيئة العامة للإحصاء اليوم نتائج المسح الفصلي للقوى العاملة، وأظهرت تراجع معدل البطالة إلى أدنى مستوى منذ خمس سنوات.";

fn opts() -> HtmlOptions {
    HtmlOptions::default()
}

#[test]
fn truncated_html_and_missing_body() {
    let full = format!(
        "<html><head><title>خبر</title></head><body><div class=\"content\"><p>{P}</p><p>{P}</p></div></body></html>"
    );
    // Cut anywhere, even inside a UTF-8 sequence.
    for cut in (0..full.len()).step_by(7) {
        let _ = extract_html(&full.as_bytes()[..cut], &opts());
    }
    let a = extract_html(format!("<p>{P}").as_bytes(), &opts()).unwrap().article;
    assert_eq!(a.body[0].text, P);
    let a = extract_html(format!("<div><p>{P}</p><p>{P}").as_bytes(), &opts()).unwrap().article;
    assert!(!a.body.is_empty());
}

#[test]
fn deep_nesting_is_bounded() {
    for tag in ["div", "span", "b", "table", "section"] {
        let html = format!(
            "<html><body>{}<p>{P}</p>{}</body></html>",
            format!("<{tag}>").repeat(100_000),
            format!("</{tag}>").repeat(100_000)
        );
        let t = Instant::now();
        let r = extract_html(html.as_bytes(), &opts());
        assert!(t.elapsed() < Duration::from_secs(30), "{tag}: {:?}", t.elapsed());
        let page = r.unwrap_or_else(|e| panic!("{tag}: {e}"));
        assert!(page.article.body_text().contains("البطالة"), "{tag}");
    }
    // Unclosed, never ending.
    let html = format!("<body>{}{P}", "<div><span>".repeat(60_000));
    assert!(extract_html(html.as_bytes(), &opts()).is_ok());
}

#[test]
fn a_50_mb_page_gives_a_result_and_a_65_mb_page_a_clear_error() {
    let filler = "<div class=\"widget\"><a href=\"/x\">رابط في القائمة الجانبية</a></div>\n";
    let mut html = String::from("<html><body><div class=\"sidebar\">");
    while html.len() < 50_000_000 {
        html.push_str(filler);
    }
    html.push_str(&format!("</div><article><p>{P}</p><p>{P}</p></article></body></html>"));
    let t = Instant::now();
    let page = extract_html(html.as_bytes(), &opts()).unwrap();
    assert!(page.article.body_text().contains("البطالة"));
    assert!(t.elapsed() < Duration::from_secs(120), "{:?}", t.elapsed());
    drop(page);
    let big = vec![b' '; MAX_HTML_BYTES + 1];
    let e = extract_html(&big, &opts()).unwrap_err();
    assert!(matches!(e, HtmlError::TooLarge { .. }));
    assert!(e.to_string().contains("over the"));
}

#[test]
fn wrong_declared_charset_and_nul_bytes() {
    let page = format!("<html><head><meta charset=\"utf-8\"></head><body><article><p>{P}</p></article></body></html>");
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    let p = extract_html(&bytes, &opts()).unwrap();
    assert_eq!(p.charset, "windows-1256");
    assert_eq!(p.article.body[0].text, P);
    assert!(!p.notes.is_empty());
    let p = extract_html(&bytes, &HtmlOptions { content_type: Some("text/html; charset=iso-8859-6".into()), ..opts() })
        .unwrap();
    assert_eq!(p.article.body[0].text, P);
    let mut nul = page.into_bytes();
    nul.splice(100..100, [0u8, 0, 0]);
    assert!(extract_html(&nul, &opts()).is_ok());
    assert!(matches!(extract_html(b"\0\0\0", &opts()), Err(HtmlError::Empty)));
}

fn html_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<br>".to_string()),
        Just("<a href=\"/x\">".to_string()),
        Just("</a>".to_string()),
        Just("<div class=\"share related ads\">".to_string()),
        Just("<article class=\"content\">".to_string()),
        Just("<h1>".to_string()),
        Just("<h2>".to_string()),
        Just("<script>var x='<div>';</script>".to_string()),
        Just("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":".to_string()),
        Just("<meta charset=windows-1256>".to_string()),
        Just("<meta property=\"og:title\" content=\"".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("&amp;&#1575;&#x;&#99999999;".to_string()),
        Just("اقرأ أيضاً:".to_string()),
        Just("الوسوم:".to_string()),
        Just("نشر في: 10 أغسطس 2015".to_string()),
        Just("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس".to_string()),
        Just("// انتهى //".to_string()),
        Just("سبق- الرياض:".to_string()),
        Just("\0".to_string()),
        Just("\u{200f}ـ".to_string()),
        "[\\p{Arabic} ،.:-]{0,40}",
        "[<>/=\"'a-z ]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn html_extractor_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = extract_html(&bytes, &opts());
        let _ = decode_html(&bytes, Some("text/html; charset=x-user-defined"));
    }

    #[test]
    fn html_extractor_never_panics_on_html_soup(tokens in proptest::collection::vec(html_token(), 0..80)) {
        let s = tokens.concat();
        let _ = extract_html(s.as_bytes(), &opts());
        let _ = extract_html(s.as_bytes(), &HtmlOptions { url: Some("https://x.example/a/".into()), ..opts() });
        let _ = parse_trec(&format!("<DOC><DOCNO>{s}</DOCNO><TEXT>{s}"), "t");
    }

    #[test]
    fn cleanup_never_panics(title in "\\PC{0,40}", author in "\\PC{0,60}", paras in proptest::collection::vec(html_token(), 0..12), more in proptest::collection::vec("\\PC{0,80}", 0..5)) {
        let mut a = Article::new("s", title);
        a.author = Some(author.clone());
        a.body = paras.iter().chain(more.iter()).map(|t| Paragraph::text(t.clone())).collect();
        clean_article(&mut a);
        let once = a.clone();
        clean_article(&mut a);
        prop_assert_eq!(a.body.len() <= once.body.len(), true);
        let _ = parse_byline(&author);
        for p in &paras {
            let _ = parse_head_dateline(p);
            let _ = parse_head_byline(p, true);
            let _ = parse_publication_date(p);
        }
        let model = BoilerplateModel::learn(std::iter::once(&once), LearnParams { min_articles: 1, ..LearnParams::default() });
        let mut b = once.clone();
        model.apply(&mut b);
    }
}
