//! The conversation engine: conversations between a contact and the ISP's agents, their messages,
//! queues, transfers and status workflow. Every rule lives here; GraphQL only calls in.
//!
//! Each change runs in one transaction that locks the conversation, appends numbered events to
//! its history and commits; only then are the events published on the bus. So a send is
//! acknowledged only once stored, and every subscriber sees the stored order.

/// Evaluates `$attempt` again (three tries in all) when it lost a race on a unique key, such as
/// two deliveries of one external id or two sends of one client id: the retry finds the winner's
/// row. A macro, not a function over an async closure, so the future stays `Send` for GraphQL.
macro_rules! retry_on_conflict {
    ($attempt:expr) => {{
        let mut attempts = 0;
        loop {
            attempts += 1;
            match $attempt {
                Err($crate::error::Error::Conflict { .. }) if attempts < 3 => continue,
                other => break other,
            }
        }
    }};
}
mod access;
mod attachments;
mod automation;
mod incoming;
pub mod messaging;
pub mod protocol;
mod queue;
mod replay;
mod templates;
mod visitors;
mod workflow;

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, SubsecRound, Utc};
use uuid::Uuid;

pub use attachments::OutgoingAttachment;
pub use automation::{BotAction, BotReply, Handoff, TurnContext};
pub use incoming::{IncomingMessage, split_content};
pub use ispchat_core::conversations::*;
pub use queue::{QueueStats, summarize_queues};
pub use replay::EventView;
pub use visitors::{Rating, VisitorScope, check_client_message_id, widget_client_id};

use crate::attachments::{AttachmentService, Staged};
use crate::auth::{Caller, Identity, Principal};
use crate::channels::signals::SignalQueue;
use crate::clock::SharedClock;
use crate::contacts::ContactService;
use crate::error::{Error, Result};
use crate::plugins::ActivePlugins;
use crate::realtime::{EventBus, Published};
use crate::routing::Router;
use crate::storage::{self, Db, Page, Tx};
use ispchat_core::sentiment::{self, SentimentPoint};
use protocol::ProtocolFormat;

/// How protocol numbers are made: the format and the time zone of its date.
#[derive(Debug, Clone)]
pub struct ProtocolSettings {
    pub format: ProtocolFormat,
    pub utc_offset: FixedOffset,
}

pub struct ConversationService {
    db: Db,
    clock: SharedClock,
    bus: Arc<dyn EventBus>,
    contacts: Arc<ContactService>,
    router: Arc<dyn Router>,
    protocol: ProtocolSettings,
    /// How long a subscription trusts the access it started with: team changes and
    /// deactivations reach open subscriptions within this time.
    access_recheck: std::time::Duration,
    attachments: Arc<AttachmentService>,
    /// The plugins live now, to know whether a message needs the plugin pipeline.
    plugins: Arc<dyn ActivePlugins>,
    /// Wakes the pipeline's worker as soon as a job is committed.
    jobs_ready: Arc<tokio::sync::Notify>,
    /// Wakes the channel outbox's worker once a reply in a channel plugin's inbox is committed.
    outbox_ready: Arc<tokio::sync::Notify>,
    /// Read and typing signals to channels that take them (best effort).
    signals: SignalQueue,
}

/// A change in the making: the locked conversation as it will be, and the events that say why.
struct Change {
    conversation: Conversation,
    events: Vec<(EventKind, Option<Message>, EventDetails)>,
}

impl Change {
    fn new(conversation: Conversation) -> Self {
        Change {
            conversation,
            events: Vec::new(),
        }
    }

    fn event(&mut self, kind: EventKind, message: Option<Message>, details: EventDetails) {
        self.events.push((kind, message, details));
    }
}

/// What a [`ConversationService`] works with. Every collaborator is required: a service built
/// without its outbox, signals or plugins would silently not send, not signal or not run bots.
pub struct ConversationParts {
    pub db: Db,
    pub clock: SharedClock,
    pub bus: Arc<dyn EventBus>,
    pub contacts: Arc<ContactService>,
    pub router: Arc<dyn Router>,
    pub protocol: ProtocolSettings,
    pub attachments: Arc<AttachmentService>,
    /// The plugins live now, to know whether a message needs the plugin pipeline.
    pub plugins: Arc<dyn ActivePlugins>,
    /// Notified after each pipeline job is committed (see `crate::pipeline`).
    pub jobs_ready: Arc<tokio::sync::Notify>,
    /// Rung after a reply in a channel plugin's inbox commits.
    pub outbox_ready: Arc<tokio::sync::Notify>,
    /// Sends agents' read marks and typing to the conversations' channels.
    pub signals: SignalQueue,
    /// How long a subscription trusts the access it started with.
    pub access_recheck: std::time::Duration,
}

