//! Rows of `teams` and `team_members`.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use super::users::UserRecord;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TeamRecord {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, name, description, created_at, updated_at";

pub async fn insert(conn: Conn<'_>, team: &TeamRecord) -> Result<()> {
    let sql = format!("INSERT INTO teams ({COLUMNS}) VALUES ($1, $2, $3, $4, $5)");
    on_conn!(conn, c => sqlx::query(&sql)
        .bind(team.id)
        .bind(&team.name)
        .bind(&team.description)
        .bind(team.created_at)
        .bind(team.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update(conn: Conn<'_>, team: &TeamRecord) -> Result<()> {
    let sql = "UPDATE teams SET name = $2, description = $3, updated_at = $4 WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(team.id)
        .bind(&team.name)
        .bind(&team.description)
        .bind(team.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete(conn: Conn<'_>, id: Uuid) -> Result<bool> {
    let sql = "DELETE FROM teams WHERE id = $1";
    let done =
        on_conn!(conn, c => sqlx::query(sql).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

pub async fn find_by_id(conn: Conn<'_>, id: Uuid) -> Result<Option<TeamRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM teams WHERE id = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?)
}

/// All teams by name; a support operation has tens of teams, not thousands.
pub async fn list(conn: Conn<'_>) -> Result<Vec<TeamRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM teams ORDER BY name");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).fetch_all(c).await)?)
}

pub async fn list_for_user(conn: Conn<'_>, user_id: Uuid) -> Result<Vec<TeamRecord>> {
    let sql = "SELECT t.id, t.name, t.description, t.created_at, t.updated_at FROM teams t \
               JOIN team_members m ON m.team_id = t.id WHERE m.user_id = $1 ORDER BY t.name";
    Ok(on_conn!(conn, c => sqlx::query_as(sql).bind(user_id).fetch_all(c).await)?)
}

/// Returns whether the user was not a member before.
pub async fn add_member(
    conn: Conn<'_>,
    team_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool> {
    let sql = "INSERT INTO team_members (team_id, user_id, created_at) VALUES ($1, $2, $3) \
               ON CONFLICT (team_id, user_id) DO NOTHING";
    let added = on_conn!(conn, c => sqlx::query(sql)
        .bind(team_id)
        .bind(user_id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(added > 0)
}

pub async fn remove_member(conn: Conn<'_>, team_id: Uuid, user_id: Uuid) -> Result<bool> {
    let sql = "DELETE FROM team_members WHERE team_id = $1 AND user_id = $2";
    let removed = on_conn!(conn, c => sqlx::query(sql)
        .bind(team_id)
        .bind(user_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(removed > 0)
}

pub async fn members(conn: Conn<'_>, team_id: Uuid) -> Result<Vec<UserRecord>> {
    let sql = "SELECT u.id, u.name, u.email, u.username, u.role, u.password_hash, u.status, \
               u.language, u.created_at, u.updated_at FROM users u \
               JOIN team_members m ON m.user_id = u.id WHERE m.team_id = $1 ORDER BY u.name";
    Ok(on_conn!(conn, c => sqlx::query_as(sql).bind(team_id).fetch_all(c).await)?)
}
