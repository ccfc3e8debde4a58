//! What a message carries besides its text and files, stored as JSON in
//! `messages.content_attributes`: the structured parts channels exchange (a location, an
//! interactive prompt, a template…). The text of such a message stays readable on its own (a
//! placeholder or the prompt), so search, notifications and older clients keep working.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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
    /// A file the customer sent that the server could not keep; the message keeps its caption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_file: Option<MissingFile>,
}

impl ContentAttributes {
    pub fn is_empty(&self) -> bool {
        *self == ContentAttributes::default()
    }

    /// Whether nothing but the reply reference is set: no location, prompt, answer, template,
    /// contact, reaction or unsupported type a client could show instead of text.
    pub fn is_empty_of_contents(&self) -> bool {
        ContentAttributes {
            reply_to_external_id: None,
            ..self.clone()
        }
        .is_empty()
    }
}

/// A customer's file that did not arrive, and why: clients say the reason in the reader's
/// language; `detail` is the server's English account for operators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingFile {
    pub reason: MissingFileReason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, async_graphql::Enum)]
#[serde(rename_all = "camelCase")]
pub enum MissingFileReason {
    /// The upload rules refused it (its type or size).
    Refused,
    /// The channel's server did not hand it over, after every retry.
    Unavailable,
    /// A web chat upload was lost before it was stored.
    Lost,
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

impl Choices {
    /// A prompt as agents may send it: 1 to 10 options (WhatsApp shows up to 3 as buttons, up to
    /// 10 as a list), distinct ids, short titles.
    pub fn validate(self) -> Result<Choices> {
        let prompt = self.prompt.trim();
        if prompt.is_empty() || prompt.chars().count() > 1024 {
            return Err(Error::invalid(
                "choices.prompt",
                "must be 1 to 1024 characters",
            ));
        }
        if self.options.is_empty() || self.options.len() > 10 {
            return Err(Error::invalid("choices.options", "give 1 to 10 options"));
        }
        let mut options: Vec<Choice> = Vec::with_capacity(self.options.len());
        for option in self.options {
            let id = option.id.trim().to_owned();
            let title = option.title.trim().to_owned();
            if id.is_empty() || id.len() > 200 || options.iter().any(|o| o.id == id) {
                return Err(Error::invalid(
                    "choices.options",
                    "each id must be 1 to 200 characters and distinct",
                ));
            }
            if title.is_empty() || title.chars().count() > 100 {
                return Err(Error::invalid(
                    "choices.options",
                    "each title must be 1 to 100 characters",
                ));
            }
            let description = option
                .description
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty());
            if description
                .as_ref()
                .is_some_and(|d| d.chars().count() > 200)
            {
                return Err(Error::invalid(
                    "choices.options",
                    "each description must be at most 200 characters",
                ));
            }
            options.push(Choice {
                id,
                title,
                description,
            });
        }
        Ok(Choices {
            prompt: prompt.to_owned(),
            options,
        })
    }
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
    fn prompts_need_options_with_distinct_ids() {
        let choice = |id: &str| Choice {
            id: id.into(),
            title: "Segunda via".into(),
            description: Some(" ".into()),
        };
        let field = |choices: Choices| match choices.validate() {
            Err(Error::InvalidInput { field, .. }) => field,
            other => format!("{other:?}"),
        };
        let prompt = |options: Vec<Choice>| Choices {
            prompt: "Qual serviço?".into(),
            options,
        };
        assert_eq!(field(prompt(vec![])), "choices.options");
        assert_eq!(
            field(prompt(vec![choice("a"), choice("a")])),
            "choices.options"
        );
        assert_eq!(
            field(Choices {
                prompt: " ".into(),
                options: vec![choice("a")]
            }),
            "choices.prompt"
        );
        let valid = prompt(vec![choice("a"), choice("b")]).validate().unwrap();
        assert_eq!(valid.options[0].description, None);
    }

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
