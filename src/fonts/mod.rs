//! Fonts by role: which face draws 仿宋, 楷体, 黑体, 宋体 and 小标宋, and what falls back
//! when a face lacks a character.
//!
//! A [`FontSet`] is built once and shared (it is `Send + Sync`); faces are parsed with
//! ttf-parser on demand, which only reads the table directory.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::error::Error;

#[cfg(feature = "bundled-fonts")]
mod bundled;

/// The five type faces GB/T 9704 names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 仿宋: body text and most elements (STD 5.2.2).
    Fang,
    /// 楷体: level-2 headings, 签发人 names.
    Kai,
    /// 黑体: level-1 headings, 密级, 紧急程度, 附件 labels.
    Hei,
    /// 宋体: page numbers.
    Song,
    /// 小标宋: the red mark and the title.
    XiaoBiaoSong,
}

impl Role {
    /// All roles, in a fixed order.
    pub const ALL: [Role; 5] = [
        Role::Fang,
        Role::Kai,
        Role::Hei,
        Role::Song,
        Role::XiaoBiaoSong,
    ];

    /// The Chinese name of the role.
    ///
    /// ```
    /// assert_eq!(gongwen::Role::Kai.name(), "楷体");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Role::Fang => "仿宋",
            Role::Kai => "楷体",
            Role::Hei => "黑体",
            Role::Song => "宋体",
            Role::XiaoBiaoSong => "小标宋",
        }
    }

    /// The font name a Chinese office machine has installed for this role (for DOCX).
    ///
    /// ```
    /// assert_eq!(gongwen::Role::Fang.office_name(), "仿宋_GB2312");
    /// ```
    pub fn office_name(self) -> &'static str {
        match self {
            Role::Fang => "仿宋_GB2312",
            Role::Kai => "楷体_GB2312",
            Role::Hei => "黑体",
            Role::Song => "宋体",
            Role::XiaoBiaoSong => "方正小标宋简体",
        }
    }

    /// A second name offices have when the first is missing (DOCX `w:altName`).
    ///
    /// ```
    /// assert_eq!(gongwen::Role::Hei.office_alt_name(), "SimHei");
    /// ```
    pub fn office_alt_name(self) -> &'static str {
        match self {
            Role::Fang => "仿宋",
            Role::Kai => "楷体",
            Role::Hei => "SimHei",
            Role::Song => "SimSun",
            Role::XiaoBiaoSong => "宋体",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Font bytes: bundled (static) or loaded.
#[derive(Clone)]
pub(crate) enum Bytes {
    #[cfg_attr(not(feature = "bundled-fonts"), allow(dead_code))]
    Static(&'static [u8]),
    Owned(Arc<Vec<u8>>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b,
        }
    }
}

/// One font face.
#[derive(Clone)]
pub struct Face {
    /// PostScript name (e.g. `FandolFang-Regular`).
    pub name: String,
    /// Family name (e.g. `Noto Serif CJK SC`), as a word processor names the font.
    pub family: String,
    pub(crate) data: Bytes,
    pub(crate) index: u32,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("name", &self.name)
            .field("index", &self.index)
            .finish()
    }
}

impl Face {
    /// A face from font bytes (TrueType, OpenType/CFF, or face `index` of a collection).
    ///
    /// ```
    /// let bytes = std::fs::read("fonts/headings/FandolKai-Regular.ttf").unwrap();
    /// let face = gongwen::fonts::Face::from_bytes(bytes, 0).unwrap();
    /// assert_eq!(face.name, "FandolKai-Regular");
    /// assert!(gongwen::fonts::Face::from_bytes(b"not a font".to_vec(), 0).is_err());
    /// ```
    pub fn from_bytes(data: Vec<u8>, index: u32) -> Result<Face, crate::Error> {
        Face::new(Bytes::Owned(Arc::new(data)), index).map_err(|message| crate::Error::BadFont {
            path: None,
            message,
        })
    }

