//! Users: reading them (any staff member), managing them (admins, or API keys with `users:write`).

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::errors::GqlResult;
use super::teams::TeamObject;
use super::{caller, connection, page_size, parse_cursor, parse_id, services};
use crate::auth::Role;
use crate::presence::Presence;
use crate::storage::users::UserFilter as StoreFilter;
use crate::users::{Language, NewUser, User, UserChanges, UserStatus};

pub struct UserObject(pub User);

#[Object(name = "User")]
impl UserObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn username(&self) -> &str {
        &self.0.username
    }
    async fn role(&self) -> Role {
        self.0.role
    }
    async fn status(&self) -> UserStatus {
        self.0.status
    }
    async fn language(&self) -> Language {
        self.0.language
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// `ONLINE`, `AWAY` or `OFFLINE` now: what the member chose, or `OFFLINE` when not seen for
    /// the presence timeout.
    async fn presence(&self, ctx: &Context<'_>) -> async_graphql::Result<Presence> {
        Ok(services(ctx).presence.of(self.0.id).await.gql()?.presence)
    }
    /// Since when `presence` holds; `null` for a member never seen.
    async fn presence_since(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<DateTime<Utc>>> {
        Ok(services(ctx).presence.of(self.0.id).await.gql()?.since)
    }
    /// Teams the user belongs to (needs `teams:read`, except for one's own).
    async fn teams(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TeamObject>> {
        let teams = services(ctx)
            .teams
            .teams_of(caller(ctx), self.0.id)
            .await
            .gql()?;
        Ok(teams.into_iter().map(TeamObject).collect())
    }
}

#[derive(InputObject, Default)]
pub struct UserFilter {
    role: Option<Role>,
    status: Option<UserStatus>,
    team_id: Option<ID>,
    /// Part of the name, e-mail or username.
    search: Option<String>,
}

#[derive(InputObject)]
pub struct CreateUserInput {
    name: String,
    email: String,
    username: String,
    password: String,
    role: Role,
    language: Option<Language>,
}

#[derive(InputObject)]
pub struct UpdateUserInput {
    name: Option<String>,
    email: Option<String>,
    username: Option<String>,
    role: Option<Role>,
    /// `INACTIVE` blocks login and ends the user's sessions.
    status: Option<UserStatus>,
    language: Option<Language>,
    /// Sets a new password and ends the user's sessions.
    password: Option<String>,
}

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    async fn user(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<UserObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .users
            .get(caller(ctx), id)
            .await
            .map(UserObject)
            .gql()
    }

    /// Users, newest first.
    async fn users(
        &self,
        ctx: &Context<'_>,
        filter: Option<UserFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, UserObject>> {
        let filter = filter.unwrap_or_default();
        let store_filter = StoreFilter {
            role: filter.role.map(|r| r.as_str().to_owned()),
            status: filter.status.map(|s| s.as_str().to_owned()),
            team_id: filter
                .team_id
                .as_ref()
                .map(|id| parse_id("filter.teamId", id))
                .transpose()
                .gql()?,
            search: filter.search.filter(|s| !s.trim().is_empty()),
        };
        let first = page_size(first).gql()?;
        let cursor = parse_cursor(after.as_deref()).gql()?;
        let page = services(ctx)
            .users
            .list(caller(ctx), &store_filter, cursor, first)
            .await
            .gql()?;
        Ok(connection(page, cursor, |item| item.id, UserObject))
    }
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        input: CreateUserInput,
    ) -> async_graphql::Result<UserObject> {
        let input = NewUser {
            name: input.name,
            email: input.email,
            username: input.username,
            password: input.password,
            role: input.role,
            language: input.language,
        };
        services(ctx)
            .users
            .create(caller(ctx), input)
            .await
            .map(UserObject)
            .gql()
    }

    async fn update_user(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateUserInput,
    ) -> async_graphql::Result<UserObject> {
        let id = parse_id("id", &id).gql()?;
        let changes = UserChanges {
            name: input.name,
            email: input.email,
            username: input.username,
            role: input.role,
            status: input.status,
            language: input.language,
            password: input.password,
        };
        services(ctx)
            .users
            .update(caller(ctx), id, changes)
            .await
            .map(UserObject)
            .gql()
    }
}
