//! The crawl configuration: `sources.toml`.
//!
//! ```toml
//! [crawler]                 # all optional
//! concurrency = 4           # pages in flight, all hosts together
//! host_delay_ms = 1000      # pause between two requests to one host
//!
//! [[source]]
//! name = "bbc-arabic"
//! feeds = ["https://feeds.bbci.co.uk/arabic/rss.xml"]
//! interval = "15m"
//! ```
//!
//! Unknown keys are refused, so a typo never silently turns a setting off.

use serde::Deserialize;
use std::path::Path;
use std::time::Duration;

/// The User-Agent every request carries.
pub const USER_AGENT: &str = "marsad/0.1 (+https://example.invalid/marsad)";

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Crawler-wide settings.
    #[serde(default)]
    pub crawler: Settings,
    /// The sources (`[[source]]` tables).
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceConfig>,
}

/// Crawler-wide settings (`[crawler]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// User-Agent header, also the agent matched in robots.txt.
    pub user_agent: String,
    /// Requests in flight, all hosts together.
    pub concurrency: usize,
    /// Requests in flight to one host.
    pub per_host_concurrency: usize,
    /// Minimum pause between two requests to one host (milliseconds); a
    /// robots.txt `Crawl-delay` raises it (up to 60 s).
    pub host_delay_ms: u64,
    /// Whole-request timeout, body included (seconds).
    pub timeout_s: f64,
    /// Connection timeout (seconds).
    pub connect_timeout_s: f64,
    /// Redirects followed per request.
    pub max_redirects: usize,
    /// Largest body read (bytes, after decompression); longer bodies are cut off and refused.
    pub max_body_bytes: u64,
    /// Retries of a transient failure (5xx, 429, timeout, connection) within one round.
    pub retries: u32,
    /// First retry pause (milliseconds); doubles each retry.
    pub backoff_ms: u64,
    /// Rounds in which a page that failed transiently is tried again before it is given up.
    pub max_attempts: u32,
    /// Child sitemaps read from one sitemap index.
    pub max_child_sitemaps: usize,
    /// Whether robots.txt is obeyed (always, except in tests that say otherwise).
    pub obey_robots: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            user_agent: USER_AGENT.to_string(),
            concurrency: 8,
            per_host_concurrency: 1,
            host_delay_ms: 1000,
            timeout_s: 20.0,
            connect_timeout_s: 10.0,
            max_redirects: 5,
            max_body_bytes: 8 << 20,
            retries: 2,
            backoff_ms: 500,
            max_attempts: 3,
            max_child_sitemaps: 50,
            obey_robots: true,
        }
    }
}

impl Settings {
    /// The request timeout.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.timeout_s.clamp(0.01, 3600.0))
    }
    /// The connection timeout.
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.connect_timeout_s.clamp(0.01, 3600.0))
    }
}

/// One source (`[[source]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// The source's name; stored on its articles.
    pub name: String,
    /// RSS / Atom feed URLs.
    #[serde(default)]
    pub feeds: Vec<String>,
    /// Sitemap URLs (news sitemaps, plain `urlset`s, or a sitemap index).
    #[serde(default)]
    pub sitemaps: Vec<String>,
    /// How often to look (`30s`, `15m`, `2h`, or seconds as a number); default 15 minutes.
    #[serde(default)]
    pub interval: Option<Interval>,
    /// New pages fetched per round, at most (newest first).
    #[serde(default = "default_max_pages")]
    pub max_pages: usize,
    /// Allow private, loopback and link-local addresses (for tests and
    /// intranet sources). Cloud metadata addresses stay refused.
    #[serde(default)]
    pub allow_private: bool,
}

fn default_max_pages() -> usize {
    200
}

impl SourceConfig {
    /// The interval between rounds of this source.
    pub fn interval(&self) -> Duration {
        self.interval.map_or(Duration::from_secs(15 * 60), |i| i.0)
    }
}

/// An interval: `"90s"`, `"15m"`, `"2h"`, `"1d"` or a number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval(pub Duration);

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(Interval(Duration::from_secs(n))),
            Raw::S(s) => parse_interval(&s).map(Interval).map_err(serde::de::Error::custom),
        }
    }
}