    pub(crate) fn new(data: Bytes, index: u32) -> Result<Face, String> {
        let f = ttf_parser::Face::parse(data.as_ref(), index).map_err(|e| e.to_string())?;
        let named = |id: u16| {
            f.names()
                .into_iter()
                .filter(|n| n.name_id == id)
                .find_map(|n| n.to_string())
        };
        let name = named(ttf_parser::name_id::POST_SCRIPT_NAME).unwrap_or_else(|| "Unnamed".into());
        let family = named(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            .or_else(|| named(ttf_parser::name_id::FAMILY))
            .unwrap_or_else(|| name.clone());
        Ok(Face {
            name,
            family,
            data,
            index,
        })
    }

    /// Reads a face from a font file.
    ///
    /// ```
    /// let face = gongwen::fonts::Face::from_file("fonts/headings/FandolHei-Regular.ttf").unwrap();
    /// assert_eq!(face.name, "FandolHei-Regular");
    /// ```
    pub fn from_file(path: impl AsRef<Path>) -> Result<Face, crate::Error> {
        let path = path.as_ref();
        let data = std::fs::read(path).map_err(|cause| crate::Error::Io {
            path: path.to_path_buf(),
            cause,
        })?;
        Face::new(Bytes::Owned(Arc::new(data)), 0).map_err(|message| crate::Error::BadFont {
            path: Some(path.to_path_buf()),
            message,
        })
    }

    /// The raw font program.
    ///
    /// ```
    /// let set = gongwen::FontSet::bundled();
    /// assert!(set.face(gongwen::Role::Fang).bytes().starts_with(&[0, 1, 0, 0]), "TrueType");
    /// ```
    pub fn bytes(&self) -> &[u8] {
        self.data.as_ref()
    }

    pub(crate) fn parse(&self) -> ttf_parser::Face<'_> {
        ttf_parser::Face::parse(self.data.as_ref(), self.index)
            .expect("checked when the face was made")
    }
}

/// Faces for the five roles plus fallbacks.
#[derive(Debug, Clone)]
pub struct FontSet {
    faces: Vec<Face>,
    roles: [usize; 5],
    strict: bool,
    system_fallback: bool,
    system: Arc<OnceLock<Vec<Face>>>,
}

impl FontSet {
    /// The bundled Fandol faces (feature `bundled-fonts`).
    ///
    /// ```
    /// let set = gongwen::FontSet::bundled();
    /// assert_eq!(set.face(gongwen::Role::XiaoBiaoSong).name, "FandolSong-Bold");
    /// ```
    #[cfg(feature = "bundled-fonts")]
    pub fn bundled() -> FontSet {
        let faces = bundled::faces();
        FontSet {
            faces,
            roles: [0, 1, 2, 3, 4],
            strict: false,
            system_fallback: true,
            system: Arc::default(),
        }
    }

    /// A set from one face per role, in the order of [`Role::ALL`].
    ///
    /// ```
    /// use gongwen::{fonts::Face, FontSet, Role};
    /// let kai = Face::from_file("fonts/headings/FandolKai-Regular.ttf").unwrap();
    /// let bundled = FontSet::bundled();
    /// let [f, h, s, x] = [Role::Fang, Role::Hei, Role::Song, Role::XiaoBiaoSong]
    ///     .map(|r| bundled.face(r).clone());
    /// let set = FontSet::from_faces([f, kai, h, s, x]);
    /// assert_eq!(set.face(Role::Kai).name, "FandolKai-Regular");
    /// ```
    pub fn from_faces(faces: [Face; 5]) -> FontSet {
        FontSet {
            faces: faces.into(),
            roles: [0, 1, 2, 3, 4],
            strict: false,
            system_fallback: true,
            system: Arc::default(),
        }
    }

