//! `marsad analyze <file>`, `marsad eval timex <dir>`, `marsad eval keywords
//! <docs> <keyphrases>`, `marsad quotes <dir> --speaker X`: the analysis of
//! one document, and the measurements of its parts.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use marsad_analyze::times::eval::{evaluate_docs, read_dir, TIMEML_DEV_DCT};

/// `marsad eval timex <dir-of-.tml> [--json]`: span P/R/F1 (strict and
/// relaxed), type and value accuracy of the time tagger on TimeML files.
/// Documents without a creation time are anchored on 2015-12-24, the date
/// the `timeml-dev` annotators used. Plain output lists the disagreements
/// after the figures.
pub fn eval_timex_cmd(dir: &Path, json: bool) -> Result<()> {
    let docs = read_dir(dir).with_context(|| format!("reading TimeML files in {}", dir.display()))?;
    anyhow::ensure!(!docs.is_empty(), "no .tml files in {}", dir.display());
    let (y, m, d) = TIMEML_DEV_DCT;
    let e = evaluate_docs(&docs, NaiveDate::from_ymd_opt(y, m, d));
    if json {
        println!("{}", serde_json::to_string_pretty(&e)?);
        return Ok(());
    }
    let mut s = String::new();
    writeln!(s, "documents {}  gold {}  system {}", e.documents, e.gold, e.system)?;
    writeln!(s, "{:<8} {:>9} {:>7} {:>7}", "", "precision", "recall", "f1")?;
    for (name, p) in [("strict", e.strict), ("relaxed", e.relaxed)] {
        writeln!(s, "{name:<8} {:>9.3} {:>7.3} {:>7.3}", p.precision, p.recall, p.f1)?;
    }
    writeln!(s, "type accuracy  {:.3}", e.type_accuracy)?;
    writeln!(s, "value accuracy {:.3}", e.value_accuracy)?;
    writeln!(s, "\ndisagreements (doc, kind, gold | system):")?;
    for d in &e.disagreements {
        writeln!(
            s,
            "  {}\t{}\t{} | {}",
            d.doc,
            d.what,
            d.gold.as_deref().unwrap_or("-"),
            d.system.as_deref().unwrap_or("-")
        )?;
    }
    print!("{s}");
    Ok(())
}

/// `marsad eval keywords <docs-dir> <keyphrases-file> [--json]`: P/R/F1 at 5
/// and 10 (exact after normalisation, and partial) against the top
/// [`GOLD_TOP`](marsad_analyze::keywords::eval::GOLD_TOP) crowd-sourced
/// phrases per document. Document frequencies come from the documents
/// themselves (unsupervised; no keyphrase is used to build them).
pub fn eval_keywords_cmd(docs_dir: &Path, keyphrases: &Path, json: bool) -> Result<()> {
    use marsad_analyze::keywords::eval::{evaluate, parse_keyphrases, read_documents};
    use marsad_analyze::keywords::{extract_keywords, KeywordModel, KeywordOptions};
    let docs = read_documents(docs_dir).with_context(|| format!("reading documents in {}", docs_dir.display()))?;
    anyhow::ensure!(!docs.is_empty(), "no .txt documents in {}", docs_dir.display());
    let src = std::fs::read_to_string(keyphrases).with_context(|| format!("reading {}", keyphrases.display()))?;
    let gold = parse_keyphrases(&src);
    anyhow::ensure!(!gold.is_empty(), "{}: no `ID : phrase,…` lines", keyphrases.display());
    let model = KeywordModel::from_documents(docs.iter().map(|(_, t)| t.as_str()));
    let opts = KeywordOptions { top: 10, ..KeywordOptions::default() };
    let e = evaluate(&docs, &gold, |_, text| {
        extract_keywords(&model, None, text, &[], &opts).into_iter().map(|k| k.phrase).collect()
    });
    if json {
        println!("{}", serde_json::to_string_pretty(&e)?);
        return Ok(());
    }
    println!("documents {}", e.documents);
    println!("{:<12} {:>9} {:>7} {:>7}", "", "precision", "recall", "f1");
    for (name, p) in [
        ("exact@5", e.exact_at_5),
        ("exact@10", e.exact_at_10),
        ("partial@5", e.partial_at_5),
        ("partial@10", e.partial_at_10),
    ] {
        println!("{name:<12} {:>9.3} {:>7.3} {:>7.3}", p.precision, p.recall, p.f1);
    }
    Ok(())
}

