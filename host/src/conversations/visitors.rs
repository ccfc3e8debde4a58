//! A web chat visitor's view of the engine: only their own conversations in their widget's
//! inbox, never private notes or transfer notes. Their messages arrive through
//! [`ConversationService::receive`] like any channel's; the checks of the `visitor` role happen
//! in `crate::widget`, which hands over a [`VisitorScope`].

use chrono::{DateTime, Utc};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use super::content::{Choice, ContentAttributes};
use super::{
    Change, Conversation, ConversationEvent, ConversationFilter, ConversationService,
    DeliveryState, Direction, EventActor, EventDetails, EventKind, EventView, IncomingMessage,
    Message, MessageKind, ReadScope, SenderKind,
};
use crate::attachments::NewFile;
use crate::contacts::ContactInput;
use crate::error::{Error, Result};
use crate::inboxes::Inbox;
use crate::realtime::Published;
use crate::storage::{self, Page};

/// The one contact, in the one inbox, a visitor token speaks for.
#[derive(Debug, Clone, Copy)]
pub struct VisitorScope {
    pub contact_id: Uuid,
    pub inbox_id: Uuid,
}

impl VisitorScope {
    fn owns(&self, conversation: &Conversation) -> bool {
        conversation.contact_id == self.contact_id && conversation.inbox_id == self.inbox_id
    }
}

/// A widget message's external id: the visitor's client id, under their contact (two visitors'
/// widgets may pick the same client id).
fn widget_external_id(contact_id: Uuid, client_id: &str) -> String {
    format!("web:{contact_id}:{client_id}")
}

/// The client id a visitor's widget gave `message` when it sent it; `None` for any other message.
pub fn widget_client_id(message: &Message) -> Option<&str> {
    let contact_id = message
        .sender_id
        .filter(|_| message.sender_kind == SenderKind::Contact)?;
    message
        .external_id
        .as_deref()?
        .strip_prefix(&widget_external_id(contact_id, ""))
}

/// The widget's id for a send, checked like any idempotency key.
pub fn check_client_message_id(client_message_id: &str) -> Result<String> {
    super::incoming::validate_key("clientMessageId", client_message_id)
}

/// A visitor's satisfaction rating of a resolved conversation.
#[derive(Debug, Clone)]
pub struct Rating {
    pub score: i32,
    pub comment: Option<String>,
    pub rated_at: DateTime<Utc>,
}

impl ConversationService {
    /// The visitor's conversation, or NOT_FOUND for anyone else's.
    pub async fn visitor_conversation(
        &self,
        scope: VisitorScope,
        id: Uuid,
    ) -> Result<Conversation> {
        let mut conn = self.db.acquire().await?;
        storage::conversations::find_by_id(conn.conn(), id)
            .await?
            .filter(|c| scope.owns(c))
            .ok_or(Error::NotFound("conversation"))
    }

    /// Newest activity first.
    pub async fn visitor_conversations(
        &self,
        scope: VisitorScope,
        first: usize,
    ) -> Result<Vec<Conversation>> {
        let filter = ConversationFilter {
            contact_id: Some(scope.contact_id),
            inbox_id: Some(scope.inbox_id),
            ..Default::default()
        };
        let mut conn = self.db.acquire().await?;
        storage::conversations::list(conn.conn(), &ReadScope::All, &filter, None, first as i64)
            .await
    }

    /// Newest first, without private notes; `before` is the oldest message id already shown.
    pub async fn visitor_messages(
        &self,
        scope: VisitorScope,
        conversation_id: Uuid,
        before: Option<Uuid>,
        last: usize,
    ) -> Result<Page<Message>> {
        self.visitor_conversation(scope, conversation_id).await?;
        let mut conn = self.db.acquire().await?;
        let rows =
            storage::messages::list(conn.conn(), conversation_id, before, false, last as i64 + 1)
                .await?;
        Ok(Page::from_rows(rows, last))
    }

    /// Stores the visitor's message like any channel's (a new conversation when none is
    /// active). `client_message_id` becomes the external id, so a retried send is stored once.
    pub async fn visitor_send(
        &self,
        scope: VisitorScope,
        inbox: &Inbox,
        identifier: &str,
        content: &str,
        choice_id: Option<&str>,
        client_message_id: &str,
    ) -> Result<Message> {
        let client_id = check_client_message_id(client_message_id)?;
        // A clicked option is stored as the answer to a prompt, as channels report it.
        let content_attributes = choice_id.map(|id| ContentAttributes {
            choice_selected: Some(Choice {
                id: id.to_owned(),
                title: content.trim().to_owned(),
                description: None,
            }),
            ..Default::default()
        });
        self.receive(
            inbox,
            IncomingMessage {
                inbox_id: scope.inbox_id,
                identifier: Some(identifier.to_owned()),
                contact: ContactInput::default(),
                content: content.to_owned(),
                external_id: Some(widget_external_id(scope.contact_id, &client_id)),
                content_attributes,
            },
        )
        .await
    }

    /// [`Self::visitor_send`] with a file; `caption` may be empty.
    pub async fn visitor_send_attachment<R: tokio::io::AsyncRead + Unpin + Send>(
        &self,
        scope: VisitorScope,
        inbox: &Inbox,
        identifier: &str,
        file: NewFile<R>,
        caption: &str,
        client_message_id: &str,
    ) -> Result<Message> {
        let client_id = check_client_message_id(client_message_id)?;
        self.receive_attachment(
            inbox,
            IncomingMessage {
                inbox_id: scope.inbox_id,
                identifier: Some(identifier.to_owned()),
                contact: ContactInput::default(),
                content: caption.to_owned(),
                external_id: Some(widget_external_id(scope.contact_id, &client_id)),
                content_attributes: None,
            },
            file,
        )
        .await
    }

