//! GraphQL subscriptions over WebSocket (graphql-transport-ws, or the legacy graphql-ws of
//! subscriptions-transport-ws), and why a connection ends, said with a close code:
//!
//! | code | when |
//! |------|------|
//! | 4408 | no `connection_init` within the init timeout (graphql-ws's own code) |
//! | 4401 | the token the connection was opened with expired |
//! | 4403 | the caller lost access: user deactivated, API key revoked |
//! | 1001 | the server is shutting down |
//!
//! async-graphql's connection owns the socket's sending half and gives no way to close it with a
//! code of our choosing, so the half is shared through a [`Closable`] sink: when the watcher
//! ends the connection, it takes the half back and sends the close frame itself.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{FromRequestParts, WebSocketUpgrade};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use futures_util::stream::SplitSink;
use futures_util::{Sink, SinkExt, StreamExt};

use super::AppState;
use super::{MAX_BODY_BYTES, client_ip, operations, request_info, seen};
use crate::auth::service::current_principal;
use crate::auth::{Caller, Identity, Principal};
use crate::storage::Db;
use uuid::Uuid;

/// What a WebSocket connection reads into at a time. tungstenite's default (128 KiB) is held by
/// every open connection, idle or not; clients send small GraphQL documents, and a larger frame
/// still arrives, just in more reads. With it an idle subscription costs tens of KiB, not
/// hundreds (docs/performance.md, "connections").
const READ_BUFFER: usize = 4 * 1024;

/// Why the server ends a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    InitTimeout,
    Expired,
    Forbidden,
    Shutdown,
}

impl CloseReason {
    fn frame(self) -> CloseFrame {
        let (code, reason) = match self {
            CloseReason::InitTimeout => (4408, "Connection initialisation timeout"),
            CloseReason::Expired => (4401, "Unauthorized: the token expired"),
            CloseReason::Forbidden => (4403, "Forbidden: access was withdrawn"),
            CloseReason::Shutdown => (1001, "The server is shutting down"),
        };
        CloseFrame {
            code,
            reason: reason.into(),
        }
    }
}

/// Who signed a WebSocket in at `connection_init`.
struct SocketSession {
    principal: Option<Principal>,
    /// How long the credential stays valid (`None`: an API key, or nobody signed in).
    valid_for: Option<Duration>,
}

pub async fn upgrade(state: AppState, peer: SocketAddr, mut parts: Parts) -> Response {
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
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .read_buffer_size(READ_BUFFER)
        // Every event is flushed as it is sent anyway; nothing is gained by gathering 128 KiB.
        .write_buffer_size(0)
        .max_message_size(MAX_BODY_BYTES)
        .on_upgrade(move |socket| async move {
            // Shutdown waits (bounded) for this session to send its close frame.
            let _session = state.sessions.token();
            let (session, signed_in) = tokio::sync::oneshot::channel();
            let (outgoing, incoming) = socket.split();
            let outgoing = Closable::new(outgoing);
            let closer = outgoing.clone();
            let (outgoing, incoming) =
                operations::bounded(outgoing, incoming, operations::MAX_OPERATIONS);
            let auth_state = state.clone();
            let serve =
                GraphQLWebSocket::new_with_pair(outgoing, incoming, state.schema.clone(), protocol)
                    .on_connection_init(move |payload| async move {
                        let (identity, valid_for) = auth_state
                            .services
                            .auth
                            .authenticate_for(init_bearer(&payload))
                            .await;
                        let principal = match &identity {
                            Identity::Authenticated(principal) => Some(principal.clone()),
                            _ => None,
                        };
                        let caller = Caller {
                            identity,
                            ip: Some(ip),
                        };
                        // The watcher may be gone already: the socket closed.
                        let _ = session.send(SocketSession {
                            principal,
                            valid_for,
                        });
                        let mut data = Data::default();
                        data.insert(caller);
                        data.insert(info);
                        Ok(data)
                    })
                    .serve();
            let reason = tokio::select! {
                () = serve => None,
                reason = watch(state, signed_in) => Some(reason),
            };
            if let Some(reason) = reason {
                tracing::debug!(?reason, "closing a WebSocket");
                closer.close(reason.frame()).await;
            }
        })
}

