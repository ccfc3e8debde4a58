//! The live set of plugins: one `Arc<Plugin>` per installed, enabled plugin, swapped whole on
//! every change, so installing, upgrading, enabling, disabling or reconfiguring takes effect at
//! once while a call in flight keeps the `Arc` it started with.
//!
//! Calls go through the registry ([`PluginRegistry::on_message`], [`PluginRegistry::route`]) so
//! each is measured, each failure is recorded in `plugin_failures`, and the runtime's breaker
//! (a plugin disabled after `max_consecutive_failures`) is persisted with an audit entry.

mod admin;
mod installed;
mod startup;
mod stats;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Instant;

use serde_json::json;

use super::manifest::Kind;
use super::sealed::SecretsKey;
use super::v1::host::http::{HttpError, Response as HttpResponse};
use super::{
    ActivePlugins, BotResponse, Classification, GuestError, Message, OperatorConfig,
    OutboundMessage, Plugin, PluginError, PluginRuntime, PluginSource, RoutingDecision,
    RoutingRequest, SendError, SendReceipt, Turn, WebhookRequest, WebhookResult,
};
use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::clock::SharedClock;
use crate::storage::{self, Db};

pub use admin::{Health, PluginView, SecretChange, Source};
pub use startup::RegistrySettings;
pub use stats::CallStats;

type LiveSet = Arc<HashMap<String, Arc<Plugin>>>;

pub struct PluginRegistry {
    runtime: PluginRuntime,
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
    key: SecretsKey,
    /// `data_dir/plugins`: uploaded packages, `<id>/<version>/`.
    packages_dir: PathBuf,
    /// First-party plugins found at start-up: id → their `dist/` folder.
    bundled: HashMap<String, PathBuf>,
    live: RwLock<LiveSet>,
    /// The last loaded version of every plugin, enabled or not: enabling or reconfiguring reuses
    /// its compiled component.
    compiled: Mutex<HashMap<String, Arc<Plugin>>>,
    stats: Mutex<HashMap<String, CallStats>>,
    /// Admin changes run one at a time, so two of them never swap the live set from stale reads.
    changes: tokio::sync::Mutex<()>,
}

impl ActivePlugins for PluginRegistry {
    /// The enabled plugin with this id, if it is not disabled by failures.
    fn get(&self, id: &str) -> Option<Arc<Plugin>> {
        self.snapshot()
            .get(id)
            .filter(|p| !p.is_disabled())
            .cloned()
    }

    /// The enabled plugins of a kind, by id.
    fn enabled(&self, kind: Kind) -> Vec<Arc<Plugin>> {
        let mut plugins: Vec<Arc<Plugin>> = self
            .snapshot()
            .values()
            .filter(|p| p.manifest().kind == kind && !p.is_disabled())
            .cloned()
            .collect();
        plugins.sort_by(|a, b| a.id().cmp(b.id()));
        plugins
    }
}

impl PluginRegistry {
    pub fn runtime(&self) -> &PluginRuntime {
        &self.runtime
    }

    /// Loads a built plugin straight into the live set, without an installation (nothing is
    /// persisted): for tests and tools that bring their own plugins, such as `preload_plugins`.
    pub async fn preload(
        &self,
        source: &PluginSource,
        operator: OperatorConfig,
    ) -> Result<Arc<Plugin>, PluginError> {
        let plugin = self.runtime.load(source, operator).await?;
        let id = plugin.id().to_owned();
        let live = plugin.clone();
        self.swap_live(move |set| {
            set.insert(id, live);
        });
        tracing::info!(plugin = plugin.id(), "plugin preloaded");
        Ok(plugin)
    }

    /// A bot's answer to one customer message, measured and recorded.
    pub async fn on_message(
        &self,
        plugin: &Arc<Plugin>,
        turn: &Turn,
    ) -> Result<Result<BotResponse, GuestError>, PluginError> {
        self.measured(plugin, "on-message", self.runtime.on_message(plugin, turn))
            .await
    }

    /// A router's decision, measured and recorded.
    pub async fn route(
        &self,
        plugin: &Arc<Plugin>,
        request: &RoutingRequest,
    ) -> Result<Result<RoutingDecision, GuestError>, PluginError> {
        self.measured(plugin, "route", self.runtime.route(plugin, request))
            .await
    }

    /// A classifier's results for a batch, measured and recorded.
    pub async fn classify(
        &self,
        plugin: &Arc<Plugin>,
        batch: &[Message],
    ) -> Result<Result<Vec<Classification>, GuestError>, PluginError> {
        self.measured(plugin, "classify", self.runtime.classify(plugin, batch))
            .await
    }

