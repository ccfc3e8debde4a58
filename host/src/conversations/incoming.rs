//! A customer's message arriving: find or create the contact and their open conversation, store
//! the message once (retries of the same external id are recognised), and wake the conversation
//! up if it was waiting.

use uuid::Uuid;

use super::content::ContentAttributes;
use super::{
    Change, Conversation, ConversationService, ConversationStatus, DeliveryState, Direction,
    EventActor, EventDetails, EventKind, Message, MessageKind, Priority, SenderKind, protocol,
};
use crate::attachments::Staged;
use crate::auth::{Caller, Permission};
use crate::contacts::{ContactInput, fields};
use crate::error::{Error, Reason, Result};
use crate::inboxes::{Inbox, InboxKind};
use crate::plugins::Kind;
use crate::routing::RouteDecision;
use crate::storage::{self, Tx};
use crate::users::validate_email;

/// The longest message text accepted (WhatsApp allows 4,096 characters; e-mail-like channels more).
pub const MAX_CONTENT_CHARS: usize = 10_000;

#[derive(Debug, Clone, Default)]
pub struct IncomingMessage {
    pub inbox_id: Uuid,
    /// How the channel names the contact; the phone or e-mail when absent.
    pub identifier: Option<String>,
    pub contact: ContactInput,
    pub content: String,
    /// The channel's id of the message: a retried delivery with the same id is stored once.
    pub external_id: Option<String>,
    /// Structured parts (a location, a reaction…) besides the text; `None` when there are none.
    pub content_attributes: Option<ContentAttributes>,
}

impl ConversationService {
    /// An integrator posts a customer's message into an API inbox.
    pub async fn post_incoming(
        &self,
        caller: &Caller,
        incoming: IncomingMessage,
    ) -> Result<Message> {
        caller.require(Permission::MessagesWrite)?;
        let inbox = {
            let mut conn = self.db.acquire().await?;
            storage::inboxes::find_by_id(conn.conn(), incoming.inbox_id)
                .await?
                .ok_or_else(|| Error::invalid("inboxId", "no such inbox"))?
        };
        if inbox.kind != InboxKind::Api {
            return Err(Error::invalid(
                "inboxId",
                "is not an API inbox: its channel plugin posts its messages",
            ));
        }
        self.receive(&inbox, incoming).await
    }

    /// Stores an incoming message for any channel. Safe to retry: the same external id is
    /// stored once, and a race between two first messages of a new contact is retried.
    pub async fn receive(&self, inbox: &Inbox, incoming: IncomingMessage) -> Result<Message> {
        self.receive_with(inbox, incoming, None).await
    }

    /// [`Self::receive`], with a staged file when the message carries one (its text is then an
    /// optional caption).
    pub(super) async fn receive_with(
        &self,
        inbox: &Inbox,
        incoming: IncomingMessage,
        mut attachment: Option<&mut Staged>,
    ) -> Result<Message> {
        // A file, or a location, a reaction… that clients show from the attributes, may come
        // without text.
        let shown_without_text = incoming
            .content_attributes
            .as_ref()
            .is_some_and(|a| !a.is_empty_of_contents());
        let content = match attachment {
            Some(_) => validate_caption("content", &incoming.content)?,
            None if shown_without_text => validate_caption("content", &incoming.content)?,
            None => validate_content("content", &incoming.content)?,
        };
        let external_id = incoming
            .external_id
            .as_deref()
            .map(|id| validate_key("externalId", id))
            .transpose()?;
        let identifier = identifier_of(&incoming)?;
        let (message, routed, queued_job) = retry_on_conflict!(
            self.receive_once(
                inbox,
                &incoming,
                &identifier,
                &content,
                external_id.as_deref(),
                attachment.as_deref_mut(),
            )
            .await
        )?;
        if queued_job {
            // The pipeline routes the new conversation after its classifiers and bot.
            self.jobs_ready.notify_one();
        } else if let Some(conversation) = routed {
            self.route(conversation).await;
        }
        Ok(message)
    }

