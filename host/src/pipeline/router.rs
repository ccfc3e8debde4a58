//! [`PluginRouter`]: routing through the inbox's router plugin. The plugin only chooses among
//! the candidates the host sends; anything else (an agent who is not a candidate, `abstain`, a
//! crash, a timeout, a plugin error) falls back to the default policy: the conversation stays in
//! its queue for an agent to claim.
//!
//! Candidates are the active members of the conversation's team who are `ONLINE` now (see
//! [`crate::presence`]): `AWAY` and `OFFLINE` members are never offered, so no plugin can hand
//! them a conversation. What the user model does not know yet is approximated: the capacity is
//! [`DEFAULT_MAX_CONVERSATIONS`], idle time is 0 and skills and languages are empty.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use uuid::Uuid;

use crate::clock::SharedClock;
use crate::conversations::Conversation;
use crate::error::Result;
use crate::plugins::v1::router::ispchat::types::router::{
    Candidate, Presence, QueueInfo, RoutingDecision, RoutingRequest,
};
use crate::plugins::{ActivePlugins, Kind, PluginRegistry};
use crate::presence::PresenceService;
use crate::routing::{QueueRouter, RouteDecision, Router};
use crate::storage::{self, Db};
use crate::users::UserStatus;

/// Conversations an agent may hold at once, until agents have their own limit.
pub const DEFAULT_MAX_CONVERSATIONS: u32 = 10;

pub struct PluginRouter {
    db: Db,
    clock: SharedClock,
    plugins: Arc<PluginRegistry>,
    presence: Arc<PresenceService>,
}

impl PluginRouter {
    pub fn new(
        db: Db,
        clock: SharedClock,
        plugins: Arc<PluginRegistry>,
        presence: Arc<PresenceService>,
    ) -> Self {
        PluginRouter {
            db,
            clock,
            plugins,
            presence,
        }
    }

    /// The routing request for a conversation, and the candidates' ids.
    async fn request(&self, conversation: &Conversation) -> Result<(RoutingRequest, Vec<Uuid>)> {
        let mut conn = self.db.acquire().await?;
        let members = match conversation.team_id {
            Some(team) => storage::teams::members(conn.conn(), team).await?,
            None => Vec::new(),
        };
        let active: Vec<_> = members
            .into_iter()
            .filter(|u| u.status == UserStatus::Active.as_str())
            .collect();
        let member_ids: Vec<Uuid> = active.iter().map(|u| u.id).collect();
        let online = self.presence.online_among(&member_ids).await?;
        let active: Vec<_> = active
            .into_iter()
            .filter(|u| online.contains(&u.id))
            .collect();
        let ids: Vec<Uuid> = active.iter().map(|u| u.id).collect();
        let counts: HashMap<Uuid, i64> = storage::conversations::active_counts(conn.conn(), &ids)
            .await?
            .into_iter()
            .collect();
        let labels = storage::conversations::labels(conn.conn(), conversation.id).await?;
        let contact = storage::contacts::find_by_id(conn.conn(), conversation.contact_id).await?;
        let inbox = storage::inboxes::find_by_id(conn.conn(), conversation.inbox_id).await?;
        let queued = storage::conversations::queued(conn.conn()).await?;
        let now = self.clock.now();
        let in_queue: Vec<_> = queued
            .iter()
            .filter(|(team, _)| *team == conversation.team_id)
            .collect();
        let oldest = in_queue.iter().filter_map(|(_, at)| *at).min();
        let team_ids = conversation
            .team_id
            .map(|t| vec![t.to_string()])
            .unwrap_or_default();
        let candidates = active
            .iter()
            .map(|u| Candidate {
                agent_id: u.id.to_string(),
                name: u.name.clone(),
                teams: team_ids.clone(),
                skills: Vec::new(),
                languages: Vec::new(),
                active_conversations: u32::try_from(counts.get(&u.id).copied().unwrap_or(0))
                    .unwrap_or(u32::MAX),
                max_conversations: DEFAULT_MAX_CONVERSATIONS,
                presence: Presence::Online,
                idle_ms: 0,
                ext: "{}".into(),
            })
            .collect();
        let request = RoutingRequest {
            conversation: super::convert::conversation(
                conversation,
                inbox.as_ref().map_or("api", |i| i.kind.as_str()),
                contact.as_ref(),
                labels,
            ),
            candidates,
            queue: QueueInfo {
                team_id: conversation.team_id.map(|t| t.to_string()),
                waiting: u32::try_from(in_queue.len()).unwrap_or(u32::MAX),
                oldest_wait_ms: oldest
                    .map(|at| u64::try_from((now - at).num_milliseconds()).unwrap_or(0))
                    .unwrap_or(0),
            },
            ext: "{}".into(),
        };
        Ok((request, ids))
    }
}

