//! The structured parts of a message (`Message.attributes`) and sending templates.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use super::conversations::MessageObject;
use super::errors::GqlResult;
use super::{caller, parse_id, services};
use crate::conversations::content::{self, ContentAttributes};

/// What a message carries besides its text and files: a location, a reaction, a template, a
/// type the channel cannot show… Clients show these in the reader's language; `content` keeps
/// only what people wrote or named (a caption, a place's name, a template's parameters) and may
/// be empty. `unsupportedType` is `empty` for a message that came with nothing at all.
#[derive(SimpleObject)]
#[graphql(name = "MessageAttributes")]
pub struct MessageAttributes {
    location: Option<Location>,
    /// An interactive prompt sent to the customer (buttons or a list).
    choices: Option<Choices>,
    /// The customer's answer to a prompt.
    choice_selected: Option<Choice>,
    /// The provider-approved template this message was sent as.
    template: Option<Template>,
    /// Contact cards the customer shared.
    contacts: Vec<SharedContact>,
    reaction: Option<Reaction>,
    /// The provider's name for a message type the channel cannot show, e.g. `ephemeral`.
    unsupported_type: Option<String>,
    /// The channel's id of the message this one answers.
    reply_to_external_id: Option<String>,
    /// A file the customer sent that the server could not keep; `content` keeps its caption.
    missing_file: Option<MissingFile>,
}

impl MessageAttributes {
    /// `None` when the message has no structured parts.
    pub fn of(attributes: Option<&ContentAttributes>) -> Option<Self> {
        let a = attributes.filter(|a| !a.is_empty())?.clone();
        Some(MessageAttributes {
            location: a.location.map(|l| Location {
                latitude: l.latitude,
                longitude: l.longitude,
                name: l.name,
                address: l.address,
            }),
            choices: a.choices.map(|c| Choices {
                prompt: c.prompt,
                options: c.options.into_iter().map(Choice::from).collect(),
            }),
            choice_selected: a.choice_selected.map(Choice::from),
            template: a.template.map(|t| Template {
                name: t.name,
                language: t.language,
                parameters: t.parameters,
            }),
            contacts: a
                .contacts
                .into_iter()
                .map(|c| SharedContact {
                    name: c.name,
                    phones: c.phones,
                    emails: c.emails,
                })
                .collect(),
            reaction: a.reaction.map(|r| Reaction {
                emoji: r.emoji,
                to_external_id: r.to_external_id,
            }),
            unsupported_type: a.unsupported_type,
            reply_to_external_id: a.reply_to_external_id,
            missing_file: a.missing_file.map(|m| MissingFile {
                reason: m.reason,
                file_name: m.file_name,
                mime_type: m.mime_type,
                detail: m.detail,
            }),
        })
    }
}

/// A customer's file that did not arrive. Clients say `reason` in the reader's language;
/// `detail` is the server's English account, for operators.
#[derive(SimpleObject)]
pub struct MissingFile {
    reason: content::MissingFileReason,
    file_name: Option<String>,
    mime_type: Option<String>,
    detail: String,
}

#[derive(SimpleObject)]
pub struct Location {
    latitude: f64,
    longitude: f64,
    name: Option<String>,
    address: Option<String>,
}

#[derive(SimpleObject)]
pub struct Choices {
    prompt: String,
    options: Vec<Choice>,
}

/// One button or list row of a prompt.
#[derive(SimpleObject)]
pub struct Choice {
    id: String,
    title: String,
    description: Option<String>,
}

impl From<content::Choice> for Choice {
    fn from(c: content::Choice) -> Self {
        Choice {
            id: c.id,
            title: c.title,
            description: c.description,
        }
    }
}

#[derive(SimpleObject)]
pub struct Template {
    name: String,
    /// e.g. `pt_BR`.
    language: String,
    parameters: Vec<String>,
}

#[derive(SimpleObject)]
pub struct SharedContact {
    name: String,
    phones: Vec<String>,
    emails: Vec<String>,
}

#[derive(SimpleObject)]
pub struct Reaction {
    /// Empty when the customer removed their reaction.
    emoji: String,
    /// The channel's id of the message reacted to.
    to_external_id: String,
}

/// An interactive prompt: buttons (up to 3 on WhatsApp) or a list (up to 10).
#[derive(InputObject)]
pub struct ChoicesInput {
    prompt: String,
    options: Vec<ChoiceInput>,
}

#[derive(InputObject)]
pub struct ChoiceInput {
    /// Returned in the customer's answer (`attributes.choiceSelected.id`).
    id: String,
    title: String,
    description: Option<String>,
}

impl ChoicesInput {
    pub fn into_choices(self) -> content::Choices {
        content::Choices {
            prompt: self.prompt,
            options: self
                .options
                .into_iter()
                .map(|o| content::Choice {
                    id: o.id,
                    title: o.title,
                    description: o.description,
                })
                .collect(),
        }
    }
}

/// A template approved at the provider (WhatsApp: Business Manager), by name and language.
#[derive(InputObject)]
pub struct TemplateInput {
    /// e.g. `hello_world`.
    name: String,
    /// e.g. `pt_BR`.
    language: String,
    /// The values of the template's `{{1}}`, `{{2}}`… in order.
    #[graphql(default)]
    parameters: Vec<String>,
}

#[derive(Default)]
pub struct TemplateMutation;

#[Object]
impl TemplateMutation {
    /// Sends a template as a reply: the only message a channel such as WhatsApp accepts once its
    /// 24-hour window closed. Refused (field `template`) where the inbox's channel has no
    /// templates. The same `clientMessageId` sent again returns the first message.
    async fn send_template(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        template: TemplateInput,
        client_message_id: Option<String>,
    ) -> async_graphql::Result<MessageObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        let template = content::Template {
            name: template.name,
            language: template.language,
            parameters: template.parameters,
        };
        services(ctx)
            .conversations
            .send_template(caller(ctx), id, template, client_message_id.as_deref())
            .await
            .map(MessageObject)
            .gql()
    }
}
