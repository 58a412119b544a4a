//! Reading dumps: files, directories and zip archives, in any mix.
//!
//! Every record found becomes either an [`Article`] or a [`Rejection`] that
//! names the file (and `archive.zip!entry`), the record (`record 12`,
//! `line 40`) and the problem. One bad record never stops the others; a bad
//! file never stops the other files.
//!
//! Formats, chosen by extension and confirmed by sniffing the bytes:
//! - `.zip`: every entry is read as below (SaudiNewsNet publishes one JSON
//!   array per zip);
//! - `.json`: a JSON array of records (SaudiNewsNet records or marsad
//!   articles), or a single record object;
//! - `.jsonl` / `.ndjson`: one record per line (marsad's export format;
//!   SaudiNewsNet records are accepted too);
//! - `.txt`: one page in the aggregator text format (or TREC documents, or
//!   an HTML page, when the bytes say so);
//! - `.html` / `.htm` / `.xhtml`: an article page ([`crate::html`]), in any
//!   of its encodings (UTF-8, windows-1256, ISO-8859-6 …); `ReadOptions::url`
//!   names it;
//! - `.trec` / `.sgml`, or any file starting with `<DOC>`: TREC-style
//!   documents ([`crate::trec`]), one article per `<DOC>`;
//! - `.tar.gz` / `.tgz` / `.tar`: every entry is read as above (the ANT
//!   corpus ships as one `.tar.gz` of TREC files). Inside archives, a `.txt`
//!   entry must look like one of the formats (else it is rejected by name,
//!   not read as a page: archives carry READMEs and licences).

use crate::aggregator::{looks_like_aggregator, parse_aggregator};
use crate::html::{extract_html, looks_like_html, HtmlError, HtmlOptions};
use crate::jsonscan::{ArrayScanner, TopLevel};
use crate::snn::{SnnProblem, SnnRecord};
use crate::trec::{looks_like_trec, parse_trec};
use marsad_model::{Article, Origin};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest single record (a JSON element or line, a text page).
pub const MAX_RECORD_BYTES: usize = 64 << 20;
/// Largest uncompressed zip (or tar) entry read. An entry is read whole into
/// memory, so this bounds the memory one entry can take: a 2 MB zip of
/// zeros under the old 2 GiB cap took 2 GB of RSS (scripts/hostile-inputs.sh).
pub const MAX_ENTRY_BYTES: u64 = 512 << 20;

/// A record that could not become an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The file, or `archive.zip!entry`.
    pub file: String,
    /// Where in the file (`record 12`, `line 40`), if the problem is a record's.
    pub locator: Option<String>,
    /// The kind of problem, for grouping.
    pub kind: RejectKind,
    /// What exactly was wrong.
    pub message: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = &self.locator {
            write!(f, " ({l})")?;
        }
        write!(f, ": {}: {}", self.kind, self.message)
    }
}

impl std::error::Error for Rejection {}

/// Kinds of rejection (the summary groups by these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectKind {
    /// The file could not be opened or read.
    Io,
    /// A zip archive that cannot be read.
    CorruptArchive,
    /// An empty file.
    EmptyFile,
    /// Bytes that are not the expected format.
    UnknownFormat,
    /// JSON syntax error in a record.
    InvalidJson,
    /// JSON cut short.
    TruncatedJson,
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// A required field is missing.
    MissingField,
    /// A document cut short (an unclosed `<DOC>`).
    Truncated,
    /// No title and no body.
    EmptyArticle,
    /// Over a size limit.
    TooLarge,
}

impl RejectKind {
    /// A short, stable label (`invalid_json`, …).
    pub fn label(self) -> &'static str {
        match self {
            RejectKind::Io => "io_error",
            RejectKind::CorruptArchive => "corrupt_archive",
            RejectKind::EmptyFile => "empty_file",
            RejectKind::UnknownFormat => "unknown_format",
            RejectKind::InvalidJson => "invalid_json",
            RejectKind::TruncatedJson => "truncated_json",
            RejectKind::InvalidUtf8 => "invalid_utf8",
            RejectKind::MissingField => "missing_field",
            RejectKind::Truncated => "truncated",
            RejectKind::EmptyArticle => "empty_article",
            RejectKind::TooLarge => "too_large",
        }
    }
}

impl fmt::Display for RejectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One record read: an article, or why not.
pub type Record = Result<Article, Rejection>;

/// What the reader reports to its caller.
#[derive(Debug)]
pub enum Event {
    /// A record.
    Record(Box<Record>),
    /// `n` more input bytes (of the on-disk files) have been consumed.
    Progress(u64),
}

