//! Rows of `conversation_events`: each conversation's numbered history.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::conversations::{ConversationEvent, EventActor, EventDetails, EventKind};
use ispchat_core::error::Result;

#[derive(sqlx::FromRow)]
struct EventRow {
    conversation_id: Uuid,
    seq: i64,
    kind: EventKind,
    message_id: Option<Uuid>,
    actor_kind: String,
    actor_id: Option<Uuid>,
    details: Json<EventDetails>,
    created_at: DateTime<Utc>,
}

impl From<EventRow> for ConversationEvent {
    fn from(row: EventRow) -> Self {
        ConversationEvent {
            conversation_id: row.conversation_id,
            seq: row.seq,
            kind: row.kind,
            message_id: row.message_id,
            actor: EventActor::from_parts(&row.actor_kind, row.actor_id),
            details: row.details.0,
            at: row.created_at,
        }
    }
}

/// Events with `seq > after`, oldest first.
pub async fn list_after(
    conn: Conn<'_>,
    conversation_id: Uuid,
    after: i64,
    limit: i64,
) -> Result<Vec<ConversationEvent>> {
    let sql = "SELECT conversation_id, seq, kind, message_id, actor_kind, actor_id, details, \
               created_at FROM conversation_events WHERE conversation_id = $1 AND seq > $2 \
               ORDER BY seq LIMIT $3";
    let rows: Vec<EventRow> = on_conn!(conn, c => sqlx::query_as(sql)
        .bind(conversation_id)
        .bind(after)
        .bind(limit)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().map(ConversationEvent::from).collect())
}