    /// Returns the message, the conversation when it is new and needs routing, and whether a
    /// plugin job was queued for the message.
    async fn receive_once(
        &self,
        inbox: &Inbox,
        incoming: &IncomingMessage,
        identifier: &str,
        content: &str,
        external_id: Option<&str>,
        attachment: Option<&mut Staged>,
    ) -> Result<(Message, Option<Conversation>, bool)> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        if let Some(external_id) = external_id
            && let Some(existing) =
                storage::messages::find_by_external_id(tx.conn(), inbox.id, external_id).await?
        {
            return Ok((existing, None, false));
        }
        let contact = self
            .contacts
            .find_or_create(tx.conn(), inbox.id, identifier, &incoming.contact)
            .await?;
        let active =
            storage::conversations::lock_active_for_contact(tx.conn(), contact.id, inbox.id)
                .await?;
        let (conversation, created) = match active {
            Some(conversation) => (conversation, false),
            None => (
                self.create_conversation(&mut tx, contact.id, inbox).await?,
                true,
            ),
        };
        let mut change = Change::new(conversation);
        if created {
            let details = EventDetails {
                status: Some(change.conversation.status),
                team_id: change.conversation.team_id,
                ..Default::default()
            };
            change.event(EventKind::Created, None, details);
        }
        if matches!(
            change.conversation.status,
            ConversationStatus::Snoozed | ConversationStatus::Pending
        ) {
            self.wake(&mut change, now);
        }
        let message = Message {
            id: Uuid::now_v7(),
            conversation_id: change.conversation.id,
            inbox_id: inbox.id,
            direction: Direction::Incoming,
            sender_kind: SenderKind::Contact,
            sender_id: Some(contact.id),
            kind: if attachment.is_some() {
                MessageKind::Attachment
            } else {
                MessageKind::Text
            },
            content: content.to_owned(),
            delivery_state: DeliveryState::Delivered,
            delivery_error: None,
            delivery_failure: None,
            external_id: external_id.map(str::to_owned),
            client_message_id: None,
            content_attributes: incoming
                .content_attributes
                .clone()
                .filter(|a| !a.is_empty())
                .map(sqlx::types::Json),
            created_at: now,
            updated_at: now,
        };
        storage::messages::insert(tx.conn(), &message).await?;
        if let Some(staged) = &attachment {
            let record = staged.record(change.conversation.id, message.id, now);
            storage::attachments::insert(tx.conn(), &record).await?;
        }
        change.conversation.unread_count += 1;
        change.conversation.waiting_since.get_or_insert(now);
        change.conversation.last_activity_at = now;
        change.event(
            EventKind::MessageCreated,
            Some(message.clone()),
            EventDetails::default(),
        );
        let route_new = created && change.conversation.status == ConversationStatus::Queued;
        // In the message's transaction: once the message is acknowledged, so is its processing.
        // A conversation still with a bot gets a job even if the inbox lost its bot: the
        // pipeline hands it to the queue instead of leaving it with nobody.
        let queued_job =
            self.needs_pipeline(inbox) || change.conversation.status == ConversationStatus::Bot;
        if queued_job {
            let job = storage::plugin_jobs::JobRecord {
                id: Uuid::now_v7(),
                message_id: message.id,
                conversation_id: change.conversation.id,
                route_new,
                attempts: 0,
                created_at: now,
            };
            storage::plugin_jobs::insert(tx.conn(), &job).await?;
        }
        let conversation = self
            .commit_with(tx, change, EventActor::Contact(contact.id), attachment)
            .await?;
        let routed = route_new.then_some(conversation);
        Ok((message, routed, queued_job))
    }

    async fn create_conversation(
        &self,
        tx: &mut Tx,
        contact_id: Uuid,
        inbox: &Inbox,
    ) -> Result<Conversation> {
        let now = self.now();
        let date = protocol::local_date(now, self.protocol.utc_offset);
        let period = self.protocol.format.period_key(date);
        let number = storage::conversations::next_protocol_number(tx.conn(), &period).await?;
        let status = if self.live_bot(inbox) {
            ConversationStatus::Bot
        } else {
            ConversationStatus::Queued
        };
        let conversation = Conversation {
            id: Uuid::now_v7(),
            protocol: self.protocol.format.render(date, number.unsigned_abs()),
            contact_id,
            inbox_id: inbox.id,
            status,
            priority: Priority::Normal,
            team_id: inbox.team_id,
            assignee_id: None,
            snoozed_until: None,
            queued_at: (status == ConversationStatus::Queued).then_some(now),
            first_response_at: None,
            last_activity_at: now,
            resolved_at: None,
            unread_count: 0,
            agent_last_seen_at: None,
            waiting_since: None,
            last_seq: 0,
            created_at: now,
            updated_at: now,
        };
        storage::conversations::insert(tx.conn(), &conversation).await?;
        Ok(conversation)
    }

    /// Whether the inbox's messages go through the plugin pipeline: it has a live bot or router,
    /// or some classifier is enabled.
    fn needs_pipeline(&self, inbox: &Inbox) -> bool {
        self.live_bot(inbox)
            || inbox
                .router_plugin_id
                .as_deref()
                .and_then(|id| self.plugins.get(id))
                .is_some_and(|p| p.manifest().kind == Kind::Router)
            || !self.plugins.enabled(Kind::Classifier).is_empty()
    }

    /// Whether the inbox's bot plugin is enabled now: only then do new conversations start with
    /// the bot, so a disabled bot never strands them.
    pub(super) fn live_bot(&self, inbox: &Inbox) -> bool {
        inbox
            .bot_plugin_id
            .as_deref()
            .and_then(|id| self.plugins.get(id))
            .is_some_and(|p| p.manifest().kind == Kind::Bot)
    }

    /// Asks the router about a conversation that just entered a queue, and applies its answer.
    /// A router may move it to another team's queue once; that team's routing then gets one turn
    /// (only one, so routers cannot pass a conversation back and forth). A failing change leaves
    /// the conversation queued: nothing is lost.
    pub(crate) async fn route(&self, conversation: Conversation) {
        let mut conversation = conversation;
        for turn in 0..2 {
            match self.router.route(&conversation).await {
                RouteDecision::Assign(agent) => {
                    if let Err(err) = self
                        .assign_as(conversation.id, Some(agent), EventActor::System)
                        .await
                    {
                        tracing::warn!(conversation = %conversation.id, %err, "router's assignment not applied");
                    }
                    return;
                }
                RouteDecision::Enqueue { team_id, priority }
                    if team_id.is_some() || priority.is_some() =>
                {
                    match self
                        .requeue_as_system(conversation.id, team_id, priority)
                        .await
                    {
                        Ok(Some(moved)) if turn == 0 => conversation = moved,
                        Ok(_) => return,
                        Err(err) => {
                            tracing::warn!(conversation = %conversation.id, %err, "router's enqueue not applied");
                            return;
                        }
                    }
                }
                RouteDecision::Enqueue { .. } | RouteDecision::Abstain => return,
            }
        }
    }
}

