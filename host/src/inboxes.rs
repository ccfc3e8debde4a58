//! Inboxes: one per channel instance (a WhatsApp number, a website widget, an integrator's API
//! connection). An inbox routes its new conversations to its default team.

use std::sync::Arc;

use serde_json::json;
use uuid::Uuid;

use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::auth::{Caller, Permission, random_token};
use crate::clock::SharedClock;
use crate::error::{Error, Result};
use crate::plugins::{ActivePlugins, Kind};
use crate::storage::{self, Db};

use crate::users::validate_text;
pub use ispchat_core::inboxes::{Inbox, InboxKind};

/// The bundled channel plugin a new web inbox gets when none is chosen.
pub const WEB_CHAT_PLUGIN: &str = "webchat";

/// Which channel, bot and router plugins an inbox uses. `None` leaves a choice as it is;
/// `Some(None)` removes it.
#[derive(Debug, Clone, Default)]
pub struct AutomationInput {
    /// The channel plugin of a WhatsApp or web inbox: it receives the inbox's webhooks and sends
    /// its replies.
    pub channel_plugin_id: Option<Option<String>>,
    pub bot_plugin_id: Option<Option<String>>,
    pub router_plugin_id: Option<Option<String>>,
}

pub struct InboxService {
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
    plugins: Arc<dyn ActivePlugins>,
}

impl InboxService {
    /// `plugins` are those an inbox's channel, bot and router are checked against.
    pub fn new(
        db: Db,
        clock: SharedClock,
        audit: Arc<AuditLog>,
        plugins: Arc<dyn ActivePlugins>,
    ) -> Self {
        InboxService {
            db,
            clock,
            audit,
            plugins,
        }
    }

    /// Applies `input` to `inbox`: each id must name a live plugin of the right kind.
    fn apply_automation(&self, inbox: &mut Inbox, input: &AutomationInput) -> Result<()> {
        if let Some(channel) = &input.channel_plugin_id {
            let channel = self.live_plugin("input.pluginId", channel, Kind::Channel)?;
            if channel.is_some() && inbox.kind == InboxKind::Api {
                return Err(Error::invalid(
                    "input.pluginId",
                    "API inboxes have no channel plugin: integrators post their messages",
                ));
            }
            inbox.plugin_id = channel;
        }
        if let Some(bot) = &input.bot_plugin_id {
            inbox.bot_plugin_id = self.live_plugin("input.botPluginId", bot, Kind::Bot)?;
        }
        if let Some(router) = &input.router_plugin_id {
            inbox.router_plugin_id =
                self.live_plugin("input.routerPluginId", router, Kind::Router)?;
        }
        Ok(())
    }

    fn live_plugin(&self, field: &str, id: &Option<String>, kind: Kind) -> Result<Option<String>> {
        let Some(id) = id.as_deref().map(str::trim).filter(|id| !id.is_empty()) else {
            return Ok(None);
        };
        match self.plugins.get(id) {
            Some(plugin) if plugin.manifest().kind == kind => Ok(Some(id.to_owned())),
            Some(_) => Err(Error::invalid(
                field,
                format!("plugin {id:?} is not a {kind} plugin"),
            )),
            None => Err(Error::invalid(
                field,
                format!("no enabled plugin {id:?}; install and enable it first"),
            )),
        }
    }

    pub async fn list(&self, caller: &Caller) -> Result<Vec<Inbox>> {
        caller.require(Permission::InboxesRead)?;
        let mut conn = self.db.acquire().await?;
        storage::inboxes::list(conn.conn()).await
    }

    pub async fn get(&self, caller: &Caller, id: Uuid) -> Result<Inbox> {
        caller.require(Permission::InboxesRead)?;
        self.load(id).await
    }

    /// For callers that were already allowed to see something in the inbox (a conversation).
    pub(crate) async fn load(&self, id: Uuid) -> Result<Inbox> {
        let mut conn = self.db.acquire().await?;
        storage::inboxes::find_by_id(conn.conn(), id)
            .await?
            .ok_or(Error::NotFound("inbox"))
    }

