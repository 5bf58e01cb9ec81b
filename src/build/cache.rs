//! What a rebuild keeps of the previous build, so that it does again only what its inputs changed:
//! for each department, what the site-wide stages need of it (its summary, its open-data rows and
//! its search documents: the *payload*) and the files it wrote, and for each site-wide stage the
//! files it wrote, each under a key that hashes everything its result is made from.
//!
//! It lives beside the output, never in it (`.gongkai-cache/site-<output name>/`): one
//! `manifest` (checksummed JSON) and one payload file per department, named by the hash of its
//! contents. Nothing is trusted blindly: the manifest is read only when its checksum holds and it
//! was written by this very program (the hash of its executable) for the same settings; an entry
//! only when its key is the one computed now and every file it names is still in the output with
//! the length and modification time it had when the manifest was written; a payload part only
//! when it hashes to what the manifest says. Whatever fails is ignored and built again.
//!
//! The manifest describes the output as the last build left it, so it is set aside while a build
//! puts its output in place and written anew only once that succeeded; a build that fails leaves
//! the previous manifest with the previous output.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

/// A 128-bit hash (the first half of a SHA-256), written as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Digest([u8; 16]);

impl Digest {
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn from_hex(text: &str) -> Option<Digest> {
        if text.len() != 32 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0; 16];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Digest(bytes))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// As hex digits in a text format (JSON), as its 16 bytes in a binary one (the manifest).
impl Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.hex())
        } else {
            self.0.serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Digest, D::Error> {
        if d.is_human_readable() {
            let text = String::deserialize(d)?;
            Digest::from_hex(&text).ok_or_else(|| serde::de::Error::custom("not a digest"))
        } else {
            <[u8; 16]>::deserialize(d).map(Digest)
        }
    }
}

/// Hashes a sequence of parts; each is length-prefixed, so no two sequences run together.
#[derive(Clone, Default)]
pub struct Hasher(sha2::Sha256);

impl Hasher {
    pub fn new() -> Hasher {
        Hasher::default()
    }

    pub fn part(&mut self, bytes: &[u8]) -> &mut Hasher {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(&self) -> Digest {
        let full = self.0.clone().finalize();
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&full[..16]);
        Digest(bytes)
    }
}

/// The hash of the parts given.
pub fn digest(parts: &[&[u8]]) -> Digest {
    let mut h = Hasher::new();
    for p in parts {
        h.part(p);
    }
    h.finish()
}

/// The hash of this program's executable (read once per process): a cache written by another
/// build of gongkai, whose pages or parser may differ, is never read. `None` when the executable
/// cannot be read; there is then no cache.
pub fn program_id() -> Option<Digest> {
    static ID: OnceLock<Option<Digest>> = OnceLock::new();
    *ID.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let bytes = std::fs::read(exe).ok()?;
        Some(digest(&[env!("CARGO_PKG_VERSION").as_bytes(), &bytes]))
    })
}

/// The hash of every file under `dir` (relative name and bytes, in name order); that of nothing
/// when there is no such folder.
pub fn folder_digest(dir: &Path) -> std::io::Result<Digest> {
    let mut h = Hasher::new();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry?;
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            h.part(relative.as_os_str().as_encoded_bytes());
            h.part(&std::fs::read(entry.path())?);
        }
    }
    Ok(h.finish())
}

/// One file of the output as the manifest knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub path: String,
    pub len: u64,
    /// Modification time, in nanoseconds since 1970.
    pub modified: u128,
}

impl Record {
    /// The output's file at `path` as it is now.
    pub fn of(output: &Folder, path: &str) -> std::io::Result<Record> {
        let (len, modified) = output.file(path)?;
        Ok(Record {
            path: path.to_string(),
            len,
            modified,
        })
    }

    /// Whether the output still has this file as it was recorded.
    pub fn holds(&self, output: &Folder) -> bool {
        Record::of(output, &self.path).is_ok_and(|now| now == *self)
    }
}

/// A folder whose files are looked at by their paths inside it: opened once, and each file then
/// found from it, not from the root of the file system (a rebuild at 10,000 departments looks at
/// 100,000 output files; walking each full path again was a fifth of its time).
pub struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    handle: Option<std::fs::File>,
}

