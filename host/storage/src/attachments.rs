//! Rows of `attachments`: what each stored file is and which message it belongs to.

use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::attachments::Attachment;
use ispchat_core::error::Result;

const COLUMNS: &str =
    "id, conversation_id, message_id, file_name, content_type, size, sha256, created_at";

pub async fn insert(conn: Conn<'_>, a: &Attachment) -> Result<()> {
    let sql =
        format!("INSERT INTO attachments ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    on_conn!(conn, db => sqlx::query(&sql)
        .bind(a.id)
        .bind(a.conversation_id)
        .bind(a.message_id)
        .bind(&a.file_name)
        .bind(&a.content_type)
        .bind(a.size)
        .bind(&a.sha256)
        .bind(a.created_at)
        .execute(db)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_by_id(conn: Conn<'_>, id: Uuid) -> Result<Option<Attachment>> {
    let sql = format!("SELECT {COLUMNS} FROM attachments WHERE id = $1");
    Ok(on_conn!(conn, db => sqlx::query_as(&sql).bind(id).fetch_optional(db).await)?)
}

/// In the order they were stored.
pub async fn list_for_message(conn: Conn<'_>, message_id: Uuid) -> Result<Vec<Attachment>> {
    let sql = format!("SELECT {COLUMNS} FROM attachments WHERE message_id = $1 ORDER BY id");
    Ok(on_conn!(conn, db => sqlx::query_as(&sql).bind(message_id).fetch_all(db).await)?)
}
