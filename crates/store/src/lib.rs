//! marsad's embedded store: every article in one SQLite database inside one
//! data directory.
//!
//! SQLite (the bundled library, through `rusqlite`) runs in WAL mode; writes
//! come in batches, one transaction each, so a crash mid-ingest leaves either
//! a whole batch or none of it — never half an article — and re-running the
//! ingest completes the job. Inserts are idempotent: an article whose id is
//! already stored is counted as already present and left untouched.
//!
//! ```
//! use marsad_model::{Article, Paragraph};
//! use marsad_store::Store;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(dir.path()).unwrap();
//! let mut a = Article::new("almarfa", "افتتاح معرض الكتاب");
//! a.url = Some("http://almarfa.example/1".into());
//! a.body = vec![Paragraph::text("افتتح المعرض أبوابه.")];
//! a.assign_id();
//! let first = store.insert_batch(&[a.clone()]).unwrap();
//! let again = store.insert_batch(&[a.clone()]).unwrap();
//! assert_eq!((first.added, again.already_present), (1, 1));
//! assert_eq!(store.get(&a.id).unwrap().unwrap().title, a.title);
//! ```
#![warn(missing_docs)]

pub mod crawl;
pub mod search;

pub use search::{Hit, Report, SearchIndex, SearchQuery};

use chrono::{NaiveDate, Utc};
use marsad_model::{article_id, canonical_url, Article};
use marsad_stories::{ArticleStory, DupGroup, Story, StoryMap};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "marsad.db";
/// Bookkeeping key of the version the stored analyses were made with.
const ANALYSIS_VERSION: &str = "analysis_version";

/// Schema version written to `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 1;

/// Store errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// The data directory cannot be created or used.
    #[error("data directory {path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A stored record cannot be decoded.
    #[error("stored article {id} is unreadable: {message}")]
    Corrupt {
        /// Article id.
        id: String,
        /// What failed.
        message: String,
    },
    /// The search index failed.
    #[error("{0}")]
    Search(String),
    /// A story or entity named in a request is not known.
    #[error("{0} not found")]
    NotFound(String),
    /// The database was written by a newer marsad.
    #[error("database {path} has schema version {found}; this marsad knows up to {SCHEMA_VERSION}")]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its version.
        found: i64,
    },
}

/// Result alias for the store.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Outcome of one batch insert.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Newly stored articles.
    pub added: usize,
    /// Articles whose id was already stored (or repeated within the batch).
    pub already_present: usize,
}

/// Corpus counts.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stats {
    /// Articles stored.
    pub articles: u64,
    /// Articles per source, most first.
    pub per_source: Vec<(String, u64)>,
    /// Articles per day (UTC, effective date), in date order.
    pub per_day: Vec<(String, u64)>,
}

/// Counts per day (`YYYY-MM-DD`, count), in day order.
pub type DayCounts = Vec<(String, u64)>;

/// One article's analysis, ready to store.
#[derive(Debug, Clone, Default)]
pub struct AnalysisRecord {
    /// Article id.
    pub article: String,
    /// Its day (YYYY-MM-DD), for the indexes.
    pub day: Option<String>,
    /// The whole analysis as JSON.
    pub doc: String,
    /// Entities found (for the entity index).
    pub entities: Vec<EntityMention>,
    /// Quotes found (for the quote index).
    pub quotes: Vec<QuoteMention>,
}

/// An entity in one article.
#[derive(Debug, Clone, Default)]
pub struct EntityMention {
    /// Stable entity id.
    pub id: String,
    /// Canonical name.
    pub canonical: String,
    /// PERS, LOC, ORG, MISC.
    pub kind: String,
    /// Mentions in the article.
    pub mentions: i64,
    /// Of them, mentions in the headline (the story stage reads the places
    /// a headline names from here instead of tagging the headline again).
    pub in_title: i64,
}

/// A quote in one article.
#[derive(Debug, Clone, Default)]
pub struct QuoteMention {
    /// Speaker as written or resolved.
    pub speaker: Option<String>,
    /// The speaker's entity id.
    pub speaker_entity: Option<String>,
    /// direct / indirect.
    pub kind: String,
    /// The quoted text.
    pub text: String,
}

/// An entity of one article that stands, in that article only, for
/// another entity (see [`Store::set_entity_merges`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ArticleEntityMerge {
    /// The article.
    pub article_id: String,
    /// The entity id its analysis gave.
    pub raw_id: String,
    /// The entity it stands for there.
    pub entity_id: String,
    /// That entity's name.
    pub canonical: String,
}

/// An entity across the corpus.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EntityRow {
    /// Stable entity id.
    pub id: String,
    /// Canonical name.
    pub canonical: String,
    /// PERS, LOC, ORG, MISC.
    pub kind: String,
    /// Articles that mention it.
    pub articles: u64,
    /// Mentions in all.
    pub mentions: u64,
    /// First day seen.
    pub first_day: Option<String>,
    /// Last day seen.
    pub last_day: Option<String>,
    /// The other names it goes by across the corpus: a person's short or
    /// full name that some articles write instead (`عادل بن أحمد الجبير`
    /// for `عادل الجبير`), most articles first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_named: Vec<String>,
}

/// A stored quote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuoteRow {
    /// Article id.
    pub article: String,
    /// Speaker.
    pub speaker: Option<String>,
    /// Speaker's entity id.
    pub speaker_entity: Option<String>,
    /// direct / indirect.
    pub kind: String,
    /// The quote.
    pub text: String,
    /// Day.
    pub day: Option<String>,
    /// Articles that carry this quote: copies of one report are listed
    /// once and counted here (and, listed per story, every article that
    /// says the same words).
    pub articles: u64,
}

/// An entity counted over a set of articles.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EntityCount {
    /// Stable entity id.
    pub id: String,
    /// Canonical name.
    pub canonical: String,
    /// PERS, LOC, ORG, MISC.
    pub kind: String,
    /// Articles of the set that mention it.
    pub articles: u64,
}

/// Counts over a set of articles, for search facets.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Facets {
    /// Articles per source, most first.
    pub sources: Vec<(String, u64)>,
    /// Articles per day, in day order.
    pub days: Vec<(String, u64)>,
    /// Entities mentioned most.
    pub entities: Vec<EntityCount>,
}

/// What [`Store::search_reports`] found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SearchResults {
    /// One entry per report, best first.
    pub reports: Vec<Report>,
    /// Matching articles seen (copies included), up to the query's limit.
    pub hits: usize,
    /// Matching articles in all (copies included), however many.
    pub total: usize,
    /// Their ids, in score order.
    pub matched: Vec<String>,
}

/// Orders for listing stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StorySort {
    /// Latest activity first.
    #[default]
    Recent,
    /// Most articles first.
    Size,
    /// Fastest growing first.
    Growth,
}

/// Which articles to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this source.
    pub source: Option<String>,
    /// Only articles on or after this day (effective date).
    pub since: Option<NaiveDate>,
    /// At most this many.
    pub limit: Option<u64>,
}

/// The store: one SQLite database in a data directory.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The entity index as listings read it: each row under the entity its raw
/// id was merged into, in its article first, and of that entity's kind (a
/// stray reading of a name as another kind counts as the main one; the
/// kind is an id's prefix); `raw_id` keeps the analysis's id (filter on it
/// to use the table's indexes).
const MERGED_ENTITY_MENTIONS: &str = "CREATE VIEW merged_entity_mentions AS
    SELECT coalesce(x.entity_id, g.entity_id, m.entity_id) AS entity_id,
           coalesce(x.canonical, g.canonical, m.canonical) AS canonical,
           CASE WHEN coalesce(x.entity_id, g.entity_id) IS NULL THEN m.kind
                ELSE upper(substr(coalesce(x.entity_id, g.entity_id), 1,
                                  instr(coalesce(x.entity_id, g.entity_id), '-') - 1)) END AS kind,
           m.article_id AS article_id, m.day AS day,
           m.mentions AS mentions, m.in_title AS in_title,
           m.entity_id AS raw_id, m.canonical AS raw_canonical
    FROM entity_mentions m
    LEFT JOIN entity_article_merges x ON x.article_id = m.article_id AND x.raw_id = m.entity_id
    LEFT JOIN entity_merges g ON g.raw_id = m.entity_id";

/// The raw entity ids whose rows may count as the entity `?1` (itself, the
/// ids merged into it across the corpus, and those merged into it in some
/// article): one SQL fragment for the queries that list an entity's rows
/// through `merged_entity_mentions` (filter `raw_id IN (…)` for the index,
/// then `entity_id = ?1` for what the merges make of each row).
macro_rules! entity_members {
    () => {
        "SELECT ?1 UNION SELECT raw_id FROM entity_merges WHERE entity_id = ?1
         UNION SELECT raw_id FROM entity_article_merges WHERE entity_id = ?1"
    };
}

