//! Subscriptions to conversations: one conversation's events with replay, and the live feed.

use async_graphql::{Context, Enum, ID, InputObject, Object, Subscription};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use uuid::Uuid;

use super::conversations::{ConversationObject, MessageObject};
use super::errors::GqlResult;
use super::teams::TeamObject;
use super::users::UserObject;
use super::{caller, parse_id, services};
use crate::conversations::{
    ConversationStatus, DeliveryState, EventActor, EventKind, EventView, Priority,
};

/// One event of a conversation's history.
pub struct ConversationEventObject(pub EventView);

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    User,
    Contact,
    ApiKey,
    System,
}

#[Object(name = "ConversationEvent")]
impl ConversationEventObject {
    /// Position in the conversation's history: consecutive, starting at 1. A `TYPING` event is
    /// not stored and repeats the last stored `seq`.
    async fn seq(&self) -> i64 {
        self.0.event.seq
    }
    async fn conversation_id(&self) -> ID {
        ID(self.0.event.conversation_id.to_string())
    }
    async fn kind(&self) -> EventKind {
        self.0.event.kind
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.event.at
    }
    async fn actor_kind(&self) -> ActorKind {
        match self.0.event.actor {
            EventActor::User(_) => ActorKind::User,
            EventActor::Contact(_) => ActorKind::Contact,
            EventActor::ApiKey(_) => ActorKind::ApiKey,
            EventActor::System => ActorKind::System,
        }
    }
    async fn actor_id(&self) -> Option<ID> {
        self.0.event.actor.id().map(|id| ID(id.to_string()))
    }
    /// For `MESSAGE_CREATED` and `DELIVERY_UPDATED`.
    async fn message(&self) -> Option<MessageObject> {
        self.0.message.clone().map(MessageObject)
    }
    /// The new status (`STATUS_CHANGED`, `CREATED`).
    async fn status(&self) -> Option<ConversationStatus> {
        self.0.event.details.status
    }
    async fn previous_status(&self) -> Option<ConversationStatus> {
        self.0.event.details.previous_status
    }
    /// The new assignee (`ASSIGNED`, `TRANSFERRED`); `null` when unassigned.
    async fn assignee(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserObject>> {
        user(ctx, self.0.event.details.assignee_id).await
    }
    async fn previous_assignee(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<UserObject>> {
        user(ctx, self.0.event.details.previous_assignee_id).await
    }
    /// The team after a `TRANSFERRED`.
    async fn team(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<TeamObject>> {
        super::teams::team_ref(ctx, self.0.event.details.team_id).await
    }
    async fn previous_team(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<TeamObject>> {
        super::teams::team_ref(ctx, self.0.event.details.previous_team_id).await
    }
    /// The transfer note (staff only).
    async fn note(&self) -> Option<&str> {
        self.0.event.details.note.as_deref()
    }
    async fn priority(&self) -> Option<Priority> {
        self.0.event.details.priority
    }
    async fn labels(&self) -> Option<&[String]> {
        self.0.event.details.labels.as_deref()
    }
    async fn delivery_state(&self) -> Option<DeliveryState> {
        self.0.event.details.delivery_state
    }
    async fn snoozed_until(&self) -> Option<DateTime<Utc>> {
        self.0.event.details.snoozed_until
    }
    /// For `TYPING`: whether the actor started or stopped typing.
    async fn typing(&self) -> Option<bool> {
        self.0.event.details.typing
    }
    /// The conversation as it is after this event (live) or now (replayed history).
    async fn conversation(&self, ctx: &Context<'_>) -> async_graphql::Result<ConversationObject> {
        conversation(ctx, &self.0).await
    }
}

/// An event of any conversation the subscriber may read.
pub struct InboxEventObject(EventView);

#[Object(name = "InboxEvent")]
impl InboxEventObject {
    async fn kind(&self) -> EventKind {
        self.0.event.kind
    }
    async fn seq(&self) -> i64 {
        self.0.event.seq
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.event.at
    }
    async fn conversation(&self, ctx: &Context<'_>) -> async_graphql::Result<ConversationObject> {
        conversation(ctx, &self.0).await
    }
    async fn message(&self) -> Option<MessageObject> {
        self.0.message.clone().map(MessageObject)
    }
    /// Everything about the event.
    async fn event(&self) -> ConversationEventObject {
        ConversationEventObject(self.0.clone())
    }
}

async fn conversation(
    ctx: &Context<'_>,
    view: &EventView,
) -> async_graphql::Result<ConversationObject> {
    match &view.conversation {
        Some(snapshot) => Ok(ConversationObject(snapshot.clone())),
        None => services(ctx)
            .conversations
            .get(caller(ctx), view.event.conversation_id)
            .await
            .map(ConversationObject)
            .gql(),
    }
}

async fn user(ctx: &Context<'_>, id: Option<Uuid>) -> async_graphql::Result<Option<UserObject>> {
    let Some(id) = id else { return Ok(None) };
    Ok(Some(UserObject(services(ctx).users.find(id).await.gql()?)))
}

#[derive(InputObject, Default)]
pub struct InboxEventFilter {
    inbox_id: Option<ID>,
    team_id: Option<ID>,
    /// Only these kinds.
    kinds: Option<Vec<EventKind>>,
}

#[derive(Default)]
pub struct ConversationSubscription;

#[Subscription]
impl ConversationSubscription {
    /// One conversation's events. With `after`, first every stored event with a greater `seq`
    /// (what a reconnecting client missed), then live ones: in order, each exactly once.
    async fn conversation_events(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        after: Option<i64>,
    ) -> async_graphql::Result<impl Stream<Item = ConversationEventObject>> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        // Boxed here and below: a subscription keeps its resolver's state for as long as it is
        // open, and the set-up's database futures inline made every idle subscription ~7 KiB
        // larger (docs/performance.md).
        let stream = Box::pin(services(ctx).conversations.conversation_events(
            caller(ctx),
            id,
            after,
        ))
        .await
        .gql()?;
        Ok(stream.map(ConversationEventObject))
    }

    /// Live events of every conversation the caller may read: new conversations and messages,
    /// status, assignment and transfer changes (also for those a conversation leaves), typing,
    /// read and delivery updates. Not replayed: reload lists after reconnecting.
    async fn inbox_events(
        &self,
        ctx: &Context<'_>,
        filter: Option<InboxEventFilter>,
    ) -> async_graphql::Result<impl Stream<Item = InboxEventObject>> {
        let filter = filter.unwrap_or_default();
        let inbox = filter
            .inbox_id
            .as_ref()
            .map(|id| parse_id("filter.inboxId", id))
            .transpose()
            .gql()?;
        let team = filter
            .team_id
            .as_ref()
            .map(|id| parse_id("filter.teamId", id))
            .transpose()
            .gql()?;
        let kinds = filter.kinds;
        let stream = Box::pin(services(ctx).conversations.inbox_events(caller(ctx)))
            .await
            .gql()?;
        Ok(stream
            .filter(move |view| {
                let keep = view.conversation.as_ref().is_some_and(|c| {
                    inbox.is_none_or(|inbox| c.inbox_id == inbox)
                        && team.is_none_or(|team| {
                            c.team_id == Some(team)
                                || view.event.details.previous_team_id == Some(team)
                        })
                }) && kinds
                    .as_ref()
                    .is_none_or(|kinds| kinds.contains(&view.event.kind));
                std::future::ready(keep)
            })
            .map(InboxEventObject))
    }
}
