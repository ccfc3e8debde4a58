//! Staff and bots writing: replies, private notes, read marks, typing, and delivery reports.

use uuid::Uuid;

use super::content::ContentAttributes;
use super::incoming::{validate_content, validate_key};
use super::workflow::take;
use super::{
    Change, ConversationEvent, ConversationService, ConversationStatus, DeliveryFailure,
    DeliveryState, Direction, EventActor, EventDetails, EventKind, Message, MessageKind,
    SenderKind, actor,
};
use crate::attachments::Staged;
use crate::auth::{Caller, Permission};
use crate::channels::signals::Signal;
use crate::channels::{api_webhook, outbox};
use crate::error::{Error, Reason, Result};
use crate::inboxes::{Inbox, InboxKind};
use crate::realtime::Published;
use crate::storage;

/// A reply or a private note to store.
#[derive(Debug, Clone)]
pub struct OutgoingMessage<'a> {
    pub content: &'a str,
    /// The client's id for this send: repeating it returns the first message instead of a copy.
    pub client_message_id: Option<&'a str>,
    pub private: bool,
    /// Structured parts to store with it (a template, a prompt).
    pub attributes: Option<&'a ContentAttributes>,
}

impl ConversationService {
    /// Stores a reply (or a private note) and acknowledges it once committed. An agent replying
    /// to an unassigned conversation takes it.
    pub async fn send_message(
        &self,
        caller: &Caller,
        conversation_id: Uuid,
        outgoing: OutgoingMessage<'_>,
    ) -> Result<Message> {
        let content = validate_content("content", outgoing.content)?;
        if outgoing.private && outgoing.attributes.is_some_and(|a| a.choices.is_some()) {
            return Err(Error::invalid(
                "choices",
                "a private note offers no choices",
            ));
        }
        let client_id = outgoing
            .client_message_id
            .map(|id| validate_key("clientMessageId", id))
            .transpose()?;
        let scope = self.write_scope(caller).await?;
        let checked = OutgoingMessage {
            content: &content,
            client_message_id: client_id.as_deref(),
            ..outgoing
        };
        retry_on_conflict!(
            self.send_once(caller, &scope, conversation_id, &checked, None)
                .await
        )
    }

    /// One attempt at storing a checked reply or note, with `attachment`'s file when given:
    /// lock the conversation, return the first copy of a repeated send, check that it may be
    /// sent where it goes, then store it with its delivery and commit.
    pub(super) async fn send_once(
        &self,
        caller: &Caller,
        scope: &super::ReadScope,
        conversation_id: Uuid,
        outgoing: &OutgoingMessage<'_>,
        attachment: Option<&mut Staged>,
    ) -> Result<Message> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let conversation = self.lock_visible(&mut tx, scope, conversation_id).await?;
        if let Some(client_id) = outgoing.client_message_id
            && let Some(existing) =
                storage::messages::find_by_client_id(tx.conn(), conversation_id, client_id).await?
        {
            return Ok(existing);
        }
        may_reply(&conversation, outgoing.private)?;
        let inbox = storage::inboxes::find_by_id(tx.conn(), conversation.inbox_id)
            .await?
            .ok_or(Error::NotFound("inbox"))?;
        let route = Route::of(&inbox, outgoing.private);
        self.check_route(&mut tx, route, outgoing, conversation_id, now)
            .await?;

