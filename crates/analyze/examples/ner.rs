//! Development driver for the entity tagger (the `marsad` CLI has the user
//! commands): `train`, `cv`, `bench`, `review`.
//!
//! ```text
//! cargo run --release -p marsad-analyze --example ner -- train ../shared/data/anercorp/train.txt crates/analyze/models/ner.bin
//! cargo run --release -p marsad-analyze --example ner -- cv ../shared/data/anercorp/train.txt 5
//! cargo run --release -p marsad-analyze --example ner -- bench ../shared/data/saudinewsnet
//! cargo run --release -p marsad-analyze --example ner -- review ../shared/data/saudinewsnet 50
//! ```

use std::io::Read;
use std::path::Path;
use std::time::Instant;

use marsad_analyze::entities::{cross_validate, read_conll, EntityExtractor, EntityIndex, Tagger, TrainOptions};

fn opts_from_env() -> TrainOptions {
    let mut o = TrainOptions::default();
    if let Ok(v) = std::env::var("NER_EPOCHS") {
        o.epochs = v.parse().unwrap();
    }
    if let Ok(v) = std::env::var("NER_BITS") {
        o.bits = v.parse().unwrap();
    }
    if let Ok(v) = std::env::var("NER_RUNS") {
        o.runs = v.parse().unwrap();
    }
    if let Ok(v) = std::env::var("NER_SEED") {
        o.seed = v.parse().unwrap();
    }
    o
}

