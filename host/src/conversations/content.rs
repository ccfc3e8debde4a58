//! What a message carries besides its text and files, stored as JSON in
//! `messages.content_attributes`: the structured parts channels exchange (a location, an
//! interactive prompt, a template…). The text of such a message stays readable on its own (a
//! placeholder or the prompt), so search, notifications and older clients keep working.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContentAttributes {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// An interactive prompt sent to the customer (buttons or a list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Choices>,
    /// The customer's answer to a prompt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice_selected: Option<Choice>,
    /// A provider-approved template (WhatsApp), the only message allowed outside the reply window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<Template>,
    /// Contact cards the customer shared.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<SharedContact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reaction: Option<Reaction>,
    /// The provider's name for a message type the channel cannot show, e.g. `ephemeral`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsupported_type: Option<String>,
    /// The channel's id of the message this one answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to_external_id: Option<String>,
}

impl ContentAttributes {
    pub fn is_empty(&self) -> bool {
        *self == ContentAttributes::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub name: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Choices {
    pub prompt: String,
    pub options: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub name: String,
    /// The template's language code, e.g. `pt_BR`.
    pub language: String,
    pub parameters: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SharedContact {
    pub name: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reaction {
    /// Empty when the customer removed their reaction.
    pub emoji: String,
    /// The channel's id of the message reacted to.
    pub to_external_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_present_parts_are_stored() {
        let attributes = ContentAttributes {
            reaction: Some(Reaction {
                emoji: "👍".into(),
                to_external_id: "wamid.1".into(),
            }),
            ..Default::default()
        };
        let json = serde_json::to_string(&attributes).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"reaction":{"emoji":"👍","toExternalId":"wamid.1"}}"#
        );
        let back: ContentAttributes = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, attributes);
        assert!(ContentAttributes::default().is_empty());
        assert!(!back.is_empty());
    }
}
