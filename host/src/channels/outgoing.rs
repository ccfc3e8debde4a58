//! What a stored reply becomes for a channel plugin's `send`: its text, or its file as an
//! absolute signed link under `ISPCHAT_PUBLIC_URL` that the provider fetches, or the prompt or
//! template its `content_attributes` carry.

use crate::attachments::Attachment;
use crate::conversations::content::{Choice, ContentAttributes};
use crate::conversations::{DeliveryFailure, Message, MessageKind};
use crate::plugins::v1::bot::ispchat::types::messages as wit;
use crate::plugins::v1::channel::ispchat::types::channel::ChannelInfo;

/// A file with the absolute link the provider fetches it from.
pub struct LinkedFile<'a> {
    pub attachment: &'a Attachment,
    pub url: String,
}

/// Why a reply cannot be given to the channel; the message is marked failed with this reason.
/// `served_by_host`: the channel's customers fetch files from this server (the web chat).
pub fn refusal(
    message: &Message,
    info: Option<&ChannelInfo>,
    public_url: Option<&str>,
    served_by_host: bool,
) -> Option<(DeliveryFailure, String)> {
    if message.kind != MessageKind::Attachment {
        return None;
    }
    if info.is_some_and(|i| !i.supports_attachments) {
        return Some((
            DeliveryFailure::FilesUnsupported,
            "this channel does not accept files".into(),
        ));
    }
    // The web chat widget loads files from this server, under the links it already has.
    if public_url.is_none() && !served_by_host {
        return Some((
            DeliveryFailure::NoPublicUrl,
            "files cannot be sent through channels until the server's public address is set \
             (ISPCHAT_PUBLIC_URL / public_url)"
                .into(),
        ));
    }
    None
}

/// The contents `send` receives. A template goes alone (the provider sends nothing else
/// outside the reply window); a prompt replaces the text it was rendered to where the channel
/// has buttons (`supports-choices`), elsewhere that numbered text goes.
pub fn contents(
    message: &Message,
    files: &[LinkedFile<'_>],
    info: Option<&ChannelInfo>,
) -> Vec<wit::Content> {
    let attributes = message
        .content_attributes
        .as_ref()
        .map(|json| json.0.clone())
        .unwrap_or_default();
    if let Some(template) = attributes.template {
        return vec![wit::Content::Template(wit::Template {
            name: template.name,
            language: template.language,
            parameters: template.parameters,
        })];
    }
    if message.kind == MessageKind::Attachment && !files.is_empty() {
        let caption = Some(message.content.clone()).filter(|c| !c.trim().is_empty());
        return files
            .iter()
            .enumerate()
            .map(|(i, file)| {
                wit::Content::Attachment(wit::Attachment {
                    mime_type: file.attachment.content_type.clone(),
                    url: file.url.clone(),
                    download_headers: vec![],
                    file_name: Some(file.attachment.file_name.clone()),
                    size_bytes: u64::try_from(file.attachment.size).ok(),
                    caption: if i == 0 { caption.clone() } else { None },
                })
            })
            .collect();
    }
    if info.is_some_and(|i| i.supports_choices)
        && let Some(choices) = choices(&attributes)
    {
        return vec![choices];
    }
    vec![wit::Content::Text(message.content.clone())]
}

fn choices(attributes: &ContentAttributes) -> Option<wit::Content> {
    let choices = attributes.choices.as_ref()?;
    let option = |c: &Choice| wit::Choice {
        id: c.id.clone(),
        title: c.title.clone(),
        description: c.description.clone(),
    };
    Some(wit::Content::Choices(wit::Choices {
        prompt: choices.prompt.clone(),
        options: choices.options.iter().map(option).collect(),
    }))
}
