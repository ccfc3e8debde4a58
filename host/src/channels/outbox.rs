//! The channel outbox: each reply in an inbox served by a channel plugin is written here in the
//! reply's own transaction, then sent by [`ChannelOutbox`] through the plugin's `send`. A crash
//! after the reply was acknowledged loses nothing: the row is still pending (or its lease lapses)
//! and the next run sends it. The same message id may reach the plugin twice after a crash in
//! the middle of a send; the WIT tells plugins to use it as the provider's idempotency key.
//!
//! Outcomes: the plugin's external id and delivery `sent`; a retryable error (or a crash or
//! timeout of the plugin) retries with the webhooks' backoff, never sooner than the provider's
//! `retry-after`, until [`MAX_ATTEMPTS`]; any other error marks the message failed with the
//! plugin's reason.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::api_webhook::backoff;
use super::outgoing::{self, LinkedFile};
use crate::attachments::AttachmentService;
use crate::clock::SharedClock;
use crate::conversations::{
    ConversationService, DeliveryFailure, DeliveryState, EventActor, Message, MessageKind,
};
use crate::error::{Error, Reason, Result};
use crate::inboxes::{Inbox, InboxKind};
use crate::plugins::v1::channel::ispchat::types::channel::SendErrorKind;
use crate::plugins::{ActivePlugins, OutboundMessage, Plugin, PluginRegistry};
use crate::storage::channel_io::OutboxRecord;
use crate::storage::{self, Conn, Db};

/// Same budget as the API webhooks: about six hours of retries.
pub const MAX_ATTEMPTS: i32 = 15;
const LEASE: Duration = Duration::from_secs(60);
const BATCH: i64 = 20;

/// Writes `message` into the outbox, inside the transaction that stores it.
pub async fn enqueue(
    conn: Conn<'_>,
    inbox: &Inbox,
    message: &Message,
    now: DateTime<Utc>,
) -> Result<()> {
    let record = OutboxRecord {
        id: Uuid::now_v7(),
        inbox_id: inbox.id,
        message_id: message.id,
        attempts: 0,
        created_at: now,
    };
    storage::channel_io::insert_outbox(conn, &record).await
}

/// Refuses a reply once the channel's reply window (WhatsApp's 24 hours) has closed since the
/// customer last wrote. A plugin that is not live right now has no known window: the reply
/// waits in the outbox, and the provider has the last word when it is sent.
pub async fn check_reply_window(
    conn: Conn<'_>,
    plugin: Option<&Plugin>,
    conversation_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(window_ms) = plugin
        .and_then(Plugin::channel_info)
        .and_then(|info| info.reply_window_ms)
    else {
        return Ok(());
    };
    let window = chrono::Duration::milliseconds(i64::try_from(window_ms).unwrap_or(i64::MAX));
    let last = storage::messages::last_incoming_at(conn, conversation_id).await?;
    if last.is_some_and(|at| now - at <= window) {
        return Ok(());
    }
    Err(Error::refused(
        Reason::OutsideReplyWindow,
        "content",
        format!(
            "the {} reply window closed: only a template can be sent",
            describe_window(window_ms)
        ),
    ))
}

/// `24-hour`, `90-minute`, or seconds for odd windows.
fn describe_window(ms: u64) -> String {
    if ms.is_multiple_of(3_600_000) {
        format!("{}-hour", ms / 3_600_000)
    } else if ms.is_multiple_of(60_000) {
        format!("{}-minute", ms / 60_000)
    } else {
        format!("{}-second", ms.div_ceil(1000))
    }
}

/// What one attempt came to.
enum Outcome {
    Sent(String),
    /// Try again later; `counted` is false when nothing was tried.
    Retry {
        error: String,
        not_before: Option<Duration>,
        counted: bool,
    },
    /// Not sent, and sending again would not help: why, typed and in words.
    Failed(DeliveryFailure, String),
}

/// A channel's refusal as the reason clients explain.
fn failure_of(kind: SendErrorKind) -> DeliveryFailure {
    match kind {
        SendErrorKind::OutsideWindow => DeliveryFailure::OutsideReplyWindow,
        SendErrorKind::InvalidRecipient => DeliveryFailure::InvalidRecipient,
        SendErrorKind::InvalidContent => DeliveryFailure::InvalidContent,
        SendErrorKind::Unauthorized => DeliveryFailure::Unauthorized,
        SendErrorKind::RateLimited | SendErrorKind::Unavailable | SendErrorKind::Other => {
            DeliveryFailure::Other
        }
    }
}

