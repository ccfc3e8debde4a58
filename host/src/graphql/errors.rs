//! Errors leave the API with a stable `extensions.code`. Domain errors are mapped once here; the
//! [`ErrorCodes`] extension gives parse and validation errors a code too, and hides the message of
//! any error that reaches the client without one (so no SQL text or panic message can leak).

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextSubscribe,
    NextValidation,
};
use async_graphql::futures_util::stream::BoxStream;
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{
    ErrorExtensions, Response, ServerError, ServerResult, ValidationResult, Variables,
};
use futures_util::StreamExt;

use crate::error::{Error, ErrorCode, Reason};

pub const PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
pub const VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";

pub trait GqlResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for crate::error::Result<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(into_graphql)
    }
}

pub fn into_graphql(err: Error) -> async_graphql::Error {
    if let Error::Internal(cause) = &err {
        tracing::error!(error = %cause, "internal error");
        metrics::counter!("ispchat_graphql_internal_errors_total").increment(1);
    }
    let code = err.code();
    let field = err.field().map(str::to_owned);
    let reason = err.reason().map(Reason::name);
    let bound = err.bound();
    let retry_after = match err {
        Error::RateLimited { retry_after_secs } => Some(retry_after_secs),
        _ => None,
    };
    err.extend_with(|_, ext| {
        ext.set("code", code.as_str());
        if let Some(field) = field {
            ext.set("field", field);
        }
        if let Some(reason) = reason {
            ext.set("reason", reason);
        }
        if let Some(bound) = bound {
            ext.set("bound", bound);
        }
        if let Some(secs) = retry_after {
            ext.set("retryAfterSeconds", secs);
        }
    })
}

/// async-graphql's errors about `operationName` (unknown, or missing among several).
fn names_operation(message: &str) -> bool {
    message.starts_with("Unknown operation named") || message.starts_with("Operation name required")
}

/// A code for an error of a request that never ran (HTTP and WebSocket): async-graphql raises
/// some while choosing the operation without one. An unknown or missing `operationName` is the
/// client's input; anything else uncoded before execution failed validation.
pub fn code_request_error(err: ServerError) -> ServerError {
    if has_code(&err) {
        return err;
    }
    if names_operation(&err.message) {
        let mut err = set_code(err, ErrorCode::BadUserInput.as_str());
        err.extensions
            .get_or_insert_with(Default::default)
            .set("field", "operationName");
        return err;
    }
    set_code(err, VALIDATION_FAILED)
}

fn set_code(mut err: ServerError, code: &str) -> ServerError {
    err.extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    err
}

fn has_code(err: &ServerError) -> bool {
    err.extensions
        .as_ref()
        .is_some_and(|ext| ext.get("code").is_some())
}

/// Errors async-graphql raises itself while coercing arguments are the client's fault and name
/// the argument; anything else without a code is a bug whose text must not reach the client.
fn classify_uncoded(err: ServerError) -> ServerError {
    if has_code(&err) {
        return err;
    }
    let message = err.message.as_str();
    if message.starts_with("Invalid value for argument") || message.starts_with("Failed to parse") {
        return set_code(err, ErrorCode::BadUserInput.as_str());
    }
    tracing::error!(error = %err.message, path = ?err.path, "uncoded error reached the API boundary");
    metrics::counter!("ispchat_graphql_internal_errors_total").increment(1);
    let mut hidden = ServerError::new("internal error", err.locations.first().copied());
    hidden.path = err.path;
    set_code(hidden, ErrorCode::Internal.as_str())
}

fn classify_response(mut response: Response) -> Response {
    response.errors = response.errors.into_iter().map(classify_uncoded).collect();
    response
}

pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

#[async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|err| set_code(err, PARSE_FAILED))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|err| {
                    let code = if err.message.starts_with("Invalid value for argument") {
                        ErrorCode::BadUserInput.as_str()
                    } else {
                        VALIDATION_FAILED
                    };
                    set_code(err, code)
                })
                .collect()
        })
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        classify_response(next.run(ctx, operation_name).await)
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        next.run(ctx, stream).map(classify_response).boxed()
    }
}
