//! What the web chat widget's visitors call with their token: sessions, their conversations and
//! messages, sending, typing, read receipts, ratings and the `visitorEvents` subscription.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};

use super::attachments::{AttachmentObject, Upload};
use super::errors::GqlResult;
use super::{caller, page_size, parse_cursor, parse_id, request_info, services};
use crate::conversations::{
    Conversation, ConversationStatus, DeliveryState, Direction, EventActor, EventKind, EventView,
    Message, Rating, SenderKind, VisitorScope,
};
use crate::error::Error;
use crate::widget::SessionInput;

#[derive(InputObject)]
pub struct StartVisitorSessionInput {
    inbox_id: ID,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    /// Digits, with or without `.` and `-`.
    cpf: Option<String>,
    /// `pt-BR` or `en` [default: pt-BR].
    locale: Option<String>,
    /// Identity verification: the subscriber's id on the ISP's site…
    identifier: Option<String>,
    /// …and its hex HMAC-SHA256 with the inbox's widget secret, computed by the ISP's server.
    identifier_hash: Option<String>,
}

/// The visitor's contact, as far as the visitor may see it.
#[derive(SimpleObject)]
pub struct VisitorContact {
    id: ID,
    name: String,
    email: Option<String>,
    phone: Option<String>,
}

#[derive(SimpleObject)]
pub struct VisitorSession {
    /// Send as `Authorization: Bearer …` (and in graphql-ws `connection_init`). Keep it (e.g. in
    /// `localStorage`) to resume the conversation later.
    token: String,
    expires_at: DateTime<Utc>,
    contact: VisitorContact,
    /// The visitor's latest conversation in this inbox, if any.
    conversation: Option<VisitorConversation>,
}

/// A conversation as its visitor sees it.
pub struct VisitorConversation(Conversation);

