//! Inboxes: one per channel instance.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use chrono::{DateTime, Utc};

use super::errors::GqlResult;
use super::teams::TeamObject;
use super::widget::{WidgetSettingsInput, WidgetSettingsObject};
use super::{caller, parse_id, request_info, services};
use crate::inboxes::{AutomationInput, Inbox, InboxKind};
use crate::widget::{WidgetService, WidgetSettings};

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
        super::teams::team_ref(ctx, self.0.team_id).await
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
    /// WEB inboxes: the chat widget's settings.
    async fn widget(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<WidgetSettingsObject>> {
        if self.0.kind != InboxKind::Web {
            return Ok(None);
        }
        let record = services(ctx).widgets.record(&self.0).await.gql()?;
        Ok(Some(WidgetSettingsObject(record.settings.0)))
    }
    /// WEB inboxes: the HMAC key of the widget's identity verification (admins only). Keep it
    /// on the ISP's server; `rotateWidgetSecret` replaces it.
    async fn widget_identity_secret(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<String>> {
        if self.0.kind != InboxKind::Web {
            return Ok(None);
        }
        services(ctx)
            .widgets
            .identity_secret(caller(ctx), &self.0)
            .await
            .map(Some)
            .gql()
    }
    /// WEB inboxes: the `<script>` tag to paste into the ISP's site.
    async fn widget_snippet(&self, ctx: &Context<'_>) -> Option<String> {
        if self.0.kind != InboxKind::Web {
            return None;
        }
        let base = services(ctx)
            .public_url
            .clone()
            .or_else(|| request_info(ctx).base_url.clone())
            .unwrap_or_default();
        Some(format!(
            "<script src=\"{base}/widget.js\" data-inbox-id=\"{}\" async></script>",
            self.0.id
        ))
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
    /// WEB inboxes: the chat widget's settings (defaults for what is left out).
    widget: Option<WidgetSettingsInput>,
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
    /// WEB inboxes: changes to the chat widget's settings.
    widget: Option<WidgetSettingsInput>,
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
        let widget = input.widget.map(|patch| {
            let mut settings = WidgetSettings::default();
            patch.apply(&mut settings);
            settings
        });
        WidgetService::check_new(input.kind, widget.as_ref()).gql()?;
        let inbox = services(ctx)
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
            .gql()?;
        services(ctx)
            .widgets
            .set_up(caller(ctx), &inbox, widget.as_ref())
            .await
            .gql()?;
        Ok(InboxObject(inbox))
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
        let inbox = services(ctx)
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
            .gql()?;
        if let Some(patch) = input.widget {
            let widgets = &services(ctx).widgets;
            let mut settings = widgets.record(&inbox).await.gql()?.settings.0;
            patch.apply(&mut settings);
            widgets
                .configure(caller(ctx), &inbox, &settings)
                .await
                .gql()?;
        }
        Ok(InboxObject(inbox))
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
