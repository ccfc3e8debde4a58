//! The agent console's sign-in: `POST /auth/login`, `/auth/refresh` and `/auth/logout` are the
//! `login`, `refreshToken` and `logout` mutations with the refresh token in a cookie instead of
//! the body, so no script (an XSS included) can read it. Integrators keep using the mutations.
//!
//! - **The cookie** (`ispchat_refresh`; `__Secure-ispchat_refresh` over https) is `HttpOnly`,
//!   `SameSite=Strict`, `Path=/auth` (browsers send it to these endpoints only, never with API
//!   requests), `Secure` when the request came over https (`X-Forwarded-Proto: https`) or the
//!   public URL is https, and lives as long as the refresh token (`Max-Age`).
//! - **Answers** are `{accessToken, accessTokenExpiresAt, refreshTokenExpiresAt}` (logout:
//!   `{ended}`), never the refresh token; failures are `{"errors": [...]}` as GraphQL's, with
//!   the same codes (401 `UNAUTHENTICATED`, 400 `BAD_USER_INPUT`, 429 `RATE_LIMITED`…).
//! - **Cross-site requests are refused** before anything is read: the request must be
//!   `Content-Type: application/json` (a form or a no-cors `fetch` cannot send that, and CORS never
//!   allows credentials here), an `Origin` must be the server's own (the address the request was
//!   sent to, or the public URL's origin), and a `Sec-Fetch-Site` must be `same-origin`;
//!   otherwise 415 or 403 `FORBIDDEN`.
//! - **The same service calls** as the mutations: rotation, reuse detection (the family is
//!   revoked), login limits and the audit log behave exactly as with body tokens. A refused
//!   refresh token and a logout clear the cookie.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::AppState;
use super::graphql::{Media, is_json, refusal_for};
use super::{client_ip, rate, request_info};
use crate::auth::rate_limit::Allowance;
use crate::auth::{Caller, Identity, Session};
use crate::error::{Error, ErrorCode};

/// Where the cookie is sent: these endpoints only.
pub const COOKIE_PATH: &str = "/auth";
const COOKIE: &str = "ispchat_refresh";
/// The name over https: browsers only accept it with `Secure` from a secure page, so a plain-http
/// page (or a man in the middle of one) cannot plant a cookie the server would read.
const SECURE_COOKIE: &str = "__Secure-ispchat_refresh";

/// `{"login", "password"}` (missing ones empty, for the service to name), or `None`.
fn credentials(body: &[u8]) -> Option<(String, String)> {
    let Ok(Value::Object(fields)) = serde_json::from_slice(body) else {
        return None;
    };
    let text = |name: &str| match fields.get(name) {
        None | Some(Value::Null) => Some(String::new()),
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => None,
    };
    Some((text("login")?, text("password")?))
}

/// `POST /auth/login` with `{"login", "password"}`: the `login` mutation, the refresh token set
/// as the cookie.
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let admitted = match admit(&state, peer, &headers) {
        Ok(admitted) => admitted,
        Err(refused) => return *refused,
    };
    let Some((login, password)) = credentials(&body) else {
        return admitted.answer(failure(Error::invalid(
            "body",
            "must be a JSON object with login and password",
        )));
    };
    let services = &state.services;
    let response = match services
        .auth
        .login(&admitted.caller, &login, &password)
        .await
    {
        Ok(session) => {
            // Signing in is being at the console, as with the mutation.
            services.presence.seen(session.user.id).await;
            signed_in(&state, &headers, session)
        }
        Err(err) => failure(err),
    };
    admitted.answer(response)
}

/// `POST /auth/refresh`: the `refreshToken` mutation with the cookie's token; the new one
/// replaces it.
pub async fn refresh(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let admitted = match admit(&state, peer, &headers) {
        Ok(admitted) => admitted,
        Err(refused) => return *refused,
    };
    let secure = is_secure(&state, &headers);
    let Some(token) = cookie(&headers, secure) else {
        return admitted.answer(failure(Error::Unauthenticated(
            "no refresh token cookie; please log in",
        )));
    };
    let response = match state.services.auth.refresh(&admitted.caller, token).await {
        Ok(session) => signed_in(&state, &headers, session),
        Err(err) => {
            // Refused (used, revoked, expired, unknown): it will never work again.
            let dead = matches!(err, Error::Unauthenticated(_));
            let mut response = failure(err);
            if dead {
                set_cookie(&mut response, secure, None);
            }
            response
        }
    };
    admitted.answer(response)
}

/// `POST /auth/logout`: the `logout` mutation with the cookie's token; `{"ended": false}` when
/// there was nothing to end. The cookie is cleared either way.
pub async fn logout(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let admitted = match admit(&state, peer, &headers) {
        Ok(admitted) => admitted,
        Err(refused) => return *refused,
    };
    let secure = is_secure(&state, &headers);
    let ended = match cookie(&headers, secure) {
        Some(token) => state.services.auth.logout(&admitted.caller, token).await,
        None => Ok(false),
    };
    // Whatever the server could do, this browser is signed out (a shared computer stays so).
    let mut response = match ended {
        Ok(ended) => answer(StatusCode::OK, &json!({ "ended": ended })),
        Err(err) => failure(err),
    };
    set_cookie(&mut response, secure, None);
    admitted.answer(response)
}

