//! The webhook end of channel plugins. `ANY /webhooks/{inboxId}[/…]` reaches
//! [`ChannelInbound::handle_webhook`]: the inbox's channel plugin verifies the request and
//! decides the HTTP answer; when it reported events, they are stored in `channel_inbound` (with
//! the raw body) before the provider gets its 2xx, and a worker applies them afterwards, so a
//! slow database never makes the provider time out and retry. Applying is idempotent (messages
//! by external id, delivery states only forward), so a provider's retried webhook, or a row
//! applied twice after a crash, stores one message.
//!
//! A request the plugin crashes on (or runs out of time or memory with) is tied to its payload,
//! not to the channel: it is kept as a failed delivery for the operator and answered 200, and
//! the plugin's other deliveries go on (the runtime does not count it towards disabling it).

mod deliveries;
mod files;
mod visitors;

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sqlx::types::Json;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

pub use deliveries::{ChannelDelivery, DeliveryState as ChannelDeliveryState, RAW_BODY_SHOWN};
pub use visitors::{HostPost, UPLOAD_SCHEME, chat_unavailable};

use super::api_webhook::backoff;
use super::events::{Received, StoredEvent, StoredSender, interpret, storable};
use crate::attachments::AttachmentService;
use crate::attachments::Staged;
use crate::audit::AuditLog;
use crate::clock::SharedClock;
use crate::contacts::ContactInput;
use crate::conversations::{ConversationService, EventActor, IncomingMessage, split_content};
use crate::error::{Error, Result};
use crate::inboxes::{Inbox, InboxKind};
use crate::plugins::{ActivePlugins, PluginError, PluginRegistry, WebhookRequest};
use crate::storage::channel_io;

/// A stored delivery, its events in the form `channel_inbound` keeps.
type InboundRecord = channel_io::InboundRecord<StoredEvent>;
use crate::storage::{self, Db};
use files::Applying;

const MAX_ATTEMPTS: i32 = 15;
/// A provider may report on a reply before the outbox has recorded its external id: a report
/// for an unknown message is looked for again this many times (10 s, then 20 s later).
const UNMATCHED_ATTEMPTS: i32 = 3;
const UNMATCHED: &str = "delivery report for unknown message";
const LEASE: Duration = Duration::from_secs(60);
const BATCH: i64 = 20;

/// What the provider is answered.
#[derive(Debug)]
pub struct WebhookReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Why a webhook got no answer from its plugin. Details go to the log, never to the caller.
#[derive(Debug, thiserror::Error)]
pub enum WebhookFailure {
    /// No such inbox, or its channel plugin is not live.
    #[error("not found")]
    NotFound,
    /// The plugin returned an error: a bug or misconfiguration; nothing was stored.
    #[error("the channel plugin refused the request: {0}")]
    Plugin(String),
    /// The plugin crashed, timed out or is disabled; the provider should retry later.
    #[error("the channel plugin is unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Storage(#[from] Error),
}

/// An HTTP request as the route received it.
pub struct RawWebhook {
    pub inbox_id: String,
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

pub struct ChannelInbound {
    db: Db,
    clock: SharedClock,
    conversations: Arc<ConversationService>,
    plugins: Arc<PluginRegistry>,
    audit: Arc<AuditLog>,
    attachments: Arc<AttachmentService>,
    wake: Notify,
    /// Requests kept after their plugin failed on them, per inbox.
    quarantined: DefaultKeyedRateLimiter<Uuid>,
}

/// Failed requests kept per inbox per minute (and at once).
const QUARANTINE_PER_MINUTE: u32 = 30;

impl ChannelInbound {
    pub fn new(
        db: Db,
        clock: SharedClock,
        conversations: Arc<ConversationService>,
        plugins: Arc<PluginRegistry>,
        audit: Arc<AuditLog>,
        attachments: Arc<AttachmentService>,
    ) -> Self {
        ChannelInbound {
            db,
            clock,
            conversations,
            plugins,
            audit,
            attachments,
            wake: Notify::new(),
            quarantined: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(QUARANTINE_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
            )),
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(6)
    }

