//! What a customer's message contained, as `channel_inbound` keeps it, and what it becomes: the
//! message's text, its `content_attributes`, and the files the host downloads. The text always
//! reads on its own (a caption, a placeholder such as `[location: …]`), so search and
//! notifications work for every kind of content.
//!
//! `other` contents follow conventions that channel plugins share (docs/plugins.md):
//! `{"type":"reaction","emoji":"👍","toExternalId":"…"}` (an empty emoji removes it),
//! `{"type":"contacts","contacts":[{"name":"…","phones":[…],"emails":[…]}]}` and
//! `{"type":"unsupported","providerType":"ephemeral"}`. Anything else is recorded as
//! unsupported, by its `type` when it has one.

use serde::{Deserialize, Serialize};

use crate::conversations::content::{
    Choice, Choices, ContentAttributes, Location, Reaction, SharedContact, Template,
};
use crate::plugins::v1::bot::ispchat::types::messages as wit;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum StoredContent {
    Text { text: String },
    Attachment(StoredAttachment),
    Location(Location),
    Choices(Choices),
    ChoiceSelected(Choice),
    Template(Template),
    Other { json: String },
}

/// A file to download: `url` with `download_headers` (placeholders, never secret values).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredAttachment {
    pub mime_type: String,
    pub url: String,
    #[serde(default)]
    pub download_headers: Vec<(String, String)>,
    pub file_name: Option<String>,
    pub size_bytes: Option<u64>,
    pub caption: Option<String>,
}

impl From<wit::Content> for StoredContent {
    fn from(content: wit::Content) -> Self {
        match content {
            wit::Content::Text(text) => StoredContent::Text { text },
            wit::Content::Attachment(a) => StoredContent::Attachment(StoredAttachment {
                mime_type: a.mime_type,
                url: a.url,
                download_headers: a.download_headers,
                file_name: a.file_name,
                size_bytes: a.size_bytes,
                caption: a.caption,
            }),
            wit::Content::Location(l) => StoredContent::Location(Location {
                latitude: l.latitude,
                longitude: l.longitude,
                name: l.name,
                address: l.address,
            }),
            wit::Content::Choices(c) => StoredContent::Choices(Choices {
                prompt: c.prompt,
                options: c.options.into_iter().map(choice).collect(),
            }),
            wit::Content::ChoiceSelected(c) => StoredContent::ChoiceSelected(choice(c)),
            wit::Content::Template(t) => StoredContent::Template(Template {
                name: t.name,
                language: t.language,
                parameters: t.parameters,
            }),
            wit::Content::Other(json) => StoredContent::Other { json },
        }
    }
}

fn choice(c: wit::Choice) -> Choice {
    Choice {
        id: c.id,
        title: c.title,
        description: c.description,
    }
}

/// What one inbound message becomes before its files are fetched.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Received {
    /// The message's text: its text parts, the first file's caption and placeholders.
    pub text: String,
    pub attributes: ContentAttributes,
    /// Files in the order reported; the first belongs to the message itself.
    pub attachments: Vec<StoredAttachment>,
}

