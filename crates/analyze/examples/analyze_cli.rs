//! Runs the `marsad analyze` / `marsad eval timex|keywords` / `marsad quotes`
//! command functions of `crates/cli/src/analyze_cmd.rs` before the CLI wires
//! them: `cargo run -p marsad-analyze --example analyze_cli -- timex DIR [--json]`.

#[path = "../../cli/src/analyze_cmd.rs"]
#[allow(dead_code)]
mod analyze_cmd;

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let arg =
        |i: usize| pos.get(i).map(|s| Path::new(s.as_str())).ok_or_else(|| anyhow::anyhow!("missing argument {i}"));
    match pos.first().map(|s| s.as_str()) {
        Some("timex") => analyze_cmd::eval_timex_cmd(arg(1)?, json),
        Some("keywords") => analyze_cmd::eval_keywords_cmd(arg(1)?, arg(2)?, json),
        // Score external predictions (`{"DOCID": ["kp", …]}`, e.g. from YAKE) the same way.
        Some("keywords-json") => {
            use marsad_analyze::keywords::eval::{evaluate, parse_keyphrases, read_documents};
            let docs = read_documents(arg(1)?)?;
            let gold = parse_keyphrases(&std::fs::read_to_string(arg(2)?)?);
            let pred: std::collections::HashMap<String, Vec<String>> =
                serde_json::from_str(&std::fs::read_to_string(arg(3)?)?)?;
            let e = evaluate(&docs, &gold, |id, _| pred.get(id).cloned().unwrap_or_default());
            println!("{}", serde_json::to_string_pretty(&e)?);
            Ok(())
        }
        Some("analyze") => analyze_cmd::analyze_cmd(arg(1)?, json),
        Some("quotes") => {
            let sp = args.iter().position(|a| a == "--speaker").and_then(|i| args.get(i + 1)).map(String::as_str);
            let pos: Vec<&String> = pos.iter().copied().filter(|p| Some(p.as_str()) != sp).collect();
            analyze_cmd::quotes_cmd(
                Path::new(pos.get(1).ok_or_else(|| anyhow::anyhow!("missing path"))?.as_str()),
                sp,
                json,
            )
        }
        _ => anyhow::bail!(
            "usage: analyze_cli timex DIR | keywords DOCS KP | analyze FILE | quotes PATH [--speaker X] [--json]"
        ),
    }
}
