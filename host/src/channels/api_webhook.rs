//! Signed webhooks of API inboxes: each reply an agent sends into an API inbox is written to an
//! outbox in the same transaction as the message, then POSTed to the integrator's URL until it
//! answers 2xx: at least once, retried with exponential backoff for about six hours, after which
//! the message is marked failed.
//!
//! The receiver checks `X-IspChat-Signature: sha256=<hex>`, the HMAC-SHA256 under the inbox's
//! secret of `<X-IspChat-Timestamp>.<body>`, and deduplicates by `X-IspChat-Delivery`.
//!
//! The URL is an admin's input, and the server posts to it: like a plugin's HTTP request, it
//! may not reach loopback, private, link-local (cloud metadata) or carrier-grade NAT addresses
//! unless its host is on the operator's list (`ISPCHAT_PLUGINS_ALLOW_PRIVATE_HOSTS`). The name
//! is resolved at send time, every address it resolves to is checked, and the connection is
//! pinned to those addresses (a second DNS answer cannot redirect it); no proxy, no redirects.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::clock::SharedClock;
use crate::conversations::{
    Conversation, ConversationService, DeliveryFailure, DeliveryState, Direction, EventActor,
    EventKind, Message,
};
use crate::error::{Error, Result};
use crate::inboxes::Inbox;
use crate::plugins::address_allowed;
use crate::plugins::manifest::host_allowed;
use crate::realtime::Published;
use crate::storage::webhooks::DeliveryRecord;
use crate::storage::{self, Conn, Db};

pub const MESSAGE_CREATED: &str = "message.created";
/// Retries after 10 s, 20 s, 40 s … capped at an hour: about six hours in all.
const MAX_ATTEMPTS: i32 = 15;
const FIRST_RETRY: Duration = Duration::from_secs(10);
const MAX_RETRY: Duration = Duration::from_secs(3600);
const LEASE: Duration = Duration::from_secs(60);
const BATCH: i64 = 20;

/// `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>").
pub fn sign(secret: &str, timestamp: i64, body: &str) -> Result<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(Error::internal)?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    Ok(format!(
        "sha256={}",
        hex::encode(mac.finalize().into_bytes())
    ))
}

/// Writes the webhook announcing `message` into the outbox, inside the sending transaction.
pub async fn enqueue_message(
    mut conn: Conn<'_>,
    inbox: &Inbox,
    conversation: &Conversation,
    message: &Message,
    now: DateTime<Utc>,
) -> Result<()> {
    let contact = storage::contacts::find_by_id(conn.reborrow(), conversation.contact_id).await?;
    let identities =
        storage::contacts::identities(conn.reborrow(), conversation.contact_id).await?;
    let identifier = identities
        .into_iter()
        .find(|(inbox_id, _)| *inbox_id == inbox.id)
        .map(|(_, identifier)| identifier);
    let delivery_id = Uuid::now_v7();
    let payload = json!({
        "event": MESSAGE_CREATED,
        "deliveryId": delivery_id,
        "inboxId": inbox.id,
        "conversation": {
            "id": conversation.id,
            "protocol": conversation.protocol,
            "status": conversation.status.as_str(),
        },
        "contact": {
            "id": conversation.contact_id,
            "identifier": identifier,
            "name": contact.as_ref().map(|c| c.name.as_str()),
            "phone": contact.as_ref().and_then(|c| c.phone.as_deref()),
            "email": contact.as_ref().and_then(|c| c.email.as_deref()),
        },
        "message": {
            "id": message.id,
            "content": message.content,
            "senderKind": message.sender_kind.as_str(),
            "senderId": message.sender_id,
            "clientMessageId": message.client_message_id,
            "createdAt": message.created_at,
        },
    });
    let record = DeliveryRecord {
        id: delivery_id,
        inbox_id: inbox.id,
        message_id: Some(message.id),
        event: MESSAGE_CREATED.to_owned(),
        payload: payload.to_string(),
        attempts: 0,
        created_at: now,
    };
    storage::webhooks::insert(conn, &record, now).await
}

/// Sends what is due, whenever a message is created and every `interval` (for retries).
pub struct WebhookSender {
    db: Db,
    clock: SharedClock,
    conversations: Arc<ConversationService>,
    /// `host[:port]` patterns whose private addresses may be reached.
    allow_private_hosts: Vec<String>,
}

