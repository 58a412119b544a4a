//! Compiles the CLI's `ner_cmd.rs` against this crate and runs it, until the
//! `marsad` binary wires it: `ner_cli train|eval|entities …`.

#[path = "../../cli/src/ner_cmd.rs"]
mod ner_cmd;

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let json = args.iter().any(|a| a == "--json");
    match args.get(1).map(String::as_str) {
        Some("train") => ner_cmd::train_ner_cmd(
            Path::new(&args[2]),
            Path::new(&args[3]),
            args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(20250208),
            args.get(5).map(|s| s.parse()).transpose()?.unwrap_or(15),
        ),
        Some("eval") => {
            let folds = args
                .iter()
                .position(|a| a == "--folds")
                .and_then(|i| args.get(i + 1))
                .map(|s| s.parse())
                .transpose()?;
            ner_cmd::eval_ner_cmd(Path::new(&args[2]), folds, json)
        }
        Some("entities") => ner_cmd::entities_cmd(&mut std::io::stdin(), json),
        _ => {
            let _ = ner_cmd::entity_cmd;
            anyhow::bail!("usage: ner_cli train|eval|entities")
        }
    }
}
