//! Files sent in conversations. Each is stored under `<data_dir>/attachments/`, named by its id
//! (never by anything a client sent), described by a row of `attachments`, and downloaded through
//! a short-lived signed URL, because a browser's `<img>` cannot send a bearer token.
//!
//! A file is written under a temporary name, checked (size, type by its first bytes) and renamed
//! once complete; a [`Staged`] file that never becomes part of a committed message is removed.

mod signing;
mod sniff;
mod staging;

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use tokio::io::AsyncRead;
use uuid::Uuid;

use crate::clock::SharedClock;
use crate::error::{Error, Result};
use crate::storage::{self, Db};
pub use ispchat_core::attachments::Attachment;
pub use signing::SignedUrl;
use signing::UrlSigner;
pub use sniff::{DEFAULT_TYPES, normalize_type, recognisable};
pub use staging::{NewFile, Staged, sanitize_file_name};

/// WhatsApp's limit for most media; documents may be larger there, but not here by default.
pub const DEFAULT_MAX_SIZE: u64 = 16 * 1024 * 1024;

/// How long a link handed to a channel provider works.
const PROVIDER_LINK_SECS: i64 = 3600;

/// Limits an operator may change (`ISPCHAT_MAX_ATTACHMENT_SIZE`, `ISPCHAT_ATTACHMENT_TYPES`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentSettings {
    /// Bytes.
    pub max_size: u64,
    /// Normalized MIME types (see [`normalize_type`]).
    pub allowed_types: Vec<String>,
}

impl Default for AttachmentSettings {
    fn default() -> Self {
        AttachmentSettings {
            max_size: DEFAULT_MAX_SIZE,
            allowed_types: DEFAULT_TYPES.iter().map(|t| (*t).to_owned()).collect(),
        }
    }
}

/// A file ready to be served: its row, where it lies, and how much longer its link works.
#[derive(Debug)]
pub struct Download {
    pub attachment: Attachment,
    pub path: PathBuf,
    pub valid_for: chrono::Duration,
}

pub struct AttachmentService {
    db: Db,
    clock: SharedClock,
    /// `<data_dir>/attachments`.
    root: PathBuf,
    settings: AttachmentSettings,
    signer: UrlSigner,
}

impl AttachmentService {
    /// `secret` is the server's signing secret; links get a key derived from it.
    pub fn new(
        db: Db,
        clock: SharedClock,
        data_dir: &Path,
        settings: AttachmentSettings,
        secret: &[u8],
    ) -> anyhow::Result<Self> {
        let root = data_dir.join("attachments");
        let partial = root.join(staging::PARTIAL_DIR);
        std::fs::create_dir_all(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        staging::sweep_partials(&partial);
        Ok(AttachmentService {
            db,
            clock,
            root,
            settings,
            signer: UrlSigner::derive(secret)?,
        })
    }

    pub fn settings(&self) -> &AttachmentSettings {
        &self.settings
    }

    /// Copies, checks and puts a file in place; it stays only if [`Staged::keep`] is called.
    pub async fn stage<R: AsyncRead + Unpin + Send>(&self, file: NewFile<R>) -> Result<Staged> {
        staging::stage(&self.root, &self.settings, file).await
    }

    /// A staged file left on disk by a request that died before its message was stored, with
    /// its size; None when it is gone.
    pub async fn open_staged(&self, id: Uuid) -> Result<Option<(tokio::fs::File, u64)>> {
        let path = staging::final_path(&self.root, id);
        match tokio::fs::File::open(&path).await {
            Ok(file) => {
                let size = file.metadata().await.map_err(Error::internal)?.len();
                Ok(Some((file, size)))
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(Error::internal(err)),
        }
    }

    pub async fn for_message(&self, message_id: Uuid) -> Result<Vec<Attachment>> {
        let mut conn = self.db.acquire().await?;
        storage::attachments::list_for_message(conn.conn(), message_id).await
    }

    /// A link that works without credentials for a short while. Only hand it to callers who may
    /// read the attachment's message.
    pub fn signed_url(&self, attachment: &Attachment) -> SignedUrl {
        self.signer.url(attachment.id, self.clock.now())
    }

    /// A link for a channel provider to fetch the file from: it may queue the download, so the
    /// link works for an hour rather than minutes. Still relative to the server's base URL.
    pub fn provider_url(&self, attachment: &Attachment) -> SignedUrl {
        self.signer
            .url_for(attachment.id, self.clock.now(), PROVIDER_LINK_SECS)
    }

    /// The attachment a signed link points to. An invalid or expired link is `Forbidden`,
    /// whatever the id, so links cannot be used to probe which ids exist.
    pub async fn open_signed(
        &self,
        id: &str,
        expires: Option<&str>,
        signature: Option<&str>,
    ) -> Result<Download> {
        let now = self.clock.now();
        let expires_at = self
            .signer
            .check(id, expires, signature, now)
            .ok_or(Error::Forbidden("invalid or expired link"))?;
        let id = Uuid::parse_str(id).map_err(|_| Error::NotFound("attachment"))?;
        let mut conn = self.db.acquire().await?;
        let attachment = storage::attachments::find_by_id(conn.conn(), id)
            .await?
            .ok_or(Error::NotFound("attachment"))?;
        Ok(Download {
            path: staging::final_path(&self.root, attachment.id),
            attachment,
            valid_for: expires_at - now,
        })
    }
}

/// `inline` lets a browser show images in place; everything else is saved, never rendered in the
/// server's origin. The name is given plainly (ASCII) and exactly (RFC 5987).
pub fn content_disposition(file_name: &str, content_type: &str) -> String {
    let kind = if content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(file_name.len() * 3);
    for byte in file_name.bytes() {
        let plain = byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte);
        if plain {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// `16 MiB`, `512 KiB` or `1000 bytes`: limits as people read them.
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_inline_and_names_survive_both_encodings() {
        assert_eq!(
            content_disposition("foto roteador.png", "image/png"),
            "inline; filename=\"foto roteador.png\"; filename*=UTF-8''foto%20roteador.png"
        );
        assert_eq!(
            content_disposition("conexão.pdf", "application/pdf"),
            "attachment; filename=\"conex_o.pdf\"; filename*=UTF-8''conex%C3%A3o.pdf"
        );
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(16 * 1024 * 1024), "16 MiB");
        assert_eq!(human_size(4096), "4 KiB");
        assert_eq!(human_size(1000), "1000 bytes");
    }
}