/// A request that passed [`admit`]: its caller (anonymous, with the client's address) and what
/// is left of that address's request budget.
struct Admitted {
    caller: Caller,
    allowance: Option<Allowance>,
}

impl Admitted {
    fn answer(&self, mut response: Response) -> Response {
        rate::annotate(response.headers_mut(), self.allowance);
        response
    }
}

/// The checks every endpoint makes before reading the request: same-origin only, then the
/// request budget of the client's address (as `/graphql` counts it).
fn admit(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Result<Admitted, Box<Response>> {
    if !is_json(headers) {
        return Err(Box::new(refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::invalid("Content-Type", "must be application/json"),
        )));
    }
    if !same_origin(state, headers) {
        return Err(Box::new(refused(
            StatusCode::FORBIDDEN,
            Error::Forbidden("cross-site requests are refused"),
        )));
    }
    let caller = Caller {
        identity: Identity::Anonymous,
        ip: Some(client_ip(state, peer, headers)),
    };
    let allowance = rate::check(state, &caller, Media::Json)?;
    Ok(Admitted { caller, allowance })
}

/// No `Origin` (not a browser, or an old one) or the server's own; no `Sec-Fetch-Site` or
/// `same-origin`.
fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site")
        && site.as_bytes() != b"same-origin"
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let own = request_info(headers).base_url;
    let public = state
        .services
        .public_url
        .as_deref()
        .and_then(|url| reqwest::Url::parse(url).ok())
        .map(|url| url.origin().ascii_serialization());
    [own, public]
        .into_iter()
        .flatten()
        .any(|candidate| candidate.eq_ignore_ascii_case(origin))
}

/// Whether the browser reached the server over https, so the cookie may be `Secure`.
fn is_secure(state: &AppState, headers: &HeaderMap) -> bool {
    let forwarded = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let public = state
        .services
        .public_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"));
    forwarded || public
}

/// The refresh token of the cookie this kind of connection uses.
fn cookie(headers: &HeaderMap, secure: bool) -> Option<&str> {
    let name = if secure { SECURE_COOKIE } else { COOKIE };
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
        .filter(|value| !value.is_empty())
}

/// Sets the cookie to `token` for `max_age`, or clears it (`None`).
fn set_cookie(response: &mut Response, secure: bool, token: Option<(&str, Duration)>) {
    let name = if secure { SECURE_COOKIE } else { COOKIE };
    let (value, max_age) = token.map_or(("", 0), |(token, age)| (token, age.as_secs()));
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{name}={value}; Path={COOKIE_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    );
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
}

/// The access token and the expiries for the console; the refresh token only in the cookie.
fn signed_in(state: &AppState, headers: &HeaderMap, session: Session) -> Response {
    let mut response = answer(
        StatusCode::OK,
        &json!({
            "accessToken": session.access_token,
            "accessTokenExpiresAt": session.access_token_expires_at.to_rfc3339(),
            "refreshTokenExpiresAt": session.refresh_token_expires_at.to_rfc3339(),
        }),
    );
    let ttl = state.services.auth.refresh_token_ttl();
    set_cookie(
        &mut response,
        is_secure(state, headers),
        Some((&session.refresh_token, ttl)),
    );
    response
}

fn answer(status: StatusCode, body: &Value) -> Response {
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        serde_json::to_vec(body).unwrap_or_default(),
    )
        .into_response();
    no_store(&mut response);
    response
}

fn failure(err: Error) -> Response {
    let status = match err.code() {
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::BadUserInput | ErrorCode::NotFound | ErrorCode::Conflict => {
            StatusCode::BAD_REQUEST
        }
    };
    let retry_after = match &err {
        Error::RateLimited { retry_after_secs } => Some(*retry_after_secs),
        _ => None,
    };
    let mut response = refused(status, err);
    if let Some(seconds) = retry_after
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

fn refused(status: StatusCode, err: Error) -> Response {
    let mut response = refusal_for(Media::Json, status, err);
    no_store(&mut response);
    response
}

fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn the_cookie_is_read_by_its_exact_name() {
        let sent = headers(&[
            ("cookie", "ispchat_refresh_x=no; ispchat_refresh=plain"),
            ("cookie", "__Secure-ispchat_refresh=\"secure\""),
        ]);
        assert_eq!(cookie(&sent, false), Some("plain"));
        assert_eq!(cookie(&sent, true), Some("secure"));
        assert_eq!(
            cookie(&headers(&[("cookie", "ispchat_refresh=")]), false),
            None
        );
        assert_eq!(cookie(&HeaderMap::new(), false), None);
    }

    #[test]
    fn only_json_bodies_are_accepted() {
        assert!(is_json(&headers(&[("content-type", "application/json")])));
        assert!(is_json(&headers(&[(
            "content-type",
            "Application/JSON; charset=utf-8"
        )])));
        for other in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
        ] {
            assert!(!is_json(&headers(&[("content-type", other)])), "{other}");
        }
        assert!(!is_json(&HeaderMap::new()));
    }
}