/// A format, as chosen for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Zip archive.
    Zip,
    /// JSON array or object.
    Json,
    /// JSON Lines.
    JsonLines,
    /// Aggregator text page.
    Aggregator,
    /// HTML article page.
    Html,
    /// TREC-style `<DOC>` documents.
    Trec,
    /// Tar archive, gzip-compressed or not.
    Tar,
}

/// Options for reading.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Source name for pages that do not carry one (aggregator text, TREC
    /// documents without `SRC`, HTML pages without a URL).
    pub default_source: String,
    /// The URL of an HTML page being read (`marsad ingest page.html --url …`):
    /// it resolves the page's links, gives the article its id, and its host
    /// is the page's source.
    pub url: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { default_source: "aggregator".into(), url: None }
    }
}

/// Files under `paths` that [`read_path`] would read (directories walked
/// recursively, sorted; only known extensions taken from directories).
pub fn list_inputs(paths: &[PathBuf]) -> Vec<(PathBuf, Result<u64, String>)> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(m) => out.push((p.clone(), Ok(m.len()))),
            Err(e) => out.push((p.clone(), Err(e.to_string()))),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, Result<u64, String>)>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
        Err(e) => {
            out.push((dir.to_path_buf(), Err(e.to_string())));
            return;
        }
    };
    entries.sort();
    for p in entries {
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, out),
            Ok(m) => {
                if kind_from_name(&p.to_string_lossy()).is_some() {
                    out.push((p, Ok(m.len())));
                }
            }
            Err(e) => out.push((p, Err(e.to_string()))),
        }
    }
}

fn kind_from_name(name: &str) -> Option<InputKind> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".tar.gz") {
        return Some(InputKind::Tar);
    }
    let ext = lower.rsplit('.').next().unwrap_or("");
    match ext {
        "zip" => Some(InputKind::Zip),
        "json" => Some(InputKind::Json),
        "jsonl" | "ndjson" => Some(InputKind::JsonLines),
        "txt" => Some(InputKind::Aggregator),
        "html" | "htm" | "xhtml" => Some(InputKind::Html),
        "trec" | "sgml" => Some(InputKind::Trec),
        "tgz" | "tar" => Some(InputKind::Tar),
        _ => None,
    }
}

fn is_tar(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b]) || (bytes.len() > 262 && &bytes[257..262] == b"ustar")
}

fn sniff(bytes: &[u8]) -> Option<InputKind> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(InputKind::Zip);
    }
    if is_tar(bytes) {
        return Some(InputKind::Tar);
    }
    if looks_like_trec(bytes) {
        return Some(InputKind::Trec);
    }
    if looks_like_html(bytes) {
        return Some(InputKind::Html);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'[') => Some(InputKind::Json),
        Some(b'{') => Some(InputKind::JsonLines),
        _ => None,
    }
}

/// Read one file (any supported format), reporting through `sink`.
pub fn read_path(path: &Path, opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    let name = path.display().to_string();
    let reject = |kind, message: String| Rejection { file: name.clone(), locator: None, kind, message };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return sink(Event::Record(Box::new(Err(reject(RejectKind::Io, format!("cannot open: {e}")))))),
    };
    let len = match file.metadata() {
        Ok(m) if m.is_dir() => {
            return sink(Event::Record(Box::new(Err(reject(RejectKind::Io, "is a directory".into())))));
        }
        Ok(m) => m.len(),
        Err(e) => return sink(Event::Record(Box::new(Err(reject(RejectKind::Io, e.to_string()))))),
    };
    if len == 0 {
        return sink(Event::Record(Box::new(Err(reject(RejectKind::EmptyFile, "the file is empty".into())))));
    }
    if kind_from_name(&name) == Some(InputKind::JsonLines) {
        // Streamed, not mapped: memory stays bounded by one record whatever
        // the file holds (a 1 GB line is skipped, not held).
        read_json_lines_from(&name, std::io::BufReader::with_capacity(1 << 20, file), sink);
        return sink(Event::Progress(len));
    }
    // SAFETY: the map is read-only and private to this call; a file truncated
    // by another process while mapped could fault, which is the documented
    // risk of memory maps and acceptable for dump files at rest.
    let map = match unsafe { memmap2::Mmap::map(&file) } {
        Ok(m) => m,
        Err(e) => return sink(Event::Record(Box::new(Err(reject(RejectKind::Io, format!("cannot map: {e}")))))),
    };
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) || sniff(&map) == Some(InputKind::Zip) {
        read_zip(&name, std::io::Cursor::new(&map[..]), opts, sink);
    } else if kind_from_name(&name) == Some(InputKind::Tar) || is_tar(&map) {
        read_tar(&name, &map, opts, sink);
    } else {
        read_bytes(&name, &map, opts, sink);
    }
    sink(Event::Progress(len));
}

