//! What a channel plugin's webhook reported, in the form `channel_inbound` keeps: plain serde
//! JSON, readable by an operator and by later host versions, independent of the WIT bindings.

use serde::{Deserialize, Serialize};

pub use super::contents::{Received, StoredAttachment, StoredContent, interpret};
use crate::conversations::DeliveryState;
use crate::plugins::v1::bot::ispchat::types::messages as wit;
use crate::plugins::v1::channel::ispchat::types::channel::InboundEvent;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum StoredEvent {
    #[serde(rename_all = "camelCase")]
    Message {
        external_id: String,
        sender: StoredSender,
        /// The contents as one English text: all that rows written before `contents` was kept
        /// have. New rows leave it out: `contents` says everything, as data.
        #[serde(default, skip_serializing_if = "String::is_empty")]
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
                text: String::new(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugins::v1::bot::ispchat::types::messages::{Content, Location};
    use crate::plugins::v1::channel::ispchat::types::channel::{InboundMessage, Sender};

    #[test]
    fn a_stored_message_keeps_its_contents_as_data_and_no_english_text() {
        let reported = InboundEvent::Message(InboundMessage {
            external_id: "wamid.1".into(),
            sender: Sender {
                external_id: "5511999990001".into(),
                display_name: None,
                phone: None,
                email: None,
            },
            contents: vec![Content::Location(Location {
                latitude: -23.5,
                longitude: -46.25,
                name: None,
                address: None,
            })],
            reply_to_external_id: None,
            sent_at: 1,
            ext: "{}".into(),
        });
        let stored = serde_json::to_value(StoredEvent::from(reported)).unwrap();
        assert!(stored.get("text").is_none(), "{stored}");
        assert_eq!(stored["contents"][0]["type"], "location", "{stored}");
        assert_eq!(stored["contents"][0]["latitude"], -23.5, "{stored}");

        // A row from before `contents` was kept still reads, with its text.
        let old: StoredEvent = serde_json::from_value(serde_json::json!({
            "type": "message", "externalId": "wamid.0", "text": "oi",
            "sender": { "externalId": "5511999990001" }, "sentAtMs": 1,
        }))
        .unwrap();
        assert!(matches!(old, StoredEvent::Message { text, contents, .. }
            if text == "oi" && contents.is_empty()));
    }
}
