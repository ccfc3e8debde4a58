//! Rows of `messages`, and full-text search over them.

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::conversations::{DeliveryFailure, DeliveryState, Message, ReadScope};
use ispchat_core::error::Result;

const COLUMNS: &str = "id, conversation_id, inbox_id, direction, sender_kind, sender_id, kind, \
    content, delivery_state, delivery_error, external_id, client_message_id, content_attributes, created_at, updated_at, \
    delivery_failure";

pub async fn insert(conn: Conn<'_>, m: &Message) -> Result<()> {
    let sql = format!(
        "INSERT INTO messages ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
         $12, $13, $14, $15, $16)"
    );
    on_conn!(conn, db => sqlx::query(&sql)
        .bind(m.id)
        .bind(m.conversation_id)
        .bind(m.inbox_id)
        .bind(m.direction)
        .bind(m.sender_kind)
        .bind(m.sender_id)
        .bind(m.kind)
        .bind(&m.content)
        .bind(m.delivery_state)
        .bind(&m.delivery_error)
        .bind(&m.external_id)
        .bind(&m.client_message_id)
        .bind(&m.content_attributes)
        .bind(m.created_at)
        .bind(m.updated_at)
        .bind(m.delivery_failure)
        .execute(db)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_by_id(conn: Conn<'_>, id: Uuid) -> Result<Option<Message>> {
    let sql = format!("SELECT {COLUMNS} FROM messages WHERE id = $1");
    Ok(on_conn!(conn, db => sqlx::query_as(&sql).bind(id).fetch_optional(db).await)?)
}

pub async fn find_by_external_id(
    conn: Conn<'_>,
    inbox_id: Uuid,
    external_id: &str,
) -> Result<Option<Message>> {
    let sql = format!("SELECT {COLUMNS} FROM messages WHERE inbox_id = $1 AND external_id = $2");
    Ok(
        on_conn!(conn, db => sqlx::query_as(&sql).bind(inbox_id).bind(external_id).fetch_optional(db).await)?,
    )
}

pub async fn find_by_client_id(
    conn: Conn<'_>,
    conversation_id: Uuid,
    client_message_id: &str,
) -> Result<Option<Message>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 AND client_message_id = $2"
    );
    Ok(
        on_conn!(conn, db => sqlx::query_as(&sql).bind(conversation_id).bind(client_message_id).fetch_optional(db).await)?,
    )
}

/// A conversation's messages, newest first; `before` is the oldest id already shown.
pub async fn list(
    conn: Conn<'_>,
    conversation_id: Uuid,
    before: Option<Uuid>,
    include_notes: bool,
    limit: i64,
) -> Result<Vec<Message>> {
    on_conn!(conn, db => {
        let mut query = QueryBuilder::new(format!("SELECT {COLUMNS} FROM messages WHERE conversation_id = "));
        query.push_bind(conversation_id);
        if !include_notes {
            query.push(" AND kind <> 'note'");
        }
        if let Some(before) = before {
            query.push(" AND id < ").push_bind(before);
        }
        query.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
        query.build_query_as().fetch_all(db).await
    })
    .map_err(Into::into)
}

pub async fn update_delivery(
    conn: Conn<'_>,
    id: Uuid,
    state: DeliveryState,
    failure: Option<(DeliveryFailure, &str)>,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "UPDATE messages SET delivery_state = $2, delivery_error = $3, updated_at = $4, \
               delivery_failure = $5 WHERE id = $1";
    on_conn!(conn, db => sqlx::query(sql)
        .bind(id)
        .bind(state)
        .bind(failure.map(|(_, detail)| detail))
        .bind(now)
        .bind(failure.map(|(kind, _)| kind))
        .execute(db)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Messages containing every word of `text`, newest first, in conversations `scope` may read.
pub async fn search(
    conn: Conn<'_>,
    scope: &ReadScope,
    text: &str,
    include_notes: bool,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<Message>> {
    let prefixed: String = COLUMNS
        .split(", ")
        .map(|column| format!("m.{column}"))
        .collect::<Vec<_>>()
        .join(", ");
    let (from, matcher, query_text) = match &conn {
        Conn::Sqlite(_) => (
            "messages_fts f JOIN messages m ON m.id = f.message_id",
            "messages_fts MATCH ",
            super::conversations::fts5_query(text),
        ),
        Conn::Postgres(_) => (
            "messages m",
            "m.search @@ plainto_tsquery('portuguese', ispchat_fold(",
            text.to_owned(),
        ),
    };
    if query_text.trim().is_empty() {
        // Only punctuation: no word to look for.
        return Ok(Vec::new());
    }
    let closing = if matches!(conn, Conn::Postgres(_)) {
        "))"
    } else {
        ""
    };
    on_conn!(conn, db => {
        let mut query = QueryBuilder::new(format!(
            "SELECT {prefixed} FROM {from} JOIN conversations c ON c.id = m.conversation_id WHERE "
        ));
        query.push(matcher).push_bind(query_text.clone()).push(closing);
        if !include_notes {
            query.push(" AND m.kind <> 'note'");
        }
        if let ReadScope::Teams { user_id, team_ids } = scope {
            query.push(" AND (c.team_id IS NULL OR c.assignee_id = ").push_bind(*user_id);
            if !team_ids.is_empty() {
                query.push(" OR c.team_id IN (");
                let mut list = query.separated(", ");
                for team in team_ids {
                    list.push_bind(*team);
                }
                query.push(")");
            }
            query.push(")");
        }
        if let Some(before) = before {
            query.push(" AND m.id < ").push_bind(before);
        }
        query.push(" ORDER BY m.id DESC LIMIT ").push_bind(limit);
        query.build_query_as().fetch_all(db).await
    })
    .map_err(Into::into)
}

/// The channel's id of a message the host sent, once its channel accepted it.
pub async fn set_external_id(conn: Conn<'_>, id: Uuid, external_id: &str) -> Result<()> {
    let sql = "UPDATE messages SET external_id = $2 WHERE id = $1";
    on_conn!(conn, db => sqlx::query(sql).bind(id).bind(external_id).execute(db).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// When the customer last wrote in a conversation, if ever.
pub async fn last_incoming_at(
    conn: Conn<'_>,
    conversation_id: Uuid,
) -> Result<Option<DateTime<Utc>>> {
    let sql = "SELECT created_at FROM messages WHERE conversation_id = $1 \
               AND direction = 'incoming' ORDER BY id DESC LIMIT 1";
    let row: Option<(DateTime<Utc>,)> =
        on_conn!(conn, db => sqlx::query_as(sql).bind(conversation_id).fetch_optional(db).await)?;
    Ok(row.map(|(at,)| at))
}

/// The provider's id of the conversation's latest incoming message that has one (what a channel
/// marks read or shows typing against).
pub async fn latest_incoming_external_id(
    conn: Conn<'_>,
    conversation_id: Uuid,
) -> Result<Option<String>> {
    let sql = "SELECT external_id FROM messages WHERE conversation_id = $1 \
               AND direction = 'incoming' AND external_id IS NOT NULL ORDER BY id DESC LIMIT 1";
    let row: Option<(String,)> =
        on_conn!(conn, db => sqlx::query_as(sql).bind(conversation_id).fetch_optional(db).await)?;
    Ok(row.map(|(id,)| id))
}
