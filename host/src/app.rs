//! Wiring: builds the services over one database, creates the first admin, serves HTTP until told
//! to stop, then drains and closes everything.

mod wiring;

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::audit::AuditLog;
use crate::auth::random_token;
use crate::auth::rate_limit::RequestLimiter;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::graphql;
use crate::graphql::persisted::PersistedQueries;
use crate::plugins::{PluginRegistry, PluginSource, RegistrySettings};
use crate::presence::PresenceService;
use crate::realtime::EventBus;
use crate::storage::Db;
use crate::telemetry;
use wiring::Wired;

pub use crate::http::AppState;
pub use crate::services::Services;

pub struct RunningServer {
    pub local_addr: SocketAddr,
    /// Where `/metrics` is served when it has an address of its own.
    pub metrics_addr: Option<SocketAddr>,
    pub db: Db,
    /// The installed plugins, for callers inside the process (the message pipeline, tests).
    pub plugins: Arc<PluginRegistry>,
    /// The conversation event bus that `inboxEvents`, `conversationEvents` and `visitorEvents`
    /// listen on; tests count its listeners to know when a subscription has registered.
    pub events: Arc<dyn EventBus>,
    /// The presence feed (`presenceEvents`), for the same.
    pub presence: Arc<PresenceService>,
    /// The audit log (`auditEvents`), for the same.
    pub audit: Arc<AuditLog>,
    shutdown: CancellationToken,
    tasks: TaskTracker,
    server: JoinHandle<()>,
}

/// Events a slow subscriber may fall behind before it has to catch up from storage.
pub(crate) const EVENT_BUS_CAPACITY: usize = 4096;
/// The same for one conversation's followers: a conversation has few events a second.
pub(crate) const CONVERSATION_BUS_CAPACITY: usize = 256;

/// How long open connections get to finish after a shutdown signal.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn start(config: Config, clock: SharedClock) -> anyhow::Result<RunningServer> {
    let db = open_database(&config).await?;
    let jwt_secret = match &config.jwt_secret {
        Some(secret) => secret.expose().to_owned(),
        None => load_or_create_secret(&config.data_dir.join("jwt-secret"))?,
    };
    let Wired { services, workers } = wiring::wire(&config, &db, &clock, &jwt_secret).await?;
    create_first_admin(&services, &config).await?;

    let shutdown = CancellationToken::new();
    let tasks = TaskTracker::new();
    let state = app_state(&config, services.clone(), db.clone(), &shutdown, &tasks);
    let app = crate::http::router(
        state.clone(),
        &config.cors_origins,
        config.metrics_listen.is_none(),
    );
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let local_addr = listener.local_addr()?;
    let metrics_addr = serve_metrics_apart(&config, &state, &tasks, &shutdown).await?;
    workers.spawn(&config, &tasks, &shutdown);
    spawn_snooze_waker(
        &tasks,
        &shutdown,
        services.clone(),
        config.background_interval,
    );
    spawn_housekeeping(&tasks, &shutdown, state);
    let server = tokio::spawn(crate::http::server::serve(
        listener,
        app,
        connection_limits(&config),
        shutdown.clone(),
        DRAIN_TIMEOUT,
    ));
    announce(local_addr);
    Ok(RunningServer {
        local_addr,
        metrics_addr,
        db,
        plugins: services.plugins.clone(),
        events: services.conversations.bus().clone(),
        presence: services.presence.clone(),
        audit: services.audit.clone(),
        shutdown,
        tasks,
        server,
    })
}

/// Opens the database under the data directory (made if missing) and applies migrations.
async fn open_database(config: &Config) -> anyhow::Result<Db> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create data dir {}", config.data_dir.display()))?;
    let db = Db::connect(&config.database, config.db_max_connections)
        .await
        .context("cannot open the database")?;
    db.migrate()
        .await
        .context("cannot apply database migrations")?;
    tracing::info!(backend = ?db.backend(), "database ready");
    Ok(db)
}

/// What HTTP handlers and resolvers share.
fn app_state(
    config: &Config,
    services: Arc<Services>,
    db: Db,
    shutdown: &CancellationToken,
    tasks: &TaskTracker,
) -> AppState {
    let persisted = Arc::new(PersistedQueries::default());
    AppState {
        schema: graphql::build(services.clone(), persisted.clone()),
        persisted,
        services,
        db,
        metrics: telemetry::metrics_handle(),
        trust_forwarded_for: config.trust_forwarded_for,
        requests: Arc::new(RequestLimiter::new(
            NonZeroU32::new(config.requests_per_minute).unwrap_or(NonZeroU32::MIN),
        )),
        metrics_token: config.metrics_token.clone(),
        shutdown: shutdown.clone(),
        sessions: tasks.clone(),
        websocket_init_timeout: config.websocket_init_timeout,
        access_recheck: config.access_recheck_interval,
        access_checks: Arc::default(),
    }
}

