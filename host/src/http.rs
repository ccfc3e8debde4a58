//! HTTP entry points: `/graphql` (GraphQL over HTTP with GET and POST, GraphiQL for a browser,
//! WebSocket subscriptions), `/graphql/upload` (multipart requests with files),
//! `/attachments/{id}` (signed downloads), `/webhooks/{inboxId}` (channel plugins' providers),
//! `/auth/login`, `/auth/refresh`, `/auth/logout` (the console's sign-in with the refresh token
//! in a cookie), `/healthz`, `/readyz`, `/metrics`, the agent console at `/` (every other GET
//! path), and the middleware every request passes through.

mod assets;
mod attachments;
mod console;
mod graphiql;
pub mod graphql;
mod operations;
mod rate;
mod security;
pub mod server;
mod session;
mod state;
mod webhooks;
mod websocket;

pub use websocket::AccessChecks;

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use subtle::ConstantTimeEq as _;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use uuid::Uuid;

pub use state::AppState;

use crate::auth::{Caller, Identity};
use crate::graphql::RequestInfo;

/// GraphQL documents are small; files go to `/graphql/upload`, which has its own limit.
const MAX_BODY_BYTES: usize = 1024 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// A 16 MiB file over a slow mobile uplink takes minutes.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// Providers' webhooks carry JSON (media comes by URL); WhatsApp's batches stay far below this.
const MAX_WEBHOOK_BYTES: usize = 1024 * 1024;

/// The server's routes; `/metrics` among them unless it has an address of its own.
pub fn router(state: AppState, cors_origins: &[String], with_metrics: bool) -> Router {
    // The POST handler bounds its body itself, to refuse an oversized one in GraphQL's terms.
    let graphql = Router::new()
        .route("/graphql", get(graphql_get).post(graphql::post))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    let mut api = Router::new()
        .route("/attachments/{id}", get(attachments::download))
        .route("/widget.js", get(assets::widget_js))
        .route("/auth/login", post(session::login))
        .route("/auth/refresh", post(session::refresh))
        .route("/auth/logout", post(session::logout))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz));
    if with_metrics {
        api = api.route("/metrics", get(metrics));
    }
    let api = api
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    // The upload handler limits its body to the attachment size itself.
    let upload = Router::new()
        .route("/graphql/upload", post(attachments::graphql_upload))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            UPLOAD_TIMEOUT,
        ));
    let webhooks = Router::new()
        .route("/webhooks/{inbox_id}", any(webhooks::receive))
        .route("/webhooks/{inbox_id}/{*rest}", any(webhooks::receive))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_WEBHOOK_BYTES));
    api.merge(graphql)
        .merge(upload)
        .merge(webhooks)
        // After every API route, so the console never answers for the API.
        .fallback(console::serve)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(middleware::from_fn(track_requests))
        .layer(TraceLayer::new_for_http())
        .layer(cors(cors_origins, state.clone()))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
        ]))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(CatchPanicLayer::new())
        .with_state(state)
}

/// `/metrics` alone, for its own listen address.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(state)
}

/// Browser origins allowed cross-site: the operator's list (`ISPCHAT_CORS_ORIGINS`), and the
/// ISP's sites that web inboxes' widgets are embedded on, as admins configured them per inbox.
fn cors(origins: &[String], state: AppState) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
    if origins.iter().any(|o| o == "*") {
        return layer.allow_origin(Any);
    }
    let list: std::sync::Arc<Vec<HeaderValue>> =
        std::sync::Arc::new(origins.iter().filter_map(|o| o.parse().ok()).collect());
    layer.allow_origin(AllowOrigin::async_predicate(move |origin, _parts| {
        let list = list.clone();
        let state = state.clone();
        async move {
            if list.contains(&origin) {
                return true;
            }
            match origin.to_str() {
                Ok(origin) => state.services.widgets.site_allowed(origin).await,
                Err(_) => false,
            }
        }
    }))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
}

/// The client's address: the socket peer, or the last `X-Forwarded-For` hop when the operator
/// says a reverse proxy (which appends the address it saw) sits in front.
fn client_ip(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    if state.trust_forwarded_for
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|last| last.trim().parse().ok())
    {
        return ip;
    }
    peer.ip()
}

async fn request_caller(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> Caller {
    let caller = Caller {
        identity: state.services.auth.authenticate(bearer(headers)).await,
        ip: Some(client_ip(state, peer, headers)),
    };
    if let Some(user) = staff_member(&caller) {
        seen(state, user).await;
    }
    caller
}

fn staff_member(caller: &Caller) -> Option<Uuid> {
    match &caller.identity {
        Identity::Authenticated(principal) => principal.user_id(),
        _ => None,
    }
}

/// A staff member's request or open console keeps their presence (see [`crate::presence`]).
async fn seen(state: &AppState, user: Uuid) {
    state.services.presence.seen(user).await;
}

/// graphql-transport-ws (or legacy graphql-ws) for a WebSocket upgrade; GraphiQL for a browser
/// asking for a page without a query; a query over GET otherwise.
async fn graphql_get(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    if !request.headers().contains_key(header::UPGRADE) {
        let query = request.uri().query();
        if graphql::wants_graphiql(request.headers(), query) {
            return graphiql::page();
        }
        return graphql::get(state, peer, request.headers(), query).await;
    }
    let (parts, _body) = request.into_parts();
    websocket::upgrade(state, peer, parts).await
}

/// What the widget's operations need from the request: the browser's `Origin` (checked against
/// a web inbox's allow-list) and the address the client used (for the embed snippet).
fn request_info(headers: &HeaderMap) -> RequestInfo {
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    RequestInfo {
        origin: text(header::ORIGIN),
        base_url: text(header::HOST).map(|host| format!("{scheme}://{host}")),
    }
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ready().await {
        Ok(()) => "ready".into_response(),
        Err(reason) => {
            tracing::warn!(%reason, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: database unreachable or not migrated",
            )
                .into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = &state.metrics_token {
        let presented = bearer(&headers).unwrap_or_default();
        if !bool::from(presented.as_bytes().ct_eq(token.expose().as_bytes())) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "metrics need the bearer token set in ISPCHAT_METRICS_TOKEN",
            )
                .into_response();
        }
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}

/// Request count and latency per route template (`/graphql`, not the raw URI).
async fn track_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("ispchat_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("ispchat_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}
