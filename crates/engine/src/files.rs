//! Reading a file a person named: only a regular file, and only up to a stated size,
//! so a folder, a pipe (FIFO), a device such as `/dev/zero` or a huge file is refused
//! at once with a clear reason instead of hanging or filling the memory.

use serde::Serialize;
use std::io::Read;
use std::path::Path;
use ts_rs::TS;

/// The largest file an import reads: 50 MB (a 100,000-user CSV is about 10 MB).
pub const MAX_IMPORT_BYTES: u64 = 50 * 1024 * 1024;

/// Why a file was not read, in plain words.
#[derive(Debug, thiserror::Error)]
pub enum ReadLimitError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is a folder, not a file")]
    Folder,
    #[error("it is not an ordinary file (it is a pipe, a device or a socket)")]
    NotAFile,
    #[error("it is {} MB; the most this app reads is {} MB", .size.div_ceil(1024 * 1024), .limit / (1024 * 1024))]
    TooLarge { size: u64, limit: u64 },
}

/// Checks, without opening it, that the file is a regular file of at most `limit`
/// bytes; its size.
pub fn check_file(path: &Path, limit: u64) -> Result<u64, ReadLimitError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(ReadLimitError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadLimitError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadLimitError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(meta.len())
}

/// The whole file, when it is a regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadLimitError> {
    let size = check_file(path, limit)?;
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow between the check and the read: never read past the limit.
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadLimitError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// A file or folder the person chose in a native dialog. The window holds only its id
/// and name; the path stays in the app, so the webview never supplies one.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChosenPath {
    /// What the window hands back to the command that reads or writes it.
    pub id: String,
    /// The file or folder's name, to show.
    pub name: String,
}

/// A file that starts with a UTF-16 byte-order mark (a spreadsheet's "Unicode text"),
/// decoded; `None` for any other file, `Err(row)` for UTF-16 that breaks off.
pub fn decode_utf16(bytes: &[u8]) -> Option<Result<String, u32>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks(2).map(|pair| match pair {
        [a, b] if little => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xD800, // an odd last byte: a lone surrogate, reported as a bad character
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut row = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                row += u32::from(c == '\n');
                text.push(c);
            }
            Err(_) => return Some(Err(row)),
        }
    }
    Some(Ok(text))
}