        let user_id = caller.principal()?.user_id();
        let mut change = Change::new(conversation);
        if !outgoing.private {
            answered(&mut change, user_id, now);
        }
        let message = Message {
            id: Uuid::now_v7(),
            conversation_id,
            inbox_id: inbox.id,
            direction: Direction::Outgoing,
            sender_kind: if user_id.is_some() {
                SenderKind::Agent
            } else {
                SenderKind::Bot
            },
            sender_id: user_id.or(actor(caller).id()),
            // A private file is a note too: whatever hides notes hides it.
            kind: match (outgoing.private, &attachment) {
                (true, _) => MessageKind::Note,
                (false, Some(_)) => MessageKind::Attachment,
                (false, None) => MessageKind::Text,
            },
            content: outgoing.content.to_owned(),
            delivery_state: route.initial_state(),
            delivery_error: None,
            delivery_failure: None,
            external_id: None,
            client_message_id: outgoing.client_message_id.map(str::to_owned),
            content_attributes: outgoing
                .attributes
                .filter(|a| !a.is_empty())
                .cloned()
                .map(sqlx::types::Json),
            created_at: now,
            updated_at: now,
        };
        storage::messages::insert(tx.conn(), &message).await?;
        match route {
            Route::Webhook => {
                api_webhook::enqueue_message(
                    tx.conn(),
                    &inbox,
                    &change.conversation,
                    &message,
                    now,
                )
                .await?;
            }
            Route::Channel(_) => outbox::enqueue(tx.conn(), &inbox, &message, now).await?,
            Route::Nowhere | Route::Subscribers | Route::Unserved => {}
        }
        if let Some(staged) = &attachment {
            let record = staged.record(conversation_id, message.id, now);
            storage::attachments::insert(tx.conn(), &record).await?;
        }
        change.conversation.last_activity_at = now;
        change.event(
            EventKind::MessageCreated,
            Some(message.clone()),
            EventDetails::default(),
        );
        self.commit_with(tx, change, actor(caller), attachment)
            .await?;
        if matches!(route, Route::Channel(_)) {
            self.outbox_ready.notify_one();
        }
        Ok(message)
    }

    /// Whether the channel takes this message now: a template only where the channel has
    /// them, anything else only while its reply window is open.
    async fn check_route(
        &self,
        tx: &mut storage::Tx,
        route: Route<'_>,
        outgoing: &OutgoingMessage<'_>,
        conversation_id: Uuid,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        let template = outgoing.attributes.is_some_and(|a| a.template.is_some());
        match route {
            Route::Channel(plugin_id) if template => {
                let plugin = self.plugins.get(plugin_id);
                let info = plugin.as_deref().and_then(|p| p.channel_info());
                if info.is_some_and(|i| !i.supports_templates) {
                    return Err(Error::refused(
                        Reason::TemplatesUnsupported,
                        "template",
                        "this inbox's channel does not support templates",
                    ));
                }
                Ok(())
            }
            Route::Channel(plugin_id) => {
                let plugin = self.plugins.get(plugin_id);
                outbox::check_reply_window(tx.conn(), plugin.as_deref(), conversation_id, now).await
            }
            _ if template => Err(Error::invalid(
                "template",
                "only inboxes served by a channel plugin send templates",
            )),
            _ => Ok(()),
        }
    }

    /// The caller has read everything so far: the unread count goes back to zero, and a channel
    /// that takes read signals marks the customer's latest message read (blue ticks), once.
    pub async fn mark_read(&self, caller: &Caller, id: Uuid) -> Result<super::Conversation> {
        let scope = self.write_scope(caller).await?;
        let mut tx = self.db.begin().await?;
        let conversation = self.lock_visible(&mut tx, &scope, id).await?;
        // Even with nothing unread here: the channel may not have had it yet (the worker skips
        // a message it already marked).
        if conversation.unread_count == 0 {
            drop(tx);
            self.signals.request(id, Signal::MarkRead);
            return Ok(conversation);
        }
        let mut change = Change::new(conversation);
        change.conversation.unread_count = 0;
        change.conversation.agent_last_seen_at = Some(self.now());
        change.event(EventKind::Read, None, EventDetails::default());
        let conversation = self.commit(tx, change, actor(caller)).await?;
        self.signals.request(id, Signal::MarkRead);
        Ok(conversation)
    }

    /// Tells the conversation's subscribers (the caller's own other tabs too) that the caller is
    /// typing, or stopped. Not stored: it carries the last stored `seq`.
    pub async fn typing(&self, caller: &Caller, id: Uuid, typing: bool) -> Result<()> {
        let conversation = self.get(caller, id).await?;
        let event = ConversationEvent {
            conversation_id: id,
            seq: conversation.last_seq,
            kind: EventKind::Typing,
            message_id: None,
            actor: actor(caller),
            details: EventDetails {
                typing: Some(typing),
                ..Default::default()
            },
            at: self.now(),
        };
        self.bus.publish(Published {
            event,
            conversation,
            message: None,
        });
        if typing {
            self.signals.request(id, Signal::Typing);
        }
        Ok(())
    }

    /// An integrator reports what happened to a reply sent through its API inbox. States only
    /// move forward (sent → delivered → read); a late report of an earlier state is ignored.
    pub async fn update_delivery(
        &self,
        caller: &Caller,
        message_id: Uuid,
        state: DeliveryState,
        error: Option<&str>,
    ) -> Result<Message> {
        caller.require(Permission::MessagesWrite)?;
        let error = match (state, error.map(str::trim).filter(|e| !e.is_empty())) {
            (DeliveryState::Failed, None) => {
                return Err(Error::invalid("error", "say why the delivery failed"));
            }
            (DeliveryState::Failed, Some(e)) if e.chars().count() > 500 => {
                return Err(Error::invalid(
                    "error",
                    "must be at most 500 characters long",
                ));
            }
            (DeliveryState::Failed, Some(e)) => Some(e.to_owned()),
            (_, Some(_)) => return Err(Error::invalid("error", "is only for FAILED")),
            (_, None) => None,
        };
        {
            // Integrators report for their own API inboxes; channel plugins report for theirs.
            let mut conn = self.db.acquire().await?;
            let message = storage::messages::find_by_id(conn.conn(), message_id)
                .await?
                .ok_or(Error::NotFound("message"))?;
            let inbox = storage::inboxes::find_by_id(conn.conn(), message.inbox_id)
                .await?
                .ok_or(Error::NotFound("inbox"))?;
            if inbox.kind != InboxKind::Api {
                return Err(Error::invalid(
                    "messageId",
                    "delivery of this message is reported by its channel, not through the API",
                ));
            }
        }
        let failure = error
            .as_deref()
            .map(|detail| (DeliveryFailure::Reported, detail));
        self.record_delivery(message_id, state, failure, actor(caller))
            .await
    }

    /// Applies a delivery report from a channel or an integrator and tells subscribers. A
    /// failure comes with why, typed for clients and in the reporter's own words.
    pub async fn record_delivery(
        &self,
        message_id: Uuid,
        state: DeliveryState,
        failure: Option<(DeliveryFailure, &str)>,
        actor: EventActor,
    ) -> Result<Message> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let mut message = storage::messages::find_by_id(tx.conn(), message_id)
            .await?
            .ok_or(Error::NotFound("message"))?;
        if message.direction != Direction::Outgoing || message.kind == MessageKind::Note {
            return Err(Error::invalid(
                "messageId",
                "only replies sent to the customer have a delivery state",
            ));
        }
        if !moves_forward(message.delivery_state, state) {
            return Ok(message);
        }
        let conversation =
            storage::conversations::find_for_update(tx.conn(), message.conversation_id)
                .await?
                .ok_or(Error::NotFound("conversation"))?;
        storage::messages::update_delivery(tx.conn(), message.id, state, failure, now).await?;
        message.delivery_state = state;
        message.delivery_error = failure.map(|(_, detail)| detail.to_owned());
        message.delivery_failure = failure.map(|(kind, _)| kind);
        message.updated_at = now;
        let mut change = Change::new(conversation);
        let details = EventDetails {
            delivery_state: Some(state),
            ..Default::default()
        };
        change.event(EventKind::DeliveryUpdated, Some(message.clone()), details);
        self.commit(tx, change, actor).await?;
        Ok(message)
    }
}