/// Serves `/metrics` on an address of its own when one is set; returns that address.
async fn serve_metrics_apart(
    config: &Config,
    state: &AppState,
    tasks: &TaskTracker,
    shutdown: &CancellationToken,
) -> anyhow::Result<Option<SocketAddr>> {
    let Some(address) = config.metrics_listen else {
        return Ok(None);
    };
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address} for /metrics"))?;
    let metrics_addr = listener.local_addr()?;
    tasks.spawn(crate::http::server::serve(
        listener,
        crate::http::metrics_router(state.clone()),
        connection_limits(config),
        shutdown.clone(),
        DRAIN_TIMEOUT,
    ));
    tracing::info!(%metrics_addr, "metrics are served on their own address");
    Ok(Some(metrics_addr))
}

fn announce(local_addr: SocketAddr) {
    let browsable = if local_addr.ip().is_unspecified() {
        format!("localhost:{}", local_addr.port())
    } else {
        local_addr.to_string()
    };
    tracing::info!(%local_addr, "ISP Chat is listening: open http://{browsable} (GraphiQL at /graphql)");
}

impl RunningServer {
    /// Stops accepting, lets requests in flight finish (up to a limit), stops background work and
    /// closes the database.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        // The accept loop bounds its own drain.
        self.server.await?;
        self.tasks.close();
        if tokio::time::timeout(DRAIN_TIMEOUT, self.tasks.wait())
            .await
            .is_err()
        {
            tracing::warn!("background work still running after the drain timeout; closing");
        }
        self.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// The plugin registry: bundled and installed plugins, plus the ones a test preloads.
async fn start_plugins(
    config: &Config,
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
) -> anyhow::Result<Arc<PluginRegistry>> {
    let plugins = PluginRegistry::start(
        db,
        clock,
        audit,
        RegistrySettings {
            data_dir: config.data_dir.clone(),
            bundled_dir: config.plugins_dir.clone(),
            cache_parent: config
                .plugin_cache_dir
                .clone()
                .unwrap_or_else(|| config.data_dir.clone()),
            secrets_key: config.secrets_key.as_ref().map(|k| k.expose().to_owned()),
            limits: config.plugin_limits(),
        },
    )
    .await
    .context("cannot start the plugin runtime")?;
    for (dist_dir, operator) in &config.preload_plugins {
        let source = PluginSource {
            dist_dir: dist_dir.clone(),
        };
        plugins
            .preload(&source, operator.clone())
            .await
            .with_context(|| format!("cannot load the plugin in {}", dist_dir.display()))?;
    }
    Ok(plugins)
}

fn connection_limits(config: &Config) -> crate::http::server::ConnectionLimits {
    crate::http::server::ConnectionLimits {
        header_read_timeout: config.header_read_timeout,
        // Behind a trusted proxy every connection comes from the proxy: it limits instead.
        per_address: config
            .max_connections_per_address
            .filter(|_| !config.trust_forwarded_for)
            .map(|n| n as usize),
    }
}

fn spawn_housekeeping(tasks: &TaskTracker, shutdown: &CancellationToken, state: AppState) {
    let shutdown = shutdown.clone();
    tasks.spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tick.tick() => {
                    state.services.auth.limiter().forget_idle();
                    state.requests.forget_idle();
                    state.services.widgets.forget_idle();
                    let listeners = state.services.conversations.bus().listeners();
                    metrics::gauge!("ispchat_event_listeners").set(listeners as f64);
                    state.metrics.run_upkeep();
                }
            }
        }
    });
}

/// Snoozed conversations wake up on time even when nobody writes to them.
fn spawn_snooze_waker(
    tasks: &TaskTracker,
    shutdown: &CancellationToken,
    services: Arc<Services>,
    every: Duration,
) {
    let shutdown = shutdown.clone();
    tasks.spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tick.tick() => {
                    if let Err(err) = services.conversations.wake_snoozed().await {
                        tracing::warn!(%err, "cannot wake snoozed conversations");
                    }
                }
            }
        }
    });
}

async fn create_first_admin(services: &Services, config: &Config) -> anyhow::Result<()> {
    let (password, generated) = match &config.admin_password {
        Some(password) => (password.expose().to_owned(), false),
        None => (random_token(15), true),
    };
    let created = services
        .users
        .create_first_admin(&config.admin_email, &password)
        .await
        .context("cannot create the first admin")?;
    if let Some(admin) = created {
        if generated {
            tracing::warn!(
                "first admin created: login `{}` (or {}) with password `{password}`. \
                 It is shown only this once: change it after logging in.",
                admin.username,
                admin.email
            );
        } else {
            tracing::info!(login = %admin.username, "first admin created with ISPCHAT_ADMIN_PASSWORD");
        }
    }
    Ok(())
}

/// The signing secret survives restarts in the data dir, readable by the server's user only.
fn load_or_create_secret(path: &Path) -> anyhow::Result<String> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let secret = existing.trim().to_owned();
        anyhow::ensure!(
            secret.len() >= 32,
            "{} is shorter than 32 bytes",
            path.display()
        );
        return Ok(secret);
    }
    let secret = random_token(48);
    ispchat_core::fs::write_private(path, &secret)
        .with_context(|| format!("cannot write {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a JWT signing secret");
    Ok(secret)
}
