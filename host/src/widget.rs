//! The host side of the embeddable web chat widget: each web inbox's widget settings and
//! identity-verification secret, the public widget configuration, visitor sessions (the
//! `visitor` role) and what a visitor may do: send, type, read, rate.
//!
//! A visitor token speaks for one contact in one inbox. Without identity verification the host
//! makes a fresh anonymous contact per session start; with it (`identifier` signed by the ISP's
//! site with the inbox's secret) the session links to the contact the inbox knows by that
//! identifier, so a logged-in subscriber sees their earlier conversations. Typed phones and
//! e-mails are never used to link contacts: anyone can type anyone's phone.

mod relay;
mod session;
pub use ispchat_core::widget as settings;

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::attachments::{AttachmentService, NewFile};
use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::auth::rate_limit::IpLimiter;
use crate::auth::{Caller, Permission, random_token};
use crate::channels::inbound::ChannelInbound;
use crate::clock::SharedClock;
use crate::conversations::{
    Conversation, ConversationService, ConversationStatus, Message, Rating, VisitorScope,
};
use crate::error::{Error, Reason, Result};
use crate::inboxes::{Inbox, InboxKind};
use crate::storage::widgets::{RatingRecord, WidgetRecord};
use crate::storage::{self, Db};
use relay::Extra;
use session::{locale_of, pre_chat, verify_identity};
pub use settings::{CpfField, WidgetSettings};

/// Options' ids come from bots' prompts; longer is not an id the widget was given.
const MAX_CHOICE_ID: usize = 256;

/// What a visitor typed into the pre-chat form, and who the ISP's site says they are.
#[derive(Debug, Clone, Default)]
pub struct SessionInput {
    pub inbox_id: Uuid,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub cpf: Option<String>,
    pub locale: Option<String>,
    pub identifier: Option<String>,
    pub identifier_hash: Option<String>,
}

/// A started session: the token is signed by the caller (`AuthService`), which owns the keys.
pub struct StartedSession {
    pub contact_id: Uuid,
    pub inbox_id: Uuid,
    pub locale: String,
    pub conversation: Option<Conversation>,
}

struct Sender {
    scope: VisitorScope,
    inbox: Inbox,
    settings: WidgetSettings,
    locale: String,
    identifier: String,
}

/// The public part of a widget's settings, in one language.
pub struct WidgetConfig {
    pub settings: WidgetSettings,
    pub locale: String,
    pub online: bool,
    pub next_open_at: Option<DateTime<Utc>>,
}

pub struct WidgetService {
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
    conversations: Arc<ConversationService>,
    sessions: IpLimiter,
    /// The transport to web inboxes served by a channel plugin (see [`relay`]).
    channel: Arc<ChannelInbound>,
    attachments: Arc<AttachmentService>,
    /// The sites widgets are embedded on, for CORS, re-read now and then and after a change.
    sites: std::sync::RwLock<Option<(std::time::Instant, Arc<SiteOrigins>)>>,
}

/// Where web inboxes' widgets may be used from: the ISP's sites, as admins listed them per
/// inbox; any site while some web inbox lists none (as [`WidgetSettings::allows_origin`]).
#[derive(Debug)]
enum SiteOrigins {
    Any,
    Listed(std::collections::HashSet<String>),
}

/// How long the sites are trusted before they are read again (a change on this node applies
/// at once; another node's within this time).
const SITES_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(10);

impl WidgetService {
    pub fn new(
        db: Db,
        clock: SharedClock,
        audit: Arc<AuditLog>,
        conversations: Arc<ConversationService>,
        channel: Arc<ChannelInbound>,
        attachments: Arc<AttachmentService>,
        sessions_per_ip_per_minute: u32,
    ) -> Self {
        WidgetService {
            db,
            clock,
            audit,
            conversations,
            sessions: IpLimiter::new(
                NonZeroU32::new(sessions_per_ip_per_minute).unwrap_or(NonZeroU32::MIN),
            ),
            channel,
            attachments,
            sites: std::sync::RwLock::new(None),
        }
    }

