//! Rows of `canned_responses`.

use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::canned_responses::CannedResponse;
use ispchat_core::error::Result;

const COLUMNS: &str = "id, shortcut, content, scope, owner_id, team_id, created_at, updated_at";

pub async fn insert(conn: Conn<'_>, response: &CannedResponse) -> Result<()> {
    let sql =
        format!("INSERT INTO canned_responses ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    on_conn!(conn, c => sqlx::query(&sql)
        .bind(response.id)
        .bind(&response.shortcut)
        .bind(&response.content)
        .bind(response.scope)
        .bind(response.owner_id)
        .bind(response.team_id)
        .bind(response.created_at)
        .bind(response.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Shortcut and content: a response never changes scope or owner.
pub async fn update(conn: Conn<'_>, response: &CannedResponse) -> Result<()> {
    let sql = "UPDATE canned_responses SET shortcut = $2, content = $3, updated_at = $4 \
               WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(response.id)
        .bind(&response.shortcut)
        .bind(&response.content)
        .bind(response.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete(conn: Conn<'_>, id: Uuid) -> Result<bool> {
    let sql = "DELETE FROM canned_responses WHERE id = $1";
    let done =
        on_conn!(conn, c => sqlx::query(sql).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

pub async fn find_by_id(conn: Conn<'_>, id: Uuid) -> Result<Option<CannedResponse>> {
    let sql = format!("SELECT {COLUMNS} FROM canned_responses WHERE id = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?)
}

/// The user's personal responses, the global ones, and those of the user's teams, or of every
/// team with `all_teams`.
pub async fn list_usable(
    conn: Conn<'_>,
    user_id: Uuid,
    all_teams: bool,
) -> Result<Vec<CannedResponse>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM canned_responses WHERE scope = 'global' \
         OR (scope = 'personal' AND owner_id = $1) \
         OR (scope = 'team' AND ($2 OR team_id IN \
             (SELECT team_id FROM team_members WHERE user_id = $1)))"
    );
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(user_id).bind(all_teams).fetch_all(c).await)?)
}
