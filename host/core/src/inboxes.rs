//! An inbox: one channel (WhatsApp number, web widget, API) through which customers write.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::text_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum InboxKind {
    /// Integrators post customers' messages through GraphQL with an API key.
    Api,
    Whatsapp,
    Web,
}
text_enum!(InboxKind {
    Api => "api",
    Whatsapp => "whatsapp",
    Web => "web",
});

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Inbox {
    pub id: Uuid,
    pub name: String,
    pub kind: InboxKind,
    pub team_id: Option<Uuid>,
    /// The channel plugin that implements it (WhatsApp, web); none for API inboxes.
    pub plugin_id: Option<String>,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    /// The bot plugin that answers new conversations first; none sends them straight to a queue.
    pub bot_plugin_id: Option<String>,
    /// The router plugin that picks an agent for queued conversations; none leaves them in the
    /// queue for agents to claim.
    pub router_plugin_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
