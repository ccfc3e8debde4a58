//! The general request limit at the HTTP edge: each caller (user, API key, visitor, or the
//! address of an anonymous client) has a budget per minute ([`RequestLimiter`]). Every answer
//! carries what is left in the IETF `RateLimit` and `RateLimit-Policy` headers
//! (draft-ietf-httpapi-ratelimit-headers); a refusal is 429 with `Retry-After` and a
//! RATE_LIMITED error.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

use super::AppState;
use super::graphql::{self, Media};
use crate::auth::rate_limit::{Allowance, RequestKey};
use crate::auth::{Caller, Identity, Principal};
use crate::error::Error;

fn key(caller: &Caller) -> Option<RequestKey> {
    match &caller.identity {
        Identity::Authenticated(Principal::User { id, .. }) => Some(RequestKey::User(*id)),
        Identity::Authenticated(Principal::ApiKey { id, .. }) => Some(RequestKey::ApiKey(*id)),
        Identity::Authenticated(Principal::Visitor { contact_id, .. }) => {
            Some(RequestKey::Visitor(*contact_id))
        }
        Identity::Anonymous | Identity::Invalid(_) | Identity::Unchecked => {
            caller.ip.map(RequestKey::Address)
        }
    }
}

/// Counts the request: what is left, or the refusal to send.
pub fn check(
    state: &AppState,
    caller: &Caller,
    media: Media,
) -> Result<Option<Allowance>, Box<Response>> {
    let Some(key) = key(caller) else {
        return Ok(None);
    };
    match state.requests.check(&key) {
        Ok(allowance) => Ok(Some(allowance)),
        Err((allowance, wait)) => {
            metrics::counter!("ispchat_requests_rate_limited_total").increment(1);
            let mut response = graphql::refusal_for(
                media,
                StatusCode::TOO_MANY_REQUESTS,
                Error::RateLimited {
                    retry_after_secs: wait,
                },
            );
            let headers = response.headers_mut();
            annotate(headers, Some(allowance));
            if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
                headers.insert(header::RETRY_AFTER, value);
            }
            Err(Box::new(response))
        }
    }
}

/// Adds `RateLimit-Policy` and `RateLimit` for `allowance`.
pub fn annotate(headers: &mut HeaderMap, allowance: Option<Allowance>) {
    let Some(Allowance {
        limit,
        remaining,
        window_secs,
    }) = allowance
    else {
        return;
    };
    // The budget refills evenly: the whole of it is back after (used / limit) of the window.
    let used = u64::from(limit.saturating_sub(remaining));
    let reset = (used * window_secs).div_ceil(u64::from(limit.max(1)));
    let policy = format!("\"requests\";q={limit};w={window_secs}");
    let state = format!("\"requests\";r={remaining};t={reset}");
    for (name, value) in [("ratelimit-policy", policy), ("ratelimit", state)] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}
