//! Full-text search: a tantivy index beside the SQLite database, fed through
//! marsad's Arabic analyzer.
//!
//! Two analyses per text field: `ar` (search folding + light stemming, so
//! وللمملكة finds المملكة and أمريكا finds امريكا) and `ar_exact` (display
//! cleanup only, for `--exact` queries that must match the spelling as
//! written). Queries use tantivy's syntax: words, "phrases", AND / OR / NOT,
//! `+must -mustnot`, `title:…`, `quotes:…` (speakers and quoted words,
//! from the analysis). Filters: source, day range.
//!
//! The index is derived data: every stored article carries an `indexed`
//! flag, [`crate::Store::sync_index`] adds what is missing (deleting any
//! earlier copy of the same id first, so a crash between the index commit
//! and the flag update only repeats work), and deleting the `index/`
//! directory rebuilds it from the store.

use chrono::NaiveDate;
use marsad_arabic::tantivy_tokenizer::ArabicTokenizer;
use marsad_model::Article;
use serde::Serialize;
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery, TermSetQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Search errors.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index failed.
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The query could not be parsed.
    #[error("cannot parse the query: {0}")]
    Query(#[from] tantivy::query::QueryParserError),
    /// The index directory cannot be used.
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    /// Opening the directory failed.
    #[error("search index directory: {0}")]
    Dir(#[from] tantivy::directory::error::OpenDirectoryError),
    /// The query is too long or empty.
    #[error("{0}")]
    Invalid(String),
    /// The index was built by an earlier marsad with another layout; it is
    /// derived data and must be rebuilt ([`crate::Store::search_index`] does).
    #[error("search index in {0} has an older layout")]
    Outdated(std::path::PathBuf),
}

/// Layout version of the index, written beside it: a change of schema bumps
/// it, and an index of another version is rebuilt from the store.
pub const INDEX_VERSION: u32 = 3;
const VERSION_FILE: &str = "marsad-index-version";

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    key: Field,
    title: Field,
    body: Field,
    title_exact: Field,
    body_exact: Field,
    quotes: Field,
    source: Field,
    day: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tok: &str, stored: bool| {
        let idx =
            TextFieldIndexing::default().set_tokenizer(tok).set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let o = TextOptions::default().set_indexing_options(idx);
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let f = Fields {
        id: b.add_text_field("id", STRING | STORED),
        // The id as a number in a columnar field: results are collapsed by
        // id before any stored document is read, and reading the stored
        // document (whole body) of every hit just for its id is what made
        // searches slow.
        key: b.add_u64_field("key", FAST),
        title: b.add_text_field("title", text("ar", true)),
        body: b.add_text_field("body", text("ar", true)),
        title_exact: b.add_text_field("title_exact", text("ar_exact", false)),
        body_exact: b.add_text_field("body_exact", text("ar_exact", false)),
        // Who said what: speakers and quoted words, for `quotes:…` queries.
        quotes: b.add_text_field("quotes", text("ar", false)),
        source: b.add_text_field("source", STRING | STORED),
        day: b.add_i64_field("day", INDEXED | FAST | STORED),
    };
    (b.build(), f)
}

/// Article ids are 16 hex digits (64 bits of a hash): the numeric key. 0
/// (not a valid hash prefix in practice) marks an id of another shape,
/// whose stored document is read instead.
fn id_key(id: &str) -> u64 {
    if id.len() == 16 {
        u64::from_str_radix(id, 16).unwrap_or(0)
    } else {
        0
    }
}

fn day_number(d: NaiveDate) -> i64 {
    use chrono::Datelike;
    d.year() as i64 * 10_000 + d.month() as i64 * 100 + d.day() as i64
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The query text (tantivy syntax).
    pub text: String,
    /// Only this source.
    pub source: Option<String>,
    /// Only articles on or after this day.
    pub from: Option<NaiveDate>,
    /// Only articles on or before this day.
    pub to: Option<NaiveDate>,
    /// Match the spelling as written (no folding, no stemming).
    pub exact: bool,
    /// Only these article ids (a story's articles, an entity's articles).
    pub ids: Option<Vec<String>>,
    /// Maximum hits before collapsing.
    pub limit: usize,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// BM25 score.
    pub score: f32,
    /// Title.
    pub title: String,
    /// Source.
    pub source: String,
    /// Day as YYYYMMDD.
    pub day: i64,
    /// A body fragment with `<b>` around matches (HTML-escaped).
    pub snippet_html: String,
    /// The fragment as plain text.
    pub fragment: String,
    /// Byte ranges of the matches inside `fragment`.
    pub highlights: Vec<std::ops::Range<usize>>,
}

/// One report in the results: the best-scoring copy of a near-duplicate
/// group, with the number of other matching copies folded under it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The hit shown.
    #[serde(flatten)]
    pub hit: Hit,
    /// Its story, when the story map knows it.
    pub story: Option<String>,
    /// Its near-duplicate group.
    pub group: Option<String>,
    /// Other matching copies folded under it.
    pub copies: usize,
}

