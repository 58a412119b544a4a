//! Cleanup review over SaudiNewsNet: per-source table (markdown on stdout)
//! and 10 random before/after pairs per source (written to OUT_DIR, never
//! into the repository: the text is the publishers').
//!
//! ```text
//! cargo run --release -p marsad-extract --example snn_review -- ../shared/data/saudinewsnet target/review
//! ```

use marsad_extract::clean::clean_article;
use marsad_extract::learn::{BoilerplateModel, LearnParams};
use marsad_extract::snn::SnnRecord;
use marsad_model::Article;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

struct Rec {
    file: String,
    index: usize,
    raw: Article,
    clean: Article,
}

#[derive(Default, Clone)]
struct Row {
    articles: usize,
    dateline: usize,
    dateline_body: usize,
    place: usize,
    agency: usize,
    day: usize,
    published: usize,
    byline: usize,
    author_person: usize,
    end_marker: usize,
    tags: usize,
    self_link: usize,
    contact: usize,
    credit: usize,
    learned: usize,
    learned_line: usize,
    learned_prefix: usize,
    learned_suffix: usize,
    empty_after: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(args.get(1).map(String::as_str).unwrap_or("../shared/data/saudinewsnet"));
    let out = PathBuf::from(args.get(2).map(String::as_str).unwrap_or("target/review"));
    std::fs::create_dir_all(&out).expect("output dir");
    let mut zips: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("dir").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    zips.sort();
    let mut recs: Vec<Rec> = Vec::new();
    let mut t_clean = 0.0;
    for z in zips.iter().filter(|p| p.extension().is_some_and(|e| e == "zip")) {
        let f = std::fs::File::open(z).unwrap();
        let mut ar = zip::ZipArchive::new(f).unwrap();
        for i in 0..ar.len() {
            let mut e = ar.by_index(i).unwrap();
            let name = e.name().to_string();
            if !name.ends_with(".json") {
                continue;
            }
            let mut s = String::new();
            e.read_to_string(&mut s).unwrap();
            let items: Vec<serde_json::Value> = serde_json::from_str(&s).unwrap();
            for (k, v) in items.into_iter().enumerate() {
                let Ok(r) = serde_json::from_value::<SnnRecord>(v) else { continue };
                let Ok(raw) = r.into_raw_article() else { continue };
                let mut clean = raw.clone();
                let t = Instant::now();
                clean_article(&mut clean);
                t_clean += t.elapsed().as_secs_f64();
                recs.push(Rec { file: name.clone(), index: k, raw, clean });
            }
        }
    }
    let t = Instant::now();
    let mut model = BoilerplateModel::learn(recs.iter().map(|r| &r.clean), LearnParams::default());
    let t_learn = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut all_matches = Vec::new();
    for r in recs.iter_mut() {
        let m = model.apply(&mut r.clean);
        all_matches.extend(m);
    }
    let t_apply = t.elapsed().as_secs_f64();
    model.tally(&all_matches);
    eprintln!(
        "{} articles; rule cleanup {:.2} s, learning {:.2} s, applying {:.2} s",
        recs.len(),
        t_clean,
        t_learn,
        t_apply
    );

    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for r in &recs {
        let a = &r.clean;
        let row = rows.entry(a.source.clone()).or_default();
        row.articles += 1;
        let has = |k: &str| a.removed.iter().any(|b| b.reason == k);
        if let Some(dl) = &a.dateline {
            row.dateline += 1;
            row.dateline_body += usize::from(
                has("dateline")
                    || a.removed.iter().any(|b| b.reason == "byline" && Some(&b.text) != r.raw.author.as_ref()),
            );
            row.place += usize::from(dl.place.is_some());
            row.agency += usize::from(dl.agency.is_some());
            row.day += usize::from(dl.day.is_some());
        }
        row.published += usize::from(a.published_at.is_some());
        row.byline += usize::from(has("byline") || has("dateline"));
        row.author_person += usize::from(a.author.is_some());
        row.end_marker += usize::from(has("end_marker"));
        row.tags += usize::from(has("tags"));
        row.self_link += usize::from(has("self_link"));
        row.contact += usize::from(has("contact"));
        row.credit += usize::from(has("source_credit"));
        let ll = has("learned_line");
        let lp = has("learned_prefix");
        let ls = has("learned_suffix");
        row.learned_line += usize::from(ll);
        row.learned_prefix += usize::from(lp);
        row.learned_suffix += usize::from(ls);
        row.learned += usize::from(ll || lp || ls);
        row.empty_after += usize::from(a.body.is_empty());
    }
    let mut total = Row::default();
    println!("| source | articles | dateline | ↳ from text | place | agency | day | published_at | byline/dateline removed | author = person | end marker | tag list | self-link | contact | credit | learned (any) | learned line | learned prefix | learned suffix | body emptied |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let line = |name: &str, r: &Row| {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.articles,
            r.dateline,
            r.dateline_body,
            r.place,
            r.agency,
            r.day,
            r.published,
            r.byline,
            r.author_person,
            r.end_marker,
            r.tags,
            r.self_link,
            r.contact,
            r.credit,
            r.learned,
            r.learned_line,
            r.learned_prefix,
            r.learned_suffix,
            r.empty_after
        )
    };
    for (name, r) in &rows {
        line(name, r);
        total.articles += r.articles;
        total.dateline += r.dateline;
        total.dateline_body += r.dateline_body;
        total.place += r.place;
        total.agency += r.agency;
        total.day += r.day;
        total.published += r.published;
        total.byline += r.byline;
        total.author_person += r.author_person;
        total.end_marker += r.end_marker;
        total.tags += r.tags;
        total.self_link += r.self_link;
        total.contact += r.contact;
        total.credit += r.credit;
        total.learned += r.learned;
        total.learned_line += r.learned_line;
        total.learned_prefix += r.learned_prefix;
        total.learned_suffix += r.learned_suffix;
        total.empty_after += r.empty_after;
    }
    line("**all**", &total);

    // Learned model, per source.
    let mut m = String::new();
    for (name, sb) in &model.sources {
        let _ = writeln!(m, "== {name}: {} distinct articles", sb.articles);
        for (label, list) in [
            ("line", &sb.lines),
            ("prefix", &sb.prefixes),
            ("suffix", &sb.suffixes),
            ("self-name", &sb.self_names),
            ("tag-label", &sb.tag_labels),
        ] {
            for it in list {
                let _ = writeln!(
                    m,
                    "  {label:9} {:5} ({:4.1}%) matched {:5}  {}",
                    it.articles,
                    it.share * 100.0,
                    it.matched,
                    it.text
                );
            }
        }
    }
    std::fs::write(out.join("learned.txt"), m).unwrap();

    // 10 random pairs per source (fixed seed).
    let mut by_source: BTreeMap<&str, Vec<&Rec>> = BTreeMap::new();
    for r in &recs {
        by_source.entry(r.clean.source.as_str()).or_default().push(r);
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (name, list) in by_source {
        let mut s = String::new();
        let mut picked = std::collections::BTreeSet::new();
        while picked.len() < 10.min(list.len()) {
            picked.insert((next() % list.len() as u64) as usize);
        }
        for i in picked {
            let r = list[i];
            let _ = writeln!(s, "################ {} record {}", r.file, r.index);
            let _ = writeln!(s, "--- BEFORE  title: {}\n            author: {:?}", r.raw.title, r.raw.author);
            for p in &r.raw.body {
                let _ = writeln!(s, "  | {}", p.text);
            }
            let a = &r.clean;
            let _ = writeln!(
                s,
                "--- AFTER   title: {}\n            author: {:?}  section: {:?}",
                a.title, a.author, a.section
            );
            let _ = writeln!(s, "            dateline: {:?}", a.dateline);
            let _ = writeln!(
                s,
                "            published_at: {:?} ({:?})  original_publisher: {:?}  tags: {:?}",
                a.published_at, a.published_precision, a.original_publisher, a.publisher_tags
            );
            for p in &a.body {
                let _ = writeln!(s, "  | {}", p.text);
            }
            for b in &a.removed {
                let _ = writeln!(s, "  REMOVED [{}] {}", b.reason, b.text);
            }
            s.push('\n');
        }
        std::fs::write(out.join(format!("{name}.txt")), s).unwrap();
    }
}