/// Parse `"90s"`, `"15m"`, `"2h"`, `"1d"` (or a bare number of seconds).
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: u64 = n.parse().map_err(|_| format!("interval {s:?}: expected a number and a unit (s, m, h, d)"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86400,
        u => return Err(format!("interval {s:?}: unknown unit {u:?} (use s, m, h or d)")),
    };
    if secs == 0 {
        return Err(format!("interval {s:?} must be positive"));
    }
    Ok(Duration::from_secs(secs))
}

/// A configuration problem.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The TOML is wrong.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Read and check a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Io { path: path.display().to_string(), source })?;
        Config::parse(&text).map_err(|message| ConfigError::Invalid { path: path.display().to_string(), message })
    }

    /// Parse and check configuration text.
    pub fn parse(text: &str) -> Result<Config, String> {
        let c: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        c.check()?;
        Ok(c)
    }

    /// Check names and URLs.
    pub fn check(&self) -> Result<(), String> {
        let mut names = std::collections::HashSet::new();
        for s in &self.sources {
            if s.name.trim().is_empty() {
                return Err("a source has an empty name".into());
            }
            if !names.insert(s.name.as_str()) {
                return Err(format!("source {:?} is listed twice", s.name));
            }
            if s.feeds.is_empty() && s.sitemaps.is_empty() {
                return Err(format!("source {:?} has neither feeds nor sitemaps", s.name));
            }
            for u in s.feeds.iter().chain(&s.sitemaps) {
                let parsed = url::Url::parse(u).map_err(|e| format!("source {:?}: URL {u:?}: {e}", s.name))?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(format!("source {:?}: URL {u:?}: only http and https are crawled", s.name));
                }
            }
        }
        let st = &self.crawler;
        if st.concurrency == 0 || st.per_host_concurrency == 0 {
            return Err("crawler.concurrency and crawler.per_host_concurrency must be at least 1".into());
        }
        if st.max_body_bytes == 0 {
            return Err("crawler.max_body_bytes must be positive".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sources_and_defaults() {
        let c = Config::parse(
            r#"
            [crawler]
            host_delay_ms = 0
            [[source]]
            name = "مثال"
            feeds = ["https://example.com/rss"]
            interval = "15m"
            [[source]]
            name = "b"
            sitemaps = ["http://127.0.0.1:9/news.xml"]
            interval = 30
            allow_private = true
            max_pages = 5
            "#,
        )
        .unwrap();
        assert_eq!(c.sources.len(), 2);
        assert_eq!(c.sources[0].interval(), Duration::from_secs(900));
        assert_eq!(c.sources[1].interval(), Duration::from_secs(30));
        assert_eq!(c.sources[0].max_pages, 200);
        assert!(c.sources[1].allow_private && !c.sources[0].allow_private);
        assert_eq!(c.crawler.host_delay_ms, 0);
        assert_eq!(c.crawler.user_agent, USER_AGENT);
    }

    #[test]
    fn refuses_typos_duplicates_and_bad_urls() {
        assert!(Config::parse("[[source]]\nname='a'\nfeed=['https://x/']").is_err());
        assert!(Config::parse("[[source]]\nname='a'\nfeeds=['ftp://x/']").is_err());
        assert!(Config::parse(
            "[[source]]\nname='a'\nfeeds=['https://x/']\n[[source]]\nname='a'\nfeeds=['https://y/']"
        )
        .is_err());
        assert!(Config::parse("[[source]]\nname='a'\nfeeds=['https://x/']\ninterval='5w'").is_err());
        assert!(Config::parse("[[source]]\nname='a'").is_err());
    }

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_interval("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_interval("1d").unwrap(), Duration::from_secs(86400));
        assert!(parse_interval("0m").is_err());
        assert!(parse_interval("m").is_err());
    }

    #[test]
    fn example_file_parses() {
        let text = include_str!("../../../sources.example.toml");
        let c = Config::parse(text).unwrap();
        assert!(c.sources.len() >= 5);
        assert!(c.sources.iter().all(|s| !s.allow_private));
    }
}
