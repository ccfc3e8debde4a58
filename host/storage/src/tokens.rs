//! Rows of `refresh_tokens`: only a SHA-256 of each token is stored.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefreshTokenRecord {
    pub id: Uuid,
    pub user_id: Uuid,
    pub family_id: Uuid,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub async fn insert(conn: Conn<'_>, token: &RefreshTokenRecord) -> Result<()> {
    let sql = "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, \
               expires_at, used_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(token.id)
        .bind(token.user_id)
        .bind(token.family_id)
        .bind(&token.token_hash)
        .bind(token.created_at)
        .bind(token.expires_at)
        .bind(token.used_at)
        .bind(token.revoked_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_by_hash(conn: Conn<'_>, token_hash: &str) -> Result<Option<RefreshTokenRecord>> {
    let sql = "SELECT id, user_id, family_id, token_hash, created_at, expires_at, used_at, \
               revoked_at FROM refresh_tokens WHERE token_hash = $1";
    Ok(on_conn!(conn, c => sqlx::query_as(sql).bind(token_hash).fetch_optional(c).await)?)
}

/// Marks a live token used. `false` means another request used or revoked it first.
pub async fn mark_used(conn: Conn<'_>, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let sql = "UPDATE refresh_tokens SET used_at = $2 \
               WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL";
    let changed = on_conn!(conn, c => sqlx::query(sql)
        .bind(id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// Revokes the family's live token (used ones are dead already); returns how many.
pub async fn revoke_family(conn: Conn<'_>, family_id: Uuid, now: DateTime<Utc>) -> Result<u64> {
    let sql = "UPDATE refresh_tokens SET revoked_at = $2 \
               WHERE family_id = $1 AND revoked_at IS NULL AND used_at IS NULL";
    Ok(on_conn!(conn, c => sqlx::query(sql)
        .bind(family_id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}

/// Ends every session of a user (deactivation, password change).
pub async fn revoke_all_for_user(conn: Conn<'_>, user_id: Uuid, now: DateTime<Utc>) -> Result<u64> {
    let sql = "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL";
    Ok(on_conn!(conn, c => sqlx::query(sql)
        .bind(user_id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}
