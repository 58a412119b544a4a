//! Scoring [`extract_times`](super::extract_times) on TimeML (`.tml`) files.
//!
//! A document's text is what lies inside `<TEXT>` (or, when there is none,
//! inside the root element), with every tag removed; its `TIMEX3` elements
//! are the gold expressions. The document creation time is the `TIMEX3` with
//! `functionInDocument="CREATION_TIME"` (or a `<DCT>` element) when there is
//! one; otherwise a default anchor is used. The Arabic TimeML dev set in
//! `shared/data/timeml-dev` has no DCT at all: its annotators resolved
//! `اليوم` to 2015-12-24 throughout, so that is [`TIMEML_DEV_DCT`].
//!
//! Figures: span precision/recall/F1, strict (identical byte span) and
//! relaxed (overlapping spans, matched one to one, left to right); type and
//! value accuracy over the relaxed matches (as in TempEval-3).

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::{extract_times, Timex, TimexType};

/// The anchor implied by the annotation of `shared/data/timeml-dev`
/// (`اليوم` → 2015-12-24 in six documents).
pub const TIMEML_DEV_DCT: (i32, u32, u32) = (2015, 12, 24);

/// A gold time expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoldTimex {
    /// Byte span in the document text.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// The text.
    pub text: String,
    /// Its type as annotated (`None` when missing or unknown).
    pub kind: Option<TimexType>,
    /// Its value as annotated.
    pub value: String,
}

/// A parsed TimeML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TmlDoc {
    /// File name.
    pub name: String,
    /// Plain text, tags removed.
    pub text: String,
    /// Document creation time, if the file gives one.
    pub dct: Option<NaiveDate>,
    /// Gold expressions (the creation time excluded).
    pub gold: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!("{name}=");
    let mut from = 0;
    while let Some(p) = tag[from..].find(&pat) {
        let at = from + p;
        let ok_before = at == 0 || tag[..at].ends_with(|c: char| c.is_whitespace());
        let rest = &tag[at + pat.len()..];
        if ok_before {
            let q = rest.chars().next()?;
            if q == '"' || q == '\'' {
                let body = &rest[1..];
                let e = body.find(q)?;
                return Some(unescape(&body[..e]));
            }
        }
        from = at + pat.len();
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Parse one `.tml` file.
pub fn parse_tml(name: &str, src: &str) -> TmlDoc {
    let src = src.trim_start_matches('\u{feff}');
    // The region holding the text.
    let (body, dct_region) = if let (Some(a), Some(b)) = (src.find("<TEXT>"), src.rfind("</TEXT>")) {
        (&src[a + 6..b.max(a + 6)], &src[..a])
    } else if let Some(a) = src.find("<TimeML") {
        let a2 = src[a..].find('>').map_or(src.len(), |x| a + x + 1);
        let b = src.rfind("</TimeML>").unwrap_or(src.len()).max(a2);
        (&src[a2..b], "")
    } else {
        (src, "")
    };
    let mut dct = None;
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let scan_dct = |tag: &str, inner: &str, dct: &mut Option<NaiveDate>| {
        if attr(tag, "functionInDocument").as_deref() == Some("CREATION_TIME") || tag.starts_with("DCT") {
            let v = attr(tag, "value").unwrap_or_else(|| inner.to_string());
            if let Some(d) = v.get(..10).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()) {
                *dct = Some(d);
            }
        }
    };
    // DCT outside the text.
    let mut rest = dct_region;
    while let Some(p) = rest.find("<TIMEX3") {
        let e = rest[p..].find('>').map_or(rest.len(), |x| p + x);
        let tag = &rest[p + 1..e];
        let inner_end = rest[e..].find('<').map_or(rest.len(), |x| e + x);
        scan_dct(tag, rest.get(e + 1..inner_end).unwrap_or(""), &mut dct);
        rest = &rest[e.min(rest.len())..];
        if rest.len() <= 1 {
            break;
        }
        rest = &rest[1..];
    }
    let mut i = 0;
    let b = body.as_bytes();
    while i < body.len() {
        if b[i] == b'<' {
            let e = body[i..].find('>').map_or(body.len(), |x| i + x);
            let tag = &body[i + 1..e];
            if let Some(t) = tag.strip_prefix("TIMEX3") {
                let t = t.trim_end_matches('/');
                let is_dct = attr(t, "functionInDocument").as_deref() == Some("CREATION_TIME");
                if is_dct {
                    let inner_end = body[e..].find('<').map_or(body.len(), |x| e + x);
                    scan_dct(t, body.get(e + 1..inner_end).unwrap_or(""), &mut dct);
                }
                open = Some((text.len(), if is_dct { String::new() } else { t.to_string() }));
            } else if tag.starts_with("/TIMEX3") {
                if let Some((s, t)) = open.take() {
                    if !t.is_empty() {
                        gold.push(GoldTimex {
                            start: s,
                            end: text.len(),
                            text: text[s..].to_string(),
                            kind: attr(&t, "type").and_then(|k| TimexType::parse(&k)),
                            value: attr(&t, "value").unwrap_or_default(),
                        });
                    }
                }
            }
            i = e + 1;
        } else if b[i] == b'&' {
            let e = body[i..].find(';').filter(|x| *x <= 6).map(|x| i + x + 1);
            match e {
                Some(e) => {
                    text.push_str(&unescape(&body[i..e]));
                    i = e;
                }
                None => {
                    text.push('&');
                    i += 1;
                }
            }
        } else {
            let n = body[i..].find(['<', '&']).map_or(body.len(), |x| i + x);
            text.push_str(&body[i..n]);
            i = n;
        }
    }
    // Trim a leading BOM inside the text without moving offsets: replace by nothing
    // would shift them, so leave it (it is not part of any expression).
    TmlDoc { name: name.to_string(), text, dct, gold }
}

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn of(tp: usize, pred: usize, gold: usize) -> Prf {
        let p = if pred == 0 { 0.0 } else { tp as f64 / pred as f64 };
        let r = if gold == 0 { 0.0 } else { tp as f64 / gold as f64 };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Prf { precision: p, recall: r, f1: f }
    }
}

