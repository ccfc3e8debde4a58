//! A visitor's messages and read receipts in a web inbox served by a channel plugin (the bundled
//! `webchat`): the host posts them to the plugin through [`ChannelInbound::post_for_visitor`]
//! instead of storing them itself, so they pass the plugin's checks and show in
//! `channelDeliveries` like any channel's. The bodies are documented in docs/channels.md.

use serde_json::{Value, json};
use uuid::Uuid;

use super::{Sender, WidgetService};
use crate::attachments::{NewFile, Staged};
use crate::channels::inbound::HostPost;
use crate::conversations::{Message, VisitorScope, check_client_message_id};
use crate::error::{Error, Result};
use crate::storage;

/// What the visitor sent besides its text.
pub(super) enum Extra {
    None,
    /// The id of the prompt's option the visitor clicked; the text is its title.
    Choice(String),
    Upload(Staged),
}

impl WidgetService {
    /// Posts the visitor's message to the plugin and returns it as stored.
    pub(super) async fn relay_message(
        &self,
        sender: &Sender,
        text: &str,
        client_message_id: &str,
        extra: Extra,
    ) -> Result<Message> {
        let channel = &self.channel;
        let client_id = check_client_message_id(client_message_id)?;
        let mut body = json!({
            "visitor": visitor(sender),
            "clientMessageId": client_id,
            "text": text,
            "sentAt": self.clock.now().timestamp_millis(),
        });
        let upload = match extra {
            Extra::None => None,
            Extra::Choice(id) => {
                body["choice"] = json!({ "id": id, "title": text });
                None
            }
            Extra::Upload(staged) => {
                body["attachment"] = json!({
                    "uploadId": staged.id,
                    "mimeType": staged.content_type,
                    "fileName": staged.file_name,
                    "sizeBytes": staged.size,
                });
                Some(staged)
            }
        };
        let post = HostPost {
            path: "/visitor/messages",
            locale: &sender.locale,
            body,
        };
        let reported = channel
            .post_for_visitor(&sender.inbox, post, upload)
            .await?;
        let Some(external_id) = reported.first() else {
            return Err(Error::internal(
                "the web chat plugin accepted the message but reported none",
            ));
        };
        let mut conn = self.db.acquire().await?;
        storage::messages::find_by_external_id(conn.conn(), sender.inbox.id, external_id)
            .await?
            .ok_or_else(|| Error::internal("the visitor's message was not stored"))
    }

    /// [`Self::relay_message`] with a file: checked and stored once (type, size) as any upload,
    /// then offered to the plugin by its metadata only.
    pub(super) async fn relay_attachment<R: tokio::io::AsyncRead + Unpin + Send>(
        &self,
        sender: &Sender,
        file: NewFile<R>,
        caption: &str,
        client_message_id: &str,
    ) -> Result<Message> {
        check_client_message_id(client_message_id)?;
        let staged = self.attachments.stage(file).await?;
        self.relay_message(sender, caption, client_message_id, Extra::Upload(staged))
            .await
    }

    /// The visitor has seen the replies so far: the plugin reports each sent one `read`.
    /// Replies not sent yet (no external id) are left for the next receipt.
    pub(super) async fn relay_read(&self, sender: &Sender, conversation_id: Uuid) -> Result<usize> {
        let channel = &self.channel;
        let external_ids: Vec<String> = {
            let mut conn = self.db.acquire().await?;
            let unread = storage::widgets::unread_replies(conn.conn(), conversation_id).await?;
            let mut ids = Vec::with_capacity(unread.len());
            for id in unread {
                if let Some(external_id) = storage::messages::find_by_id(conn.conn(), id)
                    .await?
                    .and_then(|m| m.external_id)
                {
                    ids.push(external_id);
                }
            }
            ids
        };
        if external_ids.is_empty() {
            return Ok(0);
        }
        let post = HostPost {
            path: "/visitor/read",
            locale: &sender.locale,
            body: json!({
                "visitor": visitor(sender),
                "externalIds": external_ids,
                "at": self.clock.now().timestamp_millis(),
            }),
        };
        channel.post_for_visitor(&sender.inbox, post, None).await?;
        Ok(external_ids.len())
    }
}

fn visitor(sender: &Sender) -> Value {
    let VisitorScope { contact_id, .. } = sender.scope;
    json!({ "contactId": contact_id, "identifier": sender.identifier })
}
