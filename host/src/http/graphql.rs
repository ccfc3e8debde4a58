//! GraphQL over HTTP as the specification (graphql.github.io/graphql-over-http) and common
//! clients expect it, checked in CI by the `graphql-http` audit:
//!
//! - **Media types**: the response is `application/graphql-response+json` when the client accepts
//!   it (preferred on a tie), `application/json` when that, `application/*` or `*/*` is what it
//!   accepts or when it sends no `Accept`; anything else is answered 406.
//! - **Status codes**: a request that executed is 200 (errors in the body). A *request error*
//!   (unparsable JSON, missing or mistyped parameters, a document that does not parse or
//!   validate, unknown variables' types) has no `data` entry and is answered 400 under
//!   `application/graphql-response+json` and 200 under `application/json`, except malformed HTTP
//!   requests and documents over the limits ([`crate::graphql::limits`]), which are 400 (or 415,
//!   406) under both.
//! - **GET** runs queries from the URL (`query`, `variables`, `operationName`, `extensions`), with
//!   an `ETag` and revalidation; a mutation or subscription over GET is 405 with `Allow: POST`.
//!   GraphiQL is served to a browser asking for `text/html` without a query (see [`super`]).
//! - **Automatic persisted queries** in `extensions.persistedQuery` over GET and POST.

use std::net::SocketAddr;
use std::sync::Arc;

use async_graphql::ServerError;
use async_graphql::parser::types::{DocumentOperations, OperationType};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use sha2::{Digest, Sha256};

mod request;

pub(super) use request::is_json;
pub use request::{Media, negotiate, wants_graphiql};
use request::{parse_body, parse_params};

use super::AppState;
use super::{MAX_BODY_BYTES, attachments, rate, request_caller, request_info};
use crate::auth::Caller;
use crate::auth::rate_limit::Allowance;
use crate::error::Error;
use crate::graphql::admission::{self, Admitted, ExecutionStarted};
use crate::graphql::errors::{code_request_error, into_graphql};
use crate::graphql::limits;

/// What every request starts with: the media type it accepts (`None`: nothing we serve), and its
/// caller, counted against the request budget before anything else is read (malformed requests
/// spend it too).
struct Counted {
    accepted: Option<Media>,
    media: Media,
    caller: Caller,
    allowance: Option<Allowance>,
}

