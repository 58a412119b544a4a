//! `marsad show`, `marsad stats`, `marsad export`.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use marsad_model::Article;
use marsad_store::Filter;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Whether an error is a closed stdout (`marsad export | head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

use crate::datadir::open_existing as open;

/// `marsad show`.
pub fn show(data_dir: &Path, key: &str, json: bool, removed: bool) -> Result<ExitCode> {
    let store = open(data_dir)?;
    let Some(a) = store.find(key)? else {
        eprintln!("marsad: no article with id or URL {key:?}");
        return Ok(ExitCode::from(2));
    };
    let mut out = std::io::stdout().lock();
    if removed {
        if json {
            serde_json::to_writer_pretty(&mut out, &a.removed)?;
            writeln!(out)?;
        } else {
            write!(out, "{}", crate::extract_cmd::format_removed(&a))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        serde_json::to_writer_pretty(&mut out, &a)?;
        writeln!(out)?;
    } else {
        write_article(&mut out, &a)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_article(out: &mut impl Write, a: &Article) -> std::io::Result<()> {
    writeln!(out, "{}", a.title)?;
    writeln!(out, "{}", "─".repeat(40))?;
    writeln!(out, "id:        {}", a.id)?;
    writeln!(out, "source:    {}", a.source)?;
    if let Some(u) = &a.url {
        writeln!(out, "url:       {u}")?;
    }
    if let Some(p) = &a.original_publisher {
        writeln!(out, "publisher: {p}")?;
    }
    if let Some(t) = a.published_at {
        writeln!(out, "published: {} ({:?})", t.to_rfc3339(), a.published_precision)?;
    }
    if let Some(t) = a.fetched_at {
        writeln!(out, "fetched:   {}", t.to_rfc3339())?;
    }
    if let Some(au) = &a.author {
        writeln!(out, "author:    {au}")?;
    }
    if !a.publisher_tags.is_empty() {
        writeln!(out, "tags:      {}", a.publisher_tags.join(" | "))?;
    }
    writeln!(out)?;
    for p in &a.body {
        writeln!(out, "{}\n", p.text)?;
    }
    for l in &a.read_also {
        writeln!(out, "read also: {} ({} paragraphs)", l.title, l.text.len())?;
    }
    for r in &a.removed {
        writeln!(out, "removed [{}]: {}", r.reason, r.text)?;
    }
    Ok(())
}

/// `marsad stats`.
pub fn stats(data_dir: &Path, json: bool) -> Result<ExitCode> {
    let store = open(data_dir)?;
    let st = store.stats()?;
    if json {
        let obj = serde_json::json!({
            "articles": st.articles,
            "per_source": st.per_source.iter().map(|(s, n)| (s.clone(), serde_json::Value::from(*n))).collect::<serde_json::Map<_, _>>(),
            "per_day": st.per_day.iter().map(|(d, n)| (d.clone(), serde_json::Value::from(*n))).collect::<serde_json::Map<_, _>>(),
        });
        println!("{obj}");
    } else {
        println!("{} articles in {}", st.articles, store.path().display());
        println!("\nper source:");
        for (s, n) in &st.per_source {
            println!("  {n:>8}  {s}");
        }
        println!("\nper day:");
        for (d, n) in &st.per_day {
            println!("  {d}  {n:>8}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `marsad export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Write JSON Lines (marsad.article/1), one article per line. The only
    /// format for now; kept explicit so others can be added.
    #[arg(long, required = true)]
    jsonl: bool,
    /// Only this source.
    #[arg(long)]
    source: Option<String>,
    /// Only articles on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    since: Option<NaiveDate>,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

/// `marsad export`.
pub fn export(data_dir: &Path, args: ExportArgs) -> Result<ExitCode> {
    debug_assert!(args.jsonl);
    let store = open(data_dir)?;
    let sink: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    let filter = Filter { source: args.source, since: args.since, limit: None };
    let mut err: Option<std::io::Error> = None;
    let mut n = 0u64;
    store.for_each(&filter, |mut a| {
        a.origin = None;
        let r = serde_json::to_writer(&mut out, &a).map_err(std::io::Error::from).and_then(|_| out.write_all(b"\n"));
        match r {
            Ok(()) => {
                n += 1;
                true
            }
            Err(e) => {
                err = Some(e);
                false
            }
        }
    })?;
    if let Some(e) = err {
        return Err(e.into());
    }
    out.flush()?;
    if args.output.is_some() {
        eprintln!("exported {n} articles");
    }
    Ok(ExitCode::SUCCESS)
}

/// `marsad quotes` over the store.
pub fn quotes(data_dir: &Path, speaker: Option<&str>, limit: u32, json: bool) -> Result<ExitCode> {
    let store = open(data_dir)?;
    let rows = store.quotes(speaker, limit)?;
    if json {
        println!("{}", serde_json::to_string(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        println!("no quotes{}", speaker.map(|s| format!(" by {s:?}")).unwrap_or_default());
    }
    for q in rows {
        // Copies of one report are listed once: say how many carry it.
        let copies = if q.articles > 1 { format!("  ({} articles)", q.articles) } else { String::new() };
        println!(
            "{}  {}  [{}] {}: «{}»{copies}",
            q.day.as_deref().unwrap_or("?"),
            q.article,
            q.kind,
            q.speaker.as_deref().unwrap_or("?"),
            q.text
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `marsad entities --top N [--kind K]`: the entities found in most
/// articles of the store, one line each with its other names.
pub fn most_mentioned(data_dir: &Path, n: u32, kind: Option<&str>, json: bool) -> Result<ExitCode> {
    let store = open(data_dir)?;
    let found = store.most_mentioned_entities(kind, n)?;
    if found.is_empty() {
        eprintln!("marsad: no entities in the store (is it analysed? `marsad ingest` does it)");
        return Ok(ExitCode::from(2));
    }
    if json {
        println!("{}", serde_json::to_string(&found)?);
        return Ok(ExitCode::SUCCESS);
    }
    for (rank, e) in found.iter().enumerate() {
        let also =
            if e.also_named.is_empty() { String::new() } else { format!("  also: {}", e.also_named.join(" · ")) };
        println!(
            "{:>4}. {:<4} {}  ({} articles, {} mentions){also}",
            rank + 1,
            e.kind,
            e.canonical,
            e.articles,
            e.mentions
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `marsad entity <name>`.
pub fn entity(data_dir: &Path, name: &str, json: bool) -> Result<ExitCode> {
    let store = open(data_dir)?;
    let found = store.find_entities(name.trim(), 10)?;
    let Some(top) = found.first() else {
        eprintln!("marsad: no entity matching {name:?} (is the store analysed? `marsad ingest` does it)");
        return Ok(ExitCode::from(2));
    };
    let (articles, per_day) = store.entity_articles(&top.id, 50)?;
    let co = store.cooccurring(&top.id, 10)?;
    // The stories of its latest articles, as the web page lists them.
    let stories = store.stories_of(&articles)?;
    if json {
        let v = serde_json::json!({
            "entity": top,
            "other_matches": &found[1..],
            "articles": articles,
            "stories": stories.iter().map(|s| serde_json::json!({"id": s.id, "headline": s.headline, "articles": s.articles.len()})).collect::<Vec<_>>(),
            "mentions_per_day": per_day.iter().map(|(d, n)| (d.clone(), serde_json::Value::from(*n))).collect::<serde_json::Map<_, _>>(),
            "cooccurring": co.iter().map(|(id, c, n)| serde_json::json!({"id": id, "canonical": c, "articles": n})).collect::<Vec<_>>(),
        });
        println!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} ({})  id {}", top.canonical, top.kind, top.id);
    println!(
        "{} articles, {} mentions, {} … {}",
        top.articles,
        top.mentions,
        top.first_day.as_deref().unwrap_or("?"),
        top.last_day.as_deref().unwrap_or("?")
    );
    if !top.also_named.is_empty() {
        println!("also named: {}", top.also_named.join(" · "));
    }
    println!("per day: {}", per_day.iter().map(|(d, n)| format!("{d}: {n}")).collect::<Vec<_>>().join(", "));
    println!("with: {}", co.iter().map(|(_, c, n)| format!("{c} ({n})")).collect::<Vec<_>>().join(" · "));
    if !stories.is_empty() {
        println!("stories:");
        for s in stories.iter().take(10) {
            println!(
                "  {}  {}  ({})",
                s.id,
                crate::serve::headline_or_untitled(&s.headline),
                crate::serve::count(s.articles.len(), "article")
            );
        }
    }
    println!("latest articles:");
    for id in articles.iter().take(10) {
        if let Some(a) = store.get(id)? {
            println!("  {}  {}  [{}]", a.id, a.title, a.source);
        }
    }
    if found.len() > 1 {
        println!(
            "other matches: {}",
            found[1..].iter().map(|e| format!("{} ({})", e.canonical, e.articles)).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
