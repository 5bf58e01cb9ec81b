//! Writes the search index of a folder of budget documents: `search_index CONTENT OUT`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(content), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: search_index CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let budgets: Vec<gongkai::model::Budget> =
        match gongkai::department::load_dir(std::path::Path::new(content)) {
            Ok(results) => results.into_iter().filter_map(Result::ok).collect(),
            Err(e) => {
                eprintln!("{content}: {e}");
                std::process::exit(1);
            }
        };
    match gongkai::search::write_search(&budgets, std::path::Path::new(out)) {
        Ok(files) => println!(
            "{} departments, {} files, meta {}",
            budgets.len(),
            files.files.len(),
            files.meta
        ),
        Err(e) => {
            eprintln!("{out}: {e}");
            std::process::exit(1);
        }
    }
}
