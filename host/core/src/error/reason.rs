//! Why the API refused a request, under a name that does not change: `extensions.reason`.
//! Clients translate these (the console and the widget in pt-BR and English); the error's
//! English message is for logs and integrators, never for customers. The list is the GraphQL
//! enum `ErrorReason`, from which `web/shared/schema-enums.ts` is generated, and
//! `docs/graphql.md` documents each one.

use super::ErrorCode;

/// Why a request was refused. Each reason belongs to one generic `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
#[graphql(name = "ErrorReason")]
pub enum Reason {
    /// The channel's reply window (WhatsApp: 24 hours since the customer's last message) has
    /// closed: only an approved template can be sent until the customer writes again.
    OutsideReplyWindow,
    /// The conversation is resolved: reopen it to reply.
    ConversationResolved,
    /// The conversation already has the status asked for.
    StatusUnchanged,
    /// Only a resolved conversation can be reopened.
    NotResolved,
    /// A snooze must end in the future.
    SnoozeInPast,
    /// A snooze may last at most `extensions.bound` days.
    SnoozeTooLong,
    /// No label has this name; admins and supervisors create labels.
    UnknownLabel,
    /// The inbox's channel does not send templates.
    TemplatesUnsupported,
    /// The conversation's channel does not carry files.
    FilesUnsupported,
    /// Files of this type are not accepted.
    FileTypeNotAccepted,
    /// The file's content is not of the type it was sent as.
    FileTypeMismatch,
    /// The file is larger than `extensions.bound` bytes.
    FileTooLarge,
    /// The text is longer than `extensions.bound` characters.
    TooLong,
    /// A CPF has 11 digits and a CNPJ 14: this document has another number of digits.
    DocumentLength,
    /// The CPF or CNPJ is one digit repeated, which no real document is.
    DocumentRepeatedDigits,
    /// The CPF's or CNPJ's check digits do not match: a digit was mistyped.
    DocumentCheckDigits,
    /// Not a phone number that can be reached (Brazilian numbers with area code, or +country).
    InvalidPhone,
    /// Not an e-mail address.
    InvalidEmail,
    /// The password is shorter than `extensions.bound` characters.
    PasswordTooShort,
    /// The password is longer than `extensions.bound` characters.
    PasswordTooLong,
    /// The current password given is not the user's.
    WrongCurrentPassword,
    /// The caller is not a member of the team asked about.
    NotTeamMember,
    /// The conversation was already rated.
    AlreadyRated,
    /// Only a failed delivery can be retried.
    DeliveryNotRetryable,
    /// A contact with conversations cannot be deleted: merge it into another.
    ContactHasConversations,
    /// The web chat cannot take messages right now; nothing was stored. Try again shortly.
    ChatUnavailable,
}

impl Reason {
    /// The generic code a client that does not know the reason acts on.
    pub fn code(self) -> ErrorCode {
        use Reason::*;
        match self {
            NotTeamMember => ErrorCode::Forbidden,
            AlreadyRated | DeliveryNotRetryable | ContactHasConversations => ErrorCode::Conflict,
            ChatUnavailable => ErrorCode::Unavailable,
            OutsideReplyWindow
            | ConversationResolved
            | StatusUnchanged
            | NotResolved
            | SnoozeInPast
            | SnoozeTooLong
            | UnknownLabel
            | TemplatesUnsupported
            | FilesUnsupported
            | FileTypeNotAccepted
            | FileTypeMismatch
            | FileTooLarge
            | TooLong
            | DocumentLength
            | DocumentRepeatedDigits
            | DocumentCheckDigits
            | InvalidPhone
            | InvalidEmail
            | PasswordTooShort
            | PasswordTooLong
            | WrongCurrentPassword => ErrorCode::BadUserInput,
        }
    }

    /// The name in `extensions.reason`: the GraphQL enum value.
    pub fn name(self) -> String {
        match async_graphql::InputType::to_value(&self) {
            async_graphql::Value::Enum(name) => name.to_string(),
            other => other.to_string(),
        }
    }

    /// Every reason, for the documentation check.
    pub fn all() -> impl Iterator<Item = Reason> {
        <Reason as async_graphql::resolver_utils::EnumType>::items()
            .iter()
            .map(|item| item.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_graphql_enum_values() {
        assert_eq!(Reason::OutsideReplyWindow.name(), "OUTSIDE_REPLY_WINDOW");
        assert_eq!(Reason::DocumentCheckDigits.name(), "DOCUMENT_CHECK_DIGITS");
        assert!(Reason::all().count() > 20);
    }

    /// Integrators read the list in docs/graphql.md: a reason missing there is undocumented API.
    #[test]
    fn every_reason_is_documented_for_integrators() {
        let docs = include_str!("../../../../docs/graphql.md");
        let missing: Vec<String> = Reason::all()
            .map(|reason| format!("| `{}` | `{}` |", reason.name(), reason.code()))
            .filter(|row| !docs.contains(row.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "rows missing in docs/graphql.md: {missing:?}"
        );
    }
}