    pub async fn create(
        &self,
        caller: &Caller,
        name: &str,
        kind: InboxKind,
        team_id: Option<Uuid>,
        webhook_url: Option<&str>,
        automation: &AutomationInput,
    ) -> Result<Inbox> {
        caller.require(Permission::InboxesWrite)?;
        let now = self.clock.now();
        let webhook_url = webhook_url
            .map(|url| validate_webhook_url(kind, url))
            .transpose()?
            .flatten();
        let mut inbox = Inbox {
            id: Uuid::now_v7(),
            name: validate_text("input.name", name, 80)?,
            kind,
            team_id,
            plugin_id: None,
            webhook_secret: webhook_url.as_ref().map(|_| new_webhook_secret()),
            webhook_url,
            bot_plugin_id: None,
            router_plugin_id: None,
            created_at: now,
            updated_at: now,
        };
        let mut automation = automation.clone();
        if kind == InboxKind::Web
            && automation
                .channel_plugin_id
                .as_ref()
                .is_none_or(Option::is_none)
            && self
                .plugins
                .get(WEB_CHAT_PLUGIN)
                .is_some_and(|p| p.manifest().kind == Kind::Channel)
        {
            // The web chat is a channel like the others when its plugin is there; without it
            // (a server started without built plugins) the host serves the widget itself.
            automation.channel_plugin_id = Some(Some(WEB_CHAT_PLUGIN.to_owned()));
        }
        self.apply_automation(&mut inbox, &automation)?;
        let mut tx = self.db.begin().await?;
        if let Some(team_id) = team_id
            && storage::teams::find_by_id(tx.conn(), team_id)
                .await?
                .is_none()
        {
            return Err(Error::invalid("input.teamId", "no such team"));
        }
        storage::inboxes::insert(tx.conn(), &inbox)
            .await
            .map_err(name_conflict)?;
        let event = AuditEvent::new("inbox.create")
            .target("inbox", inbox.id)
            .details(json!({
                "name": inbox.name,
                "kind": kind.as_str(),
                "teamId": team_id,
                "pluginId": inbox.plugin_id,
                "botPluginId": inbox.bot_plugin_id,
                "routerPluginId": inbox.router_plugin_id,
            }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(inbox)
    }

    pub async fn update(
        &self,
        caller: &Caller,
        id: Uuid,
        name: Option<&str>,
        team_id: Option<Option<Uuid>>,
        webhook_url: Option<&str>,
        automation: &AutomationInput,
    ) -> Result<Inbox> {
        caller.require(Permission::InboxesWrite)?;
        let mut tx = self.db.begin().await?;
        let mut inbox = storage::inboxes::find_by_id(tx.conn(), id)
            .await?
            .ok_or(Error::NotFound("inbox"))?;
        if let Some(name) = name {
            inbox.name = validate_text("input.name", name, 80)?;
        }
        if let Some(team_id) = team_id {
            if let Some(team) = team_id
                && storage::teams::find_by_id(tx.conn(), team).await?.is_none()
            {
                return Err(Error::invalid("input.teamId", "no such team"));
            }
            inbox.team_id = team_id;
        }
        if let Some(url) = webhook_url {
            inbox.webhook_url = validate_webhook_url(inbox.kind, url)?;
            if inbox.webhook_url.is_some() && inbox.webhook_secret.is_none() {
                inbox.webhook_secret = Some(new_webhook_secret());
            }
        }
        self.apply_automation(&mut inbox, automation)?;
        inbox.updated_at = self.clock.now();
        storage::inboxes::update(tx.conn(), &inbox)
            .await
            .map_err(name_conflict)?;
        let event = AuditEvent::new("inbox.update")
            .target("inbox", id)
            .details(json!({
                "name": inbox.name,
                "teamId": inbox.team_id,
                "webhookUrl": inbox.webhook_url,
                "pluginId": inbox.plugin_id,
                "botPluginId": inbox.bot_plugin_id,
                "routerPluginId": inbox.router_plugin_id,
            }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(inbox)
    }

    /// A new signing secret for the inbox's webhook; the old one stops working at once.
    pub async fn rotate_webhook_secret(&self, caller: &Caller, id: Uuid) -> Result<Inbox> {
        caller.require(Permission::InboxesWrite)?;
        let mut tx = self.db.begin().await?;
        let mut inbox = storage::inboxes::find_by_id(tx.conn(), id)
            .await?
            .ok_or(Error::NotFound("inbox"))?;
        if inbox.webhook_url.is_none() {
            return Err(Error::invalid("id", "the inbox has no webhook"));
        }
        inbox.webhook_secret = Some(new_webhook_secret());
        inbox.updated_at = self.clock.now();
        storage::inboxes::update(tx.conn(), &inbox).await?;
        let event = AuditEvent::new("inbox.rotate_webhook_secret").target("inbox", id);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(inbox)
    }

    /// The signing secret, for admins setting up the receiver.
    pub fn webhook_secret<'a>(&self, caller: &Caller, inbox: &'a Inbox) -> Result<Option<&'a str>> {
        caller.require(Permission::InboxesWrite)?;
        Ok(inbox.webhook_secret.as_deref())
    }
}

fn new_webhook_secret() -> String {
    format!("whsec_{}", random_token(32))
}

/// An `http(s)` URL, or an empty string to remove the webhook. Only API inboxes have one: other
/// channels deliver through their plugin.
fn validate_webhook_url(kind: InboxKind, url: &str) -> Result<Option<String>> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    if kind != InboxKind::Api {
        return Err(Error::invalid(
            "input.webhookUrl",
            "only API inboxes send webhooks",
        ));
    }
    let parsed = reqwest::Url::parse(url)
        .map_err(|_| Error::invalid("input.webhookUrl", "is not a valid URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() || url.len() > 2000 {
        return Err(Error::invalid(
            "input.webhookUrl",
            "must be an http:// or https:// URL of at most 2000 characters",
        ));
    }
    Ok(Some(url.to_owned()))
}

fn name_conflict(err: Error) -> Error {
    match err {
        Error::Conflict { .. } => Error::Conflict {
            field: "input.name".into(),
            message: "an inbox with this name already exists".into(),
        },
        other => other,
    }
}