fn moves_forward(from: DeliveryState, to: DeliveryState) -> bool {
    use DeliveryState::*;
    let rank = |state| match state {
        Pending => 0,
        Sent => 1,
        Delivered => 2,
        Read => 3,
        Failed => 4,
    };
    match (from, to) {
        (Failed, _) | (Read, Failed) | (Delivered, Failed) => false,
        _ => rank(to) > rank(from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeliveryState::*;

    #[test]
    fn delivery_states_only_move_forward() {
        assert!(moves_forward(Pending, Sent));
        assert!(moves_forward(Sent, Read));
        assert!(moves_forward(Sent, Failed));
        assert!(!moves_forward(Read, Delivered));
        assert!(!moves_forward(Delivered, Delivered));
        assert!(!moves_forward(Read, Failed));
        assert!(!moves_forward(Failed, Sent));
    }
}

/// A resolved conversation takes private notes only: a reply needs it reopened.
fn may_reply(conversation: &super::Conversation, private: bool) -> Result<()> {
    if !private && conversation.status == ConversationStatus::Resolved {
        return Err(Error::refused(
            Reason::ConversationResolved,
            "conversationId",
            "the conversation is resolved; reopen it to reply",
        ));
    }
    Ok(())
}

/// A public reply answers the customer: an agent replying to an unassigned conversation takes
/// it, the first response is now, and nobody is waiting any more.
fn answered(change: &mut Change, user_id: Option<Uuid>, now: chrono::DateTime<chrono::Utc>) {
    if let Some(me) = user_id
        && change.conversation.assignee_id.is_none()
    {
        take(change, me, now);
    }
    change.conversation.first_response_at.get_or_insert(now);
    change.conversation.waiting_since = None;
}

/// Where a stored reply goes, decided from its inbox alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Route<'a> {
    /// A private note: to nobody outside.
    Nowhere,
    /// Out through this channel plugin's outbox (WhatsApp, the webchat plugin).
    Channel(&'a str),
    /// To the API inbox's signed webhook.
    Webhook,
    /// Read by subscribers: the host's own web widget, or an API inbox's integrator without a
    /// webhook.
    Subscribers,
    /// A channel inbox whose plugin was removed: nothing can send it.
    Unserved,
}

impl<'a> Route<'a> {
    pub(super) fn of(inbox: &'a Inbox, private: bool) -> Route<'a> {
        if private {
            return Route::Nowhere;
        }
        match (inbox.plugin_id.as_deref(), inbox.kind) {
            (Some(plugin), _) => Route::Channel(plugin),
            (None, InboxKind::Api) if inbox.webhook_url.is_some() => Route::Webhook,
            (None, InboxKind::Api | InboxKind::Web) => Route::Subscribers,
            (None, InboxKind::Whatsapp) => Route::Unserved,
        }
    }

    /// Sent once stored when nothing further reports on it; otherwise pending until the
    /// channel or the webhook reports the real state.
    pub(super) fn initial_state(self) -> DeliveryState {
        match self {
            Route::Nowhere | Route::Subscribers => DeliveryState::Sent,
            Route::Channel(_) | Route::Webhook | Route::Unserved => DeliveryState::Pending,
        }
    }
}

#[cfg(test)]
mod route_tests {
    use chrono::Utc;

    use super::*;

    fn inbox(kind: InboxKind, plugin: Option<&str>, webhook: Option<&str>) -> Inbox {
        Inbox {
            id: Uuid::nil(),
            name: "Suporte".into(),
            kind,
            team_id: None,
            plugin_id: plugin.map(str::to_owned),
            webhook_url: webhook.map(str::to_owned),
            webhook_secret: None,
            bot_plugin_id: None,
            router_plugin_id: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn each_inbox_routes_a_reply_and_says_its_first_state() {
        let cases = [
            (
                inbox(InboxKind::Whatsapp, Some("whatsapp"), None),
                Route::Channel("whatsapp"),
                DeliveryState::Pending,
            ),
            (
                inbox(InboxKind::Web, Some("webchat"), None),
                Route::Channel("webchat"),
                DeliveryState::Pending,
            ),
            (
                inbox(InboxKind::Web, None, None),
                Route::Subscribers,
                DeliveryState::Sent,
            ),
            (
                inbox(InboxKind::Api, None, Some("https://erp.example/hook")),
                Route::Webhook,
                DeliveryState::Pending,
            ),
            (
                inbox(InboxKind::Api, None, None),
                Route::Subscribers,
                DeliveryState::Sent,
            ),
            (
                inbox(InboxKind::Whatsapp, None, None),
                Route::Unserved,
                DeliveryState::Pending,
            ),
        ];
        for (inbox, route, state) in &cases {
            let got = Route::of(inbox, false);
            assert_eq!(got, *route, "{:?} {:?}", inbox.kind, inbox.plugin_id);
            assert_eq!(got.initial_state(), *state, "{route:?}");
            let note = Route::of(inbox, true);
            assert_eq!(note, Route::Nowhere, "a note never leaves: {route:?}");
            assert_eq!(note.initial_state(), DeliveryState::Sent);
        }
    }

    #[test]
    fn a_resolved_conversation_takes_notes_but_not_replies() {
        let mut conversation = super::super::Conversation::example(Utc::now());
        conversation.status = ConversationStatus::Resolved;
        assert!(may_reply(&conversation, true).is_ok());
        let refused = may_reply(&conversation, false).unwrap_err();
        assert_eq!(refused.reason(), Some(Reason::ConversationResolved));
        conversation.status = ConversationStatus::Pending;
        assert!(may_reply(&conversation, false).is_ok());
    }

    #[test]
    fn a_reply_claims_an_unassigned_conversation_and_ends_the_wait() {
        let now = Utc::now();
        let me = Uuid::now_v7();
        let mut waiting = super::super::Conversation::example(now - chrono::Duration::minutes(5));
        waiting.waiting_since = Some(now - chrono::Duration::minutes(5));
        let mut change = Change::new(waiting);
        answered(&mut change, Some(me), now);
        assert_eq!(change.conversation.assignee_id, Some(me));
        assert_eq!(change.conversation.first_response_at, Some(now));
        assert_eq!(change.conversation.waiting_since, None);

        let someone = Uuid::now_v7();
        let mut theirs = super::super::Conversation::example(now);
        theirs.assignee_id = Some(someone);
        theirs.first_response_at = Some(now - chrono::Duration::hours(1));
        let mut change = Change::new(theirs);
        answered(&mut change, Some(me), now);
        assert_eq!(
            change.conversation.assignee_id,
            Some(someone),
            "a reply never steals"
        );
        assert_eq!(
            change.conversation.first_response_at,
            Some(now - chrono::Duration::hours(1)),
            "the first response stays the first"
        );
    }
}
