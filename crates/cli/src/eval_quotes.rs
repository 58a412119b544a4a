//! `marsad eval quotes` and `marsad eval repeats`: quotes with their
//! speakers, and repeated statements, against samples the team reviewed.
//!
//! The review file lists, for each reviewed article (by URL), every quote a
//! reader finds in it: the first words of what was said, and who said it
//! (the person's or body's name, or the role phrase of an unnamed source:
//! `مصدر أمني`). An article reviewed and found to hold no quote has one line
//! with `-` in both fields, so that whatever the extractor finds there is
//! counted as spurious.
//!
//! ```text
//! # url <TAB> quote starts with <TAB> speaker <TAB> kind
//! http://…/1 <TAB> سنعيد علاقاتنا مع <TAB> دونالد ترامب|ترامب <TAB> direct
//! http://…/2 <TAB> - <TAB> - <TAB> -
//! ```
//!
//! Speaker alternatives are separated by `|`.
//!
//! A gold quote is found when a system quote of that article starts with its
//! first words (compared in the Search form, within the first 200 bytes).
//! Its speaker is right when the gold speaker, in the Search form, equals the
//! system speaker's canonical name or its phrase, or one holds the other
//! (`ترامب` in `دونالد ترامب`, `مصدر أمني` in `مصدر أمني سعودي`), and wrong
//! when the system has another speaker or none. A gold speaker `?` means the
//! text does not say who spoke: only the quote is scored.

use anyhow::{bail, Context, Result};
use marsad_analyze::article::analyze_article;
use marsad_analyze::quotes::{Quote, QuoteKind};
use marsad_arabic::{normalize_str, NormalizeOptions};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One line of the review file.
#[derive(Debug, Clone)]
struct GoldQuote {
    url: String,
    /// First words of the quote (Search form); empty for "no quote here".
    anchor: String,
    /// Search forms of the speaker's accepted names; `None` for `?` (unknown).
    speaker: Option<Vec<String>>,
    /// The line as written, for error listings.
    raw_anchor: String,
    raw_speaker: String,
    kind: Option<QuoteKind>,
}

fn norm(s: &str) -> String {
    let n = normalize_str(s, &NormalizeOptions::search());
    // quotation marks and punctuation do not count when matching first words
    n.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Search form of a quote's first words without a leading
/// complementiser: `قال: إن الوضع…` and `قال إن الوضع…` start alike.
fn quote_head(s: &str) -> String {
    let n = norm(s);
    match n.split_once(' ') {
        Some(("ان" | "انه" | "انها" | "انهم" | "بان" | "بانه", rest)) => rest.to_string(),
        _ => n,
    }
}

fn read_gold(path: &Path) -> Result<Vec<GoldQuote>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            bail!("{}:{}: expected `url<TAB>quote start<TAB>speaker[<TAB>kind]`", path.display(), i + 1);
        }
        let kind = match f.get(3).map(|k| k.trim()) {
            Some("direct") => Some(QuoteKind::Direct),
            Some("indirect") => Some(QuoteKind::Indirect),
            None | Some("-") | Some("") => None,
            Some(k) => bail!("{}:{}: kind `{k}` is neither direct nor indirect", path.display(), i + 1),
        };
        let anchor = if f[1].trim() == "-" { String::new() } else { quote_head(f[1]) };
        let speaker = match f[2].trim() {
            "?" => None,
            s => Some(s.split('|').map(norm).filter(|n| !n.is_empty()).collect()),
        };
        out.push(GoldQuote {
            url: f[0].trim().to_string(),
            anchor,
            speaker,
            raw_anchor: f[1].trim().to_string(),
            raw_speaker: f[2].trim().to_string(),
            kind,
        });
    }
    Ok(out)
}