    /// The default set: bundled when the feature is on, else the installed faces found
    /// by the usual family names.
    ///
    /// ```
    /// let set = gongwen::FontSet::default_set()?;
    /// assert!(!set.is_strict());
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn default_set() -> Result<FontSet, Error> {
        #[cfg(feature = "bundled-fonts")]
        {
            Ok(FontSet::bundled())
        }
        #[cfg(not(feature = "bundled-fonts"))]
        {
            let names = [
                ["FandolFang", "FangSong", "仿宋"],
                ["FandolKai", "KaiTi", "楷体"],
                ["FandolHei", "SimHei", "黑体"],
                ["FandolSong", "SimSun", "宋体"],
                ["FandolSong", "SimSun", "宋体"],
            ];
            let faces = Role::ALL.map(|r| names[r.index()].iter().find_map(|n| installed(n).ok()));
            let faces: Vec<Face> = faces
                .into_iter()
                .zip(Role::ALL)
                .map(|(f, r)| {
                    f.ok_or_else(|| Error::Font {
                        role: r.name().into(),
                        message: "no installed face found and the bundled-fonts feature is off"
                            .into(),
                    })
                })
                .collect::<Result<_, _>>()?;
            let faces: [Face; 5] = faces.try_into().expect("five roles");
            Ok(FontSet::from_faces(faces))
        }
    }

    /// Replaces the face of a role. `spec` is a font file path, the family or name of a
    /// face the set already holds (`FandolKai`), or an installed family name.
    ///
    /// ```
    /// use gongwen::{FontSet, Role};
    /// // A file path (relative to `base` when given) or an installed family name.
    /// let set = FontSet::bundled().with_role(Role::XiaoBiaoSong, "fonts/headings/FandolHei-Regular.ttf", None)?;
    /// assert_eq!(set.face(Role::XiaoBiaoSong).name, "FandolHei-Regular");
    /// assert!(FontSet::bundled().with_role(Role::Kai, "No Such Family", None).is_err());
    /// // A bundled face by its family, on any machine.
    /// let set = FontSet::bundled().with_role(Role::Hei, "FandolKai", None)?;
    /// assert_eq!(set.face(Role::Hei).name, "FandolKai-Regular");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn with_role(
        mut self,
        role: Role,
        spec: &str,
        base: Option<&Path>,
    ) -> Result<FontSet, Error> {
        let err = |message: String| Error::Font {
            role: role.name().into(),
            message,
        };
        let path = base.map_or_else(|| Path::new(spec).to_path_buf(), |b| b.join(spec));
        // A family the set already holds (the bundled FandolFang …) needs no lookup.
        let held = self
            .faces
            .iter()
            .find(|f| f.family.eq_ignore_ascii_case(spec) || f.name.eq_ignore_ascii_case(spec))
            .cloned();
        let face = if path.is_file() {
            Face::from_file(&path).map_err(|e| err(e.to_string()))?
        } else if let Some(face) = held {
            face
        } else {
            installed(spec).map_err(err)?
        };
        self.faces.push(face);
        self.roles[role.index()] = self.faces.len() - 1;
        Ok(self)
    }

    /// Strict mode: a character the role's face lacks is an error, not a fallback.
    ///
    /// ```
    /// assert!(gongwen::FontSet::bundled().strict(true).is_strict());
    /// ```
    pub fn strict(mut self, strict: bool) -> FontSet {
        self.strict = strict;
        self
    }

    /// Whether installed fonts may serve as fallbacks (on by default).
    ///
    /// ```
    /// // Without installed fallbacks the output depends on the bundled faces alone.
    /// let set = gongwen::FontSet::bundled().system_fallback(false);
    /// let doc = gongwen::Converter::with_fonts(set).read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// assert!(doc.diagnostics().is_empty());
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn system_fallback(mut self, on: bool) -> FontSet {
        self.system_fallback = on;
        self
    }

    /// Is strict mode on?
    ///
    /// ```
    /// assert!(!gongwen::FontSet::bundled().is_strict());
    /// ```
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// The face of a role.
    ///
    /// ```
    /// assert_eq!(gongwen::FontSet::bundled().face(gongwen::Role::Song).name, "FandolSong-Regular");
    /// ```
    pub fn face(&self, role: Role) -> &Face {
        &self.faces[self.roles[role.index()]]
    }

    /// The face behind an id used in the pages.
    ///
    /// ```
    /// let doc = gongwen::Converter::new()?.read_str("---\n标题: 通知\n---\n\n正文。\n")?;
    /// let run = doc.pages()[0].runs().next().unwrap();
    /// assert_eq!(doc.fonts().face_by_id(run.face).name, "FandolSong-Bold", "the title's face");
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn face_by_id(&self, id: FaceId) -> &Face {
        if id.0 < self.faces.len() {
            &self.faces[id.0]
        } else {
            &self.system_faces()[id.0 - self.faces.len()]
        }
    }

    /// The id of the face that draws a role.
    ///
    /// ```
    /// use gongwen::{FontSet, Role};
    /// let set = FontSet::bundled();
    /// assert_eq!(set.face_by_id(set.role_id(Role::Fang)).name, "FandolFang-Regular");
    /// ```
    pub fn role_id(&self, role: Role) -> FaceId {
        FaceId(self.roles[role.index()])
    }

    fn system_faces(&self) -> &[Face] {
        self.system.get_or_init(|| {
            if self.system_fallback {
                load_system_faces()
            } else {
                Vec::new()
            }
        })
    }

    /// Candidate fallbacks for a character missing from `role`'s face, best first: a
    /// face of the same style (仿宋, 楷, 黑, 宋), then a related one (宋 for 仿宋 and 楷),
    /// Simplified-Chinese forms before other regions', regular weights before bold
    /// ones (bold only for 小标宋), the set's own faces before installed ones.
    pub(crate) fn fallback_ids(&self, role: Role) -> Vec<FaceId> {
        let mut ids: Vec<FaceId> = (0..self.faces.len() + self.system_faces().len())
            .map(FaceId)
            .collect();
        // The set's own faces are Chinese faces (the bundled ones follow GB 2312).
        let own = self.faces.len();
        ids.sort_by_key(|&id| {
            let (bold, style, region, other) = fallback_rank(&self.face_by_id(id).name, role);
            (bold, style, region, other * u8::from(id.0 >= own))
        });
        ids
    }

    /// Every face id that can be used (own faces and any loaded system faces).
    pub(crate) fn face_count(&self) -> usize {
        self.faces.len() + self.system.get().map_or(0, Vec::len)
    }
}

