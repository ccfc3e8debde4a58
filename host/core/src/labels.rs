//! A label agents and classifiers put on conversations.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Label {
    pub name: String,
    pub description: String,
    /// `#rrggbb`.
    pub color: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
