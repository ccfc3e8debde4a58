//! Rows of `plugin_jobs`: messages still to run through the plugin pipeline.

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRecord {
    pub id: Uuid,
    pub message_id: Uuid,
    pub conversation_id: Uuid,
    pub route_new: bool,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(conn: Conn<'_>, job: &JobRecord) -> Result<()> {
    let sql = "INSERT INTO plugin_jobs (id, message_id, conversation_id, route_new, attempts, \
               next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 0, $5, $5)";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(job.id)
        .bind(job.message_id)
        .bind(job.conversation_id)
        .bind(job.route_new)
        .bind(job.created_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A leased job and the inbox of its conversation (what the worker balances by).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LeasedJob {
    #[sqlx(flatten)]
    pub job: JobRecord,
    pub inbox_id: Option<Uuid>,
}

/// Leases up to `limit` due jobs until `lease_until`, oldest first, none of a conversation of
/// the inboxes in `skip_inboxes`; a worker that dies lets its lease lapse and the job runs again.
pub async fn lease_due(
    conn: Conn<'_>,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
    skip_inboxes: &[Uuid],
) -> Result<Vec<LeasedJob>> {
    let skip_locked = match conn {
        Conn::Sqlite(_) => "",
        Conn::Postgres(_) => " FOR UPDATE SKIP LOCKED",
    };
    let mut rows: Vec<LeasedJob> = on_conn!(conn, c => {
        let mut query = QueryBuilder::new("UPDATE plugin_jobs SET locked_until = ");
        query
            .push_bind(lease_until)
            .push(" WHERE id IN (SELECT id FROM plugin_jobs WHERE next_attempt_at <= ")
            .push_bind(now)
            .push(" AND (locked_until IS NULL OR locked_until < ")
            .push_bind(now)
            .push(")");
        if !skip_inboxes.is_empty() {
            query.push(
                " AND conversation_id NOT IN (SELECT id FROM conversations WHERE inbox_id IN (",
            );
            let mut list = query.separated(", ");
            for inbox in skip_inboxes {
                list.push_bind(*inbox);
            }
            query.push("))");
        }
        query
            .push(" ORDER BY created_at, id LIMIT ")
            .push_bind(limit)
            .push(skip_locked)
            .push(
                ") RETURNING id, message_id, conversation_id, route_new, attempts, created_at, \
                 (SELECT inbox_id FROM conversations c WHERE c.id = plugin_jobs.conversation_id) \
                 AS inbox_id",
            );
        query.build_query_as().fetch_all(c).await
    })?;
    rows.sort_by_key(|r| (r.job.created_at, r.job.id));
    Ok(rows)
}

pub async fn delete(conn: Conn<'_>, id: Uuid) -> Result<()> {
    on_conn!(conn, c => sqlx::query("DELETE FROM plugin_jobs WHERE id = $1")
        .bind(id)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records a failed run, to be tried again at `retry_at`.
pub async fn mark_failed(
    conn: Conn<'_>,
    id: Uuid,
    error: &str,
    retry_at: DateTime<Utc>,
) -> Result<()> {
    let sql = "UPDATE plugin_jobs SET attempts = attempts + 1, last_error = $2, \
               locked_until = NULL, next_attempt_at = $3 WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(id)
        .bind(error)
        .bind(retry_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn count(conn: Conn<'_>) -> Result<i64> {
    let row: (i64,) = on_conn!(conn, c => sqlx::query_as("SELECT COUNT(*) FROM plugin_jobs")
        .fetch_one(c)
        .await)?;
    Ok(row.0)
}