/// How well a face named `name` stands in for `role`: lower is better (see
/// [`FontSet::fallback_ids`]).
fn fallback_rank(name: &str, role: Role) -> (u8, u8, u8, u8) {
    let n = name.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| n.contains(k));
    let serif = ["song", "serif", "ming", "宋"];
    let (same, related): (&[&str], &[&str]) = match role {
        Role::Fang => (&["fang", "仿宋"], &serif),
        Role::Kai => (&["kai", "楷"], &serif),
        Role::Hei => (&["hei", "sans", "黑"], &[]),
        Role::Song | Role::XiaoBiaoSong => (&serif, &[]),
    };
    let style = if has(same) {
        0
    } else if has(related) {
        1
    } else {
        2
    };
    // The region is the family's last two letters (NotoSansCJKsc, SourceHanSerifTC).
    let family = n.split('-').next().unwrap_or(&n);
    let region = family.get(family.len().saturating_sub(2)..).unwrap_or("");
    let simplified = ["sc", "cn"].contains(&region) || has(&["gb2312", "gbk", "gb18030"]);
    let other_region = u8::from(["tc", "hk", "tw", "jp", "kr"].contains(&region));
    let bold = u8::from(role != Role::XiaoBiaoSong && has(&["bold", "heavy", "black", "medium"]));
    (bold, style, other_region, u8::from(!simplified))
}

