//! A file attached to a message, as stored (its bytes live in the data directory).

use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attachment {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub message_id: Uuid,
    /// Sanitized for display and `Content-Disposition`; never used as a path.
    pub file_name: String,
    /// Checked against the content when stored.
    pub content_type: String,
    pub size: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}