fn snn_texts(dir: &Path, limit_bytes: usize) -> Vec<(String, String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    let mut total = 0;
    for f in files {
        let day = f.file_stem().unwrap().to_string_lossy().to_string();
        let mut z = zip::ZipArchive::new(std::fs::File::open(&f).unwrap()).unwrap();
        for i in 0..z.len() {
            let mut s = String::new();
            z.by_index(i).unwrap().read_to_string(&mut s).unwrap();
            let v: serde_json::Value = serde_json::from_str(&s).unwrap();
            for (k, a) in v.as_array().unwrap().iter().enumerate() {
                let c = a["content"].as_str().unwrap_or("").to_string();
                let t = a["title"].as_str().unwrap_or("").to_string();
                let text = format!("{t}\n{c}");
                total += text.len();
                out.push((format!("{day}#{k}"), day.clone(), text));
                if total > limit_bytes {
                    return out;
                }
            }
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("train") => {
            let text = std::fs::read_to_string(&args[2]).unwrap();
            let sents = read_conll(&text).unwrap();
            let data: Vec<_> = sents.into_iter().map(|s| (s.tokens, s.tags)).collect();
            let o = opts_from_env();
            let t0 = Instant::now();
            let mut m = Tagger::train(&data, &o);
            // The same note as `marsad train ner`, so both give the same bytes.
            let name = Path::new(&args[2]).file_name().unwrap().to_string_lossy().to_string();
            let tokens: usize = data.iter().map(|d| d.0.len()).sum();
            m.set_note(format!(
                "averaged structured perceptron trained on {name} ({} sentences, {tokens} tokens), \
                 seed {}, {} epochs, {} runs averaged, {} feature buckets",
                data.len(),
                o.seed,
                o.epochs,
                o.runs,
                1u64 << o.bits
            ));
            let b = m.to_bytes();
            std::fs::write(&args[3], &b).unwrap();
            eprintln!("trained in {:?}, {} bytes", t0.elapsed(), b.len());
        }
        Some("cv") => {
            let text = std::fs::read_to_string(&args[2]).unwrap();
            let sents = read_conll(&text).unwrap();
            let k: usize = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(5);
            let t0 = Instant::now();
            let r = cross_validate(&sents, k, &opts_from_env());
            eprintln!("cv in {:?}", t0.elapsed());
            println!("{}", serde_json::to_string_pretty(&r.pooled).unwrap());
            println!(
                "per-fold F1: {:?}  mean {:.4} ± {:.4}",
                r.per_fold.iter().map(|s| (s.f1 * 1e4).round() / 1e4).collect::<Vec<_>>(),
                r.f1_mean,
                r.f1_std
            );
        }
        Some("shapes") => {
            // The character model's guesses (O, PERS, LOC, ORG, MISC) for
            // the words given, from the shipped tag prior's table.
            let prior = marsad_analyze::entities::prior::TagPrior::builtin();
            let shapes = prior.shapes();
            for w in &args[2..] {
                let key = marsad_analyze::entities::prior::prior_key(w);
                let p = shapes.predict(&key).unwrap_or_default();
                println!("{w}\tknown={}\t{:?}", prior.code(&key) != 0, p.map(|x| (x * 100.0).round() / 100.0));
            }
        }
        Some("shapes-eval") => {
            // Held-out fit of the character model: every tenth word of the
            // shipped table is held out.
            let mut rows: Vec<(&str, [u32; 9])> = Vec::new();
            for line in marsad_analyze::entities::prior::TAG_PRIOR_TSV.lines().filter(|l| !l.starts_with('#')) {
                let mut it = line.split('\t');
                let w = it.next().unwrap();
                let mut c = [0u32; 9];
                for (k, f) in it.enumerate() {
                    c[k] = f.parse().unwrap();
                }
                rows.push((w, c));
            }
            let train: Vec<_> = rows.iter().enumerate().filter(|(i, _)| i % 10 != 0).map(|(_, r)| *r).collect();
            let test: Vec<_> = rows.iter().enumerate().filter(|(i, _)| i % 10 == 0).map(|(_, r)| *r).collect();
            let t0 = Instant::now();
            let m = marsad_analyze::entities::name_shapes::NameShapes::train(&train);
            eprintln!("trained in {:?}", t0.elapsed());
            for (name, set) in [("train", &train), ("test", &test)] {
                let (mut ok, mut n, mut ll) = (0, 0, 0.0f64);
                let (mut tp, mut fp, mut fnn) = (0, 0, 0);
                for (w, c) in set.iter() {
                    let total: u32 = c.iter().sum();
                    let p = m.predict(w).unwrap();
                    let name_share = 1.0 - c[0] as f64 / total as f64;
                    let pn = 1.0 - p[0] as f64;
                    ll -= name_share * pn.max(1e-6).ln() + (1.0 - name_share) * (1.0 - pn).max(1e-6).ln();
                    n += 1;
                    let gold = name_share >= 0.5;
                    let pred = pn >= 0.5;
                    ok += (gold == pred) as usize;
                    tp += (gold && pred) as usize;
                    fp += (!gold && pred) as usize;
                    fnn += (gold && !pred) as usize;
                }
                let pr = tp as f64 / (tp + fp).max(1) as f64;
                let rc = tp as f64 / (tp + fnn).max(1) as f64;
                println!(
                    "{name}: n {n} acc {:.3} logloss {:.3} name P {pr:.3} R {rc:.3}",
                    ok as f64 / n as f64,
                    ll / n as f64
                );
            }
        }
        Some("errors") => {
            // Error classes of one held-out fold (fold k of 5, single stage).
            let text = std::fs::read_to_string(&args[2]).unwrap();
            let sents = read_conll(&text).unwrap();
            let k: usize = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(0);
            let n = sents.len();
            let (a, b) = (k * n / 5, (k + 1) * n / 5);
            let train: Vec<_> =
                sents[..a].iter().chain(&sents[b..]).map(|s| (s.tokens.clone(), s.tags.clone())).collect();
            let m = Tagger::train_with_prior(
                &train,
                &opts_from_env(),
                std::sync::Arc::new(marsad_analyze::entities::prior::TagPrior::empty()),
            );
            let mut classes: std::collections::BTreeMap<String, usize> = Default::default();
            for s in &sents[a..b] {
                let refs: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
                let p = m.tag(&refs);
                let gs = marsad_analyze::entities::bio_spans(&s.tags);
                let ps = marsad_analyze::entities::bio_spans(&p);
                let show = |x: &(usize, usize, marsad_analyze::entities::EntityKind)| {
                    format!("{}[{}]", refs[x.0..x.1].join(" "), x.2.as_str())
                };
                let context = |s: usize, e: usize| refs[s.saturating_sub(3)..(e + 3).min(refs.len())].join(" ");
                for g in &gs {
                    let c = if ps.contains(g) {
                        "ok".to_string()
                    } else if let Some(q) = ps.iter().find(|q| q.0 == g.0 && q.1 == g.1) {
                        format!("type {}->{}", g.2.as_str(), q.2.as_str())
                    } else if let Some(q) = ps.iter().find(|q| q.0 < g.1 && g.0 < q.1) {
                        let c =
                            format!("bound {} {}", g.2.as_str(), if q.1 - q.0 > g.1 - g.0 { "long" } else { "short" });
                        println!("{c}\t{}\t{}", show(g), show(q));
                        c
                    } else {
                        let c = format!("missed {}", g.2.as_str());
                        println!("{c}\t{}\t{}", show(g), context(g.0, g.1));
                        c
                    };
                    *classes.entry(c).or_default() += 1;
                }
                for q in &ps {
                    if !gs.iter().any(|g| q.0 < g.1 && g.0 < q.1) {
                        *classes.entry(format!("spurious {}", q.2.as_str())).or_default() += 1;
                        println!("spurious {}\t{}\t{}", q.2.as_str(), show(q), context(q.0, q.1));
                    }
                }
            }
            for (c, n) in classes {
                eprintln!("{n:6} {c}");
            }
        }
        Some("bench") => {
            let texts = snn_texts(Path::new(&args[2]), 20_000_000);
            let bytes: usize = texts.iter().map(|t| t.2.len()).sum();
            let tagger = Tagger::builtin();
            let t0 = Instant::now();
            let mut n = 0;
            for t in &texts {
                n += tagger.recognize(&t.2).len();
            }
            let s = t0.elapsed().as_secs_f64();
            println!(
                "tagging: {} MB in {:.2} s = {:.2} MB/s, {n} spans",
                bytes as f64 / 1e6,
                s,
                bytes as f64 / 1e6 / s
            );
            let t0 = Instant::now();
            let mut n = 0;
            for t in &texts {
                n += marsad_analyze::entities::bio_spans(&tagger.tag_text(&t.2).1).len();
            }
            let s = t0.elapsed().as_secs_f64();
            println!(
                "sentence by sentence (no spreading of names over the document): {:.2} MB/s, {n} spans",
                bytes as f64 / 1e6 / s
            );
            let ex = EntityExtractor::builtin();
            let t0 = Instant::now();
            let mut n = 0;
            for t in &texts {
                n += ex.extract(&t.2).len();
            }
            let s = t0.elapsed().as_secs_f64();
            println!("tagging + canonicalisation: {:.2} MB/s, {n} entities", bytes as f64 / 1e6 / s);
        }
        Some("spread") => {
            // Names found only by reading the article as one document: the
            // first N articles' added spans, to review by eye.
            let n: usize = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(300);
            let texts = snn_texts(Path::new(&args[2]), usize::MAX);
            let tagger = Tagger::builtin();
            let (mut before, mut after) = (0, 0);
            let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
            for (id, _, text) in texts.iter().take(n) {
                let toks = marsad_arabic::tokenize::tokenize(text);
                let plain = marsad_analyze::entities::bio_spans(&tagger.tag_tokens(text, &toks));
                let doc = marsad_analyze::entities::bio_spans(&tagger.tag_document(text, &toks));
                before += plain.len();
                after += doc.len();
                for &(s, e, k) in doc.iter().filter(|sp| !plain.contains(sp)) {
                    *kinds.entry(k.as_str().to_string()).or_default() += 1;
                    let ctx = |a: usize, b: usize| toks[a..b].iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
                    println!(
                        "{id}\t{}\t{}\t… {} [{}] {} …",
                        k.as_str(),
                        ctx(s, e),
                        ctx(s.saturating_sub(4), s),
                        ctx(s, e),
                        ctx(e, (e + 4).min(toks.len()))
                    );
                }
            }
            eprintln!(
                "{n} articles: {before} spans sentence by sentence, {after} as documents; added by kind {kinds:?}"
            );
        }
        Some("tags") => {
            // One text per stdin line: each token with the tagger's label.
            let t = Tagger::builtin();
            for line in std::io::stdin().lines() {
                let line = line.unwrap();
                let (spans, tags) = t.tag_text(&line);
                let out: Vec<String> =
                    spans.iter().zip(&tags).map(|(&(s, e), tag)| format!("{}/{:?}", &line[s..e], tag)).collect();
                println!("{}", out.join(" "));
            }
        }
        Some("extract") => {
            // One text per stdin line: its canonical entities.
            let ex = EntityExtractor::builtin();
            for line in std::io::stdin().lines() {
                let line = line.unwrap();
                let names: Vec<String> =
                    ex.extract(&line).iter().map(|e| format!("{}:{}", e.kind.as_str(), e.canonical)).collect();
                println!("{}\t{}", names.join(", "), line);
            }
        }
        Some("review") => {
            let n: usize = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(50);
            let texts = snn_texts(Path::new(&args[2]), usize::MAX);
            let ex = EntityExtractor::builtin();
            let mut ix = EntityIndex::new();
            for (id, day, text) in &texts {
                let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
                ix.add_article(id, d, None, &ex.extract(text));
            }
            eprintln!("{} articles, {} entities", ix.article_count(), ix.len());
            for (i, e) in ix.top(n).iter().enumerate() {
                let mut vars: Vec<(&String, &usize)> = e.variants.iter().collect();
                vars.sort_by(|a, b| b.1.cmp(a.1));
                let vs: Vec<String> = vars.iter().take(12).map(|(v, c)| format!("{v}×{c}")).collect();
                println!(
                    "{:2}. {} {} — {} mentions, {} articles | {}",
                    i + 1,
                    e.kind.map(|k| k.as_str()).unwrap_or("?"),
                    e.canonical,
                    e.mentions,
                    e.articles.len(),
                    vs.join(", ")
                );
            }
        }
        _ => eprintln!("usage: ner train|cv|bench|review …"),
    }
}