/// Runs beside a connection until it must end, and says why: no `connection_init` in time, the
/// credential expired or was withdrawn, or the server is shutting down. Meanwhile it keeps a
/// signed-in member's presence. The caller is fixed for a connection's lifetime, so it must not
/// outlive its token; clients reconnect with a fresh one (the console does).
async fn watch(
    state: AppState,
    signed_in: tokio::sync::oneshot::Receiver<SocketSession>,
) -> CloseReason {
    let session = tokio::select! {
        session = signed_in => match session {
            Ok(session) => session,
            // The connection ended first; `serve` returns too.
            Err(_) => return std::future::pending().await,
        },
        () = tokio::time::sleep(state.websocket_init_timeout) => return CloseReason::InitTimeout,
        () = state.shutdown.cancelled() => return CloseReason::Shutdown,
    };
    let expired = async {
        match session.valid_for {
            Some(left) => tokio::time::sleep(left).await,
            None => std::future::pending().await,
        }
    };
    let member = session.principal.as_ref().and_then(Principal::user_id);
    let heartbeat = async {
        let Some(member) = member else {
            return std::future::pending::<Infallible>().await;
        };
        let mut tick = tokio::time::interval(state.services.presence.heartbeat_interval());
        loop {
            tick.tick().await;
            seen(&state, member).await;
        }
    };
    let withdrawn = async {
        let Some(principal) = &session.principal else {
            return std::future::pending().await;
        };
        let mut tick = tokio::time::interval(state.access_recheck);
        tick.tick().await;
        loop {
            tick.tick().await;
            let allowed = state
                .access_checks
                .still_allowed(&state.db, principal, state.access_recheck)
                .await;
            // Unknown (the database being away) is no reason to drop a client.
            if allowed == Some(false) {
                return;
            }
        }
    };
    tokio::select! {
        () = expired => CloseReason::Expired,
        () = withdrawn => CloseReason::Forbidden,
        () = state.shutdown.cancelled() => CloseReason::Shutdown,
        never = heartbeat => match never {},
    }
}

/// Whether a user or API key still signs anybody in, as the database said a moment ago: every
/// connection of the same caller shares one answer for an interval, so 19,000 connections of one
/// API key cost one query per interval, not 19,000.
#[derive(Default)]
pub struct AccessChecks {
    answers: Mutex<HashMap<Uuid, (Instant, bool)>>,
}

/// Callers remembered at most; past it the stale answers are dropped.
const REMEMBERED_CALLERS: usize = 10_000;

impl AccessChecks {
    /// `None` when it cannot be told (the database is away).
    async fn still_allowed(
        &self,
        db: &Db,
        principal: &Principal,
        fresh_for: Duration,
    ) -> Option<bool> {
        let id = match principal {
            Principal::User { id, .. } | Principal::ApiKey { id, .. } => *id,
            Principal::Visitor { .. } => return Some(true),
        };
        let known = self
            .answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .filter(|(at, _)| at.elapsed() < fresh_for)
            .map(|(_, allowed)| *allowed);
        if known.is_some() {
            return known;
        }
        let allowed = match current_principal(db, principal).await {
            Ok(current) => current.is_some(),
            Err(err) => {
                tracing::debug!(%err, "cannot re-check a WebSocket's caller");
                return None;
            }
        };
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        if answers.len() >= REMEMBERED_CALLERS {
            answers.retain(|_, (at, _)| at.elapsed() < fresh_for);
        }
        answers.insert(id, (Instant::now(), allowed));
        Some(allowed)
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

type Outgoing = SplitSink<WebSocket, Message>;

/// The socket's sending half, shared between async-graphql's connection (which sends through
/// it) and the watcher (which takes it back to close the connection with a code). The lock is
/// only ever held inside one poll, never across an await.
#[derive(Clone)]
struct Closable {
    inner: Arc<Mutex<Option<Outgoing>>>,
}

impl Closable {
    fn new(sink: Outgoing) -> Self {
        Closable {
            inner: Arc::new(Mutex::new(Some(sink))),
        }
    }

    fn polled<T>(
        &self,
        f: impl FnOnce(Pin<&mut Outgoing>) -> Poll<Result<T, axum::Error>>,
    ) -> Poll<Result<T, axum::Error>> {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_mut() {
            Some(sink) => f(Pin::new(sink)),
            None => Poll::Ready(Err(axum::Error::new("the connection is closing"))),
        }
    }

    /// Sends `frame` and closes; whatever async-graphql sends after this fails.
    async fn close(&self, frame: CloseFrame) {
        let sink = self.inner.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(mut sink) = sink {
            let closing = async {
                sink.send(Message::Close(Some(frame))).await?;
                sink.close().await
            };
            // A client that stopped reading does not hold the task.
            let _ = tokio::time::timeout(Duration::from_secs(2), closing).await;
        }
    }
}

impl Sink<Message> for Closable {
    type Error = axum::Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.polled(|sink: Pin<&mut Outgoing>| sink.poll_ready(cx))
    }

    fn start_send(self: Pin<&mut Self>, item: Message) -> Result<(), Self::Error> {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_mut() {
            Some(sink) => Pin::new(sink).start_send(item),
            None => Err(axum::Error::new("the connection is closing")),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.polled(|sink: Pin<&mut Outgoing>| sink.poll_flush(cx))
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.polled(|sink: Pin<&mut Outgoing>| sink.poll_close(cx))
    }
}