impl ConversationService {
    pub fn new(parts: ConversationParts) -> Self {
        ConversationService {
            db: parts.db,
            clock: parts.clock,
            bus: parts.bus,
            contacts: parts.contacts,
            router: parts.router,
            protocol: parts.protocol,
            access_recheck: parts.access_recheck,
            attachments: parts.attachments,
            plugins: parts.plugins,
            jobs_ready: parts.jobs_ready,
            outbox_ready: parts.outbox_ready,
            signals: parts.signals,
        }
    }

    pub fn bus(&self) -> &Arc<dyn EventBus> {
        &self.bus
    }

    pub fn contacts(&self) -> &Arc<ContactService> {
        &self.contacts
    }

    /// Microseconds: what both databases keep, so cursors built from stored times compare exactly.
    fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(6)
    }

    pub async fn get(&self, caller: &Caller, id: Uuid) -> Result<Conversation> {
        let scope = self.read_scope(caller).await?;
        let mut conn = self.db.acquire().await?;
        let conversation = storage::conversations::find_by_id(conn.conn(), id).await?;
        visible(conversation, &scope)
    }

    pub async fn get_by_protocol(&self, caller: &Caller, protocol: &str) -> Result<Conversation> {
        let scope = self.read_scope(caller).await?;
        let mut conn = self.db.acquire().await?;
        let conversation =
            storage::conversations::find_by_protocol(conn.conn(), protocol.trim()).await?;
        visible(conversation, &scope)
    }

    pub async fn list(
        &self,
        caller: &Caller,
        mut filter: ConversationFilter,
        after: Option<(DateTime<Utc>, Uuid)>,
        first: usize,
    ) -> Result<Page<Conversation>> {
        let scope = self.read_scope(caller).await?;
        filter.include_notes = sees_notes(caller);
        filter.search = search_text("filter.search", filter.search.as_deref())?;
        if let Some(label) = &filter.label {
            filter.label = Some(crate::labels::normalize_label("filter.label", label)?);
        }
        let mut conn = self.db.acquire().await?;
        let rows =
            storage::conversations::list(conn.conn(), &scope, &filter, after, first as i64 + 1)
                .await?;
        Ok(Page::from_rows(rows, first))
    }

    /// Newest first; `before` is the oldest message id already shown.
    pub async fn messages(
        &self,
        caller: &Caller,
        conversation_id: Uuid,
        before: Option<Uuid>,
        last: usize,
    ) -> Result<Page<Message>> {
        self.get(caller, conversation_id).await?;
        let mut conn = self.db.acquire().await?;
        let rows = storage::messages::list(
            conn.conn(),
            conversation_id,
            before,
            sees_notes(caller),
            last as i64 + 1,
        )
        .await?;
        Ok(Page::from_rows(rows, last))
    }

    /// The stored history, oldest first, from `after` on.
    pub async fn events(
        &self,
        caller: &Caller,
        conversation_id: Uuid,
        after: i64,
        first: usize,
    ) -> Result<Vec<EventView>> {
        self.get(caller, conversation_id).await?;
        let mut conn = self.db.acquire().await?;
        let events =
            storage::events::list_after(conn.conn(), conversation_id, after, first as i64).await?;
        replay::stored_views(conn.conn(), events, sees_notes(caller)).await
    }

    /// For a conversation the caller already holds (its visibility was checked when it was read).
    pub async fn labels(&self, caller: &Caller, conversation_id: Uuid) -> Result<Vec<String>> {
        caller.require(crate::auth::Permission::ConversationsRead)?;
        let mut conn = self.db.acquire().await?;
        storage::conversations::labels(conn.conn(), conversation_id).await
    }

    /// The sentiments of the conversation's last `last` incoming messages (1 to 50), oldest
    /// first; for a conversation the caller already holds.
    pub async fn sentiment_trend(
        &self,
        caller: &Caller,
        conversation_id: Uuid,
        last: i32,
    ) -> Result<Vec<SentimentPoint>> {
        caller.require(crate::auth::Permission::ConversationsRead)?;
        let last = usize::try_from(last)
            .ok()
            .filter(|n| (1..=50).contains(n))
            .ok_or_else(|| Error::invalid("last", "must be between 1 and 50"))?;
        // Room for a few classifiers' rows per message.
        let rows = (last * 4) as i64;
        let mut conn = self.db.acquire().await?;
        let stored = storage::classifications::sentiments_of_conversation(
            conn.conn(),
            conversation_id,
            rows,
        )
        .await?;
        Ok(sentiment::trend(&stored, last))
    }

    /// Messages containing all the words of `text`, newest first, in conversations the caller
    /// may read.
    pub async fn search_messages(
        &self,
        caller: &Caller,
        text: &str,
        before: Option<Uuid>,
        first: usize,
    ) -> Result<Page<Message>> {
        let scope = self.read_scope(caller).await?;
        let Some(text) = search_text("query", Some(text))? else {
            return Err(Error::invalid("query", "must be 1 to 200 characters"));
        };
        let text = text.as_str();
        let mut conn = self.db.acquire().await?;
        let rows = storage::messages::search(
            conn.conn(),
            &scope,
            text,
            sees_notes(caller),
            before,
            first as i64 + 1,
        )
        .await?;
        Ok(Page::from_rows(rows, first))
    }

    /// Appends the change's events with the next sequence numbers, stores the conversation,
    /// commits, and only then publishes.
    async fn commit(&self, tx: Tx, change: Change, actor: EventActor) -> Result<Conversation> {
        self.commit_with(tx, change, actor, None).await
    }

    /// [`Self::commit`] for a change that refers to a staged file: the file is kept from the
    /// moment the commit is sent, so a stored message never lacks its file.
    async fn commit_with(
        &self,
        mut tx: Tx,
        change: Change,
        actor: EventActor,
        staged: Option<&mut Staged>,
    ) -> Result<Conversation> {
        let now = self.now();
        let mut conversation = change.conversation;
        let mut events = Vec::with_capacity(change.events.len());
        let mut messages = Vec::with_capacity(change.events.len());
        for (kind, message, details) in change.events {
            conversation.last_seq += 1;
            events.push(ConversationEvent {
                conversation_id: conversation.id,
                seq: conversation.last_seq,
                kind,
                message_id: message.as_ref().map(|m| m.id),
                actor,
                details,
                at: now,
            });
            messages.push(message);
        }
        conversation.updated_at = now;
        storage::conversations::save_change(tx.conn(), &conversation, &events).await?;
        if let Some(staged) = staged {
            staged.keep();
        }
        tx.commit().await?;
        for (event, message) in events.into_iter().zip(messages) {
            self.bus.publish(Published {
                event,
                conversation: conversation.clone(),
                message,
            });
        }
        Ok(conversation)
    }

    /// Locks a conversation the caller may read, for a change.
    async fn lock_visible(&self, tx: &mut Tx, scope: &ReadScope, id: Uuid) -> Result<Conversation> {
        let conversation = storage::conversations::find_for_update(tx.conn(), id).await?;
        visible(conversation, scope)
    }
}

