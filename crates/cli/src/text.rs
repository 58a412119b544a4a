//! `marsad normalize`, `marsad tokens` (and `marsad sentences`): the Arabic
//! text layer for people and scripts, stdin → stdout.

use std::io::{Read, Write};

use anyhow::{Context, Result};
use marsad_arabic::analyzer::{Analyzer, AnalyzerOptions};
use marsad_arabic::normalize::{normalize, Level};
use marsad_arabic::sentences::sentences;

fn read_all(input: &mut dyn Read) -> Result<String> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).context("reading standard input")?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "input is not valid UTF-8 (first bad byte at offset {}); convert it first, e.g. with iconv -f WINDOWS-1256 -t UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// `marsad normalize [--level display|search|loose]`: write the input
/// normalised at `level`.
pub fn normalize_cmd(level: &str, input: &mut dyn Read, out: &mut dyn Write) -> Result<()> {
    let level: Level = level.parse()?;
    let text = read_all(input)?;
    let n = normalize(&text, &level.options());
    out.write_all(n.as_str().as_bytes())?;
    out.flush()?;
    Ok(())
}

/// `marsad tokens [--json]`: one token per line. Plain: `start end kind text
/// normalized stem` separated by tabs, with `*` after the stem of a stopword.
/// `--json`: one object per line with `text`, `start`, `end` (byte offsets
/// into the input), `kind`, `normalized`, `stem`, `stopword`, `position`.
/// Punctuation is included.
pub fn tokens_cmd(json: bool, input: &mut dyn Read, out: &mut dyn Write) -> Result<()> {
    let text = read_all(input)?;
    let analyzer = Analyzer::new(AnalyzerOptions { keep_punct: true, ..AnalyzerOptions::default() });
    let mut result = Ok(());
    analyzer.analyze_with(&text, |t| {
        if result.is_err() {
            return;
        }
        let line = if json {
            serde_json::json!({
                "text": t.token.text,
                "start": t.token.start,
                "end": t.token.end,
                "kind": t.token.kind.name(),
                "normalized": t.normalized,
                "stem": t.stem,
                "stopword": t.stopword,
                "position": t.position,
            })
            .to_string()
        } else {
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}{}",
                t.token.start,
                t.token.end,
                t.token.kind,
                escape(t.token.text),
                escape(t.normalized),
                escape(t.stem),
                if t.stopword { "*" } else { "" }
            )
        };
        result = writeln!(out, "{line}");
    });
    result?;
    out.flush()?;
    Ok(())
}

/// `marsad sentences [--json]`: one sentence per line (line breaks inside a
/// sentence become spaces), or `{"start","end","text"}` objects with `--json`.
pub fn sentences_cmd(json: bool, input: &mut dyn Read, out: &mut dyn Write) -> Result<()> {
    let text = read_all(input)?;
    for r in sentences(&text) {
        let s = &text[r.clone()];
        if json {
            writeln!(out, "{}", serde_json::json!({"start": r.start, "end": r.end, "text": s}))?;
        } else {
            writeln!(out, "{}", s.replace(['\n', '\r'], " "))?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Tabs and line breaks inside a field would break the plain format.
fn escape(s: &str) -> String {
    s.replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_levels() {
        let mut out = Vec::new();
        normalize_cmd("search", &mut "قالَ الرئيـسُ ٢٠٢٥".as_bytes(), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "قال الرءيس 2025");
        let mut out = Vec::new();
        normalize_cmd("display", &mut "\u{200F}قالَ".as_bytes(), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "قالَ");
        assert!(normalize_cmd("nope", &mut "x".as_bytes(), &mut Vec::new()).is_err());
        assert!(normalize_cmd("search", &mut &b"\xff"[..], &mut Vec::new()).is_err());
    }

    #[test]
    fn tokens_json_and_plain() {
        let text = "وأكد الوزير على ٣٫٥٪.";
        let mut out = Vec::new();
        tokens_cmd(true, &mut text.as_bytes(), &mut out).unwrap();
        let lines: Vec<serde_json::Value> =
            String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[1]["stem"], "زير");
        assert_eq!(lines[2]["stopword"], true);
        assert_eq!(lines[3]["kind"], "percent");
        assert_eq!(lines[3]["normalized"], "3.5%");
        let (s, e) = (lines[1]["start"].as_u64().unwrap() as usize, lines[1]["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[s..e], "الوزير");
        let mut out = Vec::new();
        tokens_cmd(false, &mut text.as_bytes(), &mut out).unwrap();
        let plain = String::from_utf8(out).unwrap();
        assert!(plain.lines().nth(2).unwrap().ends_with("علي*"));
    }

    #[test]
    fn sentences_plain() {
        let mut out = Vec::new();
        sentences_cmd(false, &mut "نعم. لا؟\nج".as_bytes(), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "نعم.\nلا؟\nج\n");
    }
}
