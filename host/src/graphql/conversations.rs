//! Conversations and messages: the objects, and the queries that list and search them.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::attachments::AttachmentObject;
use super::contacts::ContactObject;
use super::errors::GqlResult;
use super::inboxes::InboxObject;
use super::realtime::ConversationEventObject;
use super::teams::TeamObject;
use super::users::UserObject;
use super::{caller, page_size, parse_cursor, parse_id, services};
use crate::conversations::{
    Conversation, ConversationFilter, ConversationStatus, DeliveryState, Direction, Message,
    MessageKind, Priority, QueueStats, SenderKind,
};
use crate::error::{Error, Result};
use ispchat_core::sentiment::{Sentiment, SentimentPoint};

pub struct ConversationObject(pub Conversation);

pub struct SentimentPointObject(SentimentPoint);

#[Object(name = "SentimentPoint")]
impl SentimentPointObject {
    async fn message_id(&self) -> ID {
        ID(self.0.message_id.to_string())
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    async fn sentiment(&self) -> Sentiment {
        self.0.sentiment
    }
    /// −2 (very negative) to 2 (very positive).
    async fn score(&self) -> i32 {
        self.0.sentiment.score()
    }
}

#[Object(name = "Conversation")]
impl ConversationObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The protocol number given to the customer (Anatel RGC), e.g. `20261126000042`.
    async fn protocol(&self) -> &str {
        &self.0.protocol
    }
    async fn status(&self) -> ConversationStatus {
        self.0.status
    }
    async fn priority(&self) -> Priority {
        self.0.priority
    }
    async fn contact(&self, ctx: &Context<'_>) -> async_graphql::Result<ContactObject> {
        services(ctx)
            .contacts
            .get(caller(ctx), self.0.contact_id)
            .await
            .map(ContactObject)
            .gql()
    }
    async fn inbox(&self, ctx: &Context<'_>) -> async_graphql::Result<InboxObject> {
        services(ctx)
            .inboxes
            .load(self.0.inbox_id)
            .await
            .map(InboxObject)
            .gql()
    }
    async fn team(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<TeamObject>> {
        super::teams::team_ref(ctx, self.0.team_id).await
    }
    async fn assignee(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserObject>> {
        let Some(user_id) = self.0.assignee_id else {
            return Ok(None);
        };
        Ok(Some(UserObject(
            services(ctx).users.find(user_id).await.gql()?,
        )))
    }
    /// How the customer felt in their last `last` messages (1 to 50), oldest first: per incoming
    /// message the classifiers' sentiment (the more negative one when they disagree). Messages
    /// no classifier read are left out.
    async fn sentiment_trend(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10)] last: i32,
    ) -> async_graphql::Result<Vec<SentimentPointObject>> {
        let points = services(ctx)
            .conversations
            .sentiment_trend(caller(ctx), self.0.id, last)
            .await
            .gql()?;
        Ok(points.into_iter().map(SentimentPointObject).collect())
    }
    async fn labels(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        services(ctx)
            .conversations
            .labels(caller(ctx), self.0.id)
            .await
            .gql()
    }
    async fn snoozed_until(&self) -> Option<DateTime<Utc>> {
        self.0.snoozed_until
    }
    /// When it entered its team's queue (while `QUEUED`).
    async fn queued_at(&self) -> Option<DateTime<Utc>> {
        self.0.queued_at
    }
    async fn first_response_at(&self) -> Option<DateTime<Utc>> {
        self.0.first_response_at
    }
    async fn last_activity_at(&self) -> DateTime<Utc> {
        self.0.last_activity_at
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
    /// Customer messages since an agent last marked the conversation read.
    async fn unread_count(&self) -> i32 {
        self.0.unread_count
    }
    /// When the customer's oldest message still without a public reply arrived: the customer
    /// has been waiting since then. Null when the last word was ours.
    async fn waiting_since(&self) -> Option<DateTime<Utc>> {
        self.0.waiting_since
    }
    /// Where it stands against its priority's service-level targets; null when the policy
    /// sets none.
    async fn sla(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::sla::ConversationSlaObject>> {
        let standing = services(ctx).sla.standing(&self.0).await.gql()?;
        Ok(standing.map(Into::into))
    }
    /// The `seq` of its latest stored event: subscribe with `after` set to it.
    async fn last_seq(&self) -> i64 {
        self.0.last_seq
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The customer's rating after it was resolved (web chat widget).
    async fn satisfaction(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::visitors::Satisfaction>> {
        super::visitors::satisfaction(ctx, self.0.id).await
    }
    /// Newest last, paginated backwards: `last` messages before the `before` cursor.
    async fn messages(
        &self,
        ctx: &Context<'_>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Connection<String, MessageObject>> {
        let last = page_size(last).gql()?;
        let before = parse_cursor(before.as_deref())
            .map_err(|_| Error::invalid("before", "is not a valid cursor"))
            .gql()?;
        let page = services(ctx)
            .conversations
            .messages(caller(ctx), self.0.id, before, last)
            .await
            .gql()?;
        let mut connection = Connection::new(page.has_next_page, before.is_some());
        connection.edges.extend(
            page.items
                .into_iter()
                .rev()
                .map(|m| Edge::new(m.id.to_string(), MessageObject(m))),
        );
        Ok(connection)
    }
    /// Its stored history (messages, status changes, assignments, transfers…), oldest first.
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 0)] after: i64,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<ConversationEventObject>> {
        let first = page_size(first).gql()?;
        let events = services(ctx)
            .conversations
            .events(caller(ctx), self.0.id, after, first)
            .await
            .gql()?;
        Ok(events.into_iter().map(ConversationEventObject).collect())
    }
}

pub struct MessageObject(pub Message);

/// One classifier plugin's reading of a message.
#[derive(SimpleObject)]
pub struct MessageClassification {
    plugin_id: String,
    /// Highest score first.
    labels: Vec<LabelScore>,
    /// `very-negative`, `negative`, `neutral`, `positive` or `very-positive`.
    sentiment: Option<String>,
    /// BCP 47, e.g. `pt-BR`.
    language: Option<String>,
}

#[derive(SimpleObject)]
pub struct LabelScore {
    label: String,
    /// Confidence in [0, 1].
    score: f64,
}

#[Object(name = "Message")]
impl MessageObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn conversation_id(&self) -> ID {
        ID(self.0.conversation_id.to_string())
    }
    async fn content(&self) -> &str {
        &self.0.content
    }
    async fn direction(&self) -> Direction {
        self.0.direction
    }
    async fn kind(&self) -> MessageKind {
        self.0.kind
    }
    /// A note between agents, never sent to the customer.
    async fn private(&self) -> bool {
        self.0.is_private()
    }
    async fn sender_kind(&self) -> SenderKind {
        self.0.sender_kind
    }
    /// The contact, user or API key that wrote it.
    async fn sender_id(&self) -> Option<ID> {
        self.0.sender_id.map(|id| ID(id.to_string()))
    }
    async fn delivery_state(&self) -> DeliveryState {
        self.0.delivery_state
    }
    /// Why a failed reply failed, in the provider's or the server's own (English) words, for
    /// operators.
    async fn delivery_error(&self) -> Option<&str> {
        self.0.delivery_error.as_deref()
    }
    /// Why a failed reply failed, as a reason clients say in the reader's language.
    async fn delivery_failure(&self) -> Option<crate::conversations::DeliveryFailure> {
        self.0.delivery_failure
    }
    async fn external_id(&self) -> Option<&str> {
        self.0.external_id.as_deref()
    }
    async fn client_message_id(&self) -> Option<&str> {
        self.0.client_message_id.as_deref()
    }
    /// Structured parts (a location, a prompt, a template, a reaction…); null when none.
    async fn attributes(&self) -> Option<super::message_content::MessageAttributes> {
        super::message_content::MessageAttributes::of(
            self.0.content_attributes.as_ref().map(|json| &json.0),
        )
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The files it carries (`ATTACHMENT` messages and notes with a file), each with a download
    /// link that works for some minutes.
    async fn attachments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AttachmentObject>> {
        // Only these kinds can carry files: spare the query for the rest.
        if !matches!(self.0.kind, MessageKind::Attachment | MessageKind::Note) {
            return Ok(Vec::new());
        }
        let service = &services(ctx).attachments;
        let found = service.for_message(self.0.id).await.gql()?;
        Ok(found
            .into_iter()
            .map(|attachment| AttachmentObject::new(service, attachment))
            .collect())
    }
    /// What classifier plugins said about it (incoming messages of inboxes whose messages go
    /// through the plugin pipeline), one entry per classifier.
    async fn classifications(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<MessageClassification>> {
        if self.0.direction != Direction::Incoming {
            return Ok(Vec::new());
        }
        let records = services(ctx)
            .conversations
            .classifications(caller(ctx), self.0.id)
            .await
            .gql()?;
        Ok(records
            .into_iter()
            .map(|r| MessageClassification {
                plugin_id: r.plugin_id,
                labels: r
                    .labels
                    .0
                    .into_iter()
                    .map(|l| LabelScore {
                        label: l.label,
                        // f32 as stored; rounded so 0.6 reads as 0.6, not 0.6000000238.
                        score: (f64::from(l.score) * 1e4).round() / 1e4,
                    })
                    .collect(),
                sentiment: r.sentiment,
                language: r.language,
            })
            .collect())
    }
    async fn conversation(&self, ctx: &Context<'_>) -> async_graphql::Result<ConversationObject> {
        services(ctx)
            .conversations
            .get(caller(ctx), self.0.conversation_id)
            .await
            .map(ConversationObject)
            .gql()
    }
}

#[derive(InputObject, Default)]
pub struct ConversationFilterInput {
    /// Any of these statuses.
    status: Option<Vec<ConversationStatus>>,
    team_id: Option<ID>,
    assignee_id: Option<ID>,
    /// Only conversations nobody is assigned to.
    #[graphql(default)]
    unassigned: bool,
    inbox_id: Option<ID>,
    contact_id: Option<ID>,
    priority: Option<Priority>,
    label: Option<String>,
    /// A protocol number, part of the contact's name, phone or e-mail, or words of a message.
    search: Option<String>,
}

impl ConversationFilterInput {
    fn into_filter(self) -> Result<ConversationFilter> {
        let id = |field: &str, value: Option<ID>| {
            value
                .map(|v| parse_id(&format!("filter.{field}"), &v))
                .transpose()
        };
        Ok(ConversationFilter {
            statuses: self.status.unwrap_or_default(),
            team_id: id("teamId", self.team_id)?,
            assignee_id: id("assigneeId", self.assignee_id)?,
            unassigned: self.unassigned,
            inbox_id: id("inboxId", self.inbox_id)?,
            contact_id: id("contactId", self.contact_id)?,
            priority: self.priority,
            label: self.label,
            search: self.search,
            include_notes: false,
        })
    }
}

#[derive(SimpleObject)]
#[graphql(name = "Queue", complex)]
pub struct QueueObject {
    #[graphql(skip)]
    team_id: Option<Uuid>,
    /// Conversations waiting.
    length: i32,
    oldest_queued_at: Option<DateTime<Utc>>,
    longest_wait_seconds: i64,
    average_wait_seconds: i64,
}

#[async_graphql::ComplexObject]
impl QueueObject {
    /// `null` for conversations of inboxes without a team.
    async fn team(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<TeamObject>> {
        super::teams::team_ref(ctx, self.team_id).await
    }
}

impl From<QueueStats> for QueueObject {
    fn from(stats: QueueStats) -> Self {
        QueueObject {
            team_id: stats.team_id,
            length: i32::try_from(stats.length).unwrap_or(i32::MAX),
            oldest_queued_at: stats.oldest_queued_at,
            longest_wait_seconds: stats.longest_wait_secs,
            average_wait_seconds: stats.average_wait_secs,
        }
    }
}

#[derive(Default)]
pub struct ConversationQuery;

#[Object]
impl ConversationQuery {
    /// Most recent activity first. Agents see their teams' conversations and their own.
    async fn conversations(
        &self,
        ctx: &Context<'_>,
        filter: Option<ConversationFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, ConversationObject>> {
        let first = page_size(first).gql()?;
        let cursor = after
            .as_deref()
            .map(parse_activity_cursor)
            .transpose()
            .gql()?;
        let filter = filter.unwrap_or_default().into_filter().gql()?;
        let page = services(ctx)
            .conversations
            .list(caller(ctx), filter, cursor, first)
            .await
            .gql()?;
        let mut connection = Connection::new(cursor.is_some(), page.has_next_page);
        connection.edges.extend(
            page.items
                .into_iter()
                .map(|c| Edge::new(activity_cursor(&c), ConversationObject(c))),
        );
        Ok(connection)
    }

    async fn conversation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ConversationObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .conversations
            .get(caller(ctx), id)
            .await
            .map(ConversationObject)
            .gql()
    }

    /// The conversation a protocol number was given to.
    async fn conversation_by_protocol(
        &self,
        ctx: &Context<'_>,
        protocol: String,
    ) -> async_graphql::Result<ConversationObject> {
        services(ctx)
            .conversations
            .get_by_protocol(caller(ctx), &protocol)
            .await
            .map(ConversationObject)
            .gql()
    }

    /// Messages containing every word of `query`, newest first (accents ignored on SQLite;
    /// Portuguese stemming on PostgreSQL).
    async fn search_messages(
        &self,
        ctx: &Context<'_>,
        query: String,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, MessageObject>> {
        let first = page_size(first).gql()?;
        let cursor = parse_cursor(after.as_deref()).gql()?;
        let page = services(ctx)
            .conversations
            .search_messages(caller(ctx), &query, cursor, first)
            .await
            .gql()?;
        Ok(super::connection(page, cursor, |m| m.id, MessageObject))
    }

    /// Queues with someone waiting, among those the caller serves.
    async fn queues(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<QueueObject>> {
        let stats = services(ctx)
            .conversations
            .queue_stats(caller(ctx))
            .await
            .gql()?;
        Ok(stats.into_iter().map(QueueObject::from).collect())
    }
}

fn activity_cursor(conversation: &Conversation) -> String {
    format!(
        "{}_{}",
        conversation.last_activity_at.timestamp_micros(),
        conversation.id
    )
}

fn parse_activity_cursor(cursor: &str) -> Result<(DateTime<Utc>, Uuid)> {
    let invalid = || Error::invalid("after", "is not a valid cursor");
    let (micros, id) = cursor.split_once('_').ok_or_else(invalid)?;
    let at = micros
        .parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_micros)
        .ok_or_else(invalid)?;
    Ok((at, Uuid::parse_str(id).map_err(|_| invalid())?))
}
