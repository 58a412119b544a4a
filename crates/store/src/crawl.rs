//! Crawl state: what the live crawler has seen, the validators of its feeds
//! and sitemaps, and the health of each source — kept in the same database
//! as the articles, so a restarted crawler neither refetches nor loses its
//! place.
//!
//! - `crawl_seen`: one row per canonical page URL: its status (`ingested`,
//!   `failed` for good, or `retry` after a transient failure), attempts, the
//!   article it gave, the last error.
//! - `crawl_validators`: `ETag` / `Last-Modified` per feed or sitemap URL,
//!   for conditional GETs.
//! - `crawl_sources`: per source, the last attempt, success and error, and
//!   running counts.
//! - `crawl_errors`: the most recent errors per source (the last
//!   [`MAX_ERRORS_KEPT`]), each naming the URL, its kind and message.
//!
//! ```
//! use marsad_store::crawl::{PageRecord, SeenStatus, Validators};
//! use marsad_store::Store;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(dir.path()).unwrap();
//! store
//!     .crawl_record_pages(&[PageRecord {
//!         url: "https://example.com/a".into(),
//!         source: "example".into(),
//!         final_url: None,
//!         article_id: Some("0123456789abcdef".into()),
//!         status: SeenStatus::Ingested,
//!         error: None,
//!     }])
//!     .unwrap();
//! assert_eq!(store.crawl_seen("https://example.com/a").unwrap().unwrap().status, SeenStatus::Ingested);
//! let v = Validators { etag: Some("\"v1\"".into()), last_modified: None };
//! store.crawl_set_validators("https://example.com/feed", &v).unwrap();
//! assert_eq!(store.crawl_validators("https://example.com/feed").unwrap(), Some(v));
//! ```

use crate::{Result, Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// Errors kept per source in `crawl_errors`.
pub const MAX_ERRORS_KEPT: i64 = 50;

/// The tables of the crawl state (run by [`Store::open`]).
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS crawl_seen (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    final_url TEXT,
    article_id TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    first_seen TEXT NOT NULL,
    last_attempt TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS crawl_seen_source ON crawl_seen(source);
CREATE TABLE IF NOT EXISTS crawl_validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crawl_sources (
    name TEXT PRIMARY KEY,
    last_attempt TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT,
    rounds INTEGER NOT NULL DEFAULT 0,
    pages_fetched INTEGER NOT NULL DEFAULT 0,
    articles_added INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    consecutive_failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS crawl_errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    at TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS crawl_errors_source ON crawl_errors(source, id);
";

/// What became of a page URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeenStatus {
    /// Fetched and stored (or already stored).
    Ingested,
    /// Failed for good (4xx, no article text, refused address …): not retried.
    Failed,
    /// Failed for now (5xx, timeout, connection): retried in a later round.
    Retry,
}

impl SeenStatus {
    /// The label stored in the database.
    pub fn label(self) -> &'static str {
        match self {
            SeenStatus::Ingested => "ingested",
            SeenStatus::Failed => "failed",
            SeenStatus::Retry => "retry",
        }
    }

    fn parse(s: &str) -> SeenStatus {
        match s {
            "ingested" => SeenStatus::Ingested,
            "retry" => SeenStatus::Retry,
            _ => SeenStatus::Failed,
        }
    }
}

/// One page's outcome, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    /// The canonical URL (the key).
    pub url: String,
    /// The source it was found for.
    pub source: String,
    /// Where redirects led, when elsewhere.
    pub final_url: Option<String>,
    /// The article stored from it.
    pub article_id: Option<String>,
    /// What became of it.
    pub status: SeenStatus,
    /// The error, when it failed.
    pub error: Option<String>,
}

/// A stored page URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenEntry {
    /// What became of it last time.
    pub status: SeenStatus,
    /// Fetch attempts so far.
    pub attempts: u32,
    /// The article stored from it.
    pub article_id: Option<String>,
}

/// HTTP validators of a feed or sitemap, for conditional GETs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// `ETag`.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
}

