//! Rows of `plugin_installations` and `plugin_failures`.

use chrono::{DateTime, Utc};

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InstallationRow {
    pub id: String,
    pub version: String,
    pub kind: String,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    /// The operator's values, a JSON object as text.
    pub settings: String,
    /// Sealed JSON object of secret values; None when no secret was ever set.
    pub secrets: Option<Vec<u8>>,
    pub component_sha256: String,
    pub source: String,
    pub installed_at: DateTime<Utc>,
    pub installed_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FailureRow {
    pub at: DateTime<Utc>,
    pub reason: String,
    pub message: String,
}

/// Failures kept per plugin.
pub const FAILURES_KEPT: i64 = 100;

const COLUMNS: &str = "id, version, kind, enabled, disabled_reason, settings, secrets, \
    component_sha256, source, installed_at, installed_by, updated_at, updated_by";

pub async fn list(conn: Conn<'_>) -> Result<Vec<InstallationRow>> {
    let sql = format!("SELECT {COLUMNS} FROM plugin_installations ORDER BY id");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).fetch_all(c).await)?)
}

pub async fn get(conn: Conn<'_>, id: &str) -> Result<Option<InstallationRow>> {
    let sql = format!("SELECT {COLUMNS} FROM plugin_installations WHERE id = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?)
}

/// Inserts the row, or replaces every column but `installed_at`/`installed_by` of an existing one.
pub async fn upsert(conn: Conn<'_>, row: &InstallationRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO plugin_installations ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, kind = excluded.kind, \
         enabled = excluded.enabled, disabled_reason = excluded.disabled_reason, \
         settings = excluded.settings, secrets = excluded.secrets, \
         component_sha256 = excluded.component_sha256, source = excluded.source, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by"
    );
    on_conn!(conn, c => sqlx::query(&sql)
        .bind(&row.id).bind(&row.version).bind(&row.kind).bind(row.enabled)
        .bind(&row.disabled_reason).bind(&row.settings).bind(&row.secrets)
        .bind(&row.component_sha256).bind(&row.source).bind(row.installed_at)
        .bind(&row.installed_by).bind(row.updated_at).bind(&row.updated_by)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Disables an enabled plugin; false when it was already disabled (someone else got there first).
pub async fn disable_if_enabled(
    conn: Conn<'_>,
    id: &str,
    reason: &str,
    at: DateTime<Utc>,
    by: &str,
) -> Result<bool> {
    let sql = "UPDATE plugin_installations SET enabled = $2, disabled_reason = $3, \
               updated_at = $4, updated_by = $5 WHERE id = $1 AND enabled = $6";
    let n = on_conn!(conn, c => sqlx::query(sql)
        .bind(id).bind(false).bind(reason).bind(at).bind(by).bind(true)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn delete(mut conn: Conn<'_>, id: &str) -> Result<bool> {
    on_conn!(conn.reborrow(), c => sqlx::query("DELETE FROM plugin_failures WHERE plugin_id = $1")
        .bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    let n = on_conn!(conn, c => sqlx::query("DELETE FROM plugin_installations WHERE id = $1")
        .bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Records a failure and drops all but the newest [`FAILURES_KEPT`] of the plugin's.
pub async fn record_failure(
    mut conn: Conn<'_>,
    plugin: &str,
    at: DateTime<Utc>,
    reason: &str,
    message: &str,
) -> Result<()> {
    let insert =
        "INSERT INTO plugin_failures (plugin_id, at, reason, message) VALUES ($1, $2, $3, $4)";
    on_conn!(conn.reborrow(), c => sqlx::query(insert)
        .bind(plugin).bind(at).bind(reason).bind(message)
        .execute(c).await.map(|r| r.rows_affected()))?;
    let prune = "DELETE FROM plugin_failures WHERE plugin_id = $1 AND id NOT IN \
                 (SELECT id FROM plugin_failures WHERE plugin_id = $1 ORDER BY id DESC LIMIT $2)";
    on_conn!(conn, c => sqlx::query(prune)
        .bind(plugin).bind(FAILURES_KEPT)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Newest first.
pub async fn recent_failures(conn: Conn<'_>, plugin: &str, limit: i64) -> Result<Vec<FailureRow>> {
    let sql = "SELECT at, reason, message FROM plugin_failures WHERE plugin_id = $1 \
               ORDER BY id DESC LIMIT $2";
    Ok(on_conn!(conn, c => sqlx::query_as(sql).bind(plugin).bind(limit).fetch_all(c).await)?)
}
