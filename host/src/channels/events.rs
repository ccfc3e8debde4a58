//! What a channel plugin's webhook reported, in the form `channel_inbound` keeps: plain serde
//! JSON, readable by an operator and by later host versions, independent of the WIT bindings.

use serde::{Deserialize, Serialize};

pub use super::contents::{Received, StoredAttachment, StoredContent, interpret};
use crate::conversations::DeliveryState;
use crate::plugins::v1::bot::ispchat::types::messages::{self as wit, Content};
use crate::plugins::v1::channel::ispchat::types::channel::InboundEvent;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum StoredEvent {
    #[serde(rename_all = "camelCase")]
    Message {
        external_id: String,
        sender: StoredSender,
        /// The contents rendered as one text (see [`render`]): all that rows written before
        /// `contents` was kept have.
        text: String,
        /// The contents as reported; empty in older rows, which then store `text`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        contents: Vec<StoredContent>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reply_to_external_id: Option<String>,
        sent_at_ms: u64,
    },
    #[serde(rename_all = "camelCase")]
    Delivery {
        external_id: String,
        state: DeliveryState,
        at_ms: u64,
        error: Option<String>,
    },
    /// Logged and kept on the row; nothing to apply yet.
    Other { json: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredSender {
    pub external_id: String,
    pub display_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl From<InboundEvent> for StoredEvent {
    fn from(event: InboundEvent) -> Self {
        match event {
            InboundEvent::Message(m) => StoredEvent::Message {
                external_id: m.external_id,
                sender: StoredSender {
                    external_id: m.sender.external_id,
                    display_name: m.sender.display_name,
                    phone: m.sender.phone,
                    email: m.sender.email,
                },
                text: render(&m.contents),
                contents: m.contents.into_iter().map(Into::into).collect(),
                reply_to_external_id: m.reply_to_external_id,
                sent_at_ms: m.sent_at,
            },
            InboundEvent::Delivery(d) => StoredEvent::Delivery {
                external_id: d.external_id,
                state: match d.state {
                    wit::DeliveryState::Pending => DeliveryState::Pending,
                    wit::DeliveryState::Sent => DeliveryState::Sent,
                    wit::DeliveryState::Delivered => DeliveryState::Delivered,
                    wit::DeliveryState::Read => DeliveryState::Read,
                    wit::DeliveryState::Failed => DeliveryState::Failed,
                },
                at_ms: d.at,
                error: d.error,
            },
            InboundEvent::Other(json) => StoredEvent::Other { json },
        }
    }
}

/// A provider's events, storable: every U+0000 in their text (PostgreSQL can store it neither in
/// text nor in JSONB) replaced by U+FFFD. A provider's message is kept, not refused: nobody can
/// retype it.
pub fn storable(events: Vec<StoredEvent>) -> Vec<StoredEvent> {
    let Ok(mut value) = serde_json::to_value(&events) else {
        return events;
    };
    if !replace_nul(&mut value) {
        return events;
    }
    serde_json::from_value(value).unwrap_or(events)
}

/// Replaces U+0000 in every string (and key); `true` if it found any.
fn replace_nul(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) if text.contains('\0') => {
            *text = text.replace('\0', "\u{FFFD}");
            true
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |found, item| replace_nul(item) | found),
        serde_json::Value::Object(fields) => {
            let keyed = fields.keys().any(|k| k.contains('\0'));
            if keyed {
                let entries: Vec<(String, serde_json::Value)> = std::mem::take(fields)
                    .into_iter()
                    .map(|(k, v)| (k.replace('\0', "\u{FFFD}"), v))
                    .collect();
                fields.extend(entries);
            }
            fields
                .values_mut()
                .fold(keyed, |found, item| replace_nul(item) | found)
        }
        _ => false,
    }
}

/// A message's contents as one text. Only text is stored as such today: files, locations and
/// the rest become a readable placeholder until attachments are downloaded (with WhatsApp).
pub fn render(contents: &[Content]) -> String {
    let parts: Vec<String> = contents
        .iter()
        .map(|content| match content {
            Content::Text(text) => text.clone(),
            Content::Attachment(a) => {
                let name = a.file_name.as_deref().unwrap_or(&a.mime_type);
                match a.caption.as_deref().filter(|c| !c.trim().is_empty()) {
                    Some(caption) => format!("[file: {name}] {caption}"),
                    None => format!("[file: {name}]"),
                }
            }
            Content::Location(l) => {
                let place = l.name.as_deref().or(l.address.as_deref()).unwrap_or("");
                format!("[location: {place} {:.6},{:.6}]", l.latitude, l.longitude)
                    .replace(":  ", ": ")
            }
            Content::Choices(c) => {
                let options: Vec<String> = c
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| format!("{}. {}", i + 1, o.title))
                    .collect();
                format!("{}\n{}", c.prompt, options.join("\n"))
            }
            Content::ChoiceSelected(choice) => choice.title.clone(),
            Content::Template(t) => format!("[template: {}]", t.name),
            Content::Other(_) => "[unsupported content]".to_owned(),
        })
        .filter(|part| !part.trim().is_empty())
        .collect();
    if parts.is_empty() {
        "[empty message]".to_owned()
    } else {
        parts.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugins::v1::bot::ispchat::types::messages::{Attachment, Location};

    #[test]
    fn non_text_contents_become_readable_placeholders() {
        let contents = vec![
            Content::Text("olá".into()),
            Content::Attachment(Attachment {
                mime_type: "image/jpeg".into(),
                url: "https://example.test/x".into(),
                download_headers: vec![],
                file_name: Some("modem.jpg".into()),
                size_bytes: None,
                caption: Some("luz vermelha".into()),
            }),
            Content::Location(Location {
                latitude: -23.5,
                longitude: -46.25,
                name: None,
                address: None,
            }),
        ];
        assert_eq!(
            render(&contents),
            "olá\n[file: modem.jpg] luz vermelha\n[location: -23.500000,-46.250000]"
        );
        assert_eq!(render(&[]), "[empty message]");
    }
}