    /// Whether a browser page at `origin` may call the API for a web inbox's widget: the
    /// server's CORS answers yes for the ISP's own sites without a server-wide list.
    pub async fn site_allowed(&self, origin: &str) -> bool {
        let fresh = self
            .sites
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .filter(|(at, _)| at.elapsed() < SITES_FRESH_FOR)
            .map(|(_, sites)| sites.clone());
        let sites = match fresh {
            Some(sites) => sites,
            None => match self.read_sites().await {
                Ok(sites) => sites,
                Err(err) => {
                    tracing::warn!(%err, "cannot read the widgets' sites");
                    return false;
                }
            },
        };
        match &*sites {
            SiteOrigins::Any => true,
            SiteOrigins::Listed(origins) => origins.contains(origin),
        }
    }

    async fn read_sites(&self) -> Result<Arc<SiteOrigins>> {
        let mut conn = self.db.acquire().await?;
        let all = storage::widgets::all_web(conn.conn()).await?;
        drop(conn);
        let mut origins = std::collections::HashSet::new();
        let mut any = false;
        for settings in all {
            match settings {
                Some(settings) if !settings.allowed_origins.is_empty() => {
                    origins.extend(settings.0.allowed_origins);
                }
                _ => any = true,
            }
        }
        let sites = Arc::new(if any {
            SiteOrigins::Any
        } else {
            SiteOrigins::Listed(origins)
        });
        *self.sites.write().unwrap_or_else(|e| e.into_inner()) =
            Some((std::time::Instant::now(), sites.clone()));
        Ok(sites)
    }

    pub fn forget_idle(&self) {
        self.sessions.forget_idle();
    }

    /// The widget of a web inbox, created with defaults and a fresh secret on first use.
    pub async fn record(&self, inbox: &Inbox) -> Result<WidgetRecord> {
        if inbox.kind != InboxKind::Web {
            return Err(Error::NotFound("web inbox"));
        }
        let mut conn = self.db.acquire().await?;
        if let Some(found) = storage::widgets::find(conn.conn(), inbox.id).await? {
            return Ok(found);
        }
        drop(conn);
        let mut conn = self.db.writer().await?;
        storage::widgets::save(
            conn.conn(),
            inbox.id,
            &WidgetSettings::default(),
            &new_secret(),
            self.clock.now(),
        )
        .await?;
        storage::widgets::find(conn.conn(), inbox.id)
            .await?
            .ok_or(Error::NotFound("web inbox"))
    }