/// The search index of a data directory.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl SearchIndex {
    /// Open or create the index in `dir`.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir)?;
        let version_file = dir.join(VERSION_FILE);
        let has_index = dir.join("meta.json").exists();
        let version = std::fs::read_to_string(&version_file).ok().and_then(|v| v.trim().parse::<u32>().ok());
        if has_index && version != Some(INDEX_VERSION) {
            return Err(SearchError::Outdated(dir.to_path_buf()));
        }
        if !has_index {
            std::fs::write(&version_file, format!("{INDEX_VERSION}\n"))?;
        }
        let (schema, fields) = schema();
        let mmap = tantivy::directory::MmapDirectory::open(dir)?;
        let index = Index::open_or_create(mmap, schema)?;
        index.tokenizers().register("ar", TextAnalyzer::from(ArabicTokenizer::stemmed()));
        index.tokenizers().register("ar_exact", TextAnalyzer::from(ArabicTokenizer::exact()));
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, fields })
    }

    /// A writer (one at a time per index).
    pub fn writer(&self) -> Result<IndexWriter, SearchError> {
        Ok(self.index.writer(64 << 20)?)
    }

    /// Add (or replace) one article; `quotes` is its speakers and quotes
    /// as one text (empty before analysis).
    pub fn add(&self, w: &IndexWriter, a: &Article, quotes: &str) -> Result<(), SearchError> {
        let f = self.fields;
        w.delete_term(Term::from_field_text(f.id, &a.id));
        let body = a.body_text();
        w.add_document(doc!(
            f.id => a.id.as_str(),
            f.key => id_key(&a.id),
            f.title => a.title.as_str(),
            f.body => body.as_str(),
            f.title_exact => a.title.as_str(),
            f.body_exact => body.as_str(),
            f.quotes => quotes,
            f.source => a.source.as_str(),
            f.day => a.day().map(day_number).unwrap_or(0),
        ))?;
        Ok(())
    }

    /// Make committed changes visible to searches.
    pub fn reload(&self) -> Result<(), SearchError> {
        Ok(self.reader.reload()?)
    }

    /// Documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Run a query; hits by descending score, each with a snippet.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>, SearchError> {
        self.search_with(q, |_| true).map(|(hits, _)| hits)
    }

    /// Run a query; `keep` sees each hit's id in score order and says
    /// whether to build its hit (stored fields and snippet, the costly part)
    /// or skip it — how results are collapsed by near-duplicate group
    /// without paying for the copies. Also returns how many documents match
    /// in all (the hits stop at the query's limit).
    pub fn search_with(
        &self,
        q: &SearchQuery,
        mut keep: impl FnMut(&str) -> bool,
    ) -> Result<(Vec<Hit>, usize), SearchError> {
        let text = q.text.trim();
        if text.is_empty() {
            return Err(SearchError::Invalid("empty query".into()));
        }
        if text.len() > MAX_QUERY_BYTES {
            return Err(SearchError::Invalid(format!("query longer than {MAX_QUERY_BYTES} bytes")));
        }
        let f = self.fields;
        let (tf, bf) = if q.exact { (f.title_exact, f.body_exact) } else { (f.title, f.body) };
        let mut parser = QueryParser::for_index(&self.index, vec![tf, bf]);
        parser.set_field_boost(tf, 2.0);
        // Strict syntax first; text that is not valid query syntax (a
        // headline with a colon or an unbalanced quote) is read leniently
        // rather than refused.
        let parsed = match parser.parse_query(text) {
            Ok(q) => q,
            Err(_) => parser.parse_query_lenient(text).0,
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed.box_clone())];
        if let Some(s) = &q.source {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(Term::from_field_text(f.source, s), IndexRecordOption::Basic)),
            ));
        }
        if let Some(ids) = &q.ids {
            let terms = ids.iter().map(|id| Term::from_field_text(f.id, id));
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        if q.from.is_some() || q.to.is_some() {
            let lo = q.from.map(day_number).unwrap_or(0);
            let hi = q.to.map(day_number).unwrap_or(99_999_999);
            clauses.push((Occur::Must, Box::new(RangeQuery::new_i64("day".to_string(), lo..hi + 1))));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let (top, total) = searcher.search(&query, &(TopDocs::with_limit(q.limit.clamp(1, 1000)), Count))?;
        // Snippets come from the stemmed body field; the matched ranges are
        // byte offsets into the original text, thanks to the analyzer's
        // offset maps.
        let mut snippets: Option<SnippetGenerator> = None;
        let mut hits = Vec::with_capacity(top.len());
        let mut keys: Vec<Option<tantivy::columnar::Column<u64>>> = vec![None; searcher.segment_readers().len()];
        for (score, addr) in top {
            let seg = addr.segment_ord as usize;
            if keys[seg].is_none() {
                keys[seg] = Some(searcher.segment_reader(addr.segment_ord).fast_fields().u64("key")?);
            }
            let key = keys[seg].as_ref().and_then(|c| c.first(addr.doc_id)).unwrap_or(0);
            let id = if key != 0 {
                format!("{key:016x}")
            } else {
                let d: TantivyDocument = searcher.doc(addr)?;
                d.get_first(f.id).and_then(|v| v.as_str()).unwrap_or_default().to_string()
            };
            if !keep(&id) {
                continue;
            }
            let d: TantivyDocument = searcher.doc(addr)?;
            let get = |fl: Field| d.get_first(fl).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            if snippets.is_none() {
                let mut g = SnippetGenerator::create(&searcher, &*parsed, f.body)?;
                g.set_max_num_chars(220);
                snippets = Some(g);
            }
            let snippet = snippets.as_ref().expect("created above").snippet_from_doc(&d);
            hits.push(Hit {
                id,
                score,
                title: get(f.title),
                source: get(f.source),
                day: d.get_first(f.day).and_then(|v| v.as_i64()).unwrap_or(0),
                snippet_html: snippet.to_html(),
                fragment: snippet.fragment().to_string(),
                highlights: snippet.highlighted().to_vec(),
            });
        }
        Ok((hits, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use marsad_model::Paragraph;

    fn art(n: u32, source: &str, title: &str, body: &str, day: u32) -> Article {
        let mut a = Article::new(source, title);
        a.url = Some(format!("http://{source}.example/{n}"));
        a.fetched_at = Some(Utc.with_ymd_and_hms(2025, 4, day, 9, 0, 0).unwrap());
        a.body = vec![Paragraph::text(body)];
        a.assign_id();
        a
    }

    fn index(arts: &[Article]) -> (SearchIndex, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let idx = SearchIndex::open(dir.path()).unwrap();
        let mut w = idx.writer().unwrap();
        for a in arts {
            idx.add(&w, a, "").unwrap();
        }
        w.commit().unwrap();
        idx.reload().unwrap();
        (idx, dir)
    }

    fn ids(idx: &SearchIndex, q: SearchQuery) -> Vec<String> {
        idx.search(&SearchQuery { limit: 10, ..q }).unwrap().into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn folding_stemming_phrases_filters_and_exact() {
        let arts = vec![
            art(1, "almarfa", "السيول تغمر جازان", "غمرت السيولُ أحياءً في جازان وأعلن الدفاع المدني رفع الجاهزية.", 1),
            art(2, "alwadi", "أمطار على الرياض", "هطلت أمطار خفيفة على الرياض، وقال الدفاع المدني إن الوضع مستقر.", 2),
            art(3, "almarfa", "الهلال يفوز", "فاز الهلال على الاتحاد بهدفين في الرياض.", 3),
        ];
        let (idx, _d) = index(&arts);
        assert_eq!(idx.num_docs(), 3);
        let q = |t: &str| SearchQuery { text: t.into(), ..Default::default() };
        // Clitics and hamza folding: وللرياض / الرياض, امطار / أمطار.
        assert_eq!(ids(&idx, q("امطار")), vec![arts[1].id.clone()]);
        let mut r = ids(&idx, q("بالرياض"));
        r.sort();
        let mut want = vec![arts[1].id.clone(), arts[2].id.clone()];
        want.sort();
        assert_eq!(r, want);
        // Phrase.
        assert_eq!(ids(&idx, q("\"الدفاع المدني\" AND جازان")), vec![arts[0].id.clone()]);
        // Filters.
        let mut f = q("الدفاع");
        f.source = Some("alwadi".into());
        assert_eq!(ids(&idx, f), vec![arts[1].id.clone()]);
        let mut f = q("الرياض");
        f.from = NaiveDate::from_ymd_opt(2025, 4, 3);
        assert_eq!(ids(&idx, f), vec![arts[2].id.clone()]);
        let mut f = q("الرياض");
        f.ids = Some(vec![arts[2].id.clone(), arts[0].id.clone()]);
        assert_eq!(ids(&idx, f), vec![arts[2].id.clone()], "restricted to a set of ids");
        // Exact: the unfolded spelling must match.
        let mut e = q("امطار");
        e.exact = true;
        assert!(ids(&idx, e).is_empty());
        let mut e = q("أمطار");
        e.exact = true;
        assert_eq!(ids(&idx, e), vec![arts[1].id.clone()]);
    }

    #[test]
    fn snippets_highlight_the_original_text_and_readds_replace() {
        let a = art(1, "almarfa", "عنوان", "افتتح وزير الصحة مستشفى جديداً في جازان اليوم.", 1);
        let (idx, _d) = index(&[a.clone(), a.clone()]);
        assert_eq!(idx.num_docs(), 1, "re-adding an id replaces it");
        let h = &idx.search(&SearchQuery { text: "مستشفى".into(), limit: 5, ..Default::default() }).unwrap()[0];
        assert_eq!(h.highlights.len(), 1);
        assert_eq!(&h.fragment[h.highlights[0].clone()], "مستشفى");
        assert!(h.snippet_html.contains("<b>مستشفى</b>"));
    }

    #[test]
    fn the_total_counts_every_match_beyond_the_limit() {
        let arts: Vec<Article> =
            (1..=7).map(|n| art(n, "almarfa", &format!("خبر {n}"), "سقطت أمطار على جازان اليوم.", 1 + n % 3)).collect();
        let (idx, _d) = index(&arts);
        let q = SearchQuery { text: "أمطار".into(), limit: 3, ..Default::default() };
        let (hits, total) = idx.search_with(&q, |_| true).unwrap();
        assert_eq!((hits.len(), total), (3, 7));
        // Hits skipped by `keep` still count in the total.
        let (hits, total) = idx.search_with(&q, |_| false).unwrap();
        assert_eq!((hits.len(), total), (0, 7));
    }

    #[test]
    fn bad_queries_are_errors() {
        let (idx, _d) = index(&[]);
        assert!(idx.search(&SearchQuery { text: "  ".into(), limit: 5, ..Default::default() }).is_err());
        let long = "ا".repeat(2000);
        assert!(idx.search(&SearchQuery { text: long, limit: 5, ..Default::default() }).is_err());
    }
}
