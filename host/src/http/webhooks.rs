//! `ANY /webhooks/{inboxId}` and `/webhooks/{inboxId}/{*rest}`: providers' webhooks for inboxes
//! served by channel plugins. The plugin decides the answer; the host only adds the status
//! codes of its own failures, without details: 404 for an unknown inbox or one whose plugin is
//! not live, 500 when the plugin refused the request with an error (nothing stored), 503 when it
//! crashed or timed out (the provider retries later).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::channels::inbound::{RawWebhook, WebhookFailure};

/// Headers a plugin may not set: they describe the connection, which is the host's.
const FRAMING: [&str; 4] = [
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
];

pub async fn receive(
    State(state): State<AppState>,
    Path(params): Path<HashMap<String, String>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let raw = RawWebhook {
        inbox_id: params.get("inbox_id").cloned().unwrap_or_default(),
        method: method.as_str().to_ascii_uppercase(),
        path: format!("/{}", params.get("rest").map_or("", String::as_str)),
        query: uri.query().unwrap_or_default().to_owned(),
        headers: headers
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect(),
        body: body.to_vec(),
    };
    match state.services.channel_inbound.handle_webhook(raw).await {
        Ok(reply) => {
            let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
            let mut response = (status, reply.body).into_response();
            for (name, value) in reply.headers {
                // The host frames the body itself.
                if FRAMING.iter().any(|f| name.eq_ignore_ascii_case(f)) {
                    continue;
                }
                if let (Ok(name), Ok(value)) = (
                    HeaderName::from_bytes(name.as_bytes()),
                    HeaderValue::from_str(&value),
                ) {
                    response.headers_mut().append(name, value);
                }
            }
            response
        }
        Err(WebhookFailure::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(WebhookFailure::Unavailable(detail)) => {
            tracing::warn!(%detail, "channel webhook not handled");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        Err(err) => {
            tracing::warn!(error = %err, "channel webhook failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