/// One disagreement, for reading.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    /// Document name.
    pub doc: String,
    /// `missed` (gold only), `spurious` (system only), `type`, `value`, `span`.
    pub what: &'static str,
    /// Gold text/type/value, if any.
    pub gold: Option<String>,
    /// System text/type/value, if any.
    pub system: Option<String>,
}

/// The scores of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimexEval {
    /// Documents read.
    pub documents: usize,
    /// Gold expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// Exact-span scores.
    pub strict: Prf,
    /// Overlap scores.
    pub relaxed: Prf,
    /// Share of relaxed matches with the gold type.
    pub type_accuracy: f64,
    /// Share of relaxed matches with the gold value.
    pub value_accuracy: f64,
    /// Every disagreement.
    #[serde(skip)]
    pub disagreements: Vec<Disagreement>,
}

/// Score the tagger on parsed documents; `default_dct` anchors documents
/// without a creation time.
pub fn evaluate_docs(docs: &[TmlDoc], default_dct: Option<NaiveDate>) -> TimexEval {
    let (mut g, mut s, mut strict, mut relaxed, mut ty, mut val) = (0, 0, 0, 0, 0, 0);
    let mut dis = Vec::new();
    for d in docs {
        let sys = extract_times(&d.text, d.dct.or(default_dct));
        g += d.gold.len();
        s += sys.len();
        let mut used = vec![false; sys.len()];
        let show_sys = |t: &Timex| format!("{} [{} {}]", t.text, t.kind.as_str(), t.value);
        for gt in &d.gold {
            let show_gold = format!("{} [{} {}]", gt.text, gt.kind.map_or("?", |k| k.as_str()), gt.value);
            let hit = sys.iter().enumerate().find(|(k, t)| !used[*k] && t.start < gt.end && gt.start < t.end);
            match hit {
                None => {
                    dis.push(Disagreement { doc: d.name.clone(), what: "missed", gold: Some(show_gold), system: None })
                }
                Some((k, t)) => {
                    used[k] = true;
                    relaxed += 1;
                    if t.start == gt.start && t.end == gt.end {
                        strict += 1;
                    } else {
                        dis.push(Disagreement {
                            doc: d.name.clone(),
                            what: "span",
                            gold: Some(show_gold.clone()),
                            system: Some(show_sys(t)),
                        });
                    }
                    if Some(t.kind) == gt.kind {
                        ty += 1;
                    } else {
                        dis.push(Disagreement {
                            doc: d.name.clone(),
                            what: "type",
                            gold: Some(show_gold.clone()),
                            system: Some(show_sys(t)),
                        });
                    }
                    if t.value == gt.value {
                        val += 1;
                    } else {
                        dis.push(Disagreement {
                            doc: d.name.clone(),
                            what: "value",
                            gold: Some(show_gold),
                            system: Some(show_sys(t)),
                        });
                    }
                }
            }
        }
        for (k, t) in sys.iter().enumerate() {
            if !used[k] {
                dis.push(Disagreement { doc: d.name.clone(), what: "spurious", gold: None, system: Some(show_sys(t)) });
            }
        }
    }
    let acc = |x: usize| if relaxed == 0 { 0.0 } else { x as f64 / relaxed as f64 };
    TimexEval {
        documents: docs.len(),
        gold: g,
        system: s,
        strict: Prf::of(strict, s, g),
        relaxed: Prf::of(relaxed, s, g),
        type_accuracy: acc(ty),
        value_accuracy: acc(val),
        disagreements: dis,
    }
}

/// Read every `*.tml` file of `dir` (sorted by name).
pub fn read_dir(dir: &Path) -> std::io::Result<Vec<TmlDoc>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    for p in paths {
        let src =
            std::fs::read_to_string(&p).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        docs.push(parse_tml(&name, &src));
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_timex_and_dct() {
        let src = r#"<?xml version="1.0"?>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2025-02-08" functionInDocument="CREATION_TIME">8 فبراير</TIMEX3></DCT>
<TEXT>قال <TIMEX3 tid="t1" type="DATE" value="2025-02-07">أمس</TIMEX3> إن &amp; الأمر</TEXT></TimeML>"#;
        let d = parse_tml("x.tml", src);
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(2025, 2, 8));
        assert_eq!(d.gold.len(), 1);
        assert_eq!(d.gold[0].text, "أمس");
        assert_eq!(&d.text[d.gold[0].start..d.gold[0].end], "أمس");
        assert!(d.text.contains("& الأمر"));
        let e = evaluate_docs(&[d], None);
        assert_eq!(e.strict.f1, 1.0);
        assert_eq!(e.value_accuracy, 1.0);
    }

    #[test]
    fn parses_root_without_text_element() {
        let src = "<?xml version=\"1.0\"?>\n<TimeML>\u{feff}يفتتح <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"PAST_REF\">مؤخرا</TIMEX3>.\n</TimeML>";
        let d = parse_tml("y.tml", src);
        assert_eq!(d.gold[0].value, "PAST_REF");
        assert_eq!(d.gold[0].kind, Some(TimexType::Date));
        assert_eq!(&d.text[d.gold[0].start..d.gold[0].end], "مؤخرا");
    }
}