#[Object]
impl VisitorConversation {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The protocol number to quote to the ISP (Anatel RGC).
    async fn protocol(&self) -> &str {
        &self.0.protocol
    }
    async fn status(&self) -> ConversationStatus {
        self.0.status
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
    /// The visitor's rating, once given.
    async fn satisfaction(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Satisfaction>> {
        satisfaction(ctx, self.0.id).await
    }
    /// Newest last, paginated backwards; never private notes.
    async fn messages(
        &self,
        ctx: &Context<'_>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Connection<String, VisitorMessage>> {
        let last = page_size(last).gql()?;
        let before = parse_cursor(before.as_deref())
            .map_err(|_| Error::invalid("before", "is not a valid cursor"))
            .gql()?;
        let scope = visitor_scope(ctx).await?;
        let page = services(ctx)
            .conversations
            .visitor_messages(scope, self.0.id, before, last)
            .await
            .gql()?;
        let mut connection = Connection::new(page.has_next_page, before.is_some());
        connection.edges.extend(
            page.items
                .into_iter()
                .rev()
                .map(|m| Edge::new(m.id.to_string(), VisitorMessage(m))),
        );
        Ok(connection)
    }
}

/// A message as the visitor sees it: no notes, no internal fields.
pub struct VisitorMessage(Message);

#[Object]
impl VisitorMessage {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn conversation_id(&self) -> ID {
        ID(self.0.conversation_id.to_string())
    }
    /// `INCOMING`: written by the visitor; `OUTGOING`: by the ISP (agent, bot or system).
    async fn direction(&self) -> Direction {
        self.0.direction
    }
    async fn sender_kind(&self) -> SenderKind {
        self.0.sender_kind
    }
    /// The agent's display name; the bot or system shows as the inbox's name.
    async fn sender_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        match (self.0.sender_kind, self.0.sender_id) {
            (SenderKind::Agent, Some(id)) => {
                Ok(Some(services(ctx).users.find(id).await.gql()?.name))
            }
            (SenderKind::Contact, _) => Ok(None),
            _ => Ok(Some(
                services(ctx)
                    .inboxes
                    .load(self.0.inbox_id)
                    .await
                    .gql()?
                    .name,
            )),
        }
    }
    async fn content(&self) -> &str {
        &self.0.content
    }
    /// The `clientMessageId` the visitor's widget sent this message with; null for every other
    /// message. A widget that shows its message before the send is answered recognises it here
    /// when the live event arrives first.
    async fn client_message_id(&self) -> Option<&str> {
        crate::conversations::widget_client_id(&self.0)
    }
    /// Files, with signed download links.
    async fn attachments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AttachmentObject>> {
        if self.0.kind != crate::conversations::MessageKind::Attachment {
            return Ok(Vec::new());
        }
        let service = &services(ctx).attachments;
        let found = service.for_message(self.0.id).await.gql()?;
        Ok(found
            .into_iter()
            .map(|attachment| AttachmentObject::new(service, attachment))
            .collect())
    }
    /// Structured parts (location, prompt, template…) as JSON, when the message has them.
    async fn attributes(&self) -> Option<async_graphql::Json<serde_json::Value>> {
        let attributes = self.0.content_attributes.as_ref()?;
        serde_json::to_value(&attributes.0)
            .ok()
            .map(async_graphql::Json)
    }
    async fn delivery_state(&self) -> DeliveryState {
        self.0.delivery_state
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(SimpleObject)]
pub struct Satisfaction {
    /// 1 (very unhappy) to 5 (very happy).
    score: i32,
    comment: Option<String>,
    rated_at: DateTime<Utc>,
}

impl From<Rating> for Satisfaction {
    fn from(r: Rating) -> Self {
        Satisfaction {
            score: r.score,
            comment: r.comment,
            rated_at: r.rated_at,
        }
    }
}

pub(super) async fn satisfaction(
    ctx: &Context<'_>,
    conversation_id: uuid::Uuid,
) -> async_graphql::Result<Option<Satisfaction>> {
    Ok(services(ctx)
        .widgets
        .rating(conversation_id)
        .await
        .gql()?
        .map(Into::into))
}

#[derive(InputObject)]
pub struct SendVisitorMessageInput {
    content: String,
    /// The widget's id for this send (e.g. a UUID): retrying with it stores the message once.
    client_message_id: String,
    /// The id of the prompt option the visitor clicked (`attributes.choices.options[].id`);
    /// `content` is then its title. Stored as the answer to the prompt, as channels report
    /// button replies.
    choice_id: Option<String>,
    /// The conversation the widget shows; the message goes to the visitor's active conversation
    /// (a new one when the last was resolved).
    conversation_id: Option<ID>,
}

#[derive(Default)]
pub struct VisitorQuery;

#[Object]
impl VisitorQuery {
    /// The visitor's conversations in their widget's inbox, newest activity first (visitor
    /// token).
    async fn visitor_conversations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<VisitorConversation>> {
        let first = page_size(first).gql()?;
        let scope = visitor_scope(ctx).await?;
        let conversations = services(ctx)
            .conversations
            .visitor_conversations(scope, first)
            .await
            .gql()?;
        Ok(conversations.into_iter().map(VisitorConversation).collect())
    }

    /// One of the visitor's conversations (visitor token).
    async fn visitor_conversation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<VisitorConversation> {
        let id = parse_id("id", &id).gql()?;
        let scope = visitor_scope(ctx).await?;
        services(ctx)
            .conversations
            .visitor_conversation(scope, id)
            .await
            .map(VisitorConversation)
            .gql()
    }
}

#[derive(Default)]
pub struct VisitorMutation;

#[Object]
impl VisitorMutation {
    /// Public (rate-limited per IP): starts a visitor session in a web inbox. Checks the
    /// pre-chat form and, with `identifier`, the identity verification hash.
    async fn start_visitor_session(
        &self,
        ctx: &Context<'_>,
        input: StartVisitorSessionInput,
    ) -> async_graphql::Result<VisitorSession> {
        let inbox_id = parse_id("input.inboxId", &input.inbox_id).gql()?;
        let services = services(ctx);
        let started = services
            .widgets
            .start_session(
                caller(ctx),
                request_info(ctx).origin.as_deref(),
                SessionInput {
                    inbox_id,
                    name: input.name,
                    email: input.email,
                    phone: input.phone,
                    cpf: input.cpf,
                    locale: input.locale,
                    identifier: input.identifier,
                    identifier_hash: input.identifier_hash,
                },
            )
            .await
            .gql()?;
        let (token, expires_at) = services
            .auth
            .issue_visitor_token(started.contact_id, started.inbox_id, &started.locale)
            .gql()?;
        let contact = services
            .conversations
            .contacts()
            .find(started.contact_id)
            .await
            .gql()?
            .ok_or(Error::NotFound("contact"))
            .gql()?;
        Ok(VisitorSession {
            token,
            expires_at,
            contact: VisitorContact {
                id: ID(contact.id.to_string()),
                name: contact.name,
                email: contact.email,
                phone: contact.phone,
            },
            conversation: started.conversation.map(VisitorConversation),
        })
    }

    /// The visitor writes (visitor token). Stored before it is acknowledged; when the ISP is
    /// closed the inbox's offline message is posted once per conversation.
    async fn send_visitor_message(
        &self,
        ctx: &Context<'_>,
        input: SendVisitorMessageInput,
    ) -> async_graphql::Result<VisitorMessage> {
        let conversation_id = input
            .conversation_id
            .as_ref()
            .map(|id| parse_id("input.conversationId", id))
            .transpose()
            .gql()?;
        services(ctx)
            .widgets
            .send(
                caller(ctx),
                request_info(ctx).origin.as_deref(),
                &input.content,
                input.choice_id.as_deref(),
                &input.client_message_id,
                conversation_id,
            )
            .await
            .map(VisitorMessage)
            .gql()
    }

    /// The visitor sends a file, with an optional caption (visitor token): a GraphQL multipart
    /// request to `/graphql/upload`, checked like agents' files (type and size).
    async fn send_visitor_attachment(
        &self,
        ctx: &Context<'_>,
        file: Upload,
        caption: Option<String>,
        client_message_id: String,
        conversation_id: Option<ID>,
    ) -> async_graphql::Result<VisitorMessage> {
        let conversation_id = conversation_id
            .as_ref()
            .map(|id| parse_id("conversationId", id))
            .transpose()
            .gql()?;
        services(ctx)
            .widgets
            .send_attachment(
                caller(ctx),
                request_info(ctx).origin.as_deref(),
                file.open(ctx).gql()?,
                caption.as_deref().unwrap_or_default(),
                &client_message_id,
                conversation_id,
            )
            .await
            .map(VisitorMessage)
            .gql()
    }

    /// The visitor started or stopped typing (visitor token).
    async fn visitor_typing(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        typing: bool,
    ) -> async_graphql::Result<bool> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        let scope = visitor_scope(ctx).await?;
        services(ctx)
            .conversations
            .visitor_typing(scope, id, typing)
            .await
            .gql()?;
        Ok(true)
    }

    /// The visitor has seen the replies so far: they become `READ` (visitor token). Returns how
    /// many changed.
    async fn visitor_mark_read(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
    ) -> async_graphql::Result<i32> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        let changed = services(ctx)
            .widgets
            .mark_read(caller(ctx), request_info(ctx).origin.as_deref(), id)
            .await
            .gql()?;
        Ok(i32::try_from(changed).unwrap_or(i32::MAX))
    }