fn identifier_of(incoming: &IncomingMessage) -> Result<String> {
    if let Some(identifier) = incoming.identifier.as_deref().map(str::trim)
        && !identifier.is_empty()
    {
        return validate_key("contact.identifier", identifier);
    }
    if let Some(phone) = incoming
        .contact
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        return fields::normalize_phone("contact.phone", phone);
    }
    if let Some(email) = incoming
        .contact
        .email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
    {
        return validate_email(email).map_err(|_| {
            Error::refused(
                Reason::InvalidEmail,
                "contact.email",
                "is not a valid e-mail address",
            )
        });
    }
    Err(Error::invalid(
        "contact.identifier",
        "give an identifier, a phone or an e-mail so the contact can be recognised",
    ))
}

/// A text longer than a message may be, in messages that may be: cut at the last whitespace
/// before the limit when there is one in its final tenth, else at the limit (a provider's
/// message is stored whole, in parts, never dropped for its length).
pub fn split_content(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while rest.chars().count() > MAX_CONTENT_CHARS {
        let limit = rest
            .char_indices()
            .nth(MAX_CONTENT_CHARS)
            .map_or(rest.len(), |(at, _)| at);
        let window_start = rest
            .char_indices()
            .nth(MAX_CONTENT_CHARS - MAX_CONTENT_CHARS / 10)
            .map_or(0, |(at, _)| at);
        let cut = rest[window_start..limit]
            .rfind(char::is_whitespace)
            .map_or(limit, |at| window_start + at);
        let (part, tail) = rest.split_at(cut);
        parts.push(part.trim_end().to_owned());
        rest = tail.trim_start();
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(rest.to_owned());
    }
    parts
}

pub(super) fn validate_content(field: &str, content: &str) -> Result<String> {
    if content.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if content.chars().count() > MAX_CONTENT_CHARS {
        return Err(Error::refused(
            Reason::TooLong,
            field,
            format!("must be at most {MAX_CONTENT_CHARS} characters long"),
        )
        .with_bound(MAX_CONTENT_CHARS as u64));
    }
    Ok(content.to_owned())
}

/// The text that goes with a file: optional, as long as a message at most.
pub(super) fn validate_caption(field: &str, caption: &str) -> Result<String> {
    if caption.trim().is_empty() {
        return Ok(String::new());
    }
    validate_content(field, caption)
}

/// Ids chosen by others (external ids, client message ids): 1–200 printable characters.
pub(super) fn validate_key(field: &str, key: &str) -> Result<String> {
    let key = key.trim();
    if key.is_empty() || key.len() > 200 || key.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            "must be 1 to 200 printable characters",
        ));
    }
    Ok(key.to_owned())
}

#[cfg(test)]
mod split_tests {
    use super::*;

    #[test]
    fn a_long_text_is_split_in_parts_that_fit_and_lose_nothing() {
        let word = "palavra ";
        let text = word.repeat(3_000); // 24,000 characters
        let parts = split_content(&text);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.chars().count() <= MAX_CONTENT_CHARS));
        assert!(parts[0].ends_with("palavra"), "cut at a space");
        assert!(
            parts.join(" ") == text,
            "the parts and one space between make the text"
        );
        // No whitespace at all: cut at the limit, on a character boundary.
        let dense = "ç".repeat(MAX_CONTENT_CHARS + 5);
        let parts = split_content(&dense);
        assert_eq!(
            parts.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            [MAX_CONTENT_CHARS, 5]
        );
        assert_eq!(split_content("oi"), ["oi"]);
        assert_eq!(split_content(""), [""]);
    }
}
