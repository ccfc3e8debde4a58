//! Rows of `channel_inbound` (acknowledged webhook deliveries waiting to be applied) and
//! `channel_outbox` (replies waiting to be sent through a channel plugin). Both are leased the
//! same way as `webhook_deliveries`: a worker that dies lets its lease lapse and the row is
//! picked up again.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sqlx::QueryBuilder;
use sqlx::types::Json;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

/// `E` is the host's form of a channel event (its `channels::events::StoredEvent`), kept as JSON:
/// storage keeps the rows without knowing what channels report.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InboundRecord<E> {
    pub id: Uuid,
    pub inbox_id: Uuid,
    pub received_at: DateTime<Utc>,
    pub events: Json<Vec<E>>,
    pub attempts: i32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRecord {
    pub id: Uuid,
    pub inbox_id: Uuid,
    pub message_id: Uuid,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

/// `leased_until`: the caller applies the row itself (the web chat's visitor requests), so the
/// worker leaves it alone until then, and takes it over only if the caller died first.
pub async fn insert_inbound<E: Serialize + Sync>(
    conn: Conn<'_>,
    record: &InboundRecord<E>,
    raw_body: &[u8],
    leased_until: Option<DateTime<Utc>>,
) -> Result<()> {
    let sql = "INSERT INTO channel_inbound (id, inbox_id, received_at, events, raw_body, state, \
               attempts, next_attempt_at, locked_until) \
               VALUES ($1, $2, $3, $4, $5, 'pending', 0, $3, $6)";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(record.id)
        .bind(record.inbox_id)
        .bind(record.received_at)
        .bind(&record.events)
        .bind(raw_body)
        .bind(leased_until)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A request the channel plugin failed on: kept as a failed delivery with no events, for the
/// operator to see.
pub async fn insert_failed_inbound(
    conn: Conn<'_>,
    id: Uuid,
    inbox_id: Uuid,
    received_at: DateTime<Utc>,
    raw_body: &[u8],
    outcome: &str,
) -> Result<()> {
    let sql = "INSERT INTO channel_inbound (id, inbox_id, received_at, events, raw_body, state, \
               attempts, next_attempt_at, outcome, processed_at) \
               VALUES ($1, $2, $3, $4, $5, 'failed', 0, $3, $6, $3)";
    let no_events: Json<Vec<Value>> = Json(Vec::new());
    on_conn!(conn, c => sqlx::query(sql)
        .bind(id)
        .bind(inbox_id)
        .bind(received_at)
        .bind(&no_events)
        .bind(raw_body)
        .bind(outcome)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The `FOR UPDATE SKIP LOCKED` that lets several nodes lease from one PostgreSQL table.
fn skip_locked(conn: &Conn<'_>) -> &'static str {
    match conn {
        Conn::Sqlite(_) => "",
        Conn::Postgres(_) => " FOR UPDATE SKIP LOCKED",
    }
}

pub async fn lease_inbound<E: DeserializeOwned + Send + Unpin + 'static>(
    conn: Conn<'_>,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<InboundRecord<E>>> {
    let sql = format!(
        "UPDATE channel_inbound SET locked_until = $2 WHERE id IN (\
           SELECT id FROM channel_inbound WHERE state = 'pending' AND next_attempt_at <= $1 \
           AND (locked_until IS NULL OR locked_until < $1) ORDER BY received_at LIMIT $3{}) \
         RETURNING id, inbox_id, received_at, events, attempts",
        skip_locked(&conn)
    );
    let mut rows: Vec<InboundRecord<E>> = on_conn!(conn, c => sqlx::query_as(&sql)
        .bind(now)
        .bind(lease_until)
        .bind(limit)
        .fetch_all(c)
        .await)?;
    // Ids are v7: time-ordered, so a provider's deliveries are applied in the order received.
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// Records how applying a row ended: `processed`/`failed`, or `pending` again at `retry_at`.
pub async fn settle_inbound(
    conn: Conn<'_>,
    id: Uuid,
    state: &str,
    outcome: Option<&str>,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "UPDATE channel_inbound SET state = $2, outcome = $3, attempts = attempts + 1, \
               locked_until = NULL, next_attempt_at = COALESCE($4, next_attempt_at), \
               processed_at = CASE WHEN $2 = 'pending' THEN NULL ELSE $5 END WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(id)
        .bind(state)
        .bind(outcome)
        .bind(retry_at)
        .bind(now)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Deletes settled rows (and their raw bodies) received before `cutoff`; pending rows stay.
pub async fn prune_inbound(conn: Conn<'_>, cutoff: DateTime<Utc>) -> Result<u64> {
    let sql = "DELETE FROM channel_inbound WHERE state <> 'pending' AND received_at < $1";
    Ok(
        on_conn!(conn, c => sqlx::query(sql).bind(cutoff).execute(c).await.map(|r| r.rows_affected()))?,
    )
}

/// A `channel_inbound` row as an operator sees it: everything but the lease, with at most
/// `raw_limit` bytes of the raw body.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InboundView {
    pub id: Uuid,
    pub inbox_id: Uuid,
    pub received_at: DateTime<Utc>,
    pub state: String,
    pub attempts: i32,
    pub outcome: Option<String>,
    pub events: Json<Value>,
    pub raw_head: Vec<u8>,
    pub raw_size: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
}

/// `SELECT` list of [`InboundView`]: only the head of a raw body (up to 1 MiB) is read.
fn view_columns(conn: &Conn<'_>, raw_limit: usize) -> String {
    let (head, size) = match conn {
        Conn::Sqlite(_) => (
            format!("CAST(substr(raw_body, 1, {raw_limit}) AS BLOB)"),
            "CAST(length(raw_body) AS BIGINT)",
        ),
        Conn::Postgres(_) => (
            format!("substring(raw_body from 1 for {raw_limit})"),
            "CAST(octet_length(raw_body) AS BIGINT)",
        ),
    };
    format!(
        "id, inbox_id, received_at, state, attempts, outcome, events, {head} AS raw_head, \
         {size} AS raw_size, next_attempt_at, processed_at"
    )
}

/// An inbox's rows, newest first; `state` filters, `after` is the last id seen.
pub async fn list_inbound(
    conn: Conn<'_>,
    inbox_id: Uuid,
    state: Option<&str>,
    after: Option<Uuid>,
    limit: i64,
    raw_limit: usize,
) -> Result<Vec<InboundView>> {
    let columns = view_columns(&conn, raw_limit);
    on_conn!(conn, c => {
        let mut query = QueryBuilder::new(format!("SELECT {columns} FROM channel_inbound WHERE inbox_id = "));
        query.push_bind(inbox_id);
        if let Some(state) = state {
            query.push(" AND state = ").push_bind(state.to_owned());
        }
        if let Some(after) = after {
            query.push(" AND id < ").push_bind(after);
        }
        query.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
        query.build_query_as().fetch_all(c).await
    })
    .map_err(Into::into)
}

pub async fn find_inbound(
    conn: Conn<'_>,
    id: Uuid,
    raw_limit: usize,
) -> Result<Option<InboundView>> {
    let sql = format!(
        "SELECT {} FROM channel_inbound WHERE id = $1",
        view_columns(&conn, raw_limit)
    );
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?)
}

/// Sets a `failed` row pending again, due now; false when the row is not failed (or gone).
pub async fn retry_inbound(conn: Conn<'_>, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let sql = "UPDATE channel_inbound SET state = 'pending', next_attempt_at = $2, \
               locked_until = NULL, processed_at = NULL WHERE id = $1 AND state = 'failed'";
    let done = on_conn!(conn, c => sqlx::query(sql).bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

pub async fn insert_outbox(conn: Conn<'_>, record: &OutboxRecord) -> Result<()> {
    let sql = "INSERT INTO channel_outbox (id, inbox_id, message_id, state, attempts, \
               next_attempt_at, created_at) VALUES ($1, $2, $3, 'pending', 0, $4, $4)";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(record.id)
        .bind(record.inbox_id)
        .bind(record.message_id)
        .bind(record.created_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn lease_outbox(
    conn: Conn<'_>,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<OutboxRecord>> {
    let sql = format!(
        "UPDATE channel_outbox SET locked_until = $2 WHERE id IN (\
           SELECT id FROM channel_outbox WHERE state = 'pending' AND next_attempt_at <= $1 \
           AND (locked_until IS NULL OR locked_until < $1) ORDER BY created_at LIMIT $3{}) \
         RETURNING id, inbox_id, message_id, attempts, created_at",
        skip_locked(&conn)
    );
    let mut rows: Vec<OutboxRecord> = on_conn!(conn, c => sqlx::query_as(&sql)
        .bind(now)
        .bind(lease_until)
        .bind(limit)
        .fetch_all(c)
        .await)?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

pub async fn mark_sent(conn: Conn<'_>, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    let sql = "UPDATE channel_outbox SET state = 'sent', attempts = attempts + 1, sent_at = $2, \
               locked_until = NULL, last_error = NULL WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql).bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A failed attempt: retried at `retry_at`, or given up when it is `None`. `counted` is false
/// when nothing was tried (the channel plugin is not live), so waiting costs no attempt.
pub async fn mark_outbox_failed(
    conn: Conn<'_>,
    id: Uuid,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    counted: bool,
) -> Result<()> {
    let sql = "UPDATE channel_outbox SET attempts = attempts + $4, last_error = $2, \
               locked_until = NULL, state = CASE WHEN $3 IS NULL THEN 'failed' ELSE 'pending' END, \
               next_attempt_at = COALESCE($3, next_attempt_at) WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(id)
        .bind(error)
        .bind(retry_at)
        .bind(i32::from(counted))
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}