impl Store {
    /// Open (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io { path: dir.to_path_buf(), source })?;
        let path = dir.join(DB_FILE);
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let conn = Connection::open(&path).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sql)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(sql)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(sql)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(sql)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path, found: version });
        }
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS articles (
                id TEXT PRIMARY KEY,
                canonical_url TEXT,
                source TEXT NOT NULL,
                title TEXT NOT NULL,
                published_at TEXT,
                day TEXT,
                ingested_at TEXT NOT NULL,
                doc TEXT NOT NULL,
                indexed INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
            CREATE INDEX IF NOT EXISTS articles_day ON articles(day);
            CREATE INDEX IF NOT EXISTS articles_url ON articles(canonical_url);
            CREATE TABLE IF NOT EXISTS stories (
                id TEXT PRIMARY KEY,
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                size INTEGER NOT NULL,
                sources INTEGER NOT NULL,
                growth REAL NOT NULL,
                doc TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS stories_last ON stories(last_seen);
            CREATE INDEX IF NOT EXISTS stories_size ON stories(size DESC, last_seen DESC);
            CREATE INDEX IF NOT EXISTS stories_growth ON stories(growth DESC, size DESC);
            CREATE TABLE IF NOT EXISTS article_stories (
                article_id TEXT PRIMARY KEY,
                story_id TEXT NOT NULL,
                group_id TEXT NOT NULL,
                doc TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS article_stories_story ON article_stories(story_id);
            CREATE INDEX IF NOT EXISTS article_stories_group ON article_stories(group_id);
            CREATE TABLE IF NOT EXISTS meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS analyses (
                article_id TEXT PRIMARY KEY,
                doc TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS entity_mentions (
                entity_id TEXT NOT NULL,
                canonical TEXT NOT NULL,
                kind TEXT NOT NULL,
                article_id TEXT NOT NULL,
                day TEXT,
                mentions INTEGER NOT NULL,
                in_title INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (entity_id, article_id)
            );
            DROP INDEX IF EXISTS entity_mentions_canonical;
            CREATE INDEX IF NOT EXISTS entity_mentions_name ON entity_mentions(canonical, entity_id);
            CREATE INDEX IF NOT EXISTS entity_mentions_article ON entity_mentions(article_id);
            CREATE INDEX IF NOT EXISTS entity_mentions_entity ON entity_mentions(entity_id, day);
            CREATE TABLE IF NOT EXISTS entity_merges (
                raw_id TEXT PRIMARY KEY,
                entity_id TEXT NOT NULL,
                canonical TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS entity_merges_entity ON entity_merges(entity_id);
            -- Merges that hold in one article only (a family name written
            -- alone, read as the person the article's company points to).
            CREATE TABLE IF NOT EXISTS entity_article_merges (
                article_id TEXT NOT NULL,
                raw_id TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                canonical TEXT NOT NULL,
                PRIMARY KEY (article_id, raw_id)
            );
            CREATE INDEX IF NOT EXISTS entity_article_merges_entity ON entity_article_merges(entity_id);
            CREATE TABLE IF NOT EXISTS quotes (
                article_id TEXT NOT NULL,
                n INTEGER NOT NULL,
                speaker TEXT,
                speaker_entity TEXT,
                kind TEXT NOT NULL,
                text TEXT NOT NULL,
                day TEXT,
                PRIMARY KEY (article_id, n)
            );
            CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
            CREATE INDEX IF NOT EXISTS quotes_day ON quotes(day, article_id, n);
            CREATE TABLE IF NOT EXISTS dup_groups (
                id TEXT PRIMARY KEY,
                doc TEXT NOT NULL
            );
            PRAGMA user_version = 1;",
        )
        .map_err(sql)?;
        let has_indexed: bool = conn
            .prepare("SELECT 1 FROM pragma_table_info('articles') WHERE name = 'indexed'")
            .and_then(|mut q| q.exists([]))
            .map_err(sql)?;
        if !has_indexed {
            conn.execute_batch("ALTER TABLE articles ADD COLUMN indexed INTEGER NOT NULL DEFAULT 0").map_err(sql)?;
        }
        // Stores from before headline mentions were counted: 0 until the
        // articles are analysed again (a new analysis version does that).
        let has_in_title: bool = conn
            .prepare("SELECT 1 FROM pragma_table_info('entity_mentions') WHERE name = 'in_title'")
            .and_then(|mut q| q.exists([]))
            .map_err(sql)?;
        if !has_in_title {
            conn.execute_batch("ALTER TABLE entity_mentions ADD COLUMN in_title INTEGER NOT NULL DEFAULT 0")
                .map_err(sql)?;
        }
        // The view is made again only when a store holds another
        // definition (one from before per-article merges): opening a store
        // writes nothing otherwise.
        let view: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'merged_entity_mentions'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        if view.as_deref() != Some(MERGED_ENTITY_MENTIONS) {
            conn.execute_batch(&format!("DROP VIEW IF EXISTS merged_entity_mentions; {MERGED_ENTITY_MENTIONS};"))
                .map_err(sql)?;
        }
        conn.execute_batch("CREATE INDEX IF NOT EXISTS articles_unindexed ON articles(indexed) WHERE indexed = 0")
            .map_err(sql)?;
        conn.execute_batch(crawl::SCHEMA).map_err(sql)?;
        Ok(Store { conn, path })
    }

    /// The search index directory of this store.
    pub fn index_dir(&self) -> PathBuf {
        self.path.parent().unwrap_or(Path::new(".")).join("index")
    }

    /// Open this store's search index.
    ///
    /// An index of an older layout is derived data: it is removed, every
    /// article is marked unindexed, and the next [`Store::sync_index`]
    /// rebuilds it.
    pub fn search_index(&self) -> Result<SearchIndex> {
        let dir = self.index_dir();
        match SearchIndex::open(&dir) {
            Err(search::SearchError::Outdated(_)) => {
                tracing::warn!("search index {} has an older layout: rebuilding it", dir.display());
                std::fs::remove_dir_all(&dir).map_err(|source| StoreError::Io { path: dir.clone(), source })?;
                self.conn.execute("UPDATE articles SET indexed = 0", []).map_err(self.sql())?;
                SearchIndex::open(&dir).map_err(|e| StoreError::Search(e.to_string()))
            }
            other => other.map_err(|e| StoreError::Search(e.to_string())),
        }
    }

    /// Add every article not yet in the search index, then mark them.
    /// Idempotent and safe to interrupt: an article indexed but not yet
    /// marked is replaced, not duplicated, the next time. Returns how many
    /// were indexed.
    pub fn sync_index(&mut self, idx: &SearchIndex) -> Result<u64> {
        let serr = |e: search::SearchError| StoreError::Search(e.to_string());
        let mut total = 0u64;
        let mut writer = idx.writer().map_err(serr)?;
        // Articles are read 500 at a time (one decoded batch in memory) and
        // committed 5,000 at a time (fewer, larger segments); the rowid
        // cursor steps over what was added but not yet committed.
        let mut cursor: i64 = 0;
        let mut pending: Vec<String> = Vec::new();
        loop {
            let mut batch: Vec<Article> = Vec::new();
            {
                let sql = self.sql();
                let mut q = self
                    .conn
                    .prepare_cached(
                        "SELECT rowid, id, doc FROM articles WHERE indexed = 0 AND rowid > ?1 ORDER BY rowid LIMIT 500",
                    )
                    .map_err(&sql)?;
                let mut rows = q.query([cursor]).map_err(&sql)?;
                while let Some(r) = rows.next().map_err(&sql)? {
                    cursor = r.get(0).map_err(&sql)?;
                    let id: String = r.get(1).map_err(&sql)?;
                    let doc: String = r.get(2).map_err(&sql)?;
                    batch.push(Self::decode(&id, &doc)?);
                }
            }
            for a in &batch {
                let quotes = self.quote_text(&a.id)?;
                idx.add(&writer, a, &quotes).map_err(serr)?;
                pending.push(a.id.clone());
            }
            let done = batch.is_empty();
            drop(batch);
            if pending.len() >= 5000 || (done && !pending.is_empty()) {
                writer.commit().map_err(|e| StoreError::Search(e.to_string()))?;
                let path = self.path.clone();
                let sql = |source| StoreError::Sqlite { path: path.clone(), source };
                let tx = self.conn.transaction().map_err(sql)?;
                {
                    let mut up = tx.prepare("UPDATE articles SET indexed = 1 WHERE id = ?1").map_err(sql)?;
                    for id in &pending {
                        up.execute([id]).map_err(sql)?;
                    }
                }
                tx.commit().map_err(sql)?;
                total += pending.len() as u64;
                pending.clear();
            }
            if done {
                break;
            }
        }
        drop(writer);
        idx.reload().map_err(serr)?;
        Ok(total)
    }

    /// Read through a memory map of up to `bytes` of the database instead
    /// of a read() call and a copy per page: for the server, whose lookups
    /// are many and small. The mapped pages are the OS's file cache, shared
    /// by all connections, not private memory (but counted in RSS, which is
    /// why batch commands do not use it).
    pub fn use_mmap(&self, bytes: i64) -> Result<()> {
        self.conn.pragma_update(None, "mmap_size", bytes).map_err(self.sql())
    }

    /// A stored value of the store's own bookkeeping (e.g. the corpus
    /// statistics keywords are scored with).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional().map_err(self.sql())
    }

    /// Store a bookkeeping value (replacing the previous one).
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", [key, value])
            .map(|_| ())
            .map_err(self.sql())
    }

    /// An article's quotes as one text for the search index: each speaker
    /// and quote on a line.
    fn quote_text(&self, article: &str) -> Result<String> {
        let sql = self.sql();
        let mut st = self
            .conn
            .prepare_cached("SELECT coalesce(speaker, ''), text FROM quotes WHERE article_id = ?1 ORDER BY n")
            .map_err(&sql)?;
        let rows = st.query_map([article], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(&sql)?;
        let mut out = String::new();
        for row in rows {
            let (speaker, text) = row.map_err(&sql)?;
            out.push_str(&speaker);
            out.push_str(": ");
            out.push_str(&text);
            out.push('\n');
        }
        Ok(out)
    }

    /// Another connection to the same database, for a pool of readers
    /// (the server keeps one per worker so requests do not queue on one
    /// connection).
    pub fn reopen(&self) -> Result<Store> {
        Store::open(self.path.parent().unwrap_or(Path::new(".")))
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite { path: self.path.clone(), source }
    }

    /// Insert articles in one transaction; ids already stored are skipped.
    pub fn insert_batch(&mut self, articles: &[Article]) -> Result<BatchOutcome> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let now = Utc::now().to_rfc3339();
        let tx = self.conn.transaction().map_err(sql)?;
        let mut out = BatchOutcome::default();
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO articles (id, canonical_url, source, title, published_at, day, ingested_at, doc)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(sql)?;
            for a in articles {
                let doc = serde_json::to_string(a).expect("an Article always serialises");
                let n = stmt
                    .execute(params![
                        a.id,
                        a.canonical_url,
                        a.source,
                        a.title,
                        a.published_at.map(|t| t.to_rfc3339()),
                        a.day().map(|d| d.to_string()),
                        now,
                        doc
                    ])
                    .map_err(sql)?;
                if n == 1 {
                    out.added += 1;
                } else {
                    out.already_present += 1;
                }
            }
        }
        tx.commit().map_err(sql)?;
        Ok(out)
    }

    fn decode(id: &str, doc: &str) -> Result<Article> {
        serde_json::from_str(doc).map_err(|e| StoreError::Corrupt { id: id.to_string(), message: e.to_string() })
    }

    /// The article with this id.
    pub fn get(&self, id: &str) -> Result<Option<Article>> {
        let doc: Option<String> = self
            .conn
            .query_row("SELECT doc FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(self.sql())?;
        doc.map(|d| Self::decode(id, &d)).transpose()
    }

    /// The article with this id, or with this URL (in any spelling that
    /// canonicalises to the same URL).
    pub fn find(&self, id_or_url: &str) -> Result<Option<Article>> {
        let key = id_or_url.trim();
        if let Some(a) = self.get(key)? {
            return Ok(Some(a));
        }
        match canonical_url(key) {
            Ok(c) => self.get(&article_id(&c)),
            Err(_) => Ok(None),
        }
    }

    /// Whether an id is stored.
    pub fn contains(&self, id: &str) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .map_err(self.sql())?;
        Ok(n > 0)
    }

    /// Number of stored articles.
    pub fn count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0)).map_err(self.sql())?;
        Ok(n as u64)
    }

    /// Counts in total, per source and per day.
    pub fn stats(&self) -> Result<Stats> {
        let sql = self.sql();
        let mut stats = Stats { articles: self.count()?, ..Default::default() };
        let mut q = self
            .conn
            .prepare("SELECT source, count(*) FROM articles GROUP BY source ORDER BY count(*) DESC, source")
            .map_err(&sql)?;
        stats.per_source = q
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))
            .map_err(&sql)?
            .collect::<Result<_, _>>()
            .map_err(&sql)?;
        let mut q = self
            .conn
            .prepare("SELECT coalesce(day, 'unknown'), count(*) FROM articles GROUP BY day ORDER BY day")
            .map_err(&sql)?;
        stats.per_day = q
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))
            .map_err(&sql)?
            .collect::<Result<_, _>>()
            .map_err(&sql)?;
        Ok(stats)
    }

    /// Visit stored articles in insertion order; stop early when `f` returns false.
    pub fn for_each(&self, filter: &Filter, mut f: impl FnMut(Article) -> bool) -> Result<()> {
        let sql = self.sql();
        let mut q = self
            .conn
            .prepare(
                "SELECT id, doc FROM articles
                 WHERE (?1 IS NULL OR source = ?1) AND (?2 IS NULL OR day >= ?2)
                 ORDER BY rowid LIMIT ?3",
            )
            .map_err(&sql)?;
        let limit = filter.limit.map_or(-1, |l| l as i64);
        let mut rows = q.query(params![filter.source, filter.since.map(|d| d.to_string()), limit]).map_err(&sql)?;
        while let Some(row) = rows.next().map_err(&sql)? {
            let id: String = row.get(0).map_err(&sql)?;
            let doc: String = row.get(1).map_err(&sql)?;
            if !f(Self::decode(&id, &doc)?) {
                break;
            }
        }
        Ok(())
    }

    /// Replace the story map (stories, per-article results, near-duplicate
    /// groups) in one transaction: readers see the old map or the new one.
    pub fn save_story_map(&mut self, map: &StoryMap) -> Result<()> {
        self.write_story_map(map, true)
    }

    /// Apply an update of the story map (from a build over the active
    /// stories' articles and the new ones) in one transaction: its stories,
    /// article results and groups replace the stored ones with the same
    /// ids, and the stories it merged away are deleted.
    pub fn save_story_update(&mut self, map: &StoryMap) -> Result<()> {
        self.write_story_map(map, false)
    }

    /// Write `map`'s rows in one transaction, after clearing the whole map
    /// (`replace_all`) or only the stories it merged away.
    fn write_story_map(&mut self, map: &StoryMap, replace_all: bool) -> Result<()> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        {
            if replace_all {
                tx.execute_batch("DELETE FROM stories; DELETE FROM article_stories; DELETE FROM dup_groups;")
                    .map_err(sql)?;
            } else {
                let mut st = tx.prepare("DELETE FROM stories WHERE id = ?1").map_err(sql)?;
                for id in &map.removed_stories {
                    st.execute([id]).map_err(sql)?;
                }
            }
            let mut st = tx
                .prepare("INSERT OR REPLACE INTO stories (id, first_seen, last_seen, size, sources, growth, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .map_err(sql)?;
            for s in &map.stories {
                st.execute(params![
                    s.id,
                    s.first_seen.to_rfc3339(),
                    s.last_seen.to_rfc3339(),
                    s.articles.len() as i64,
                    s.sources.len() as i64,
                    s.growth as f64,
                    serde_json::to_string(s).expect("a Story always serialises")
                ])
                .map_err(sql)?;
            }
            let mut st = tx
                .prepare("INSERT OR REPLACE INTO article_stories (article_id, story_id, group_id, doc) VALUES (?1, ?2, ?3, ?4)")
                .map_err(sql)?;
            for a in &map.articles {
                st.execute(params![a.article, a.story, a.group, serde_json::to_string(a).expect("serialises")])
                    .map_err(sql)?;
            }
            let mut st = tx.prepare("INSERT OR REPLACE INTO dup_groups (id, doc) VALUES (?1, ?2)").map_err(sql)?;
            for g in &map.groups {
                st.execute(params![g.id, serde_json::to_string(g).expect("serialises")]).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// The latest `last_seen` of any stored story (RFC 3339), if there are stories.
    pub fn story_frontier(&self) -> Result<Option<String>> {
        self.conn.query_row("SELECT max(last_seen) FROM stories", [], |r| r.get(0)).map_err(self.sql())
    }

    /// Stories that were open at some time in `[from, to]` (RFC 3339): first
    /// article at or before `to`, latest at or after `from`.
    pub fn stories_overlapping(&self, from: &str, to: &str) -> Result<Vec<Story>> {
        let sql = self.sql();
        let mut st = self
            .conn
            .prepare("SELECT id, doc FROM stories WHERE first_seen <= ?2 AND last_seen >= ?1")
            .map_err(&sql)?;
        let rows = st.query_map([from, to], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(&sql)?;
        decode_docs(rows, &sql)
    }

    /// Ids of stored articles the story map does not hold yet.
    pub fn unclustered(&self) -> Result<Vec<String>> {
        let sql = self.sql();
        let mut st = self
            .conn
            .prepare("SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_stories) ORDER BY id")
            .map_err(&sql)?;
        let rows = st.query_map([], |r| r.get(0)).map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// Every stored article's id with its effective time (publication time,
    /// else fetch time; RFC 3339, `None` when it has neither), ordered by
    /// that time and then id — articles with no time first. What a story
    /// build that goes through the store slice by slice needs, without
    /// reading any article body.
    pub fn article_times(&self) -> Result<Vec<(String, Option<String>)>> {
        let sql = self.sql();
        let mut st = self
            .conn
            .prepare(
                "SELECT id, COALESCE(published_at, json_extract(doc, '$.fetched_at')) AS t FROM articles ORDER BY t, id",
            )
            .map_err(&sql)?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// Near-duplicate groups (two or more copies) the story map holds.
    pub fn dup_group_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM dup_groups", [], |r| r.get(0)).map_err(self.sql())?;
        Ok(n as u64)
    }

    /// Articles the story map holds.
    pub fn clustered_count(&self) -> Result<u64> {
        let n: i64 =
            self.conn.query_row("SELECT count(*) FROM article_stories", [], |r| r.get(0)).map_err(self.sql())?;
        Ok(n as u64)
    }

    /// Canonical entity ids of one article, from the entity index (an id
    /// the corpus merged into another is given as that one).
    pub fn entity_ids(&self, article: &str) -> Result<Vec<String>> {
        let sql = self.sql();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT entity_id FROM merged_entity_mentions WHERE article_id = ?1 ORDER BY entity_id",
            )
            .map_err(&sql)?;
        let rows = st.query_map([article], |r| r.get(0)).map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// Stories, ordered by `sort`, after skipping `offset`.
    pub fn stories(&self, sort: StorySort, since: Option<&str>, limit: u32, offset: u32) -> Result<Vec<Story>> {
        let order = match sort {
            StorySort::Recent => "last_seen DESC, id",
            StorySort::Size => "size DESC, last_seen DESC, id",
            StorySort::Growth => "growth DESC, size DESC, id",
        };
        let q = format!(
            "SELECT id, doc FROM stories WHERE (?1 IS NULL OR last_seen >= ?1) ORDER BY {order} LIMIT ?2 OFFSET ?3"
        );
        let sql = self.sql();
        let mut stmt = self.conn.prepare_cached(&q).map_err(&sql)?;
        let rows = stmt
            .query_map(params![since, limit, offset], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(&sql)?;
        decode_docs(rows, &sql)
    }

    /// Number of stories.
    pub fn story_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM stories", [], |r| r.get(0)).map_err(self.sql())?;
        Ok(n as u64)
    }

    /// One story.
    pub fn story(&self, id: &str) -> Result<Option<Story>> {
        self.doc_by_id("SELECT doc FROM stories WHERE id = ?1", id)
    }

    /// The story result of one article.
    pub fn article_story(&self, article: &str) -> Result<Option<ArticleStory>> {
        self.doc_by_id("SELECT doc FROM article_stories WHERE article_id = ?1", article)
    }

    /// The stories of some articles, each once, in the order of the first
    /// article that is in it (articles without a story are skipped).
    pub fn stories_of(&self, articles: &[String]) -> Result<Vec<Story>> {
        let mut out: Vec<Story> = Vec::new();
        for id in articles {
            let Some(r) = self.article_story(id)? else { continue };
            if out.iter().any(|s| s.id == r.story) {
                continue;
            }
            if let Some(st) = self.story(&r.story)? {
                out.push(st);
            }
        }
        Ok(out)
    }

    /// The story and near-duplicate group of one article, without decoding
    /// the rest of its story record (search calls this once per hit).
    pub fn article_group(&self, article: &str) -> Result<Option<(String, String)>> {
        self.conn
            .prepare_cached("SELECT story_id, group_id FROM article_stories WHERE article_id = ?1")
            .and_then(|mut st| st.query_row([article], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .map_err(self.sql())
    }

    /// A near-duplicate group by its representative id.
    pub fn dup_group(&self, id: &str) -> Result<Option<DupGroup>> {
        self.doc_by_id("SELECT doc FROM dup_groups WHERE id = ?1", id)
    }

    fn doc_by_id<T: serde::de::DeserializeOwned>(&self, q: &str, id: &str) -> Result<Option<T>> {
        // No row, or a NULL (a `json_extract` of a missing field): `None`.
        let doc: Option<Option<String>> = self
            .conn
            .prepare_cached(q)
            .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
            .map_err(self.sql())?;
        doc.flatten()
            .map(|d| {
                serde_json::from_str(&d).map_err(|e| StoreError::Corrupt { id: id.to_string(), message: e.to_string() })
            })
            .transpose()
    }

    /// Search, then collapse hits by near-duplicate group: one report per
    /// group (its best-scoring copy), copies counted. Also returns the ids
    /// of every match seen (up to `q.limit`), for facets.
    pub fn search_reports(&self, idx: &SearchIndex, q: &SearchQuery, limit: usize) -> Result<SearchResults> {
        let mut matched: Vec<String> = Vec::new();
        // Group of each hit in score order; copies of a group already shown
        // are counted, not built.
        let mut shown: Vec<(Option<String>, Option<String>, usize)> = Vec::new();
        let mut err: Option<StoreError> = None;
        let (hits, total) = idx
            .search_with(q, |id| {
                matched.push(id.to_string());
                let r = match self.article_group(id) {
                    Ok(r) => r,
                    Err(e) => {
                        err.get_or_insert(e);
                        return false;
                    }
                };
                let group = r.as_ref().map(|r| r.1.clone());
                if let Some(g) = &group {
                    if let Some(prev) = shown.iter_mut().find(|s| s.0.as_ref() == Some(g)) {
                        prev.2 += 1;
                        return false;
                    }
                }
                if shown.len() >= limit {
                    return false;
                }
                shown.push((group, r.map(|r| r.0), 0));
                true
            })
            .map_err(|e| StoreError::Search(e.to_string()))?;
        if let Some(e) = err {
            return Err(e);
        }
        let reports = hits
            .into_iter()
            .zip(shown)
            .map(|(hit, (group, story, copies))| Report { hit, story, group, copies })
            .collect();
        Ok(SearchResults { reports, hits: matched.len(), total, matched })
    }

    /// Replace stored articles (same ids) after a later cleanup pass: their
    /// search entry and analysis are dropped so they are recomputed.
    pub fn update_articles(&mut self, articles: &[Article]) -> Result<usize> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        let mut n = 0;
        {
            let mut up = tx
                .prepare_cached("UPDATE articles SET doc = ?2, title = ?3, indexed = 0 WHERE id = ?1")
                .map_err(sql)?;
            let mut del = tx.prepare_cached("DELETE FROM analyses WHERE article_id = ?1").map_err(sql)?;
            for a in articles {
                let doc = serde_json::to_string(a).expect("an Article always serialises");
                n += up.execute(params![a.id, doc, a.title]).map_err(sql)?;
                del.execute([&a.id]).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(n)
    }

    /// The analysis version recorded beside the stored analyses (see
    /// [`Store::outdate_analyses`]); `None` for a store that never recorded
    /// one.
    pub fn analysis_version(&self) -> Result<Option<String>> {
        self.meta(ANALYSIS_VERSION)
    }

    /// Mark every stored analysis as outdated, in one transaction: the
    /// analyses are dropped (so [`Store::unanalyzed`] lists every article
    /// again), the bookkeeping entries named in `reset` are removed, and
    /// `version` is recorded as the one the analyses will be made with.
    /// The entity index and quote rows of each article stay until its new
    /// analysis replaces them ([`Store::save_analyses`]), so a re-analysis
    /// that is interrupted leaves the store readable and resumes where it
    /// stopped. Returns how many analyses were dropped.
    pub fn outdate_analyses(&mut self, version: &str, reset: &[&str]) -> Result<u64> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        let n = tx.execute("DELETE FROM analyses", []).map_err(sql)?;
        for key in reset {
            tx.execute("DELETE FROM meta WHERE key = ?1", [key]).map_err(sql)?;
        }
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", [ANALYSIS_VERSION, version])
            .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(n as u64)
    }

    /// Ids of stored articles with no analysis yet (up to `limit`).
    pub fn unanalyzed(&self, limit: u32) -> Result<Vec<String>> {
        let sql = self.sql();
        let mut q = self
            .conn
            .prepare(
                "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM analyses) ORDER BY rowid LIMIT ?1",
            )
            .map_err(&sql)?;
        let rows = q.query_map([limit], |r| r.get::<_, String>(0)).map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// Store analyses in one transaction (replacing earlier ones).
    pub fn save_analyses(&mut self, items: &[AnalysisRecord]) -> Result<()> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        {
            let mut del_e = tx.prepare_cached("DELETE FROM entity_mentions WHERE article_id = ?1").map_err(sql)?;
            let mut del_q = tx.prepare_cached("DELETE FROM quotes WHERE article_id = ?1").map_err(sql)?;
            let mut ins_a =
                tx.prepare_cached("INSERT OR REPLACE INTO analyses (article_id, doc) VALUES (?1, ?2)").map_err(sql)?;
            let mut ins_e = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO entity_mentions (entity_id, canonical, kind, article_id, day, mentions, in_title)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(sql)?;
            let mut ins_q = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO quotes (article_id, n, speaker, speaker_entity, kind, text, day)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(sql)?;
            // Re-index the article: its quotes are a field of the index.
            let mut unindex = tx.prepare_cached("UPDATE articles SET indexed = 0 WHERE id = ?1").map_err(sql)?;
            for it in items {
                if !it.quotes.is_empty() {
                    unindex.execute([&it.article]).map_err(sql)?;
                }
                del_e.execute([&it.article]).map_err(sql)?;
                del_q.execute([&it.article]).map_err(sql)?;
                ins_a.execute(params![it.article, it.doc]).map_err(sql)?;
                for e in &it.entities {
                    ins_e
                        .execute(params![e.id, e.canonical, e.kind, it.article, it.day, e.mentions, e.in_title])
                        .map_err(sql)?;
                }
                for (n, q) in it.quotes.iter().enumerate() {
                    ins_q
                        .execute(params![it.article, n as i64, q.speaker, q.speaker_entity, q.kind, q.text, it.day])
                        .map_err(sql)?;
                }
            }
        }
        tx.commit().map_err(sql)
    }

    /// The stored analysis of an article, as JSON.
    pub fn analysis(&self, article: &str) -> Result<Option<serde_json::Value>> {
        self.doc_by_id("SELECT doc FROM analyses WHERE article_id = ?1", article)
    }

    /// The `keywords` of an article's stored analysis (a JSON array), read
    /// without parsing the rest of it: the story stage sums them for every
    /// story, and a whole analysis (entities, quotes, time expressions) is
    /// many times larger. `None` when the article has no analysis or the
    /// analysis no keywords.
    pub fn analysis_keywords(&self, article: &str) -> Result<Option<serde_json::Value>> {
        self.doc_by_id("SELECT json_extract(doc, '$.keywords') FROM analyses WHERE article_id = ?1", article)
    }

    /// Entities whose id or canonical name equals `key` (first), then those
    /// whose canonical name contains it: most articles first within each.
    pub fn find_entities(&self, key: &str, limit: u32) -> Result<Vec<EntityRow>> {
        let sql = self.sql();
        // The substring match scans the (canonical, entity_id) index only,
        // never the table; the counts then use the entity index.
        let mut q = self
            .conn
            .prepare_cached(
                "WITH raw AS (
                    SELECT entity_id FROM entity_mentions WHERE entity_id = ?1
                    UNION SELECT entity_id FROM entity_mentions WHERE canonical = ?1
                    UNION SELECT entity_id FROM (SELECT DISTINCT canonical, entity_id FROM entity_mentions
                                                 WHERE canonical LIKE '%' || ?1 || '%' LIMIT 500)),
                 ids AS (SELECT coalesce(g.entity_id, r.entity_id) AS id
                         FROM raw r LEFT JOIN entity_merges g ON g.raw_id = r.entity_id),
                 members AS (SELECT id FROM ids UNION SELECT raw_id FROM entity_merges WHERE entity_id IN ids
                             UNION SELECT raw_id FROM entity_article_merges WHERE entity_id IN ids)
                 SELECT entity_id, canonical, kind, count(DISTINCT article_id), sum(mentions), min(day), max(day),
                        max(raw_id = ?1 OR raw_canonical = ?1) AS exact
                 FROM merged_entity_mentions WHERE raw_id IN members AND entity_id IN ids
                 GROUP BY entity_id ORDER BY exact DESC, count(DISTINCT article_id) DESC, entity_id LIMIT ?2",
            )
            .map_err(&sql)?;
        let rows = q.query_map(params![key, limit], entity_row).map_err(&sql)?;
        let mut found: Vec<EntityRow> = rows.collect::<Result<_, _>>().map_err(&sql)?;
        self.fill_also_named(&mut found)?;
        Ok(found)
    }

    /// The entities found in most articles of the store (of one kind when
    /// `kind` is given: `PERS`, `LOC`, `ORG`, `MISC`), with the other names
    /// they go by: who and what the corpus is about.
    pub fn most_mentioned_entities(&self, kind: Option<&str>, limit: u32) -> Result<Vec<EntityRow>> {
        let sql = self.sql();
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT entity_id, canonical, kind, count(DISTINCT article_id) AS n, sum(mentions), min(day), max(day)
                 FROM merged_entity_mentions WHERE ?1 IS NULL OR kind = ?1
                 GROUP BY entity_id ORDER BY n DESC, sum(mentions) DESC, entity_id LIMIT ?2",
            )
            .map_err(&sql)?;
        let rows = q.query_map(params![kind, limit], entity_row).map_err(&sql)?;
        let mut found: Vec<EntityRow> = rows.collect::<Result<_, _>>().map_err(&sql)?;
        self.fill_also_named(&mut found)?;
        Ok(found)
    }

    /// Each entity's name, the one its articles use most (one id holds the
    /// spellings that meet under its key: `الفيتو` in 53 articles, `فيتو` in
    /// 22), and its other names across the corpus (its merged members' and
    /// its other spellings), most used first.
    fn fill_also_named(&self, found: &mut [EntityRow]) -> Result<()> {
        let sql = self.sql();
        let mut name = self
            .conn
            .prepare_cached(concat!(
                "SELECT canonical FROM merged_entity_mentions WHERE raw_id IN (",
                entity_members!(),
                ") AND entity_id = ?1
                     GROUP BY canonical ORDER BY count(DISTINCT article_id) DESC, canonical LIMIT 1"
            ))
            .map_err(&sql)?;
        let mut names = self
            .conn
            .prepare_cached(concat!(
                "SELECT raw_canonical FROM merged_entity_mentions WHERE raw_id IN (",
                entity_members!(),
                ") AND entity_id = ?1 AND raw_canonical != ?2
                     GROUP BY raw_canonical ORDER BY count(*) DESC, raw_canonical"
            ))
            .map_err(&sql)?;
        for e in found {
            if let Some(most_used) = name.query_row([&e.id], |r| r.get(0)).optional().map_err(&sql)? {
                e.canonical = most_used;
            }
            e.also_named = names
                .query_map([&e.id, &e.canonical], |r| r.get(0))
                .map_err(&sql)?
                .collect::<Result<_, _>>()
                .map_err(&sql)?;
        }
        Ok(())
    }

    /// Articles that mention an entity, latest first (by time, not only by
    /// day: within a day the order was the ids', which reads as random),
    /// and mentions per day.
    pub fn entity_articles(&self, entity_id: &str, limit: u32) -> Result<(Vec<String>, DayCounts)> {
        let sql = self.sql();
        // The day comes first so that SQLite walks the entity's mentions
        // in the index's day order and sorts only within the days it needs
        // (13 ms for an entity of 8,000 articles, against 220 ms sorting
        // them all by time).
        let mut q = self
            .conn
            .prepare(
                concat!(
                    "SELECT m.article_id FROM merged_entity_mentions m JOIN articles a ON a.id = m.article_id
                     WHERE m.raw_id IN (",
                    entity_members!(),
                    ") AND m.entity_id = ?1
                     GROUP BY m.article_id
                     ORDER BY m.day DESC, COALESCE(a.published_at, json_extract(a.doc, '$.fetched_at')) DESC, m.article_id
                     LIMIT ?2"
                ),
            )
            .map_err(&sql)?;
        let ids: Vec<String> = q
            .query_map(params![entity_id, limit], |r| r.get(0))
            .map_err(&sql)?
            .collect::<Result<_, _>>()
            .map_err(&sql)?;
        let mut q = self
            .conn
            .prepare(concat!(
                "SELECT coalesce(day, 'unknown'), sum(mentions) FROM merged_entity_mentions WHERE raw_id IN (",
                entity_members!(),
                ") AND entity_id = ?1 GROUP BY day ORDER BY day"
            ))
            .map_err(&sql)?;
        let days = q
            .query_map([entity_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))
            .map_err(&sql)?
            .collect::<Result<_, _>>()
            .map_err(&sql)?;
        Ok((ids, days))
    }

    /// Entities that appear in the same articles as `entity_id`, most shared articles first.
    pub fn cooccurring(&self, entity_id: &str, limit: u32) -> Result<Vec<(String, String, u64)>> {
        let sql = self.sql();
        let mut q = self
            .conn
            .prepare(concat!(
                "WITH members AS (",
                entity_members!(),
                "),
                 arts AS (SELECT DISTINCT article_id FROM merged_entity_mentions
                          WHERE raw_id IN members AND entity_id = ?1)
                 SELECT b.entity_id, b.canonical, count(DISTINCT b.article_id) AS n
                 FROM arts a JOIN merged_entity_mentions b ON b.article_id = a.article_id
                 WHERE b.entity_id != ?1 AND b.raw_id NOT IN members
                 GROUP BY b.entity_id ORDER BY n DESC, b.entity_id LIMIT ?2"
            ))
            .map_err(&sql)?;
        let rows = q
            .query_map(params![entity_id, limit], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64)))
            .map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// Quotes whose speaker (name or canonical entity) contains `speaker`
    /// (all quotes when `None`), latest first. A quote that the copies of
    /// one report repeat (same near-duplicate group, same speaker, same
    /// opening words) is listed once, with `articles` counting the copies:
    /// in SaudiNewsNet 89,006 stored quotes are listed as 76,986.
    pub fn quotes(&self, speaker: Option<&str>, limit: u32) -> Result<Vec<QuoteRow>> {
        let sql = self.sql();
        let mut q = self
            .conn
            .prepare(
                "SELECT q.article_id, q.speaker, q.speaker_entity, q.kind, q.text, q.day, 1,
                        coalesce(s.group_id, q.article_id)
                 FROM quotes q LEFT JOIN article_stories s ON s.article_id = q.article_id
                 WHERE ?1 IS NULL OR q.speaker LIKE '%' || ?1 || '%' OR q.speaker_entity = ?1
                    OR q.speaker_entity IN (SELECT raw_id FROM entity_merges WHERE entity_id = ?1)
                    OR EXISTS (SELECT 1 FROM entity_article_merges x
                               WHERE x.entity_id = ?1 AND x.raw_id = q.speaker_entity AND x.article_id = q.article_id)
                 ORDER BY q.day DESC, q.article_id, q.n",
            )
            .map_err(&sql)?;
        let mut rows = q.query(params![speaker]).map_err(&sql)?;
        let mut out: Vec<QuoteRow> = Vec::new();
        // (group, quote key) → indices in `out`; the articles carrying each.
        // Two quotes of one article are two quotes, however alike: a copy
        // joins the first entry of its key that its article is not in yet.
        let mut listed: std::collections::HashMap<(String, String), Vec<usize>> = Default::default();
        let mut carriers: Vec<std::collections::BTreeSet<String>> = Vec::new();
        let mut groups: Vec<String> = Vec::new();
        while out.len() < limit as usize {
            let Some(r) = rows.next().map_err(&sql)? else { break };
            let row = quote_row(r).map_err(&sql)?;
            let group: String = r.get(7).map_err(&sql)?;
            let entries = listed.entry((group.clone(), quote_key(&row))).or_default();
            if let Some(&i) = entries.iter().find(|&&i| !carriers[i].contains(&row.article)) {
                carriers[i].insert(row.article);
                continue;
            }
            entries.push(out.len());
            carriers.push(std::collections::BTreeSet::from([row.article.clone()]));
            groups.push(group);
            out.push(row);
        }
        drop(rows);
        // The copies further down the list (or filtered out by a speaker
        // spelt otherwise) still count: read the quotes of every article
        // of the listed groups.
        groups.sort();
        groups.dedup();
        let set = serde_json::to_string(&groups).expect("strings serialise");
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT q.article_id, q.speaker, q.speaker_entity, q.kind, q.text, q.day, 1, s.group_id
                 FROM article_stories s JOIN quotes q ON q.article_id = s.article_id
                 WHERE s.group_id IN (SELECT value FROM json_each(?1))",
            )
            .map_err(&sql)?;
        let mut rows = q.query(params![set]).map_err(&sql)?;
        while let Some(r) = rows.next().map_err(&sql)? {
            let row = quote_row(r).map_err(&sql)?;
            let group: String = r.get(7).map_err(&sql)?;
            // An article already counted for every entry of the key is
            // one read in the first pass.
            let entries = listed.get(&(group, quote_key(&row))).map_or(&[][..], Vec::as_slice);
            if let Some(&i) = entries.iter().find(|&&i| !carriers[i].contains(&row.article)) {
                carriers[i].insert(row.article);
            }
        }
        for (row, c) in out.iter_mut().zip(&carriers) {
            row.articles = c.len() as u64;
        }
        Ok(out)
    }

    /// Restrict a search to a story's articles and/or an entity's (id or
    /// name; its best match). `Ok(None)` when neither is given; an error
    /// names the story or entity that is not known.
    pub fn search_scope(&self, story: Option<&str>, entity: Option<&str>) -> Result<Option<Vec<String>>> {
        let mut scope: Option<Vec<String>> = None;
        if let Some(sid) = story {
            let s = self.story(sid)?.ok_or_else(|| StoreError::NotFound(format!("story {sid}")))?;
            scope = Some(s.articles);
        }
        if let Some(key) = entity {
            let e = self
                .find_entities(key, 1)?
                .into_iter()
                .next()
                .ok_or_else(|| StoreError::NotFound(format!("entity {key}")))?;
            let (ids, _) = self.entity_articles(&e.id, u32::MAX)?;
            scope = Some(match scope {
                Some(prev) => {
                    let set: std::collections::HashSet<&String> = ids.iter().collect();
                    prev.into_iter().filter(|i| set.contains(i)).collect()
                }
                None => ids,
            });
        }
        Ok(scope)
    }

    /// Counts over a set of articles (a page of search matches, a story):
    /// per source, per day, and the entities they mention most.
    pub fn facets(&self, ids: &[String], top_entities: u32) -> Result<Facets> {
        let sql = self.sql();
        let set = serde_json::to_string(ids).expect("strings serialise");
        let counts = |q: &str| -> Result<Vec<(String, u64)>> {
            let mut st = self.conn.prepare_cached(q).map_err(&sql)?;
            let rows = st
                .query_map([&set], |r| {
                    Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get::<_, i64>(1)? as u64))
                })
                .map_err(&sql)?;
            rows.collect::<Result<_, _>>().map_err(&sql)
        };
        let sources = counts(
            "SELECT source, count(*) FROM articles WHERE id IN (SELECT value FROM json_each(?1))
             GROUP BY source ORDER BY count(*) DESC, source",
        )?;
        let days = counts(
            "SELECT day, count(*) FROM articles WHERE id IN (SELECT value FROM json_each(?1)) GROUP BY day ORDER BY day",
        )?;
        let entities = self.top_entities(ids, top_entities)?;
        Ok(Facets { sources, days, entities })
    }

    /// The entities a set of articles mentions most: (id, canonical, kind,
    /// articles that mention it).
    pub fn top_entities(&self, ids: &[String], limit: u32) -> Result<Vec<EntityCount>> {
        let sql = self.sql();
        let set = serde_json::to_string(ids).expect("strings serialise");
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT entity_id, canonical, kind, count(DISTINCT article_id) AS n FROM merged_entity_mentions
                 WHERE article_id IN (SELECT value FROM json_each(?1))
                 GROUP BY entity_id ORDER BY n DESC, sum(mentions) DESC, entity_id LIMIT ?2",
            )
            .map_err(&sql)?;
        let rows = st
            .query_map(params![set, limit], |r| {
                Ok(EntityCount {
                    id: r.get(0)?,
                    canonical: r.get(1)?,
                    kind: r.get(2)?,
                    articles: r.get::<_, i64>(3)? as u64,
                })
            })
            .map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// Quotes found in a set of articles (a story), each distinct quote
    /// once with the number of articles that carry it: most repeated first.
    pub fn quotes_in(&self, ids: &[String], limit: u32) -> Result<Vec<QuoteRow>> {
        let sql = self.sql();
        let set = serde_json::to_string(ids).expect("strings serialise");
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT min(article_id), speaker, max(speaker_entity), kind, text, min(day), count(DISTINCT article_id)
                 FROM quotes WHERE article_id IN (SELECT value FROM json_each(?1))
                 GROUP BY coalesce(speaker, ''), kind, text
                 ORDER BY kind, count(DISTINCT article_id) DESC, min(day), text LIMIT ?2",
            )
            .map_err(&sql)?;
        let rows = st.query_map(params![set, limit], quote_row).map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// Entity ids per article, from the entity index.
    pub fn entities_by_article(&self) -> Result<std::collections::HashMap<String, Vec<String>>> {
        self.ids_by_article(
            "SELECT DISTINCT article_id, entity_id FROM merged_entity_mentions ORDER BY article_id, entity_id",
        )
    }

    /// The rows of `query` (`article_id, entity_id`) grouped by article.
    fn ids_by_article(&self, query: &str) -> Result<std::collections::HashMap<String, Vec<String>>> {
        let sql = self.sql();
        let mut q = self.conn.prepare(query).map_err(&sql)?;
        let mut rows = q.query([]).map_err(&sql)?;
        let mut out: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        while let Some(r) = rows.next().map_err(&sql)? {
            out.entry(r.get(0).map_err(&sql)?).or_default().push(r.get(1).map_err(&sql)?);
        }
        Ok(out)
    }

    /// The places (LOC entity ids, sorted) each analysed article's headline
    /// names, by article id; articles whose headline names none are absent.
    pub fn title_places_by_article(&self) -> Result<std::collections::HashMap<String, Vec<String>>> {
        self.ids_by_article(
            "SELECT article_id, entity_id FROM entity_mentions WHERE kind = 'LOC' AND in_title > 0
             ORDER BY article_id, entity_id",
        )
    }

    /// The places (LOC entity ids, sorted) the headline of `article` names.
    pub fn title_places(&self, article: &str) -> Result<Vec<String>> {
        let sql = self.sql();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT entity_id FROM entity_mentions WHERE article_id = ?1 AND kind = 'LOC' AND in_title > 0
                 ORDER BY entity_id",
            )
            .map_err(&sql)?;
        let rows = st.query_map([article], |r| r.get(0)).map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// Whether some stored article is missing from the story map.
    pub fn story_map_stale(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM article_stories)",
                [],
                |r| r.get(0),
            )
            .map_err(self.sql())?;
        Ok(n > 0)
    }

    /// Every row of the entity index, as the analyses gave it (merges not
    /// applied): `f(entity_id, canonical, kind, article_id)`.
    pub fn for_each_entity_mention(&self, mut f: impl FnMut(&str, &str, &str, &str)) -> Result<()> {
        let sql = self.sql();
        let mut q = self
            .conn
            .prepare(
                "SELECT entity_id, canonical, kind, article_id FROM entity_mentions ORDER BY entity_id, article_id",
            )
            .map_err(&sql)?;
        let mut rows = q.query([]).map_err(&sql)?;
        while let Some(r) = rows.next().map_err(&sql)? {
            let (id, canonical, kind, article): (String, String, String, String) =
                (r.get(0).map_err(&sql)?, r.get(1).map_err(&sql)?, r.get(2).map_err(&sql)?, r.get(3).map_err(&sql)?);
            f(&id, &canonical, &kind, &article);
        }
        Ok(())
    }

    /// Replace the corpus's entity merges: each `(raw_id, entity_id,
    /// canonical)` of `merges` makes the entity `raw_id` count as
    /// `entity_id`, named `canonical`, wherever the store lists entities;
    /// each `(article_id, raw_id, entity_id, canonical)` of
    /// `article_merges` does so in that article only (and before the
    /// corpus-wide merges). Written in one transaction together with
    /// `version` under the meta key `key`.
    pub fn set_entity_merges(
        &mut self,
        merges: &[(String, String, String)],
        article_merges: &[ArticleEntityMerge],
        key: &str,
        version: &str,
    ) -> Result<()> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        tx.execute("DELETE FROM entity_merges", []).map_err(sql)?;
        tx.execute("DELETE FROM entity_article_merges", []).map_err(sql)?;
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO entity_merges (raw_id, entity_id, canonical) VALUES (?1, ?2, ?3)",
                )
                .map_err(sql)?;
            for (raw, id, canonical) in merges {
                ins.execute(params![raw, id, canonical]).map_err(sql)?;
            }
            let mut ins = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO entity_article_merges (article_id, raw_id, entity_id, canonical)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(sql)?;
            for m in article_merges {
                ins.execute(params![m.article_id, m.raw_id, m.entity_id, m.canonical]).map_err(sql)?;
            }
        }
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", [key, version]).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// The corpus's entity merges: `(raw_id, entity_id, canonical)`, by
    /// `raw_id` (see [`Store::set_entity_merges`]).
    pub fn entity_merges(&self) -> Result<Vec<(String, String, String)>> {
        let sql = self.sql();
        let mut q = self
            .conn
            .prepare("SELECT raw_id, entity_id, canonical FROM entity_merges ORDER BY raw_id")
            .map_err(&sql)?;
        let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// The merges that hold in one article only, by article and raw id
    /// (see [`Store::set_entity_merges`]).
    pub fn entity_article_merges(&self) -> Result<Vec<ArticleEntityMerge>> {
        let sql = self.sql();
        let mut q = self
            .conn
            .prepare(
                "SELECT article_id, raw_id, entity_id, canonical FROM entity_article_merges
                 ORDER BY article_id, raw_id",
            )
            .map_err(&sql)?;
        let rows = q
            .query_map([], |r| {
                Ok(ArticleEntityMerge {
                    article_id: r.get(0)?,
                    raw_id: r.get(1)?,
                    entity_id: r.get(2)?,
                    canonical: r.get(3)?,
                })
            })
            .map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    }

    /// How many merges the store holds: corpus-wide (entities that count
    /// as another everywhere) and per article (see
    /// [`Store::set_entity_merges`]).
    pub fn entity_merge_counts(&self) -> Result<(u64, u64)> {
        let (corpus, article): (i64, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM entity_merges), (SELECT count(*) FROM entity_article_merges)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(self.sql())?;
        Ok((corpus as u64, article as u64))
    }

    /// Rows in the entity index (entity × article).
    pub fn entity_mention_count(&self) -> Result<u64> {
        let n: i64 =
            self.conn.query_row("SELECT count(*) FROM entity_mentions", [], |r| r.get(0)).map_err(self.sql())?;
        Ok(n as u64)
    }

    /// Quotes stored.
    pub fn quote_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM quotes", [], |r| r.get(0)).map_err(self.sql())?;
        Ok(n as u64)
    }

    /// Check the database file's integrity (`PRAGMA quick_check`).
    pub fn check(&self) -> Result<String> {
        self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(self.sql())
    }
}

