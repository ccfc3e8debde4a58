//! Messages that carry a file: agents sending one, and channels receiving one from a customer.
//! The file is staged (copied, checked, put in place) before the transaction, and the message,
//! its attachment row and its event are committed together; a send that fails or repeats an
//! earlier one leaves no file behind.

use tokio::io::AsyncRead;
use uuid::Uuid;

use super::incoming::{validate_caption, validate_key};
use super::messaging::OutgoingMessage;
use super::{ConversationService, IncomingMessage, Message, visible};
use crate::attachments::{NewFile, Staged};
use crate::auth::Caller;
use crate::error::{Error, Reason, Result};
use crate::inboxes::Inbox;
use crate::storage;

/// A file to send, with an optional caption.
pub struct OutgoingAttachment<'a, R> {
    pub file: NewFile<R>,
    pub caption: Option<&'a str>,
    /// Repeating it returns the first message, as for text.
    pub client_message_id: Option<&'a str>,
    /// A file for agents only: stored as a private note.
    pub private: bool,
}

impl ConversationService {
    /// Stores a file as a reply (or a private note), like [`Self::send_message`].
    pub async fn send_attachment<R: AsyncRead + Unpin + Send>(
        &self,
        caller: &Caller,
        conversation_id: Uuid,
        outgoing: OutgoingAttachment<'_, R>,
    ) -> Result<Message> {
        let caption = validate_caption("caption", outgoing.caption.unwrap_or_default())?;
        let client_id = outgoing
            .client_message_id
            .map(|id| validate_key("clientMessageId", id))
            .transpose()?;
        let scope = self.write_scope(caller).await?;
        // Refuse before copying megabytes: a conversation the caller may not see, or a retry.
        {
            let mut conn = self.db.acquire().await?;
            let conversation =
                storage::conversations::find_by_id(conn.conn(), conversation_id).await?;
            let conversation = visible(conversation, &scope)?;
            if !outgoing.private {
                let inbox =
                    storage::inboxes::find_by_id(conn.conn(), conversation.inbox_id).await?;
                let channel = inbox
                    .and_then(|i| i.plugin_id)
                    .and_then(|id| self.plugins.get(&id));
                if channel
                    .as_deref()
                    .and_then(|p| p.channel_info())
                    .is_some_and(|info| !info.supports_attachments)
                {
                    return Err(Error::refused(
                        Reason::FilesUnsupported,
                        "file",
                        "this channel does not accept files",
                    ));
                }
            }
            if let Some(client_id) = &client_id
                && let Some(existing) =
                    storage::messages::find_by_client_id(conn.conn(), conversation_id, client_id)
                        .await?
            {
                return Ok(existing);
            }
        }
        let mut staged = self.attachments.stage(outgoing.file).await?;
        let checked = OutgoingMessage {
            content: &caption,
            client_message_id: client_id.as_deref(),
            private: outgoing.private,
            attributes: None,
        };
        retry_on_conflict!(
            self.send_once(caller, &scope, conversation_id, &checked, Some(&mut staged))
                .await
        )
    }

    /// A customer's file arriving through a channel (for channel plugins; API inboxes post text).
    /// `incoming.content` is its caption, possibly empty. Safe to retry with the same external id.
    pub async fn receive_attachment<R: AsyncRead + Unpin + Send>(
        &self,
        inbox: &Inbox,
        incoming: IncomingMessage,
        file: NewFile<R>,
    ) -> Result<Message> {
        if let Some(external_id) = incoming.external_id.as_deref() {
            let external_id = validate_key("externalId", external_id)?;
            let mut conn = self.db.acquire().await?;
            if let Some(existing) =
                storage::messages::find_by_external_id(conn.conn(), inbox.id, &external_id).await?
            {
                return Ok(existing);
            }
        }
        let mut staged = self.attachments.stage(file).await?;
        self.receive_with(inbox, incoming, Some(&mut staged)).await
    }

    /// [`Self::receive_attachment`] with a file the host already checked and stored (a web chat
    /// visitor's upload): linked to the message, not copied.
    pub async fn receive_staged(
        &self,
        inbox: &Inbox,
        incoming: IncomingMessage,
        staged: &mut Staged,
    ) -> Result<Message> {
        self.receive_with(inbox, incoming, Some(staged)).await
    }
}
