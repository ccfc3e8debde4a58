//! Rows of `users`.

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub username: String,
    pub role: String,
    pub password_hash: String,
    pub status: String,
    pub language: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters for [`list`]; `None` means "any".
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    pub role: Option<String>,
    pub status: Option<String>,
    pub team_id: Option<Uuid>,
    /// Case-insensitive substring of name, e-mail or username.
    pub search: Option<String>,
}

const COLUMNS: &str =
    "id, name, email, username, role, password_hash, status, language, created_at, updated_at";

pub async fn insert(conn: Conn<'_>, user: &UserRecord) -> Result<()> {
    let sql =
        format!("INSERT INTO users ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    on_conn!(conn, c => sqlx::query(&sql)
        .bind(user.id)
        .bind(&user.name)
        .bind(&user.email)
        .bind(&user.username)
        .bind(&user.role)
        .bind(&user.password_hash)
        .bind(&user.status)
        .bind(&user.language)
        .bind(user.created_at)
        .bind(user.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Writes every mutable column back.
pub async fn update(conn: Conn<'_>, user: &UserRecord) -> Result<()> {
    let sql = "UPDATE users SET name = $2, email = $3, username = $4, role = $5, \
               password_hash = $6, status = $7, language = $8, updated_at = $9 WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(user.id)
        .bind(&user.name)
        .bind(&user.email)
        .bind(&user.username)
        .bind(&user.role)
        .bind(&user.password_hash)
        .bind(&user.status)
        .bind(&user.language)
        .bind(user.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_by_id(conn: Conn<'_>, id: Uuid) -> Result<Option<UserRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?)
}

/// `login` is an e-mail or a username, already lower-cased.
pub async fn find_by_login(conn: Conn<'_>, login: &str) -> Result<Option<UserRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1 OR username = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(login).fetch_optional(c).await)?)
}

pub async fn count(conn: Conn<'_>) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM users";
    Ok(on_conn!(conn, c => sqlx::query_scalar(sql).fetch_one(c).await)?)
}

/// Newest first; `after` is the id of the last row of the previous page.
pub async fn list(
    conn: Conn<'_>,
    filter: &UserFilter,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<UserRecord>> {
    on_conn!(conn, c => {
        let mut query = QueryBuilder::new(format!("SELECT {COLUMNS} FROM users WHERE 1 = 1"));
        if let Some(role) = &filter.role {
            query.push(" AND role = ").push_bind(role.clone());
        }
        if let Some(status) = &filter.status {
            query.push(" AND status = ").push_bind(status.clone());
        }
        if let Some(team_id) = filter.team_id {
            query
                .push(" AND id IN (SELECT user_id FROM team_members WHERE team_id = ")
                .push_bind(team_id)
                .push(")");
        }
        if let Some(search) = &filter.search {
            let pattern = format!("%{}%", escape_like(&search.to_lowercase()));
            query
                .push(" AND (LOWER(name) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR email LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR username LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
        }
        if let Some(after) = after {
            query.push(" AND id < ").push_bind(after);
        }
        query.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
        query.build_query_as().fetch_all(c).await
    })
    .map_err(Into::into)
}

/// Escapes `%`, `_` and `\` so user text matches literally inside a LIKE pattern.
pub fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(ch);
    }
    escaped
}

pub async fn count_active_admins(conn: Conn<'_>) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM users WHERE role = 'admin' AND status = 'active'";
    Ok(on_conn!(conn, c => sqlx::query_scalar(sql).fetch_one(c).await)?)
}