    /// The visitor rates a resolved conversation, 1 to 5, once (visitor token).
    async fn rate_conversation(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        score: i32,
        comment: Option<String>,
    ) -> async_graphql::Result<Satisfaction> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        services(ctx)
            .widgets
            .rate(
                caller(ctx),
                request_info(ctx).origin.as_deref(),
                id,
                score,
                comment.as_deref(),
            )
            .await
            .map(Into::into)
            .gql()
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum VisitorEventKind {
    /// A conversation started.
    Created,
    /// A message (the visitor's own too, e.g. from another tab).
    Message,
    /// An agent, bot or the visitor's other tab is typing (`typing`).
    Typing,
    /// The agents read the visitor's messages.
    Read,
    /// A reply's delivery state changed (`message.deliveryState`).
    Delivery,
    /// The conversation's status changed; `RESOLVED` is when the widget offers the rating.
    Status,
}

/// A live event of one of the visitor's conversations.
pub struct VisitorEvent(EventView);

#[Object]
impl VisitorEvent {
    async fn kind(&self) -> VisitorEventKind {
        match self.0.event.kind {
            EventKind::Created => VisitorEventKind::Created,
            EventKind::Typing => VisitorEventKind::Typing,
            EventKind::Read => VisitorEventKind::Read,
            EventKind::DeliveryUpdated => VisitorEventKind::Delivery,
            EventKind::StatusChanged => VisitorEventKind::Status,
            _ => VisitorEventKind::Message,
        }
    }
    async fn conversation_id(&self) -> ID {
        ID(self.0.event.conversation_id.to_string())
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.event.at
    }
    async fn message(&self) -> Option<VisitorMessage> {
        self.0.message.clone().map(VisitorMessage)
    }
    /// The conversation's status after the event.
    async fn status(&self) -> Option<ConversationStatus> {
        self.0.conversation.as_ref().map(|c| c.status)
    }
    async fn typing(&self) -> Option<bool> {
        self.0.event.details.typing
    }
    /// Whether the visitor caused it (their own message, or typing in another tab), so the
    /// widget does not show "the agent is typing" for its own keystrokes.
    async fn from_visitor(&self) -> bool {
        matches!(self.0.event.actor, EventActor::Contact(_))
    }
}

#[derive(Default)]
pub struct VisitorSubscription;

#[Subscription]
impl VisitorSubscription {
    /// Live events of the visitor's conversations (visitor token in `connection_init`), or of
    /// one. Not replayed: after reconnecting, reload the latest messages.
    async fn visitor_events(
        &self,
        ctx: &Context<'_>,
        conversation_id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = VisitorEvent>> {
        let only = conversation_id
            .as_ref()
            .map(|id| parse_id("conversationId", id))
            .transpose()
            .gql()?;
        let services = services(ctx);
        // Boxed: the subscription keeps its resolver's state while open (see `conversationEvents`).
        let scope = Box::pin(visitor_scope(ctx)).await?;
        if let Some(id) = only {
            Box::pin(services.conversations.visitor_conversation(scope, id))
                .await
                .gql()?;
        }
        Ok(services
            .conversations
            .visitor_events(scope, only)
            .map(VisitorEvent))
    }
}

/// The caller's visitor scope (their contact in the token's inbox), checked against the
/// request's `Origin`: every visitor operation starts here.
async fn visitor_scope(ctx: &Context<'_>) -> async_graphql::Result<VisitorScope> {
    let (scope, ..) = services(ctx)
        .widgets
        .visitor(caller(ctx), request_info(ctx).origin.as_deref())
        .await
        .gql()?;
    Ok(scope)
}