    pub async fn handle_webhook(
        &self,
        raw: RawWebhook,
    ) -> std::result::Result<WebhookReply, WebhookFailure> {
        let inbox_id: Uuid = raw.inbox_id.parse().map_err(|_| WebhookFailure::NotFound)?;
        let inbox = {
            let mut conn = self.db.acquire().await?;
            storage::inboxes::find_by_id(conn.conn(), inbox_id).await?
        };
        // Only the host speaks for web chat visitors (see [`visitors`]): a public request in a
        // web inbox's name would let anyone write as any visitor.
        let plugin = inbox
            .as_ref()
            .filter(|i| i.kind != InboxKind::Web)
            .and_then(|i| i.plugin_id.as_deref())
            .and_then(|id| self.plugins.get(id))
            .ok_or(WebhookFailure::NotFound)?;
        let received_at = self.now();
        let request = WebhookRequest {
            inbox_id: inbox_id.to_string(),
            method: raw.method,
            path: raw.path,
            query: raw.query,
            headers: raw.headers,
            body: raw.body,
            received_at: u64::try_from(received_at.timestamp_millis()).unwrap_or(0),
        };
        // Every webhook is counted, refused ones too: a provider whose signatures stopped
        // matching shows up as `refused`, not as silence.
        let counted = |outcome: &'static str| {
            metrics::counter!("ispchat_channel_webhooks_total", "plugin" => plugin.id().to_owned(), "outcome" => outcome)
                .increment(1);
        };
        let result = match self.plugins.handle_webhook(&plugin, &request).await {
            // Crashed, ran out of time or memory on this request: the body is kept for the
            // operator and the provider is answered, so one poisoned payload is neither
            // retried forever nor allowed to take the channel down for the others.
            Err(
                err @ (PluginError::Trap { .. }
                | PluginError::Timeout { .. }
                | PluginError::MemoryCap { .. }),
            ) => {
                return self
                    .quarantine(inbox_id, received_at, &request.body, &err)
                    .await
                    .inspect(|_| counted("quarantined"))
                    .inspect_err(|_| counted("unavailable"));
            }
            Err(err) => {
                counted("unavailable");
                return Err(WebhookFailure::Unavailable(err.to_string()));
            }
            Ok(Err(err)) => {
                counted("plugin_error");
                return Err(WebhookFailure::Plugin(format!(
                    "{}: {}",
                    err.code, err.message
                )));
            }
            Ok(Ok(result)) => result,
        };
        let reply = WebhookReply {
            status: result.response.status,
            headers: result.response.headers,
            body: result.response.body,
        };
        if result.events.is_empty() {
            counted(match reply.status {
                401 | 403 => "refused",
                400..=499 => "rejected",
                500..=599 => "plugin_error",
                _ => "no_events",
            });
            return Ok(reply);
        }
        let events: Vec<StoredEvent> =
            storable(result.events.into_iter().map(Into::into).collect());
        let record = InboundRecord {
            id: Uuid::now_v7(),
            inbox_id,
            received_at,
            events: Json(events),
            attempts: 0,
        };
        {
            let mut conn = self.db.writer().await?;
            storage::channel_io::insert_inbound(conn.conn(), &record, &request.body, None).await?;
        }
        counted("stored");
        self.wake.notify_one();
        Ok(reply)
    }

    /// Keeps a request its plugin failed on as a failed delivery (raw body and why) and answers
    /// the provider 200. At most [`QUARANTINE_PER_MINUTE`] an inbox: past that the request is
    /// refused with 503 and not kept, so crashing payloads cannot fill the database.
    async fn quarantine(
        &self,
        inbox_id: Uuid,
        received_at: DateTime<Utc>,
        body: &[u8],
        err: &PluginError,
    ) -> std::result::Result<WebhookReply, WebhookFailure> {
        if self.quarantined.check_key(&inbox_id).is_err() {
            return Err(WebhookFailure::Unavailable(format!(
                "{err}; too many failed requests for this inbox to keep them all"
            )));
        }
        let outcome = format!(
            "not processed: the channel plugin failed on this request ({}); the body is kept as \
             received, before its signature was checked",
            err.reason()
        );
        {
            let mut conn = self.db.writer().await?;
            storage::channel_io::insert_failed_inbound(
                conn.conn(),
                Uuid::now_v7(),
                inbox_id,
                received_at,
                body,
                &outcome,
            )
            .await?;
        }
        tracing::warn!(inbox = %inbox_id, error = %err, "channel webhook kept after its plugin failed on it");
        Ok(WebhookReply {
            status: 200,
            headers: Vec::new(),
            body: Vec::new(),
        })
    }