/// A quote row: article, speaker, speaker entity, kind, text, day, and the
/// number of articles that carry it.
/// What makes two stored quotes one for [`Store::quotes`]: the speaker
/// (its entity when resolved) and the first eight words of the quote,
/// Search-normalised, so that the copies' punctuation and spelling
/// (`…`/`...`, `المرأة`/`المراة`) do not matter.
fn quote_key(q: &QuoteRow) -> String {
    use marsad_arabic::normalize::{normalize_str, NormalizeOptions};
    let text = normalize_str(&q.text, &NormalizeOptions::search());
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(8).collect();
    let who = q.speaker_entity.as_deref().or(q.speaker.as_deref()).unwrap_or("");
    format!("{who}\u{1f}{}\u{1f}{}", q.kind, words.join(" "))
}

/// An [`EntityRow`] from the columns `entity_id, canonical, kind, articles,
/// mentions, first day, last day` (its other names filled in later).
fn entity_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: r.get(0)?,
        canonical: r.get(1)?,
        kind: r.get(2)?,
        articles: r.get::<_, i64>(3)? as u64,
        mentions: r.get::<_, i64>(4)? as u64,
        first_day: r.get(5)?,
        last_day: r.get(6)?,
        also_named: Vec::new(),
    })
}

fn quote_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        article: r.get(0)?,
        speaker: r.get(1)?,
        speaker_entity: r.get(2)?,
        kind: r.get(3)?,
        text: r.get(4)?,
        day: r.get(5)?,
        articles: r.get::<_, i64>(6)? as u64,
    })
}

