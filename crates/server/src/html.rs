//! Server-rendered pages, in Arabic, right to left, without JavaScript.

use crate::api::{parse_cursor, parse_sort};
use crate::{ApiError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};
use marsad_stories::{Story, Verdict};
use serde::Deserialize;
use std::fmt::Write;

/// Escape a headline for display; an empty one (a few published articles
/// have none) shows as «بلا عنوان», so that its link can still be clicked.
pub fn esc_title(s: &str) -> String {
    if s.trim().is_empty() {
        "(بلا عنوان)".to_string()
    } else {
        esc(s)
    }
}

/// Escape text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "body{font-family:'Noto Naskh Arabic','Amiri','Segoe UI',Tahoma,sans-serif;max-width:960px;margin:0 auto;padding:1rem;line-height:1.7;color:#1d2733;background:#fafaf7}\
header a{color:inherit;text-decoration:none}h1{font-size:1.6rem;margin:.2rem 0}\
.story{border-bottom:1px solid #ddd;padding:.6rem 0}.story h2{font-size:1.15rem;margin:0}.meta{color:#5a6570;font-size:.9rem}\
.badge{display:inline-block;border-radius:.6rem;padding:0 .5rem;font-size:.8rem;margin-inline-start:.4rem}\
.new{background:#e3f4e1;color:#216e1c}.dev{background:#fdebd3;color:#8a4b00}.copy{background:#eee;color:#555}\
.terms span{background:#eef3f8;border-radius:.3rem;padding:0 .35rem;margin-inline-end:.3rem;font-size:.85rem}\
nav.pager a{margin-inline-end:1rem}details{margin:.3rem 0}article p{margin:.5rem 0}.removed{color:#888;font-size:.85rem}\
.cols{display:flex;gap:1.5rem;align-items:flex-start}.facets{flex:0 0 14rem;font-size:.9rem}.facets ul{padding-inline-start:1rem;margin:.2rem 0}.results{flex:1}\
.terms a{color:inherit;text-decoration:none}\
a.ent{color:inherit;text-decoration:none;border-bottom:2px solid #9db7d5}a.ent-pers{border-color:#d59d9d}a.ent-org{border-color:#a9d59d}\
time.timex{background:#fff4d6}blockquote{margin:.4rem 0;padding-inline-start:.8rem;border-inline-start:3px solid #cfd8e3}";

/// Percent-encode a query-string value.
fn qenc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            o.push(b as char);
        } else {
            let _ = write!(o, "%{b:02X}");
        }
    }
    o
}

/// `GET /search?q=…`: results as a page, one entry per report, with facets
/// (sources, entities, days) that narrow the search when followed.
pub async fn search_page(State(st): State<AppState>, Query(p): Query<crate::api::SearchParams>) -> Response {
    let (q, limit) = match p.to_query() {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let text = q.text.clone();
    let scope = p.scope();
    let (found, facets) = match st.search(q, limit, scope.clone(), true).await {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let facets = facets.unwrap_or_default();
    // The current filters, as a query string to extend.
    let mut base = format!("/search?q={}", qenc(&text));
    for (k, v) in
        [("source", &p.source), ("from", &p.from), ("to", &p.to), ("story", &scope.story), ("entity", &scope.entity)]
    {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            let _ = write!(base, "&{k}={}", qenc(v));
        }
    }
    if p.exact == Some(true) {
        base.push_str("&exact=true");
    }
    let mut b = search_form(&text);
    let _ = write!(
        b,
        "<h1>نتائج البحث عن «{}»</h1><p class=\"meta\">{} مقالة مطابقة · يُعرض منها {} تقرير</p>",
        esc(&text),
        found.total,
        found.reports.len()
    );
    let mut active = Vec::new();
    for (label, v) in
        [("المصدر", &p.source), ("من", &p.from), ("إلى", &p.to), ("القصة", &scope.story), ("الاسم", &scope.entity)]
    {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            active.push(format!("{label}: {}", esc(v)));
        }
    }
    if !active.is_empty() {
        let _ = write!(
            b,
            "<p class=\"meta filters\">مرشحات: {} · <a href=\"/search?q={}\">إزالة المرشحات</a></p>",
            active.join(" · "),
            qenc(&text)
        );
    }
    b.push_str("<div class=\"cols\"><aside class=\"facets\">");
    if !facets.sources.is_empty() {
        b.push_str("<h3>المصادر</h3><ul>");
        for (src, n) in facets.sources.iter().take(12) {
            let _ = write!(b, "<li><a href=\"{}&amp;source={}\">{}</a> ({n})</li>", esc(&base), qenc(src), esc(src));
        }
        b.push_str("</ul>");
    }
    if !facets.entities.is_empty() {
        b.push_str("<h3>الأسماء</h3><ul>");
        for e in facets.entities.iter().take(12) {
            let _ = write!(
                b,
                "<li><a href=\"{}&amp;entity={}\">{}</a> ({})</li>",
                esc(&base),
                qenc(&e.id),
                esc(&e.canonical),
                e.articles
            );
        }
        b.push_str("</ul>");
    }
    if !facets.days.is_empty() {
        b.push_str("<h3>الأيام</h3><ul>");
        for (day, n) in facets.days.iter().rev().take(12) {
            let _ = write!(
                b,
                "<li><a href=\"{}&amp;from={d}&amp;to={d}\">{d}</a> ({n})</li>",
                esc(&base),
                d = esc(if day.is_empty() { "?" } else { day })
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("</aside><section class=\"results\">");
    if found.reports.is_empty() {
        b.push_str("<p>لا نتائج.</p>");
    }
    for r in &found.reports {
        let copies = if r.copies > 0 { format!(" · {} نسخة أخرى", r.copies) } else { String::new() };
        let story =
            r.story.as_deref().map(|s| format!(" · <a href=\"/story/{}\">القصة</a>", esc(s))).unwrap_or_default();
        let _ = write!(
            b,
            "<div class=\"story\"><h2><a href=\"/article/{}\">{}</a></h2><div class=\"meta\">{} · {}{}{}</div><p>{}</p></div>",
            esc(&r.hit.id),
            esc_title(&r.hit.title),
            esc(&r.hit.source),
            r.hit.day,
            copies,
            story,
            // tantivy's snippet HTML escapes the text and adds only <b> tags.
            r.hit.snippet_html
        );
    }
    b.push_str("</section></div>");
    page(&format!("بحث: {text}"), &b).into_response()
}

fn search_form(q: &str) -> String {
    format!(
        "<form action=\"/search\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"ابحث في الأخبار…\" size=\"40\"> \
<label><input type=\"checkbox\" name=\"exact\" value=\"true\"> مطابقة حرفية</label> <button>بحث</button></form>",
        esc(q)
    )
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} — مرصد</title><style>{STYLE}</style></head><body><header><a href=\"/\"><strong>مَرصد</strong></a> · خريطة القصص الإخبارية</header><main>{body}</main></body></html>",
        esc(title)
    ))
}

fn error_page(e: ApiError) -> Response {
    let status = e.status;
    let body = format!(
        "<h1>{}</h1><p>{}</p><p><a href=\"/\">العودة إلى الصفحة الرئيسية</a></p>",
        status.as_u16(),
        esc(&e.message)
    );
    (status, page("خطأ", &body)).into_response()
}

fn fmt_time(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// "نُشر في N مواقع" with the Arabic number agreement for small counts.
pub fn sites_phrase(n: usize) -> String {
    match n {
        0 => "لم يُنشر".to_string(),
        1 => "نُشر في موقع واحد".to_string(),
        2 => "نُشر في موقعين".to_string(),
        3..=10 => format!("نُشر في {n} مواقع"),
        _ => format!("نُشر في {n} موقعاً"),
    }
}

/// A highlight inside one paragraph: byte range and the opening tag.
struct Mark {
    start: usize,
    end: usize,
    open: String,
    close: &'static str,
}

/// The analysis's entity mentions and time expressions, per body paragraph,
/// with offsets made relative to the paragraph. The analysis ran over
/// `title \n paragraph \n paragraph …`; a span that does not match the text
/// at its offsets (an article changed since) or that crosses a paragraph is
/// left out, and of overlapping spans the first wins.
fn inline_marks(a: &marsad_model::Article, an: &serde_json::Value) -> Vec<Vec<Mark>> {
    let mut spans: Vec<(usize, usize, String, &'static str, String)> = Vec::new();
    for e in an["entities"].as_array().into_iter().flatten() {
        let kind = e["kind"].as_str().unwrap_or_default().to_ascii_lowercase();
        let id = e["id"].as_str().unwrap_or_default();
        let canonical = e["canonical"].as_str().unwrap_or_default();
        for m in e["mentions"].as_array().into_iter().flatten() {
            let (Some(s), Some(t)) = (m["start"].as_u64(), m["end"].as_u64()) else { continue };
            let open = format!(
                "<a class=\"ent ent-{}\" href=\"/entity/{}\" title=\"{} · {}\">",
                esc(&kind),
                esc(id),
                kind_ar(&kind),
                esc(canonical)
            );
            spans.push((s as usize, t as usize, open, "</a>", m["text"].as_str().unwrap_or_default().to_string()));
        }
    }
    for t in an["times"].as_array().into_iter().flatten() {
        let (Some(s), Some(e)) = (t["start"].as_u64(), t["end"].as_u64()) else { continue };
        let open = format!(
            "<time class=\"timex\" datetime=\"{}\" title=\"{}\">",
            esc(t["value"].as_str().unwrap_or_default()),
            esc(t["value"].as_str().unwrap_or_default())
        );
        spans.push((s as usize, e as usize, open, "</time>", t["text"].as_str().unwrap_or_default().to_string()));
    }
    spans.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
    // Paragraph i covers [starts[i], starts[i] + len) of the analysed text.
    let mut starts = Vec::with_capacity(a.body.len());
    let mut at = a.title.len() + 1;
    for p in &a.body {
        starts.push(at);
        at += p.text.len() + 1;
    }
    let mut out: Vec<Vec<Mark>> = (0..a.body.len()).map(|_| Vec::new()).collect();
    let mut last_end = 0usize;
    for (s, e, open, close, text) in spans {
        if s < last_end || e <= s {
            continue;
        }
        let Some(i) = starts.iter().rposition(|&ps| ps <= s) else { continue };
        let (ps, para) = (starts[i], &a.body[i].text);
        let (rs, re) = (s - ps, e - ps);
        if para.get(rs..re) != Some(text.as_str()) {
            continue;
        }
        out[i].push(Mark { start: rs, end: re, open, close });
        last_end = e;
    }
    out
}

/// A paragraph's text, escaped, with its highlights.
fn marked_paragraph(text: &str, marks: &[Mark]) -> String {
    let mut o = String::with_capacity(text.len() + marks.len() * 64);
    let mut at = 0;
    for m in marks {
        o.push_str(&esc(&text[at..m.start]));
        o.push_str(&m.open);
        o.push_str(&esc(&text[m.start..m.end]));
        o.push_str(m.close);
        at = m.end;
    }
    o.push_str(&esc(&text[at..]));
    o
}

/// Entity names as links to their pages.
fn entity_chips(es: &[marsad_store::EntityCount]) -> String {
    es.iter()
        .map(|e| {
            format!(
                "<span class=\"ent\"><a href=\"/entity/{}\" title=\"{}\">{}</a></span>",
                esc(&e.id),
                kind_ar(&e.kind),
                esc(&e.canonical)
            )
        })
        .collect()
}

fn kind_ar(k: &str) -> &'static str {
    match k {
        "PERS" | "pers" => "شخص",
        "LOC" | "loc" => "مكان",
        "ORG" | "org" => "منظمة",
        _ => "أخرى",
    }
}

fn quote_items(qs: &[marsad_store::QuoteRow]) -> String {
    let mut b = String::new();
    for q in qs {
        let who = match (&q.speaker, &q.speaker_entity) {
            (Some(sp), Some(id)) => format!("<a href=\"/entity/{}\">{}</a>", esc(id), esc(sp)),
            (Some(sp), None) => esc(sp),
            _ => "؟".to_string(),
        };
        let said = if q.kind == "indirect" { "قال إن" } else { "قال" };
        let copies = match q.articles {
            0 | 1 => String::new(),
            2 => " · في مقالتين".to_string(),
            n @ 3..=10 => format!(" · في {n} مقالات"),
            n => format!(" · في {n} مقالة"),
        };
        let _ = write!(
            b,
            "<li><strong>{who}</strong> {said}: <blockquote>{}</blockquote> <a class=\"meta\" href=\"/article/{}\">المقالة</a><span class=\"meta\">{copies}</span></li>",
            esc(&q.text),
            esc(&q.article)
        );
    }
    b
}

/// A story's key phrases, or its top terms where it has none yet.
fn story_phrases(s: &Story) -> &[String] {
    if s.keywords.is_empty() {
        &s.terms
    } else {
        &s.keywords
    }
}

fn story_marks(s: &Story) -> String {
    let mut m = String::new();
    if s.articles.len() == 1 || (s.development_of.is_none() && s.last_24h as usize == s.articles.len()) {
        m.push_str("<span class=\"badge new\">قصة جديدة</span>");
    }
    if s.last_24h >= 3 && s.growth >= 2.0 {
        m.push_str("<span class=\"badge dev\">تتطور</span>");
    }
    if s.development_of.is_some() {
        m.push_str("<span class=\"badge dev\">تطور لقصة سابقة</span>");
    }
    m
}

/// Query of the front page.
#[derive(Debug, Deserialize, Default)]
pub struct FrontQuery {
    sort: Option<String>,
    cursor: Option<String>,
}

pub async fn front_page(State(st): State<AppState>, Query(q): Query<FrontQuery>) -> Response {
    let sort = match parse_sort(q.sort.as_deref()) {
        Ok(s) => s,
        Err(e) => return error_page(e),
    };
    let offset = match parse_cursor(q.cursor.as_deref()) {
        Ok(o) => o,
        Err(e) => return error_page(e),
    };
    let sort_name = q.sort.clone().unwrap_or_else(|| "recent".into());
    let res = st
        .with_store(move |s| {
            let list = s.stories(sort, None, 31, offset)?;
            let mut ents = Vec::with_capacity(list.len());
            for story in list.iter().take(30) {
                ents.push(s.top_entities(&story.articles, 4)?);
            }
            Ok((list, ents, s.count()?, s.story_count()?))
        })
        .await;
    let (mut list, ents, articles, stories) = match res {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let more = list.len() > 30;
    list.truncate(30);
    let mut b = search_form("");
    let _ = write!(
        b,
        "<h1>القصص الآن</h1><p class=\"meta\">{articles} مقالة في {stories} قصة · ترتيب: \
<a href=\"/?sort=recent\">الأحدث</a> · <a href=\"/?sort=size\">الأكبر</a> · <a href=\"/?sort=growth\">الأسرع نمواً</a></p>"
    );
    if list.is_empty() {
        b.push_str("<p>لا توجد قصص بعد. شغّل <code>marsad ingest</code> ثم أعد التحميل.</p>");
    }
    for (s, es) in list.iter().zip(&ents) {
        let _ = write!(
            b,
            "<div class=\"story\"><h2><a href=\"/story/{id}\">{h}</a>{marks}</h2>\
<div class=\"meta\">أول تقرير: {first} · {n} مقالة · {r} تقرير · {src}</div><div class=\"terms\">{names}{terms}</div></div>",
            names = entity_chips(es),
            id = esc(&s.id),
            h = esc_title(&s.headline),
            marks = story_marks(s),
            first = fmt_time(&s.first_seen),
            n = s.articles.len(),
            r = s.groups.len(),
            src = sites_phrase(s.sources.len()),
            terms = story_phrases(s).iter().take(6).map(|t| format!("<span>{}</span>", esc(t))).collect::<String>()
        );
    }
    b.push_str("<nav class=\"pager\">");
    if offset > 0 {
        let _ = write!(b, "<a href=\"/?sort={}&cursor=o{}\">السابق</a>", esc(&sort_name), offset.saturating_sub(30));
    }
    if more {
        let _ = write!(b, "<a href=\"/?sort={}&cursor=o{}\">التالي</a>", esc(&sort_name), offset + 30);
    }
    b.push_str("</nav>");
    page("القصص الآن", &b).into_response()
}

pub async fn story_page(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return error_page(ApiError { status: StatusCode::BAD_REQUEST, message: "معرّف غير صالح".into() });
    }
    let res = st
        .with_store(move |s| {
            let story = s.story(&id)?.ok_or_else(|| ApiError::not_found("story"))?;
            let mut arts = Vec::new();
            for aid in &story.articles {
                if let (Some(a), r) = (s.get(aid)?, s.article_story(aid)?) {
                    arts.push((a, r));
                }
            }
            let mut linked = Vec::new();
            for lid in story.development_of.iter().chain(story.continued_by.iter()).chain(story.related_stories.iter())
            {
                if let Some(l) = s.story(lid)? {
                    linked.push((l.id.clone(), l.headline.clone()));
                }
            }
            let ents = s.top_entities(&story.articles, 16)?;
            let quotes = s.quotes_in(&story.articles, 20)?;
            Ok((story, arts, linked, ents, quotes))
        })
        .await;
    let (story, arts, linked, ents, quotes) = match res {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let title_of =
        |id: &str| linked.iter().find(|(l, _)| l == id).map(|(_, h)| h.clone()).unwrap_or_else(|| id.to_string());
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1>{}<p class=\"meta\">من {} إلى {} · {} مقالة · {} تقرير · {}</p>",
        esc_title(&story.headline),
        story_marks(&story),
        fmt_time(&story.first_seen),
        fmt_time(&story.last_seen),
        story.articles.len(),
        story.groups.len(),
        sites_phrase(story.sources.len())
    );
    if let Some(prev) = &story.development_of {
        let _ = write!(b, "<p>سبق ذلك: <a href=\"/story/{}\">{}</a></p>", esc(prev), esc_title(&title_of(prev)));
    }
    for next in &story.continued_by {
        let _ = write!(b, "<p>تلا ذلك: <a href=\"/story/{}\">{}</a></p>", esc(next), esc_title(&title_of(next)));
    }
    b.push_str(&crate::svg::timeline_svg(&story.per_day));
    let _ = write!(
        b,
        "<h2>المصادر</h2><p>{}</p><div class=\"terms\">{}</div>",
        story.sources.iter().map(|(s, n)| format!("{} ({n})", esc(s))).collect::<Vec<_>>().join("، "),
        story_phrases(&story).iter().map(|t| format!("<span>{}</span>", esc(t))).collect::<String>()
    );
    if !ents.is_empty() {
        let _ = write!(b, "<h2>الأسماء في القصة</h2><div class=\"terms\">{}</div>", entity_chips(&ents));
    }
    if !quotes.is_empty() {
        let _ = write!(b, "<h2>من قال ماذا</h2><ul>{}</ul>", quote_items(&quotes));
    }
    let _ = write!(
        b,
        "<p><a href=\"/search?q=*&amp;story={}\">ابحث داخل هذه القصة</a></p><h2>التقارير</h2>",
        esc(&story.id)
    );
    // Reports: one entry per near-duplicate group, copies folded.
    for g in &story.groups {
        let members: Vec<_> = arts.iter().filter(|(_, r)| r.as_ref().is_some_and(|r| &r.group == g)).collect();
        let Some((rep, _)) = members.first() else { continue };
        let mut srcs: Vec<&str> = members.iter().map(|(a, _)| a.source.as_str()).collect();
        srcs.dedup();
        let _ = write!(
            b,
            "<div class=\"story\"><h3><a href=\"/article/{}\">{}</a></h3><div class=\"meta\">{} · {} · {}</div>",
            esc(&rep.id),
            esc_title(&rep.title),
            esc(&rep.source),
            rep.effective_time().map(|t| fmt_time(&t)).unwrap_or_default(),
            sites_phrase(srcs.len())
        );
        if members.len() > 1 {
            let _ = write!(b, "<details><summary>{} نسخة أخرى</summary><ul>", members.len() - 1);
            for (a, _) in &members[1..] {
                let _ = write!(
                    b,
                    "<li><a href=\"/article/{}\">{}</a> — {}</li>",
                    esc(&a.id),
                    esc_title(&a.title),
                    esc(&a.source)
                );
            }
            b.push_str("</ul></details>");
        }
        b.push_str("</div>");
    }
    if !story.related_stories.is_empty() {
        b.push_str("<h2>قصص ذات صلة</h2><ul>");
        for r in &story.related_stories {
            let _ = write!(b, "<li><a href=\"/story/{}\">{}</a></li>", esc(r), esc_title(&title_of(r)));
        }
        b.push_str("</ul>");
    }
    page(&story.headline, &b).into_response()
}

pub async fn article_page(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return error_page(ApiError { status: StatusCode::BAD_REQUEST, message: "معرّف غير صالح".into() });
    }
    let res = st
        .with_store(move |s| {
            let a = s.get(&id)?.ok_or_else(|| ApiError::not_found("article"))?;
            let r = s.article_story(&id)?;
            let mut related = Vec::new();
            if let Some(r) = &r {
                for (rid, score) in &r.related {
                    if let Some(x) = s.get(rid)? {
                        related.push((x.id, x.title, *score));
                    }
                }
            }
            let story = match &r {
                Some(r) => s.story(&r.story)?,
                None => None,
            };
            let analysis = s.analysis(&id)?;
            // The other copies of the same report.
            let mut copies = Vec::new();
            if let Some(g) = r.as_ref().and_then(|r| s.dup_group(&r.group).transpose()).transpose()? {
                for cid in g.articles.iter().filter(|c| **c != id) {
                    if let Some(x) = s.get(cid)? {
                        copies.push((x.id, x.title, x.source));
                    }
                }
            }
            Ok((a, r, related, story, analysis, copies))
        })
        .await;
    let (a, r, related, story, analysis, copies) = match res {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let mut b = String::new();
    let _ = write!(b, "<article><h1>{}</h1><p class=\"meta\">{}", esc_title(&a.title), esc(&a.source));
    if let Some(p) = &a.original_publisher {
        let _ = write!(b, " · المصدر الأصلي: {}", esc(p));
    }
    if let Some(t) = a.effective_time() {
        let _ = write!(b, " · {}", fmt_time(&t));
    }
    if let Some(u) = &a.url {
        let _ = write!(b, " · <a href=\"{}\" rel=\"nofollow noopener\">الرابط الأصلي</a>", esc(u));
    }
    b.push_str("</p>");
    if let Some(r) = &r {
        let verdict = match &r.verdict {
            Verdict::NewStory { development_of: None } => "<span class=\"badge new\">قصة جديدة</span>".to_string(),
            Verdict::NewStory { development_of: Some(s) } => {
                format!("<span class=\"badge dev\">تطور لـ<a href=\"/story/{}\">قصة سابقة</a></span>", esc(s))
            }
            Verdict::Development { .. } => {
                format!("<span class=\"badge dev\">تطور في القصة · جديد: {:.0}٪</span>", r.novelty * 100.0)
            }
            Verdict::Copy { of } => {
                format!("<span class=\"badge copy\">نسخة من <a href=\"/article/{}\">تقرير سابق</a></span>", esc(of))
            }
        };
        let _ = write!(b, "<p>{verdict}");
        if let Some(s) = &story {
            let _ = write!(b, " ضمن القصة: <a href=\"/story/{}\">{}</a>", esc(&s.id), esc_title(&s.headline));
        }
        b.push_str("</p>");
    }
    let marks = analysis.as_ref().map(|an| inline_marks(&a, an)).unwrap_or_default();
    for (i, p) in a.body.iter().enumerate() {
        let _ = write!(b, "<p>{}</p>", marked_paragraph(&p.text, marks.get(i).map(Vec::as_slice).unwrap_or(&[])));
    }
    b.push_str("</article>");
    if let Some(an) = &analysis {
        if let Some(ents) = an["entities"].as_array().filter(|e| !e.is_empty()) {
            b.push_str("<h2>الأسماء في الخبر</h2><p class=\"terms\">");
            for e in ents {
                let name = e["canonical"].as_str().unwrap_or_default();
                let _ = write!(
                    b,
                    "<span class=\"ent\" title=\"{}\"><a href=\"/entity/{}\">{}</a></span>",
                    kind_ar(e["kind"].as_str().unwrap_or_default()),
                    esc(e["id"].as_str().unwrap_or_default()),
                    esc(name)
                );
            }
            b.push_str("</p>");
        }
        if let Some(qs) = an["quotes"].as_array().filter(|q| !q.is_empty()) {
            b.push_str("<h2>من قال ماذا</h2><ul>");
            for q in qs {
                let sp = q["speaker"]["canonical"].as_str().or(q["speaker"]["text"].as_str()).unwrap_or("؟");
                let _ = write!(
                    b,
                    "<li><strong>{}</strong>: «{}»</li>",
                    esc(sp),
                    esc(q["text"].as_str().unwrap_or_default())
                );
            }
            b.push_str("</ul>");
        }
        if let Some(ts) = an["times"].as_array().filter(|t| !t.is_empty()) {
            b.push_str("<h2>التواريخ</h2><p class=\"terms\">");
            for t in ts {
                let _ = write!(
                    b,
                    "<span>{} → {}</span>",
                    esc(t["text"].as_str().unwrap_or_default()),
                    esc(t["value"].as_str().unwrap_or_default())
                );
            }
            b.push_str("</p>");
        }
    }
    if let Some(ks) = analysis.as_ref().and_then(|an| an["keywords"].as_array()).filter(|k| !k.is_empty()) {
        b.push_str("<h2>الكلمات المفتاحية</h2><p class=\"terms\">");
        for k in ks.iter().take(10) {
            let p = k["phrase"].as_str().unwrap_or_default();
            let _ = write!(b, "<span><a href=\"/search?q={}\">{}</a></span>", qenc(&format!("\"{p}\"")), esc(p));
        }
        b.push_str("</p>");
    }
    if !a.publisher_tags.is_empty() {
        let _ = write!(
            b,
            "<p class=\"terms\">وسوم الناشر: {}</p>",
            a.publisher_tags.iter().map(|t| format!("<span>{}</span>", esc(t))).collect::<String>()
        );
    }
    if !a.read_also.is_empty() {
        b.push_str("<h2>اقرأ أيضاً (من الصفحة)</h2><ul>");
        for l in &a.read_also {
            let _ = write!(b, "<li>{}</li>", esc_title(&l.title));
        }
        b.push_str("</ul>");
    }
    if !copies.is_empty() {
        let _ = write!(b, "<h2>نسخ هذا التقرير</h2><p class=\"meta\">{}</p><ul>", sites_phrase(copies.len() + 1));
        for (cid, t, src) in &copies {
            let _ = write!(b, "<li><a href=\"/article/{}\">{}</a> — {}</li>", esc(cid), esc_title(t), esc(src));
        }
        b.push_str("</ul>");
    }
    if !related.is_empty() {
        b.push_str("<h2>مقالات ذات صلة</h2><ul>");
        for (id, t, s) in &related {
            let _ = write!(
                b,
                "<li><a href=\"/article/{}\">{}</a> <span class=\"meta\">({s:.2})</span></li>",
                esc(id),
                esc_title(t)
            );
        }
        b.push_str("</ul>");
    }
    if !a.removed.is_empty() {
        b.push_str("<details class=\"removed\"><summary>ما أزاله التنظيف</summary><ul>");
        for r in &a.removed {
            let _ = write!(b, "<li>[{}] {}</li>", esc(&r.reason), esc(&r.text));
        }
        b.push_str("</ul></details>");
    }
    page(&a.title, &b).into_response()
}

/// `GET /entity/{key}`: mentions over time, co-occurring names, quotes,
/// stories and latest articles of one entity.
pub async fn entity_page(State(st): State<AppState>, Path(key): Path<String>) -> Response {
    if let Err(e) = crate::api::check_entity_key(&key) {
        return error_page(e);
    }
    let v = match st.with_store(move |s| crate::api::entity_view(s, key.trim())).await {
        Ok(v) => v,
        Err(e) => return error_page(e),
    };
    let e = &v.entity;
    let mut b = search_form("");
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"meta\">{} · {} مقالة · {} ذكر · من {} إلى {}</p>",
        esc(&e.canonical),
        kind_ar(&e.kind),
        e.articles,
        e.mentions,
        esc(e.first_day.as_deref().unwrap_or("?")),
        esc(e.last_day.as_deref().unwrap_or("?"))
    );
    if !e.also_named.is_empty() {
        let names: Vec<String> = e.also_named.iter().map(|n| esc(n)).collect();
        let _ = write!(b, "<p class=\"meta\">ويُكتب أيضاً: {}</p>", names.join(" · "));
    }
    let per_day: std::collections::BTreeMap<chrono::NaiveDate, u32> = v
        .mentions_per_day
        .iter()
        .filter_map(|(d, n)| Some((d.parse().ok()?, (*n).min(u32::MAX as u64) as u32)))
        .collect();
    b.push_str("<h2>الذكر عبر الزمن</h2>");
    b.push_str(&crate::svg::timeline_svg(&per_day));
    let _ = write!(b, "<p><a href=\"/search?q=*&amp;entity={}\">ابحث في مقالاته</a></p>", esc(&qenc(&e.id)));
    if !v.cooccurring.is_empty() {
        b.push_str("<h2>أسماء تظهر معه</h2><div class=\"terms\">");
        for c in &v.cooccurring {
            let _ = write!(
                b,
                "<span class=\"ent\"><a href=\"/entity/{}\">{}</a> ({})</span>",
                esc(&c.id),
                esc(&c.canonical),
                c.articles
            );
        }
        b.push_str("</div>");
    }
    if !v.quotes.is_empty() {
        let _ = write!(b, "<h2>أقواله</h2><ul>{}</ul>", quote_items(&v.quotes));
    }
    if !v.stories.is_empty() {
        b.push_str("<h2>القصص</h2><ul>");
        for s in v.stories.iter().take(20) {
            let _ = write!(
                b,
                "<li><a href=\"/story/{}\">{}</a> ({} مقالة)</li>",
                esc(&s.id),
                esc_title(&s.headline),
                s.articles
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("<h2>أحدث المقالات</h2><ul>");
    for a in v.articles.iter().take(20) {
        let _ = write!(
            b,
            "<li><a href=\"/article/{}\">{}</a> <span class=\"meta\">{} · {}</span></li>",
            esc(&a.id),
            esc_title(&a.title),
            esc(&a.source),
            esc(a.day.as_deref().unwrap_or(""))
        );
    }
    b.push_str("</ul>");
    if !v.other_matches.is_empty() {
        b.push_str("<p class=\"meta\">أسماء أخرى مطابقة: ");
        let links: Vec<String> = v
            .other_matches
            .iter()
            .map(|o| format!("<a href=\"/entity/{}\">{}</a>", esc(&o.id), esc(&o.canonical)))
            .collect();
        b.push_str(&links.join("، "));
        b.push_str("</p>");
    }
    page(&e.canonical, &b).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<b>\"ترامب\" & 'كيم'</b>"), "&lt;b&gt;&quot;ترامب&quot; &amp; &#39;كيم&#39;&lt;/b&gt;");
    }

    #[test]
    fn an_empty_headline_still_gives_a_link_text() {
        assert_eq!(esc_title(" \u{a0}"), "(بلا عنوان)");
        assert_eq!(esc_title(""), "(بلا عنوان)");
        assert_eq!(esc_title("«قمة» الرياض"), "«قمة» الرياض");
        assert_eq!(esc_title("<تحديث>"), "&lt;تحديث&gt;");
    }

    #[test]
    fn entities_and_dates_are_marked_inline_and_escaped() {
        let mut a = marsad_model::Article::new("almarfa", "عنوان");
        a.body = vec![
            marsad_model::Paragraph::text("زار ترامب <طوكيو> أمس."),
            marsad_model::Paragraph::text("وقال ترامب إن الزيارة ناجحة."),
        ];
        let text = format!("{}\n{}", a.title, a.body_text());
        let at = |needle: &str, from: usize| text[from..].find(needle).unwrap() + from;
        let t1 = at("ترامب", 0);
        let t2 = at("ترامب", t1 + "ترامب".len());
        let y = at("أمس", 0);
        let an = serde_json::json!({
            "entities": [{"id": "pers-1", "kind": "PERS", "canonical": "دونالد ترامب", "mentions": [
                {"start": t1, "end": t1 + "ترامب".len(), "text": "ترامب"},
                {"start": t2, "end": t2 + "ترامب".len(), "text": "ترامب"},
                {"start": 3, "end": 9, "text": "stale"}
            ]}],
            "times": [{"start": y, "end": y + "أمس".len(), "text": "أمس", "value": "2025-02-07"}],
        });
        let marks = inline_marks(&a, &an);
        let p0 = marked_paragraph(&a.body[0].text, &marks[0]);
        assert_eq!(
            p0,
            "زار <a class=\"ent ent-pers\" href=\"/entity/pers-1\" title=\"شخص · دونالد ترامب\">ترامب</a> &lt;طوكيو&gt; \
<time class=\"timex\" datetime=\"2025-02-07\" title=\"2025-02-07\">أمس</time>."
        );
        let p1 = marked_paragraph(&a.body[1].text, &marks[1]);
        assert!(p1.starts_with("وقال <a class=\"ent ent-pers\""), "{p1}");
        assert_eq!(marks[0].len() + marks[1].len(), 3, "the stale span is left out");
    }

    #[test]
    fn sites_phrase_agrees_with_the_number() {
        assert_eq!(sites_phrase(1), "نُشر في موقع واحد");
        assert_eq!(sites_phrase(2), "نُشر في موقعين");
        assert_eq!(sites_phrase(5), "نُشر في 5 مواقع");
        assert_eq!(sites_phrase(12), "نُشر في 12 موقعاً");
    }
}
