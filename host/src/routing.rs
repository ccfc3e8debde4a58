//! Routing: who should take a conversation that needs an agent. A [`Router`] only decides; the
//! conversation engine applies the decision (and falls back to the queue when the router abstains
//! or fails), so a routing plugin can never corrupt a conversation.

use async_trait::async_trait;
use uuid::Uuid;

use crate::conversations::{Conversation, Priority};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteDecision {
    /// Give it to this agent now.
    Assign(Uuid),
    /// Leave it queued for an agent to claim: in another team's queue and at another priority
    /// when given (a move to another team gives that team's routing one turn).
    Enqueue {
        team_id: Option<Uuid>,
        priority: Option<Priority>,
    },
    /// No opinion: the engine's default (the queue) applies.
    Abstain,
}

#[async_trait]
pub trait Router: Send + Sync {
    async fn route(&self, conversation: &Conversation) -> RouteDecision;
}

/// The default policy: every conversation waits in its team's queue, ordered by priority then
/// age, until an agent claims it. Routing plugins (round-robin, skills, load) replace it.
pub struct QueueRouter;

#[async_trait]
impl Router for QueueRouter {
    async fn route(&self, _conversation: &Conversation) -> RouteDecision {
        RouteDecision::Enqueue {
            team_id: None,
            priority: None,
        }
    }
}