/// Decode `(id, JSON doc)` rows, naming the record that does not decode.
fn decode_docs<T: serde::de::DeserializeOwned>(
    rows: impl Iterator<Item = rusqlite::Result<(String, String)>>,
    sql: &impl Fn(rusqlite::Error) -> StoreError,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for row in rows {
        let (id, doc) = row.map_err(sql)?;
        out.push(serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt { id, message: e.to_string() })?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use marsad_model::Paragraph;

    fn art(n: u32, source: &str, day: u32) -> Article {
        let mut a = Article::new(source, format!("خبر رقم {n}"));
        a.url = Some(format!("http://{source}.example/أخبار/{n}"));
        a.fetched_at = Some(Utc.with_ymd_and_hms(2025, 4, day, 8, 0, 0).unwrap());
        a.body = vec![Paragraph::text(format!("نص الخبر رقم {n}."))];
        a.assign_id();
        a
    }

    #[test]
    fn idempotent_inserts_and_lookups() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let batch: Vec<Article> =
            (0..10).map(|i| art(i, if i % 2 == 0 { "almarfa" } else { "alwadi" }, 1 + i % 3)).collect();
        let o = s.insert_batch(&batch).unwrap();
        assert_eq!(o, BatchOutcome { added: 10, already_present: 0 });
        let mut dup = batch[..3].to_vec();
        dup.push(batch[0].clone());
        let o = s.insert_batch(&dup).unwrap();
        assert_eq!(o, BatchOutcome { added: 0, already_present: 4 });
        assert_eq!(s.count().unwrap(), 10);
        // Lookup by URL in another spelling (percent-encoded, with tracking).
        let url = "HTTP://ALMARFA.example/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1/2?utm_source=x";
        assert_eq!(s.find(url).unwrap().unwrap().id, batch[2].id);
        assert!(s.find("nope").unwrap().is_none());
    }

    #[test]
    fn stats_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        s.insert_batch(
            &(0..9).map(|i| art(i, if i < 6 { "almarfa" } else { "alwadi" }, 1 + i % 3)).collect::<Vec<_>>(),
        )
        .unwrap();
        let st = s.stats().unwrap();
        assert_eq!(st.articles, 9);
        assert_eq!(st.per_source[0], ("almarfa".to_string(), 6));
        assert_eq!(st.per_day.len(), 3);
        let mut n = 0;
        let f = Filter { source: Some("alwadi".into()), since: NaiveDate::from_ymd_opt(2025, 4, 2), limit: None };
        s.for_each(&f, |a| {
            assert_eq!(a.source, "alwadi");
            n += 1;
            true
        })
        .unwrap();
        assert_eq!(n, 2);
    }

    #[test]
    fn reopen_keeps_data_and_checks_ok() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut s = Store::open(dir.path()).unwrap();
            s.insert_batch(&[art(1, "x", 1)]).unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.count().unwrap(), 1);
        assert_eq!(s.check().unwrap(), "ok");
    }

    #[test]
    fn a_file_where_the_directory_should_be_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("file");
        std::fs::write(&f, "x").unwrap();
        let err = Store::open(&f).err().unwrap();
        assert!(err.to_string().contains("file"), "{err}");
    }

    #[test]
    fn an_index_of_an_older_layout_is_rebuilt_from_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let arts: Vec<Article> = (0..4).map(|i| art(i, "almarfa", 1)).collect();
        s.insert_batch(&arts).unwrap();
        {
            let idx = s.search_index().unwrap();
            assert_eq!(s.sync_index(&idx).unwrap(), 4);
        }
        // An index written before the version file existed.
        std::fs::remove_file(s.index_dir().join("marsad-index-version")).unwrap();
        let idx = s.search_index().unwrap();
        assert_eq!(idx.num_docs(), 0, "the old index is gone");
        assert_eq!(s.sync_index(&idx).unwrap(), 4, "every article is indexed again");
        let q = SearchQuery { text: "الخبر".into(), limit: 10, ..Default::default() };
        let found = s.search_reports(&idx, &q, 10).unwrap();
        assert_eq!(found.hits, 4);
        let mut ids: Vec<String> = found.matched.clone();
        ids.sort();
        let mut want: Vec<String> = arts.iter().map(|a| a.id.clone()).collect();
        want.sort();
        assert_eq!(ids, want, "ids read back from the numeric key");
    }

    #[test]
    fn an_entity_index_without_headline_counts_is_upgraded_in_place() {
        let dir = tempfile::tempdir().unwrap();
        {
            // the entity index as stores wrote it before `in_title`
            let c = Connection::open(dir.path().join(DB_FILE)).unwrap();
            c.execute_batch(
                "CREATE TABLE entity_mentions (entity_id TEXT NOT NULL, canonical TEXT NOT NULL, kind TEXT NOT NULL,
                 article_id TEXT NOT NULL, day TEXT, mentions INTEGER NOT NULL, PRIMARY KEY (entity_id, article_id));
                 INSERT INTO entity_mentions VALUES ('loc-1', 'جدة', 'LOC', 'a1', '2025-04-01', 2);",
            )
            .unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.entity_ids("a1").unwrap(), ["loc-1"], "what was stored is kept");
        assert!(s.title_places("a1").unwrap().is_empty(), "no headline count until analysed again");
    }

    #[test]
    fn merged_entities_are_listed_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let arts: Vec<Article> = (0..4).map(|i| art(i, "almarfa", 1 + i)).collect();
        s.insert_batch(&arts).unwrap();
        let mention = |id: &str, canonical: &str, kind: &str| EntityMention {
            id: id.into(),
            canonical: canonical.into(),
            kind: kind.into(),
            mentions: 2,
            in_title: 0,
        };
        // a0, a1: the short name; a2: the full name; a3: both (the
        // article's resolver left them apart). Riyadh everywhere.
        let names: [&[(&str, &str)]; 4] = [
            &[("pers-short", "عادل الجبير")],
            &[("pers-short", "عادل الجبير")],
            &[("pers-full", "عادل بن أحمد الجبير")],
            &[("pers-short", "عادل الجبير"), ("pers-full", "عادل بن أحمد الجبير")],
        ];
        let records: Vec<AnalysisRecord> = arts
            .iter()
            .zip(names)
            .map(|(a, ns)| {
                let mut entities: Vec<EntityMention> = ns.iter().map(|(id, c)| mention(id, c, "PERS")).collect();
                entities.push(mention("loc-riyadh", "الرياض", "LOC"));
                AnalysisRecord {
                    article: a.id.clone(),
                    day: Some("2025-04-01".into()),
                    doc: "{}".into(),
                    entities,
                    quotes: Vec::new(),
                }
            })
            .collect();
        s.save_analyses(&records).unwrap();
        let mut rows = Vec::new();
        s.for_each_entity_mention(|id, c, k, a| {
            rows.push((id.to_string(), c.to_string(), k.to_string(), a.to_string()))
        })
        .unwrap();
        assert_eq!(rows.len(), 9);
        assert_eq!(s.find_entities("عادل بن أحمد الجبير", 5).unwrap()[0].articles, 2, "before: two entities");

        let merge = ("pers-full".to_string(), "pers-short".to_string(), "عادل الجبير".to_string());
        s.set_entity_merges(std::slice::from_ref(&merge), &[], "person_names", "1").unwrap();
        assert_eq!(s.entity_merges().unwrap(), vec![merge.clone()]);
        assert_eq!(s.meta("person_names").unwrap().as_deref(), Some("1"));
        // Found by either name or id, counted once per article.
        for key in ["عادل الجبير", "عادل بن أحمد الجبير", "pers-full", "pers-short"] {
            let found = s.find_entities(key, 5).unwrap();
            assert_eq!(found.len(), 1, "{key}");
            let e = &found[0];
            assert_eq!(
                (e.id.as_str(), e.canonical.as_str(), e.articles, e.mentions),
                ("pers-short", "عادل الجبير", 4, 10)
            );
            assert_eq!(e.also_named, ["عادل بن أحمد الجبير"]);
        }
        assert_eq!(s.entity_ids(&arts[2].id).unwrap(), ["loc-riyadh", "pers-short"]);
        assert_eq!(s.entity_ids(&arts[3].id).unwrap(), ["loc-riyadh", "pers-short"]);
        let (ids, per_day) = s.entity_articles("pers-short", 10).unwrap();
        assert_eq!(ids.len(), 4);
        assert_eq!(per_day, vec![("2025-04-01".to_string(), 10)]);
        assert_eq!(s.cooccurring("pers-short", 5).unwrap(), vec![("loc-riyadh".into(), "الرياض".into(), 4)]);
        assert_eq!(s.cooccurring("loc-riyadh", 5).unwrap(), vec![("pers-short".into(), "عادل الجبير".into(), 4)]);
        let ids: Vec<String> = arts.iter().map(|a| a.id.clone()).collect();
        let top = s.top_entities(&ids, 5).unwrap();
        assert_eq!(top.len(), 2);
        assert!(top.iter().all(|e| e.articles == 4));
        // The corpus's most mentioned, with their other names; one kind.
        let most = s.most_mentioned_entities(None, 5).unwrap();
        let got: Vec<(&str, u64, usize)> =
            most.iter().map(|e| (e.id.as_str(), e.articles, e.also_named.len())).collect();
        assert_eq!(got, [("pers-short", 4, 1), ("loc-riyadh", 4, 0)], "ties by mentions: the person has 10, Riyadh 8");
        let persons = s.most_mentioned_entities(Some("PERS"), 5).unwrap();
        assert_eq!((persons.len(), persons[0].also_named.clone()), (1, vec!["عادل بن أحمد الجبير".to_string()]));
        assert!(s.most_mentioned_entities(Some("ORG"), 5).unwrap().is_empty());
        let by_article = s.entities_by_article().unwrap();
        assert_eq!(by_article[&arts[3].id], ["loc-riyadh", "pers-short"]);
        // What the analyses gave is kept: merges computed again replace
        // the old ones, and none undo them.
        s.set_entity_merges(&[], &[], "person_names", "1").unwrap();
        assert_eq!(s.find_entities("عادل", 5).unwrap().len(), 2);
        assert_eq!(s.entity_ids(&arts[3].id).unwrap(), ["loc-riyadh", "pers-full", "pers-short"]);
    }

    #[test]
    fn the_merged_view_is_made_again_only_when_its_definition_changed() {
        let dir = tempfile::tempdir().unwrap();
        let view_sql = |s: &Store| -> String {
            s.conn
                .query_row("SELECT sql FROM sqlite_master WHERE name = 'merged_entity_mentions'", [], |r| r.get(0))
                .unwrap()
        };
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(view_sql(&s), MERGED_ENTITY_MENTIONS);
        // A store from before per-article merges.
        s.conn
            .execute_batch(
                "DROP VIEW merged_entity_mentions;
                 CREATE VIEW merged_entity_mentions AS SELECT entity_id, canonical FROM entity_mentions;",
            )
            .unwrap();
        drop(s);
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(view_sql(&s), MERGED_ENTITY_MENTIONS);
        // Opened again: nothing to write.
        let version: i64 = s.conn.query_row("PRAGMA schema_version", [], |r| r.get(0)).unwrap();
        drop(s);
        let s = Store::open(dir.path()).unwrap();
        let again: i64 = s.conn.query_row("PRAGMA schema_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, again);
    }

    #[test]
    fn a_lone_name_counts_as_the_person_in_its_own_article_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let arts: Vec<Article> = (0..3).map(|i| art(i, "almarfa", 1 + i)).collect();
        s.insert_batch(&arts).unwrap();
        let mention = |id: &str, canonical: &str| EntityMention {
            id: id.into(),
            canonical: canonical.into(),
            kind: "PERS".into(),
            mentions: 1,
            in_title: 0,
        };
        // a0 names the president in full; a1 and a2 say `الأسد` alone.
        let names = [("pers-bashar", "بشار الأسد"), ("pers-lone", "الأسد"), ("pers-lone", "الأسد")];
        let records: Vec<AnalysisRecord> = arts
            .iter()
            .zip(names)
            .map(|(a, (id, c))| AnalysisRecord {
                article: a.id.clone(),
                day: Some("2025-04-01".into()),
                doc: "{}".into(),
                entities: vec![mention(id, c)],
                quotes: Vec::new(),
            })
            .collect();
        s.save_analyses(&records).unwrap();
        // Only a1's company pointed to him.
        let merge = ArticleEntityMerge {
            article_id: arts[1].id.clone(),
            raw_id: "pers-lone".into(),
            entity_id: "pers-bashar".into(),
            canonical: "بشار الأسد".into(),
        };
        s.set_entity_merges(&[], std::slice::from_ref(&merge), "person_names", "2").unwrap();
        assert_eq!(s.entity_article_merges().unwrap(), vec![merge]);
        assert_eq!(s.entity_merge_counts().unwrap(), (0, 1));
        assert_eq!(s.entity_ids(&arts[1].id).unwrap(), ["pers-bashar"]);
        assert_eq!(s.entity_ids(&arts[2].id).unwrap(), ["pers-lone"]);
        let found = s.find_entities("pers-bashar", 5).unwrap();
        assert_eq!((found[0].articles, found[0].also_named.clone()), (2, vec!["الأسد".to_string()]));
        let lone = s.find_entities("pers-lone", 5).unwrap();
        let lone = lone.iter().find(|e| e.id == "pers-lone").unwrap();
        assert_eq!(lone.articles, 1);
        let (ids, per_day) = s.entity_articles("pers-bashar", 10).unwrap();
        assert_eq!(ids.len(), 2);
        assert_eq!(per_day, vec![("2025-04-01".to_string(), 2)]);
        assert_eq!(s.entity_articles("pers-lone", 10).unwrap().0, [arts[2].id.clone()]);
        // Computed again without it: the analyses' rows are as they were.
        s.set_entity_merges(&[], &[], "person_names", "2").unwrap();
        assert_eq!(s.entity_ids(&arts[1].id).unwrap(), ["pers-lone"]);
    }

    #[test]
    fn an_entitys_latest_articles_come_in_time_order_within_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        // Three articles on 1 April at 08:00, 20:00 and 12:00, one on 2 April.
        let mut arts: Vec<Article> = (0..4).map(|i| art(i, "almarfa", 1)).collect();
        for (a, (day, hour)) in arts.iter_mut().zip([(1, 8), (1, 20), (1, 12), (2, 6)]) {
            a.fetched_at = Some(Utc.with_ymd_and_hms(2025, 4, day, hour, 0, 0).unwrap());
            a.assign_id();
        }
        s.insert_batch(&arts).unwrap();
        let records: Vec<AnalysisRecord> = arts
            .iter()
            .map(|a| AnalysisRecord {
                article: a.id.clone(),
                day: a.day().map(|d| d.to_string()),
                doc: "{}".into(),
                entities: vec![EntityMention {
                    id: "loc-1".into(),
                    canonical: "جدة".into(),
                    kind: "LOC".into(),
                    mentions: 1,
                    in_title: 0,
                }],
                quotes: Vec::new(),
            })
            .collect();
        s.save_analyses(&records).unwrap();
        let (ids, per_day) = s.entity_articles("loc-1", 10).unwrap();
        let want: Vec<String> = [3, 1, 2, 0].iter().map(|&i| arts[i].id.clone()).collect();
        assert_eq!(ids, want, "latest first");
        assert_eq!(per_day.len(), 2);
        let (ids, _) = s.entity_articles("loc-1", 2).unwrap();
        assert_eq!(ids, want[..2]);
    }

    #[test]
    fn a_quote_repeated_by_copies_of_one_report_is_listed_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        // a0 and a1 are copies of one report (group a0); a2 is another report.
        let arts: Vec<Article> = (0..3).map(|i| art(i, "almarfa", 1 + i)).collect();
        s.insert_batch(&arts).unwrap();
        let quote = |speaker: &str, text: &str| QuoteMention {
            speaker: Some(speaker.into()),
            speaker_entity: Some("pers-1".into()),
            kind: "direct".into(),
            text: text.into(),
        };
        let texts = [
            "سأجعل الجحيم يحيط بهم... وسآخذ النفط من أجل بلادنا",
            "سأجعل الجحيم يحيط بهم… وسآخذ النفط من اجل بلادنا",
            "سأجعل الجحيم يحيط بهم... وسآخذ النفط من أجل بلادنا",
        ];
        let records: Vec<AnalysisRecord> = arts
            .iter()
            .zip(texts)
            .zip(["دونالد ترامب", "ترامب", "دونالد ترامب"])
            .map(|((a, t), who)| AnalysisRecord {
                article: a.id.clone(),
                day: a.day().map(|d| d.to_string()),
                doc: "{}".into(),
                entities: Vec::new(),
                quotes: vec![quote(who, t), quote(who, &format!("{t} ثانية"))],
            })
            .collect();
        s.save_analyses(&records).unwrap();
        for (a, group) in arts.iter().zip([&arts[0].id, &arts[0].id, &arts[2].id]) {
            s.conn
                .execute(
                    "INSERT INTO article_stories (article_id, story_id, group_id, doc) VALUES (?1, 's', ?2, '{}')",
                    params![a.id, group],
                )
                .unwrap();
        }
        let listed = s.quotes(None, 10).unwrap();
        let got: Vec<(&str, u64)> = listed.iter().map(|q| (q.article.as_str(), q.articles)).collect();
        // Latest first: a2's two quotes, then a1's, each carried by a1 and
        // its copy a0 (written with other punctuation, hamza and speaker
        // name). Each article's two quotes open alike and stay two.
        let (a1, a2) = (arts[1].id.as_str(), arts[2].id.as_str());
        assert_eq!(got, [(a2, 1), (a2, 1), (a1, 2), (a1, 2)]);
        // Asked for one quote by one spelling of the speaker, the copy
        // under another spelling still counts.
        let by = s.quotes(Some("دونالد"), 10).unwrap();
        assert!(by.iter().any(|q| q.article == arts[0].id && q.articles == 2), "{by:?}");
        assert_eq!(s.quotes(None, 1).unwrap().len(), 1);
    }

    #[test]
    fn outdated_analyses_are_listed_again_and_kept_readable_until_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let arts: Vec<Article> = (0..3).map(|i| art(i, "almarfa", 1)).collect();
        s.insert_batch(&arts).unwrap();
        assert_eq!(s.analysis_version().unwrap(), None);
        let record = |a: &Article, id: &str| AnalysisRecord {
            article: a.id.clone(),
            day: Some("2025-04-01".into()),
            doc: "{}".into(),
            entities: vec![EntityMention {
                id: id.into(),
                canonical: "جدة".into(),
                kind: "LOC".into(),
                mentions: 1,
                in_title: 1,
            }],
            quotes: Vec::new(),
        };
        let old: Vec<AnalysisRecord> = arts.iter().map(|a| record(a, "loc-old")).collect();
        s.save_analyses(&old).unwrap();
        assert_eq!(s.analysis_keywords(&arts[0].id).unwrap(), None, "an analysis without keywords");
        assert_eq!(s.analysis_keywords("no-such-article").unwrap(), None);
        s.save_analyses(&[AnalysisRecord {
            doc: r#"{"entities":[{"id":"loc-old"}],"keywords":[{"phrase":"سيول جازان","score":0.5}]}"#.into(),
            ..record(&arts[1], "loc-old")
        }])
        .unwrap();
        assert_eq!(
            s.analysis_keywords(&arts[1].id).unwrap(),
            Some(serde_json::json!([{"phrase": "سيول جازان", "score": 0.5}])),
            "the keywords alone, as stored"
        );
        s.set_meta("keyword_model", "{}").unwrap();
        assert!(s.unanalyzed(10).unwrap().is_empty());
        // the headline's places, as the story stage reads them
        assert_eq!(s.title_places(&arts[0].id).unwrap(), ["loc-old"]);
        assert_eq!(s.title_places_by_article().unwrap().len(), 3);

        assert_eq!(s.outdate_analyses("2-new", &["keyword_model"]).unwrap(), 3);
        assert_eq!(s.analysis_version().unwrap().as_deref(), Some("2-new"));
        assert_eq!(s.meta("keyword_model").unwrap(), None, "counted with the old analyses: reset");
        assert_eq!(s.unanalyzed(10).unwrap().len(), 3, "every article is pending again");
        assert_eq!(s.entity_mention_count().unwrap(), 3, "the entity index stays readable meanwhile");

        // Re-analysing one article replaces its rows only.
        s.save_analyses(&[record(&arts[0], "loc-new")]).unwrap();
        assert_eq!(s.unanalyzed(10).unwrap().len(), 2);
        let ids: Vec<String> = s.find_entities("جدة", 10).unwrap().into_iter().map(|e| e.id).collect();
        assert_eq!(ids, ["loc-old", "loc-new"]);
        // Outdating again with the same version drops what was redone too
        // (the caller compares versions first; the store does as it is told).
        assert_eq!(s.outdate_analyses("2-new", &[]).unwrap(), 1);
    }

    #[test]
    fn an_article_analysed_after_indexing_is_indexed_again_with_its_quotes() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let a = art(1, "almarfa", 1);
        s.insert_batch(std::slice::from_ref(&a)).unwrap();
        let idx = s.search_index().unwrap();
        assert_eq!(s.sync_index(&idx).unwrap(), 1);
        let q = SearchQuery { text: "quotes:الأهالي".into(), limit: 10, ..Default::default() };
        assert_eq!(s.search_reports(&idx, &q, 10).unwrap().hits, 0, "no quotes before the analysis");
        s.save_analyses(&[AnalysisRecord {
            article: a.id.clone(),
            day: Some("2025-04-01".into()),
            doc: "{}".into(),
            entities: Vec::new(),
            quotes: vec![QuoteMention {
                speaker: Some("أمير المنطقة".into()),
                speaker_entity: None,
                kind: "direct".into(),
                text: "هذا المشروع يخدم الأهالي".into(),
            }],
        }])
        .unwrap();
        assert_eq!(s.sync_index(&idx).unwrap(), 1, "indexed again");
        assert_eq!(idx.num_docs(), 1, "replaced, not duplicated");
        assert_eq!(s.search_reports(&idx, &q, 10).unwrap().hits, 1);
    }
}
