//! The web chat plugin's transport: the host speaks for a visitor by posting a request of its
//! own making to the inbox's channel plugin (`POST /visitor/messages`, `/visitor/read`, JSON
//! bodies described in docs/channels.md). The plugin decides like it does for any provider's
//! webhook; its events land in `channel_inbound` with the body the host posted, and are applied
//! at once in the visitor's request, so the widget gets the stored message back. The row is
//! stored already leased: the worker takes it over only when the request died before applying
//! it (idempotent by external id, like every webhook).

use serde::Deserialize;
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use super::{ChannelInbound, LEASE};
use crate::attachments::Staged;
use crate::channels::events::StoredEvent;
use crate::error::{Error, Reason, Result};
use crate::inboxes::Inbox;
use crate::plugins::{ActivePlugins, WebhookRequest};
use crate::storage::{self, channel_io::InboundRecord};

/// The URL scheme of a file the host already stored: `ispchat-upload:<staged id>`. The plugin
/// sees the upload's metadata and, if it accepts the file, names it by this URL.
pub const UPLOAD_SCHEME: &str = "ispchat-upload:";

/// The header that tells the plugin which language the visitor reads.
const LOCALE_HEADER: &str = "x-ispchat-locale";

/// A request the host posts for a visitor.
pub struct HostPost<'a> {
    /// `/visitor/messages` or `/visitor/read`.
    pub path: &'a str,
    /// `pt-BR` or `en`: the plugin answers refusals in it.
    pub locale: &'a str,
    pub body: Value,
}

/// A plugin's refusal: `{"field": "content", "message": "…"}` with a 4xx.
#[derive(Deserialize)]
struct Refusal {
    field: Option<String>,
    message: Option<String>,
}

/// The web chat cannot take a visitor's message now (its plugin is off or failing); nothing
/// was stored, and the widget says so in the visitor's language.
pub fn chat_unavailable() -> Error {
    Error::refused_request(
        Reason::ChatUnavailable,
        "the chat is unavailable right now; please try again in a moment",
    )
}

impl ChannelInbound {
    /// Posts `post` to `inbox`'s channel plugin and applies what it reported. Returns the
    /// external ids of the messages it reported (their stored rows, once applied). A 4xx from
    /// the plugin is the visitor's BAD_USER_INPUT, on the field it names; `upload` is the file
    /// the message links to when the plugin accepts it.
    pub async fn post_for_visitor(
        &self,
        inbox: &Inbox,
        post: HostPost<'_>,
        mut upload: Option<Staged>,
    ) -> Result<Vec<String>> {
        let plugin = inbox
            .plugin_id
            .as_deref()
            .and_then(|id| self.plugins.get(id))
            .ok_or_else(chat_unavailable)?;
        let received_at = self.now();
        let body = serde_json::to_vec(&post.body).map_err(Error::internal)?;
        let request = WebhookRequest {
            inbox_id: inbox.id.to_string(),
            method: "POST".into(),
            path: post.path.to_owned(),
            query: String::new(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                (LOCALE_HEADER.into(), post.locale.to_owned()),
            ],
            body,
            received_at: u64::try_from(received_at.timestamp_millis()).unwrap_or(0),
        };
        let result = match self.plugins.handle_webhook(&plugin, &request).await {
            Err(err) => {
                tracing::warn!(plugin = plugin.id(), %err, "web chat plugin unavailable");
                return Err(chat_unavailable());
            }
            Ok(Err(err)) => {
                return Err(Error::internal(format!(
                    "web chat plugin error {}: {}",
                    err.code, err.message
                )));
            }
            Ok(Ok(result)) => result,
        };
        let status = result.response.status;
        if (400..500).contains(&status) {
            let refusal: Option<Refusal> = serde_json::from_slice(&result.response.body).ok();
            let (field, message) = refusal.map(|r| (r.field, r.message)).unwrap_or_default();
            return Err(Error::invalid(
                field.as_deref().unwrap_or("content"),
                message.unwrap_or_else(|| format!("refused by the web chat (HTTP {status})")),
            ));
        }
        if status >= 500 {
            return Err(Error::internal(format!(
                "web chat plugin answered HTTP {status}"
            )));
        }
        let events: Vec<StoredEvent> = result.events.into_iter().map(Into::into).collect();
        let reported = events
            .iter()
            .filter_map(|e| match e {
                StoredEvent::Message { external_id, .. } => Some(external_id.clone()),
                _ => None,
            })
            .collect();
        if events.is_empty() {
            return Ok(reported);
        }
        let record = InboundRecord {
            id: Uuid::now_v7(),
            inbox_id: inbox.id,
            received_at,
            events: Json(events),
            attempts: 0,
        };
        {
            let mut conn = self.db.writer().await?;
            let lease = received_at + LEASE;
            storage::channel_io::insert_inbound(conn.conn(), &record, &request.body, Some(lease))
                .await?;
        }
        metrics::counter!("ispchat_channel_webhooks_total", "plugin" => plugin.id().to_owned(), "outcome" => "stored")
            .increment(1);
        let outcome = self
            .apply_events(inbox, &record.events.0, false, &mut upload)
            .await;
        match self.settle(&record, outcome).await? {
            None => Ok(reported),
            Some(err) => Err(err),
        }
    }
}
