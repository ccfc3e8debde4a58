//! The operator's view of `channel_inbound` ("the provider says it delivered, why is there no
//! message?"): each acknowledged webhook delivery with what the plugin reported, the raw body it
//! verified, and what applying it did; and a retry for the ones that failed.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::ChannelInbound;
use crate::audit::{Actor, AuditEvent};
use crate::auth::{Caller, Permission};
use crate::error::{Error, Reason, Result};
use crate::storage::channel_io::InboundView;
use crate::storage::{self, Page};

/// Raw bodies are shown up to this many bytes (WhatsApp's are a few KiB; the limit is 1 MiB).
pub const RAW_BODY_SHOWN: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    Pending,
    Processed,
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Processed => "processed",
            DeliveryState::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        match text {
            "pending" => Ok(DeliveryState::Pending),
            "processed" => Ok(DeliveryState::Processed),
            "failed" => Ok(DeliveryState::Failed),
            other => Err(Error::internal(format!(
                "unknown channel_inbound state {other:?}"
            ))),
        }
    }
}

/// One acknowledged webhook delivery.
#[derive(Debug, Clone)]
pub struct ChannelDelivery {
    pub id: Uuid,
    pub inbox_id: Uuid,
    pub received_at: DateTime<Utc>,
    pub state: DeliveryState,
    pub attempts: i32,
    /// What applying each event did, or why it could not be applied.
    pub outcome: Option<String>,
    /// What the plugin reported, as stored.
    pub events: Value,
    /// The verified body as UTF-8 (invalid sequences replaced), cut to [`RAW_BODY_SHOWN`].
    pub raw_body: String,
    pub raw_body_truncated: bool,
    pub raw_body_bytes: i64,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub processed_at: Option<DateTime<Utc>>,
}

impl TryFrom<InboundView> for ChannelDelivery {
    type Error = Error;

    fn try_from(row: InboundView) -> Result<Self> {
        let state = DeliveryState::parse(&row.state)?;
        let truncated = usize::try_from(row.raw_size).unwrap_or(usize::MAX) > row.raw_head.len();
        Ok(ChannelDelivery {
            id: row.id,
            inbox_id: row.inbox_id,
            received_at: row.received_at,
            state,
            attempts: row.attempts,
            outcome: row.outcome,
            events: row.events.0,
            raw_body: utf8_lossy_prefix(&row.raw_head, truncated),
            raw_body_truncated: truncated,
            raw_body_bytes: row.raw_size,
            next_attempt_at: (state == DeliveryState::Pending).then_some(row.next_attempt_at),
            processed_at: row.processed_at,
        })
    }
}

/// `bytes` as text; a cut body may end inside a character, which is dropped rather than shown
/// as a replacement character.
fn utf8_lossy_prefix(bytes: &[u8], truncated: bool) -> String {
    let end = if truncated {
        match std::str::from_utf8(bytes) {
            Err(err) if err.error_len().is_none() => err.valid_up_to(),
            _ => bytes.len(),
        }
    } else {
        bytes.len()
    };
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

impl ChannelInbound {
    /// An inbox's deliveries, newest first; `after` is the last id seen.
    pub async fn deliveries(
        &self,
        caller: &Caller,
        inbox_id: Uuid,
        state: Option<DeliveryState>,
        after: Option<Uuid>,
        first: usize,
    ) -> Result<Page<ChannelDelivery>> {
        caller.require(Permission::ChannelDeliveriesManage)?;
        let mut conn = self.db.acquire().await?;
        let rows = storage::channel_io::list_inbound(
            conn.conn(),
            inbox_id,
            state.map(DeliveryState::as_str),
            after,
            first as i64 + 1,
            RAW_BODY_SHOWN,
        )
        .await?;
        let rows = rows
            .into_iter()
            .map(ChannelDelivery::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(rows, first))
    }

    /// Sets a failed delivery pending again, for the worker to apply right away (after the
    /// cause was fixed: a plugin update, a team re-created, …). Audited.
    pub async fn retry_delivery(&self, caller: &Caller, id: Uuid) -> Result<ChannelDelivery> {
        caller.require(Permission::ChannelDeliveriesManage)?;
        let mut tx = self.db.begin().await?;
        let Some(row) = storage::channel_io::find_inbound(tx.conn(), id, RAW_BODY_SHOWN).await?
        else {
            return Err(Error::NotFound("channel delivery"));
        };
        if !storage::channel_io::retry_inbound(tx.conn(), id, self.now()).await? {
            return Err(Error::refused(
                Reason::DeliveryNotRetryable,
                "id",
                format!(
                    "only failed deliveries can be retried; this one is {}",
                    row.state
                ),
            ));
        }
        let event = AuditEvent::new("channel_delivery.retry")
            .target("channel_delivery", id)
            .details(json!({ "inboxId": row.inbox_id, "outcome": row.outcome }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        self.wake.notify_one();
        let mut conn = self.db.acquire().await?;
        storage::channel_io::find_inbound(conn.conn(), id, RAW_BODY_SHOWN)
            .await?
            .ok_or(Error::NotFound("channel delivery"))?
            .try_into()
    }
}

#[cfg(test)]
mod tests {
    use super::utf8_lossy_prefix;

    #[test]
    fn cut_bodies_drop_a_split_character_and_whole_ones_show_bad_bytes() {
        let body = "ação".as_bytes();
        // "a" + the first byte of "ç": the split character goes.
        assert_eq!(utf8_lossy_prefix(&body[..2], true), "a");
        assert_eq!(utf8_lossy_prefix(body, false), "ação");
        assert_eq!(utf8_lossy_prefix(&[b'o', 0xff, b'i'], false), "o\u{fffd}i");
        assert_eq!(utf8_lossy_prefix(&[b'o', 0xff, b'i'], true), "o\u{fffd}i");
    }
}