fn read_zip<R: Read + std::io::Seek>(name: &str, reader: R, opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    let reject = |kind, message: String| Rejection { file: name.to_string(), locator: None, kind, message };
    let mut archive = match zip::ZipArchive::new(reader) {
        Ok(a) => a,
        Err(e) => {
            return sink(Event::Record(Box::new(Err(reject(
                RejectKind::CorruptArchive,
                format!("not a readable zip: {e}"),
            )))))
        }
    };
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                sink(Event::Record(Box::new(Err(reject(RejectKind::CorruptArchive, format!("entry {i}: {e}"))))));
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let entry_name = format!("{name}!{}", entry.name());
        let ename = entry.name().to_string();
        if ename.starts_with("__MACOSX/") || kind_from_name(&ename).is_none() {
            continue;
        }
        if entry.size() > MAX_ENTRY_BYTES {
            let r = Rejection {
                file: entry_name,
                locator: None,
                kind: RejectKind::TooLarge,
                message: format!(
                    "entry claims {} bytes uncompressed, over the {} limit",
                    entry.size(),
                    MAX_ENTRY_BYTES
                ),
            };
            sink(Event::Record(Box::new(Err(r))));
            continue;
        }
        let mut buf = Vec::with_capacity(entry.size().min(256 << 20) as usize);
        let res = (&mut entry).take(MAX_ENTRY_BYTES + 1).read_to_end(&mut buf);
        match res {
            Err(e) => {
                let r = Rejection {
                    file: entry_name.clone(),
                    locator: None,
                    kind: RejectKind::CorruptArchive,
                    message: format!("cannot decompress: {e}"),
                };
                sink(Event::Record(Box::new(Err(r))));
                // Whatever decompressed before the error may still hold records
                // in a JSON array; the scanner will report the truncation.
                if buf.is_empty() {
                    continue;
                }
            }
            Ok(_) if buf.len() as u64 > MAX_ENTRY_BYTES => {
                let r = Rejection {
                    file: entry_name,
                    locator: None,
                    kind: RejectKind::TooLarge,
                    message: format!("decompresses past {MAX_ENTRY_BYTES} bytes (zip bomb?)"),
                };
                sink(Event::Record(Box::new(Err(r))));
                continue;
            }
            Ok(_) => {}
        }
        if buf.is_empty() {
            let r = Rejection {
                file: entry_name,
                locator: None,
                kind: RejectKind::EmptyFile,
                message: "the entry is empty".into(),
            };
            sink(Event::Record(Box::new(Err(r))));
            continue;
        }
        read_entry(&entry_name, &buf, opts, sink);
    }
}

/// An archive entry: like [`read_bytes`], but a `.txt` entry must look like
/// a page (TREC, HTML or aggregator), and an archive inside an archive is
/// not opened.
fn read_entry(name: &str, bytes: &[u8], opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    if kind_from_name(name) == Some(InputKind::Aggregator) && !looks_like_trec(bytes) && !looks_like_html(bytes) {
        let ok = std::str::from_utf8(&bytes[..bytes.len().min(4096)]).map(looks_like_aggregator).unwrap_or_else(|e| {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).map(looks_like_aggregator).unwrap_or(false)
        });
        if !ok {
            let r = Rejection {
                file: name.into(),
                locator: None,
                kind: RejectKind::UnknownFormat,
                message: "a text file in an archive that is neither TREC documents, an HTML page nor an aggregator page (not read)".into(),
            };
            return emit(sink, Err(r));
        }
    }
    if matches!(kind_from_name(name), Some(InputKind::Zip | InputKind::Tar)) || sniff(bytes) == Some(InputKind::Tar) {
        let r = Rejection {
            file: name.into(),
            locator: None,
            kind: RejectKind::UnknownFormat,
            message: "an archive inside an archive is not opened".into(),
        };
        return emit(sink, Err(r));
    }
    read_bytes(name, bytes, opts, sink);
}