pub struct ChannelOutbox {
    db: Db,
    clock: SharedClock,
    conversations: Arc<ConversationService>,
    plugins: Arc<PluginRegistry>,
    wake: Arc<Notify>,
    attachments: Arc<AttachmentService>,
    /// `ISPCHAT_PUBLIC_URL`: files go out as signed links under it.
    public_url: Option<String>,
}

impl ChannelOutbox {
    pub fn new(
        db: Db,
        clock: SharedClock,
        conversations: Arc<ConversationService>,
        plugins: Arc<PluginRegistry>,
        wake: Arc<Notify>,
        attachments: Arc<AttachmentService>,
        public_url: Option<String>,
    ) -> Self {
        ChannelOutbox {
            db,
            clock,
            conversations,
            plugins,
            wake,
            attachments,
            public_url,
        }
    }

    /// Sends what is due right after a reply commits and every `interval` (retries, leases that
    /// lapsed, rows left by a previous run).
    pub async fn run(self, interval: Duration, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(interval);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tick.tick() => {}
                _ = self.wake.notified() => {}
            }
            if let Err(err) = self.send_due().await {
                tracing::warn!(%err, "channel outbox failed to run");
            }
        }
    }

    /// One pass over the due rows; returns how many were attempted.
    pub async fn send_due(&self) -> Result<usize> {
        let now = self.clock.now();
        let leased = {
            let mut conn = self.db.writer().await?;
            storage::channel_io::lease_outbox(conn.conn(), now, now + LEASE, BATCH).await?
        };
        let attempted = leased.len();
        for row in leased {
            self.attempt(row).await?;
        }
        Ok(attempted)
    }

    async fn attempt(&self, row: OutboxRecord) -> Result<()> {
        let outcome = self.try_send(&row).await?;
        let now = self.clock.now();
        let mut conn = self.db.writer().await?;
        match outcome {
            Outcome::Sent(external_id) => {
                storage::messages::set_external_id(conn.conn(), row.message_id, &external_id)
                    .await?;
                storage::channel_io::mark_sent(conn.conn(), row.id, now).await?;
                drop(conn);
                metrics::counter!("ispchat_channel_sends_total", "outcome" => "sent").increment(1);
                self.settle(row.message_id, DeliveryState::Sent, None).await
            }
            Outcome::Retry {
                error,
                not_before,
                counted,
            } => {
                let attempts = row.attempts + i32::from(counted);
                if attempts >= MAX_ATTEMPTS {
                    let reason = format!("{error} (after {attempts} attempts)");
                    storage::channel_io::mark_outbox_failed(
                        conn.conn(),
                        row.id,
                        &reason,
                        None,
                        counted,
                    )
                    .await?;
                    drop(conn);
                    return self
                        .settle(
                            row.message_id,
                            DeliveryState::Failed,
                            Some((DeliveryFailure::GaveUp, &reason)),
                        )
                        .await;
                }
                let retry_at = if counted {
                    let wait = backoff(attempts.max(1));
                    let asked = not_before
                        .and_then(|d| chrono::Duration::from_std(d).ok())
                        .unwrap_or_default();
                    now + wait.max(asked)
                } else {
                    // Nothing was tried: look again on the next pass.
                    now
                };
                storage::channel_io::mark_outbox_failed(
                    conn.conn(),
                    row.id,
                    &error,
                    Some(retry_at),
                    counted,
                )
                .await?;
                if counted {
                    metrics::counter!("ispchat_channel_sends_total", "outcome" => "retry")
                        .increment(1);
                    tracing::info!(message = %row.message_id, attempts, %error, "channel send will be retried");
                }
                Ok(())
            }
            Outcome::Failed(failure, reason) => {
                storage::channel_io::mark_outbox_failed(conn.conn(), row.id, &reason, None, true)
                    .await?;
                drop(conn);
                metrics::counter!("ispchat_channel_sends_total", "outcome" => "failed")
                    .increment(1);
                self.settle(
                    row.message_id,
                    DeliveryState::Failed,
                    Some((failure, &reason)),
                )
                .await
            }
        }
    }

    async fn try_send(&self, row: &OutboxRecord) -> Result<Outcome> {
        let (inbox, message, outbound) = {
            let mut conn = self.db.acquire().await?;
            let inbox = storage::inboxes::find_by_id(conn.conn(), row.inbox_id).await?;
            let message = storage::messages::find_by_id(conn.conn(), row.message_id).await?;
            let (Some(inbox), Some(message)) = (inbox, message) else {
                return Ok(Outcome::Failed(
                    DeliveryFailure::Other,
                    "the inbox or message no longer exists".into(),
                ));
            };
            let outbound = outbound_message(conn.conn(), &message).await?;
            (inbox, message, outbound)
        };
        let files = if message.kind == MessageKind::Attachment {
            self.attachments.for_message(message.id).await?
        } else {
            Vec::new()
        };
        let Some(plugin) = inbox
            .plugin_id
            .as_deref()
            .and_then(|id| self.plugins.get(id))
        else {
            return Ok(Outcome::Retry {
                error: "the inbox's channel plugin is not running".into(),
                not_before: None,
                counted: false,
            });
        };
        let public_url = self.public_url.as_deref();
        let served_by_host = inbox.kind == InboxKind::Web;
        if let Some((failure, reason)) =
            outgoing::refusal(&message, plugin.channel_info(), public_url, served_by_host)
        {
            return Ok(Outcome::Failed(failure, reason));
        }
        let Some(mut outbound) = outbound else {
            return Ok(Outcome::Failed(
                DeliveryFailure::NoAddress,
                "the contact has no address in this inbox".into(),
            ));
        };
        let linked: Vec<LinkedFile<'_>> = files
            .iter()
            .map(|attachment| LinkedFile {
                attachment,
                url: format!(
                    "{}{}",
                    public_url.unwrap_or_default(),
                    self.attachments.provider_url(attachment).url
                ),
            })
            .collect();
        outbound.contents = outgoing::contents(&message, &linked, plugin.channel_info());
        Ok(match self.plugins.send(&plugin, &outbound).await {
            Ok(Ok(receipt)) => Outcome::Sent(receipt.external_id),
            Ok(Err(error)) if error.retryable => Outcome::Retry {
                error: error.message,
                not_before: error.retry_after_ms.map(Duration::from_millis),
                counted: true,
            },
            Ok(Err(error)) => Outcome::Failed(failure_of(error.kind), error.message),
            // A crash or timeout says nothing about the message: try again.
            Err(error) => Outcome::Retry {
                error: error.to_string(),
                not_before: None,
                counted: true,
            },
        })
    }

    async fn settle(
        &self,
        message_id: Uuid,
        state: DeliveryState,
        failure: Option<(DeliveryFailure, &str)>,
    ) -> Result<()> {
        self.conversations
            .record_delivery(message_id, state, failure, EventActor::System)
            .await
            .map(|_| ())
    }
}

