//! Channel webhook deliveries (admins only): what each acknowledged webhook carried, what
//! applying it did, and a retry for the failed ones (docs/channels.md).

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::errors::GqlResult;
use super::{caller, connection, page_size, parse_cursor, parse_id, services};
use crate::channels::inbound::{ChannelDelivery, ChannelDeliveryState as State};

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ChannelDeliveryState {
    /// Waiting to be applied (new, or retried after a storage error or a report that came
    /// before its message).
    Pending,
    /// Applied; `outcome` says what each event did.
    Processed,
    /// Could not be applied; `outcome` says why. `retryChannelDelivery` tries again.
    Failed,
}

impl From<State> for ChannelDeliveryState {
    fn from(state: State) -> Self {
        match state {
            State::Pending => ChannelDeliveryState::Pending,
            State::Processed => ChannelDeliveryState::Processed,
            State::Failed => ChannelDeliveryState::Failed,
        }
    }
}

impl From<ChannelDeliveryState> for State {
    fn from(state: ChannelDeliveryState) -> Self {
        match state {
            ChannelDeliveryState::Pending => State::Pending,
            ChannelDeliveryState::Processed => State::Processed,
            ChannelDeliveryState::Failed => State::Failed,
        }
    }
}

/// One webhook delivery a channel plugin verified and reported events for, kept for
/// `ISPCHAT_WEBHOOK_PAYLOAD_RETENTION` (7 days by default).
#[derive(SimpleObject)]
#[graphql(name = "ChannelDelivery")]
pub struct ChannelDeliveryObject {
    id: ID,
    inbox_id: ID,
    received_at: DateTime<Utc>,
    state: ChannelDeliveryState,
    /// Times the worker tried to apply it.
    attempts: i32,
    /// What applying it did, one note per event (`message wamid.X stored as …`), or why it
    /// failed.
    outcome: Option<String>,
    /// The events the plugin reported, as stored.
    events: Json<Value>,
    /// The verified request body as UTF-8 (invalid bytes replaced), at most 64 KiB.
    raw_body: String,
    /// Whether `rawBody` was cut at 64 KiB.
    raw_body_truncated: bool,
    /// The whole body's size.
    raw_body_bytes: i64,
    /// When a pending delivery is due.
    next_attempt_at: Option<DateTime<Utc>>,
    /// When it was processed or failed.
    processed_at: Option<DateTime<Utc>>,
}

impl From<ChannelDelivery> for ChannelDeliveryObject {
    fn from(d: ChannelDelivery) -> Self {
        ChannelDeliveryObject {
            id: ID(d.id.to_string()),
            inbox_id: ID(d.inbox_id.to_string()),
            received_at: d.received_at,
            state: d.state.into(),
            attempts: d.attempts,
            outcome: d.outcome,
            events: Json(d.events),
            raw_body: d.raw_body,
            raw_body_truncated: d.raw_body_truncated,
            raw_body_bytes: d.raw_body_bytes,
            next_attempt_at: d.next_attempt_at,
            processed_at: d.processed_at,
        }
    }
}

#[derive(Default)]
pub struct ChannelQuery;

#[Object]
impl ChannelQuery {
    /// An inbox's webhook deliveries, newest first: to see why an acknowledged webhook produced
    /// nothing.
    async fn channel_deliveries(
        &self,
        ctx: &Context<'_>,
        inbox_id: ID,
        state: Option<ChannelDeliveryState>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, ChannelDeliveryObject>> {
        let inbox_id = parse_id("inboxId", &inbox_id).gql()?;
        let first = page_size(first).gql()?;
        let cursor = parse_cursor(after.as_deref()).gql()?;
        let page = services(ctx)
            .channel_inbound
            .deliveries(caller(ctx), inbox_id, state.map(Into::into), cursor, first)
            .await
            .gql()?;
        Ok(connection(
            page,
            cursor,
            |d| d.id,
            ChannelDeliveryObject::from,
        ))
    }
}

#[derive(Default)]
pub struct ChannelMutation;

#[Object]
impl ChannelMutation {
    /// Sets a FAILED delivery pending again; the worker applies it right away. Other states are
    /// refused with CONFLICT.
    async fn retry_channel_delivery(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ChannelDeliveryObject> {
        let id = parse_id("id", &id).gql()?;
        let delivery = services(ctx)
            .channel_inbound
            .retry_delivery(caller(ctx), id)
            .await
            .gql()?;
        Ok(delivery.into())
    }
}
