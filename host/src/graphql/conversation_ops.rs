//! What agents, bots and integrators do to conversations.

use async_graphql::{Context, ID, InputObject, Json, Object};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::conversations::{ConversationObject, MessageObject};
use super::errors::GqlResult;
use super::message_content::ChoicesInput;
use super::{caller, parse_id, services};
use crate::contacts::ContactInput;
use crate::conversations::content::ContentAttributes;
use crate::conversations::messaging::OutgoingMessage;
use crate::conversations::{ConversationStatus, DeliveryState, IncomingMessage, Priority};

/// Who wrote, as the integrator knows them. The contact is found by `identifier` (else phone,
/// else e-mail) and created on first contact.
#[derive(InputObject)]
pub struct IncomingContactInput {
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    /// The integrator's id for this customer (e.g. the customer code in the ISP's ERP).
    identifier: Option<String>,
    document: Option<String>,
    custom_attributes: Option<Json<Value>>,
}

#[derive(Default)]
pub struct ConversationMutation;

#[Object]
impl ConversationMutation {
    /// A customer's message arriving in an API inbox (API key with `messages:write`). The same
    /// `externalId` posted again returns the stored message instead of a copy.
    async fn post_incoming_message(
        &self,
        ctx: &Context<'_>,
        inbox_id: ID,
        contact: IncomingContactInput,
        content: String,
        external_id: Option<String>,
    ) -> async_graphql::Result<MessageObject> {
        let inbox_id = parse_id("inboxId", &inbox_id).gql()?;
        let incoming = IncomingMessage {
            inbox_id,
            identifier: contact.identifier,
            contact: ContactInput {
                name: contact.name,
                phone: contact.phone,
                email: contact.email,
                document: contact.document,
                custom_attributes: contact.custom_attributes.map(|json| json.0),
            },
            content,
            external_id,
            content_attributes: None,
        };
        services(ctx)
            .conversations
            .post_incoming(caller(ctx), incoming)
            .await
            .map(MessageObject)
            .gql()
    }

    /// A reply to the customer, or with `private: true` a note for agents only. Acknowledged once
    /// stored; the same `clientMessageId` sent again returns the first message.
    async fn send_message(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        content: String,
        client_message_id: Option<String>,
        #[graphql(default)] private: bool,
        #[graphql(
            desc = "Buttons or a list for the customer to pick from: channels that have them send the prompt, others (and the history) show `content`."
        )]
        choices: Option<ChoicesInput>,
    ) -> async_graphql::Result<MessageObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        let attributes = choices
            .map(|c| c.into_choices().validate())
            .transpose()
            .gql()?
            .map(|choices| ContentAttributes {
                choices: Some(choices),
                ..Default::default()
            });
        let outgoing = OutgoingMessage {
            content: &content,
            client_message_id: client_message_id.as_deref(),
            private,
            attributes: attributes.as_ref(),
        };
        services(ctx)
            .conversations
            .send_message(caller(ctx), id, outgoing)
            .await
            .map(MessageObject)
            .gql()
    }

    /// Hands the conversation to an agent, a team, or both, with a note for them. With a team
    /// only, it waits in that team's queue.
    async fn transfer_conversation(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        to_agent_id: Option<ID>,
        to_team_id: Option<ID>,
        note: Option<String>,
    ) -> async_graphql::Result<ConversationObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        let agent = to_agent_id
            .map(|a| parse_id("toAgentId", &a))
            .transpose()
            .gql()?;
        let team = to_team_id
            .map(|t| parse_id("toTeamId", &t))
            .transpose()
            .gql()?;
        services(ctx)
            .conversations
            .transfer(caller(ctx), id, agent, team, note.as_deref())
            .await
            .map(ConversationObject)
            .gql()
    }

    /// Assigns an agent; without `agentId` the conversation goes back to its team's queue.
    async fn assign_conversation(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        agent_id: Option<ID>,
    ) -> async_graphql::Result<ConversationObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        let agent = agent_id
            .map(|a| parse_id("agentId", &a))
            .transpose()
            .gql()?;
        services(ctx)
            .conversations
            .assign(caller(ctx), id, agent)
            .await
            .map(ConversationObject)
            .gql()
    }

    /// Resolve, snooze (with `snoozedUntil`), wait for the customer (`PENDING`), open, or send
    /// back to the queue. Transitions that make no sense are refused with BAD_USER_INPUT.
    async fn set_conversation_status(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        status: ConversationStatus,
        snoozed_until: Option<DateTime<Utc>>,
    ) -> async_graphql::Result<ConversationObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        services(ctx)
            .conversations
            .set_status(caller(ctx), id, status, snoozed_until)
            .await
            .map(ConversationObject)
            .gql()
    }

    /// A resolved conversation back to its agent, or to its team's queue.
    async fn reopen_conversation(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
    ) -> async_graphql::Result<ConversationObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        services(ctx)
            .conversations
            .reopen(caller(ctx), id)
            .await
            .map(ConversationObject)
            .gql()
    }

    async fn set_conversation_priority(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        priority: Priority,
    ) -> async_graphql::Result<ConversationObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        services(ctx)
            .conversations
            .set_priority(caller(ctx), id, priority)
            .await
            .map(ConversationObject)
            .gql()
    }

    /// Replaces the labels (lower-cased).
    async fn set_conversation_labels(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        labels: Vec<String>,
    ) -> async_graphql::Result<ConversationObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        services(ctx)
            .conversations
            .set_labels(caller(ctx), id, &labels)
            .await
            .map(ConversationObject)
            .gql()
    }

    async fn mark_conversation_read(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
    ) -> async_graphql::Result<ConversationObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        services(ctx)
            .conversations
            .mark_read(caller(ctx), id)
            .await
            .map(ConversationObject)
            .gql()
    }

    /// Tells the conversation's subscribers the caller is typing (or stopped).
    async fn send_typing(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        #[graphql(default = true)] typing: bool,
    ) -> async_graphql::Result<bool> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        services(ctx)
            .conversations
            .typing(caller(ctx), id, typing)
            .await
            .map(|()| true)
            .gql()
    }

    /// Takes the next conversation of a queue (the most urgent, then the oldest) and opens it.
    /// Without `teamId`, any queue the caller serves. `null` when nobody is waiting.
    async fn claim_next_conversation(
        &self,
        ctx: &Context<'_>,
        team_id: Option<ID>,
    ) -> async_graphql::Result<Option<ConversationObject>> {
        let team = team_id.map(|t| parse_id("teamId", &t)).transpose().gql()?;
        Ok(services(ctx)
            .conversations
            .claim_next(caller(ctx), team)
            .await
            .gql()?
            .map(ConversationObject))
    }

    /// An integrator reports what became of a reply sent through its API inbox.
    async fn update_message_delivery(
        &self,
        ctx: &Context<'_>,
        message_id: ID,
        state: DeliveryState,
        error: Option<String>,
    ) -> async_graphql::Result<MessageObject> {
        let id = parse_id("messageId", &message_id).gql()?;
        services(ctx)
            .conversations
            .update_delivery(caller(ctx), id, state, error.as_deref())
            .await
            .map(MessageObject)
            .gql()
    }
}
