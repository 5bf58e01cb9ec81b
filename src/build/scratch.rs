//! Each department's rows of the open-data tables, kept on disk until they are joined.

use std::path::{Path, PathBuf};

use super::{BuildError, io_at, poisoned};

/// Each department's rows of the CSV tables, kept in a file beside the output from the
/// department stage until the joined tables are written, so they take no memory meanwhile.
/// Removed when dropped.
pub(super) struct Scratch {
    path: PathBuf,
    file: std::sync::Mutex<std::fs::File>,
    /// Offset and length of each department's entry, in site order.
    spans: Vec<(u64, usize)>,
    end: u64,
}

impl Scratch {
    pub(super) fn new(output: &Path) -> Result<Scratch, BuildError> {
        let path = crate::write::scratch_path(output);
        let io = |source| BuildError::Io {
            path: path.display().to_string(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .map_err(io)?;
        Ok(Scratch {
            path,
            file: std::sync::Mutex::new(file),
            spans: Vec::new(),
            end: 0,
        })
    }

    pub(super) fn put(&mut self, bytes: &[u8]) -> Result<(), BuildError> {
        use std::io::{Seek, SeekFrom, Write};
        let file = self.file.get_mut().map_err(|_| poisoned())?;
        file.seek(SeekFrom::Start(self.end))
            .map_err(io_at(&self.path))?;
        file.write_all(bytes).map_err(io_at(&self.path))?;
        self.spans.push((self.end, bytes.len()));
        self.end += bytes.len() as u64;
        Ok(())
    }

    pub(super) fn get(&self, i: usize) -> Result<String, BuildError> {
        use std::io::{Read, Seek, SeekFrom};
        let (at, len) = self.spans[i];
        let mut bytes = vec![0; len];
        let mut file = self.file.lock().map_err(|_| poisoned())?;
        file.seek(SeekFrom::Start(at)).map_err(io_at(&self.path))?;
        file.read_exact(&mut bytes).map_err(io_at(&self.path))?;
        String::from_utf8(bytes)
            .map_err(|e| io_at(&self.path)(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        crate::write::scratch_done(&self.path);
    }
}
