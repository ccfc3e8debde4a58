//! Rows of `inboxes`.

use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;
use ispchat_core::inboxes::Inbox;

const COLUMNS: &str = "id, name, kind, team_id, plugin_id, webhook_url, webhook_secret, \
                       bot_plugin_id, router_plugin_id, created_at, updated_at";

pub async fn insert(conn: Conn<'_>, inbox: &Inbox) -> Result<()> {
    let sql = format!(
        "INSERT INTO inboxes ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    );
    on_conn!(conn, c => sqlx::query(&sql)
        .bind(inbox.id)
        .bind(&inbox.name)
        .bind(inbox.kind)
        .bind(inbox.team_id)
        .bind(&inbox.plugin_id)
        .bind(&inbox.webhook_url)
        .bind(&inbox.webhook_secret)
        .bind(&inbox.bot_plugin_id)
        .bind(&inbox.router_plugin_id)
        .bind(inbox.created_at)
        .bind(inbox.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update(conn: Conn<'_>, inbox: &Inbox) -> Result<()> {
    let sql = "UPDATE inboxes SET name = $2, team_id = $3, webhook_url = $4, webhook_secret = $5, \
               bot_plugin_id = $6, router_plugin_id = $7, updated_at = $8, plugin_id = $9 \
               WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(inbox.id)
        .bind(&inbox.name)
        .bind(inbox.team_id)
        .bind(&inbox.webhook_url)
        .bind(&inbox.webhook_secret)
        .bind(&inbox.bot_plugin_id)
        .bind(&inbox.router_plugin_id)
        .bind(inbox.updated_at)
        .bind(&inbox.plugin_id)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_by_id(conn: Conn<'_>, id: Uuid) -> Result<Option<Inbox>> {
    let sql = format!("SELECT {COLUMNS} FROM inboxes WHERE id = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?)
}

pub async fn list(conn: Conn<'_>) -> Result<Vec<Inbox>> {
    let sql = format!("SELECT {COLUMNS} FROM inboxes ORDER BY name");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).fetch_all(c).await)?)
}
