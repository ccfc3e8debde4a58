//! The engine's values as the WIT shapes them, and plugins' answers in the engine's terms.

use crate::contacts::Contact;
use crate::conversations::content::{Choice, Choices};
use crate::conversations::{
    BotAction, BotReply, Conversation, ConversationStatus, DeliveryState, Direction, Handoff,
    Message, MessageKind, Priority, SenderKind,
};
use crate::plugins::v1::bot::ispchat::types::{bot, common, conversations, messages};
use crate::teams::Team;

fn ms(at: chrono::DateTime<chrono::Utc>) -> u64 {
    u64::try_from(at.timestamp_millis()).unwrap_or(0)
}

pub fn message(m: &Message) -> messages::Message {
    messages::Message {
        id: m.id.to_string(),
        conversation_id: m.conversation_id.to_string(),
        direction: match m.direction {
            Direction::Incoming => messages::Direction::Incoming,
            Direction::Outgoing => messages::Direction::Outgoing,
        },
        kind: match m.kind {
            MessageKind::Text => messages::MessageKind::Text,
            MessageKind::Attachment => messages::MessageKind::Attachment,
            MessageKind::Note => messages::MessageKind::Note,
            MessageKind::Event => messages::MessageKind::Event,
        },
        sender_kind: match m.sender_kind {
            SenderKind::Contact => messages::SenderKind::Contact,
            SenderKind::Agent => messages::SenderKind::Agent,
            SenderKind::Bot => messages::SenderKind::Bot,
            SenderKind::System => messages::SenderKind::System,
        },
        sender_id: m.sender_id.map(|id| id.to_string()),
        // Attachments reach plugins as their caption for now: signed links for plugins come
        // with the channel outbox.
        contents: if m.content.is_empty() {
            Vec::new()
        } else {
            vec![messages::Content::Text(m.content.clone())]
        },
        delivery_state: match m.delivery_state {
            DeliveryState::Pending => messages::DeliveryState::Pending,
            DeliveryState::Sent => messages::DeliveryState::Sent,
            DeliveryState::Delivered => messages::DeliveryState::Delivered,
            DeliveryState::Read => messages::DeliveryState::Read,
            DeliveryState::Failed => messages::DeliveryState::Failed,
        },
        external_id: m.external_id.clone(),
        created_at: ms(m.created_at),
        ext: "{}".into(),
    }
}

pub fn priority(p: Priority) -> common::Priority {
    match p {
        Priority::Low => common::Priority::Low,
        Priority::Normal => common::Priority::Normal,
        Priority::High => common::Priority::High,
        Priority::Urgent => common::Priority::Urgent,
    }
}

pub fn from_priority(p: common::Priority) -> Priority {
    match p {
        common::Priority::Low => Priority::Low,
        common::Priority::Normal => Priority::Normal,
        common::Priority::High => Priority::High,
        common::Priority::Urgent => Priority::Urgent,
    }
}

pub fn conversation(
    c: &Conversation,
    inbox_kind: &str,
    contact: Option<&Contact>,
    labels: Vec<String>,
) -> conversations::Conversation {
    conversations::Conversation {
        id: c.id.to_string(),
        protocol: c.protocol.clone(),
        inbox_id: c.inbox_id.to_string(),
        inbox_kind: inbox_kind.to_owned(),
        status: match c.status {
            ConversationStatus::Bot => conversations::Status::Bot,
            ConversationStatus::Queued => conversations::Status::Queued,
            ConversationStatus::Open => conversations::Status::Open,
            ConversationStatus::Pending => conversations::Status::Pending,
            ConversationStatus::Snoozed => conversations::Status::Snoozed,
            ConversationStatus::Resolved => conversations::Status::Resolved,
        },
        priority: priority(c.priority),
        team_id: c.team_id.map(|id| id.to_string()),
        assignee_id: c.assignee_id.map(|id| id.to_string()),
        labels,
        contact: conversations::Contact {
            id: c.contact_id.to_string(),
            name: contact.map(|k| k.name.clone()).unwrap_or_default(),
            phone: contact.and_then(|k| k.phone.clone()),
            email: contact.and_then(|k| k.email.clone()),
            custom_attributes: contact
                .map(|k| k.custom_attributes.0.to_string())
                .unwrap_or_else(|| "{}".into()),
            ext: "{}".into(),
        },
        created_at: ms(c.created_at),
        queued_at: c.queued_at.map(ms),
        ext: "{}".into(),
    }
}

