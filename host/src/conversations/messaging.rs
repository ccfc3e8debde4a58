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
use crate::inboxes::InboxKind;
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

    /// One attempt at storing a checked reply or note, with `attachment`'s file when given.
    pub(super) async fn send_once(
        &self,
        caller: &Caller,
        scope: &super::ReadScope,
        conversation_id: Uuid,
        outgoing: &OutgoingMessage<'_>,
        attachment: Option<&mut Staged>,
    ) -> Result<Message> {
        let OutgoingMessage {
            content,
            client_message_id: client_id,
            private,
            attributes,
        } = *outgoing;
        let template = attributes.is_some_and(|a| a.template.is_some());
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let conversation = self.lock_visible(&mut tx, scope, conversation_id).await?;
        if let Some(client_id) = client_id
            && let Some(existing) =
                storage::messages::find_by_client_id(tx.conn(), conversation_id, client_id).await?
        {
            return Ok(existing);
        }
        if !private && conversation.status == ConversationStatus::Resolved {
            return Err(Error::refused(
                Reason::ConversationResolved,
                "conversationId",
                "the conversation is resolved; reopen it to reply",
            ));
        }
        let inbox = storage::inboxes::find_by_id(tx.conn(), conversation.inbox_id)
            .await?
            .ok_or(Error::NotFound("inbox"))?;
        // A reply in a channel plugin's inbox goes out through the outbox, if the channel's
        // reply window is still open.
        // Only a template may go out once the window closed, and only where the channel has them.
        let channel = inbox.plugin_id.as_deref().filter(|_| !private);
        match channel {
            Some(plugin_id) if template => {
                let plugin = self.plugins.get(plugin_id);
                let info = plugin.as_deref().and_then(|p| p.channel_info());
                if info.is_some_and(|i| !i.supports_templates) {
                    return Err(Error::refused(
                        Reason::TemplatesUnsupported,
                        "template",
                        "this inbox's channel does not support templates",
                    ));
                }
            }
            Some(plugin_id) => {
                let plugin = self.plugins.get(plugin_id);
                outbox::check_reply_window(tx.conn(), plugin.as_deref(), conversation_id, now)
                    .await?;
            }
            None if template => {
                return Err(Error::invalid(
                    "template",
                    "only inboxes served by a channel plugin send templates",
                ));
            }
            None => {}
        }
        let user_id = caller.principal()?.user_id();
        let mut change = Change::new(conversation);
        if !private {
            if let Some(me) = user_id
                && change.conversation.assignee_id.is_none()
            {
                take(&mut change, me, now);
            }
            change.conversation.first_response_at.get_or_insert(now);
            change.conversation.waiting_since = None;
        }
        let webhook = !private && inbox.kind == InboxKind::Api && inbox.webhook_url.is_some();
        // The host's own web chat widget (a web inbox without a channel plugin) receives
        // replies through its visitor subscription: sent now, delivered once pushed to it.
        let widget = inbox.kind == InboxKind::Web && inbox.plugin_id.is_none();
        let delivery_state = if private || (inbox.kind == InboxKind::Api && !webhook) || widget {
            // Notes go nowhere; without a webhook, an API inbox's integrator reads replies
            // through its subscription. Channels and webhooks report the real state later.
            DeliveryState::Sent
        } else {
            DeliveryState::Pending
        };
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
            kind: match (private, &attachment) {
                (true, _) => MessageKind::Note,
                (false, Some(_)) => MessageKind::Attachment,
                (false, None) => MessageKind::Text,
            },
            content: content.to_owned(),
            delivery_state,
            delivery_error: None,
            delivery_failure: None,
            external_id: None,
            client_message_id: client_id.map(str::to_owned),
            content_attributes: attributes
                .filter(|a| !a.is_empty())
                .cloned()
                .map(sqlx::types::Json),
            created_at: now,
            updated_at: now,
        };
        storage::messages::insert(tx.conn(), &message).await?;
        if webhook {
            api_webhook::enqueue_message(tx.conn(), &inbox, &change.conversation, &message, now)
                .await?;
        }
        if channel.is_some() {
            outbox::enqueue(tx.conn(), &inbox, &message, now).await?;
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
        if channel.is_some() {
            self.outbox_ready.notify_one();
        }
        Ok(message)
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