/// The plugin's view of a stored reply; `None` when the contact has no identity in the inbox.
async fn outbound_message(
    mut conn: Conn<'_>,
    message: &Message,
) -> Result<Option<OutboundMessage>> {
    let Some(conversation) =
        storage::conversations::find_by_id(conn.reborrow(), message.conversation_id).await?
    else {
        return Ok(None);
    };
    let identities = storage::contacts::identities(conn, conversation.contact_id).await?;
    let Some((_, recipient)) = identities
        .into_iter()
        .find(|(inbox_id, _)| *inbox_id == message.inbox_id)
    else {
        return Ok(None);
    };
    Ok(Some(OutboundMessage {
        inbox_id: message.inbox_id.to_string(),
        message_id: message.id.to_string(),
        conversation_id: message.conversation_id.to_string(),
        recipient,
        // Filled by the caller, which has the files' links.
        contents: Vec::new(),
        reply_to_external_id: None,
        ext: "{}".into(),
    }))
}

#[cfg(test)]
mod tests {
    use super::describe_window;

    #[test]
    fn windows_read_in_the_largest_whole_unit() {
        assert_eq!(describe_window(24 * 3_600_000), "24-hour");
        assert_eq!(describe_window(90 * 60_000), "90-minute");
        assert_eq!(describe_window(1500), "2-second");
    }
}
