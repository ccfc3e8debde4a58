//! A canned response: a reply agents insert by its shortcut, personal, a team's or everyone's.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::text_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, async_graphql::Enum)]
#[graphql(name = "CannedResponseScope")]
pub enum Scope {
    Personal,
    Team,
    Global,
}
text_enum!(Scope {
    Personal => "personal",
    Team => "team",
    Global => "global",
});

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CannedResponse {
    pub id: Uuid,
    /// Lower-case, without the `/`.
    pub shortcut: String,
    pub content: String,
    pub scope: Scope,
    /// Set for personal responses only.
    pub owner_id: Option<Uuid>,
    /// Set for team responses only.
    pub team_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