impl WebhookSender {
    pub fn new(
        db: Db,
        clock: SharedClock,
        conversations: Arc<ConversationService>,
        allow_private_hosts: Vec<String>,
    ) -> anyhow::Result<Self> {
        Ok(WebhookSender {
            db,
            clock,
            conversations,
            allow_private_hosts,
        })
    }

    /// A client for `url` pinned to its checked addresses, or why it may not be reached.
    async fn client_for(
        &self,
        url: &str,
    ) -> std::result::Result<(reqwest::Client, reqwest::Url), String> {
        let url =
            reqwest::Url::parse(url).map_err(|_| "the webhook URL is not valid".to_owned())?;
        let https = url.scheme() == "https";
        let host = url
            .host_str()
            .ok_or_else(|| "the webhook URL has no host".to_owned())?
            .to_owned();
        let bare = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = url
            .port_or_known_default()
            .unwrap_or(if https { 443 } else { 80 });
        let addrs: Vec<std::net::SocketAddr> = match bare.parse::<std::net::IpAddr>() {
            Ok(ip) => vec![std::net::SocketAddr::new(ip, port)],
            Err(_) => tokio::net::lookup_host((bare.as_str(), port))
                .await
                .map_err(|e| format!("cannot resolve {bare}: {e}"))?
                .collect(),
        };
        if addrs.is_empty() {
            return Err(format!("{bare} has no addresses"));
        }
        let trusted = host_allowed(&self.allow_private_hosts, &host, url.port(), https);
        if let Some(blocked) = addrs.iter().find(|a| !address_allowed(a.ip(), trusted)) {
            return Err(format!(
                "{bare} resolves to {}, a private address: list the host in \
                 ISPCHAT_PLUGINS_ALLOW_PRIVATE_HOSTS to allow it",
                blocked.ip()
            ));
        }
        let client = reqwest::Client::builder()
            .user_agent(concat!("ISPChat-Webhook/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            // A redirect would send the signed payload somewhere the admin did not configure.
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .resolve_to_addrs(&bare, &addrs)
            .build()
            .map_err(|e| e.to_string())?;
        Ok((client, url))
    }

    /// Delivers due webhooks every `interval`, and at once after a new public reply. Listens to
    /// the bus from the call, not from the task's first turn: no reply published in between is
    /// left for the next tick.
    pub fn run(
        self,
        interval: Duration,
        shutdown: CancellationToken,
    ) -> impl Future<Output = ()> + Send + 'static {
        let events = self.conversations.bus().subscribe();
        self.deliver(events, interval, shutdown)
    }

    async fn deliver(
        self,
        mut events: broadcast::Receiver<Arc<Published>>,
        interval: Duration,
        shutdown: CancellationToken,
    ) {
        let mut tick = tokio::time::interval(interval);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tick.tick() => {}
                event = events.recv() => {
                    // Only a new public reply can add work; retries come with the tick.
                    let reply = |p: &Published| {
                        p.event.kind == EventKind::MessageCreated
                            && p.message.as_ref().is_some_and(|m| {
                                m.direction == Direction::Outgoing && !m.is_private()
                            })
                    };
                    if matches!(&event, Ok(p) if !reply(p)) {
                        continue;
                    }
                }
            }
            if let Err(err) = self.send_due().await {
                tracing::warn!(%err, "webhook deliveries failed to run");
            }
        }
    }

    /// One pass over the due deliveries; returns how many were attempted.
    pub async fn send_due(&self) -> Result<usize> {
        let now = self.clock.now();
        let leased = {
            let mut conn = self.db.writer().await?;
            storage::webhooks::lease_due(conn.conn(), now, now + LEASE, BATCH).await?
        };
        let attempted = leased.len();
        for delivery in leased {
            self.attempt(delivery).await?;
        }
        Ok(attempted)
    }

    async fn attempt(&self, delivery: DeliveryRecord) -> Result<()> {
        let inbox = {
            let mut conn = self.db.acquire().await?;
            storage::inboxes::find_by_id(conn.conn(), delivery.inbox_id).await?
        };
        let outcome = match inbox
            .as_ref()
            .and_then(|i| Some((i.webhook_url.as_deref()?, i.webhook_secret.as_deref()?)))
        {
            None => Err("the inbox no longer has a webhook".to_owned()),
            Some((url, secret)) => self.post(url, secret, &delivery).await,
        };
        let now = self.clock.now();
        let mut conn = self.db.writer().await?;
        match outcome {
            Ok(()) => {
                storage::webhooks::mark_delivered(conn.conn(), delivery.id, now).await?;
                metrics::counter!("ispchat_webhook_deliveries_total", "outcome" => "delivered")
                    .increment(1);
                drop(conn);
                self.settle_message(&delivery, DeliveryState::Sent, None)
                    .await
            }
            Err(error) => {
                let attempts = delivery.attempts + 1;
                let retry_at = (attempts < MAX_ATTEMPTS).then(|| now + backoff(attempts));
                storage::webhooks::mark_attempt_failed(conn.conn(), delivery.id, &error, retry_at)
                    .await?;
                metrics::counter!("ispchat_webhook_deliveries_total", "outcome" => "failed")
                    .increment(1);
                drop(conn);
                tracing::info!(delivery = %delivery.id, attempts, %error, "webhook attempt failed");
                if retry_at.is_none() {
                    let reason = format!("webhook: {error} (after {attempts} attempts)");
                    self.settle_message(
                        &delivery,
                        DeliveryState::Failed,
                        Some((DeliveryFailure::GaveUp, &reason)),
                    )
                    .await?;
                }
                Ok(())
            }
        }
    }

    async fn post(
        &self,
        url: &str,
        secret: &str,
        delivery: &DeliveryRecord,
    ) -> std::result::Result<(), String> {
        let (client, url) = self.client_for(url).await?;
        let timestamp = self.clock.now().timestamp();
        let signature = sign(secret, timestamp, &delivery.payload).map_err(|e| e.to_string())?;
        let response = client
            .post(url)
            .header("Content-Type", "application/json")
            .header("X-IspChat-Event", &delivery.event)
            .header("X-IspChat-Delivery", delivery.id.to_string())
            .header("X-IspChat-Timestamp", timestamp.to_string())
            .header("X-IspChat-Signature", signature)
            .body(delivery.payload.clone())
            .send()
            .await
            .map_err(|e| format!("request failed: {}", without_url(&e)))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("HTTP {}", response.status().as_u16()))
        }
    }

    async fn settle_message(
        &self,
        delivery: &DeliveryRecord,
        state: DeliveryState,
        failure: Option<(DeliveryFailure, &str)>,
    ) -> Result<()> {
        let Some(message_id) = delivery.message_id else {
            return Ok(());
        };
        self.conversations
            .record_delivery(message_id, state, failure, EventActor::System)
            .await
            .map(|_| ())
    }
}

