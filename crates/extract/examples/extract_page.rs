//! Print what marsad extracts from one HTML page, as JSON:
//! `cargo run -p marsad-extract --example extract_page -- page.html [URL]`
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).expect("read the page");
    let opts = marsad_extract::html::HtmlOptions { url: args.get(2).cloned(), ..Default::default() };
    match marsad_extract::html::extract_html(&bytes, &opts) {
        Ok(p) => {
            eprintln!("charset {} ({}) {:?}", p.charset, p.charset_source.label(), p.notes);
            println!("{}", serde_json::to_string_pretty(&p.article).unwrap());
        }
        Err(e) => eprintln!("error: {e}"),
    }
}
