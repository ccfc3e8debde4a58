//! Rows of `webhook_deliveries`: the outbox of API inboxes' webhooks.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRecord {
    pub id: Uuid,
    pub inbox_id: Uuid,
    pub message_id: Option<Uuid>,
    pub event: String,
    /// The exact bytes that are signed and sent.
    pub payload: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(
    conn: Conn<'_>,
    record: &DeliveryRecord,
    first_attempt_at: DateTime<Utc>,
) -> Result<()> {
    let sql = "INSERT INTO webhook_deliveries (id, inbox_id, message_id, event, payload, state, \
               attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7)";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(record.id)
        .bind(record.inbox_id)
        .bind(record.message_id)
        .bind(&record.event)
        .bind(&record.payload)
        .bind(first_attempt_at)
        .bind(record.created_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Leases up to `limit` due deliveries until `lease_until`, so another worker (or node) does not
/// send them at the same time; a worker that dies lets its lease lapse and the delivery is retried.
pub async fn lease_due(
    conn: Conn<'_>,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DeliveryRecord>> {
    let skip_locked = match conn {
        Conn::Sqlite(_) => "",
        Conn::Postgres(_) => " FOR UPDATE SKIP LOCKED",
    };
    let sql = format!(
        "UPDATE webhook_deliveries SET locked_until = $2 WHERE id IN (\
           SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= $1 \
           AND (locked_until IS NULL OR locked_until < $1) ORDER BY created_at LIMIT $3{skip_locked}) \
         RETURNING id, inbox_id, message_id, event, payload, attempts, created_at"
    );
    let mut rows: Vec<DeliveryRecord> = on_conn!(conn, c => sqlx::query_as(&sql)
        .bind(now)
        .bind(lease_until)
        .bind(limit)
        .fetch_all(c)
        .await)?;
    rows.sort_by_key(|r| r.created_at);
    Ok(rows)
}

pub async fn mark_delivered(conn: Conn<'_>, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    let sql = "UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, \
               delivered_at = $2, locked_until = NULL, last_error = NULL WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql).bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or given up when `retry_at` is `None`.
pub async fn mark_attempt_failed(
    conn: Conn<'_>,
    id: Uuid,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<()> {
    let sql = "UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $2, \
               locked_until = NULL, state = CASE WHEN $3 IS NULL THEN 'failed' ELSE 'pending' END, \
               next_attempt_at = COALESCE($3, next_attempt_at) WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(id)
        .bind(error)
        .bind(retry_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}
