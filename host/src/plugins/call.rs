//! Calling a plugin's exports: a fresh store per call (no state leaks from one call, or one
//! crash, to the next), bounded by the epoch deadline and the memory cap. A trap, timeout or
//! memory overrun becomes a [`PluginError`], is logged and counted, and after
//! `max_consecutive_failures` in a row the plugin is disabled (in memory only, for now: a
//! restart enables it again).

use std::sync::atomic::Ordering;
use std::time::Instant;

use wasmtime::{Store, Trap};

use super::PluginError;
use super::engine::PluginRuntime;
use super::load::{Plugin, WorldPre};
use super::manifest::Kind;
use super::state::{CallState, MemoryCap};
use super::v1::{bot, router};

/// The error value a plugin export returns itself (not a failure of the plugin).
pub type GuestError = bot::ispchat::types::common::PluginError;
pub type Turn = bot::ispchat::types::bot::Turn;
pub type BotResponse = bot::ispchat::types::bot::BotResponse;
pub type RoutingRequest = router::ispchat::types::router::RoutingRequest;
pub type RoutingDecision = router::ispchat::types::router::RoutingDecision;

impl PluginRuntime {
    pub(crate) fn new_store(&self, plugin: &Plugin) -> Store<CallState> {
        let state = CallState {
            plugin: plugin.context.clone(),
            services: self.services.clone(),
            memory: MemoryCap {
                cap_bytes: self.limits.memory_bytes,
                hit: false,
            },
            http_requests: 0,
            deadline: Instant::now() + self.limits.call_deadline,
            log: Default::default(),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.memory);
        // Instantiation runs the component's start-up code, so it is inside the deadline too.
        store.set_epoch_deadline(self.deadline_ticks());
        store.epoch_deadline_trap();
        store
    }

    fn check_enabled(&self, plugin: &Plugin) -> Result<(), PluginError> {
        if plugin.disabled.load(Ordering::Relaxed) {
            return Err(PluginError::Disabled(plugin.id().to_owned()));
        }
        Ok(())
    }

    /// A bot's answer to one customer message.
    pub async fn on_message(
        &self,
        plugin: &Plugin,
        turn: &Turn,
    ) -> Result<Result<BotResponse, GuestError>, PluginError> {
        self.check_enabled(plugin)?;
        let WorldPre::Bot(pre) = &plugin.pre else {
            return Err(wrong_kind(plugin, Kind::Bot));
        };
        let mut store = self.new_store(plugin);
        let result = async {
            let instance = pre.instantiate_async(&mut store).await?;
            instance.call_on_message(&mut store, turn).await
        }
        .await;
        self.settle(plugin, &store, result)
    }

    /// A router's decision for one queued conversation.
    pub async fn route(
        &self,
        plugin: &Plugin,
        request: &RoutingRequest,
    ) -> Result<Result<RoutingDecision, GuestError>, PluginError> {
        self.check_enabled(plugin)?;
        let WorldPre::Router(pre) = &plugin.pre else {
            return Err(wrong_kind(plugin, Kind::Router));
        };
        let mut store = self.new_store(plugin);
        let result = async {
            let instance = pre.instantiate_async(&mut store).await?;
            instance.call_route(&mut store, request).await
        }
        .await;
        self.settle(plugin, &store, result)
    }

    /// Turns a call's outcome into the caller's result and keeps the plugin's health.
    fn settle<T>(
        &self,
        plugin: &Plugin,
        store: &Store<CallState>,
        result: wasmtime::Result<T>,
    ) -> Result<T, PluginError> {
        let id = plugin.id().to_owned();
        let err = match result {
            Ok(value) => {
                plugin.consecutive_failures.store(0, Ordering::Relaxed);
                return Ok(value);
            }
            Err(err) => err,
        };
        let failure = if store.data().memory.hit {
            PluginError::MemoryCap {
                id,
                cap_bytes: self.limits.memory_bytes,
            }
        } else if err.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
            PluginError::Timeout {
                id,
                deadline_ms: self.limits.call_deadline.as_millis(),
            }
        } else {
            PluginError::Trap {
                id,
                message: format!("{err:#}"),
            }
        };
        metrics::counter!(
            "ispchat_plugin_failures_total",
            "plugin" => plugin.id().to_owned(),
            "reason" => failure.reason(),
        )
        .increment(1);
        let failures = plugin.consecutive_failures.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::warn!(plugin = plugin.id(), failures, error = %failure, "plugin call failed");
        if failures >= self.limits.max_consecutive_failures
            && !plugin.disabled.swap(true, Ordering::Relaxed)
        {
            tracing::error!(
                plugin = plugin.id(),
                failures,
                "plugin disabled after repeated failures"
            );
        }
        Err(failure)
    }
}

fn wrong_kind(plugin: &Plugin, wanted: Kind) -> PluginError {
    PluginError::WrongKind {
        id: plugin.id().to_owned(),
        kind: plugin.manifest().kind,
        wanted,
    }
}
