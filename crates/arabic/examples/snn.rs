//! Experiments on SaudiNewsNet texts dumped as JSON Lines (`{"id":…,"text":…}`
//! per line; the CLI's `marsad bench text` / `marsad eval` read the zips
//! directly).
//!
//! ```text
//! cargo run --release -p marsad-arabic --example snn -- bench DOCS.jsonl [REPEAT]
//! cargo run --release -p marsad-arabic --example snn -- eval DOCS.jsonl PAIRS.tsv
//! cargo run --release -p marsad-arabic --example snn -- variants DOCS.jsonl PAIRS.tsv
//! ```
//!
//! `variants` compares light-stemmer parameter variants with Snowball.
use std::io::BufRead;

use marsad_arabic::bench::bench_text;
use marsad_arabic::eval::{evaluate_stemmers, parse_pairs_tsv, EvalStemmer};

fn load(path: &str) -> Vec<(String, String)> {
    let f = std::io::BufReader::new(std::fs::File::open(path).expect("open docs"));
    f.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.expect("read")).expect("json");
            (v["id"].as_str().unwrap_or_default().to_string(), v["text"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: snn bench DOCS.jsonl [REPEAT] | snn eval DOCS.jsonl PAIRS.tsv";
    let (cmd, path) = (args.get(1).expect(usage), args.get(2).expect(usage));
    let docs = load(path);
    match cmd.as_str() {
        "bench" => {
            let repeat: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3);
            for _ in 0..repeat {
                let s = bench_text(docs.iter().map(|d| d.1.as_str()));
                println!("{}", s.to_json());
            }
        }
        "eval" => {
            let pairs = parse_pairs_tsv(&std::fs::read_to_string(args.get(3).expect(usage)).expect("pairs"));
            let r = evaluate_stemmers(docs, &pairs, &EvalStemmer::defaults());
            print!("{}", r.to_table());
        }
        "variants" => {
            use marsad_arabic::stem::LightStemParams;
            let pairs = parse_pairs_tsv(&std::fs::read_to_string(args.get(3).expect(usage)).expect("pairs"));
            let m = LightStemParams::MARSAD;
            let mut v = vec![EvalStemmer::None, EvalStemmer::Light(m), EvalStemmer::Snowball];
            for (suf, pro, prep) in
                [(3, true, false), (2, true, false), (3, false, true), (3, true, true), (2, true, true)]
            {
                v.push(EvalStemmer::Light(LightStemParams {
                    min_after_suffix: suf,
                    pronoun_suffixes: pro,
                    prepositions: prep,
                    ..m
                }));
            }
            let r = evaluate_stemmers(docs, &pairs, &v);
            print!("{}", r.to_table());
        }
        _ => panic!("{usage}"),
    }
}
