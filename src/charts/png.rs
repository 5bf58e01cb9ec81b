//! Charts as PNG, for people who paste images into reports: the chart's SVG rasterised in-process
//! by `resvg`, its text set in a Chinese font found among the system's fonts or given by the
//! user. Without such a font every label would come out as empty boxes, so that is an error, not
//! a picture.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg::fontdb::{self, Database, Family, Query};
use resvg::usvg::{self, FontResolver};

use super::FONT_FAMILY;

/// How many device pixels a chart pixel becomes: 2× keeps the text sharp in print.
pub const PNG_SCALE: f32 = 2.0;

/// A character every font that can set the charts' labels has.
const PROBE: char = '公';

/// The fonts a PNG is drawn with: the system's, those given, and the Chinese family chosen.
pub struct Fonts {
    db: Arc<Database>,
    family: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("cannot read font {path}: {message}")]
    Font { path: String, message: String },
    #[error(
        "no font with Chinese characters found{among}: a PNG would show empty boxes instead of \
         its labels; install one (Debian/Ubuntu: apt install fonts-noto-cjk or \
         fonts-wqy-microhei) or name a font file with --font FILE"
    )]
    NoChineseFont { among: String },
    #[error("cannot draw the chart as PNG: {0}")]
    Render(String),
}

impl Fonts {
    /// The system's fonts and the font files `given`; a family that has Chinese characters is
    /// chosen: the first given one that does, else the first of the charts' font stack that is
    /// installed, else any installed.
    pub fn find(given: &[PathBuf]) -> Result<Fonts, PngError> {
        let mut db = Database::new();
        let mut given_faces = Vec::new();
        for path in given {
            let before = db.len();
            load_font(&mut db, path)?;
            given_faces.extend(db.faces().skip(before).map(|f| f.id));
        }
        db.load_system_fonts();
        Fonts::choose(db, &given_faces, given)
    }

    /// Only the font files `given`, none of the system's (tests use this to be independent of
    /// the machine).
    pub fn only(given: &[PathBuf]) -> Result<Fonts, PngError> {
        let mut db = Database::new();
        for path in given {
            load_font(&mut db, path)?;
        }
        let ids: Vec<fontdb::ID> = db.faces().map(|f| f.id).collect();
        Fonts::choose(db, &ids, given)
    }

    fn choose(db: Database, given: &[fontdb::ID], paths: &[PathBuf]) -> Result<Fonts, PngError> {
        let has_chinese = |id: fontdb::ID| has_char(&db, id, PROBE);
        let family_of = |id: fontdb::ID| {
            db.face(id)
                .and_then(|f| f.families.first())
                .map(|(name, _)| name.clone())
        };
        let from_given = given.iter().copied().find(|id| has_chinese(*id));
        let from_stack = || {
            stack_names().find_map(|name| {
                let id = db.query(&Query {
                    families: &[Family::Name(name)],
                    ..Query::default()
                })?;
                has_chinese(id).then(|| name.to_string())
            })
        };
        let any = || db.faces().map(|f| f.id).find(|id| has_chinese(*id));
        let family = match from_given {
            Some(id) => family_of(id),
            None if !paths.is_empty() => None,
            None => from_stack().or_else(|| any().and_then(family_of)),
        };
        match family {
            Some(family) => Ok(Fonts {
                db: Arc::new(db),
                family,
            }),
            None => Err(PngError::NoChineseFont {
                among: if paths.is_empty() {
                    " among the system's fonts".to_string()
                } else {
                    format!(
                        " in {}",
                        paths
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            }),
        }
    }

    /// The family the charts' text is set in.
    pub fn family(&self) -> &str {
        &self.family
    }
}

fn load_font(db: &mut Database, path: &Path) -> Result<(), PngError> {
    let before = db.len();
    db.load_font_file(path).map_err(|e| PngError::Font {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    if db.len() == before {
        return Err(PngError::Font {
            path: path.display().to_string(),
            message: "not a font file (TrueType, OpenType or a collection of them)".to_string(),
        });
    }
    Ok(())
}

fn has_char(db: &Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index)
            .ok()
            .and_then(|face| face.glyph_index(c))
            .is_some()
    }) == Some(true)
}

/// The named families of [`FONT_FAMILY`], in order.
fn stack_names() -> impl Iterator<Item = &'static str> {
    FONT_FAMILY
        .split(',')
        .map(|name| name.trim().trim_matches('\''))
        .filter(|name| !name.is_empty() && *name != "sans-serif")
}

/// One chart's SVG as PNG at [`PNG_SCALE`], on white.
pub fn svg_to_png(svg: &str, fonts: &Fonts) -> Result<Vec<u8>, PngError> {
    let family = fonts.family.clone();
    let options = usvg::Options {
        fontdb: fonts.db.clone(),
        font_resolver: FontResolver {
            // Every text of a chart in the chosen family (at its weight), whatever the stack
            // names: the stack is for browsers, which each have other fonts.
            select_font: Box::new(move |font, db| {
                db.query(&Query {
                    families: &[Family::Name(&family), Family::SansSerif],
                    weight: fontdb::Weight(font.weight()),
                    ..Query::default()
                })
            }),
            select_fallback: FontResolver::default_fallback_selector(),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Render(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(PNG_SCALE)
        .ok_or_else(|| PngError::Render("empty drawing".to_string()))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| PngError::Render("empty drawing".to_string()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Render(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stack_names_its_families_without_quotes() {
        let names: Vec<&str> = stack_names().collect();
        assert_eq!(names.first(), Some(&"PingFang SC"));
        assert!(names.contains(&"WenQuanYi Micro Hei"));
        assert!(names.iter().all(|n| !n.contains('\'')));
    }

    #[test]
    fn a_file_that_is_no_font_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not-a-font.ttf");
        std::fs::write(&path, "hello").unwrap();
        let Err(err) = Fonts::only(std::slice::from_ref(&path)) else {
            panic!("a text file was taken for a font");
        };
        assert!(err.to_string().contains("not-a-font.ttf"), "{err}");
    }

    #[test]
    fn no_chinese_font_is_a_clear_error() {
        let Err(err) = Fonts::only(&[]) else {
            panic!("an empty font list was taken as having Chinese");
        };
        let text = err.to_string();
        assert!(text.contains("no font with Chinese characters"), "{text}");
        assert!(text.contains("--font"), "{text}");
    }
}
