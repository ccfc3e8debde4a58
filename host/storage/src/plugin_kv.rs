//! Rows of `plugin_kv`: plugins' private key/value stores. Every query binds the plugin id, and an
//! entry whose `expires_at_ms` is at or before `now_ms` reads as absent. Compare-and-swap is one
//! conditional statement (an `UPDATE ... WHERE version = $n` or an `INSERT ... ON CONFLICT DO
//! NOTHING`), so it is atomic on both backends without holding a transaction.

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

pub use ispchat_core::plugin_kv::KvRow;

const LIVE: &str = "plugin_id = $1 AND key = $2 AND (expires_at_ms IS NULL OR expires_at_ms > $3)";

pub async fn get(conn: Conn<'_>, plugin: &str, key: &str, now_ms: i64) -> Result<Option<KvRow>> {
    let sql = format!("SELECT value, version, expires_at_ms FROM plugin_kv WHERE {LIVE}");
    Ok(
        on_conn!(conn, c => sqlx::query_as(&sql).bind(plugin).bind(key).bind(now_ms).fetch_optional(c).await)?,
    )
}

/// Live keys of the plugin, for the quota.
pub async fn count_live(conn: Conn<'_>, plugin: &str, now_ms: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM plugin_kv WHERE plugin_id = $1 \
               AND (expires_at_ms IS NULL OR expires_at_ms > $2)";
    let (n,): (i64,) =
        on_conn!(conn, c => sqlx::query_as(sql).bind(plugin).bind(now_ms).fetch_one(c).await)?;
    Ok(n)
}

pub async fn upsert(
    conn: Conn<'_>,
    plugin: &str,
    key: &str,
    row: &KvRow,
    now_ms: i64,
) -> Result<()> {
    let sql = "INSERT INTO plugin_kv (plugin_id, key, value, version, expires_at_ms, updated_at_ms) \
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (plugin_id, key) DO UPDATE SET \
               value = excluded.value, version = excluded.version, \
               expires_at_ms = excluded.expires_at_ms, updated_at_ms = excluded.updated_at_ms";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(plugin).bind(key).bind(&row.value).bind(row.version).bind(row.expires_at_ms).bind(now_ms)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Deletes the key; true when a live entry was removed.
pub async fn delete(conn: Conn<'_>, plugin: &str, key: &str, now_ms: i64) -> Result<bool> {
    let sql = "DELETE FROM plugin_kv WHERE plugin_id = $1 AND key = $2 \
               RETURNING (expires_at_ms IS NULL OR expires_at_ms > $3)";
    let live: Option<(bool,)> = on_conn!(conn, c => sqlx::query_as(sql)
        .bind(plugin).bind(key).bind(now_ms).fetch_optional(c).await)?;
    Ok(live.is_some_and(|(l,)| l))
}

/// Writes `row` only if the live entry's version is `expected`; true when written.
pub async fn replace_if_version(
    conn: Conn<'_>,
    plugin: &str,
    key: &str,
    expected: i64,
    row: &KvRow,
    now_ms: i64,
) -> Result<bool> {
    let sql = format!(
        "UPDATE plugin_kv SET value = $4, version = $5, expires_at_ms = $6, updated_at_ms = $3 \
         WHERE {LIVE} AND version = $7"
    );
    let n = on_conn!(conn, c => sqlx::query(&sql)
        .bind(plugin).bind(key).bind(now_ms).bind(&row.value).bind(row.version)
        .bind(row.expires_at_ms).bind(expected)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Writes `row` only if no live entry exists (an expired one is replaced); true when written.
pub async fn insert_if_absent(
    mut conn: Conn<'_>,
    plugin: &str,
    key: &str,
    row: &KvRow,
    now_ms: i64,
) -> Result<bool> {
    let purge = "DELETE FROM plugin_kv WHERE plugin_id = $1 AND key = $2 \
                 AND expires_at_ms IS NOT NULL AND expires_at_ms <= $3";
    on_conn!(conn.reborrow(), c => sqlx::query(purge)
        .bind(plugin).bind(key).bind(now_ms).execute(c).await.map(|r| r.rows_affected()))?;
    let sql = "INSERT INTO plugin_kv (plugin_id, key, value, version, expires_at_ms, updated_at_ms) \
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (plugin_id, key) DO NOTHING";
    let n = on_conn!(conn, c => sqlx::query(sql)
        .bind(plugin).bind(key).bind(&row.value).bind(row.version).bind(row.expires_at_ms).bind(now_ms)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
