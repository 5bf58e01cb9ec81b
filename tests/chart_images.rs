//! Charts outside the browser: the value labels of a chart's SVG show when LibreOffice (the
//! Debian package, headless) converts it to PNG, and in the PNG that `gongkai chart -o x.png`
//! draws with resvg. Both are checked on the pixels: where the SVG places each value label,
//! the picture has dark text.
//!
//! Both need a font with Chinese characters and the LibreOffice check needs `soffice`;
//! `scripts/test` installs them (fonts-wqy-microhei, libreoffice-draw-nogui) and sets
//! `GONGKAI_REQUIRE_OFFICE=1`, which turns a missing one into a failure. Without it a missing
//! one skips its test with a message saying what to install.

#[allow(dead_code)]
mod chart_fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use chart_fixtures::weihui;
use gongkai::charts::{Chart, Fonts, PNG_SCALE, chart_by_kind, svg_to_png};
use resvg::tiny_skia::Pixmap;

fn required() -> bool {
    std::env::var_os("GONGKAI_REQUIRE_OFFICE").is_some()
}

/// Skips (or, when required, fails) with `why`.
fn unavailable(why: &str) {
    assert!(!required(), "{why} (GONGKAI_REQUIRE_OFFICE is set)");
    eprintln!("skipped: {why}");
}

/// A label drawn in the SVG: its text and baseline origin.
struct Label {
    text: String,
    x: f64,
    y: f64,
}

/// The value labels (`<text class="value">`) of an SVG.
fn value_labels(svg: &str) -> Vec<Label> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some("value"))
        .map(|n| Label {
            text: n.text().unwrap_or_default().to_string(),
            x: n.attribute("x").unwrap().parse().unwrap(),
            y: n.attribute("y").unwrap().parse().unwrap(),
        })
        .collect()
}

fn svg_width(svg: &str) -> f64 {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.root_element()
        .attribute("width")
        .unwrap()
        .parse()
        .unwrap()
}

/// Dark pixels (luminance under half) in the box a label of 12 px occupies, `scale` picture
/// pixels per SVG pixel.
fn dark_pixels(png: &Pixmap, label: &Label, scale: f64) -> usize {
    let width = gongkai::charts::text_width(&label.text, 12.0);
    let (x0, x1) = (label.x * scale, (label.x + width) * scale);
    let (y0, y1) = ((label.y - 12.0) * scale, (label.y + 3.0) * scale);
    let mut dark = 0;
    for y in (y0.max(0.0) as u32)..(y1.min(f64::from(png.height())) as u32) {
        for x in (x0.max(0.0) as u32)..(x1.min(f64::from(png.width())) as u32) {
            let p = png.pixel(x, y).unwrap().demultiply();
            let luminance = 0.299 * f64::from(p.red())
                + 0.587 * f64::from(p.green())
                + 0.114 * f64::from(p.blue());
            if p.alpha() > 128 && luminance < 128.0 {
                dark += 1;
            }
        }
    }
    dark
}

/// Every value label of `chart` shows in `png` (drawn `scale` times the SVG's size).
fn assert_values_show(chart: &Chart, png: &Pixmap, scale: f64, who: &str) {
    let labels = value_labels(&chart.svg);
    assert!(!labels.is_empty(), "{}: no value labels", chart.id);
    for label in &labels {
        let dark = dark_pixels(png, label, scale);
        // A digit at 12 px has well over 10 dark pixels; an empty box has none.
        let needed = (label.text.chars().count() as f64 * 4.0 * scale * scale) as usize;
        assert!(
            dark >= needed,
            "{who}: value {:?} of {} is not legible ({dark} dark pixels, {needed} expected)",
            label.text,
            chart.id
        );
    }
}

fn function_chart() -> Chart {
    chart_by_kind(&weihui(), "by-function").unwrap()
}

#[test]
fn value_labels_need_no_effect_office_programs_ignore() {
    // LibreOffice, Word, WPS and Inkscape ignore paint-order: a halo stroke would cover the text.
    let chart = function_chart();
    let svg = &chart.svg;
    assert!(!svg.contains("paint-order"));
    assert!(!svg.contains("stroke=\"#fff\""));
    assert!(
        svg.contains("sans-serif\""),
        "a generic family ends the font stack"
    );
}

