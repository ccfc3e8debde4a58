//! The one error type of the domain services. Each variant carries a stable machine code that the
//! GraphQL layer puts in `extensions.code`; only [`Error::Internal`] hides its cause from clients.
//! A refusal under a rule clients explain to people is [`Error::Refused`], with its [`Reason`].

use std::fmt;

mod reason;

pub use reason::Reason;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{field}: {message}")]
    InvalidInput { field: String, message: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{field}: {message}")]
    Conflict { field: String, message: String },
    #[error("too many requests, try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// Something the request needs is down for now (a disabled channel plugin); the same
    /// request may work later, and nothing was stored.
    #[error("{0}")]
    Unavailable(&'static str),
    /// Refused under a named rule (`extensions.reason`), which clients translate; the message
    /// is English for logs and integrators. `bound` is the limit the rule names, if any.
    #[error("{}", with_field(field.as_deref(), message))]
    Refused {
        reason: Reason,
        field: Option<String>,
        message: String,
        bound: Option<u64>,
    },
    /// Anything the client cannot act on. The cause is logged, never sent.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Machine-readable codes, shared by every error the API returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    BadUserInput,
    NotFound,
    Conflict,
    RateLimited,
    Unavailable,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::Unavailable => "UNAVAILABLE",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::InvalidInput { .. } => ErrorCode::BadUserInput,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::Unavailable(_) => ErrorCode::Unavailable,
            Error::Refused { reason, .. } => reason.code(),
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// A refusal under `reason` about the input `field`.
    pub fn refused(reason: Reason, field: &str, message: impl Into<String>) -> Self {
        Error::Refused {
            reason,
            field: Some(field.to_owned()),
            message: message.into(),
            bound: None,
        }
    }

    /// A refusal under `reason` about no one input field.
    pub fn refused_request(reason: Reason, message: impl Into<String>) -> Self {
        Error::Refused {
            reason,
            field: None,
            message: message.into(),
            bound: None,
        }
    }

    /// The limit a refusal's rule names (`extensions.bound`), for clients to quote.
    pub fn with_bound(mut self, limit: u64) -> Self {
        if let Error::Refused { bound, .. } = &mut self {
            *bound = Some(limit);
        }
        self
    }

    /// The rule a refusal was made under, for `extensions.reason`.
    pub fn reason(&self) -> Option<Reason> {
        match self {
            Error::Refused { reason, .. } => Some(*reason),
            _ => None,
        }
    }

    /// The English message of a refused input about `field` (BAD_USER_INPUT, whether or not it
    /// names a reason); `None` for any other error.
    pub fn input_refusal(&self, field: &str) -> Option<&str> {
        match self {
            Error::InvalidInput { field: f, message }
            | Error::Refused {
                field: Some(f),
                message,
                ..
            } if f == field && self.code() == ErrorCode::BadUserInput => Some(message),
            _ => None,
        }
    }

    /// The limit the rule names, for `extensions.bound`.
    pub fn bound(&self) -> Option<u64> {
        match self {
            Error::Refused { bound, .. } => *bound,
            _ => None,
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Internal(cause.into())
    }

    /// The input field the error is about, for `extensions.field`.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } | Error::Conflict { field, .. } => Some(field),
            Error::Refused { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        if let Some(field) = unique_violation_field(&err) {
            return Error::Conflict {
                field,
                message: "is already taken".into(),
            };
        }
        Error::internal(err)
    }
}

/// The column a unique constraint protects, when `err` is a unique violation.
///
/// PostgreSQL names the constraint (`users_email_key`, by the migrations' naming rule);
/// SQLite only says `UNIQUE constraint failed: users.email`.
fn unique_violation_field(err: &sqlx::Error) -> Option<String> {
    let db_err = err.as_database_error()?;
    if !db_err.is_unique_violation() {
        return None;
    }
    if let Some(constraint) = db_err.constraint() {
        let column = constraint
            .strip_suffix("_key")
            .unwrap_or(constraint)
            .split_once('_')
            .map_or(constraint, |(_table, column)| column);
        return Some(column.to_owned());
    }
    let message = db_err.message();
    let columns = message.rsplit(": ").next()?;
    let first = columns.split(',').next()?.trim();
    Some(first.rsplit('.').next()?.to_owned())
}

fn with_field(field: Option<&str>, message: &str) -> String {
    match field {
        Some(field) => format!("{field}: {message}"),
        None => message.to_owned(),
    }
}