/// Figures of `marsad eval quotes`.
#[derive(Debug, Default, Serialize)]
pub struct QuoteScores {
    /// Reviewed articles found in the corpus.
    pub articles: usize,
    /// Gold quotes.
    pub gold: usize,
    /// System quotes in the reviewed articles.
    pub system: usize,
    /// Gold quotes the system found.
    pub matched: usize,
    /// matched / system.
    pub precision: f64,
    /// matched / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Of the matched quotes with a known gold speaker, the share whose
    /// speaker is right.
    pub speaker_accuracy: f64,
    /// Of all gold quotes with a known speaker, the share found with the
    /// right speaker (extraction and attribution together).
    pub speaker_recall: f64,
    /// Of the matched quotes, the share of the right kind (direct/indirect).
    pub kind_accuracy: f64,
}

fn speaker_right(gold: &str, q: &Quote) -> bool {
    let Some(sp) = &q.speaker else { return false };
    let cands = [sp.canonical.as_deref().map(norm), Some(norm(&sp.text))];
    cands
        .into_iter()
        .flatten()
        .filter(|c| !c.is_empty())
        .any(|c| c == gold || contains_words(&c, gold) || contains_words(gold, &c) && c.split(' ').count() >= 2)
}

/// `hay` holds `needle` as whole words.
fn contains_words(hay: &str, needle: &str) -> bool {
    format!(" {hay} ").contains(&format!(" {needle} "))
}

fn who(q: &Quote) -> String {
    q.speaker.as_ref().map_or("-".into(), |s| s.canonical.clone().unwrap_or_else(|| s.text.clone()))
}

fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

