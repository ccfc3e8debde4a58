//! What plugins may do to a conversation, applied by the engine on their behalf: a bot's reply,
//! handoff, escalation or closing, and labels from bots and classifiers. Plugins only decide; every
//! rule of the workflow still holds, and each answer is applied in one transaction.
//!
//! A bot's answer is applied at most once: its reply carries a client id derived from the message
//! it answers, and everything else only happens while the conversation is still with the bot, so
//! a pipeline job that runs again after a crash changes nothing twice.

use sqlx::types::Json;
use uuid::Uuid;

use super::content::{Choices, ContentAttributes};
use super::workflow::set_status;
use super::{
    Change, Conversation, ConversationService, ConversationStatus, DeliveryState, Direction,
    EventActor, EventDetails, EventKind, Message, MessageKind, Priority, SenderKind,
};
use crate::channels::{api_webhook, outbox};
use crate::contacts::Contact;
use crate::error::{Error, Result};
use crate::inboxes::{Inbox, InboxKind};
use crate::storage::{self, Tx};

/// A conversation holds at most this many labels (as `setLabels` enforces).
const MAX_LABELS: usize = 20;

/// What a bot needs to answer one customer message.
pub struct TurnContext {
    pub conversation: Conversation,
    pub inbox: Inbox,
    pub contact: Option<Contact>,
    pub labels: Vec<String>,
    pub message: Message,
    /// Earlier messages, oldest first, private notes excluded.
    pub history: Vec<Message>,
}

/// Putting a conversation in a queue for a human.
#[derive(Debug, Clone, Default)]
pub struct Handoff {
    /// None keeps the conversation's team.
    pub team_id: Option<Uuid>,
    pub priority: Option<Priority>,
    /// For the agent: stored as a private note.
    pub summary: Option<String>,
    /// Why, for the log and the note.
    pub reason: String,
}

/// What a bot says: a text, and a prompt when it offered choices (the text then renders the
/// prompt as numbered lines; a channel with buttons sends the prompt instead).
#[derive(Debug, Clone, Default)]
pub struct BotReply {
    pub text: String,
    pub choices: Option<Choices>,
}

impl From<String> for BotReply {
    fn from(text: String) -> Self {
        BotReply {
            text,
            choices: None,
        }
    }
}

/// A bot's answer, in the engine's terms.
#[derive(Debug, Clone)]
pub enum BotAction {
    Reply(BotReply),
    ReplyAndHandoff(BotReply, Handoff),
    Handoff(Handoff),
    /// A handoff whose priority becomes urgent unless it names one.
    Escalate(Handoff),
    /// Resolve, after a last message when it is not empty.
    Close(String),
    NoAction,
}

impl ConversationService {
    /// The conversation, contact and recent history around `message_id`; none when the message
    /// or its conversation is gone.
    pub async fn turn_context(
        &self,
        message_id: Uuid,
        history: i64,
    ) -> Result<Option<TurnContext>> {
        let mut conn = self.db.acquire().await?;
        let Some(message) = storage::messages::find_by_id(conn.conn(), message_id).await? else {
            return Ok(None);
        };
        let Some(conversation) =
            storage::conversations::find_by_id(conn.conn(), message.conversation_id).await?
        else {
            return Ok(None);
        };
        let inbox = storage::inboxes::find_by_id(conn.conn(), conversation.inbox_id)
            .await?
            .ok_or(Error::NotFound("inbox"))?;
        let contact = storage::contacts::find_by_id(conn.conn(), conversation.contact_id).await?;
        let labels = storage::conversations::labels(conn.conn(), conversation.id).await?;
        let mut earlier = storage::messages::list(
            conn.conn(),
            conversation.id,
            Some(message.id),
            false,
            history,
        )
        .await?;
        earlier.reverse();
        Ok(Some(TurnContext {
            conversation,
            inbox,
            contact,
            labels,
            message,
            history: earlier,
        }))
    }

