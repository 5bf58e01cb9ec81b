//! Prints how a document was read: each paragraph, and each table as a grid (cells joined by
//! ` | `), with line numbers. `cargo run --example blocks -- FILE`
use gongkai::load::{self, Block};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: blocks FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let doc = match load::read(&path, &bytes) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    };
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => println!("{:>5}  {}", p.line, p.text),
            Block::Table(t) => {
                println!("{:>5}  ┌ table ({:?})", t.line, t.layout);
                for r in &t.rows {
                    let cells: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
                    println!("{:>5}  │ {}", r.line, cells.join(" | "));
                }
            }
        }
    }
}