impl Folder {
    /// The folder at `path`; where it cannot be opened, its files are looked at by their full
    /// paths (and their errors come from there).
    pub fn open(path: &Path) -> Folder {
        Folder {
            path: path.to_path_buf(),
            #[cfg(unix)]
            handle: std::fs::File::open(path).ok(),
        }
    }

    /// The length and modification time (nanoseconds since 1970) of the regular file at
    /// `relative`, a symbolic link not followed; an error for anything else.
    pub fn file(&self, relative: &str) -> std::io::Result<(u64, u128)> {
        #[cfg(unix)]
        if let Some(handle) = &self.handle {
            use rustix::fs::{AtFlags, FileType, statat};
            let stat = statat(handle, relative, AtFlags::SYMLINK_NOFOLLOW)?;
            if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
                return Err(std::io::Error::other("not a file"));
            }
            let seconds = u128::try_from(stat.st_mtime).unwrap_or(0);
            // Unsigned on some systems, signed on others.
            #[allow(clippy::unnecessary_fallible_conversions)]
            let nanos = u128::try_from(stat.st_mtime_nsec).unwrap_or(0);
            let len = u64::try_from(stat.st_size).unwrap_or(0);
            return Ok((len, seconds * 1_000_000_000 + nanos));
        }
        let meta = std::fs::symlink_metadata(self.path.join(relative))?;
        if !meta.is_file() {
            return Err(std::io::Error::other("not a file"));
        }
        Ok((meta.len(), nanos(&meta)))
    }
}

/// An input file's length and modification time, taken before it is read: when neither changed
/// since a build hashed it (and it was last changed well before that), the file is taken as the
/// one that build read, without reading it again. A file changed within [`STAMP_MARGIN`] of being
/// read is always read again, so a change made in the same tick of a coarse file-system clock is
/// not missed (the rule git's index follows for "racy" files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    /// Modification time, in nanoseconds since 1970.
    pub modified: u128,
}

/// How long before the stamps were taken a file must have last changed for its stamp to be
/// trusted: more than the coarsest file-system clock (FAT's 2 s).
pub const STAMP_MARGIN: u128 = 3_000_000_000;

/// The stamps of the files of an input, and when they were taken; `None` when one of them cannot
/// be read (its error comes when it is read).
pub fn stamps(files: &[PathBuf]) -> Option<Stamps> {
    let taken = now_nanos();
    let files = files
        .iter()
        .map(|f| {
            let meta = std::fs::metadata(f).ok()?;
            Some(Stamp {
                len: meta.len(),
                modified: nanos(&meta),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Stamps { taken, files })
}

/// The [`Stamp`]s of an input's files, taken at `taken` (nanoseconds since 1970).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamps {
    pub taken: u128,
    pub files: Vec<Stamp>,
}

impl Stamps {
    /// Whether `now` (taken later) shows the same files, each last changed well before these
    /// stamps were taken.
    fn still(&self, now: &Stamps) -> bool {
        self.files == now.files
            && self
                .files
                .iter()
                .all(|f| f.modified.saturating_add(STAMP_MARGIN) < self.taken)
    }
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The parts of a department's payload, in their order in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Summary = 0,
    Entries = 1,
    Docs = 2,
}

const PARTS: usize = 3;

impl Part {
    /// A part's bytes. The search documents (half a payload, plain strings and numbers) are in
    /// postcard, a compact binary form: in JSON they were 48 KB a department, 480 MB written at
    /// 10,000. The summary and the open-data entries stay JSON: their amounts are read back from
    /// whatever form they were written in, which a binary form does not say.
    pub fn encode<T: Serialize>(self, value: &T) -> std::io::Result<Vec<u8>> {
        match self {
            Part::Docs => postcard::to_stdvec(value).map_err(std::io::Error::other),
            Part::Summary | Part::Entries => {
                serde_json::to_vec(value).map_err(std::io::Error::other)
            }
        }
    }

    /// A part read back from its bytes; `None` when they are not what [`Part::encode`] wrote.
    pub fn decode<T: serde::de::DeserializeOwned>(self, bytes: &[u8]) -> Option<T> {
        match self {
            Part::Docs => postcard::from_bytes(bytes).ok(),
            Part::Summary | Part::Entries => serde_json::from_slice(bytes).ok(),
        }
    }
}

/// One department as the last build left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The hash of its document (each file's name and bytes) and slug.
    pub input: Digest,
    /// Its files' stamps, taken before they were read and hashed.
    #[serde(default)]
    pub stamps: Option<Stamps>,
    /// The name its document gives, and the hash of the identity the site gave it with that name
    /// (its row of the departments table, its overrides): the same document under another row
    /// is built again.
    pub read_name: Option<String>,
    pub identity: Digest,
    /// Which department and year it is.
    pub department: String,
    pub year: u16,
    /// The files it wrote (its pages, charts, data, PDFs).
    pub files: Vec<Record>,
    /// The cross-year section put into its page, which depends on its other years.
    pub section: Option<String>,
    /// Its payload file, and the hash of each part.
    pub payload: Digest,
    pub parts: [Digest; PARTS],
}

/// What one site-wide stage wrote, under the hash of everything it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub key: Digest,
    pub files: Vec<Record>,
}

