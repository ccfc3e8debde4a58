//! Rows of `labels`: the label catalogue.

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;
use ispchat_core::labels::Label;

const COLUMNS: &str = "name, description, color, created_at, updated_at";

pub async fn insert(conn: Conn<'_>, label: &Label) -> Result<()> {
    let sql = format!("INSERT INTO labels ({COLUMNS}) VALUES ($1, $2, $3, $4, $5)");
    on_conn!(conn, c => sqlx::query(&sql)
        .bind(&label.name)
        .bind(&label.description)
        .bind(&label.color)
        .bind(label.created_at)
        .bind(label.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update(conn: Conn<'_>, label: &Label) -> Result<()> {
    let sql = "UPDATE labels SET description = $2, color = $3, updated_at = $4 WHERE name = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(&label.name)
        .bind(&label.description)
        .bind(&label.color)
        .bind(label.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete(conn: Conn<'_>, name: &str) -> Result<bool> {
    let sql = "DELETE FROM labels WHERE name = $1";
    let done = on_conn!(conn, c => sqlx::query(sql).bind(name).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

pub async fn find(conn: Conn<'_>, name: &str) -> Result<Option<Label>> {
    let sql = format!("SELECT {COLUMNS} FROM labels WHERE name = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(name).fetch_optional(c).await)?)
}

pub async fn list(conn: Conn<'_>) -> Result<Vec<Label>> {
    let sql = format!("SELECT {COLUMNS} FROM labels ORDER BY name");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).fetch_all(c).await)?)
}
