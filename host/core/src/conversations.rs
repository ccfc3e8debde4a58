//! The conversation engine's values, as stored and as the API shows them: conversations,
//! messages and their contents, history events, and who may read what. The rules that change
//! them are the host's `conversations` service.

pub mod content;
mod model;

pub use model::*;
use uuid::Uuid;

/// Which conversations a caller may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadScope {
    All,
    Teams { user_id: Uuid, team_ids: Vec<Uuid> },
}

impl ReadScope {
    pub fn allows(&self, team_id: Option<Uuid>, assignee_id: Option<Uuid>) -> bool {
        match self {
            ReadScope::All => true,
            ReadScope::Teams { user_id, team_ids } => {
                assignee_id == Some(*user_id)
                    || match team_id {
                        None => true,
                        Some(team) => team_ids.contains(&team),
                    }
            }
        }
    }
}

/// What a list of conversations is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    /// Any of these; empty means any status.
    pub statuses: Vec<ConversationStatus>,
    pub team_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    pub unassigned: bool,
    pub inbox_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub priority: Option<Priority>,
    pub label: Option<String>,
    /// A protocol number, part of the contact's name, phone or e-mail, or words of a message.
    pub search: Option<String>,
    /// Set by the service: whether private notes count for `search`.
    pub include_notes: bool,
}