/// Conversations a caller may not read do not exist, as far as they can tell.
fn visible(conversation: Option<Conversation>, scope: &ReadScope) -> Result<Conversation> {
    conversation
        .filter(|c| scope.allows(c.team_id, c.assignee_id))
        .ok_or(Error::NotFound("conversation"))
}

/// Private notes are for staff; integrators' API keys never see them.
pub fn sees_notes(caller: &Caller) -> bool {
    matches!(
        caller.identity,
        Identity::Authenticated(Principal::User { .. })
    )
}

fn actor(caller: &Caller) -> EventActor {
    match &caller.identity {
        Identity::Authenticated(Principal::User { id, .. }) => EventActor::User(*id),
        Identity::Authenticated(Principal::ApiKey { id, .. }) => EventActor::ApiKey(*id),
        Identity::Authenticated(Principal::Visitor { contact_id, .. }) => {
            EventActor::Contact(*contact_id)
        }
        Identity::Anonymous | Identity::Invalid(_) | Identity::Unchecked => EventActor::System,
    }
}

/// Longest search text: enough for a sentence or an address, and a bound on the work a search
/// asks of the database (50,000 characters made SQLite's full-text query fail).
pub const MAX_SEARCH_CHARS: usize = 200;

/// A search box's text trimmed; `None` when empty; refused, naming `field`, past
/// [`MAX_SEARCH_CHARS`].
pub fn search_text(field: &str, text: Option<&str>) -> Result<Option<String>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_SEARCH_CHARS {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_SEARCH_CHARS} characters"),
        ));
    }
    Ok(Some(text.to_owned()))
}
