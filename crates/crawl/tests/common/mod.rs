//! A local news site for the crawler's tests: an axum server on 127.0.0.1
//! serving our own Arabic fixture feeds, sitemaps and pages, plus every kind
//! of trouble (304s, windows-1256, redirect loops, slow and huge responses,
//! 500s, malformed and entity-laden XML, robots.txt).
#![allow(dead_code)]

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Server state: the feed's items and hit counters per path.
#[derive(Clone, Default)]
pub struct Site {
    pub items: Arc<Mutex<Vec<(String, String)>>>,
    pub hits: Arc<Mutex<HashMap<String, usize>>>,
    pub bomb: Arc<Vec<u8>>,
    pub pages: usize,
}

impl Site {
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
    fn hit(&self, path: &str) {
        *self.hits.lock().unwrap().entry(path.to_string()).or_default() += 1;
    }
    pub fn add_item(&self, path: &str, title: &str) {
        self.items.lock().unwrap().push((path.to_string(), title.to_string()));
    }
}

const PARAS: [&str; 4] = [
    "أعلنت وزارة الثقافة اليوم عن افتتاح الدورة الجديدة من معرض الكتاب الدولي، بمشاركة أكثر من خمسمائة دار نشر من ثلاثين دولة عربية وأجنبية، وسط إقبال واسع من الزوار منذ الساعات الأولى.",
    "وقال وزير الثقافة في كلمته خلال حفل الافتتاح إن المعرض يمثل نافذة مهمة للقراء والباحثين، مؤكداً أن الوزارة وفرت كل التسهيلات اللازمة للناشرين والزوار على حد سواء، وأن البرنامج الثقافي يضم ندوات وأمسيات شعرية.",
    "ويستمر المعرض عشرة أيام، ويتضمن برنامجه الثقافي أكثر من مائة فعالية بين ندوات فكرية وأمسيات شعرية وورش عمل للأطفال، إضافة إلى توقيع عشرات الإصدارات الجديدة لكتاب من مختلف الدول.",
    "وأشار المنظمون إلى أن الدورة الحالية تشهد للمرة الأولى جناحاً خاصاً بالكتب الرقمية، في خطوة تهدف إلى مواكبة التحولات في صناعة النشر وتشجيع القراءة بين الشباب.",
];

/// An Arabic article page; `n` varies the text so pages are not copies.
pub fn article_html(title: &str, n: usize, charset: &str) -> String {
    let mut body = String::new();
    for (i, p) in PARAS.iter().enumerate() {
        body.push_str(&format!("<p>{p} (الفقرة {i} من الخبر رقم {n})</p>\n"));
    }
    format!(
        "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"{charset}\"><title>{title} | صحيفة المرصد</title>\
         <meta property=\"article:published_time\" content=\"2025-04-03T10:00:00+03:00\"></head>\
         <body><nav><a href=\"/\">الرئيسية</a> <a href=\"/sport\">رياضة</a></nav>\
         <article><h1>{title}</h1>\n{body}</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    )
}

fn rss(items: &[(String, String)], base: &str) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>صحيفة المرصد</title><link>http://x/</link><description>أخبار</description>\n",
    );
    for (i, (path, title)) in items.iter().enumerate() {
        s.push_str(&format!(
            "<item><title>{title}</title><link>{base}{path}</link><pubDate>Thu, 03 Apr 2025 {:02}:00:00 +0000</pubDate></item>\n",
            i % 24
        ));
    }
    s.push_str("</channel></rss>");
    s
}

const LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title><link>http://127.0.0.1/never</link></item></channel></rss>"#;

fn etag_response(headers: &HeaderMap, etag: &str, ctype: &str, body: Vec<u8>) -> Response {
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag.to_string())]).into_response();
    }
    (StatusCode::OK, [(header::ETAG, etag.to_string()), (header::CONTENT_TYPE, ctype.to_string())], body)
        .into_response()
}

async fn robots(State(s): State<Site>) -> &'static str {
    s.hit("/robots.txt");
    "User-agent: *\nDisallow: /private/\n"
}