pub(crate) fn backoff(attempts: i32) -> chrono::Duration {
    let factor = 2u32.saturating_pow(u32::try_from(attempts - 1).unwrap_or(0));
    let delay = FIRST_RETRY.saturating_mul(factor).min(MAX_RETRY);
    chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1))
}

/// reqwest's errors repeat the URL, which may carry a token in its query: keep it out of logs
/// and of the message's failure reason.
fn without_url(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "could not connect"
    } else {
        "transport error"
    };
    kind.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Reference value computed with: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac s3cret
        let signature = sign("s3cret", 1_700_000_000, r#"{"a":1}"#).unwrap();
        assert_eq!(
            signature,
            "sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940"
        );
        assert_ne!(
            signature,
            sign("other", 1_700_000_000, r#"{"a":1}"#).unwrap_or_default()
        );
        assert_ne!(
            signature,
            sign("s3cret", 1_700_000_001, r#"{"a":1}"#).unwrap_or_default()
        );
    }

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        assert_eq!(backoff(1), chrono::Duration::seconds(10));
        assert_eq!(backoff(2), chrono::Duration::seconds(20));
        assert_eq!(backoff(5), chrono::Duration::seconds(160));
        assert_eq!(backoff(9), chrono::Duration::seconds(2560));
        assert_eq!(backoff(10), chrono::Duration::hours(1));
        assert_eq!(backoff(14), chrono::Duration::hours(1));
    }
}