/// Index of a face in a [`FontSet`] (own faces, then system fallbacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub(crate) usize);

fn installed(family: &str) -> Result<Face, String> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let q = fontdb::Query {
        families: &[fontdb::Family::Name(family)],
        ..fontdb::Query::default()
    };
    let id = db.query(&q).or_else(|| {
        db.faces()
            .find(|f| f.families.iter().any(|(n, _)| n == family) || f.post_script_name == family)
            .map(|f| f.id)
    });
    let id = id.ok_or_else(|| format!("no installed font named `{family}` and no such file"))?;
    db.with_face_data(id, |data, index| {
        Face::from_bytes(data.to_vec(), index).map_err(|e| e.to_string())
    })
    .ok_or_else(|| format!("cannot read the font `{family}`"))?
}

/// Installed CJK faces, as last-resort fallbacks (loaded once per set, only when needed).
fn load_system_faces() -> Vec<Face> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut ids: Vec<(String, fontdb::ID)> = db
        .faces()
        .filter(|f| f.weight.0 < 600)
        .filter(|f| {
            f.families.iter().any(|(n, _)| {
                [
                    "Noto",
                    "Source Han",
                    "LXGW",
                    "WenQuanYi",
                    "AR PL",
                    "Droid Sans Fallback",
                ]
                .iter()
                .any(|k| n.contains(k))
            })
        })
        .map(|f| (f.post_script_name.clone(), f.id))
        .collect();
    ids.sort();
    ids.dedup_by(|a, b| a.0 == b.0);
    ids.into_iter()
        .filter_map(|(_, id)| {
            db.with_face_data(id, |d, i| Face::from_bytes(d.to_vec(), i).ok())
                .flatten()
        })
        .collect()
}

/// Per-layout cache of parsed faces and glyph metrics.
pub(crate) struct Metrics<'a> {
    set: &'a FontSet,
    parsed: Vec<Option<ttf_parser::Face<'a>>>,
    cache: HashMap<(FaceId, char), Option<(u16, f32)>, BuildMix>,
}

/// A hasher for the glyph cache's small keys (a face and a character): SipHash, the
/// standard one, took 5 % of the layout's time on 100 times the seed. Keys are few
/// (faces × characters), so even characters chosen to collide cannot make long chains.
#[derive(Default, Clone, Copy)]
struct BuildMix;

struct Mix(u64);

impl std::hash::BuildHasher for BuildMix {
    type Hasher = Mix;
    fn build_hasher(&self) -> Mix {
        Mix(0)
    }
}

impl std::hash::Hasher for Mix {
    fn finish(&self) -> u64 {
        // splitmix64's finaliser.
        let mut z = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(21) ^ v).wrapping_mul(0x0100_0000_01B3);
    }
}

impl<'a> Metrics<'a> {
    pub fn new(set: &'a FontSet) -> Metrics<'a> {
        Metrics {
            set,
            parsed: Vec::new(),
            cache: HashMap::default(),
        }
    }

    fn face(&mut self, id: FaceId) -> &ttf_parser::Face<'a> {
        if self.parsed.len() <= id.0 {
            self.parsed
                .resize_with(self.set.face_count().max(id.0 + 1), || None);
        }
        let set = self.set;
        self.parsed[id.0].get_or_insert_with(|| set.face_by_id(id).parse())
    }

    /// Glyph id and advance (in em) of `ch` in a face, `None` if the face lacks it.
    pub fn glyph(&mut self, id: FaceId, ch: char) -> Option<(u16, f32)> {
        if let Some(g) = self.cache.get(&(id, ch)) {
            return *g;
        }
        let face = self.face(id);
        let upem = f32::from(face.units_per_em());
        let g = face.glyph_index(ch).filter(|g| g.0 != 0).map(|g| {
            (
                g.0,
                f32::from(face.glyph_hor_advance(g).unwrap_or(0)) / upem,
            )
        });
        self.cache.insert((id, ch), g);
        g
    }

