//! No input makes the reader or parser panic: every seed cut, shuffled and corrupted in many
//! deterministic ways either parses or is refused with an error naming the file.

use std::path::Path;

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutations(text: &str, rng: &mut Lcg) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    // Cut at a random line.
    out.push(lines[..rng.below(lines.len())].join("\n"));
    // Drop every n-th line.
    let n = 2 + rng.below(7);
    out.push(
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % n != 0)
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join("\n"),
    );
    // Shuffle a window of lines.
    let mut shuffled: Vec<&str> = lines.clone();
    for _ in 0..200 {
        let (a, b) = (rng.below(shuffled.len()), rng.below(shuffled.len()));
        shuffled.swap(a, b);
    }
    out.push(shuffled.join("\n"));
    // Replace tabs with spaces or doubled tabs in some lines, and digits with junk.
    let corrupted: Vec<String> = lines
        .iter()
        .map(|l| match rng.below(6) {
            0 => l.replace('\t', " "),
            1 => l.replace('\t', "\t\t"),
            2 => l.replace(['1', '7'], "．"),
            3 => l.replace('.', ",,"),
            _ => l.to_string(),
        })
        .collect();
    out.push(corrupted.join("\n"));
    // Cut in the middle of a multi-byte character is not possible in &str; cut bytes instead.
    out
}

#[test]
fn mangled_seeds_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/budgets");
    let mut rng = Lcg(20241123);
    let mut parsed = 0;
    let mut refused = 0;
    for path in gongkai::department::document_paths(&dir).expect("content exists") {
        let text = std::fs::read_to_string(&path).expect("seed readable");
        for round in 0..6 {
            for (i, variant) in mutations(&text, &mut rng).into_iter().enumerate() {
                let file = format!("mangled-{round}-{i}.txt");
                match gongkai::department::load_bytes(&file, "mangled", variant.as_bytes()) {
                    Ok(_) => parsed += 1,
                    Err(e) => {
                        assert!(
                            e.to_string().starts_with(&file),
                            "error names the file: {e}"
                        );
                        refused += 1;
                    }
                }
            }
            // Raw byte cuts, which may split a character: decoded or refused, never a panic.
            let bytes = text.as_bytes();
            let cut = &bytes[..rng.below(bytes.len())];
            let _ = gongkai::department::load_bytes("cut.txt", "cut", cut);
        }
    }
    assert!(parsed > 0, "most variants still parse");
    assert!(parsed + refused >= 5 * 6 * 4);
}
