//! Agents sending a provider-approved template (WhatsApp's HSM): the one message a channel
//! accepts after its reply window closed, and the way to write first. Stored with the template
//! in `content_attributes`, which the outbox hands to the channel and clients show in the
//! reader's language; the text is its parameters (`Maria, 20/12`), for search.

use uuid::Uuid;

use super::content::{ContentAttributes, Template};
use super::incoming::validate_key;
use super::messaging::OutgoingMessage;
use super::{ConversationService, Message};
use crate::auth::Caller;
use crate::error::{Error, Result};

const MAX_NAME: usize = 512;
const MAX_PARAMETERS: usize = 50;
const MAX_PARAMETER_CHARS: usize = 1024;

impl ConversationService {
    /// Sends `template` as a reply, whatever the reply window; refused where the inbox's
    /// channel has no templates.
    pub async fn send_template(
        &self,
        caller: &Caller,
        conversation_id: Uuid,
        template: Template,
        client_message_id: Option<&str>,
    ) -> Result<Message> {
        let template = validate(template)?;
        let client_id = client_message_id
            .map(|id| validate_key("clientMessageId", id))
            .transpose()?;
        let content = describe(&template);
        let attributes = ContentAttributes {
            template: Some(template),
            ..Default::default()
        };
        let scope = self.write_scope(caller).await?;
        let checked = OutgoingMessage {
            content: &content,
            client_message_id: client_id.as_deref(),
            private: false,
            attributes: Some(&attributes),
        };
        retry_on_conflict!(
            self.send_once(caller, &scope, conversation_id, &checked, None)
                .await
        )
    }
}

/// WhatsApp's rules for names (lowercase letters, digits, `_`) and language codes (`pt_BR`).
fn validate(template: Template) -> Result<Template> {
    let name = template.name.trim();
    if name.is_empty()
        || name.len() > MAX_NAME
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(Error::invalid(
            "template.name",
            "must be 1 to 512 lowercase letters, digits or underscores",
        ));
    }
    let language = template.language.trim();
    if !(2..=15).contains(&language.len())
        || !language
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
    {
        return Err(Error::invalid(
            "template.language",
            "must be a language code such as pt_BR or en",
        ));
    }
    if template.parameters.len() > MAX_PARAMETERS {
        return Err(Error::invalid(
            "template.parameters",
            format!("at most {MAX_PARAMETERS} parameters"),
        ));
    }
    if template
        .parameters
        .iter()
        .any(|p| p.trim().is_empty() || p.chars().count() > MAX_PARAMETER_CHARS)
    {
        return Err(Error::invalid(
            "template.parameters",
            format!("each must be 1 to {MAX_PARAMETER_CHARS} characters, not blank"),
        ));
    }
    Ok(Template {
        name: name.to_owned(),
        language: language.to_owned(),
        parameters: template.parameters,
    })
}

/// The text of a template message: its parameters, which are data, not words of ours.
fn describe(template: &Template) -> String {
    template.parameters.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, language: &str, parameters: &[&str]) -> Template {
        Template {
            name: name.into(),
            language: language.into(),
            parameters: parameters.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    fn field(result: Result<Template>) -> String {
        match result {
            Err(Error::InvalidInput { field, .. }) => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn templates_text_is_their_parameters_alone() {
        assert_eq!(
            describe(&template("hello_world", "pt_BR", &["Maria", "20/12"])),
            "Maria, 20/12"
        );
        assert_eq!(describe(&template("boas_vindas", "pt_BR", &[])), "");
    }

    #[test]
    fn invalid_templates_name_the_field() {
        assert_eq!(
            field(validate(template("Hello World", "pt_BR", &[]))),
            "template.name"
        );
        assert_eq!(
            field(validate(template("ok", "pt BR!", &[]))),
            "template.language"
        );
        assert_eq!(
            field(validate(template("ok", "pt_BR", &[" "]))),
            "template.parameters"
        );
        assert!(validate(template(" fatura_vencida ", "pt_BR", &["R$ 99,90"])).is_ok());
    }
}
