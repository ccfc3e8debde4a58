//! Presence: the signed-in member's switch, and the live feed supervisors watch.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Subscription};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};

use super::errors::GqlResult;
use super::users::UserObject;
use super::{caller, parse_id, services};
use crate::presence::{Presence, PresenceEvent};

#[derive(Default)]
pub struct PresenceMutation;

#[Object]
impl PresenceMutation {
    /// Sets the signed-in staff member's presence. Only `ONLINE` members get conversations from
    /// routing; `AWAY` and `OFFLINE` keep the ones they have. Not seen for the presence timeout
    /// (no request, no open console WebSocket), a member counts as `OFFLINE`.
    async fn set_presence(
        &self,
        ctx: &Context<'_>,
        presence: Presence,
    ) -> async_graphql::Result<UserObject> {
        let services = services(ctx);
        services.presence.set(caller(ctx), presence).await.gql()?;
        services.users.me(caller(ctx)).await.map(UserObject).gql()
    }
}

/// A member's effective presence changed (chosen, timed out, or back after a timeout).
pub struct PresenceEventObject(Arc<PresenceEvent>);

#[Object(name = "PresenceEvent")]
impl PresenceEventObject {
    async fn user_id(&self) -> ID {
        ID(self.0.user_id.to_string())
    }
    async fn presence(&self) -> Presence {
        self.0.presence
    }
    /// When this presence began (for a timeout: when the member was last seen plus the timeout).
    async fn since(&self) -> DateTime<Utc> {
        self.0.since
    }
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<UserObject> {
        services(ctx)
            .users
            .find(self.0.user_id)
            .await
            .map(UserObject)
            .gql()
    }
}

#[derive(Default)]
pub struct PresenceSubscription;

#[Subscription]
impl PresenceSubscription {
    /// Live presence changes: of every member for admins, of the members of one's own teams for
    /// supervisors and agents; `teamId` narrows to one team (one's own unless admin). Not
    /// replayed: read `User.presence` after reconnecting.
    async fn presence_events(
        &self,
        ctx: &Context<'_>,
        team_id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = PresenceEventObject>> {
        let team = team_id
            .as_ref()
            .map(|id| parse_id("teamId", id))
            .transpose()
            .gql()?;
        let stream = services(ctx)
            .presence
            .events(caller(ctx), team)
            .await
            .gql()?;
        Ok(stream.map(PresenceEventObject))
    }
}
