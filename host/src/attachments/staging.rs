//! Getting a file onto disk safely: written to `partial/` while it arrives, checked, synced, then
//! renamed to `<xx>/<id>` in one step, so a half-written file never carries an attachment's name.
//! Guards remove what an error or a dropped request leaves behind.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use super::sniff::{self, SNIFF_LEN};
use super::{Attachment, AttachmentSettings, human_size};
use crate::error::{Error, Reason, Result};

pub const PARTIAL_DIR: &str = "partial";
/// Partial files older than this at start-up belong to uploads that died with a previous run.
const STALE_PARTIAL: Duration = Duration::from_secs(3600);
const MAX_NAME_CHARS: usize = 200;

/// A file as a sender gives it.
pub struct NewFile<R> {
    /// As the sender named it; sanitized before it is stored or shown.
    pub file_name: String,
    /// What the sender says it is; believed only when the content agrees.
    pub declared_type: Option<String>,
    /// The size, when known up front: a file too large is then refused before it is copied.
    pub size: Option<u64>,
    pub content: R,
}

/// A checked file in its final place that no message refers to yet. Dropping it removes the
/// file, unless [`Staged::keep`] was called.
#[derive(Debug)]
pub struct Staged {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    path: PathBuf,
    kept: bool,
}

impl Staged {
    /// Called just before the transaction that refers to the file commits: from then on a lost
    /// file would break a stored message, while a kept file whose commit failed only wastes disk.
    pub fn keep(&mut self) {
        self.kept = true;
    }

    pub fn record(
        &self,
        conversation_id: Uuid,
        message_id: Uuid,
        now: DateTime<Utc>,
    ) -> Attachment {
        Attachment {
            id: self.id,
            conversation_id,
            message_id,
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            size: self.size,
            sha256: self.sha256.clone(),
            created_at: now,
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.kept {
            remove_quietly(&self.path);
        }
    }
}

/// A file being written; removed unless it was renamed into place.
struct Partial {
    path: PathBuf,
    done: bool,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.done {
            remove_quietly(&self.path);
        }
    }
}

fn remove_quietly(path: &Path) {
    if let Err(err) = std::fs::remove_file(path)
        && err.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(path = %path.display(), %err, "cannot remove an unused attachment file");
    }
}

/// Where an attachment's file lives: spread over 256 directories by the id's last (random) byte.
pub fn final_path(root: &Path, id: Uuid) -> PathBuf {
    let simple = id.simple().to_string();
    let shard = &simple[simple.len() - 2..];
    root.join(shard).join(simple)
}

pub async fn stage<R: AsyncRead + Unpin + Send>(
    root: &Path,
    settings: &AttachmentSettings,
    mut file: NewFile<R>,
) -> Result<Staged> {
    let file_name = sanitize_file_name(&file.file_name);
    let too_large = || {
        Error::refused(
            Reason::FileTooLarge,
            "file",
            format!("must be at most {}", human_size(settings.max_size)),
        )
        .with_bound(settings.max_size)
    };
    if file.size.is_some_and(|size| size > settings.max_size) {
        return Err(too_large());
    }
    // The type is decided from the first bytes, before the rest is copied.
    let mut head = vec![0u8; SNIFF_LEN];
    let mut filled = 0;
    while filled < head.len() {
        let read = file
            .content
            .read(&mut head[filled..])
            .await
            .map_err(Error::internal)?;
        if read == 0 {
            break;
        }
        filled += read;
    }
    head.truncate(filled);
    if head.is_empty() {
        return Err(Error::invalid("file", "is empty"));
    }
    if head.len() as u64 > settings.max_size {
        return Err(too_large());
    }
    let content_type = sniff::resolve(
        &head,
        file.declared_type.as_deref(),
        &settings.allowed_types,
    )?;

    let id = Uuid::now_v7();
    let mut partial = Partial {
        path: root.join(PARTIAL_DIR).join(format!("{}.part", id.simple())),
        done: false,
    };
    let mut out = tokio::fs::File::create_new(&partial.path)
        .await
        .map_err(Error::internal)?;
    let mut hasher = Sha256::new();
    let mut size = head.len() as u64;
    hasher.update(&head);
    out.write_all(&head).await.map_err(Error::internal)?;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = file
            .content
            .read(&mut buffer)
            .await
            .map_err(Error::internal)?;
        if read == 0 {
            break;
        }
        size += read as u64;
        if size > settings.max_size {
            return Err(too_large());
        }
        hasher.update(&buffer[..read]);
        out.write_all(&buffer[..read])
            .await
            .map_err(Error::internal)?;
    }
    out.sync_all().await.map_err(Error::internal)?;
    drop(out);

    let path = final_path(root, id);
    if let Some(shard) = path.parent() {
        tokio::fs::create_dir_all(shard)
            .await
            .map_err(Error::internal)?;
    }
    tokio::fs::rename(&partial.path, &path)
        .await
        .map_err(Error::internal)?;
    partial.done = true;
    let staged = Staged {
        id,
        file_name,
        content_type,
        size: i64::try_from(size).map_err(Error::internal)?,
        sha256: hex::encode(hasher.finalize()),
        path,
        kept: false,
    };
    sync_dir(staged.path.parent()).await;
    Ok(staged)
}