async fn count(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Result<Counted, Box<Response>> {
    let accepted = negotiate(headers);
    let media = accepted.unwrap_or(Media::Json);
    let caller = request_caller(state, peer, headers).await;
    let allowance = rate::check(state, &caller, media)?;
    Ok(Counted {
        accepted,
        media,
        caller,
        allowance,
    })
}

/// `POST /graphql` with an `application/json` body.
pub async fn post(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Counted {
        accepted,
        media,
        caller,
        allowance,
    } = match count(&state, peer, &parts.headers).await {
        Ok(counted) => counted,
        Err(refused) => return *refused,
    };
    let mut response = if accepted.is_none() {
        not_acceptable()
    } else {
        match read_body(&parts.headers, body, media).await {
            Err(refused) => refused,
            Ok(graphql_request) => {
                let info = request_info(&parts.headers);
                let request = graphql_request.data(caller).data(info);
                run(&state, request, media, &Method::POST, &parts.headers).await
            }
        }
    };
    let headers = response.headers_mut();
    rate::annotate(headers, allowance);
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The GraphQL request in a POST body: JSON, at most [`MAX_BODY_BYTES`].
async fn read_body(
    headers: &HeaderMap,
    body: axum::body::Body,
    media: Media,
) -> Result<async_graphql::Request, Response> {
    if attachments::is_multipart(headers) {
        return Err(refusal(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "file",
            "send requests with files to /graphql/upload",
        ));
    }
    if !is_json(headers) {
        return Err(refusal(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type",
            "must be application/json",
        ));
    }
    let too_large = || {
        refusal(
            media,
            StatusCode::PAYLOAD_TOO_LARGE,
            "body",
            &format!("must be at most {} KiB", MAX_BODY_BYTES / 1024),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    let body = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large())?;
    parse_body(&body).map_err(|bad| bad.respond(media))
}

/// `GET /graphql?query=…`: queries only.
pub async fn get(
    state: AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Response {
    let Counted {
        accepted,
        media,
        caller,
        allowance,
    } = match count(&state, peer, headers).await {
        Ok(counted) => counted,
        Err(refused) => return *refused,
    };
    let mut response = if accepted.is_none() {
        not_acceptable()
    } else {
        match parse_params(query.unwrap_or_default()) {
            Err(bad) => bad.respond(media),
            Ok(graphql_request) => {
                let info = request_info(headers);
                let request = graphql_request.data(caller).data(info);
                run(&state, request, media, &Method::GET, headers).await
            }
        }
    };
    rate::annotate(response.headers_mut(), allowance);
    response
}

/// Admits, executes and answers one request.
pub async fn run(
    state: &AppState,
    mut request: async_graphql::Request,
    media: Media,
    method: &Method,
    headers: &HeaderMap,
) -> Response {
    if let Err(err) = admission::admit(&state.persisted, &mut request) {
        return request_errors(media, vec![err]);
    }
    if method == Method::GET {
        let kind = operation_kind(&mut request);
        if matches!(
            kind,
            Some(OperationType::Mutation | OperationType::Subscription)
        ) {
            let mut response = refusal(
                media,
                StatusCode::METHOD_NOT_ALLOWED,
                "query",
                "only queries may be sent with GET; send mutations and subscriptions with POST",
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return response;
        }
    }
    let started = Arc::new(ExecutionStarted::default());
    let request = request.data(Admitted).data(started.clone());
    let response = state.schema.execute(request).await;
    if !started.started() {
        return request_errors(media, response.errors);
    }
    executed(media, response, method, headers)
}

/// The operation the request would run, when the document names it unambiguously.
fn operation_kind(request: &mut async_graphql::Request) -> Option<OperationType> {
    let name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => Some(operation.node.ty),
        (DocumentOperations::Multiple(operations), Some(name)) => operations
            .get(name.as_str())
            .map(|operation| operation.node.ty),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => operations
            .values()
            .next()
            .map(|operation| operation.node.ty),
        _ => None,
    }
}

/// A response that never reached execution: no `data` entry.
fn request_errors(media: Media, errors: Vec<ServerError>) -> Response {
    let errors: Vec<ServerError> = errors.into_iter().map(code_request_error).collect();
    let status = if errors.iter().any(limits::is_refusal) {
        StatusCode::BAD_REQUEST
    } else {
        match media {
            Media::GraphqlResponse => StatusCode::BAD_REQUEST,
            Media::Json => StatusCode::OK,
        }
    };
    let body = serde_json::json!({ "errors": errors });
    json_response(media, status, &body)
}

fn executed(
    media: Media,
    response: async_graphql::Response,
    method: &Method,
    request_headers: &HeaderMap,
) -> Response {
    let retry_after = response
        .errors
        .iter()
        .filter_map(|e| e.extensions.as_ref()?.get("retryAfterSeconds").cloned())
        .find_map(|v| match v {
            async_graphql::Value::Number(n) => n.as_u64(),
            _ => None,
        });
    let cache_control = response.cache_control.value();
    let extra = response.http_headers.clone();
    let body = match serde_json::to_vec(&response) {
        Ok(body) => body,
        Err(err) => {
            tracing::error!(%err, "cannot serialize a GraphQL response");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut out = if method == Method::GET {
        // The same data in another media type is another representation.
        let digest = Sha256::new()
            .chain_update(media.content_type().as_bytes())
            .chain_update(&body)
            .finalize();
        let etag = format!("W/\"{}\"", hex::encode(&digest[..16]));
        let matches = request_headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|tag| tag.trim() == etag || tag.trim() == "*");
        let mut out = if matches {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            body_response(media, StatusCode::OK, body)
        };
        let headers = out.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&etag) {
            headers.insert(header::ETAG, etag);
        }
        // Answers depend on who asks: shared caches must not keep them, browsers may, after
        // revalidating with the ETag.
        let policy = cache_control
            .filter(|v| v.contains("max-age") && !v.contains("no-cache"))
            .map(|v| format!("private, {v}"))
            .unwrap_or_else(|| "private, no-cache".into());
        if let Ok(policy) = HeaderValue::from_str(&policy) {
            headers.insert(header::CACHE_CONTROL, policy);
        }
        headers.insert(
            header::VARY,
            HeaderValue::from_static("Accept, Authorization, Cookie"),
        );
        out
    } else {
        let mut out = body_response(media, StatusCode::OK, body);
        out.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        out
    };
    if let Some(seconds) = retry_after
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        out.headers_mut().insert(header::RETRY_AFTER, value);
    }
    for (name, value) in extra.iter() {
        out.headers_mut().append(name.clone(), value.clone());
    }
    out
}

fn body_response(media: Media, status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, media.content_type());
    response
}

fn json_response(media: Media, status: StatusCode, body: &Value) -> Response {
    body_response(media, status, serde_json::to_vec(body).unwrap_or_default())
}

/// A request refused before it could run, with one error naming what was wrong.
pub fn refusal(media: Media, status: StatusCode, field: &str, message: &str) -> Response {
    refusal_for(media, status, Error::invalid(field, message))
}

pub fn refusal_for(media: Media, status: StatusCode, err: Error) -> Response {
    let err = into_graphql(err);
    let mut server_error = ServerError::new(err.message, None);
    server_error.extensions = err.extensions;
    json_response(
        media,
        status,
        &serde_json::json!({ "errors": [server_error] }),
    )
}

fn not_acceptable() -> Response {
    refusal(
        Media::Json,
        StatusCode::NOT_ACCEPTABLE,
        "Accept",
        "this endpoint answers application/graphql-response+json or application/json",
    )
}