#[test]
fn the_png_drawn_with_resvg_shows_every_value() {
    let fonts = match Fonts::find(&[]) {
        Ok(f) => f,
        Err(e) => return unavailable(&e.to_string()),
    };
    for kind in ["by-function", "sanggong", "basic-economic"] {
        let chart = chart_by_kind(&weihui(), kind).unwrap();
        let png = svg_to_png(&chart.svg, &fonts).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        let scale = f64::from(pixmap.width()) / svg_width(&chart.svg);
        assert_eq!(scale, f64::from(PNG_SCALE));
        assert_values_show(&chart, &pixmap, scale, "resvg");
    }
}

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .unwrap()
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content/budgets/weihui-2024.txt")
}

#[test]
fn chart_dash_o_png_writes_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let seed = seed();
    let args = [
        "chart",
        seed.to_str().unwrap(),
        "--kind",
        "by-function",
        "-o",
        out.to_str().unwrap(),
    ];
    let run = gongkai(&args);
    if Fonts::find(&[]).is_err() {
        assert!(!run.status.success());
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains("no font with Chinese characters"), "{err}");
        assert!(!out.exists(), "nothing is written without a font");
        return unavailable("no font with Chinese characters on this machine");
    }
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "a PNG, not SVG text"
    );
    let pixmap = Pixmap::decode_png(&bytes).unwrap();
    let chart = chart_by_kind(&weihui(), "by-function").unwrap();
    assert_values_show(
        &chart,
        &pixmap,
        f64::from(PNG_SCALE),
        "gongkai chart -o x.png",
    );
}

#[test]
fn chart_format_comes_from_the_extension_or_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed();
    let seed = seed.to_str().unwrap();
    let svg = dir.path().join("x.svg");
    let run = gongkai(&[
        "chart",
        seed,
        "--kind",
        "sanggong",
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    // An unknown extension is an error that says what to do, and writes nothing.
    let odd = dir.path().join("x.jpg");
    let run = gongkai(&[
        "chart",
        seed,
        "--kind",
        "sanggong",
        "-o",
        odd.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains(".svg or .png"), "{err}");
    assert!(!odd.exists());
    // --format wins over the extension.
    let run = gongkai(&[
        "chart",
        seed,
        "--kind",
        "sanggong",
        "--format",
        "svg",
        "-o",
        odd.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert!(std::fs::read_to_string(&odd).unwrap().starts_with("<svg"));
    // A font file that is no font is named.
    let run = gongkai(&[
        "chart",
        seed,
        "--kind",
        "sanggong",
        "--font",
        svg.to_str().unwrap(),
        "-o",
        dir.path().join("y.png").to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("x.svg"));
}

fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
}

#[test]
fn libreoffice_shows_the_value_labels() {
    let Some(soffice) = soffice() else {
        return unavailable(
            "soffice not found: install LibreOffice (Debian: apt install libreoffice-draw-nogui \
             fonts-wqy-microhei)",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let chart = function_chart();
    let svg = dir.path().join("chart.svg");
    std::fs::write(&svg, &chart.svg).unwrap();
    // A profile of its own, so the test never meets a LibreOffice the user has open.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let run = Command::new(&soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "png",
            "--outdir",
            dir.path().to_str().unwrap(),
            svg.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let png = dir.path().join("chart.png");
    assert!(
        png.exists(),
        "soffice wrote no PNG: {}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    if let Ok(shots) = std::env::var("GONGKAI_SCREENSHOTS") {
        let _ = std::fs::create_dir_all(&shots);
        let _ = std::fs::write(
            Path::new(&shots).join("libreoffice-by-function.png"),
            &bytes,
        );
    }
    let pixmap = Pixmap::decode_png(&bytes).unwrap();
    let scale = f64::from(pixmap.width()) / svg_width(&chart.svg);
    assert_values_show(&chart, &pixmap, scale, "LibreOffice");
}
