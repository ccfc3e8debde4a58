//! Inboxes: one per channel instance.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use chrono::{DateTime, Utc};

use super::errors::GqlResult;
use super::teams::TeamObject;
use super::{caller, parse_id, services};
use crate::inboxes::{AutomationInput, Inbox, InboxKind};

pub struct InboxObject(pub Inbox);

#[Object(name = "Inbox")]
impl InboxObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> InboxKind {
        self.0.kind
    }
    /// The team new conversations of this inbox are queued for.
    async fn team(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<TeamObject>> {
        let Some(team_id) = self.0.team_id else {
            return Ok(None);
        };
        services(ctx)
            .teams
            .find(team_id)
            .await
            .map(|team| team.map(TeamObject))
            .gql()
    }
    /// Where replies are POSTed (API inboxes).
    async fn webhook_url(&self) -> Option<&str> {
        self.0.webhook_url.as_deref()
    }
    /// The HMAC key of the webhook's `X-IspChat-Signature` (admins only).
    async fn webhook_secret(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        services(ctx)
            .inboxes
            .webhook_secret(caller(ctx), &self.0)
            .map(|secret| secret.map(str::to_owned))
            .gql()
    }
    async fn plugin_id(&self) -> Option<&str> {
        self.0.plugin_id.as_deref()
    }
    /// The bot plugin that answers new conversations before any agent (status `BOT`).
    async fn bot_plugin_id(&self) -> Option<&str> {
        self.0.bot_plugin_id.as_deref()
    }
    /// The router plugin that assigns this inbox's queued conversations.
    async fn router_plugin_id(&self) -> Option<&str> {
        self.0.router_plugin_id.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(InputObject)]
pub struct CreateInboxInput {
    name: String,
    kind: InboxKind,
    team_id: Option<ID>,
    /// API inboxes: agents' replies are POSTed here, signed (see `webhookSecret`).
    webhook_url: Option<String>,
    /// WHATSAPP and WEB inboxes: the enabled channel plugin that receives the inbox's webhooks
    /// (at `/webhooks/{inboxId}`) and sends its replies.
    plugin_id: Option<String>,
    /// An enabled bot plugin: new conversations start with it (status `BOT`).
    bot_plugin_id: Option<String>,
    /// An enabled router plugin: it assigns queued conversations to agents.
    router_plugin_id: Option<String>,
}

#[derive(InputObject)]
pub struct UpdateInboxInput {
    name: Option<String>,
    /// `null` detaches the inbox from its team.
    team_id: MaybeUndefined<ID>,
    /// An empty string removes the webhook.
    webhook_url: Option<String>,
    /// `null` detaches the channel plugin: webhooks get 404 and replies wait in the outbox.
    plugin_id: MaybeUndefined<String>,
    /// `null` removes the bot: new conversations go straight to the queue.
    bot_plugin_id: MaybeUndefined<String>,
    /// `null` removes the router: queued conversations wait to be claimed.
    router_plugin_id: MaybeUndefined<String>,
}

fn choice(value: &MaybeUndefined<String>) -> Option<Option<String>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(id) => Some(Some(id.clone())),
    }
}

#[derive(Default)]
pub struct InboxQuery;

#[Object]
impl InboxQuery {
    async fn inboxes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<InboxObject>> {
        let inboxes = services(ctx).inboxes.list(caller(ctx)).await.gql()?;
        Ok(inboxes.into_iter().map(InboxObject).collect())
    }

    async fn inbox(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<InboxObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .inboxes
            .get(caller(ctx), id)
            .await
            .map(InboxObject)
            .gql()
    }
}

#[derive(Default)]
pub struct InboxMutation;

#[Object]
impl InboxMutation {
    async fn create_inbox(
        &self,
        ctx: &Context<'_>,
        input: CreateInboxInput,
    ) -> async_graphql::Result<InboxObject> {
        let team_id = input
            .team_id
            .as_ref()
            .map(|id| parse_id("input.teamId", id))
            .transpose()
            .gql()?;
        services(ctx)
            .inboxes
            .create(
                caller(ctx),
                &input.name,
                input.kind,
                team_id,
                input.webhook_url.as_deref(),
                &AutomationInput {
                    channel_plugin_id: Some(input.plugin_id.clone()),
                    bot_plugin_id: Some(input.bot_plugin_id.clone()),
                    router_plugin_id: Some(input.router_plugin_id.clone()),
                },
            )
            .await
            .map(InboxObject)
            .gql()
    }

    async fn update_inbox(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateInboxInput,
    ) -> async_graphql::Result<InboxObject> {
        let id = parse_id("id", &id).gql()?;
        let team_id = match &input.team_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(team) => Some(Some(parse_id("input.teamId", team).gql()?)),
        };
        services(ctx)
            .inboxes
            .update(
                caller(ctx),
                id,
                input.name.as_deref(),
                team_id,
                input.webhook_url.as_deref(),
                &AutomationInput {
                    channel_plugin_id: choice(&input.plugin_id),
                    bot_plugin_id: choice(&input.bot_plugin_id),
                    router_plugin_id: choice(&input.router_plugin_id),
                },
            )
            .await
            .map(InboxObject)
            .gql()
    }

    /// Replaces the webhook's signing secret; the old one stops working at once.
    async fn rotate_inbox_webhook_secret(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<InboxObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .inboxes
            .rotate_webhook_secret(caller(ctx), id)
            .await
            .map(InboxObject)
            .gql()
    }
}
