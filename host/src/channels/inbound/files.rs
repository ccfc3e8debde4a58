//! Storing a customer's message that carries a file: downloaded first (see
//! [`crate::channels::media`]), then stored with it; or, when the file is refused for good, stored
//! without it and saying why.

use uuid::Uuid;

use super::{ChannelInbound, UPLOAD_SCHEME};
use crate::attachments::{NewFile, Staged};
use crate::channels::events::StoredAttachment;
use crate::channels::media::{self, FetchError};
use crate::conversations::IncomingMessage;
use crate::conversations::content::{MissingFile, MissingFileReason};
use crate::error::Error;
use crate::inboxes::Inbox;
use crate::plugins::ActivePlugins;
use crate::storage;

/// Why events could not be applied (yet).
pub(super) enum Applying {
    Storage(Error),
    /// A file could not be downloaded for now; the row is tried again later.
    Download(String),
}

impl From<Error> for Applying {
    fn from(err: Error) -> Self {
        Applying::Storage(err)
    }
}

impl ChannelInbound {
    /// Stores one message, with its file downloaded first when it has one. A file refused for
    /// good (or still failing on the `last` attempt) leaves the message stored with its caption
    /// and a `missingFile` attribute saying why, so nothing is lost silently.
    pub(super) async fn receive(
        &self,
        inbox: &Inbox,
        mut message: IncomingMessage,
        file: Option<&StoredAttachment>,
        last: bool,
        upload: &mut Option<Staged>,
    ) -> std::result::Result<String, Applying> {
        let external_id = message.external_id.clone().unwrap_or_default();
        let Some(file) = file else {
            let stored = self.conversations.receive(inbox, message).await?;
            return Ok(format!("message {external_id} stored as {}", stored.id));
        };
        if let Some(id) = file.url.strip_prefix(UPLOAD_SCHEME) {
            return self.receive_upload(inbox, message, file, id, upload).await;
        }
        let existing = {
            let mut conn = self.db.acquire().await?;
            storage::messages::find_by_external_id(conn.conn(), inbox.id, &external_id).await?
        };
        if let Some(existing) = existing {
            return Ok(format!("message {external_id} stored as {}", existing.id));
        }
        let plugin = inbox
            .plugin_id
            .as_deref()
            .and_then(|id| self.plugins.get(id));
        let max_size = self.attachments.settings().max_size;
        let fetched = match &plugin {
            Some(plugin) => media::fetch(&self.plugins, plugin, file, max_size).await,
            None => Err(FetchError::Retry(
                "the inbox's channel plugin is not running".into(),
            )),
        };
        let (reason, refusal) = match fetched {
            Ok(bytes) => {
                let new_file = NewFile {
                    file_name: file
                        .file_name
                        .clone()
                        .unwrap_or_else(|| media::default_name(&file.mime_type)),
                    declared_type: Some(file.mime_type.clone()),
                    size: Some(bytes.len() as u64),
                    content: bytes.as_slice(),
                };
                match self
                    .conversations
                    .receive_attachment(inbox, message.clone(), new_file)
                    .await
                {
                    Ok(stored) => {
                        return Ok(format!(
                            "message {external_id} stored with its file as {}",
                            stored.id
                        ));
                    }
                    // The type or size check of uploads refused it.
                    Err(err) => match err.input_refusal("file") {
                        Some(refusal) => (MissingFileReason::Refused, refusal.to_owned()),
                        None => return Err(err.into()),
                    },
                }
            }
            Err(FetchError::Retry(reason)) if !last => return Err(Applying::Download(reason)),
            Err(FetchError::Retry(reason) | FetchError::Permanent(reason)) => {
                (MissingFileReason::Unavailable, reason)
            }
        };
        missing(&mut message, file, reason, &refusal);
        let stored = self.conversations.receive(inbox, message).await?;
        Ok(format!(
            "message {external_id} stored as {} without its file: {refusal}",
            stored.id
        ))
    }
}

impl ChannelInbound {
    /// A web chat visitor's file, already stored by the host when it was uploaded: linked to the
    /// message as it is, never copied. When the request that uploaded it died before the
    /// message was stored, the worker finds the file where staging left it and stores a copy.
    async fn receive_upload(
        &self,
        inbox: &Inbox,
        mut message: IncomingMessage,
        file: &StoredAttachment,
        id: &str,
        upload: &mut Option<Staged>,
    ) -> std::result::Result<String, Applying> {
        let external_id = message.external_id.clone().unwrap_or_default();
        let id: Option<Uuid> = id.parse().ok();
        if let Some(mut staged) = upload.take_if(|s| Some(s.id) == id) {
            let stored = self
                .conversations
                .receive_staged(inbox, message, &mut staged)
                .await?;
            return Ok(format!(
                "message {external_id} stored with its upload as {}",
                stored.id
            ));
        }
        let left = match id {
            Some(id) => self.attachments.open_staged(id).await?,
            None => None,
        };
        if let Some((content, size)) = left {
            let new_file = NewFile {
                file_name: file
                    .file_name
                    .clone()
                    .unwrap_or_else(|| media::default_name(&file.mime_type)),
                declared_type: Some(file.mime_type.clone()),
                size: Some(size),
                content,
            };
            let stored = self
                .conversations
                .receive_attachment(inbox, message, new_file)
                .await?;
            return Ok(format!(
                "message {external_id} stored with its recovered upload as {}",
                stored.id
            ));
        }
        missing(
            &mut message,
            file,
            MissingFileReason::Lost,
            "the upload was lost before it was stored",
        );
        let stored = self.conversations.receive(inbox, message).await?;
        Ok(format!(
            "message {external_id} stored as {} without its upload",
            stored.id
        ))
    }
}

/// Keeps on `message` that its file did not arrive, and why.
fn missing(
    message: &mut IncomingMessage,
    file: &StoredAttachment,
    reason: MissingFileReason,
    detail: &str,
) {
    message
        .content_attributes
        .get_or_insert_default()
        .missing_file = Some(MissingFile {
        reason,
        file_name: file.file_name.clone(),
        mime_type: Some(file.mime_type.clone()),
        detail: detail.to_owned(),
    });
}
