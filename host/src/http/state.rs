//! What every HTTP handler shares: the schema, the services, the database and the server's
//! limits. `app` builds it; handlers receive it through axum's `State`.

use std::sync::Arc;
use std::time::Duration;

use metrics_exporter_prometheus::PrometheusHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::auth::rate_limit::RequestLimiter;
use crate::config::Secret;
use crate::graphql::AppSchema;
use crate::graphql::persisted::PersistedQueries;
use crate::services::Services;
use crate::storage::Db;

/// The server's shared state.
#[derive(Clone)]
pub struct AppState {
    pub schema: AppSchema,
    /// Automatic persisted queries' documents, shared by HTTP and the schema's WebSocket path.
    pub persisted: Arc<PersistedQueries>,
    pub services: Arc<Services>,
    pub db: Db,
    pub metrics: PrometheusHandle,
    pub trust_forwarded_for: bool,
    /// Requests per caller ([`crate::auth::rate_limit`]).
    pub requests: Arc<RequestLimiter>,
    /// The bearer token `/metrics` requires, if any.
    pub metrics_token: Option<Secret>,
    /// Server shutdown, and the tracker live WebSocket sessions hold a token of, so that they
    /// get to send their close frame before the process exits.
    pub shutdown: CancellationToken,
    pub sessions: TaskTracker,
    /// How long a WebSocket may stay open without `connection_init`.
    pub websocket_init_timeout: Duration,
    /// How often a WebSocket re-reads whether its caller still has access.
    pub access_recheck: Duration,
    /// Those re-reads' answers, shared by every connection of a caller.
    pub access_checks: Arc<super::AccessChecks>,
}