fn read_tar(name: &str, bytes: &[u8], opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    let reject = |kind, message: String| Rejection { file: name.to_string(), locator: None, kind, message };
    let reader: Box<dyn Read> =
        if bytes.starts_with(&[0x1f, 0x8b]) { Box::new(flate2::read::GzDecoder::new(bytes)) } else { Box::new(bytes) };
    let mut archive = tar::Archive::new(reader);
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            return emit(sink, Err(reject(RejectKind::CorruptArchive, format!("not a readable tar archive: {e}"))))
        }
    };
    let mut total: u64 = 0;
    for (i, entry) in entries.enumerate() {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                emit(sink, Err(reject(RejectKind::CorruptArchive, format!("entry {i}: {e}"))));
                return; // a tar stream cannot resync after a bad header
            }
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let ename = entry.path().map(|p| p.to_string_lossy().into_owned()).unwrap_or_else(|_| format!("entry-{i}"));
        let entry_name = format!("{name}!{ename}");
        let base = ename.rsplit('/').next().unwrap_or(&ename);
        if ename.starts_with("__MACOSX/") || base.starts_with("._") || kind_from_name(&ename).is_none() {
            continue;
        }
        let size = entry.size();
        total += size;
        if size > MAX_ENTRY_BYTES || total > 4 * MAX_ENTRY_BYTES {
            emit(
                sink,
                Err(Rejection {
                    file: entry_name,
                    locator: None,
                    kind: RejectKind::TooLarge,
                    message: format!("entry of {size} bytes is over the limit"),
                }),
            );
            if total > 4 * MAX_ENTRY_BYTES {
                return;
            }
            continue;
        }
        let mut buf = Vec::with_capacity(size.min(64 << 20) as usize);
        if let Err(e) = (&mut entry).take(MAX_ENTRY_BYTES + 1).read_to_end(&mut buf) {
            emit(
                sink,
                Err(Rejection {
                    file: entry_name,
                    locator: None,
                    kind: RejectKind::CorruptArchive,
                    message: format!("cannot decompress: {e}"),
                }),
            );
            return;
        }
        if buf.is_empty() {
            emit(
                sink,
                Err(Rejection {
                    file: entry_name,
                    locator: None,
                    kind: RejectKind::EmptyFile,
                    message: "the entry is empty".into(),
                }),
            );
            continue;
        }
        read_entry(&entry_name, &buf, opts, sink);
    }
}

/// Read one in-memory file named `name` (format from its extension, else sniffed).
pub fn read_bytes(name: &str, bytes: &[u8], opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    let kind = match (kind_from_name(name), sniff(bytes)) {
        (Some(InputKind::Json), Some(InputKind::JsonLines)) => InputKind::JsonLines,
        (Some(InputKind::Zip), _) | (_, Some(InputKind::Zip)) => {
            return read_zip(name, std::io::Cursor::new(bytes), opts, sink);
        }
        (Some(InputKind::Tar), _) | (_, Some(InputKind::Tar)) => return read_tar(name, bytes, opts, sink),
        // A `.txt` holding TREC documents or an HTML page is read as what it is.
        (Some(InputKind::Aggregator), Some(k @ (InputKind::Trec | InputKind::Html))) => k,
        (Some(k), _) => k,
        (None, Some(k)) => k,
        (None, None) => InputKind::Aggregator,
    };
    match kind {
        InputKind::Json => read_json_array(name, bytes, sink),
        InputKind::JsonLines => read_json_lines(name, bytes, sink),
        InputKind::Aggregator => read_aggregator(name, bytes, opts, sink),
        InputKind::Html => read_html(name, bytes, opts, sink),
        InputKind::Trec => read_trec(name, bytes, opts, sink),
        InputKind::Zip | InputKind::Tar => unreachable!("handled above"),
    }
}

fn read_html(name: &str, bytes: &[u8], opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    let hopts = HtmlOptions {
        url: opts.url.clone(),
        source: opts.url.is_none().then(|| opts.default_source.clone()),
        content_type: None,
    };
    match extract_html(bytes, &hopts) {
        Ok(page) => {
            let mut a = page.article;
            a.origin = Some(Origin { file: name.into(), record: None });
            emit(sink, Ok(a))
        }
        Err(e) => {
            let kind = match e {
                HtmlError::TooLarge { .. } => RejectKind::TooLarge,
                HtmlError::Empty => RejectKind::EmptyFile,
                HtmlError::NoText { .. } => RejectKind::EmptyArticle,
            };
            emit(sink, Err(Rejection { file: name.into(), locator: None, kind, message: e.to_string() }))
        }
    }
}