/// `marsad eval quotes <review.tsv> <corpus…> [--errors] [--dump] [--json]`.
pub fn eval_quotes_cmd(review: &Path, corpus: &[PathBuf], errors: bool, dump: bool, json: bool) -> Result<()> {
    let gold = read_gold(review)?;
    let urls: HashSet<&str> = gold.iter().map(|g| g.url.as_str()).collect();
    let (articles, _) = crate::eval::load_articles(corpus);
    let mut by_url: HashMap<&str, Vec<Quote>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for a in &articles {
        let Some(u) = a.url.as_deref() else { continue };
        let Some(&key) = urls.get(u) else { continue };
        if by_url.contains_key(key) {
            continue;
        }
        by_url.insert(key, analyze_article(a).quotes);
        order.push(key);
    }
    let missing: Vec<&&str> = urls.iter().filter(|u| !by_url.contains_key(**u)).collect();
    if by_url.is_empty() {
        bail!("none of the {} reviewed articles of {} is in the corpus", urls.len(), review.display());
    }
    if dump {
        for u in &order {
            println!("{u}");
            for q in &by_url[u] {
                let kind = if q.kind == QuoteKind::Direct { "direct" } else { "indirect" };
                println!("\t{}\t{}\t{kind}", first_words(&q.text, 5), who(q));
            }
        }
        return Ok(());
    }
    let mut s = QuoteScores { articles: by_url.len(), ..Default::default() };
    let (mut sp_known, mut sp_right, mut sp_right_all, mut sp_gold, mut kind_right) = (0, 0, 0, 0, 0);
    let mut lines = Vec::new();
    for u in &order {
        let sys = &by_url[u];
        s.system += sys.len();
        let mut used = vec![false; sys.len()];
        for g in gold.iter().filter(|g| g.url == *u && !g.anchor.is_empty()) {
            s.gold += 1;
            if g.speaker.is_some() {
                sp_gold += 1;
            }
            let hit = sys.iter().enumerate().find(|(i, q)| {
                if used[*i] {
                    return false;
                }
                let head: String = q.text.chars().take(200).collect();
                let h = quote_head(&head);
                h.starts_with(&g.anchor) && h[g.anchor.len()..].chars().next().is_none_or(|c| c == ' ')
            });
            let Some((i, q)) = hit else {
                lines.push(format!("missed\t{u}\t{} | {}", g.raw_anchor, g.raw_speaker));
                continue;
            };
            used[i] = true;
            s.matched += 1;
            if g.kind.is_none_or(|k| k == q.kind) {
                kind_right += 1;
            } else {
                lines.push(format!("kind\t{u}\t{} | gold {:?}, system {:?}", g.raw_anchor, g.kind, q.kind));
            }
            if let Some(gs) = &g.speaker {
                sp_known += 1;
                if gs.iter().any(|g| speaker_right(g, q)) {
                    sp_right += 1;
                    sp_right_all += 1;
                } else {
                    lines.push(format!("speaker\t{u}\t{} | gold {} | system {}", g.raw_anchor, g.raw_speaker, who(q)));
                }
            }
        }
        for (i, q) in sys.iter().enumerate() {
            if !used[i] {
                lines.push(format!("spurious\t{u}\t{} | {}", first_words(&q.text, 6), who(q)));
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    s.precision = ratio(s.matched, s.system);
    s.recall = ratio(s.matched, s.gold);
    s.f1 = if s.precision + s.recall > 0.0 { 2.0 * s.precision * s.recall / (s.precision + s.recall) } else { 0.0 };
    s.speaker_accuracy = ratio(sp_right, sp_known);
    s.speaker_recall = ratio(sp_right_all, sp_gold);
    s.kind_accuracy = ratio(kind_right, s.matched);
    if json {
        println!("{}", serde_json::to_string(&s)?);
        return Ok(());
    }
    println!("reviewed articles {}  gold quotes {}  system quotes {}", s.articles, s.gold, s.system);
    if !missing.is_empty() {
        println!("({} reviewed articles not in the corpus)", missing.len());
    }
    println!("quotes    precision {:.3}  recall {:.3}  f1 {:.3}", s.precision, s.recall, s.f1);
    println!(
        "speakers  accuracy {:.3} (of {} found quotes with a named speaker)  end to end {:.3} (of {})",
        s.speaker_accuracy, sp_known, s.speaker_recall, sp_gold
    );
    println!("kind      accuracy {:.3}", s.kind_accuracy);
    if errors {
        println!("\ndisagreements (kind, url, gold | system):");
        for l in &lines {
            println!("  {l}");
        }
    }
    Ok(())
}

/// Figures of `marsad eval repeats`.
#[derive(Debug, Default, Serialize)]
pub struct RepeatScores {
    /// Reviewed articles found in the corpus.
    pub articles: usize,
    /// Restating pairs the reviewer found.
    pub gold: usize,
    /// Pairs flagged in the reviewed articles.
    pub flagged: usize,
    /// Flagged pairs that restate each other.
    pub right: usize,
    /// right / flagged.
    pub precision: f64,
    /// right / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

/// `marsad eval repeats <review.tsv> <corpus…>`: flagged sentence pairs of
/// the reviewed articles (the URLs of `articles`, a quote review file)
/// against the restatements listed in `review` (`url`, first words of each
/// sentence, `1`; `0` rows document pairs judged not to restate).
pub fn eval_repeats_cmd(
    review: &Path,
    articles: &Path,
    corpus: &[PathBuf],
    threshold: Option<f64>,
    errors: bool,
    json: bool,
) -> Result<()> {
    use marsad_analyze::repeats::{find_repeats, RepeatOptions};
    let text = std::fs::read_to_string(review).with_context(|| format!("cannot read {}", review.display()))?;
    let mut gold: Vec<(String, String, String, bool)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let label = match f.get(3).map(|x| x.trim()) {
            Some("1") => true,
            Some("0") => false,
            _ => bail!("{}:{}: expected `url<TAB>first words<TAB>first words<TAB>1|0`", review.display(), i + 1),
        };
        gold.push((f[0].trim().to_string(), norm(f[1]), norm(f[2]), label));
    }
    let reviewed: HashSet<String> = read_gold(articles)?.into_iter().map(|g| g.url).collect();
    let (loaded, _) = crate::eval::load_articles(corpus);
    let mut s = RepeatScores { gold: gold.iter().filter(|g| g.3).count(), ..Default::default() };
    let mut lines = Vec::new();
    let mut seen = HashSet::new();
    let mut found = HashSet::new();
    for a in &loaded {
        let Some(u) = a.url.as_deref().filter(|u| reviewed.contains(*u)) else { continue };
        if !seen.insert(u.to_string()) {
            continue;
        }
        s.articles += 1;
        let body = a.body_text();
        let mut opts = RepeatOptions::default();
        if let Some(t) = threshold {
            opts.threshold = t;
        }
        for r in find_repeats(&body, &opts) {
            s.flagged += 1;
            let (x, y) = (norm(&body[r.a_span.0..r.a_span.1]), norm(&body[r.b_span.0..r.b_span.1]));
            let hit = gold.iter().position(|(gu, ga, gb, _)| {
                gu == u && ((x.starts_with(ga) && y.starts_with(gb)) || (x.starts_with(gb) && y.starts_with(ga)))
            });
            match hit {
                Some(i) if gold[i].3 => {
                    s.right += 1;
                    found.insert(i);
                    lines.push(format!("right\t{u}\t{:.2}\t{} | {}", r.score, first_words(&x, 5), first_words(&y, 5)));
                }
                _ => lines.push(format!("wrong\t{u}\t{:.2}\t{} | {}", r.score, first_words(&x, 5), first_words(&y, 5))),
            }
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if g.3 && !found.contains(&i) {
            lines.push(format!("missed\t{}\t{} | {}", g.0, g.1, g.2));
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    s.precision = ratio(s.right, s.flagged);
    s.recall = ratio(s.right, s.gold);
    s.f1 = if s.precision + s.recall > 0.0 { 2.0 * s.precision * s.recall / (s.precision + s.recall) } else { 0.0 };
    if json {
        println!("{}", serde_json::to_string(&s)?);
        return Ok(());
    }
    println!("reviewed articles {}  restating pairs {}  flagged {}", s.articles, s.gold, s.flagged);
    println!("precision {:.3}  recall {:.3}  f1 {:.3}", s.precision, s.recall, s.f1);
    if errors {
        for l in &lines {
            println!("  {l}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_analyze::quotes::Speaker;

    fn quote(speaker: &str, canonical: Option<&str>) -> Quote {
        Quote {
            kind: QuoteKind::Direct,
            start: 0,
            end: 0,
            text: String::new(),
            verb: None,
            verb_lemma: None,
            speaker: Some(Speaker {
                start: 0,
                end: 0,
                text: speaker.into(),
                canonical: canonical.map(Into::into),
                entity_id: None,
                role: false,
                inherited: false,
            }),
        }
    }

    #[test]
    fn speakers_match_by_whole_words() {
        assert!(speaker_right(&norm("ترامب"), &quote("ترامب", Some("دونالد ترامب"))));
        assert!(speaker_right(&norm("مصدر أمني"), &quote("مصدر أمني سعودي", None)));
        assert!(speaker_right(&norm("وزير الخارجية عادل الجبير"), &quote("الجبير", Some("عادل الجبير"))));
        // one word of a longer gold name is not enough on its own…
        assert!(!speaker_right(&norm("وزير الخارجية"), &quote("وزير", None)));
        // …and a different person is wrong
        assert!(!speaker_right(&norm("ترامب"), &quote("أوباما", Some("باراك أوباما"))));
        assert!(!speaker_right(&norm("ترامب"), &quote("ترامبي", None)));
    }

    #[test]
    fn review_lines_are_checked() {
        let dir = std::env::temp_dir().join(format!("marsad-qrev-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("r.tsv");
        std::fs::write(&p, "# header\nhttp://a\t«سنعيد علاقاتنا»\tترامب\tdirect\nhttp://b\t-\t-\t-\n").unwrap();
        let g = read_gold(&p).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].anchor, "سنعيد علاقاتنا");
        assert_eq!(quote_head("إن «سنعيد علاقاتنا» مع"), "سنعيد علاقاتنا مع");
        assert!(g[1].anchor.is_empty());
        std::fs::write(&p, "http://a\tonly two\n").unwrap();
        let e = read_gold(&p).unwrap_err().to_string();
        assert!(e.contains("r.tsv:1"), "{e}");
        std::fs::write(&p, "http://a\tx\ty\tquoted\n").unwrap();
        assert!(read_gold(&p).unwrap_err().to_string().contains("quoted"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