    /// Applies a bot's answer to the message `answered`. Returns the conversation when it has
    /// just entered a queue, for routing. Nothing happens once the conversation left the bot (an
    /// agent took it, or this answer was already applied).
    pub async fn apply_bot_action(
        &self,
        conversation_id: Uuid,
        answered: Uuid,
        action: BotAction,
        labels: &[String],
    ) -> Result<Option<Conversation>> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let Some(conversation) =
            storage::conversations::find_for_update(tx.conn(), conversation_id).await?
        else {
            return Ok(None);
        };
        if conversation.status != ConversationStatus::Bot {
            return Ok(None);
        }
        let client_id = format!("bot:{answered}");
        if storage::messages::find_by_client_id(tx.conn(), conversation_id, &client_id)
            .await?
            .is_some()
        {
            return Ok(None);
        }
        let inbox = storage::inboxes::find_by_id(tx.conn(), conversation.inbox_id)
            .await?
            .ok_or(Error::NotFound("inbox"))?;
        let mut change = Change::new(conversation);
        let (reply, handoff) = match action {
            BotAction::Reply(reply) => (reply, None),
            BotAction::ReplyAndHandoff(reply, handoff) => (reply, Some(handoff)),
            BotAction::Handoff(handoff) => (BotReply::default(), Some(handoff)),
            BotAction::Escalate(mut handoff) => {
                handoff.priority = Some(handoff.priority.unwrap_or(Priority::Urgent));
                (BotReply::default(), Some(handoff))
            }
            BotAction::Close(text) => {
                let reply = BotReply::from(text);
                self.bot_message(
                    &mut tx,
                    &mut change,
                    &inbox,
                    &reply,
                    Some(&client_id),
                    false,
                )
                .await?;
                set_status(&mut change, ConversationStatus::Resolved, now);
                self.add_labels(&mut tx, &mut change, labels).await?;
                self.commit(tx, change, EventActor::System).await?;
                return Ok(None);
            }
            BotAction::NoAction => (BotReply::default(), None),
        };
        self.bot_message(
            &mut tx,
            &mut change,
            &inbox,
            &reply,
            Some(&client_id),
            false,
        )
        .await?;
        self.add_labels(&mut tx, &mut change, labels).await?;
        let queued = handoff.is_some();
        if let Some(handoff) = handoff {
            self.queue_for_human(&mut tx, &mut change, &inbox, handoff)
                .await?;
        }
        let conversation = self.commit(tx, change, EventActor::System).await?;
        Ok(queued.then_some(conversation))
    }

    /// Adds labels (names from the catalogue; others are ignored) as the system: classifiers'
    /// confident labels.
    pub async fn add_system_labels(&self, conversation_id: Uuid, labels: &[String]) -> Result<()> {
        if labels.is_empty() {
            return Ok(());
        }
        let mut tx = self.db.begin().await?;
        let Some(conversation) =
            storage::conversations::find_for_update(tx.conn(), conversation_id).await?
        else {
            return Ok(());
        };
        let mut change = Change::new(conversation);
        self.add_labels(&mut tx, &mut change, labels).await?;
        if change.events.is_empty() {
            return Ok(());
        }
        self.commit(tx, change, EventActor::System).await?;
        Ok(())
    }

    /// Stores a bot's outgoing text (or, `private`, a note for the agents); an empty text stores
    /// nothing.
    async fn bot_message(
        &self,
        tx: &mut Tx,
        change: &mut Change,
        inbox: &Inbox,
        reply: &BotReply,
        client_id: Option<&str>,
        private: bool,
    ) -> Result<()> {
        let text = reply.text.trim();
        if text.is_empty() {
            return Ok(());
        }
        let content: String = text
            .chars()
            .take(super::incoming::MAX_CONTENT_CHARS)
            .collect();
        let now = self.now();
        let webhook = !private && inbox.kind == InboxKind::Api && inbox.webhook_url.is_some();
        // The host's own web chat pushes it to the widget: sent now (as agents' replies).
        let widget = inbox.kind == InboxKind::Web && inbox.plugin_id.is_none();
        let delivery_state = if private || (inbox.kind == InboxKind::Api && !webhook) || widget {
            DeliveryState::Sent
        } else {
            DeliveryState::Pending
        };
        let message = Message {
            id: Uuid::now_v7(),
            conversation_id: change.conversation.id,
            inbox_id: inbox.id,
            direction: Direction::Outgoing,
            sender_kind: SenderKind::Bot,
            sender_id: None,
            kind: if private {
                MessageKind::Note
            } else {
                MessageKind::Text
            },
            content,
            delivery_state,
            delivery_error: None,
            delivery_failure: None,
            external_id: None,
            client_message_id: client_id.map(str::to_owned),
            content_attributes: reply.choices.clone().filter(|_| !private).map(|choices| {
                Json(ContentAttributes {
                    choices: Some(choices),
                    ..Default::default()
                })
            }),
            created_at: now,
            updated_at: now,
        };
        storage::messages::insert(tx.conn(), &message).await?;
        if webhook {
            api_webhook::enqueue_message(tx.conn(), inbox, &change.conversation, &message, now)
                .await?;
        }
        // A channel's inbox: the reply goes out through the outbox (the outbox's periodic pass
        // picks it up; the provider has the last word on the reply window).
        if !private && inbox.plugin_id.is_some() {
            outbox::enqueue(tx.conn(), inbox, &message, now).await?;
            self.outbox_ready.notify_one();
        }
        change.conversation.last_activity_at = now;
        change.event(
            EventKind::MessageCreated,
            Some(message),
            EventDetails::default(),
        );
        Ok(())
    }

    /// A router's `enqueue` into another team's queue and/or at another priority, applied as the
    /// system while the conversation still waits unassigned. Returns the conversation when it
    /// moved to another team, whose routing then gets its turn.
    pub(crate) async fn requeue_as_system(
        &self,
        id: Uuid,
        team_id: Option<Uuid>,
        priority: Option<Priority>,
    ) -> Result<Option<Conversation>> {
        let mut tx = self.db.begin().await?;
        let Some(conversation) = storage::conversations::find_for_update(tx.conn(), id).await?
        else {
            return Ok(None);
        };
        if conversation.status != ConversationStatus::Queued || conversation.assignee_id.is_some() {
            return Ok(None);
        }
        let mut change = Change::new(conversation);
        let moved = move_to_team(&mut tx, &mut change, team_id, "router").await?;
        change_priority(&mut change, priority);
        if change.events.is_empty() {
            return Ok(None);
        }
        let conversation = self.commit(tx, change, EventActor::System).await?;
        Ok(moved.then_some(conversation))
    }

    /// Moves a bot's conversation to a queue: the team (checked), the priority, the summary as
    /// a note, then status `queued`.
    async fn queue_for_human(
        &self,
        tx: &mut Tx,
        change: &mut Change,
        inbox: &Inbox,
        handoff: Handoff,
    ) -> Result<()> {
        let now = self.now();
        move_to_team(tx, change, handoff.team_id, &handoff.reason).await?;
        change_priority(change, handoff.priority);
        if let Some(summary) = handoff.summary.as_deref() {
            let note = BotReply::from(summary.to_owned());
            self.bot_message(tx, change, inbox, &note, None, true)
                .await?;
        }
        set_status(change, ConversationStatus::Queued, now);
        Ok(())
    }

    /// Adds the catalogue's labels among `labels` to the conversation, up to the limit; records
    /// an event only when something changed.
    async fn add_labels(&self, tx: &mut Tx, change: &mut Change, labels: &[String]) -> Result<()> {
        if labels.is_empty() {
            return Ok(());
        }
        let id = change.conversation.id;
        let mut current = storage::conversations::labels(tx.conn(), id).await?;
        let before = current.len();
        for label in labels {
            let Ok(label) = crate::labels::normalize_label("labels", label) else {
                continue;
            };
            if current.len() >= MAX_LABELS || current.contains(&label) {
                continue;
            }
            if storage::labels::find(tx.conn(), &label).await?.is_some() {
                current.push(label);
            } else {
                tracing::debug!(conversation = %id, %label, "plugin named a label not in the catalogue");
            }
        }
        if current.len() == before {
            return Ok(());
        }
        current.sort();
        storage::conversations::set_labels(tx.conn(), id, &current).await?;
        let details = EventDetails {
            labels: Some(current),
            ..Default::default()
        };
        change.event(EventKind::LabelsChanged, None, details);
        Ok(())
    }
}

