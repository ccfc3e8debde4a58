//! Rows of `message_classifications`: what each classifier plugin said about a message.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LabelScore {
    pub label: String,
    pub score: f32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClassificationRecord {
    pub message_id: Uuid,
    pub plugin_id: String,
    pub labels: Json<Vec<LabelScore>>,
    /// `very-negative` … `very-positive`, as the WIT names them.
    pub sentiment: Option<String>,
    /// BCP 47.
    pub language: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Stores a result once: a job that runs again after a crash keeps the first answer.
pub async fn insert(conn: Conn<'_>, record: &ClassificationRecord) -> Result<()> {
    let sql = "INSERT INTO message_classifications (message_id, plugin_id, labels, sentiment, \
               language, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
               ON CONFLICT (message_id, plugin_id) DO NOTHING";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(record.message_id)
        .bind(&record.plugin_id)
        .bind(&record.labels)
        .bind(&record.sentiment)
        .bind(&record.language)
        .bind(record.created_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn for_message(conn: Conn<'_>, message_id: Uuid) -> Result<Vec<ClassificationRecord>> {
    let sql = "SELECT message_id, plugin_id, labels, sentiment, language, created_at \
               FROM message_classifications WHERE message_id = $1 ORDER BY plugin_id";
    Ok(on_conn!(conn, c => sqlx::query_as(sql).bind(message_id).fetch_all(c).await)?)
}

/// Sentiments classifiers gave the newest incoming messages of a conversation, newest first
/// (a message classified by several plugins has several rows); at most `limit` rows.
pub async fn sentiments_of_conversation(
    conn: Conn<'_>,
    conversation_id: Uuid,
    limit: i64,
) -> Result<Vec<(Uuid, DateTime<Utc>, String)>> {
    let sql = "SELECT m.id, m.created_at, c.sentiment FROM messages m \
               JOIN message_classifications c ON c.message_id = m.id \
               WHERE m.conversation_id = $1 AND m.direction = 'incoming' \
               AND c.sentiment IS NOT NULL \
               ORDER BY m.id DESC, c.plugin_id LIMIT $2";
    Ok(
        on_conn!(conn, c => sqlx::query_as(sql).bind(conversation_id).bind(limit).fetch_all(c).await)?,
    )
}
