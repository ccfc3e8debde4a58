//! Files over HTTP: GraphQL multipart requests at `/graphql/upload`, and downloads through signed
//! links at `/attachments/{id}`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_graphql::ParseRequestError;
use async_graphql::http::MultipartOptions;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use tokio_util::compat::TokioAsyncReadCompatExt;
use tokio_util::io::StreamReader;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::AppState;
use super::graphql;
use crate::attachments::{content_disposition, human_size};
use crate::error::{Error, Reason};

/// Room for the `operations` and `map` parts and the part headers around the file.
const MULTIPART_OVERHEAD: u64 = 64 * 1024;

pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// A GraphQL multipart request (operations, map, files). Only authenticated callers get their
/// body read, and it may be at most the attachment limit plus a little.
pub async fn graphql_upload(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let Some(media) = graphql::negotiate(request.headers()) else {
        return graphql::refusal(
            graphql::Media::Json,
            StatusCode::NOT_ACCEPTABLE,
            "Accept",
            "this endpoint answers application/graphql-response+json or application/json",
        );
    };
    let refusal = |status, err| graphql::refusal_for(media, status, err);
    let headers = request.headers().clone();
    let caller = super::request_caller(&state, peer, &headers).await;
    let info = super::request_info(&headers);
    if let Err(err) = caller.principal() {
        return refusal(StatusCode::UNAUTHORIZED, err);
    }
    let allowance = match super::rate::check(&state, &caller, media) {
        Ok(allowance) => allowance,
        Err(refused) => return *refused,
    };
    if !is_multipart(request.headers()) {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::invalid("file", "must be sent as multipart/form-data"),
        );
    }
    let max_size = state.services.attachments.settings().max_size;
    let limit = max_size + MULTIPART_OVERHEAD;
    let too_large = || {
        refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            Error::refused(
                Reason::FileTooLarge,
                "file",
                format!("must be at most {}", human_size(max_size)),
            )
            .with_bound(max_size),
        )
    };
    let declared_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > limit) {
        return too_large();
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let exceeded = Arc::new(AtomicBool::new(false));
    let body = limited(request.into_body(), limit, exceeded.clone());
    let reader = StreamReader::new(body).compat();
    let parsed =
        async_graphql::http::receive_body(content_type, reader, MultipartOptions::default()).await;
    let graphql_request = match parsed {
        Ok(graphql_request) => graphql_request,
        Err(_) if exceeded.load(Ordering::Relaxed) => return too_large(),
        Err(ParseRequestError::PayloadTooLarge) => return too_large(),
        Err(err) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                Error::invalid(
                    "operations",
                    format!("not a GraphQL multipart request: {err}"),
                ),
            );
        }
    };
    let request = graphql_request.data(caller).data(info);
    let mut response =
        graphql::run(&state, request, media, &axum::http::Method::POST, &headers).await;
    super::rate::annotate(response.headers_mut(), allowance);
    response
}

/// The body as a byte stream that fails once more than `limit` bytes arrived.
fn limited(
    body: Body,
    limit: u64,
    exceeded: Arc<AtomicBool>,
) -> impl Stream<Item = std::io::Result<axum::body::Bytes>> {
    let mut received: u64 = 0;
    body.into_data_stream().map(move |chunk| {
        let chunk = chunk.map_err(std::io::Error::other)?;
        received += chunk.len() as u64;
        if received > limit {
            exceeded.store(true, Ordering::Relaxed);
            return Err(std::io::Error::other("request body too large"));
        }
        Ok(chunk)
    })
}

#[derive(serde::Deserialize)]
pub struct SignedQuery {
    expires: Option<String>,
    signature: Option<String>,
}

/// Serves the file of a signed link, with ranges (for seeking in audio and video) and caching
/// until the link expires. An invalid or expired link gets a bare 403; no detail helps a guesser.
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<SignedQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Response {
    let Ok(Query(query)) = query else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let attachments = &state.services.attachments;
    let found = attachments
        .open_signed(&id, query.expires.as_deref(), query.signature.as_deref())
        .await;
    let download = match found {
        Ok(download) => download,
        Err(Error::Forbidden(_)) => return StatusCode::FORBIDDEN.into_response(),
        Err(Error::NotFound(_)) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(%err, attachment = %id, "cannot open an attachment");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let stored_type = download.attachment.content_type.as_str();
    // The content was checked to be UTF-8 when stored.
    let served_type = if stored_type == "text/plain" {
        "text/plain; charset=utf-8"
    } else {
        stored_type
    };
    let Ok(mime) = served_type.parse::<mime::Mime>() else {
        tracing::error!(attachment = %id, content_type = stored_type, "stored content type does not parse");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let served = match ServeFile::new_with_mime(&download.path, &mime)
        .oneshot(request)
        .await
    {
        Ok(served) => served,
        Err(never) => match never {},
    };
    if served.status() == StatusCode::NOT_FOUND {
        tracing::error!(attachment = %id, path = %download.path.display(), "attachment file is missing");
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut response = served.map(Body::new);
    let headers = response.headers_mut();
    let disposition = content_disposition(&download.attachment.file_name, stored_type);
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Even if a browser renders it in our origin, it runs nothing.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    let max_age = download.valid_for.num_seconds().max(0);
    if let Ok(value) = HeaderValue::from_str(&format!("private, max-age={max_age}")) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    response
}
