//! The conversation engine's values: what is stored and what the API shows.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::content::ContentAttributes;
use crate::text_enum;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    async_graphql::Enum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ConversationStatus {
    /// A bot is handling it; no agent is needed yet.
    Bot,
    /// Waiting in its team's queue for an agent.
    Queued,
    /// An agent is working on it.
    Open,
    /// The agent waits for the customer's answer.
    Pending,
    /// Put aside until a time or until the customer writes.
    Snoozed,
    Resolved,
}
text_enum!(ConversationStatus {
    Bot => "bot",
    Queued => "queued",
    Open => "open",
    Pending => "pending",
    Snoozed => "snoozed",
    Resolved => "resolved",
});

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    async_graphql::Enum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[graphql(name = "ConversationPriority")]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}
text_enum!(Priority {
    Low => "low",
    Normal => "normal",
    High => "high",
    Urgent => "urgent",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
#[graphql(name = "MessageDirection")]
pub enum Direction {
    Incoming,
    Outgoing,
}
text_enum!(Direction {
    Incoming => "incoming",
    Outgoing => "outgoing",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum SenderKind {
    Contact,
    Agent,
    Bot,
    System,
}
text_enum!(SenderKind {
    Contact => "contact",
    Agent => "agent",
    Bot => "bot",
    System => "system",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum MessageKind {
    Text,
    Attachment,
    /// A private note between agents: never sent to the customer nor shown to integrators.
    Note,
    /// A line the system writes into the history (e.g. "transferred to Financeiro").
    Event,
}
text_enum!(MessageKind {
    Text => "text",
    Attachment => "attachment",
    Note => "note",
    Event => "event",
});

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryState {
    Pending,
    Sent,
    Delivered,
    Read,
    Failed,
}
text_enum!(DeliveryState {
    Pending => "pending",
    Sent => "sent",
    Delivered => "delivered",
    Read => "read",
    Failed => "failed",
});

/// Why a reply did not reach the customer, for clients to explain in the reader's language;
/// `deliveryError` keeps the provider's or the host's own words for the operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum DeliveryFailure {
    /// The channel's reply window had closed: only a template could go.
    OutsideReplyWindow,
    /// The recipient is not on the channel, blocked the business or opted out.
    InvalidRecipient,
    /// The channel refused the content: too long, an unsupported file, an unknown template.
    InvalidContent,
    /// The channel refused the inbox's credentials: an admin must fix its configuration.
    Unauthorized,
    /// The channel kept failing or limiting, and the server gave up trying.
    GaveUp,
    /// The channel does not carry files.
    FilesUnsupported,
    /// Files go out through channels only once the server's public address is set.
    NoPublicUrl,
    /// The contact has no address in this inbox's channel.
    NoAddress,
    /// The channel, or the integration behind an API inbox, reported the message as failed.
    Reported,
    /// Anything else; `deliveryError` says what.
    Other,
}
text_enum!(DeliveryFailure {
    OutsideReplyWindow => "outside_reply_window",
    InvalidRecipient => "invalid_recipient",
    InvalidContent => "invalid_content",
    Unauthorized => "unauthorized",
    GaveUp => "gave_up",
    FilesUnsupported => "files_unsupported",
    NoPublicUrl => "no_public_url",
    NoAddress => "no_address",
    Reported => "reported",
    Other => "other",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
#[graphql(name = "ConversationEventKind")]
pub enum EventKind {
    Created,
    MessageCreated,
    StatusChanged,
    Assigned,
    Transferred,
    PriorityChanged,
    LabelsChanged,
    /// Someone is typing; not stored, so it carries the last stored `seq` instead of a new one.
    Typing,
    Read,
    DeliveryUpdated,
}
text_enum!(EventKind {
    Created => "created",
    MessageCreated => "message_created",
    StatusChanged => "status_changed",
    Assigned => "assigned",
    Transferred => "transferred",
    PriorityChanged => "priority_changed",
    LabelsChanged => "labels_changed",
    Typing => "typing",
    Read => "read",
    DeliveryUpdated => "delivery_updated",
});

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Conversation {
    pub id: Uuid,
    pub protocol: String,
    pub contact_id: Uuid,
    pub inbox_id: Uuid,
    pub status: ConversationStatus,
    pub priority: Priority,
    pub team_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    pub snoozed_until: Option<DateTime<Utc>>,
    pub queued_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub last_activity_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub unread_count: i32,
    pub agent_last_seen_at: Option<DateTime<Utc>>,
    /// When the customer's oldest message still without a public reply arrived.
    pub waiting_since: Option<DateTime<Utc>>,
    pub last_seq: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Unit tests' conversation: open, unassigned, nothing happened since `at`; tests override the
/// fields they are about.
impl Conversation {
    pub fn example(at: DateTime<Utc>) -> Conversation {
        Conversation {
            id: Uuid::nil(),
            protocol: "20261127000001".into(),
            contact_id: Uuid::nil(),
            inbox_id: Uuid::nil(),
            status: ConversationStatus::Open,
            priority: Priority::Normal,
            team_id: None,
            assignee_id: None,
            snoozed_until: None,
            queued_at: None,
            first_response_at: None,
            last_activity_at: at,
            resolved_at: None,
            unread_count: 0,
            agent_last_seen_at: None,
            waiting_since: None,
            last_seq: 0,
            created_at: at,
            updated_at: at,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Message {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub inbox_id: Uuid,
    pub direction: Direction,
    pub sender_kind: SenderKind,
    pub sender_id: Option<Uuid>,
    pub kind: MessageKind,
    pub content: String,
    pub delivery_state: DeliveryState,
    pub delivery_error: Option<String>,
    /// Why a failed reply failed, when it did.
    pub delivery_failure: Option<DeliveryFailure>,
    pub external_id: Option<String>,
    pub client_message_id: Option<String>,
    /// Structured parts (location, prompt, template…); `None` for plain text and files.
    pub content_attributes: Option<Json<ContentAttributes>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Message {
    pub fn is_private(&self) -> bool {
        self.kind == MessageKind::Note
    }
}

/// Who caused an event, as subscribers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventActor {
    User(Uuid),
    Contact(Uuid),
    ApiKey(Uuid),
    System,
}

impl EventActor {
    pub fn kind(self) -> &'static str {
        match self {
            EventActor::User(_) => "user",
            EventActor::Contact(_) => "contact",
            EventActor::ApiKey(_) => "api_key",
            EventActor::System => "system",
        }
    }

    pub fn id(self) -> Option<Uuid> {
        match self {
            EventActor::User(id) | EventActor::Contact(id) | EventActor::ApiKey(id) => Some(id),
            EventActor::System => None,
        }
    }

    pub fn from_parts(kind: &str, id: Option<Uuid>) -> Self {
        match (kind, id) {
            ("user", Some(id)) => EventActor::User(id),
            ("contact", Some(id)) => EventActor::Contact(id),
            ("api_key", Some(id)) => EventActor::ApiKey(id),
            _ => EventActor::System,
        }
    }
}

/// Event details beyond the kind; absent fields did not change.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ConversationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_status: Option<ConversationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_assignee_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_team_id: Option<Uuid>,
    /// An agent's note on a transfer: internal, hidden from integrators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_state: Option<DeliveryState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snoozed_until: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typing: Option<bool>,
}

/// One entry of a conversation's history: stored (except typing) and published.
#[derive(Debug, Clone)]
pub struct ConversationEvent {
    pub conversation_id: Uuid,
    pub seq: i64,
    pub kind: EventKind,
    pub message_id: Option<Uuid>,
    pub actor: EventActor,
    pub details: EventDetails,
    pub at: DateTime<Utc>,
}