/// One document read for analysis: title, body text, anchor date, and the
/// texts of linked "read also" articles embedded in it.
struct Doc {
    title: Option<String>,
    body: String,
    anchor: Option<NaiveDate>,
    linked: Vec<(String, String)>,
}

fn read_doc(path: &Path) -> Result<Doc> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes).trim_start_matches('\u{feff}').replace("\r\n", "\n");
    if marsad_extract::aggregator::looks_like_aggregator(&text) {
        let art = marsad_extract::aggregator::parse_aggregator(&text, "file")
            .map_err(|e| anyhow::anyhow!("{}: not a readable aggregator page: {e:?}", path.display()))?;
        let body = art.body.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
        let linked = art
            .read_also
            .iter()
            .filter(|l| !l.text.is_empty())
            .map(|l| (l.title.clone(), l.text.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n")))
            .collect();
        return Ok(Doc {
            title: Some(art.title.clone()),
            body,
            anchor: art.published_at.map(|d| d.date_naive()),
            linked,
        });
    }
    // Plain text: a date in one of the first lines (`تاريخ النشر: …`) anchors it.
    let anchor = text.lines().take(8).find_map(|l| {
        let l = l.trim();
        let rest = l.split_once(':').map_or(l, |(_, r)| r);
        marsad_extract::dates::parse_publication_date(rest).map(|d| d.utc.date_naive())
    });
    Ok(Doc { title: None, body: text, anchor, linked: Vec::new() })
}

/// The analysis of one text as JSON and as plain lines.
fn analyse(title: Option<&str>, body: &str, anchor: Option<NaiveDate>) -> Result<(serde_json::Value, String)> {
    use marsad_analyze::keywords::{extract_keywords_with_spans, KeywordModel, KeywordOptions};
    use marsad_analyze::quotes::{attach_entities, extract_quotes, QuoteKind};
    use marsad_analyze::repeats::{find_repeats, RepeatOptions};
    use marsad_analyze::times::extract_times;
    let full = match title {
        Some(t) => format!("{t}\n{body}"),
        None => body.to_string(),
    };
    let entities = marsad_analyze::entities::extract_entities(&full);
    let times = extract_times(&full, anchor);
    let mut quotes = extract_quotes(&full);
    attach_entities(&full, &mut quotes, &entities);
    let names: Vec<String> = entities
        .iter()
        .flat_map(|e| std::iter::once(e.canonical.clone()).chain(e.mentions.iter().map(|m| m.text.clone())))
        .collect();
    // No corpus here: document frequencies are uniform.
    let spans: Vec<(usize, usize)> = entities.iter().flat_map(|e| &e.mentions).map(|m| (m.start, m.end)).collect();
    let keywords =
        extract_keywords_with_spans(&KeywordModel::default(), title, &full, &names, &spans, &KeywordOptions::default());
    let repeats = find_repeats(&full, &RepeatOptions::default());
    let v = serde_json::json!({
        "title": title,
        "anchor": anchor.map(|d| d.to_string()),
        "times": times,
        "quotes": quotes,
        "keywords": keywords,
        "repeats": repeats.iter().map(|r| serde_json::json!({
            "a": r.a, "b": r.b, "score": r.score, "shared": r.shared,
            "a_text": &full[r.a_span.0..r.a_span.1], "b_text": &full[r.b_span.0..r.b_span.1],
        })).collect::<Vec<_>>(),
        "entities": entities.iter().map(|e| serde_json::json!({
            "id": e.id, "kind": e.kind.as_str(), "canonical": e.canonical,
            "mentions": e.mentions.iter().map(|m| &m.text).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let mut s = String::new();
    if let Some(t) = title {
        writeln!(s, "title  {t}")?;
    }
    writeln!(s, "anchor {}", anchor.map_or("-".to_string(), |d| d.to_string()))?;
    writeln!(s, "\n## time expressions ({})", times.len())?;
    for t in &times {
        let extra = [
            t.modifier.map(|m| format!("mod={m}")),
            t.quant.map(|q| format!("quant={q}")),
            t.hijri.as_ref().map(|h| format!("hijri={h}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        writeln!(s, "  {:<8} {:<14} {}  {extra}", t.kind.as_str(), t.value, t.text)?;
    }
    writeln!(s, "\n## quotes ({})", quotes.len())?;
    for q in &quotes {
        let who = q.speaker.as_ref().map_or("?".to_string(), |sp| {
            let mut w = sp.canonical.clone().unwrap_or_else(|| sp.text.clone());
            if sp.role {
                w.push_str(" (role)");
            }
            if sp.inherited {
                w.push_str(" (continued)");
            }
            w
        });
        let kind = if q.kind == QuoteKind::Direct { "direct" } else { "indirect" };
        writeln!(s, "  [{kind}] {who} — {}: «{}»", q.verb.as_deref().unwrap_or("-"), q.text)?;
    }
    writeln!(s, "\n## keywords")?;
    for k in &keywords {
        writeln!(s, "  {:>7.3}  {} (×{})", k.score, k.phrase, k.count)?;
    }
    writeln!(s, "\n## repeated statements ({})", repeats.len())?;
    for r in &repeats {
        writeln!(s, "  {:.2}  #{} ~ #{}  [{}]", r.score, r.a, r.b, r.shared.join(" "))?;
        writeln!(s, "        {}", &full[r.a_span.0..r.a_span.1])?;
        writeln!(s, "        {}", &full[r.b_span.0..r.b_span.1])?;
    }
    writeln!(s, "\n## entities ({})", entities.len())?;
    for e in &entities {
        let ms: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
        writeln!(s, "  {:<5} {}  [{}]", e.kind.as_str(), e.canonical, ms.join(" | "))?;
    }
    Ok((v, s))
}

/// `marsad analyze <file> [--json]`: the whole analysis of one document
/// (aggregator page or plain text; no store): time expressions anchored on
/// its publication date, quotes with speakers, keywords, repeated
/// statements, entities — for the article and for each embedded "read
/// also" article (anchored on the same date).
pub fn analyze_cmd(path: &Path, json: bool) -> Result<()> {
    let doc = read_doc(path)?;
    let (main_json, main_text) = analyse(doc.title.as_deref(), &doc.body, doc.anchor)?;
    let mut linked = Vec::new();
    for (t, body) in &doc.linked {
        linked.push(analyse(Some(t), body, doc.anchor)?);
    }
    if json {
        let v = serde_json::json!({
            "file": path.display().to_string(),
            "article": main_json,
            "read_also": linked.iter().map(|(j, _)| j).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    println!("file   {}\n{main_text}", path.display());
    for (_, t) in &linked {
        println!("\n=== read also ===\n{t}");
    }
    Ok(())
}

/// `marsad quotes <file-or-dir> [--speaker X] [--json]`: the quote index of a
/// set of documents (aggregator pages or plain `.txt`), optionally only the
/// quotes whose speaker (as written or canonical) contains `speaker` after
/// Search normalisation.
pub fn quotes_cmd(path: &Path, speaker: Option<&str>, json: bool) -> Result<()> {
    use marsad_analyze::quotes::{attach_entities, extract_quotes};
    let files: Vec<std::path::PathBuf> = if path.is_dir() {
        let mut v: Vec<_> = std::fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    let norm = |s: &str| marsad_arabic::normalize_str(s, &marsad_arabic::NormalizeOptions::search()).into_owned();
    let want = speaker.map(norm);
    let mut rows = Vec::new();
    for f in &files {
        let doc = read_doc(f)?;
        let mut parts = vec![match &doc.title {
            Some(t) => format!("{t}\n{}", doc.body),
            None => doc.body.clone(),
        }];
        parts.extend(doc.linked.iter().map(|(t, b)| format!("{t}\n{b}")));
        let full = parts.join("\n");
        let mut qs = extract_quotes(&full);
        attach_entities(&full, &mut qs, &marsad_analyze::entities::extract_entities(&full));
        for q in qs {
            let names = q
                .speaker
                .as_ref()
                .map(|s| format!("{} {}", s.text, s.canonical.as_deref().unwrap_or("")))
                .unwrap_or_default();
            if let Some(w) = &want {
                if !norm(&names).contains(w.as_str()) {
                    continue;
                }
            }
            rows.push((f.display().to_string(), q));
        }
    }
    if json {
        let v: Vec<_> = rows.iter().map(|(f, q)| serde_json::json!({"file": f, "quote": q})).collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        for (f, q) in &rows {
            let who = q.speaker.as_ref().map_or("?".into(), |s| s.canonical.clone().unwrap_or_else(|| s.text.clone()));
            println!("{f}\t{who}\t{}\t{}", q.verb.as_deref().unwrap_or("-"), q.text);
        }
    }
    Ok(())
}