    /// A channel's handling of one webhook delivery, measured and recorded.
    pub async fn handle_webhook(
        &self,
        plugin: &Arc<Plugin>,
        request: &WebhookRequest,
    ) -> Result<Result<WebhookResult, GuestError>, PluginError> {
        let call = self.runtime.handle_webhook(plugin, request);
        self.measured(plugin, "handle-webhook", call).await
    }

    /// A GET the host makes for `plugin` (a channel's media download) under the plugin's own
    /// HTTP rules; see [`PluginRuntime::get_for`].
    pub async fn get_for(
        &self,
        plugin: &Plugin,
        url: &str,
        headers: Vec<(String, String)>,
        max_body: u64,
        timeout: std::time::Duration,
    ) -> Result<HttpResponse, HttpError> {
        self.runtime
            .get_for(plugin, url, headers, max_body, timeout)
            .await
    }

    /// A channel's delivery of one outbound message, measured and recorded.
    pub async fn send(
        &self,
        plugin: &Arc<Plugin>,
        message: &OutboundMessage,
    ) -> Result<Result<SendReceipt, SendError>, PluginError> {
        self.measured(plugin, "send", self.runtime.send(plugin, message))
            .await
    }

    async fn measured<T>(
        &self,
        plugin: &Arc<Plugin>,
        export: &'static str,
        call: impl Future<Output = Result<T, PluginError>>,
    ) -> Result<T, PluginError> {
        let started = Instant::now();
        let result = call.await;
        self.observe(plugin, export, started, result.as_ref().err())
            .await;
        result
    }

    fn snapshot(&self) -> LiveSet {
        self.live
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the live set with a changed copy.
    fn swap_live(&self, change: impl FnOnce(&mut HashMap<String, Arc<Plugin>>)) {
        let mut live = self.live.write().unwrap_or_else(PoisonError::into_inner);
        let mut next = (**live).clone();
        change(&mut next);
        *live = Arc::new(next);
    }

    async fn observe(
        &self,
        plugin: &Arc<Plugin>,
        export: &'static str,
        started: Instant,
        failure: Option<&PluginError>,
    ) {
        let elapsed = started.elapsed();
        let id = plugin.id().to_owned();
        metrics::histogram!(
            "ispchat_plugin_call_duration_seconds",
            "plugin" => id.clone(),
            "export" => export,
        )
        .record(elapsed.as_secs_f64());
        self.stats
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(id.clone())
            .or_default()
            .record(
                elapsed,
                failure.map(PluginError::reason),
                self.runtime.limits().call_deadline,
            );
        let Some(failure) = failure else { return };
        // Counted above; a flood of `busy` refusals must not become a flood of writes.
        if matches!(
            failure,
            PluginError::Disabled(_) | PluginError::WrongKind { .. } | PluginError::Busy(_)
        ) {
            return;
        }
        self.record_failure(&id, failure.reason(), &failure.to_string())
            .await;
        if plugin.is_disabled() {
            self.persist_breaker(plugin).await;
        }
    }

    async fn record_failure(&self, id: &str, reason: &str, message: &str) {
        let recorded = async {
            let mut conn = self.db.writer().await?;
            storage::plugins::record_failure(conn.conn(), id, self.clock.now(), reason, message)
                .await
        }
        .await;
        if let Err(err) = recorded {
            tracing::warn!(plugin = id, %err, "cannot record a plugin failure");
        }
    }

    /// The runtime disabled the plugin after repeated failures: take it out of the live set and
    /// keep it disabled across restarts. Only the caller that takes it out writes the audit entry.
    async fn persist_breaker(&self, plugin: &Arc<Plugin>) {
        let id = plugin.id().to_owned();
        let mut current = false;
        self.swap_live(|live| {
            if live.get(&id).is_some_and(|p| Arc::ptr_eq(p, plugin)) {
                live.remove(&id);
                current = true;
            }
        });
        // A plugin already replaced (reconfigured, upgraded, re-enabled) only retires the old
        // copy a caller still held: the installation itself stays as the admin left it.
        if !current {
            return;
        }
        let failures = plugin.consecutive_failures();
        let persisted = async {
            let mut tx = self.db.begin().await?;
            let actor = Actor::system();
            let changed = storage::plugins::disable_if_enabled(
                tx.conn(),
                &id,
                "failures",
                self.clock.now(),
                &actor.label,
            )
            .await?;
            if changed {
                let event = AuditEvent::new("plugin.disable")
                    .target("plugin", &id)
                    .details(json!({ "reason": "failures", "consecutiveFailures": failures }));
                self.audit.commit(tx, &actor, event).await?;
            }
            Ok::<_, crate::error::Error>(())
        }
        .await;
        if let Err(err) = persisted {
            tracing::error!(plugin = %id, %err, "cannot persist the disabling of a plugin");
        }
    }
}
