//! Resource paths (seals, stamps, images, attachment files): resolved relative to the
//! report's folder and refused when they leave it.

use std::path::{Component, Path, PathBuf};

use crate::error::{Problem, Sink};
use crate::limits;

/// Resolves resource paths against the report's folder and the extra roots the caller allowed.
#[derive(Debug, Clone)]
pub(crate) struct Resolver {
    /// The report's folder; `None` when the report came from a string with no folder.
    pub base: Option<PathBuf>,
    /// Further folders resources may come from (canonical).
    pub allowed: Vec<PathBuf>,
}

impl Resolver {
    /// Resources of the report at `path` (its folder; none without a path), plus the
    /// `allowed` roots.
    pub fn new(path: Option<&Path>, allowed: &[PathBuf]) -> Resolver {
        Resolver {
            base: path.map(|p| {
                p.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_path_buf()
            }),
            allowed: allowed
                .iter()
                .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
                .collect(),
        }
    }

    /// A path that exists, inside the base folder or an allowed root.
    pub fn file(&self, raw: &str, at: (usize, usize), sink: &mut Sink) -> Option<PathBuf> {
        let p = Path::new(raw);
        let Some(base) = &self.base else {
            sink.error(
                at,
                Problem::Unreadable {
                    path: raw.into(),
                    reason:
                        "the report was not read from a file, so there is no folder to find it in"
                            .into(),
                },
            );
            return None;
        };
        let escapes = p.is_absolute()
            || p.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::Prefix(_) | Component::RootDir
                )
            });
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            base.join(p)
        };
        let canon = match joined.canonicalize() {
            Ok(c) => c,
            Err(e) if !escapes || self.allowed.is_empty() => {
                if escapes {
                    sink.error(at, Problem::OutsideRoot { path: raw.into() });
                } else {
                    sink.error(
                        at,
                        Problem::Unreadable {
                            path: raw.into(),
                            reason: e.to_string(),
                        },
                    );
                }
                return None;
            }
            Err(e) => {
                sink.error(
                    at,
                    Problem::Unreadable {
                        path: raw.into(),
                        reason: e.to_string(),
                    },
                );
                return None;
            }
        };
        let base_canon = base.canonicalize().unwrap_or_else(|_| base.clone());
        let inside = std::iter::once(&base_canon)
            .chain(&self.allowed)
            .any(|root| canon.starts_with(root));
        if !inside {
            sink.error(at, Problem::OutsideRoot { path: raw.into() });
            return None;
        }
        if !canon.is_file() {
            sink.error(
                at,
                Problem::Unreadable {
                    path: raw.into(),
                    reason: "not a file".into(),
                },
            );
            return None;
        }
        Some(canon)
    }

    /// A PNG or JPEG inside the allowed folders, checked by its first bytes before any
    /// decoder sees it, and within the pixel limit.
    pub fn image(&self, raw: &str, at: (usize, usize), sink: &mut Sink) -> Option<PathBuf> {
        let path = self.file(raw, at, sink)?;
        match check_image(&path) {
            Ok(()) => Some(path),
            Err(p) => {
                sink.error(at, with_path(p, raw));
                None
            }
        }
    }
}

fn with_path(p: Problem, raw: &str) -> Problem {
    match p {
        Problem::NotAnImage { reason, .. } => Problem::NotAnImage {
            path: raw.into(),
            reason,
        },
        Problem::Unreadable { reason, .. } => Problem::Unreadable {
            path: raw.into(),
            reason,
        },
        other => other,
    }
}

/// Is this a PNG or JPEG (by magic bytes) whose header decodes and whose size is within limits?
pub(crate) fn check_image(path: &Path) -> Result<(), Problem> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Problem::Unreadable {
        path: name.clone(),
        reason: e.to_string(),
    })?;
    check_image_bytes(&bytes)
        .map(|_| ())
        .map_err(|p| with_path(p, &name))
}

/// Whether the bytes are a JPEG (its SOI marker and the first segment's marker).
pub(crate) fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF])
}

/// A picture's bytes for a writer, checked as the reader checked them (the file may have
/// changed since), and its size in pixels; an error says which file and why.
pub(crate) fn read_image(path: &Path) -> Result<(Vec<u8>, (u32, u32)), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let size = check_image_bytes(&bytes).map_err(|p| format!("{}: {p}", path.display()))?;
    Ok((bytes, size))
}

/// The same check on bytes in memory; the image's size in pixels.
pub(crate) fn check_image_bytes(bytes: &[u8]) -> Result<(u32, u32), Problem> {
    let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        image::ImageFormat::Png
    } else if is_jpeg(bytes) {
        image::ImageFormat::Jpeg
    } else {
        return Err(Problem::NotAnImage {
            path: String::new(),
            reason: None,
        });
    };
    if bytes.len() > limits::MAX_IMAGE_BYTES {
        return Err(Problem::Limit {
            what: "image file".into(),
            limit: format!("{} MB", limits::MAX_IMAGE_BYTES >> 20),
        });
    }
    let (w, h) = image::ImageReader::with_format(std::io::Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| Problem::NotAnImage {
            path: String::new(),
            reason: Some(e.to_string()),
        })?;
    if u64::from(w) * u64::from(h) > limits::MAX_IMAGE_PIXELS {
        return Err(Problem::Limit {
            what: format!("image of {w}×{h} pixels"),
            limit: format!("{} pixels", limits::MAX_IMAGE_PIXELS),
        });
    }
    Ok((w, h))
}