/// Reads a message's contents. The text keeps only what people wrote or named (a caption, a
/// place's name, a shared contact's name and phone); what a location, a reaction or a type the
/// channel cannot show is stays in the attributes, which clients say in the reader's language.
/// A message with nothing at all is `unsupportedType: "empty"`.
pub fn interpret(contents: &[StoredContent], reply_to_external_id: Option<&str>) -> Received {
    let mut received = Received {
        attributes: ContentAttributes {
            reply_to_external_id: reply_to_external_id.map(str::to_owned),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut parts: Vec<String> = Vec::new();
    for content in contents {
        let part = match content {
            StoredContent::Text { text } => text.clone(),
            StoredContent::Attachment(a) => {
                received.attachments.push(a.clone());
                if received.attachments.len() > 1 {
                    continue;
                }
                a.caption.clone().unwrap_or_default()
            }
            StoredContent::Location(l) => {
                received.attributes.location = Some(l.clone());
                [l.name.as_deref(), l.address.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter(|part| !part.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            StoredContent::Choices(c) => {
                received.attributes.choices = Some(c.clone());
                let options = c
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| format!("\n{}. {}", i + 1, o.title));
                std::iter::once(c.prompt.clone()).chain(options).collect()
            }
            StoredContent::ChoiceSelected(c) => {
                received.attributes.choice_selected = Some(c.clone());
                c.title.clone()
            }
            StoredContent::Template(t) => {
                received.attributes.template = Some(t.clone());
                t.parameters.join(", ")
            }
            StoredContent::Other { json } => other(json, &mut received.attributes),
        };
        if !part.trim().is_empty() {
            parts.push(part);
        }
    }
    received.text = parts.join("\n");
    if received.text.is_empty()
        && received.attachments.is_empty()
        && received.attributes.is_empty_of_contents()
    {
        received.attributes.unsupported_type = Some("empty".to_owned());
    }
    received
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OtherContent {
    #[serde(rename = "type")]
    kind: Option<String>,
    emoji: Option<String>,
    to_external_id: Option<String>,
    #[serde(default)]
    contacts: Vec<SharedContact>,
    provider_type: Option<String>,
}

/// Applies one `other` content by the shared conventions; returns its placeholder text.
fn other(json: &str, attributes: &mut ContentAttributes) -> String {
    let Ok(parsed) = serde_json::from_str::<OtherContent>(json) else {
        attributes
            .unsupported_type
            .get_or_insert_with(|| "unknown".to_owned());
        return String::new();
    };
    match (parsed.kind.as_deref(), parsed.emoji, parsed.to_external_id) {
        (Some("reaction"), Some(emoji), Some(to_external_id)) => {
            attributes.reaction = Some(Reaction {
                emoji,
                to_external_id,
            });
            String::new()
        }
        (Some("contacts"), ..) if !parsed.contacts.is_empty() => {
            let shown: Vec<String> = parsed
                .contacts
                .iter()
                .map(|c| {
                    let phone = c
                        .phones
                        .first()
                        .map(|p| format!(" {p}"))
                        .unwrap_or_default();
                    format!("{}{phone}", c.name)
                })
                .collect();
            attributes.contacts.extend(parsed.contacts);
            shown.join("\n")
        }
        (Some("unsupported"), ..) => {
            let kind = parsed.provider_type.unwrap_or_else(|| "unknown".to_owned());
            attributes.unsupported_type = Some(kind);
            String::new()
        }
        (kind, ..) => {
            attributes.unsupported_type = Some(kind.unwrap_or("unknown").to_owned());
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other_json(json: &str) -> StoredContent {
        StoredContent::Other { json: json.into() }
    }

    #[test]
    fn conventions_for_other_contents_fill_the_attributes() {
        let reaction = interpret(
            &[other_json(
                r#"{"type":"reaction","emoji":"👍","toExternalId":"wamid.1"}"#,
            )],
            Some("wamid.0"),
        );
        assert_eq!(reaction.text, "", "what a reaction is, clients say");
        assert_eq!(
            reaction.attributes.reaction.map(|r| r.to_external_id),
            Some("wamid.1".to_owned())
        );
        assert_eq!(
            reaction.attributes.reply_to_external_id.as_deref(),
            Some("wamid.0")
        );
        let removed = interpret(
            &[other_json(
                r#"{"type":"reaction","emoji":"","toExternalId":"w"}"#,
            )],
            None,
        );
        assert_eq!(removed.text, "");
        assert_eq!(
            removed.attributes.reaction.map(|r| r.emoji),
            Some(String::new())
        );
        let contacts = interpret(
            &[other_json(
                r#"{"type":"contacts","contacts":[{"name":"Maria","phones":["+5511999990000"]}]}"#,
            )],
            None,
        );
        assert_eq!(contacts.text, "Maria +5511999990000");
        assert_eq!(contacts.attributes.contacts[0].name, "Maria");
        let ephemeral = interpret(
            &[other_json(
                r#"{"type":"unsupported","providerType":"ephemeral"}"#,
            )],
            None,
        );
        assert_eq!(ephemeral.text, "");
        assert_eq!(
            ephemeral.attributes.unsupported_type.as_deref(),
            Some("ephemeral")
        );
        let unknown = interpret(&[other_json(r#"{"type":"poll"}"#)], None);
        assert_eq!(unknown.text, "");
        assert_eq!(unknown.attributes.unsupported_type.as_deref(), Some("poll"));
    }

    #[test]
    fn the_first_file_carries_the_text_and_later_files_keep_their_captions() {
        let file = |caption: &str| {
            StoredContent::Attachment(StoredAttachment {
                mime_type: "image/png".into(),
                url: "https://media.example/1".into(),
                download_headers: vec![],
                file_name: None,
                size_bytes: None,
                caption: Some(caption.into()),
            })
        };
        let received = interpret(&[file("modem"), file("fatura")], None);
        assert_eq!(received.text, "modem");
        assert_eq!(received.attachments.len(), 2);
        assert!(received.attributes.is_empty());
        let location = interpret(
            &[StoredContent::Location(Location {
                latitude: -23.5,
                longitude: -46.25,
                name: Some("Casa".into()),
                address: None,
            })],
            None,
        );
        assert_eq!(location.text, "Casa", "the place's name, for search");
        assert!(location.attributes.location.is_some());
        let nothing = interpret(&[], None);
        assert_eq!(nothing.text, "");
        assert_eq!(
            nothing.attributes.unsupported_type.as_deref(),
            Some("empty")
        );
    }

    #[test]
    fn stored_contents_survive_a_round_trip() {
        let contents = vec![
            StoredContent::Text { text: "oi".into() },
            other_json("{}"),
            StoredContent::ChoiceSelected(Choice {
                id: "a".into(),
                title: "Sim".into(),
                description: None,
            }),
        ];
        let json = serde_json::to_string(&contents).unwrap_or_default();
        let back: Vec<StoredContent> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, contents);
    }
}
