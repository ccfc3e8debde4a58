//! HTTP entry points: `/graphql` (POST queries, GET GraphiQL or WebSocket subscriptions),
//! `/graphql/upload` (multipart requests with files), `/attachments/{id}` (signed downloads),
//! `/webhooks/{inboxId}` (channel plugins' providers), `/healthz`, `/readyz`, `/metrics`, the agent
//! console at `/` (every other GET path), and the middleware every request passes through.

mod assets;
mod attachments;
mod console;
mod operations;
mod webhooks;

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use async_graphql::Data;
use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, GraphiQLSource};
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use axum::Router;
use axum::extract::{
    ConnectInfo, FromRequest, FromRequestParts, MatchedPath, Request, State, WebSocketUpgrade,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post};
use futures_util::StreamExt as _;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{Caller, Identity};
use crate::graphql::RequestInfo;

/// GraphQL documents are small; files go to `/graphql/upload`, which has its own limit.
const MAX_BODY_BYTES: usize = 1024 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// A 16 MiB file over a slow mobile uplink takes minutes.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// Providers' webhooks carry JSON (media comes by URL); WhatsApp's batches stay far below this.
const MAX_WEBHOOK_BYTES: usize = 1024 * 1024;
/// What a WebSocket connection reads into at a time. tungstenite's default (128 KiB) is held by
/// every open connection, idle or not; clients send small GraphQL documents, and a larger frame
/// still arrives, just in more reads. With it an idle subscription costs tens of KiB, not
/// hundreds (docs/performance.md, "connections").
const WEBSOCKET_READ_BUFFER: usize = 4 * 1024;

pub fn router(state: AppState, cors_origins: &[String]) -> Router {
    let api = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/attachments/{id}", get(attachments::download))
        .route("/widget.js", get(assets::widget_js))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
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
    api.merge(upload)
        .merge(webhooks)
        // After every API route, so the console never answers for the API.
        .fallback(console::serve)
        .layer(middleware::from_fn(track_requests))
        .layer(TraceLayer::new_for_http())
        .layer(cors(cors_origins))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
        ]))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(CatchPanicLayer::new())
        .with_state(state)
}

fn cors(origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
    if origins.iter().any(|o| o == "*") {
        return layer.allow_origin(Any);
    }
    let list: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    layer.allow_origin(AllowOrigin::list(list))
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

/// Who signed a WebSocket in at `connection_init`.
struct SocketSession {
    /// A staff member, whose presence the open socket keeps.
    member: Option<Uuid>,
    /// How long the credential stays valid (`None`: an API key, or nobody signed in).
    valid_for: Option<Duration>,
}

/// Runs beside a WebSocket: beats for its signed-in member while it stays open, and returns when
/// its credential expires, which closes the connection. The caller is fixed for a connection's
/// lifetime, so it must not outlive the token; clients reconnect with a fresh one (the console
/// does). Pends forever until `connection_init` is answered, and for a session without expiry.
async fn watch_session(state: AppState, session: tokio::sync::oneshot::Receiver<SocketSession>) {
    let Ok(session) = session.await else {
        return std::future::pending().await;
    };
    let expired = async {
        match session.valid_for {
            Some(left) => tokio::time::sleep(left).await,
            None => std::future::pending().await,
        }
    };
    let heartbeat = async {
        let Some(member) = session.member else {
            return std::future::pending().await;
        };
        let mut tick = tokio::time::interval(state.services.presence.heartbeat_interval());
        loop {
            tick.tick().await;
            seen(&state, member).await;
        }
    };
    tokio::select! {
        () = expired => tracing::debug!("closing a WebSocket: its credential expired"),
        () = heartbeat => {}
    }
}

async fn graphql_post(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    if attachments::is_multipart(request.headers()) {
        return attachments::refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            crate::Error::invalid("file", "send requests with files to /graphql/upload"),
        );
    }
    let caller = request_caller(&state, peer, request.headers()).await;
    let request_info = request_info(request.headers());
    let request = match GraphQLRequest::<GraphQLRejection>::from_request(request, &state).await {
        Ok(request) => request,
        Err(rejection) => return rejection.into_response(),
    };
    GraphQLResponse::from(
        state
            .schema
            .execute(request.into_inner().data(caller).data(request_info))
            .await,
    )
    .into_response()
}

/// GraphiQL for a browser; graphql-transport-ws (or legacy graphql-ws) for a WebSocket upgrade.
async fn graphql_get(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    if !request.headers().contains_key(header::UPGRADE) {
        return Html(
            GraphiQLSource::build()
                .endpoint("/graphql")
                .subscription_endpoint("/graphql")
                .finish(),
        )
        .into_response();
    }
    let (mut parts, _body) = request.into_parts();
    let protocol = match GraphQLProtocol::from_request_parts(&mut parts, &state).await {
        Ok(protocol) => protocol,
        Err(status) => return (status, "unsupported WebSocket subprotocol").into_response(),
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let ip = client_ip(&state, peer, &parts.headers);
    let info = request_info(&parts.headers);
    let schema = state.schema.clone();
    let auth_state = state.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .read_buffer_size(WEBSOCKET_READ_BUFFER)
        // Every event is flushed as it is sent anyway; nothing is gained by gathering 128 KiB.
        .write_buffer_size(0)
        .max_message_size(MAX_BODY_BYTES)
        .on_upgrade(move |socket| async move {
            let (session, signed_in) = tokio::sync::oneshot::channel();
            let (outgoing, incoming) = socket.split();
            let (outgoing, incoming) =
                operations::bounded(outgoing, incoming, operations::MAX_OPERATIONS);
            let serve = GraphQLWebSocket::new_with_pair(outgoing, incoming, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let (identity, valid_for) = auth_state
                        .services
                        .auth
                        .authenticate_for(init_bearer(&payload))
                        .await;
                    let caller = Caller {
                        identity,
                        ip: Some(ip),
                    };
                    // The watcher may be gone already: the socket closed.
                    let _ = session.send(SocketSession {
                        member: staff_member(&caller),
                        valid_for,
                    });
                    let mut data = Data::default();
                    data.insert(caller);
                    data.insert(info);
                    Ok(data)
                })
                .serve();
            tokio::select! {
                () = serve => {}
                () = watch_session(state, signed_in) => {}
            }
        })
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

/// `connection_init` payload: `{"Authorization": "Bearer …"}` (any capitalisation of the key).
fn init_bearer(payload: &serde_json::Value) -> Option<&str> {
    let object = payload.as_object()?;
    let value = object
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("authorization"))?
        .1
        .as_str()?;
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
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
