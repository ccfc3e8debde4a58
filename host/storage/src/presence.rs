//! Rows of `user_presence` and `presence_changes`.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PresenceRecord {
    pub user_id: Uuid,
    /// What the user chose: `online`, `away` or `offline`.
    pub presence: String,
    pub since: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub timed_out: bool,
}

const COLUMNS: &str = "user_id, presence, since, last_seen_at, timed_out";

pub async fn find(conn: Conn<'_>, user_id: Uuid) -> Result<Option<PresenceRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM user_presence WHERE user_id = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(user_id).fetch_optional(c).await)?)
}

/// Reads and locks the row until the transaction ends (SQLite's write transactions already
/// serialise), so two nodes do not both record the same change.
pub async fn find_for_update(conn: Conn<'_>, user_id: Uuid) -> Result<Option<PresenceRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM user_presence WHERE user_id = $1");
    Ok(match conn {
        Conn::Sqlite(c) => sqlx::query_as(&sql).bind(user_id).fetch_optional(c).await?,
        Conn::Postgres(c) => {
            sqlx::query_as(&format!("{sql} FOR UPDATE"))
                .bind(user_id)
                .fetch_optional(c)
                .await?
        }
    })
}

/// The rows of these users (absent: never seen).
pub async fn find_many(conn: Conn<'_>, users: &[Uuid]) -> Result<Vec<PresenceRecord>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=users.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT {COLUMNS} FROM user_presence WHERE user_id IN ({placeholders})");
    on_conn!(conn, c => {
        let mut query = sqlx::query_as(&sql);
        for user in users {
            query = query.bind(*user);
        }
        query.fetch_all(c).await
    })
    .map_err(Into::into)
}

/// Inserts or replaces the whole row.
pub async fn upsert(conn: Conn<'_>, r: &PresenceRecord) -> Result<()> {
    let sql = "INSERT INTO user_presence (user_id, presence, since, last_seen_at, timed_out) \
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET \
               presence = excluded.presence, since = excluded.since, \
               last_seen_at = excluded.last_seen_at, timed_out = excluded.timed_out";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(r.user_id)
        .bind(&r.presence)
        .bind(r.since)
        .bind(r.last_seen_at)
        .bind(r.timed_out)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A heartbeat of someone still within the timeout: only the time moves.
pub async fn touch(conn: Conn<'_>, user_id: Uuid, now: DateTime<Utc>) -> Result<()> {
    let sql = "UPDATE user_presence SET last_seen_at = $2 WHERE user_id = $1 AND last_seen_at < $2";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(user_id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Users whose chosen presence is not `offline`, last seen before `cutoff`, whose timeout is not
/// recorded yet.
pub async fn timed_out(conn: Conn<'_>, cutoff: DateTime<Utc>) -> Result<Vec<PresenceRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM user_presence WHERE timed_out = $1 AND last_seen_at < $2 \
         AND presence <> 'offline'"
    );
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(false).bind(cutoff).fetch_all(c).await)?)
}

/// Marks one user's timeout as recorded, unless another node did or they were seen since:
/// `true` when this call did it.
pub async fn mark_timed_out(conn: Conn<'_>, user_id: Uuid, cutoff: DateTime<Utc>) -> Result<bool> {
    let sql = "UPDATE user_presence SET timed_out = $2 WHERE user_id = $1 AND timed_out = $3 \
               AND last_seen_at < $4";
    let changed = on_conn!(conn, c => sqlx::query(sql)
        .bind(user_id)
        .bind(true)
        .bind(false)
        .bind(cutoff)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

pub async fn record_change(
    conn: Conn<'_>,
    user_id: Uuid,
    presence: &str,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let sql = "INSERT INTO presence_changes (id, user_id, presence, reason, at) \
               VALUES ($1, $2, $3, $4, $5)";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(Uuid::now_v7())
        .bind(user_id)
        .bind(presence)
        .bind(reason)
        .bind(at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// `(presence, reason, at)` of a user's changes, oldest first.
pub async fn changes(
    conn: Conn<'_>,
    user_id: Uuid,
) -> Result<Vec<(String, String, DateTime<Utc>)>> {
    let sql = "SELECT presence, reason, at FROM presence_changes WHERE user_id = $1 \
               ORDER BY at, id";
    Ok(on_conn!(conn, c => sqlx::query_as(sql).bind(user_id).fetch_all(c).await)?)
}

/// Ids of the users who share a team with `user_id` (themselves included when in a team).
pub async fn teammates(conn: Conn<'_>, user_id: Uuid) -> Result<Vec<Uuid>> {
    let sql = "SELECT DISTINCT o.user_id FROM team_members m \
               JOIN team_members o ON o.team_id = m.team_id WHERE m.user_id = $1";
    let rows: Vec<(Uuid,)> =
        on_conn!(conn, c => sqlx::query_as(sql).bind(user_id).fetch_all(c).await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