/// Makes the rename survive a power cut; where a file system cannot sync directories, the rename
/// is as durable as it gets.
async fn sync_dir(dir: Option<&Path>) {
    let Some(dir) = dir else { return };
    if let Ok(handle) = tokio::fs::File::open(dir).await
        && let Err(err) = handle.sync_all().await
    {
        tracing::debug!(dir = %dir.display(), %err, "cannot sync the attachment directory");
    }
}

/// Removes partial files left by a previous run (a crash mid-upload).
pub fn sweep_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > STALE_PARTIAL);
        if stale {
            remove_quietly(&entry.path());
        }
    }
}

/// A file name fit to show and to put in a header: the last path component, without control
/// and direction-override characters (which can disguise `fdp.exe` as `exe.pdf`) nor characters
/// file systems refuse, at most 200 characters, `attachment` when nothing is left.
pub fn sanitize_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .map(|c| {
            if matches!(c, '"' | ':' | '*' | '?' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let name: String = if trimmed.chars().count() > MAX_NAME_CHARS {
        // Keep the extension: it is what tells the customer's phone how to open the file.
        let extension = trimmed
            .rsplit_once('.')
            .map(|(_, ext)| ext)
            .filter(|ext| ext.chars().count() <= 10)
            .unwrap_or_default();
        let keep = MAX_NAME_CHARS - extension.chars().count() - 1;
        let stem: String = trimmed.chars().take(keep).collect();
        if extension.is_empty() {
            stem
        } else {
            format!("{stem}.{extension}")
        }
    } else {
        trimmed.to_owned()
    };
    if name.is_empty() {
        "attachment".to_owned()
    } else {
        name
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(max_size: u64) -> AttachmentSettings {
        AttachmentSettings {
            max_size,
            ..AttachmentSettings::default()
        }
    }

    fn png(len: usize) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.resize(len, 7);
        bytes
    }

    fn files_under(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        let path = e.path();
                        if path.is_dir() { files_under(&path) } else { 1 }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }

    async fn stage_bytes(root: &Path, max: u64, bytes: Vec<u8>) -> Result<Staged> {
        std::fs::create_dir_all(root.join(PARTIAL_DIR)).unwrap();
        let file = NewFile {
            file_name: "C:\\Users\\ana\\foto.png".into(),
            declared_type: Some("image/png".into()),
            size: None,
            content: std::io::Cursor::new(bytes),
        };
        stage(root, &settings(max), file).await
    }

    #[tokio::test]
    async fn a_kept_file_stays_and_a_dropped_one_goes() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = png(100_000);
        let mut staged = stage_bytes(dir.path(), 200_000, bytes.clone())
            .await
            .unwrap();
        assert_eq!(staged.file_name, "foto.png");
        assert_eq!(staged.content_type, "image/png");
        assert_eq!(staged.size, 100_000);
        assert_eq!(staged.sha256, hex::encode(Sha256::digest(&bytes)));
        let path = final_path(dir.path(), staged.id);
        assert_eq!(std::fs::read(&path).unwrap_or_default(), bytes);
        staged.keep();
        drop(staged);
        assert!(path.exists());

        let staged = stage_bytes(dir.path(), 200_000, png(10)).await.unwrap();
        let path = final_path(dir.path(), staged.id);
        drop(staged);
        assert!(!path.exists());
        assert_eq!(files_under(dir.path()), 1);
    }

    #[tokio::test]
    async fn too_large_or_empty_files_leave_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        for (max, len) in [(100_000, 100_001), (4096, 5000)] {
            let err = stage_bytes(dir.path(), max, png(len)).await.err();
            assert!(
                err.as_ref().is_some_and(|e| e.field() == Some("file")
                    && e.reason() == Some(Reason::FileTooLarge)
                    && e.bound() == Some(max)),
                "{err:?}"
            );
        }
        let err = stage_bytes(dir.path(), 1000, Vec::new()).await.err();
        assert!(matches!(err, Some(Error::InvalidInput { .. })), "{err:?}");
        assert_eq!(files_under(dir.path()), 0);
    }

    #[test]
    fn names_lose_paths_controls_and_disguises() {
        assert_eq!(sanitize_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_file_name("fatura\u{202e}fdp.exe"), "faturafdp.exe");
        assert_eq!(sanitize_file_name(" .htaccess "), "htaccess");
        assert_eq!(sanitize_file_name("a\"b<c>.pdf"), "a_b_c_.pdf");
        assert_eq!(sanitize_file_name("line\nbreak.txt"), "linebreak.txt");
        assert_eq!(sanitize_file_name("/"), "attachment");
        let long = format!("{}.jpeg", "x".repeat(500));
        let short = sanitize_file_name(&long);
        assert_eq!(short.chars().count(), 200);
        assert!(short.ends_with("x.jpeg"));
    }
}