/// The site-wide stages whose files are kept when their key is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageName {
    /// Timelines, the lists of every year and of the site, the Markdown pages.
    Lists,
    Search,
    OpenData,
}

/// Everything the cache knows of the last build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The program and settings it was built with (see [`program_id`]).
    pub context: Digest,
    /// By the input's path.
    pub departments: BTreeMap<String, Entry>,
    pub stages: BTreeMap<StageName, Stage>,
    /// The output's other files (the assets, the sitemap): with the departments' and the stages'
    /// files, every file the build put in the output.
    #[serde(default)]
    pub other_files: Vec<String>,
}

impl Manifest {
    /// Every file the build put in the output.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        let departments = self.departments.values().flat_map(|e| &e.files);
        let stages = self.stages.values().flat_map(|s| &s.files);
        departments
            .chain(stages)
            .map(|r| r.path.as_str())
            .chain(self.other_files.iter().map(String::as_str))
    }
}

const MANIFEST: &str = "manifest";
/// The manifest set aside while the output is replaced.
const ASIDE: &str = "manifest.aside";
const PAYLOAD: &str = "dep";
/// The payload format: 2 since the search documents are in postcard.
const MAGIC: &[u8; 16] = b"gongkai cache 2\n";

/// A cache read by [`Cache::read`], its manifest not yet checked against the build's context.
pub struct ReadCache {
    dir: PathBuf,
    folder: Folder,
    previous: Option<Manifest>,
}

impl ReadCache {
    /// The cache for a build in `context`: the manifest read, if it was written in that context.
    pub fn open(self, context: Digest) -> Cache {
        Cache {
            dir: self.dir,
            folder: self.folder,
            context,
            previous: self
                .previous
                .filter(|m| m.context == context)
                .unwrap_or_default(),
        }
    }
}

/// The cache of the site written to `output`.
pub struct Cache {
    dir: PathBuf,
    /// The output, opened once to look at its files.
    folder: Folder,
    context: Digest,
    previous: Manifest,
}

impl Cache {
    /// The cache of `output` for a build in `context`; its previous manifest when that can be
    /// read, holds its checksum and was written in the same context, else an empty one. `None`
    /// when the output names no folder. (A build reads it first, then opens it.)
    #[cfg(test)]
    pub fn open(output: &Path, context: Digest) -> Option<Cache> {
        Some(Cache::read(output)?.open(context))
    }

    /// The cache of `output` read, before the build's context is known (so a build can read it
    /// while it reads its templates and lists its documents); `None` when the output names no
    /// folder.
    pub fn read(output: &Path) -> Option<ReadCache> {
        let name = output.file_name()?.to_string_lossy().into_owned();
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let dir = parent
            .join(crate::department::CACHE_FOLDER)
            .join(format!("site-{name}"));
        let previous = read_manifest(&dir.join(MANIFEST));
        Some(ReadCache {
            dir,
            folder: Folder::open(output),
            previous,
        })
    }

    pub fn context(&self) -> Digest {
        self.context
    }

    /// The entry of the input at `path` from the last build, when it has the key given and the
    /// output still has all its files as they were.
    pub fn entry(&self, path: &str, input: Digest) -> Option<&Entry> {
        let e = self.previous.departments.get(path)?;
        (e.input == input && e.files.iter().all(|r| r.holds(&self.folder))).then_some(e)
    }

    /// The hash of the input at `path` as the last build read it, when its files' stamps taken
    /// now are the ones it recorded (see [`Stamp`]); `None` when it must be read and hashed.
    pub fn unchanged_input(&self, path: &str, now: &Stamps) -> Option<Digest> {
        let e = self.previous.departments.get(path)?;
        e.stamps.as_ref()?.still(now).then_some(e.input)
    }

