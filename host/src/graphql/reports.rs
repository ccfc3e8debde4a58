//! The supervisor dashboard: thin over [`crate::reports`], which checks who may see what.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::conversations::QueueObject;
use super::errors::GqlResult;
use super::teams::TeamObject;
use super::users::UserObject;
use super::{caller, parse_id, services};
use crate::presence::Presence;
use crate::reports::{AgentLoad, Dashboard, DurationStats, Satisfaction};

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// Today at a glance, computed when asked (poll it, or re-read on `inboxEvents` and
    /// `presenceEvents`). Supervisors: their teams, or one of them with `teamId`; admins: every
    /// conversation, or one team's. Agents and API keys: `FORBIDDEN`.
    async fn dashboard(
        &self,
        ctx: &Context<'_>,
        team_id: Option<ID>,
    ) -> async_graphql::Result<DashboardObject> {
        let team = team_id
            .as_ref()
            .map(|id| parse_id("teamId", id))
            .transpose()
            .gql()?;
        services(ctx)
            .reports
            .dashboard(caller(ctx), team)
            .await
            .map(DashboardObject)
            .gql()
    }
}

pub struct DashboardObject(Dashboard);

/// Conversations in each status now.
#[derive(SimpleObject)]
pub struct ConversationCounts {
    /// With a bot, not yet handed to a person.
    bot: i64,
    /// Waiting in a queue for an agent.
    queued: i64,
    open: i64,
    /// Waiting for the customer.
    pending: i64,
    snoozed: i64,
}

#[Object(name = "Dashboard")]
impl DashboardObject {
    /// Start of "today": midnight in the ISP's time zone (`timezone`), as an instant.
    async fn since(&self) -> DateTime<Utc> {
        self.0.since
    }
    /// IANA name of the ISP's time zone (`ISPCHAT_TIMEZONE`).
    async fn timezone(&self) -> &str {
        self.0.timezone.name()
    }
    async fn generated_at(&self) -> DateTime<Utc> {
        self.0.generated_at
    }
    /// The team asked for; `null` for all of the caller's.
    async fn team(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<TeamObject>> {
        let Some(team_id) = self.0.team_id else {
            return Ok(None);
        };
        Ok(services(ctx)
            .teams
            .find(team_id)
            .await
            .gql()?
            .map(TeamObject))
    }
    async fn counts(&self) -> ConversationCounts {
        ConversationCounts {
            bot: self.0.bot,
            queued: self.0.queued,
            open: self.0.open,
            pending: self.0.pending,
            snoozed: self.0.snoozed,
        }
    }
    async fn created_today(&self) -> i64 {
        self.0.created_today
    }
    /// Resolved since `since` and not reopened.
    async fn resolved_today(&self) -> i64 {
        self.0.resolved_today
    }
    /// Queues with someone waiting.
    async fn queues(&self) -> Vec<QueueObject> {
        self.0
            .queues
            .iter()
            .cloned()
            .map(QueueObject::from)
            .collect()
    }
    /// Active members of the teams covered, by name.
    async fn agents(&self) -> Vec<AgentLoadObject> {
        self.0.agents.iter().cloned().map(AgentLoadObject).collect()
    }
    /// From a conversation's creation to the first agent reply, for those first answered today.
    async fn first_response(&self) -> DurationStatsObject {
        DurationStatsObject(self.0.first_response.clone())
    }
    /// From a conversation's creation to its resolution, for those resolved today.
    async fn resolution(&self) -> DurationStatsObject {
        DurationStatsObject(self.0.resolution.clone())
    }
    /// Customers' ratings given today.
    async fn satisfaction(&self) -> SatisfactionObject {
        SatisfactionObject(self.0.satisfaction.clone())
    }
}

pub struct AgentLoadObject(AgentLoad);

#[Object(name = "AgentLoad")]
impl AgentLoadObject {
    async fn user(&self) -> UserObject {
        UserObject(self.0.user.clone())
    }
    async fn presence(&self) -> Presence {
        self.0.presence.presence
    }
    async fn presence_since(&self) -> Option<DateTime<Utc>> {
        self.0.presence.since
    }
    /// Open or pending conversations assigned to them.
    async fn active_conversations(&self) -> i64 {
        self.0.active_conversations
    }
}

pub struct DurationStatsObject(DurationStats);

#[Object(name = "DurationStats")]
impl DurationStatsObject {
    async fn count(&self) -> i64 {
        i64::try_from(self.0.count).unwrap_or(i64::MAX)
    }
    /// `null` when `count` is 0.
    async fn average_seconds(&self) -> Option<f64> {
        self.0.average_secs
    }
    /// `null` when `count` is 0.
    async fn median_seconds(&self) -> Option<f64> {
        self.0.median_secs
    }
}

pub struct SatisfactionObject(Satisfaction);

#[Object(name = "SatisfactionStats")]
impl SatisfactionObject {
    async fn count(&self) -> i64 {
        self.0.count
    }
    /// 1 to 5; `null` without ratings.
    async fn average(&self) -> Option<f64> {
        self.0.average
    }
}
