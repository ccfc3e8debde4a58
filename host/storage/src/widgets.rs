//! Rows of `web_widgets`, `conversation_ratings` and `widget_offline_notices`.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;
use ispchat_core::widget::WidgetSettings;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WidgetRecord {
    pub inbox_id: Uuid,
    pub settings: Json<WidgetSettings>,
    pub identity_secret: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RatingRecord {
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub score: i32,
    pub comment: Option<String>,
    pub rated_at: DateTime<Utc>,
}

pub async fn find(conn: Conn<'_>, inbox_id: Uuid) -> Result<Option<WidgetRecord>> {
    let sql = "SELECT inbox_id, settings, identity_secret FROM web_widgets WHERE inbox_id = $1";
    Ok(on_conn!(conn, c => sqlx::query_as(sql).bind(inbox_id).fetch_optional(c).await)?)
}

/// Every web inbox's widget settings (`None` for an inbox whose widget was never configured).
pub async fn all_web(conn: Conn<'_>) -> Result<Vec<Option<Json<WidgetSettings>>>> {
    let sql = "SELECT w.settings FROM inboxes i LEFT JOIN web_widgets w ON w.inbox_id = i.id \
               WHERE i.kind = 'web'";
    let rows: Vec<(Option<Json<WidgetSettings>>,)> =
        on_conn!(conn, c => sqlx::query_as(sql).fetch_all(c).await)?;
    Ok(rows.into_iter().map(|(settings,)| settings).collect())
}

/// Stores the settings; the secret is kept when the row exists (rotation is separate).
pub async fn save(
    conn: Conn<'_>,
    inbox_id: Uuid,
    settings: &WidgetSettings,
    new_secret: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "INSERT INTO web_widgets (inbox_id, settings, identity_secret, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $4) \
               ON CONFLICT (inbox_id) DO UPDATE SET settings = excluded.settings, \
               updated_at = excluded.updated_at";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(inbox_id)
        .bind(Json(settings))
        .bind(new_secret)
        .bind(now)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_secret(
    conn: Conn<'_>,
    inbox_id: Uuid,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<u64> {
    let sql = "UPDATE web_widgets SET identity_secret = $2, updated_at = $3 WHERE inbox_id = $1";
    Ok(on_conn!(conn, c => sqlx::query(sql)
        .bind(inbox_id)
        .bind(secret)
        .bind(now)
        .execute(c)
        .await.map(|r| r.rows_affected()))?)
}

pub async fn insert_rating(conn: Conn<'_>, rating: &RatingRecord) -> Result<()> {
    let sql = "INSERT INTO conversation_ratings (conversation_id, contact_id, score, comment, rated_at) \
               VALUES ($1, $2, $3, $4, $5)";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(rating.conversation_id)
        .bind(rating.contact_id)
        .bind(rating.score)
        .bind(&rating.comment)
        .bind(rating.rated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_rating(conn: Conn<'_>, conversation_id: Uuid) -> Result<Option<RatingRecord>> {
    let sql = "SELECT conversation_id, contact_id, score, comment, rated_at \
               FROM conversation_ratings WHERE conversation_id = $1";
    Ok(on_conn!(conn, c => sqlx::query_as(sql).bind(conversation_id).fetch_optional(c).await)?)
}

/// Claims the conversation's one offline notice: `true` only the first time.
pub async fn claim_offline_notice(
    conn: Conn<'_>,
    conversation_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool> {
    let sql = "INSERT INTO widget_offline_notices (conversation_id, sent_at) VALUES ($1, $2) \
               ON CONFLICT (conversation_id) DO NOTHING";
    let inserted = on_conn!(conn, c => sqlx::query(sql)
        .bind(conversation_id)
        .bind(now)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(inserted == 1)
}

/// The conversation's replies to the customer not yet read by them, oldest first.
pub async fn unread_replies(conn: Conn<'_>, conversation_id: Uuid) -> Result<Vec<Uuid>> {
    let sql = "SELECT id FROM messages WHERE conversation_id = $1 AND direction = 'outgoing' \
               AND kind <> 'note' AND delivery_state IN ('pending', 'sent', 'delivered') \
               ORDER BY id";
    Ok(on_conn!(conn, c => sqlx::query_scalar(sql).bind(conversation_id).fetch_all(c).await)?)
}
