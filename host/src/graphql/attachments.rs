//! Files in messages: the `Upload` scalar, `Attachment` objects with their download links, and
//! `sendAttachment`.

use async_graphql::{
    Context, ID, InputValueError, InputValueResult, Object, Scalar, ScalarType, Value,
};
use chrono::{DateTime, Utc};
use std::io::Seek;

use super::conversations::MessageObject;
use super::errors::GqlResult;
use super::{caller, parse_id, services};
use crate::attachments::{Attachment, AttachmentService, NewFile, SignedUrl};
use crate::conversations::OutgoingAttachment;
use crate::error::{Error, Result};

/// How the multipart request spec's `map` puts a file into the variables (set by async-graphql).
const FILE_PREFIX: &str = "#__graphql_file__:";

/// A file sent to `/graphql/upload`. Our own scalar rather than `async_graphql::Upload`, whose
/// parser panics on a forged reference such as `"#__graphql_file__:x"` in a plain JSON request;
/// this one refuses it as bad input.
pub struct Upload(usize);

/// A file part of a GraphQL multipart request, sent to `/graphql/upload`.
#[Scalar(
    name = "Upload",
    specified_by_url = "https://github.com/jaydenseric/graphql-multipart-request-spec"
)]
impl ScalarType for Upload {
    fn parse(value: Value) -> InputValueResult<Self> {
        if let Value::String(text) = &value
            && let Some(index) = text.strip_prefix(FILE_PREFIX).and_then(|i| i.parse().ok())
        {
            return Ok(Upload(index));
        }
        Err(InputValueError::custom(
            "is not a file part of this multipart request",
        ))
    }

    fn to_value(&self) -> Value {
        Value::Null
    }
}

impl Upload {
    /// The uploaded file's content as a plain file, read from its start.
    pub(super) fn open_std(&self, ctx: &Context<'_>, field: &str) -> Result<std::fs::File> {
        let upload = ctx
            .query_env
            .uploads
            .get(self.0)
            .ok_or_else(|| Error::invalid(field, "is not a file part of this request"))?;
        let mut content = upload.content.try_clone().map_err(Error::internal)?;
        content.rewind().map_err(Error::internal)?;
        Ok(content)
    }

    /// The uploaded file, read from its start.
    pub(super) fn open(&self, ctx: &Context<'_>) -> Result<NewFile<tokio::fs::File>> {
        let upload = ctx
            .query_env
            .uploads
            .get(self.0)
            .ok_or_else(|| Error::invalid("file", "is not a file part of this request"))?;
        // The clone shares the read position with any other use of the same part: rewind.
        let mut content = upload.content.try_clone().map_err(Error::internal)?;
        content.rewind().map_err(Error::internal)?;
        Ok(NewFile {
            file_name: upload.filename.clone(),
            declared_type: upload.content_type.clone(),
            size: content.metadata().ok().map(|m| m.len()),
            content: tokio::fs::File::from_std(content),
        })
    }
}

pub struct AttachmentObject {
    attachment: Attachment,
    link: SignedUrl,
}

impl AttachmentObject {
    pub fn new(service: &AttachmentService, attachment: Attachment) -> Self {
        AttachmentObject {
            link: service.signed_url(&attachment),
            attachment,
        }
    }
}

#[Object(name = "Attachment")]
impl AttachmentObject {
    async fn id(&self) -> ID {
        ID(self.attachment.id.to_string())
    }
    /// As the sender named it, without any path.
    async fn file_name(&self) -> &str {
        &self.attachment.file_name
    }
    /// Checked against the file's content when it was stored.
    async fn content_type(&self) -> &str {
        &self.attachment.content_type
    }
    /// Bytes.
    async fn size(&self) -> i64 {
        self.attachment.size
    }
    /// Hex SHA-256 of the content.
    async fn sha256(&self) -> &str {
        &self.attachment.sha256
    }
    /// A download link relative to the server, e.g. `/attachments/…?expires=…&signature=…`, that
    /// works without credentials (for `<img src>`) until `urlExpiresAt`; query again for a fresh
    /// one. Treat it like a password until then.
    async fn url(&self) -> &str {
        &self.link.url
    }
    async fn url_expires_at(&self) -> DateTime<Utc> {
        self.link.expires_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.attachment.created_at
    }
}

#[derive(Default)]
pub struct AttachmentMutation;

#[Object]
impl AttachmentMutation {
    /// A file to the customer (or with `private: true` a note for agents only), with an optional
    /// caption. Send it as a GraphQL multipart request to `/graphql/upload`. The file must be one
    /// of the accepted types, as its content shows, and within the size limit (BAD_USER_INPUT
    /// naming `file` otherwise). The same `clientMessageId` sent again returns the first message.
    async fn send_attachment(
        &self,
        ctx: &Context<'_>,
        conversation_id: ID,
        file: Upload,
        caption: Option<String>,
        client_message_id: Option<String>,
        #[graphql(default)] private: bool,
    ) -> async_graphql::Result<MessageObject> {
        let id = parse_id("conversationId", &conversation_id).gql()?;
        let outgoing = OutgoingAttachment {
            file: file.open(ctx).gql()?,
            caption: caption.as_deref(),
            client_message_id: client_message_id.as_deref(),
            private,
        };
        services(ctx)
            .conversations
            .send_attachment(caller(ctx), id, outgoing)
            .await
            .map(MessageObject)
            .gql()
    }
}
