//! marsad's live crawler: RSS/Atom feeds and news sitemaps list article
//! URLs; new ones are fetched, extracted ([`marsad_extract::html`]: charset
//! from header, BOM, `<meta>` or detection — windows-1256 included — main
//! text, dates, cleanup) and stored; crawl state lives in the store
//! ([`marsad_store::crawl`]), so a restart neither refetches nor loses its
//! place.
//!
//! A round ([`Crawler::run_round`]) goes:
//!
//! 1. **Discover**, all sources at once: each feed and sitemap is fetched
//!    with a conditional GET (its stored `ETag` / `Last-Modified`); a 304
//!    costs nothing more. Sitemap indexes are followed one level.
//! 2. **Select**, per source, newest first: URLs are canonicalised
//!    ([`marsad_model::canonical_url`]); those already ingested or failed for
//!    good are skipped (`skipped_seen`), as are repeats within the round; at
//!    most `max_pages` per source are taken (`skipped_limit` for the rest).
//! 3. **Fetch**: robots.txt is obeyed (`skipped_robots`); pages are fetched
//!    under the global and per-host limits ([`fetch`]), extracted on the
//!    blocking pool, and stored in batches; each page's outcome is recorded
//!    after its article is (a crash refetches, it never loses).
//! 4. **Record**: per source, the round's counts and errors go to its
//!    health ([`marsad_store::crawl::SourceHealth`]).
//!
//! A broken feed, page or host is recorded against its source and never
//! stops the others. Transient page failures (5xx, timeouts) are retried
//! with backoff within the round, then again in later rounds up to
//! `max_attempts`; permanent ones (4xx, no article text, refused address,
//! oversized body, redirect loop) are not.
//!
//! Safety: [`safety`] (SSRF: only http(s), no private / loopback /
//! link-local / metadata addresses unless a source allows them, checked
//! after DNS and on every redirect hop) and [`discover`] (no DTD entities).
#![warn(missing_docs)]

pub mod config;
pub mod discover;
pub mod fetch;
pub mod robots;
pub mod safety;

pub use config::{Config, Settings, SourceConfig, USER_AGENT};
pub use fetch::{FetchError, Fetched, Fetcher};

use chrono::{DateTime, Utc};
use discover::{maybe_gunzip, parse_feed, parse_sitemap, Discovered, Sitemap};
use marsad_extract::html::{extract_html, HtmlOptions};
use marsad_model::{canonical_url, Article};
use marsad_store::crawl::{CrawlErrorRecord, PageRecord, SeenStatus, SourceRoundRecord, Validators};
use marsad_store::{Store, StoreError};
use robots::RobotsCache;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use url::Url;

/// Articles per store transaction during a round.
const STORE_BATCH: usize = 200;
/// Errors listed per source in a summary (all are counted).
const MAX_LISTED_ERRORS: usize = 100;

/// One error, in a summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorView {
    /// The URL concerned.
    pub url: String,
    /// Kind: `http_status`, `timeout`, `connection`, `refused`, `too_large`,
    /// `redirect_loop`, `too_many_redirects`, `malformed`, `unsafe_xml`,
    /// `robots`, `extract`, `not_html`, `bad_url`.
    pub kind: String,
    /// Message.
    pub message: String,
}

/// One source's round.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceSummary {
    /// Source name.
    pub name: String,
    /// Feeds and sitemaps read (200).
    pub listings_read: u64,
    /// Feeds and sitemaps unchanged (304).
    pub not_modified: u64,
    /// Page URLs listed.
    pub discovered: u64,
    /// Pages fetched (requests made for article pages, failures included).
    pub fetched: u64,
    /// Articles newly stored.
    pub ingested: u64,
    /// Pages fetched whose article was already stored (e.g. under another URL).
    pub already_present: u64,
    /// URLs skipped: already ingested or failed for good, or repeated in this round.
    pub skipped_seen: u64,
    /// URLs skipped: robots.txt disallows them.
    pub skipped_robots: u64,
    /// URLs left for a later round: over `max_pages`.
    pub skipped_limit: u64,
    /// Errors (feeds, sitemaps and pages).
    pub error_count: u64,
    /// The errors (the first [`MAX_LISTED_ERRORS`]).
    pub errors: Vec<ErrorView>,
    /// Ids of the articles stored this round.
    #[serde(skip)]
    pub ingested_ids: Vec<String>,
}