/// One source's round, to add to its health.
#[derive(Debug, Clone, Default)]
pub struct SourceRoundRecord {
    /// Source name.
    pub source: String,
    /// When the round started.
    pub at: Option<DateTime<Utc>>,
    /// Whether every feed and sitemap of the source could be read.
    pub ok: bool,
    /// Pages fetched.
    pub pages_fetched: u64,
    /// Articles newly stored.
    pub articles_added: u64,
    /// Errors recorded.
    pub errors: u64,
    /// The last error of the round, if any.
    pub last_error: Option<String>,
}

/// One error, for `crawl_errors`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CrawlErrorRecord {
    /// Source name.
    pub source: String,
    /// When (RFC 3339).
    pub at: String,
    /// The URL concerned.
    pub url: String,
    /// Kind (`http_status`, `timeout`, `too_large`, `malformed_feed` …).
    pub kind: String,
    /// Message.
    pub message: String,
}

/// The health of one source.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SourceHealth {
    /// Source name.
    pub name: String,
    /// Last round (RFC 3339).
    pub last_attempt: Option<String>,
    /// Last round whose feeds and sitemaps could all be read.
    pub last_success: Option<String>,
    /// The last error message.
    pub last_error: Option<String>,
    /// When it happened.
    pub last_error_at: Option<String>,
    /// Rounds run.
    pub rounds: u64,
    /// Pages fetched, all rounds.
    pub pages_fetched: u64,
    /// Articles added, all rounds.
    pub articles_added: u64,
    /// Errors, all rounds.
    pub errors: u64,
    /// Rounds in a row that had a feed or sitemap error.
    pub consecutive_failures: u64,
    /// Page URLs known (any status).
    pub urls_seen: u64,
    /// Page URLs waiting for a retry.
    pub urls_retry: u64,
}

