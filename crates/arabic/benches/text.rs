//! Criterion benchmarks of the text chain.
//!
//! By default they run on a built-in sample of news-style Arabic (written for
//! this benchmark). Set `MARSAD_BENCH_TEXT=path` to a UTF-8 file (for
//! example SaudiNewsNet text dumped to one file) to measure on real data.
//!
//! ```text
//! cargo bench -p marsad-arabic --bench text
//! ```
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use marsad_arabic::analyzer::Analyzer;
use marsad_arabic::normalize::{normalize, normalize_into, NormalizeOptions};
use marsad_arabic::sentences::sentences;
use marsad_arabic::stem::light_stem;
use marsad_arabic::tokenize::tokens;

const SAMPLE: &str = "\
أعلنت وزارة الصحة السعودية، أمس الثلاثاء، تسجيل ١٢٥ حالة إصابة جديدة، \
مشيرةً إلى أن نسبة التعافي بلغت ٩٧٫٥٪ من إجمالي الحالات المسجلة منذ بداية العام. \
وأوضح المتحدث الرسمي للوزارة في مؤتمر صحفي عقده بالرياض أن «الوضع الصحي مستقر»، \
مؤكداً أن الفرق الميدانية تواصل عملها في جميع مناطق المملكة. \
وقال د. محمد العبدالعالي: \"إن الالتزام بالإجراءات الوقائية هو السبيل الوحيد للحد من انتشار المرض\". \
وأضاف أن الوزارة ستطلق حملة توعوية جديدة عبر حسابها على تويتر @SaudiMOH وموقعها https://www.moh.gov.sa \
تحت وسم #كلنا_مسؤول، بتكلفة تتجاوز 1,500,000 ريال. \
من جهة أخرى، ارتفع مؤشر السوق الرئيسية (تاسي) بنسبة 1.25% ليغلق عند مستوى 8,945.37 نقطة، \
وسط تداولات بلغت قيمتها نحو ٥٫٢ مليار ريال، فيما تراجعت أسهم شركات البتروكيماويات.\n";

fn corpus() -> String {
    match std::env::var("MARSAD_BENCH_TEXT") {
        Ok(p) => std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")),
        Err(_) => SAMPLE.repeat(200),
    }
}

fn benches(c: &mut Criterion) {
    let text = corpus();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);

    let search = NormalizeOptions::search();
    let display = NormalizeOptions::display();
    g.bench_function("normalize_search_with_map", |b| b.iter(|| normalize(black_box(&text), &search)));
    g.bench_function("normalize_display_with_map", |b| b.iter(|| normalize(black_box(&text), &display)));
    g.bench_function("normalize_search_into", |b| {
        let mut out = String::with_capacity(text.len());
        b.iter(|| {
            out.clear();
            normalize_into(black_box(&text), &search, &mut out);
            out.len()
        })
    });
    g.bench_function("tokenize", |b| b.iter(|| tokens(black_box(&text)).count()));
    g.bench_function("tokenize_normalize_stem", |b| {
        let mut buf = String::new();
        b.iter(|| {
            let mut n = 0usize;
            for t in tokens(black_box(&text)) {
                buf.clear();
                t.normalized_into(&search, &mut buf);
                n += light_stem(&buf).len();
            }
            n
        })
    });
    let analyzer = Analyzer::default();
    g.bench_function("analyzer", |b| {
        b.iter(|| {
            let mut n = 0usize;
            analyzer.analyze_with(black_box(&text), |t| n += t.stem.len() + t.stopword as usize);
            n
        })
    });
    g.bench_function("sentences", |b| b.iter(|| sentences(black_box(&text)).len()));
    g.finish();
}

criterion_group!(text, benches);
criterion_main!(text);
