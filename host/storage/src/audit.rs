//! Rows of `audit_log`: append-only.

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;
use sqlx::types::Json;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub details: Json<serde_json::Value>,
}

#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub actor_id: Option<Uuid>,
    /// An exact action (`user.create`) or a prefix ending in a dot (`auth.`).
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "id, at, actor_kind, actor_id, actor_label, action, target_type, target_id, ip, details";

pub async fn insert(conn: Conn<'_>, entry: &AuditRecord) -> Result<()> {
    let sql = format!(
        "INSERT INTO audit_log ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    );
    on_conn!(conn, c => sqlx::query(&sql)
        .bind(entry.id)
        .bind(entry.at)
        .bind(&entry.actor_kind)
        .bind(entry.actor_id)
        .bind(&entry.actor_label)
        .bind(&entry.action)
        .bind(&entry.target_type)
        .bind(&entry.target_id)
        .bind(&entry.ip)
        .bind(&entry.details)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Newest first; `after` is the id of the last entry of the previous page.
pub async fn list(
    conn: Conn<'_>,
    filter: &AuditFilter,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<AuditRecord>> {
    on_conn!(conn, c => {
        let mut query = QueryBuilder::new(format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1"));
        if let Some(actor_id) = filter.actor_id {
            query.push(" AND actor_id = ").push_bind(actor_id);
        }
        match filter.action.as_deref() {
            Some(prefix) if prefix.ends_with('.') => {
                let pattern = format!("{}%", super::users::escape_like(prefix));
                query.push(" AND action LIKE ").push_bind(pattern).push(" ESCAPE '\\'");
            }
            Some(action) => {
                query.push(" AND action = ").push_bind(action.to_owned());
            }
            None => {}
        }
        if let Some(target_type) = &filter.target_type {
            query.push(" AND target_type = ").push_bind(target_type.clone());
        }
        if let Some(target_id) = &filter.target_id {
            query.push(" AND target_id = ").push_bind(target_id.clone());
        }
        if let Some(since) = filter.since {
            query.push(" AND at >= ").push_bind(since);
        }
        if let Some(until) = filter.until {
            query.push(" AND at < ").push_bind(until);
        }
        if let Some(after) = after {
            query.push(" AND id < ").push_bind(after);
        }
        query.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
        query.build_query_as().fetch_all(c).await
    })
    .map_err(Into::into)
}
