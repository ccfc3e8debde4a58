//! Rows of `api_keys`: only a SHA-256 of each key is stored, plus a short prefix to tell keys apart.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRecord {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub key_hash: String,
    pub scopes: Json<Vec<String>>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "id, name, prefix, key_hash, scopes, created_by, created_at, last_used_at, revoked_at";

pub async fn insert(conn: Conn<'_>, key: &ApiKeyRecord) -> Result<()> {
    let sql =
        format!("INSERT INTO api_keys ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on_conn!(conn, c => sqlx::query(&sql)
        .bind(key.id)
        .bind(&key.name)
        .bind(&key.prefix)
        .bind(&key.key_hash)
        .bind(&key.scopes)
        .bind(key.created_by)
        .bind(key.created_at)
        .bind(key.last_used_at)
        .bind(key.revoked_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_by_hash(conn: Conn<'_>, key_hash: &str) -> Result<Option<ApiKeyRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE key_hash = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(key_hash).fetch_optional(c).await)?)
}

pub async fn find_by_id(conn: Conn<'_>, id: Uuid) -> Result<Option<ApiKeyRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE id = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?)
}

pub async fn list(conn: Conn<'_>) -> Result<Vec<ApiKeyRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys ORDER BY id DESC");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).fetch_all(c).await)?)
}

pub async fn revoke(conn: Conn<'_>, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let sql = "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
    let changed = on_conn!(conn, c => sqlx::query(sql)
        .bind(id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

pub async fn touch(conn: Conn<'_>, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    let sql = "UPDATE api_keys SET last_used_at = $2 WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql).bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