    /// The visitor is typing (or stopped): agents following the conversation see it.
    pub async fn visitor_typing(&self, scope: VisitorScope, id: Uuid, typing: bool) -> Result<()> {
        let conversation = self.visitor_conversation(scope, id).await?;
        let event = ConversationEvent {
            conversation_id: id,
            seq: conversation.last_seq,
            kind: EventKind::Typing,
            message_id: None,
            actor: EventActor::Contact(scope.contact_id),
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
        Ok(())
    }

    /// The visitor has seen every reply so far: each becomes `read` (agents see the receipts).
    /// Returns how many changed.
    pub async fn visitor_mark_read(&self, scope: VisitorScope, id: Uuid) -> Result<usize> {
        self.visitor_conversation(scope, id).await?;
        let unread = {
            let mut conn = self.db.acquire().await?;
            storage::widgets::unread_replies(conn.conn(), id).await?
        };
        for message in &unread {
            self.record_delivery(
                *message,
                DeliveryState::Read,
                None,
                EventActor::Contact(scope.contact_id),
            )
            .await?;
        }
        Ok(unread.len())
    }

    /// Posts the inbox's "we are closed" text into the conversation, once per conversation.
    pub async fn post_offline_notice(
        &self,
        conversation_id: Uuid,
        content: &str,
    ) -> Result<Option<Message>> {
        if content.trim().is_empty() {
            return Ok(None);
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        if !storage::widgets::claim_offline_notice(tx.conn(), conversation_id, now).await? {
            return Ok(None);
        }
        let conversation = storage::conversations::find_for_update(tx.conn(), conversation_id)
            .await?
            .ok_or(Error::NotFound("conversation"))?;
        let message = Message {
            id: Uuid::now_v7(),
            conversation_id,
            inbox_id: conversation.inbox_id,
            direction: Direction::Outgoing,
            sender_kind: SenderKind::System,
            sender_id: None,
            kind: MessageKind::Text,
            content: content.to_owned(),
            delivery_state: DeliveryState::Sent,
            delivery_error: None,
            delivery_failure: None,
            external_id: None,
            client_message_id: None,
            content_attributes: None,
            created_at: now,
            updated_at: now,
        };
        storage::messages::insert(tx.conn(), &message).await?;
        let mut change = Change::new(conversation);
        change.event(
            EventKind::MessageCreated,
            Some(message.clone()),
            EventDetails::default(),
        );
        self.commit(tx, change, EventActor::System).await?;
        Ok(Some(message))
    }

    /// Live events of the visitor's conversations (one, or all in the inbox): messages without
    /// notes, typing of others, read and delivery updates, status changes. A sent reply pushed
    /// to a connected widget is marked `delivered`. Not replayed: after reconnecting the widget
    /// reloads the latest messages.
    pub fn visitor_events(
        self: &std::sync::Arc<Self>,
        scope: VisitorScope,
        conversation_id: Option<Uuid>,
    ) -> impl Stream<Item = EventView> + Send + 'static {
        let live = match conversation_id {
            Some(id) => self.bus.subscribe_conversation(id),
            None => self.bus.subscribe(),
        };
        let service = self.clone();
        futures_util::stream::unfold((live, service), move |(mut live, service)| async move {
            loop {
                let published = match live.recv().await {
                    Ok(published) => published,
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "a widget visitor's subscription fell behind");
                        continue;
                    }
                    Err(RecvError::Closed) => return None,
                };
                let Some(view) = visitor_view(scope, conversation_id, &published) else {
                    continue;
                };
                // Delivered once it is on its way to the widget: `SENT` when stored in the host's
                // own web chat, once the channel plugin took it (`PENDING` → `SENT`) otherwise, so
                // a reply the plugin refuses still ends `FAILED`.
                if matches!(
                    view.event.kind,
                    EventKind::MessageCreated | EventKind::DeliveryUpdated
                ) && let Some(message) = view
                    .message
                    .as_ref()
                    .filter(|m| m.direction == Direction::Outgoing)
                    && message.delivery_state == DeliveryState::Sent
                    // Boxed: inline, a commit's futures would be part of every idle widget's state.
                    && let Err(err) = Box::pin(service.record_delivery(
                        message.id,
                        DeliveryState::Delivered,
                        None,
                        EventActor::Contact(scope.contact_id),
                    ))
                    .await
                {
                    tracing::warn!(%err, "cannot mark a reply delivered to the widget");
                }
                return Some((view, (live, service)));
            }
        })
    }
}

/// What of a published event a visitor sees, if anything.
fn visitor_view(
    scope: VisitorScope,
    only: Option<Uuid>,
    published: &Published,
) -> Option<EventView> {
    let conversation = &published.conversation;
    if !scope.owns(conversation) || only.is_some_and(|id| id != conversation.id) {
        return None;
    }
    let event = &published.event;
    let shown = match event.kind {
        EventKind::Created
        | EventKind::MessageCreated
        | EventKind::StatusChanged
        | EventKind::Read
        | EventKind::DeliveryUpdated => true,
        // Their own typing is not news to them.
        EventKind::Typing => event.actor != EventActor::Contact(scope.contact_id),
        EventKind::Assigned
        | EventKind::Transferred
        | EventKind::PriorityChanged
        | EventKind::LabelsChanged => false,
    };
    if !shown || published.message.as_ref().is_some_and(Message::is_private) {
        return None;
    }
    let mut event = event.clone();
    event.details.note = None;
    Some(EventView {
        event,
        message: published.message.clone(),
        conversation: Some(conversation.clone()),
    })
}