    /// The top of the ink of `ch` above the baseline, in em.
    pub fn ink_top(&mut self, id: FaceId, ch: char) -> Option<f32> {
        let face = self.face(id);
        let upem = f32::from(face.units_per_em());
        let g = face.glyph_index(ch)?;
        face.glyph_bounding_box(g)
            .map(|b| f32::from(b.y_max) / upem)
    }

    pub fn set(&self) -> &'a FontSet {
        self.set
    }
}

impl FontSet {
    /// The default set with roles replaced by the font files found in `dir`, matched by
    /// their names: `Fang`/`仿宋` → 仿宋, `Kai`/`楷` → 楷体, `Hei`/`黑` → 黑体,
    /// `XiaoBiaoSong`/`小标宋` → 小标宋, other `Song`/`宋` → 宋体.
    ///
    /// ```
    /// // Files named for their role (仿宋, Kai, Hei …) replace the bundled faces.
    /// let dir = std::env::temp_dir().join(format!("gongwen-fonts-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::copy("fonts/headings/FandolHei-Regular.ttf", dir.join("Kai.ttf")).unwrap();
    /// let set = gongwen::FontSet::from_dir(&dir)?;
    /// assert_eq!(set.face(gongwen::Role::Kai).name, "FandolHei-Regular");
    /// std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), gongwen::Error>(())
    /// ```
    pub fn from_dir(dir: &Path) -> Result<FontSet, Error> {
        let err = |message: String| Error::Font {
            role: "--fonts".into(),
            message,
        };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| err(format!("{}: {e}", dir.display())))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        let mut set = FontSet::default_set()?;
        for path in entries {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if !matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc") {
                continue;
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_lowercase();
            let role = if name.contains("xiaobiaosong") || name.contains("小标宋") {
                Role::XiaoBiaoSong
            } else if name.contains("fang") || name.contains("仿宋") {
                Role::Fang
            } else if name.contains("kai") || name.contains("楷") {
                Role::Kai
            } else if name.contains("hei") || name.contains("黑") {
                Role::Hei
            } else if name.contains("song") || name.contains("宋") {
                Role::Song
            } else {
                continue;
            };
            let face = Face::from_file(&path).map_err(|e| err(e.to_string()))?;
            set.faces.push(face);
            set.roles[role.index()] = set.faces.len() - 1;
        }
        Ok(set)
    }
}

#[cfg(test)]
mod fallback_tests {
    use super::*;

    #[test]
    fn fallbacks_prefer_the_same_style_simplified_forms_and_regular_weight() {
        let mut names = [
            "NotoSansCJKhk-Bold",
            "DroidSansFallback",
            "NotoSerifCJKjp-Regular",
            "NotoSerifCJKsc-Regular",
            "NotoSansCJKsc-Regular",
            "FangSong",
            "KaiTi",
        ];
        names.sort_by_key(|n| fallback_rank(n, Role::Fang));
        assert_eq!(
            names[..3],
            [
                "FangSong",
                "NotoSerifCJKsc-Regular",
                "NotoSerifCJKjp-Regular"
            ]
        );
        assert_eq!(
            names.last(),
            Some(&"NotoSansCJKhk-Bold"),
            "never bold in 仿宋 text"
        );
        names.sort_by_key(|n| fallback_rank(n, Role::Hei));
        assert_eq!(names[..2], ["NotoSansCJKsc-Regular", "DroidSansFallback"]);
        let mut noto = [
            "NotoSansCJKhk-Regular",
            "NotoSansCJKjp-Regular",
            "NotoSansCJKsc-Regular",
        ];
        noto.sort_by_key(|n| fallback_rank(n, Role::Hei));
        assert_eq!(
            noto[0], "NotoSansCJKsc-Regular",
            "`sans` + `cjkhk` is not `sc`"
        );
    }
}