impl ConversationService {
    /// What classifier plugins said about a message the caller already holds (its visibility was
    /// checked when it was read).
    pub async fn classifications(
        &self,
        caller: &crate::auth::Caller,
        message_id: Uuid,
    ) -> Result<Vec<storage::classifications::ClassificationRecord>> {
        caller.require(crate::auth::Permission::ConversationsRead)?;
        let mut conn = self.db.acquire().await?;
        storage::classifications::for_message(conn.conn(), message_id).await
    }
}

/// Moves a waiting conversation into `team`'s queue, with the reason in its history. False when
/// it is already there or the team no longer exists.
async fn move_to_team(
    tx: &mut Tx,
    change: &mut Change,
    team: Option<Uuid>,
    reason: &str,
) -> Result<bool> {
    let Some(team) = team else {
        return Ok(false);
    };
    if change.conversation.team_id == Some(team)
        || storage::teams::find_by_id(tx.conn(), team).await?.is_none()
    {
        return Ok(false);
    }
    let details = EventDetails {
        previous_team_id: change.conversation.team_id,
        team_id: Some(team),
        note: Some(reason.to_owned()),
        ..Default::default()
    };
    change.conversation.team_id = Some(team);
    change.event(EventKind::Transferred, None, details);
    Ok(true)
}

fn change_priority(change: &mut Change, priority: Option<Priority>) {
    if let Some(priority) = priority
        && priority != change.conversation.priority
    {
        change.conversation.priority = priority;
        let details = EventDetails {
            priority: Some(priority),
            ..Default::default()
        };
        change.event(EventKind::PriorityChanged, None, details);
    }
}