impl SourceSummary {
    fn error(&mut self, url: &str, kind: &str, message: String) {
        self.error_count += 1;
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(ErrorView { url: url.to_string(), kind: kind.to_string(), message });
        }
    }
}

/// A round's summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RoundSummary {
    /// When the round started.
    pub started_at: Option<DateTime<Utc>>,
    /// Wall time (seconds).
    pub seconds: f64,
    /// HTTP requests sent (robots.txt, listings, pages; hops and retries counted).
    pub requests: u64,
    /// Pages fetched, all sources.
    pub fetched: u64,
    /// Articles newly stored.
    pub ingested: u64,
    /// Pages whose article was already stored.
    pub already_present: u64,
    /// URLs skipped as seen.
    pub skipped_seen: u64,
    /// URLs skipped by robots.txt.
    pub skipped_robots: u64,
    /// URLs over `max_pages`.
    pub skipped_limit: u64,
    /// Errors, all sources.
    pub errors: u64,
    /// Per source, in configuration order.
    pub sources: Vec<SourceSummary>,
}

impl RoundSummary {
    /// The summary of the named source.
    pub fn source(&self, name: &str) -> Option<&SourceSummary> {
        self.sources.iter().find(|s| s.name == name)
    }

    fn total(&mut self) {
        let s = &self.sources;
        self.fetched = s.iter().map(|x| x.fetched).sum();
        self.ingested = s.iter().map(|x| x.ingested).sum();
        self.already_present = s.iter().map(|x| x.already_present).sum();
        self.skipped_seen = s.iter().map(|x| x.skipped_seen).sum();
        self.skipped_robots = s.iter().map(|x| x.skipped_robots).sum();
        self.skipped_limit = s.iter().map(|x| x.skipped_limit).sum();
        self.errors = s.iter().map(|x| x.error_count).sum();
    }
}

/// What discovery found for one source.
struct Discovery {
    summary: SourceSummary,
    items: Vec<Discovered>,
    validators: Vec<(String, Validators)>,
    listing_failed: bool,
}

/// A page to fetch.
struct Job {
    source: usize,
    url: String,
    canonical: String,
    title: Option<String>,
    published: Option<DateTime<Utc>>,
    attempts: u32,
}