async fn feed(State(s): State<Site>, headers: HeaderMap) -> Response {
    s.hit("/feed.xml");
    let items = s.items.lock().unwrap().clone();
    let etag = format!("\"v{}\"", items.len());
    let body = rss(&items, "");
    // Links are relative to the feed: the crawler resolves them.
    etag_response(&headers, &etag, "application/rss+xml; charset=utf-8", body.into_bytes())
}

async fn page(State(s): State<Site>, Path(id): Path<String>) -> Response {
    s.hit(&format!("/a/{id}"));
    let html = article_html(&format!("خبر رقم {id} عن معرض الكتاب"), id.parse().unwrap_or(0), "utf-8");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

async fn page_s(State(s): State<Site>, Path(id): Path<String>) -> Response {
    s.hit(&format!("/s/{id}"));
    let html = article_html(&format!("تقرير الخريطة رقم {id}"), 1000 + id.parse::<usize>().unwrap_or(0), "utf-8");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

pub const W1256_TITLE: &str = "مهرجان الشعر العربي يختتم فعالياته";

fn w1256_bytes(charset_in_meta: &str) -> Vec<u8> {
    let html = article_html(W1256_TITLE, 77, charset_in_meta);
    let (bytes, _, bad) = encoding_rs::WINDOWS_1256.encode(&html);
    assert!(!bad);
    bytes.into_owned()
}

async fn w1256(State(s): State<Site>) -> Response {
    s.hit("/w1256");
    ([(header::CONTENT_TYPE, "text/html; charset=windows-1256")], w1256_bytes("windows-1256")).into_response()
}

async fn w1256_meta(State(s): State<Site>) -> Response {
    s.hit("/w1256meta");
    // No charset in the header: the page's <meta> says it.
    let mut bytes = w1256_bytes("windows-1256");
    // A different text, so the two pages are not the same article.
    let extra = encoding_rs::WINDOWS_1256.encode("<p>ملاحظة إضافية</p>").0.into_owned();
    bytes.extend_from_slice(&extra);
    ([(header::CONTENT_TYPE, "text/html")], bytes).into_response()
}

async fn moved(State(s): State<Site>) -> Response {
    s.hit("/moved");
    (StatusCode::FOUND, [(header::LOCATION, "/private/secret")]).into_response()
}

async fn loop_a(State(s): State<Site>) -> Response {
    s.hit("/loop/a");
    (StatusCode::FOUND, [(header::LOCATION, "/loop/b")]).into_response()
}

async fn loop_b(State(s): State<Site>) -> Response {
    s.hit("/loop/b");
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/loop/a")]).into_response()
}

async fn slow(State(s): State<Site>) -> Response {
    s.hit("/slow");
    tokio::time::sleep(Duration::from_secs(3)).await;
    ([(header::CONTENT_TYPE, "text/html")], article_html("بطيء", 5, "utf-8")).into_response()
}

async fn err500(State(s): State<Site>) -> Response {
    s.hit("/err500");
    (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response()
}

async fn huge(State(s): State<Site>) -> Response {
    s.hit("/huge");
    ([(header::CONTENT_TYPE, "text/html")], vec![b'a'; 3 << 20]).into_response()
}

async fn bomb(State(s): State<Site>) -> Response {
    s.hit("/bomb");
    ([(header::CONTENT_TYPE, "text/html"), (header::CONTENT_ENCODING, "gzip")], s.bomb.as_ref().clone()).into_response()
}

async fn meta(State(s): State<Site>) -> Response {
    s.hit("/meta");
    (StatusCode::FOUND, [(header::LOCATION, "http://169.254.169.254/latest/meta-data/")]).into_response()
}

async fn notext(State(s): State<Site>) -> Response {
    s.hit("/notext");
    ([(header::CONTENT_TYPE, "text/html")], "<html><head><title>فارغة</title></head><body></body></html>")
        .into_response()
}

async fn private(State(s): State<Site>) -> Response {
    s.hit("/private/secret");
    ([(header::CONTENT_TYPE, "text/html")], article_html("سري", 9, "utf-8")).into_response()
}

async fn sitemap_index(State(s): State<Site>) -> Response {
    s.hit("/sitemap-index.xml");
    let body = "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                <sitemap><loc>/news-sitemap.xml</loc></sitemap></sitemapindex>";
    ([(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

async fn news_sitemap(State(s): State<Site>, headers: HeaderMap) -> Response {
    s.hit("/news-sitemap.xml");
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for (path, title) in [("/s/1", "تقرير أول"), ("/s/2", "تقرير ثان"), ("/a/1", "خبر مكرر")] {
        body.push_str(&format!(
            "<url><loc>{path}</loc><news:news><news:publication><news:name>المرصد</news:name><news:language>ar</news:language></news:publication>\
             <news:publication_date>2025-04-03T10:00:00+03:00</news:publication_date><news:title>{title}</news:title></news:news></url>\n"
        ));
    }
    body.push_str("</urlset>");
    etag_response(&headers, "\"sm1\"", "application/xml", body.into_bytes())
}

async fn bad_feed(State(s): State<Site>) -> Response {
    s.hit("/bad.xml");
    ([(header::CONTENT_TYPE, "application/rss+xml")], "<rss><channel><title>مكسور<item><link>/a/99</link></channel>")
        .into_response()
}

async fn laughs(State(s): State<Site>) -> Response {
    s.hit("/laughs.xml");
    ([(header::CONTENT_TYPE, "application/rss+xml")], LAUGHS).into_response()
}

async fn strict_feed(State(s): State<Site>) -> Response {
    s.hit("/strict.xml");
    ([(header::CONTENT_TYPE, "application/rss+xml")], rss(&[("/a/1".into(), "x".into())], "")).into_response()
}

/// Many fixture pages for the measure: `/bulk/feed/{k}` lists pages `k*1000 ..`.
async fn bulk_feed(State(s): State<Site>, Path(k): Path<usize>) -> Response {
    let items: Vec<(String, String)> =
        (k * 1000..((k + 1) * 1000).min(s.pages)).map(|i| (format!("/bulk/{i}"), format!("خبر {i}"))).collect();
    ([(header::CONTENT_TYPE, "application/rss+xml")], rss(&items, "")).into_response()
}

async fn bulk_page(Path(i): Path<usize>) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], article_html(&format!("خبر رقم {i} في النشرة"), i, "utf-8"))
        .into_response()
}

fn gzip_zeros(n: usize) -> Vec<u8> {
    let mut e = flate2_encoder();
    e.write_all(&vec![b' '; n]).unwrap();
    e.finish().unwrap()
}

fn flate2_encoder() -> flate2::write::GzEncoder<Vec<u8>> {
    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast())
}

/// Start the site on 127.0.0.1 (a free port); returns its base URL and state.
pub async fn start(pages: usize) -> (String, Site) {
    // The gzip bomb only for the trouble tests (the measure reads memory).
    let bomb_body = if pages == 0 { gzip_zeros(16 << 20) } else { Vec::new() };
    let site = Site { bomb: Arc::new(bomb_body), pages, ..Default::default() };
    let app = Router::new()
        .route("/robots.txt", get(robots))
        .route("/feed.xml", get(feed))
        .route("/a/{id}", get(page))
        .route("/s/{id}", get(page_s))
        .route("/w1256", get(w1256))
        .route("/w1256meta", get(w1256_meta))
        .route("/moved", get(moved))
        .route("/loop/a", get(loop_a))
        .route("/loop/b", get(loop_b))
        .route("/slow", get(slow))
        .route("/err500", get(err500))
        .route("/huge", get(huge))
        .route("/bomb", get(bomb))
        .route("/meta", get(meta))
        .route("/notext", get(notext))
        .route("/private/secret", get(private))
        .route("/sitemap-index.xml", get(sitemap_index))
        .route("/news-sitemap.xml", get(news_sitemap))
        .route("/bad.xml", get(bad_feed))
        .route("/laughs.xml", get(laughs))
        .route("/strict.xml", get(strict_feed))
        .route("/bulk/feed/{k}", get(bulk_feed))
        .route("/bulk/{i}", get(bulk_page))
        .with_state(site.clone());
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (format!("http://{addr}"), site)
}