fn opt_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl Store {
    fn crawl_sql(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite { path: self.path.clone(), source }
    }

    /// The stored state of a page URL (canonical), if any.
    pub fn crawl_seen(&self, url: &str) -> Result<Option<SeenEntry>> {
        let sql = self.crawl_sql();
        self.conn
            .prepare_cached("SELECT status, attempts, article_id FROM crawl_seen WHERE url = ?1")
            .map_err(&sql)?
            .query_row([url], |r| {
                let status: String = r.get(0)?;
                let attempts: i64 = r.get(1)?;
                Ok(SeenEntry {
                    status: SeenStatus::parse(&status),
                    attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                    article_id: r.get(2)?,
                })
            })
            .optional()
            .map_err(&sql)
    }

    /// Record page outcomes in one transaction (attempts counted). Call it
    /// after the articles themselves are stored: a crash in between refetches
    /// a page, it never loses one.
    pub fn crawl_record_pages(&mut self, pages: &[PageRecord]) -> Result<()> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let now = Utc::now().to_rfc3339();
        let tx = self.conn.transaction().map_err(sql)?;
        {
            let mut st = tx
                .prepare_cached(
                    "INSERT INTO crawl_seen (url, source, final_url, article_id, status, attempts, last_error, first_seen, last_attempt)
                     VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?7)
                     ON CONFLICT(url) DO UPDATE SET
                        final_url = COALESCE(excluded.final_url, final_url),
                        article_id = COALESCE(excluded.article_id, article_id),
                        status = excluded.status,
                        attempts = attempts + 1,
                        last_error = excluded.last_error,
                        last_attempt = excluded.last_attempt",
                )
                .map_err(sql)?;
            for p in pages {
                st.execute(params![p.url, p.source, p.final_url, p.article_id, p.status.label(), p.error, now])
                    .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// The validators stored for a feed or sitemap URL.
    pub fn crawl_validators(&self, url: &str) -> Result<Option<Validators>> {
        let sql = self.crawl_sql();
        self.conn
            .prepare_cached("SELECT etag, last_modified FROM crawl_validators WHERE url = ?1")
            .map_err(&sql)?
            .query_row([url], |r| Ok(Validators { etag: r.get(0)?, last_modified: r.get(1)? }))
            .optional()
            .map_err(&sql)
    }

    /// Every stored validator, by URL (feeds, sitemaps and child sitemaps).
    pub fn crawl_validators_all(&self) -> Result<Vec<(String, Validators)>> {
        let sql = self.crawl_sql();
        let mut q = self.conn.prepare("SELECT url, etag, last_modified FROM crawl_validators").map_err(&sql)?;
        let rows = q
            .query_map([], |r| Ok((r.get(0)?, Validators { etag: r.get(1)?, last_modified: r.get(2)? })))
            .map_err(&sql)?;
        rows.collect::<std::result::Result<_, _>>().map_err(&sql)
    }

    /// Store the validators of a feed or sitemap URL.
    pub fn crawl_set_validators(&mut self, url: &str, v: &Validators) -> Result<()> {
        let sql = self.crawl_sql();
        self.conn
            .execute(
                "INSERT INTO crawl_validators (url, etag, last_modified, checked_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                    checked_at = excluded.checked_at",
                params![url, v.etag, v.last_modified, Utc::now().to_rfc3339()],
            )
            .map_err(&sql)?;
        Ok(())
    }

    /// Record errors (the last [`MAX_ERRORS_KEPT`] per source are kept).
    pub fn crawl_record_errors(&mut self, errors: &[CrawlErrorRecord]) -> Result<()> {
        if errors.is_empty() {
            return Ok(());
        }
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        {
            let mut ins = tx
                .prepare_cached("INSERT INTO crawl_errors (source, at, url, kind, message) VALUES (?1, ?2, ?3, ?4, ?5)")
                .map_err(sql)?;
            for e in errors {
                ins.execute(params![e.source, e.at, e.url, e.kind, e.message]).map_err(sql)?;
            }
            let mut trim = tx
                .prepare_cached(
                    "DELETE FROM crawl_errors WHERE source = ?1 AND id NOT IN
                       (SELECT id FROM crawl_errors WHERE source = ?1 ORDER BY id DESC LIMIT ?2)",
                )
                .map_err(sql)?;
            let mut sources: Vec<&str> = errors.iter().map(|e| e.source.as_str()).collect();
            sources.sort_unstable();
            sources.dedup();
            for s in sources {
                trim.execute(params![s, MAX_ERRORS_KEPT]).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// The most recent errors of a source, newest first.
    pub fn crawl_recent_errors(&self, source: &str, limit: u32) -> Result<Vec<CrawlErrorRecord>> {
        let sql = self.crawl_sql();
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT source, at, url, kind, message FROM crawl_errors WHERE source = ?1 ORDER BY id DESC LIMIT ?2",
            )
            .map_err(&sql)?;
        let rows = q
            .query_map(params![source, limit], |r| {
                Ok(CrawlErrorRecord {
                    source: r.get(0)?,
                    at: r.get(1)?,
                    url: r.get(2)?,
                    kind: r.get(3)?,
                    message: r.get(4)?,
                })
            })
            .map_err(&sql)?;
        rows.collect::<std::result::Result<_, _>>().map_err(&sql)
    }

    /// Add one round to a source's health.
    pub fn crawl_record_round(&mut self, r: &SourceRoundRecord) -> Result<()> {
        let sql = self.crawl_sql();
        let at = r.at.unwrap_or_else(Utc::now).to_rfc3339();
        self.conn
            .execute(
                "INSERT INTO crawl_sources (name, last_attempt, last_success, last_error, last_error_at, rounds,
                    pages_fetched, articles_added, errors, consecutive_failures)
                 VALUES (?1, ?2, CASE WHEN ?3 THEN ?2 END, ?4, CASE WHEN ?4 IS NOT NULL THEN ?2 END, 1, ?5, ?6, ?7,
                    CASE WHEN ?3 THEN 0 ELSE 1 END)
                 ON CONFLICT(name) DO UPDATE SET
                    last_attempt = excluded.last_attempt,
                    last_success = COALESCE(excluded.last_success, last_success),
                    last_error = COALESCE(excluded.last_error, last_error),
                    last_error_at = COALESCE(excluded.last_error_at, last_error_at),
                    rounds = rounds + 1,
                    pages_fetched = pages_fetched + excluded.pages_fetched,
                    articles_added = articles_added + excluded.articles_added,
                    errors = errors + excluded.errors,
                    consecutive_failures = CASE WHEN ?3 THEN 0 ELSE consecutive_failures + 1 END",
                params![
                    r.source,
                    at,
                    r.ok,
                    r.last_error,
                    opt_i64(r.pages_fetched),
                    opt_i64(r.articles_added),
                    opt_i64(r.errors)
                ],
            )
            .map_err(&sql)?;
        Ok(())
    }

    /// The health of every source the crawler has run, by name.
    pub fn crawl_sources(&self) -> Result<Vec<SourceHealth>> {
        let sql = self.crawl_sql();
        let mut q = self
            .conn
            .prepare(
                "SELECT s.name, s.last_attempt, s.last_success, s.last_error, s.last_error_at, s.rounds,
                        s.pages_fetched, s.articles_added, s.errors, s.consecutive_failures,
                        (SELECT COUNT(*) FROM crawl_seen c WHERE c.source = s.name),
                        (SELECT COUNT(*) FROM crawl_seen c WHERE c.source = s.name AND c.status = 'retry')
                 FROM crawl_sources s ORDER BY s.name",
            )
            .map_err(&sql)?;
        let n = |r: &rusqlite::Row, i| -> rusqlite::Result<u64> { Ok(u64::try_from(r.get::<_, i64>(i)?).unwrap_or(0)) };
        let rows = q
            .query_map([], |r| {
                Ok(SourceHealth {
                    name: r.get(0)?,
                    last_attempt: r.get(1)?,
                    last_success: r.get(2)?,
                    last_error: r.get(3)?,
                    last_error_at: r.get(4)?,
                    rounds: n(r, 5)?,
                    pages_fetched: n(r, 6)?,
                    articles_added: n(r, 7)?,
                    errors: n(r, 8)?,
                    consecutive_failures: n(r, 9)?,
                    urls_seen: n(r, 10)?,
                    urls_retry: n(r, 11)?,
                })
            })
            .map_err(&sql)?;
        rows.collect::<std::result::Result<_, _>>().map_err(&sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_and_errors_accumulate() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let mut r = SourceRoundRecord {
            source: "a".into(),
            ok: true,
            pages_fetched: 3,
            articles_added: 2,
            ..Default::default()
        };
        s.crawl_record_round(&r).unwrap();
        r.ok = false;
        r.errors = 1;
        r.last_error = Some("boom".into());
        s.crawl_record_round(&r).unwrap();
        let h = &s.crawl_sources().unwrap()[0];
        assert_eq!((h.rounds, h.pages_fetched, h.articles_added, h.errors, h.consecutive_failures), (2, 6, 4, 1, 1));
        assert!(h.last_success.is_some());
        assert_eq!(h.last_error.as_deref(), Some("boom"));
        let errs: Vec<CrawlErrorRecord> = (0..60)
            .map(|i| CrawlErrorRecord {
                source: "a".into(),
                at: "t".into(),
                url: format!("u{i}"),
                kind: "k".into(),
                message: "m".into(),
            })
            .collect();
        s.crawl_record_errors(&errs).unwrap();
        let kept = s.crawl_recent_errors("a", 100).unwrap();
        assert_eq!(kept.len() as i64, MAX_ERRORS_KEPT);
        assert_eq!(kept[0].url, "u59");
    }

    #[test]
    fn attempts_count_and_status_updates() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let mut p = PageRecord {
            url: "u".into(),
            source: "a".into(),
            final_url: None,
            article_id: None,
            status: SeenStatus::Retry,
            error: Some("500".into()),
        };
        s.crawl_record_pages(std::slice::from_ref(&p)).unwrap();
        p.status = SeenStatus::Ingested;
        p.article_id = Some("x".into());
        s.crawl_record_pages(&[p]).unwrap();
        let e = s.crawl_seen("u").unwrap().unwrap();
        assert_eq!((e.status, e.attempts, e.article_id.as_deref()), (SeenStatus::Ingested, 2, Some("x")));
        assert_eq!(s.crawl_sources().unwrap().len(), 0);
    }
}
