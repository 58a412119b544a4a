//! `marsad extract`, `marsad eval extract`, `marsad boilerplate`, and the
//! `--removed` view of `marsad show`: thin wrappers over `marsad-extract`.
//! Nothing here touches the store.

use anyhow::{Context, Result};
use marsad_extract::dump::{list_inputs, read_bytes, read_path, Event, ReadOptions};
use marsad_extract::eval::eval_extract;
use marsad_extract::html::{extract_html, looks_like_html, HtmlOptions};
use marsad_extract::learn::{BoilerplateModel, LearnParams, Learner};
use marsad_model::{Article, ParagraphKind};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `marsad extract FILE [--url URL] [--json]`: what marsad reads from one
/// file (an HTML page, or any dump format), without storing it.
pub fn extract_cmd(path: &Path, url: Option<&str>, json: bool) -> Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.display().to_string();
    let is_html = path
        .extension()
        .is_some_and(|e| matches!(e.to_string_lossy().to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"))
        || looks_like_html(&bytes);
    if is_html {
        let opts = HtmlOptions { url: url.map(str::to_string), ..Default::default() };
        let page = extract_html(&bytes, &opts).with_context(|| format!("{name}: no article"))?;
        if json {
            let v = serde_json::json!({
                "article": page.article,
                "charset": page.charset,
                "charset_source": page.charset_source.label(),
                "notes": page.notes,
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        } else {
            println!("charset: {} ({})", page.charset, page.charset_source.label());
            for n in &page.notes {
                println!("note: {n}");
            }
            print!("{}", format_article(&page.article));
        }
        return Ok(());
    }
    let opts = ReadOptions { url: url.map(str::to_string), ..Default::default() };
    let mut failed = 0usize;
    let mut out = String::new();
    read_bytes(&name, &bytes, &opts, &mut |e| {
        if let Event::Record(r) = e {
            match *r {
                Ok(a) => {
                    if json {
                        let _ = writeln!(out, "{}", serde_json::to_string(&a).unwrap_or_default());
                    } else {
                        out.push_str(&format_article(&a));
                        out.push('\n');
                    }
                }
                Err(rej) => {
                    failed += 1;
                    eprintln!("rejected: {rej}");
                }
            }
        }
    });
    print!("{out}");
    if out.is_empty() && failed > 0 {
        anyhow::bail!("{name}: no article could be read ({failed} rejected)");
    }
    Ok(())
}

/// `marsad eval extract DIR [--json]`: word-level precision, recall and F1
/// of the extracted body of every `NAME.html` against `NAME.txt`.
pub fn eval_extract_cmd(dir: &Path, json: bool) -> Result<()> {
    let r = eval_extract(dir).with_context(|| format!("cannot evaluate {}", dir.display()))?;
    if r.pages.is_empty() {
        anyhow::bail!("{}: no NAME.html with a NAME.txt beside it", dir.display());
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    println!("{:32} {:>9} {:>9} {:>9} {:>9} {:>9}", "page", "precision", "recall", "f1", "words", "expected");
    for p in &r.pages {
        println!(
            "{:32} {:>9.3} {:>9.3} {:>9.3} {:>9} {:>9}{}",
            p.name,
            p.precision,
            p.recall,
            p.f1,
            p.extracted_words,
            p.expected_words,
            p.error.as_deref().map(|e| format!("  error: {e}")).unwrap_or_default()
        );
    }
    println!("{:32} {:>9.3} {:>9.3} {:>9.3}", format!("all ({} pages)", r.pages.len()), r.precision, r.recall, r.f1);
    Ok(())
}

/// `marsad boilerplate [--source S] [--json] PATHS…`: learn the per-source
/// boilerplate of a corpus (after rule-based cleanup) and list, for each
/// source (or only `source`), what was learned, in how many articles it
/// was found, and how often applying it removed something.
pub fn boilerplate_cmd(paths: &[PathBuf], source: Option<&str>, json: bool) -> Result<()> {
    let model = learn_from_paths(paths)?;
    let model = match source {
        Some(s) => {
            let sb = model.sources.get(s).cloned().with_context(|| {
                let known: Vec<&str> = model.sources.keys().map(String::as_str).collect();
                format!("no articles from source {s:?} (sources: {})", known.join(", "))
            })?;
            BoilerplateModel { params: model.params.clone(), sources: [(s.to_string(), sb)].into_iter().collect() }
        }
        None => model,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&model)?);
        return Ok(());
    }
    for (name, sb) in &model.sources {
        println!("{name}: {} distinct articles", sb.articles);
        let lists = [
            ("line", &sb.lines),
            ("prefix", &sb.prefixes),
            ("suffix", &sb.suffixes),
            ("self-name", &sb.self_names),
            ("tag-label", &sb.tag_labels),
        ];
        if lists.iter().all(|(_, l)| l.is_empty()) {
            println!("  (nothing recurs enough to be boilerplate)");
        }
        for (label, list) in lists {
            for it in list.iter() {
                println!(
                    "  {label:9} found in {:5} ({:5.1}%)  removed {:5}×  {}",
                    it.articles,
                    it.share * 100.0,
                    it.matched,
                    it.text
                );
            }
        }
    }
    Ok(())
}

/// Read `paths`, learn the boilerplate model, and tally its matches over the same corpus.
pub fn learn_from_paths(paths: &[PathBuf]) -> Result<BoilerplateModel> {
    let mut articles: Vec<Article> = Vec::new();
    let opts = ReadOptions::default();
    for (p, size) in list_inputs(paths) {
        if let Err(e) = size {
            anyhow::bail!("{}: {e}", p.display());
        }
        read_path(&p, &opts, &mut |e| {
            if let Event::Record(r) = e {
                if let Ok(a) = *r {
                    articles.push(a);
                }
            }
        });
    }
    let mut learner = Learner::new(LearnParams::default());
    for a in &articles {
        learner.add(a);
    }
    let mut model = learner.finish();
    let mut matches = Vec::new();
    for a in articles.iter_mut() {
        matches.extend(model.apply(a));
    }
    model.tally(&matches);
    Ok(model)
}

/// What cleanup removed from an article, one line per removal (`marsad show --removed`).
pub fn format_removed(a: &Article) -> String {
    let mut s = String::new();
    if a.removed.is_empty() {
        s.push_str("nothing was removed\n");
    }
    for b in &a.removed {
        let _ = writeln!(s, "[{}] {}", b.reason, b.text);
    }
    s
}

/// An article as text, for `marsad extract` without `--json`.
pub fn format_article(a: &Article) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "title: {}", a.title);
    let _ = writeln!(s, "source: {}", a.source);
    if let Some(u) = &a.url {
        let _ = writeln!(s, "url: {u}");
    }
    if let Some(t) = a.published_at {
        let _ = writeln!(s, "published: {} ({})", t.to_rfc3339(), a.published_raw.as_deref().unwrap_or(""));
    }
    if let Some(t) = a.modified_at {
        let _ = writeln!(s, "modified: {}", t.to_rfc3339());
    }
    if let Some(x) = &a.author {
        let _ = writeln!(s, "author: {x}");
    }
    if let Some(d) = &a.dateline {
        let _ = writeln!(
            s,
            "dateline: place={} agency={} dates={:?} day={}",
            d.place.as_deref().unwrap_or("-"),
            d.agency.as_deref().unwrap_or("-"),
            d.dates,
            d.day.map(|x| x.to_string()).unwrap_or_else(|| "-".into())
        );
    }
    if let Some(x) = &a.original_publisher {
        let _ = writeln!(s, "original publisher: {x}");
    }
    if let Some(x) = &a.section {
        let _ = writeln!(s, "section: {x}");
    }
    if !a.publisher_tags.is_empty() {
        let _ = writeln!(s, "tags: {}", a.publisher_tags.join(" · "));
    }
    if let Some(x) = &a.lead_image {
        let _ = writeln!(s, "image: {x}");
    }
    s.push('\n');
    for p in &a.body {
        match p.kind {
            ParagraphKind::Heading => {
                let _ = writeln!(s, "## {}", p.text);
            }
            ParagraphKind::Text => {
                let _ = writeln!(s, "{}", p.text);
            }
        }
    }
    for l in &a.read_also {
        let _ = writeln!(s, "\nread also: {} {}", l.title, l.url.as_deref().unwrap_or(""));
    }
    if !a.removed.is_empty() {
        let _ = writeln!(s, "\nremoved ({}):", a.removed.len());
        s.push_str(&format_removed(a));
    }
    s
}