fn read_trec(name: &str, bytes: &[u8], opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    let reject = |kind, message: String| Rejection { file: name.into(), locator: None, kind, message };
    if bytes.len() > MAX_RECORD_BYTES * 16 {
        return emit(
            sink,
            Err(reject(RejectKind::TooLarge, format!("{} bytes, over the TREC file limit", bytes.len()))),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        // Legacy encodings: decode as an HTML page would be (detection).
        Err(_) => std::borrow::Cow::Owned(crate::encoding::decode_html(bytes, None).text),
    };
    for r in parse_trec(&text, &opts.default_source) {
        match r {
            Ok(mut a) => {
                let record = a.origin.take().and_then(|o| o.record);
                a.origin = Some(Origin { file: name.into(), record });
                emit(sink, Ok(a))
            }
            Err(p) => {
                let locator = Some(match &p.docno {
                    Some(d) => format!("doc {} ({d})", p.index),
                    None => format!("doc {}", p.index),
                });
                let kind = if p.truncated { RejectKind::Truncated } else { RejectKind::EmptyArticle };
                emit(sink, Err(Rejection { file: name.into(), locator, kind, message: p.message }))
            }
        }
    }
}

fn emit(sink: &mut dyn FnMut(Event), r: Record) {
    sink(Event::Record(Box::new(r)));
}

fn read_json_array(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Event)) {
    let scanner = match ArrayScanner::new(bytes) {
        Ok(s) => s,
        Err(e) => {
            let kind = if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                RejectKind::EmptyFile
            } else {
                RejectKind::UnknownFormat
            };
            return emit(sink, Err(Rejection { file: name.into(), locator: None, kind, message: e.to_string() }));
        }
    };
    if scanner.top_level() == TopLevel::Object {
        return read_json_lines(name, bytes, sink);
    }
    for (i, item) in scanner.enumerate() {
        let locator = Some(format!("record {i}"));
        match item {
            Ok(range) => emit(sink, parse_record(name, locator, &bytes[range])),
            Err(e) => {
                let kind = match e {
                    crate::jsonscan::ScanError::Truncated { .. } => RejectKind::TruncatedJson,
                    _ => RejectKind::InvalidJson,
                };
                emit(sink, Err(Rejection { file: name.into(), locator, kind, message: e.to_string() }));
            }
        }
    }
}

/// JSON Lines from a reader, one record per line, holding at most one
/// record (up to [`MAX_RECORD_BYTES`]) in memory: a longer line is skipped
/// to its end and rejected as too large.
pub fn read_json_lines_from(name: &str, r: impl std::io::BufRead, sink: &mut dyn FnMut(Event)) {
    read_json_lines_limited(name, r, MAX_RECORD_BYTES, sink)
}

fn read_json_lines_limited(name: &str, mut r: impl std::io::BufRead, max: usize, sink: &mut dyn FnMut(Event)) {
    use std::io::BufRead;
    let mut line: Vec<u8> = Vec::new();
    let mut line_no = 0u64;
    loop {
        line.clear();
        line_no += 1;
        let locator = || Some(format!("line {line_no}"));
        let io_error = |e: std::io::Error| Rejection {
            file: name.into(),
            locator: locator(),
            kind: RejectKind::Io,
            message: format!("read failed: {e}"),
        };
        match (&mut r).take(max as u64 + 1).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return emit(sink, Err(io_error(e))),
        }
        let complete = line.last() == Some(&b'\n');
        if !complete && line.len() > max {
            // Skip the rest of the line without keeping it.
            let mut skipped = line.len() as u64;
            loop {
                let buf = match r.fill_buf() {
                    Ok(b) => b,
                    Err(e) => return emit(sink, Err(io_error(e))),
                };
                if buf.is_empty() {
                    break;
                }
                match memchr::memchr(b'\n', buf) {
                    Some(p) => {
                        r.consume(p + 1);
                        skipped += p as u64 + 1;
                        break;
                    }
                    None => {
                        let n = buf.len();
                        r.consume(n);
                        skipped += n as u64;
                    }
                }
            }
            emit(
                sink,
                Err(Rejection {
                    file: name.into(),
                    locator: locator(),
                    kind: RejectKind::TooLarge,
                    message: format!("a line of {skipped} bytes, over the {max}-byte record limit"),
                }),
            );
            continue;
        }
        let mut rec: &[u8] = &line;
        if line_no == 1 {
            rec = rec.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(rec);
        }
        while let Some((b'\n' | b'\r', rest)) = rec.split_last() {
            rec = rest;
        }
        if rec.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        emit(sink, parse_record(name, locator(), rec));
    }
}

fn read_json_lines(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Event)) {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let mut start = 0;
    let mut line_no = 0;
    while start < body.len() {
        line_no += 1;
        let end = memchr::memchr(b'\n', &body[start..]).map_or(body.len(), |p| start + p);
        let line = &body[start..end];
        start = end + 1;
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        emit(sink, parse_record(name, Some(format!("line {line_no}")), line));
    }
}