    /// Every file the last build put in the output, when the manifest of that build was read
    /// (and so describes the output as it left it); `None` otherwise.
    pub fn previous_files(&self) -> Option<Vec<String>> {
        let files: Vec<String> = self.previous.files().map(str::to_string).collect();
        (!files.is_empty()).then_some(files)
    }

    /// The entry of the input at `path` from the last build, whatever its key (for its
    /// cross-year section when every summary is unchanged).
    pub fn previous_entry(&self, path: &str) -> Option<&Entry> {
        self.previous.departments.get(path)
    }

    /// The files of a site-wide stage from the last build, when its key is `key` and the output
    /// still has them all as they were.
    pub fn stage(&self, name: StageName, key: Digest) -> Option<&[Record]> {
        let s = self.previous.stages.get(&name)?;
        (s.key == key && s.files.iter().all(|r| r.holds(&self.folder))).then_some(&s.files)
    }

    /// Keeps a department's payload; returns the payload's name and each part's hash.
    pub fn put(&self, parts: [&[u8]; PARTS]) -> std::io::Result<(Digest, [Digest; PARTS])> {
        let hashes = parts.map(|p| digest(&[p]));
        let mut h = Hasher::new();
        for one in &hashes {
            h.part(&one.0);
        }
        let name = h.finish();
        std::fs::create_dir_all(&self.dir)?;
        let path = self.payload_path(name);
        let temp = self
            .dir
            .join(format!(".{}.{}", name.hex(), std::process::id()));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&temp)?);
        file.write_all(MAGIC)?;
        for p in &parts {
            file.write_all(&(p.len() as u64).to_le_bytes())?;
        }
        for p in &parts {
            file.write_all(p)?;
        }
        file.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&temp, &path)?;
        Ok((name, hashes))
    }

    /// One part of a department's payload, when the file has it as the entry says; `None` when
    /// it is missing or does not hash to what it should.
    pub fn part(&self, entry: &Entry, part: Part) -> Option<Vec<u8>> {
        let mut file = std::fs::File::open(self.payload_path(entry.payload)).ok()?;
        let mut head = [0u8; MAGIC.len() + 8 * PARTS];
        file.read_exact(&mut head).ok()?;
        if &head[..MAGIC.len()] != MAGIC {
            return None;
        }
        let lens: Vec<u64> = head[MAGIC.len()..]
            .chunks(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect();
        let k = part as usize;
        let at = head.len() as u64 + lens[..k].iter().sum::<u64>();
        file.seek(SeekFrom::Start(at)).ok()?;
        let len = usize::try_from(lens[k]).ok()?;
        let mut bytes = vec![0; len];
        file.read_exact(&mut bytes).ok()?;
        (digest(&[&bytes]) == entry.parts[k]).then_some(bytes)
    }

    fn payload_path(&self, name: Digest) -> PathBuf {
        self.dir.join(format!("{}.{PAYLOAD}", name.hex()))
    }

    /// Sets the manifest aside while the output is replaced (it describes the output as it
    /// was): a build stopped meanwhile leaves no manifest, and the next one builds everything.
    pub fn set_aside(&self) {
        let _ = std::fs::rename(self.dir.join(MANIFEST), self.dir.join(ASIDE));
    }

    /// Puts the manifest set aside back: the output was not replaced.
    pub fn put_back(&self) {
        let _ = std::fs::rename(self.dir.join(ASIDE), self.dir.join(MANIFEST));
    }

    /// Writes the manifest of the output now in place, and removes the payloads it does not
    /// name (and the one set aside).
    pub fn save(&self, manifest: &Manifest) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let body = postcard::to_stdvec(manifest).map_err(std::io::Error::other)?;
        let mut text = digest(&[&body]).hex().into_bytes();
        text.push(b'\n');
        text.extend_from_slice(&body);
        let temp = self.dir.join(format!(".{MANIFEST}.{}", std::process::id()));
        std::fs::write(&temp, text)?;
        std::fs::rename(&temp, self.dir.join(MANIFEST))?;
        let _ = std::fs::remove_file(self.dir.join(ASIDE));
        let named: HashSet<String> = manifest
            .departments
            .values()
            .map(|e| format!("{}.{PAYLOAD}", e.payload.hex()))
            .collect();
        for entry in std::fs::read_dir(&self.dir)?.filter_map(Result::ok) {
            let file = entry.file_name().to_string_lossy().into_owned();
            let ours = file.ends_with(&format!(".{PAYLOAD}")) || is_stale_temp(&file);
            if ours && !named.contains(&file) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

/// A temporary file (`.<name>.<pid>`) of a build no longer running.
fn is_stale_temp(file: &str) -> bool {
    let Some((_, pid)) = file.strip_prefix('.').and_then(|f| f.rsplit_once('.')) else {
        return false;
    };
    pid.parse::<u32>().is_ok_and(|pid| {
        pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
    })
}

fn read_manifest(path: &Path) -> Option<Manifest> {
    let text = std::fs::read(path).ok()?;
    let newline = text.iter().position(|&b| b == b'\n')?;
    let (sum, body) = (&text[..newline], &text[newline + 1..]);
    if sum != digest(&[body]).hex().as_bytes() {
        return None;
    }
    postcard::from_bytes(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary folder with an output holding one page, `a.html`.
    fn output_with_a_page() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("a.html"), "a").unwrap();
        (dir, out)
    }

    fn entry(cache: &Cache, parts: [&[u8]; PARTS]) -> Entry {
        let (payload, parts) = cache.put(parts).unwrap();
        Entry {
            input: digest(&[b"doc"]),
            stamps: None,
            read_name: None,
            identity: Digest::default(),
            department: "d".into(),
            year: 2024,
            files: Vec::new(),
            section: None,
            payload,
            parts,
        }
    }

    #[test]
    fn each_part_reads_back_what_it_wrote_in_its_own_form() {
        let value = vec![("预算".to_string(), 3u32, vec![1u32, 7])];
        for part in [Part::Summary, Part::Entries, Part::Docs] {
            let bytes = part.encode(&value).unwrap();
            assert_eq!(
                part.decode::<Vec<(String, u32, Vec<u32>)>>(&bytes),
                Some(value.clone())
            );
        }
        let json = Part::Summary.encode(&value).unwrap();
        let binary = Part::Docs.encode(&value).unwrap();
        assert!(
            binary.len() < json.len(),
            "{} vs {}",
            binary.len(),
            json.len()
        );
        assert_eq!(
            Part::Docs.decode::<Vec<(String, u32, Vec<u32>)>>(&json),
            None
        );
    }

    #[test]
    fn a_payload_part_is_read_back_only_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("public"), Digest::default()).unwrap();
        let e = entry(&cache, [b"summary", b"", b"docs"]);
        assert_eq!(cache.part(&e, Part::Summary).unwrap(), b"summary");
        assert_eq!(cache.part(&e, Part::Entries).unwrap(), b"");
        assert_eq!(cache.part(&e, Part::Docs).unwrap(), b"docs");
        // One byte changed on disk: that part is refused, the others still read.
        let path = cache.payload_path(e.payload);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(cache.part(&e, Part::Docs), None);
        assert_eq!(cache.part(&e, Part::Summary).unwrap(), b"summary");
        std::fs::write(&path, b"gongkai").unwrap();
        assert_eq!(cache.part(&e, Part::Summary), None);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(cache.part(&e, Part::Summary), None);
    }

    #[test]
    fn a_manifest_is_read_only_whole_and_in_its_own_context() {
        let (_dir, out) = output_with_a_page();
        let context = digest(&[b"context"]);
        let cache = Cache::open(&out, context).unwrap();
        let mut e = entry(&cache, [b"s", b"e", b"d"]);
        e.files
            .push(Record::of(&Folder::open(&out), "a.html").unwrap());
        let manifest = Manifest {
            context,
            departments: [("in/a.txt".to_string(), e.clone())].into(),
            stages: BTreeMap::new(),
            other_files: vec!["style.css".into()],
        };
        cache.save(&manifest).unwrap();
        let again = Cache::open(&out, context).unwrap();
        assert_eq!(again.previous, manifest);
        assert_eq!(again.entry("in/a.txt", e.input), Some(&e));
        assert_eq!(again.entry("in/a.txt", digest(&[b"other"])), None);
        // Another program or settings: nothing is read.
        let other = Cache::open(&out, digest(&[b"other"])).unwrap();
        assert_eq!(other.previous, Manifest::default());
        // A file of the entry changed in the output: the entry is not used.
        std::fs::write(out.join("a.html"), "ab").unwrap();
        assert_eq!(again.entry("in/a.txt", e.input), None);
        // A manifest changed on disk is not read.
        let path = again.dir.join(MANIFEST);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.windows(8).position(|w| w == b"in/a.txt").unwrap();
        bytes[at + 3] = b'b';
        std::fs::write(&path, bytes).unwrap();
        let broken = Cache::open(&out, context).unwrap();
        assert_eq!(broken.previous, Manifest::default());
    }

    #[test]
    fn a_folder_sees_its_regular_files_as_std_does_and_nothing_else() {
        let (_dir, out) = output_with_a_page();
        std::fs::create_dir_all(out.join("sub")).unwrap();
        std::fs::write(out.join("sub/b.html"), "bbb").unwrap();
        let folder = Folder::open(&out);
        for path in ["a.html", "sub/b.html"] {
            let meta = std::fs::metadata(out.join(path)).unwrap();
            assert_eq!(
                folder.file(path).unwrap(),
                (meta.len(), nanos(&meta)),
                "{path}"
            );
        }
        assert!(folder.file("sub").is_err(), "a folder");
        assert!(folder.file("missing.html").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(out.join("a.html"), out.join("link.html")).unwrap();
            assert!(folder.file("link.html").is_err(), "a link is not followed");
        }
        // A folder that does not exist (yet): its files are looked for, and not found.
        let missing = Folder::open(&out.join("none"));
        assert!(missing.file("a.html").is_err());
    }

    #[test]
    fn saving_removes_the_payloads_no_entry_names() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let cache = Cache::open(&out, Digest::default()).unwrap();
        let kept = entry(&cache, [b"1", b"", b""]);
        let gone = entry(&cache, [b"2", b"", b""]);
        let manifest = Manifest {
            departments: [("a".to_string(), kept.clone())].into(),
            ..Manifest::default()
        };
        cache.save(&manifest).unwrap();
        assert!(cache.part(&kept, Part::Summary).is_some());
        assert!(!cache.payload_path(gone.payload).exists());
    }

    #[test]
    fn an_input_is_taken_as_unchanged_only_by_old_enough_stamps_that_match() {
        let stamp = |len, modified| Stamp { len, modified };
        let taken = 100 * STAMP_MARGIN;
        let then = Stamps {
            taken,
            files: vec![stamp(10, taken - 2 * STAMP_MARGIN)],
        };
        let later = |files| Stamps {
            taken: taken + 5,
            files,
        };
        assert!(then.still(&later(then.files.clone())));
        // Another length, another time, another number of files: read again.
        assert!(!then.still(&later(vec![stamp(11, taken - 2 * STAMP_MARGIN)])));
        assert!(!then.still(&later(vec![stamp(10, taken - 2 * STAMP_MARGIN + 1)])));
        assert!(!then.still(&later(Vec::new())));
        // Changed just before it was read: a later change in the same tick of the file
        // system's clock would leave the same stamp, so it is never trusted.
        let racy = Stamps {
            taken,
            files: vec![stamp(10, taken - STAMP_MARGIN / 2)],
        };
        assert!(!racy.still(&later(racy.files.clone())));
    }

    #[test]
    fn the_previous_files_are_those_of_a_manifest_read() {
        let (_dir, out) = output_with_a_page();
        let cache = Cache::open(&out, Digest::default()).unwrap();
        assert_eq!(cache.previous_files(), None);
        let mut e = entry(&cache, [b"s", b"e", b"d"]);
        e.files
            .push(Record::of(&Folder::open(&out), "a.html").unwrap());
        let manifest = Manifest {
            departments: [("in/a.txt".to_string(), e)].into(),
            stages: [(
                StageName::Search,
                Stage {
                    key: Digest::default(),
                    files: vec![Record {
                        path: "search/meta.js".into(),
                        len: 1,
                        modified: 1,
                    }],
                },
            )]
            .into(),
            other_files: vec!["style.css".into()],
            ..Manifest::default()
        };
        cache.save(&manifest).unwrap();
        let again = Cache::open(&out, Digest::default()).unwrap();
        let mut files = again.previous_files().unwrap();
        files.sort_unstable();
        assert_eq!(files, ["a.html", "search/meta.js", "style.css"]);
        // In another context the manifest is not read: no list.
        assert_eq!(
            Cache::open(&out, digest(&[b"x"])).unwrap().previous_files(),
            None
        );
    }
}