    /// Applies stored webhook events as they arrive and every `interval` (retries, rows left by
    /// a previous run); on each tick, also deletes rows older than `retention`.
    pub async fn run(
        self: Arc<Self>,
        interval: Duration,
        retention: Duration,
        shutdown: CancellationToken,
    ) {
        let mut tick = tokio::time::interval(interval);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tick.tick() => match self.prune(retention).await {
                    Ok(0) => {}
                    Ok(pruned) => tracing::info!(pruned, "old channel webhook payloads deleted"),
                    Err(err) => tracing::warn!(%err, "cannot prune channel webhook payloads"),
                },
                _ = self.wake.notified() => {}
            }
            if let Err(err) = self.apply_due().await {
                tracing::warn!(%err, "channel webhooks failed to apply");
            }
        }
    }

    /// One pass over the due rows; returns how many were leased.
    pub async fn apply_due(&self) -> Result<usize> {
        let now = self.now();
        let leased = {
            let mut conn = self.db.writer().await?;
            storage::channel_io::lease_inbound(conn.conn(), now, now + LEASE, BATCH).await?
        };
        let count = leased.len();
        for row in leased {
            self.apply(row).await?;
        }
        Ok(count)
    }

    async fn apply(&self, row: InboundRecord) -> Result<()> {
        let inbox = {
            let mut conn = self.db.acquire().await?;
            storage::inboxes::find_by_id(conn.conn(), row.inbox_id).await?
        };
        let outcome = match &inbox {
            None => Err(Applying::Storage(Error::NotFound("inbox"))),
            Some(inbox) => {
                let last = row.attempts + 1 >= MAX_ATTEMPTS;
                self.apply_events(inbox, &row.events.0, last, &mut None)
                    .await
            }
        };
        self.settle(&row, outcome).await.map(|_| ())
    }

    /// Records how applying `row` ended; returns the error that kept it from applying, if any.
    async fn settle(
        &self,
        row: &InboundRecord,
        outcome: std::result::Result<Vec<String>, Applying>,
    ) -> Result<Option<Error>> {
        let now = self.now();
        let mut kept = None;
        let (state, note, retry_at) = match outcome {
            Ok(notes)
                if notes.iter().any(|n| n.starts_with(UNMATCHED))
                    && row.attempts + 1 < UNMATCHED_ATTEMPTS =>
            {
                (
                    "pending",
                    notes.join("; "),
                    Some(now + backoff(row.attempts + 1)),
                )
            }
            Ok(notes) => ("processed", notes.join("; "), None),
            Err(Applying::Download(reason)) => {
                tracing::info!(row = %row.id, %reason, "channel media download will be retried");
                (
                    "pending",
                    format!("will retry: file download failed: {reason}"),
                    Some(now + backoff(row.attempts + 1)),
                )
            }
            // Storage trouble: the same events may apply later.
            Err(Applying::Storage(err @ (Error::Internal(_) | Error::Conflict { .. })))
                if row.attempts + 1 < MAX_ATTEMPTS =>
            {
                tracing::warn!(row = %row.id, %err, "channel webhook will be applied again");
                kept = Some(err);
                (
                    "pending",
                    "will retry: storage error".to_owned(),
                    Some(now + backoff(row.attempts + 1)),
                )
            }
            Err(Applying::Storage(err)) => {
                tracing::warn!(row = %row.id, %err, "channel webhook cannot be applied");
                let note = err.to_string();
                kept = Some(err);
                ("failed", note, None)
            }
        };
        let mut conn = self.db.writer().await?;
        storage::channel_io::settle_inbound(conn.conn(), row.id, state, Some(&note), retry_at, now)
            .await?;
        Ok(kept)
    }

    /// Applies each event in order; returns a note per event for the row's outcome. On the
    /// `last` attempt, a file that still cannot be downloaded is given up on.
    async fn apply_events(
        &self,
        inbox: &Inbox,
        events: &[StoredEvent],
        last: bool,
        upload: &mut Option<Staged>,
    ) -> std::result::Result<Vec<String>, Applying> {
        let mut notes = Vec::with_capacity(events.len());
        for event in events {
            notes.push(self.apply_event(inbox, event, last, upload).await?);
        }
        Ok(notes)
    }

    async fn apply_event(
        &self,
        inbox: &Inbox,
        event: &StoredEvent,
        last: bool,
        upload: &mut Option<Staged>,
    ) -> std::result::Result<String, Applying> {
        match event {
            StoredEvent::Message {
                external_id,
                sender,
                text,
                contents,
                reply_to_external_id,
                ..
            } => {
                let received = if contents.is_empty() && !text.is_empty() {
                    // A row from before contents were kept.
                    Received {
                        text: text.clone(),
                        ..Default::default()
                    }
                } else {
                    interpret(contents, reply_to_external_id.as_deref())
                };
                // Longer than a message may be: stored whole, as consecutive messages.
                let mut parts = split_content(&received.text).into_iter();
                let first = parts.next().unwrap_or_default();
                let message = IncomingMessage {
                    content_attributes: Some(received.attributes),
                    ..incoming(inbox.id, external_id, sender, &first)
                };
                let mut notes = Vec::new();
                let mut files = received.attachments.iter();
                notes.push(
                    self.receive(inbox, message.clone(), files.next(), last, upload)
                        .await?,
                );
                for (n, part) in parts.enumerate() {
                    let more = IncomingMessage {
                        content: part,
                        external_id: Some(format!("{external_id}#part{}", n + 2)),
                        content_attributes: None,
                        ..message.clone()
                    };
                    notes.push(self.receive(inbox, more, None, last, upload).await?);
                }
                // One file per message: a further file is a message of its own, with its
                // caption, under a derived external id so a retry stores it once too.
                for (n, file) in files.enumerate() {
                    let extra = IncomingMessage {
                        content: file.caption.clone().unwrap_or_default(),
                        external_id: Some(format!("{external_id}#{}", n + 2)),
                        content_attributes: None,
                        ..message.clone()
                    };
                    notes.push(self.receive(inbox, extra, Some(file), last, upload).await?);
                }
                Ok(notes.join("; "))
            }
            StoredEvent::Delivery {
                external_id,
                state,
                error,
                ..
            } => Ok(self
                .apply_delivery(inbox, external_id, *state, error.as_deref())
                .await?),
            StoredEvent::Other { json } => {
                tracing::info!(inbox = %inbox.id, event = %json, "channel reported an event");
                Ok("other event logged".to_owned())
            }
        }
    }

    async fn apply_delivery(
        &self,
        inbox: &Inbox,
        external_id: &str,
        state: crate::conversations::DeliveryState,
        error: Option<&str>,
    ) -> Result<String> {
        let found = {
            let mut conn = self.db.acquire().await?;
            storage::messages::find_by_external_id(conn.conn(), inbox.id, external_id).await?
        };
        let Some(message) = found else {
            return Ok(format!("{UNMATCHED} {external_id} ignored"));
        };
        let failure = (state == crate::conversations::DeliveryState::Failed).then(|| {
            (
                crate::conversations::DeliveryFailure::Reported,
                error.unwrap_or("the channel reported a failure"),
            )
        });
        let updated = self
            .conversations
            .record_delivery(message.id, state, failure, EventActor::System)
            .await?;
        Ok(format!(
            "delivery of {external_id}: {} (now {})",
            state.as_str(),
            updated.delivery_state.as_str()
        ))
    }

    /// Deletes applied rows, raw bodies included, received more than `retention` ago.
    pub async fn prune(&self, retention: Duration) -> Result<u64> {
        let cutoff =
            self.now() - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::days(7));
        let mut conn = self.db.writer().await?;
        storage::channel_io::prune_inbound(conn.conn(), cutoff).await
    }
}

fn incoming(
    inbox_id: Uuid,
    external_id: &str,
    sender: &StoredSender,
    text: &str,
) -> IncomingMessage {
    IncomingMessage {
        inbox_id,
        identifier: Some(sender.external_id.clone()),
        contact: ContactInput {
            name: sender.display_name.clone(),
            phone: sender.phone.clone(),
            email: sender.email.clone(),
            ..Default::default()
        },
        content: text.to_owned(),
        external_id: Some(external_id.to_owned()),
        content_attributes: None,
    }
}