/// The text of a bot's contents: text as is, other kinds as the closest text (a channel that
/// renders richer contents comes with the channel outbox).
fn text(contents: &[messages::Content]) -> String {
    contents
        .iter()
        .filter_map(|c| match c {
            messages::Content::Text(text) => Some(text.clone()),
            messages::Content::Choices(choices) => Some(
                std::iter::once(choices.prompt.clone())
                    .chain(
                        choices
                            .options
                            .iter()
                            .enumerate()
                            .map(|(i, o)| format!("{}. {}", i + 1, o.title)),
                    )
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            messages::Content::Attachment(a) => a.caption.clone(),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Text from a plugin, storable: U+0000 (which PostgreSQL cannot store in text) becomes U+FFFD.
pub fn storable(text: String) -> String {
    if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text
    }
}

/// A bot's reply: its text, and its first prompt kept whole for channels with buttons.
fn reply(contents: &[messages::Content]) -> BotReply {
    let choices = contents.iter().find_map(|c| match c {
        messages::Content::Choices(choices) => Some(Choices {
            prompt: storable(choices.prompt.clone()),
            options: choices
                .options
                .iter()
                .map(|o| Choice {
                    id: storable(o.id.clone()),
                    title: storable(o.title.clone()),
                    description: o.description.clone().map(storable),
                })
                .collect(),
        }),
        _ => None,
    });
    BotReply {
        text: storable(text(contents)),
        choices,
    }
}

/// A bot's handoff: `team` is a team id or exact name (unknown ones keep the team).
fn handoff(h: bot::Handoff, teams: &[Team]) -> Handoff {
    let team_id = h.team.as_deref().map(str::trim).and_then(|wanted| {
        teams
            .iter()
            .find(|t| t.id.to_string() == wanted || t.name == wanted)
            .map(|t| t.id)
    });
    Handoff {
        team_id,
        priority: h.priority.map(from_priority),
        summary: h.summary.map(storable),
        reason: storable(h.reason),
    }
}

pub fn bot_action(action: bot::Action, teams: &[Team]) -> BotAction {
    match action {
        bot::Action::Reply(contents) => BotAction::Reply(reply(&contents)),
        bot::Action::ReplyAndHandoff(r) => {
            BotAction::ReplyAndHandoff(reply(&r.reply), handoff(r.handoff, teams))
        }
        bot::Action::Handoff(h) => BotAction::Handoff(handoff(h, teams)),
        bot::Action::Escalate(h) => BotAction::Escalate(handoff(h, teams)),
        bot::Action::Close(c) => BotAction::Close(storable(text(&c.reply))),
        bot::Action::NoAction => BotAction::NoAction,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bots_prompt_is_kept_whole_beside_its_numbered_text() {
        let contents = vec![
            messages::Content::Text("Escolha:".into()),
            messages::Content::Choices(messages::Choices {
                prompt: "Qual serviço?".into(),
                options: vec![messages::Choice {
                    id: "2via".into(),
                    title: "Segunda via".into(),
                    description: None,
                }],
            }),
        ];
        let answer = reply(&contents);
        assert_eq!(answer.text, "Escolha:\n\nQual serviço?\n1. Segunda via");
        let choices = answer.choices.unwrap_or_else(|| panic!("choices kept"));
        assert_eq!(choices.prompt, "Qual serviço?");
        assert_eq!(choices.options[0].id, "2via");
        assert!(
            reply(&[messages::Content::Text("oi".into())])
                .choices
                .is_none()
        );
    }
}
