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
        writeln!(s, "  {}\t{}\t{} | {}", d.doc, d.what, d.gold.as_deref().unwrap_or("-"), d.system.as_deref().unwrap_or("-"))?;
    }
    print!("{s}");
    Ok(())
}
