//! The response and resolution targets of one priority.

use chrono::{DateTime, Utc};

use crate::conversations::Priority;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SlaPolicy {
    pub priority: Priority,
    pub first_response_seconds: Option<i32>,
    pub next_response_seconds: Option<i32>,
    pub resolution_seconds: Option<i32>,
    pub updated_at: DateTime<Utc>,
}
