//! Service-level targets: the policies per priority and a conversation's standing against them.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::errors::GqlResult;
use super::{caller, services};
use crate::conversations::Priority;
use crate::sla::{PolicyInput, SlaPolicy, Standing, State, Target};

pub struct SlaPolicyObject(pub SlaPolicy);

/// Targets for one priority, in minutes; null means no target.
#[Object(name = "SlaPolicy")]
impl SlaPolicyObject {
    async fn priority(&self) -> Priority {
        self.0.priority
    }
    async fn first_response_minutes(&self) -> Option<i32> {
        self.0.first_response_seconds.map(|s| s / 60)
    }
    /// For each customer message after the first response.
    async fn next_response_minutes(&self) -> Option<i32> {
        self.0.next_response_seconds.map(|s| s / 60)
    }
    async fn resolution_minutes(&self) -> Option<i32> {
        self.0.resolution_seconds.map(|s| s / 60)
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One target's clock for a conversation.
#[derive(SimpleObject)]
#[graphql(name = "SlaClock")]
pub struct SlaClockObject {
    target: Target,
    due_at: DateTime<Utc>,
    /// When the last quarter of its time begins (`AT_RISK` from then on).
    at_risk_at: DateTime<Utc>,
    /// False once met or breached for good, and while the clock is paused (the customer's or a
    /// bot's turn).
    running: bool,
    breached: bool,
}

/// A conversation's standing against its priority's targets.
#[derive(SimpleObject)]
#[graphql(name = "ConversationSla")]
pub struct ConversationSlaObject {
    state: State,
    /// The running target due first (what a badge counts down to); null when none runs.
    next: Option<SlaClockObject>,
    clocks: Vec<SlaClockObject>,
}

impl From<Standing> for ConversationSlaObject {
    fn from(s: Standing) -> Self {
        let clock = |c: crate::sla::Clock| SlaClockObject {
            target: c.target,
            due_at: c.due_at,
            at_risk_at: c.at_risk_at,
            running: c.running,
            breached: c.breached,
        };
        ConversationSlaObject {
            state: s.state,
            next: s.next.map(clock),
            clocks: s.clocks.into_iter().map(clock).collect(),
        }
    }
}

#[derive(InputObject)]
pub struct SlaPolicyInput {
    /// Null clears the target. Whole minutes, 1 to 43200 (30 days).
    first_response_minutes: Option<i32>,
    next_response_minutes: Option<i32>,
    resolution_minutes: Option<i32>,
}

#[derive(Default)]
pub struct SlaQuery;

#[Object]
impl SlaQuery {
    /// One per priority (staff).
    async fn sla_policies(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SlaPolicyObject>> {
        let policies = services(ctx).sla.list(caller(ctx)).await.gql()?;
        Ok(policies.iter().cloned().map(SlaPolicyObject).collect())
    }
}

#[derive(Default)]
pub struct SlaMutation;

#[Object]
impl SlaMutation {
    /// Replaces a priority's targets (admins; audited). Other nodes follow within 10 seconds.
    async fn set_sla_policy(
        &self,
        ctx: &Context<'_>,
        priority: Priority,
        input: SlaPolicyInput,
    ) -> async_graphql::Result<SlaPolicyObject> {
        let input = PolicyInput {
            first_response_minutes: input.first_response_minutes,
            next_response_minutes: input.next_response_minutes,
            resolution_minutes: input.resolution_minutes,
        };
        services(ctx)
            .sla
            .set(caller(ctx), priority, input)
            .await
            .map(SlaPolicyObject)
            .gql()
    }
}