fn read_aggregator(name: &str, bytes: &[u8], opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    let reject = |kind, message: String| Rejection { file: name.into(), locator: None, kind, message };
    if bytes.len() > MAX_RECORD_BYTES {
        return emit(
            sink,
            Err(reject(
                RejectKind::TooLarge,
                format!("{} bytes, over the {MAX_RECORD_BYTES}-byte page limit", bytes.len()),
            )),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return emit(sink, Err(reject(RejectKind::InvalidUtf8, format!("not UTF-8 at byte {}", e.valid_up_to()))));
        }
    };
    if text.contains('\0') {
        return emit(sink, Err(reject(RejectKind::UnknownFormat, "contains NUL bytes: not a text page".into())));
    }
    match parse_aggregator(text, &opts.default_source) {
        Ok(mut a) => {
            a.origin = Some(Origin { file: name.into(), record: None });
            emit(sink, Ok(a))
        }
        Err(e) => {
            let kind = match e {
                crate::aggregator::AggregatorError::Empty => RejectKind::EmptyFile,
                crate::aggregator::AggregatorError::NoBody => RejectKind::EmptyArticle,
            };
            emit(sink, Err(reject(kind, e.to_string())))
        }
    }
}

/// One JSON record (SaudiNewsNet or marsad article) to an article.
fn parse_record(name: &str, locator: Option<String>, bytes: &[u8]) -> Record {
    let reject = |kind, message: String| Rejection { file: name.into(), locator: locator.clone(), kind, message };
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(reject(
            RejectKind::TooLarge,
            format!("{} bytes, over the {MAX_RECORD_BYTES}-byte record limit", bytes.len()),
        ));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(reject(RejectKind::InvalidUtf8, format!("not UTF-8 at byte {} of the record", e.valid_up_to())));
    }
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            let kind = if e.is_eof() { RejectKind::TruncatedJson } else { RejectKind::InvalidJson };
            return Err(reject(kind, e.to_string()));
        }
    };
    let Some(obj) = value.as_object() else {
        return Err(reject(RejectKind::InvalidJson, "a record must be a JSON object".into()));
    };
    let is_marsad = obj.contains_key("schema") || obj.contains_key("body");
    let mut article = if is_marsad {
        let mut a: Article =
            serde_json::from_value(value).map_err(|e| reject(RejectKind::InvalidJson, e.to_string()))?;
        if a.title.trim().is_empty() && a.body.iter().all(|p| p.text.trim().is_empty()) {
            return Err(reject(RejectKind::EmptyArticle, "no title and no body".into()));
        }
        a.body.retain(|p| !p.text.trim().is_empty());
        a.assign_id();
        a
    } else {
        let rec: SnnRecord =
            serde_json::from_value(value).map_err(|e| reject(RejectKind::InvalidJson, e.to_string()))?;
        rec.into_article().map_err(|p| match p {
            SnnProblem::Missing(f) => reject(RejectKind::MissingField, format!("missing field `{f}`")),
            SnnProblem::Empty => reject(RejectKind::EmptyArticle, "no title and no content".into()),
            SnnProblem::EmptyContent => {
                reject(RejectKind::EmptyArticle, "`content` is empty (a title without text)".into())
            }
        })?
    };
    article.origin = Some(Origin { file: name.into(), record: locator.clone() });
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn collect(name: &str, bytes: &[u8]) -> (Vec<Article>, Vec<Rejection>) {
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        read_bytes(name, bytes, &ReadOptions::default(), &mut |e| {
            if let Event::Record(r) = e {
                match *r {
                    Ok(a) => ok.push(a),
                    Err(r) => bad.push(r),
                }
            }
        });
        (ok, bad)
    }

    const SNN: &str = r#"[
 {"source":"almarfa","url":"http://almarfa.example/أخبار/1","date_extracted":"2025-04-03 08:15:22","title":"افتتاح معرض الكتاب","author":"","content":" افتتح المعرض أبوابه صباح اليوم.\n وشارك فيه مئتا ناشر."},
 {"source":"almarfa","url":"http://almarfa.example/2","date_extracted":"2025-04-03 09:00:00","title":"بلا نص","author":""},
 {"source":"almarfa","url":"http://almarfa.example/3","date_extracted":"2025-04-03 09:10:00","title":"خبر ثالث","author":"","content":"نص قصير."}
]"#;

    #[test]
    fn snn_array_with_a_bad_record() {
        let (ok, bad) = collect("d.json", SNN.as_bytes());
        assert_eq!(ok.len(), 2);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].kind, RejectKind::MissingField);
        assert_eq!(bad[0].locator.as_deref(), Some("record 1"));
        assert!(bad[0].to_string().contains("d.json (record 1)"));
        assert_eq!(ok[0].origin.as_ref().unwrap().record.as_deref(), Some("record 0"));
    }

    #[test]
    fn truncated_array_keeps_the_head() {
        let cut = &SNN.as_bytes()[..SNN.len() - 40];
        let (ok, bad) = collect("d.json", cut);
        assert_eq!(ok.len(), 1);
        assert!(bad.iter().any(|r| r.kind == RejectKind::TruncatedJson), "{bad:?}");
    }

    #[test]
    fn invalid_utf8_rejects_only_that_record() {
        let mut bytes = SNN.as_bytes().to_vec();
        let pos = SNN.find("نص قصير").unwrap();
        bytes[pos] = 0xFF;
        let (ok, bad) = collect("d.json", &bytes);
        assert_eq!(ok.len(), 1);
        assert!(bad.iter().any(|r| r.kind == RejectKind::InvalidUtf8 && r.locator.as_deref() == Some("record 2")));
    }

    #[test]
    fn jsonl_round_trip_and_bad_lines() {
        let mut a = Article::new("almanara", "عنوان");
        a.body = vec![marsad_model::Paragraph::text("فقرة")];
        a.url = Some("http://almanara.example/x?utm_source=t".into());
        a.assign_id();
        let line = serde_json::to_string(&a).unwrap();
        let input = format!("{line}\n\n{{\"title\": \"x\", \"body\": [\n{{\"schema\":\"marsad.article/1\",\"title\":\"\",\"body\":[]}}\n");
        let (ok, bad) = collect("a.jsonl", input.as_bytes());
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].id, a.id);
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[0].locator.as_deref(), Some("line 3"));
        assert_eq!(bad[0].kind, RejectKind::TruncatedJson);
        assert_eq!(bad[1].kind, RejectKind::EmptyArticle);
    }

    #[test]
    fn streamed_json_lines_skip_an_overlong_line_and_keep_the_rest() {
        let mut a = Article::new("almanara", "عنوان");
        a.body = vec![marsad_model::Paragraph::text("فقرة")];
        a.url = Some("http://almanara.example/1".into());
        a.assign_id();
        let line = serde_json::to_string(&a).unwrap();
        let mut b = a.clone();
        b.url = Some("http://almanara.example/2".into());
        b.assign_id();
        let line2 = serde_json::to_string(&b).unwrap();
        let max = line.len().max(line2.len()) + 10;
        let long = format!("{{\"title\": \"{}\"}}", "ا".repeat(max * 3));
        // BOM, CRLF, a blank line, an overlong line, and a last line without a newline.
        let input = format!("\u{feff}{line}\r\n\n{long}\n{line2}");
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        read_json_lines_limited("s.jsonl", std::io::BufReader::with_capacity(16, input.as_bytes()), max, &mut |e| {
            if let Event::Record(r) = e {
                match *r {
                    Ok(a) => ok.push(a),
                    Err(r) => bad.push(r),
                }
            }
        });
        assert_eq!(ok.iter().map(|a| a.id.clone()).collect::<Vec<_>>(), vec![a.id.clone(), b.id.clone()]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].kind, RejectKind::TooLarge);
        assert_eq!(bad[0].locator.as_deref(), Some("line 3"));
        assert!(bad[0].message.contains(&format!("a line of {} bytes", long.len() + 1)), "{}", bad[0].message);
        assert_eq!(ok[1].origin.as_ref().unwrap().record.as_deref(), Some("line 4"));
    }

    #[test]
    fn zip_of_json_and_corrupt_zip() {
        let mut buf = Vec::new();
        {
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut buf));
            w.start_file("2025-04-03.json", zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(SNN.as_bytes()).unwrap();
            w.finish().unwrap();
        }
        let (ok, bad) = collect("d.zip", &buf);
        assert_eq!((ok.len(), bad.len()), (2, 1));
        assert_eq!(bad[0].file, "d.zip!2025-04-03.json");
        let (ok, bad) = collect("broken.zip", &buf[..buf.len() / 2]);
        assert!(ok.is_empty());
        assert_eq!(bad[0].kind, RejectKind::CorruptArchive);
    }

    #[test]
    fn garbage_and_empty() {
        let (ok, bad) = collect("x.json", b"   ");
        assert!(ok.is_empty() && bad[0].kind == RejectKind::EmptyFile);
        let (_, bad) = collect("x.json", b"<html>");
        assert_eq!(bad[0].kind, RejectKind::UnknownFormat);
        let (_, bad) = collect("x.txt", &[0xC3, 0x28, 0x41]);
        assert_eq!(bad[0].kind, RejectKind::InvalidUtf8);
    }

    const TREC: &str = "<DOC>\n<DOCNO>T-1</DOCNO>\n<SRC>إذاعة المثال</SRC>\n<TITLE>افتتاح مهرجان المسرح</TITLE>\n<TIME>2025-03-30T10:00:00+01:00</TIME>\n<TEXT>\nافتتح وزير الثقافة مهرجان المسرح مساء أمس.\nويشارك في المهرجان عشرون فرقة.\n</TEXT>\n</DOC>\n<DOC>\n<DOCNO>T-2</DOCNO>\n<TITLE>بلا نص</TITLE>\n</DOC>\n";

    fn tar_gz(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        {
            let mut b = tar::Builder::new(&mut gz);
            for (name, data) in files {
                let mut h = tar::Header::new_gnu();
                h.set_size(data.len() as u64);
                h.set_mode(0o644);
                h.set_cksum();
                b.append_data(&mut h, name, *data).unwrap();
            }
            b.finish().unwrap();
        }
        gz.finish().unwrap()
    }

    #[test]
    fn trec_files_in_a_tar_gz() {
        let bytes = tar_gz(&[
            ("corpus/culture/T-1.txt", TREC.as_bytes()),
            ("corpus/README.md", b"# readme"),
            ("corpus/SOURCE.txt", b"Repo: somewhere\nA corpus of news."),
        ]);
        let (ok, bad) = collect("ant.tar.gz", &bytes);
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].source, "إذاعة المثال");
        assert_eq!(ok[0].origin.as_ref().unwrap().file, "ant.tar.gz!corpus/culture/T-1.txt");
        assert_eq!(ok[0].origin.as_ref().unwrap().record.as_deref(), Some("doc 0 (T-1)"));
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert_eq!(bad[0].locator.as_deref(), Some("doc 1 (T-2)"));
        assert_eq!(bad[1].kind, RejectKind::UnknownFormat);
        assert!(bad[1].file.ends_with("SOURCE.txt"));
        // Corrupt archive.
        let (_, bad) = collect("x.tgz", &bytes[..bytes.len() / 2]);
        assert!(bad.iter().any(|r| r.kind == RejectKind::CorruptArchive), "{bad:?}");
    }

    #[test]
    fn html_pages_and_sniffing() {
        let page = "<!DOCTYPE html><html><head><title>خبر | المرفأ</title></head><body><article><p>وصل وزير الخارجية إلى طوكيو في زيارة رسمية تستمر ثلاثة أيام، يبحث خلالها التعاون.</p></article></body></html>";
        let opts = ReadOptions { url: Some("https://almarfa.example/n/1".into()), ..Default::default() };
        let mut ok = Vec::new();
        read_bytes("page.html", page.as_bytes(), &opts, &mut |e| {
            if let Event::Record(r) = e {
                ok.push(*r);
            }
        });
        let a = ok.pop().unwrap().unwrap();
        assert_eq!(a.source, "almarfa.example");
        assert_eq!(a.canonical_url.as_deref(), Some("https://almarfa.example/n/1"));
        // A `.txt` that is really TREC or HTML is read as such.
        let (ok, _) = collect("docs.txt", TREC.as_bytes());
        assert_eq!(ok.len(), 1);
        let (ok, _) = collect("saved.txt", page.as_bytes());
        assert_eq!(ok[0].title, "خبر");
        let (_, bad) = collect("empty.html", b"<html><body><nav>menu</nav></body></html>");
        assert_eq!(bad[0].kind, RejectKind::EmptyArticle);
    }

    #[test]
    fn files_and_directories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a.json"), SNN).unwrap();
        std::fs::write(dir.path().join("notes.md"), "ignored").unwrap();
        std::fs::write(dir.path().join("empty.jsonl"), "").unwrap();
        let inputs = list_inputs(&[dir.path().to_path_buf()]);
        assert_eq!(inputs.len(), 2);
        let mut n_ok = 0;
        let mut n_bad = 0;
        let mut bytes = 0;
        for (p, _) in inputs {
            read_path(&p, &ReadOptions::default(), &mut |e| match e {
                Event::Record(r) if r.is_ok() => n_ok += 1,
                Event::Record(_) => n_bad += 1,
                Event::Progress(n) => bytes += n,
            });
        }
        assert_eq!((n_ok, n_bad), (2, 2));
        assert_eq!(bytes, SNN.len() as u64);
    }

    #[test]
    fn zip_entry_over_the_memory_cap_is_rejected_before_reading() {
        // An entry is read whole into memory: the cap is its memory bound.
        const { assert!(MAX_ENTRY_BYTES <= 512 << 20) };
        let mut buf = Vec::new();
        {
            use std::io::Write;
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut buf));
            let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            w.start_file("bomb.json", o).unwrap();
            w.write_all(b"[]").unwrap();
            w.finish().unwrap();
        }
        // The central directory claims one byte more than the cap.
        let cd = buf.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        buf[cd + 24..cd + 28].copy_from_slice(&((MAX_ENTRY_BYTES + 1) as u32).to_le_bytes());
        let mut kinds = Vec::new();
        read_bytes("bomb.zip", &buf, &ReadOptions::default(), &mut |e| {
            if let Event::Record(r) = e {
                if let Err(x) = *r {
                    kinds.push(x.kind);
                }
            }
        });
        assert_eq!(kinds, vec![RejectKind::TooLarge]);
    }
}
