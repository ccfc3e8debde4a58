//! Canned responses: the composer's `/shortcut` texts (signed-in staff only).

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::errors::GqlResult;
use super::teams::TeamObject;
use super::users::UserObject;
use super::{caller, parse_id, services};
use crate::canned_responses::{CannedResponse, NewCannedResponse, Scope};

pub struct CannedResponseObject(pub CannedResponse);

#[Object(name = "CannedResponse")]
impl CannedResponseObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Lower-case, typed after `/` in the composer.
    async fn shortcut(&self) -> &str {
        &self.0.shortcut
    }
    /// May hold placeholders: see `renderCannedResponse`.
    async fn content(&self) -> &str {
        &self.0.content
    }
    async fn scope(&self) -> Scope {
        self.0.scope
    }
    /// Team responses only.
    async fn team(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<TeamObject>> {
        super::teams::team_ref(ctx, self.0.team_id).await
    }
    /// Personal responses only: the caller, since nobody sees another's.
    async fn owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserObject>> {
        let Some(owner_id) = self.0.owner_id else {
            return Ok(None);
        };
        Ok(Some(UserObject(
            services(ctx).users.find(owner_id).await.gql()?,
        )))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(InputObject)]
pub struct CreateCannedResponseInput {
    /// 1–32 of `a-z 0-9 - _`; lower-cased.
    shortcut: String,
    /// 1–5000 characters.
    content: String,
    scope: Scope,
    /// Required for `TEAM`, refused otherwise.
    team_id: Option<ID>,
}

#[derive(InputObject)]
pub struct UpdateCannedResponseInput {
    shortcut: Option<String>,
    content: Option<String>,
}

#[derive(Default)]
pub struct CannedResponseQuery;

#[Object]
impl CannedResponseQuery {
    /// The caller's personal responses, their teams' (every team's for supervisors and admins) and
    /// the global ones, by shortcut. `search` matches a shortcut prefix (only that when it starts
    /// with `/`) or words of the content, ignoring case and accents.
    async fn canned_responses(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
    ) -> async_graphql::Result<Vec<CannedResponseObject>> {
        let found = services(ctx)
            .canned_responses
            .list(caller(ctx), search.as_deref())
            .await
            .gql()?;
        Ok(found.into_iter().map(CannedResponseObject).collect())
    }

    /// The content with `{{contact.name}}`, `{{contact.first_name}}`, `{{contact.phone}}`,
    /// `{{contact.email}}`, `{{agent.name}}`, `{{agent.first_name}}` and
    /// `{{conversation.protocol}}` filled in; the agent is the caller. Unknown placeholders stay.
    async fn render_canned_response(
        &self,
        ctx: &Context<'_>,
        id: ID,
        conversation_id: ID,
    ) -> async_graphql::Result<String> {
        let id = parse_id("id", &id).gql()?;
        let conversation_id = parse_id("conversationId", &conversation_id).gql()?;
        services(ctx)
            .canned_responses
            .render(caller(ctx), id, conversation_id)
            .await
            .gql()
    }
}

#[derive(Default)]
pub struct CannedResponseMutation;

#[Object]
impl CannedResponseMutation {
    /// Personal: any staff member, for themselves. Team: supervisors and admins. Global: admins.
    async fn create_canned_response(
        &self,
        ctx: &Context<'_>,
        input: CreateCannedResponseInput,
    ) -> async_graphql::Result<CannedResponseObject> {
        let team_id = input
            .team_id
            .as_ref()
            .map(|id| parse_id("input.teamId", id))
            .transpose()
            .gql()?;
        let new = NewCannedResponse {
            shortcut: input.shortcut,
            content: input.content,
            scope: input.scope,
            team_id,
        };
        services(ctx)
            .canned_responses
            .create(caller(ctx), &new)
            .await
            .map(CannedResponseObject)
            .gql()
    }

    /// The same people as for creating it; scope and team never change.
    async fn update_canned_response(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateCannedResponseInput,
    ) -> async_graphql::Result<CannedResponseObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .canned_responses
            .update(
                caller(ctx),
                id,
                input.shortcut.as_deref(),
                input.content.as_deref(),
            )
            .await
            .map(CannedResponseObject)
            .gql()
    }

    async fn delete_canned_response(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .canned_responses
            .delete(caller(ctx), id)
            .await
            .map(|()| true)
            .gql()
    }
}