enum PageResult {
    Robots,
    Ok { article: Box<Article>, final_url: String },
    Err { kind: &'static str, message: String, transient: bool },
}

/// The crawler: a configuration and a fetcher.
pub struct Crawler {
    config: Config,
    fetcher: Arc<Fetcher>,
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

impl Crawler {
    /// A crawler for this configuration.
    pub fn new(config: Config) -> Crawler {
        let fetcher = Arc::new(Fetcher::new(&config.crawler));
        Crawler { config, fetcher }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The fetcher (request counts).
    pub fn fetcher(&self) -> &Fetcher {
        &self.fetcher
    }

    /// One round over every source.
    pub async fn run_round(&self, store: &mut Store) -> Result<RoundSummary, StoreError> {
        let all: Vec<usize> = (0..self.config.sources.len()).collect();
        self.run_sources(store, &all).await
    }

    /// Run rounds until `shutdown` completes: each source when its interval
    /// has passed; `on_round` sees every round's summary (e.g. to rebuild
    /// the story map when articles were added).
    pub async fn run_forever<F>(
        &self,
        store: &mut Store,
        shutdown: impl std::future::Future<Output = ()>,
        mut on_round: F,
    ) -> Result<(), StoreError>
    where
        F: FnMut(&RoundSummary, &mut Store),
    {
        tokio::pin!(shutdown);
        let n = self.config.sources.len();
        let mut due: Vec<tokio::time::Instant> = vec![tokio::time::Instant::now(); n];
        loop {
            let t = tokio::time::Instant::now();
            let which: Vec<usize> = (0..n).filter(|&i| due[i] <= t).collect();
            if !which.is_empty() {
                let summary = tokio::select! {
                    s = self.run_sources(store, &which) => s?,
                    _ = &mut shutdown => return Ok(()),
                };
                for &i in &which {
                    due[i] = t + self.config.sources[i].interval();
                }
                on_round(&summary, store);
            }
            let next = due.iter().min().copied().unwrap_or_else(|| t + Duration::from_secs(60));
            tokio::select! {
                _ = tokio::time::sleep_until(next) => {}
                _ = &mut shutdown => return Ok(()),
            }
        }
    }

    /// One round over the sources at these indices of the configuration.
    pub async fn run_sources(&self, store: &mut Store, which: &[usize]) -> Result<RoundSummary, StoreError> {
        let started = Instant::now();
        let started_at = now();
        let requests_before = self.fetcher.requests();
        let robots = Arc::new(RobotsCache::default());

        // 1. Discover, all sources at once.
        let stored_validators: HashMap<String, Validators> = store.crawl_validators_all()?.into_iter().collect();
        let stored_validators = Arc::new(stored_validators);
        let mut set = JoinSet::new();
        for &i in which {
            let src = self.config.sources[i].clone();
            let fetcher = self.fetcher.clone();
            let robots = robots.clone();
            let vals = stored_validators.clone();
            let obey = self.config.crawler.obey_robots;
            let max_children = self.config.crawler.max_child_sitemaps;
            set.spawn(async move { (i, discover_source(&fetcher, &robots, &src, &vals, obey, max_children).await) });
        }
        let mut discoveries: HashMap<usize, Discovery> = HashMap::new();
        while let Some(r) = set.join_next().await {
            match r {
                Ok((i, d)) => {
                    discoveries.insert(i, d);
                }
                Err(e) => tracing::error!("a discovery task failed: {e}"),
            }
        }

        // 2. Select.
        let mut summaries: HashMap<usize, SourceSummary> = HashMap::new();
        let mut listing_failed: HashMap<usize, bool> = HashMap::new();
        let mut jobs: Vec<Job> = Vec::new();
        let mut in_round: HashSet<String> = HashSet::new();
        for &i in which {
            let src = &self.config.sources[i];
            let Some(mut d) = discoveries.remove(&i) else {
                let mut s = SourceSummary { name: src.name.clone(), ..Default::default() };
                s.error("", "internal", "discovery task failed".into());
                summaries.insert(i, s);
                listing_failed.insert(i, true);
                continue;
            };
            for (u, v) in &d.validators {
                store.crawl_set_validators(u, v)?;
            }
            // Newest first; undated last, in listing order.
            d.items.sort_by_key(|x| std::cmp::Reverse(x.published));
            let mut taken = 0usize;
            for item in d.items {
                let canonical = match canonical_url(&item.url) {
                    Ok(c) => c,
                    Err(e) => {
                        d.summary.error(&item.url, "bad_url", e.to_string());
                        continue;
                    }
                };
                if in_round.contains(&canonical) {
                    d.summary.skipped_seen += 1;
                    continue;
                }
                let attempts = match store.crawl_seen(&canonical)? {
                    Some(e) if e.status != SeenStatus::Retry || e.attempts >= self.config.crawler.max_attempts => {
                        d.summary.skipped_seen += 1;
                        continue;
                    }
                    Some(e) => e.attempts,
                    None => 0,
                };
                if taken >= src.max_pages {
                    d.summary.skipped_limit += 1;
                    continue;
                }
                taken += 1;
                in_round.insert(canonical.clone());
                jobs.push(Job {
                    source: i,
                    url: item.url,
                    canonical,
                    title: item.title,
                    published: item.published,
                    attempts,
                });
            }
            listing_failed.insert(i, d.listing_failed);
            summaries.insert(i, d.summary);
        }

        // 3. Fetch, extract, store.
        let in_flight = (self.config.crawler.concurrency * 2).max(4);
        let mut jobs = jobs.into_iter();
        let mut set: JoinSet<(Job, PageResult)> = JoinSet::new();
        let mut pending: Vec<(Job, PageResult)> = Vec::new();
        loop {
            while set.len() < in_flight {
                let Some(job) = jobs.next() else { break };
                let src = self.config.sources[job.source].clone();
                let fetcher = self.fetcher.clone();
                let robots = robots.clone();
                let obey = self.config.crawler.obey_robots;
                set.spawn(async move {
                    let r = fetch_page(&fetcher, &robots, &src, &job, obey).await;
                    (job, r)
                });
            }
            let Some(r) = set.join_next().await else { break };
            match r {
                Ok(done) => pending.push(done),
                Err(e) => tracing::error!("a page task failed: {e}"),
            }
            if pending.len() >= STORE_BATCH {
                self.store_pages(store, std::mem::take(&mut pending), &mut summaries)?;
            }
        }
        self.store_pages(store, pending, &mut summaries)?;

        // 4. Record.
        let mut out = RoundSummary { started_at: Some(started_at), ..Default::default() };
        for &i in which {
            let s = summaries.remove(&i).unwrap_or_default();
            let failed = listing_failed.get(&i).copied().unwrap_or(true);
            let errors: Vec<CrawlErrorRecord> = s
                .errors
                .iter()
                .map(|e| CrawlErrorRecord {
                    source: s.name.clone(),
                    at: started_at.to_rfc3339(),
                    url: e.url.clone(),
                    kind: e.kind.clone(),
                    message: e.message.clone(),
                })
                .collect();
            store.crawl_record_errors(&errors)?;
            store.crawl_record_round(&SourceRoundRecord {
                source: s.name.clone(),
                at: Some(started_at),
                ok: !failed,
                pages_fetched: s.fetched,
                articles_added: s.ingested,
                errors: s.error_count,
                last_error: s.errors.last().map(|e| format!("{} {}: {}", e.kind, e.url, e.message)),
            })?;
            out.sources.push(s);
        }
        out.total();
        out.requests = self.fetcher.requests() - requests_before;
        out.seconds = started.elapsed().as_secs_f64();
        Ok(out)
    }

    /// Store a batch of page results: articles first, then their outcomes.
    fn store_pages(
        &self,
        store: &mut Store,
        done: Vec<(Job, PageResult)>,
        summaries: &mut HashMap<usize, SourceSummary>,
    ) -> Result<(), StoreError> {
        if done.is_empty() {
            return Ok(());
        }
        let mut articles: Vec<Article> = Vec::new();
        let mut records: Vec<PageRecord> = Vec::new();
        let mut batch_ids: HashSet<String> = HashSet::new();
        for (job, r) in done {
            let s = summaries.entry(job.source).or_default();
            let name = self.config.sources[job.source].name.clone();
            match r {
                PageResult::Robots => s.skipped_robots += 1,
                PageResult::Ok { article, final_url } => {
                    s.fetched += 1;
                    if store.contains(&article.id)? || !batch_ids.insert(article.id.clone()) {
                        s.already_present += 1;
                    } else {
                        s.ingested += 1;
                        s.ingested_ids.push(article.id.clone());
                    }
                    let final_canon = canonical_url(&final_url).ok();
                    records.push(PageRecord {
                        url: job.canonical.clone(),
                        source: name.clone(),
                        final_url: (final_url != job.url).then(|| final_url.clone()),
                        article_id: Some(article.id.clone()),
                        status: SeenStatus::Ingested,
                        error: None,
                    });
                    if let Some(fc) = final_canon.filter(|fc| *fc != job.canonical) {
                        records.push(PageRecord {
                            url: fc,
                            source: name,
                            final_url: None,
                            article_id: Some(article.id.clone()),
                            status: SeenStatus::Ingested,
                            error: None,
                        });
                    }
                    articles.push(*article);
                }
                PageResult::Err { kind, message, transient } => {
                    s.fetched += 1;
                    s.error(&job.url, kind, message.clone());
                    let give_up = !transient || job.attempts + 1 >= self.config.crawler.max_attempts;
                    records.push(PageRecord {
                        url: job.canonical,
                        source: name,
                        final_url: None,
                        article_id: None,
                        status: if give_up { SeenStatus::Failed } else { SeenStatus::Retry },
                        error: Some(format!("{kind}: {message}")),
                    });
                }
            }
        }
        store.insert_batch(&articles)?;
        store.crawl_record_pages(&records)?;
        Ok(())
    }
}

/// Fetch and read one source's feeds and sitemaps.
async fn discover_source(
    fetcher: &Fetcher,
    robots: &RobotsCache,
    src: &SourceConfig,
    stored: &HashMap<String, Validators>,
    obey_robots: bool,
    max_children: usize,
) -> Discovery {
    let mut d = Discovery {
        summary: SourceSummary { name: src.name.clone(), ..Default::default() },
        items: Vec::new(),
        validators: Vec::new(),
        listing_failed: false,
    };
    let cap = fetcher.settings().max_body_bytes;
    // (url, is_feed, may be an index)
    let mut queue: Vec<(String, bool, bool)> = src.feeds.iter().map(|u| (u.clone(), true, false)).collect();
    queue.extend(src.sitemaps.iter().map(|u| (u.clone(), false, true)));
    let mut i = 0;
    while i < queue.len() {
        let (url, is_feed, top) = queue[i].clone();
        i += 1;
        let parsed_url = match Url::parse(&url) {
            Ok(u) => u,
            Err(e) => {
                d.summary.error(&url, "bad_url", e.to_string());
                d.listing_failed = true;
                continue;
            }
        };
        if let Err(r) = safety::check_url(&parsed_url, src.allow_private) {
            d.summary.error(&url, "refused", format!("refused: {r}"));
            d.listing_failed = true;
            continue;
        }
        if obey_robots {
            let rules = robots.rules(fetcher, &parsed_url, src.allow_private).await;
            if !rules.allowed(&url) {
                let why = match &*rules {
                    robots::Rules::DisallowAll(why) => why.clone(),
                    _ => "robots.txt disallows this listing".to_string(),
                };
                d.summary.error(&url, "robots", why);
                d.listing_failed = true;
                continue;
            }
        }
        let may_follow = |next: Url| async move {
            // An address the crawler refuses anyway is left to the fetcher,
            // which reports it as refused (not as a robots.txt skip).
            !obey_robots
                || safety::check_url(&next, src.allow_private).is_err()
                || robots.rules(fetcher, &next, src.allow_private).await.allowed(next.as_str())
        };
        let fetched = match fetcher.get_guarded(&url, stored.get(&url), src.allow_private, may_follow).await {
            Ok(f) => f,
            Err(e) => {
                d.summary.error(&url, e.kind(), e.to_string());
                d.listing_failed = true;
                continue;
            }
        };
        if fetched.not_modified() {
            d.summary.not_modified += 1;
            continue;
        }
        d.summary.listings_read += 1;
        let body = match maybe_gunzip(fetched.body, cap) {
            Ok(b) => b,
            Err(e) => {
                d.summary.error(&url, e.kind(), e.to_string());
                d.listing_failed = true;
                continue;
            }
        };
        let parsed = if is_feed {
            parse_feed(&body, &fetched.final_url).map(Sitemap::Urls)
        } else {
            parse_sitemap(&body, &fetched.final_url)
        };
        let new_validators = fetched.validators;
        match parsed {
            Ok(Sitemap::Urls(items)) => {
                d.summary.discovered += items.len() as u64;
                d.items.extend(items);
                if new_validators.etag.is_some() || new_validators.last_modified.is_some() {
                    d.validators.push((url, new_validators));
                }
            }
            Ok(Sitemap::Index(children)) => {
                // Indexes are always read in full (their children carry the validators).
                if top {
                    let n = children.len();
                    for c in children.into_iter().take(max_children) {
                        queue.push((c, false, false));
                    }
                    if n > max_children {
                        tracing::info!("{url}: {n} child sitemaps, reading the first {max_children}");
                    }
                } else {
                    d.summary.error(
                        &url,
                        "malformed",
                        "a sitemap index inside a sitemap index (one level is read)".into(),
                    );
                }
            }
            Err(e) => {
                d.summary.error(&url, e.kind(), e.to_string());
                d.listing_failed = true;
            }
        }
    }
    d
}

fn is_html_type(ct: Option<&str>) -> bool {
    match ct {
        None => true,
        Some(ct) => {
            let m = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            m.is_empty()
                || m == "text/html"
                || m == "application/xhtml+xml"
                || m == "text/plain"
                || m == "application/octet-stream"
        }
    }
}

/// Fetch and extract one page.
async fn fetch_page(
    fetcher: &Fetcher,
    robots: &RobotsCache,
    src: &SourceConfig,
    job: &Job,
    obey_robots: bool,
) -> PageResult {
    let Ok(u) = Url::parse(&job.url) else {
        return PageResult::Err { kind: "bad_url", message: format!("not a URL: {}", job.url), transient: false };
    };
    if let Err(r) = safety::check_url(&u, src.allow_private) {
        return PageResult::Err { kind: "refused", message: format!("refused: {r}"), transient: false };
    }
    if obey_robots {
        let rules = robots.rules(fetcher, &u, src.allow_private).await;
        if !rules.allowed(&job.url) {
            return PageResult::Robots;
        }
    }
    // Every redirect hop is checked against its host's robots.txt before
    // it is followed.
    let may_follow = |next: Url| async move {
        // An address the crawler refuses anyway is left to the fetcher,
        // which reports it as refused (not as a robots.txt skip).
        !obey_robots
            || safety::check_url(&next, src.allow_private).is_err()
            || robots.rules(fetcher, &next, src.allow_private).await.allowed(next.as_str())
    };
    let f = match fetcher.get_guarded(&job.url, None, src.allow_private, may_follow).await {
        Ok(f) => f,
        Err(crate::fetch::FetchError::RobotsRedirect(_)) => return PageResult::Robots,
        Err(e) => return PageResult::Err { kind: e.kind(), message: e.to_string(), transient: e.is_transient() },
    };
    if !is_html_type(f.content_type.as_deref()) {
        return PageResult::Err {
            kind: "not_html",
            message: format!("content type {:?} is not a page", f.content_type.unwrap_or_default()),
            transient: false,
        };
    }
    let final_url = f.final_url.to_string();
    let opts = HtmlOptions {
        url: Some(final_url.clone()),
        source: Some(src.name.clone()),
        content_type: f.content_type.clone(),
    };
    let body = f.body;
    let listed_title = job.title.clone();
    let listed_date = job.published;
    let extracted = tokio::task::spawn_blocking(move || extract_html(&body, &opts)).await;
    match extracted {
        Ok(Ok(page)) => {
            let mut a = page.article;
            if a.title.trim().is_empty() {
                if let Some(t) = listed_title {
                    a.title = t;
                }
            }
            if a.published_at.is_none() {
                if let Some(t) = listed_date {
                    a.published_at = Some(t);
                    a.published_raw = Some(format!("listing: {}", t.to_rfc3339()));
                }
            }
            a.source = src.name.clone();
            a.fetched_at = Some(now());
            a.assign_id();
            PageResult::Ok { article: Box::new(a), final_url }
        }
        Ok(Err(e)) => PageResult::Err { kind: "extract", message: e.to_string(), transient: false },
        Err(e) => PageResult::Err { kind: "extract", message: format!("extraction failed: {e}"), transient: false },
    }
}

/// A round's summary as text lines (for the command line).
pub fn format_round(s: &RoundSummary) -> String {
    let mut out = String::new();
    for src in &s.sources {
        out.push_str(&format!(
            "{}: {} listed, {} fetched, {} ingested, {} already present, {} seen, {} robots, {} over max_pages, {} errors{}\n",
            src.name,
            src.discovered,
            src.fetched,
            src.ingested,
            src.already_present,
            src.skipped_seen,
            src.skipped_robots,
            src.skipped_limit,
            src.error_count,
            if src.not_modified > 0 { format!(" ({} listings unchanged)", src.not_modified) } else { String::new() }
        ));
        for e in src.errors.iter().take(10) {
            out.push_str(&format!("  error: {} {}: {}\n", e.kind, e.url, e.message));
        }
        if src.error_count > 10 {
            out.push_str(&format!("  … {} more errors (marsad sources, or --json)\n", src.error_count - 10));
        }
    }
    out.push_str(&format!(
        "round: {} requests, {} pages fetched, {} articles ingested, {} skipped as seen, {} by robots.txt, {} errors in {:.2} s\n",
        s.requests, s.fetched, s.ingested, s.skipped_seen, s.skipped_robots, s.errors, s.seconds
    ));
    out
}

/// Source health as text lines (for `marsad sources`).
pub fn format_sources(list: &[marsad_store::crawl::SourceHealth]) -> String {
    if list.is_empty() {
        return "no source has been crawled yet (marsad crawl --sources sources.toml)\n".to_string();
    }
    let mut out = String::new();
    for h in list {
        let status = if h.consecutive_failures == 0 {
            "ok".to_string()
        } else {
            format!("failing ({} rounds)", h.consecutive_failures)
        };
        out.push_str(&format!(
            "{}  [{}]\n  last round: {}   last success: {}\n  {} rounds, {} pages fetched, {} articles added, {} errors; {} URLs known, {} waiting for a retry\n",
            h.name,
            status,
            h.last_attempt.as_deref().unwrap_or("never"),
            h.last_success.as_deref().unwrap_or("never"),
            h.rounds,
            h.pages_fetched,
            h.articles_added,
            h.errors,
            h.urls_seen,
            h.urls_retry
        ));
        if let (Some(e), Some(at)) = (&h.last_error, &h.last_error_at) {
            out.push_str(&format!("  last error ({at}): {e}\n"));
        }
    }
    out
}