#[async_trait]
impl Router for PluginRouter {
    async fn route(&self, conversation: &Conversation) -> RouteDecision {
        let router_id = match storage_router_id(&self.db, conversation).await {
            Ok(Some(id)) => id,
            Ok(None) => return QueueRouter.route(conversation).await,
            Err(err) => {
                tracing::warn!(conversation = %conversation.id, %err, "cannot read the inbox's router");
                return RouteDecision::Abstain;
            }
        };
        let Some(plugin) = self
            .plugins
            .get(&router_id)
            .filter(|p| p.manifest().kind == Kind::Router)
        else {
            return QueueRouter.route(conversation).await;
        };
        let (request, candidates) = match self.request(conversation).await {
            Ok(built) => built,
            Err(err) => {
                tracing::warn!(conversation = %conversation.id, %err, "cannot build the routing request");
                return RouteDecision::Abstain;
            }
        };
        match self.plugins.route(&plugin, &request).await {
            Ok(Ok(RoutingDecision::Assign(agent))) => {
                match Uuid::parse_str(&agent)
                    .ok()
                    .filter(|a| candidates.contains(a))
                {
                    Some(agent) => RouteDecision::Assign(agent),
                    None => {
                        tracing::warn!(plugin = %router_id, %agent, "router assigned a non-candidate; left queued");
                        RouteDecision::Abstain
                    }
                }
            }
            Ok(Ok(RoutingDecision::Enqueue(enqueue))) => RouteDecision::Enqueue {
                team_id: self.team_named(&router_id, enqueue.team.as_deref()).await,
                priority: enqueue.priority.map(super::convert::from_priority),
            },
            Ok(Ok(RoutingDecision::Abstain)) => RouteDecision::Abstain,
            Ok(Err(guest)) => {
                tracing::warn!(plugin = %router_id, code = %guest.code, message = %guest.message, "router returned an error; left queued");
                RouteDecision::Abstain
            }
            // Logged and counted by the runtime.
            Err(_) => RouteDecision::Abstain,
        }
    }
}

impl PluginRouter {
    /// The team a router named (id or exact name); an unknown one keeps the current queue.
    async fn team_named(&self, router_id: &str, wanted: Option<&str>) -> Option<Uuid> {
        let wanted = wanted.map(str::trim).filter(|w| !w.is_empty())?;
        let teams = async {
            let mut conn = self.db.acquire().await?;
            storage::teams::list(conn.conn()).await
        }
        .await;
        match teams {
            Ok(teams) => {
                let found = teams
                    .iter()
                    .find(|t| t.id.to_string() == wanted || t.name == wanted)
                    .map(|t| t.id);
                if found.is_none() {
                    tracing::warn!(plugin = %router_id, team = %wanted, "router named an unknown team; left in its queue");
                }
                found
            }
            Err(err) => {
                tracing::warn!(%err, "cannot read teams for a router's enqueue");
                None
            }
        }
    }
}

async fn storage_router_id(db: &Db, conversation: &Conversation) -> Result<Option<String>> {
    let mut conn = db.acquire().await?;
    Ok(
        storage::inboxes::find_by_id(conn.conn(), conversation.inbox_id)
            .await?
            .and_then(|inbox| inbox.router_plugin_id),
    )
}