    /// Replaces a web inbox's widget settings (admins).
    pub async fn configure(
        &self,
        caller: &Caller,
        inbox: &Inbox,
        settings: &WidgetSettings,
    ) -> Result<()> {
        caller.require(Permission::InboxesWrite)?;
        if inbox.kind != InboxKind::Web {
            return Err(Error::invalid(
                "input.widget",
                "only WEB inboxes have a widget",
            ));
        }
        settings.validate("input.widget")?;
        let mut tx = self.db.begin().await?;
        storage::widgets::save(
            tx.conn(),
            inbox.id,
            settings,
            &new_secret(),
            self.clock.now(),
        )
        .await?;
        let event = AuditEvent::new("inbox.widget_update")
            .target("inbox", inbox.id)
            .details(json!({ "allowedOrigins": settings.allowed_origins }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        *self.sites.write().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(())
    }

    /// Whether an inbox of `kind` may be created with `widget`: only web inboxes have one, and
    /// its settings must hold. Checked before the inbox exists, so a bad widget creates nothing.
    pub fn check_new(kind: InboxKind, widget: Option<&WidgetSettings>) -> Result<()> {
        match widget {
            Some(_) if kind != InboxKind::Web => Err(Error::invalid(
                "input.widget",
                "only WEB inboxes have a widget",
            )),
            Some(settings) => settings.validate("input.widget"),
            None => Ok(()),
        }
    }

    /// A new inbox's widget: `widget` when given, else the defaults; either way the identity
    /// secret is made now. Nothing for inboxes that are not web inboxes.
    pub async fn set_up(
        &self,
        caller: &Caller,
        inbox: &Inbox,
        widget: Option<&WidgetSettings>,
    ) -> Result<()> {
        if inbox.kind != InboxKind::Web {
            return Ok(());
        }
        match widget {
            Some(settings) => self.configure(caller, inbox, settings).await,
            None => self.record(inbox).await.map(|_| ()),
        }
    }

    /// The identity-verification secret, for admins setting up the ISP's site.
    pub async fn identity_secret(&self, caller: &Caller, inbox: &Inbox) -> Result<String> {
        caller.require(Permission::InboxesWrite)?;
        Ok(self.record(inbox).await?.identity_secret)
    }

    /// A new identity-verification secret; hashes made with the old one stop working at once.
    pub async fn rotate_secret(&self, caller: &Caller, inbox: &Inbox) -> Result<String> {
        caller.require(Permission::InboxesWrite)?;
        if inbox.kind != InboxKind::Web {
            return Err(Error::invalid("inboxId", "only WEB inboxes have a widget"));
        }
        self.record(inbox).await?;
        let secret = new_secret();
        let mut tx = self.db.begin().await?;
        storage::widgets::set_secret(tx.conn(), inbox.id, &secret, self.clock.now()).await?;
        let event = AuditEvent::new("inbox.rotate_widget_secret").target("inbox", inbox.id);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(secret)
    }

    /// A web inbox whose widget `origin` may use: NOT_FOUND for other inboxes, FORBIDDEN for
    /// sites not on the allow-list.
    pub async fn public_inbox(
        &self,
        inbox_id: Uuid,
        origin: Option<&str>,
    ) -> Result<(Inbox, WidgetSettings)> {
        let inbox = {
            let mut conn = self.db.acquire().await?;
            storage::inboxes::find_by_id(conn.conn(), inbox_id)
                .await?
                .filter(|i| i.kind == InboxKind::Web)
                .ok_or(Error::NotFound("web inbox"))?
        };
        let settings = self.record(&inbox).await?.settings.0;
        if !settings.allows_origin(origin) {
            return Err(Error::Forbidden(
                "this site is not allowed to use this inbox's chat widget",
            ));
        }
        Ok((inbox, settings))
    }

    pub async fn config(
        &self,
        inbox_id: Uuid,
        locale: Option<&str>,
        origin: Option<&str>,
    ) -> Result<WidgetConfig> {
        let (_, settings) = self.public_inbox(inbox_id, origin).await?;
        let (online, next_open_at) = settings.open_at(self.clock.now());
        Ok(WidgetConfig {
            settings,
            locale: locale_of(locale),
            online,
            next_open_at,
        })
    }

    /// Checks the pre-chat form and the identity, and finds or creates the visitor's contact.
    pub async fn start_session(
        &self,
        caller: &Caller,
        origin: Option<&str>,
        input: SessionInput,
    ) -> Result<StartedSession> {
        let (inbox, settings) = self.public_inbox(input.inbox_id, origin).await?;
        self.sessions.check(caller.ip)?;
        let contact_input = pre_chat(&settings, &input)?;
        let locale = locale_of(input.locale.as_deref());
        let identifier = match input.identifier.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => {
                let secret = self.record(&inbox).await?.identity_secret;
                verify_identity(&secret, id, input.identifier_hash.as_deref())?;
                Some(format!("user:{id}"))
            }
            _ => None,
        };
        let mut tx = self.db.begin().await?;
        let known = match &identifier {
            Some(id) => storage::contacts::find_by_identity(tx.conn(), inbox.id, id).await?,
            None => None,
        };
        let (contact, created) = match known {
            Some(contact) => (contact, false),
            None => {
                let id = identifier
                    .clone()
                    .unwrap_or_else(|| format!("visitor:{}", random_token(18)));
                let contacts = self.conversations.contacts();
                let contact = contacts
                    .create_with_identity(tx.conn(), inbox.id, &id, &contact_input)
                    .await?;
                (contact, true)
            }
        };
        let event = AuditEvent::new("widget.session_start")
            .target("contact", contact.id)
            .details(json!({
                "inboxId": inbox.id,
                "verified": identifier.is_some(),
                "newContact": created,
            }));
        let actor = visitor_actor(contact.id, caller.ip);
        self.audit.commit(tx, &actor, event).await?;
        let scope = VisitorScope {
            contact_id: contact.id,
            inbox_id: inbox.id,
        };
        let conversation = self
            .conversations
            .visitor_conversations(scope, 1)
            .await?
            .into_iter()
            .next();
        Ok(StartedSession {
            contact_id: contact.id,
            inbox_id: inbox.id,
            locale,
            conversation,
        })
    }

    /// The caller's visitor scope, after the origin check of their inbox.
    pub async fn visitor(
        &self,
        caller: &Caller,
        origin: Option<&str>,
    ) -> Result<(VisitorScope, Inbox, WidgetSettings, String)> {
        let (contact_id, inbox_id, locale) = caller.require_visitor()?;
        let locale = locale.to_owned();
        let (inbox, settings) = self.public_inbox(inbox_id, origin).await?;
        let scope = VisitorScope {
            contact_id,
            inbox_id,
        };
        Ok((scope, inbox, settings, locale))
    }

    /// Stores the visitor's message (through the inbox's channel plugin when it has one); when
    /// the ISP is closed, the inbox's offline message is posted once per conversation (the
    /// message itself is always stored). `choice_id`: the visitor clicked the prompt's option
    /// with this id, whose title is `content`.
    pub async fn send(
        &self,
        caller: &Caller,
        origin: Option<&str>,
        content: &str,
        choice_id: Option<&str>,
        client_message_id: &str,
        conversation_id: Option<Uuid>,
    ) -> Result<Message> {
        let sender = self.sender(caller, origin, conversation_id).await?;
        let choice_id = choice_id.map(str::trim).filter(|id| !id.is_empty());
        if choice_id.is_some_and(|id| id.chars().count() > MAX_CHOICE_ID) {
            return Err(Error::invalid(
                "choiceId",
                format!("must be at most {MAX_CHOICE_ID} characters long"),
            ));
        }
        let message = if sender.inbox.plugin_id.is_some() {
            let extra = choice_id.map_or(Extra::None, |id| Extra::Choice(id.to_owned()));
            self.relay_message(&sender, content, client_message_id, extra)
                .await?
        } else {
            self.conversations
                .visitor_send(
                    sender.scope,
                    &sender.inbox,
                    &sender.identifier,
                    content,
                    choice_id,
                    client_message_id,
                )
                .await?
        };
        self.after_send(&sender, &message).await?;
        Ok(message)
    }

    /// [`Self::send`] with a file (sent to `/graphql/upload`); the caption may be empty.
    pub async fn send_attachment<R: tokio::io::AsyncRead + Unpin + Send>(
        &self,
        caller: &Caller,
        origin: Option<&str>,
        file: NewFile<R>,
        caption: &str,
        client_message_id: &str,
        conversation_id: Option<Uuid>,
    ) -> Result<Message> {
        let sender = self.sender(caller, origin, conversation_id).await?;
        let message = if sender.inbox.plugin_id.is_some() {
            self.relay_attachment(&sender, file, caption, client_message_id)
                .await?
        } else {
            self.conversations
                .visitor_send_attachment(
                    sender.scope,
                    &sender.inbox,
                    &sender.identifier,
                    file,
                    caption,
                    client_message_id,
                )
                .await?
        };
        self.after_send(&sender, &message).await?;
        Ok(message)
    }

    /// The visitor has seen the replies so far: they become `read`, through the inbox's channel
    /// plugin when it has one. Returns how many replies the receipt covered.
    pub async fn mark_read(
        &self,
        caller: &Caller,
        origin: Option<&str>,
        conversation_id: Uuid,
    ) -> Result<usize> {
        let sender = self.sender(caller, origin, Some(conversation_id)).await?;
        if sender.inbox.plugin_id.is_some() {
            self.relay_read(&sender, conversation_id).await
        } else {
            self.conversations
                .visitor_mark_read(sender.scope, conversation_id)
                .await
        }
    }

    /// The visitor about to write, with the identifier their inbox knows them by.
    async fn sender(
        &self,
        caller: &Caller,
        origin: Option<&str>,
        conversation_id: Option<Uuid>,
    ) -> Result<Sender> {
        let (scope, inbox, settings, locale) = self.visitor(caller, origin).await?;
        if let Some(id) = conversation_id {
            self.conversations.visitor_conversation(scope, id).await?;
        }
        let identifier = {
            let mut conn = self.db.acquire().await?;
            storage::contacts::identities(conn.conn(), scope.contact_id)
                .await?
                .into_iter()
                .find(|(inbox_id, _)| *inbox_id == scope.inbox_id)
                .map(|(_, identifier)| identifier)
                .ok_or(Error::Unauthenticated(
                    "visitor session ended; start a new one",
                ))?
        };
        Ok(Sender {
            scope,
            inbox,
            settings,
            locale,
            identifier,
        })
    }

    /// Outside business hours: the offline message, once per conversation.
    async fn after_send(&self, sender: &Sender, message: &Message) -> Result<()> {
        let (online, _) = sender.settings.open_at(self.clock.now());
        if !online {
            let text = WidgetSettings::text(&sender.settings.offline_message, &sender.locale);
            self.conversations
                .post_offline_notice(message.conversation_id, text)
                .await?;
        }
        Ok(())
    }

    /// One rating per resolved conversation, 1 to 5, with an optional comment.
    pub async fn rate(
        &self,
        caller: &Caller,
        origin: Option<&str>,
        conversation_id: Uuid,
        score: i32,
        comment: Option<&str>,
    ) -> Result<Rating> {
        let (scope, _, settings, _) = self.visitor(caller, origin).await?;
        if !settings.csat_enabled {
            return Err(Error::Forbidden(
                "satisfaction ratings are off for this inbox",
            ));
        }
        if !(1..=5).contains(&score) {
            return Err(Error::invalid("score", "must be 1 to 5"));
        }
        let comment = comment.map(str::trim).filter(|c| !c.is_empty());
        if comment.is_some_and(|c| c.chars().count() > 1000) {
            return Err(Error::invalid(
                "comment",
                "must be at most 1000 characters long",
            ));
        }
        let conversation = self
            .conversations
            .visitor_conversation(scope, conversation_id)
            .await?;
        if conversation.status != ConversationStatus::Resolved {
            return Err(Error::invalid(
                "conversationId",
                "a conversation can be rated once it is resolved",
            ));
        }
        let record = RatingRecord {
            conversation_id,
            contact_id: scope.contact_id,
            score,
            comment: comment.map(str::to_owned),
            rated_at: self.clock.now(),
        };
        let mut tx = self.db.begin().await?;
        storage::widgets::insert_rating(tx.conn(), &record)
            .await
            .map_err(|err| match err {
                Error::Conflict { .. } => Error::refused(
                    Reason::AlreadyRated,
                    "conversationId",
                    "this conversation was already rated",
                ),
                other => other,
            })?;
        let event = AuditEvent::new("conversation.rate")
            .target("conversation", conversation_id)
            .details(json!({ "score": score, "comment": record.comment }));
        self.audit
            .commit(tx, &visitor_actor(scope.contact_id, caller.ip), event)
            .await?;
        Ok(rating(record))
    }

    /// A conversation's rating, for callers who may already read the conversation.
    pub async fn rating(&self, conversation_id: Uuid) -> Result<Option<Rating>> {
        let mut conn = self.db.acquire().await?;
        Ok(storage::widgets::find_rating(conn.conn(), conversation_id)
            .await?
            .map(rating))
    }
}

fn rating(record: RatingRecord) -> Rating {
    Rating {
        score: record.score,
        comment: record.comment,
        rated_at: record.rated_at,
    }
}

fn visitor_actor(contact_id: Uuid, ip: Option<IpAddr>) -> Actor {
    Actor {
        kind: "contact",
        id: Some(contact_id),
        label: "web visitor".into(),
        ip,
    }
}

fn new_secret() -> String {
    format!("wid_{}", random_token(32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_inboxes_are_created_with_a_widget_and_its_settings_must_hold() {
        let bad = WidgetSettings {
            color: "green".into(),
            ..WidgetSettings::default()
        };
        for (kind, widget, refused) in [
            (InboxKind::Web, None, None),
            (InboxKind::Api, None, None),
            (InboxKind::Web, Some(WidgetSettings::default()), None),
            (
                InboxKind::Api,
                Some(WidgetSettings::default()),
                Some("input.widget"),
            ),
            (InboxKind::Web, Some(bad), Some("input.widget.color")),
        ] {
            let result = WidgetService::check_new(kind, widget.as_ref());
            assert_eq!(
                result.as_ref().err().and_then(Error::field),
                refused,
                "{kind:?} {result:?}"
            );
        }
    }
}
