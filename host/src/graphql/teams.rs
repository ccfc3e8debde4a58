//! Teams and their members.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::errors::GqlResult;
use super::users::UserObject;
use super::{caller, parse_id, services};
use crate::teams::Team;

pub struct TeamObject(pub Team);

#[Object(name = "Team")]
impl TeamObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Needs `users:read`.
    async fn members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<UserObject>> {
        let members = services(ctx)
            .teams
            .members(caller(ctx), self.0.id)
            .await
            .gql()?;
        Ok(members.into_iter().map(UserObject).collect())
    }
}

#[derive(InputObject)]
pub struct CreateTeamInput {
    name: String,
    description: Option<String>,
}

#[derive(InputObject)]
pub struct UpdateTeamInput {
    name: Option<String>,
    description: Option<String>,
}

#[derive(Default)]
pub struct TeamQuery;

#[Object]
impl TeamQuery {
    /// All teams, by name.
    async fn teams(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TeamObject>> {
        let teams = services(ctx).teams.list(caller(ctx)).await.gql()?;
        Ok(teams.into_iter().map(TeamObject).collect())
    }

    async fn team(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<TeamObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .teams
            .get(caller(ctx), id)
            .await
            .map(TeamObject)
            .gql()
    }
}

#[derive(Default)]
pub struct TeamMutation;

#[Object]
impl TeamMutation {
    async fn create_team(
        &self,
        ctx: &Context<'_>,
        input: CreateTeamInput,
    ) -> async_graphql::Result<TeamObject> {
        services(ctx)
            .teams
            .create(caller(ctx), &input.name, input.description.as_deref())
            .await
            .map(TeamObject)
            .gql()
    }

    async fn update_team(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateTeamInput,
    ) -> async_graphql::Result<TeamObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .teams
            .update(
                caller(ctx),
                id,
                input.name.as_deref(),
                input.description.as_deref(),
            )
            .await
            .map(TeamObject)
            .gql()
    }

    async fn delete_team(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .teams
            .delete(caller(ctx), id)
            .await
            .map(|()| true)
            .gql()
    }

    async fn add_team_member(
        &self,
        ctx: &Context<'_>,
        team_id: ID,
        user_id: ID,
    ) -> async_graphql::Result<TeamObject> {
        let team_id = parse_id("teamId", &team_id).gql()?;
        let user_id = parse_id("userId", &user_id).gql()?;
        services(ctx)
            .teams
            .add_member(caller(ctx), team_id, user_id)
            .await
            .map(TeamObject)
            .gql()
    }

    async fn remove_team_member(
        &self,
        ctx: &Context<'_>,
        team_id: ID,
        user_id: ID,
    ) -> async_graphql::Result<TeamObject> {
        let team_id = parse_id("teamId", &team_id).gql()?;
        let user_id = parse_id("userId", &user_id).gql()?;
        services(ctx)
            .teams
            .remove_member(caller(ctx), team_id, user_id)
            .await
            .map(TeamObject)
            .gql()
    }
}

/// The team an object points at, if it points at one and the team still exists.
pub(super) async fn team_ref(
    ctx: &Context<'_>,
    id: Option<Uuid>,
) -> async_graphql::Result<Option<TeamObject>> {
    let Some(id) = id else { return Ok(None) };
    Ok(services(ctx).teams.find(id).await.gql()?.map(TeamObject))
}
