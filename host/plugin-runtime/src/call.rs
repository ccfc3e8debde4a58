//! Calling a plugin's exports: a fresh store per call (no state leaks from one call, or one
//! crash, to the next), bounded by the epoch deadline and the memory cap. A trap, timeout or
//! memory overrun becomes a [`PluginError`], is logged and counted, and after
//! `max_consecutive_failures` in a row the plugin is disabled (in memory only, for now: a
//! restart enables it again) — except for webhook calls, whose failures are tied to one payload
//! (a poisoned body must not take the channel down for everyone).
//!
//! A slow plugin slows only its own callers: each has a few call slots ([`CallSlots`]) and the
//! rest wait their turn; and a running guest yields to the async runtime at every epoch tick,
//! so a plugin spinning for most of its deadline never holds a worker thread that other
//! requests (and other plugins) need.

use std::sync::atomic::Ordering;
use std::time::Instant;

use wasmtime::{Store, Trap, UpdateDeadline};

use super::engine::EPOCH_TICK;
use super::engine::PluginRuntime;
use super::load::CallSlots;
use super::load::{Plugin, WorldPre};
use super::manifest::Kind;
use super::state::{CallBudget, CallState, MemoryCap};
use super::v1::{bot, channel, classifier, router};
use super::{PluginError, QUEUE_DEADLINES};

/// The error value a plugin export returns itself (not a failure of the plugin).
pub type GuestError = bot::ispchat::types::common::PluginError;
pub type Message = bot::ispchat::types::messages::Message;
pub type Turn = bot::ispchat::types::bot::Turn;
pub type BotResponse = bot::ispchat::types::bot::BotResponse;
pub type RoutingRequest = router::ispchat::types::router::RoutingRequest;
pub type RoutingDecision = router::ispchat::types::router::RoutingDecision;
pub type ChannelInfo = channel::ispchat::types::channel::ChannelInfo;
pub type WebhookRequest = channel::ispchat::types::channel::WebhookRequest;
pub type WebhookResult = channel::ispchat::types::channel::WebhookResult;
pub type OutboundMessage = channel::ispchat::types::channel::OutboundMessage;
pub type SendReceipt = channel::ispchat::types::channel::SendReceipt;
pub type SendError = channel::ispchat::types::channel::SendError;
pub type Classification = classifier::ispchat::types::classifier::Classification;

/// A call starved of CPU (many others running) is stopped after this many deadlines of wall
/// time, however little it ran.
const WALL_DEADLINES: u32 = 3;

/// Whether a failed call counts towards disabling the plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Breaker {
    Counts,
    Ignores,
}

/// The plugin's pre-instantiated component when it targets world `$variant`, else `None`.
macro_rules! pre {
    ($plugin:expr, $variant:ident) => {
        match &$plugin.pre {
            WorldPre::$variant(pre) => Some(pre),
            _ => None,
        }
    };
}

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
            budget: CallBudget {
                ticks_run: 0,
                ticks_allowed: self.deadline_ticks(),
                wall_limit: Instant::now() + self.limits.call_deadline * WALL_DEADLINES,
            },
            log: Default::default(),
            _ticking: self.ticker.running(),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.memory);
        // Instantiation runs the component's start-up code, so it is inside the deadline too.
        // Every tick the guest yields to the runtime (wasmtime sets the next deadline after the
        // yield returns, so each callback is a tick the guest ran), and traps once its budget
        // is spent.
        store.set_epoch_deadline(1);
        store.epoch_deadline_callback(|mut store| {
            if store.data_mut().budget.tick(Instant::now()) {
                Ok(UpdateDeadline::Yield(1))
            } else {
                Err(Trap::Interrupt.into())
            }
        });
        store
    }

    /// Deadline of a call in epoch ticks, rounded up.
    fn deadline_ticks(&self) -> u64 {
        let ticks = self
            .limits
            .call_deadline
            .as_millis()
            .div_ceil(EPOCH_TICK.as_millis());
        u64::try_from(ticks).unwrap_or(u64::MAX).max(1)
    }

    /// Waits for one of the plugin's call slots, at most [`QUEUE_DEADLINES`] call deadlines.
    async fn slot<'p>(
        &self,
        plugin: &'p Plugin,
    ) -> Result<tokio::sync::SemaphorePermit<'p>, PluginError> {
        let CallSlots {
            running, waiting, ..
        } = &plugin.calls;
        if let Ok(permit) = running.try_acquire() {
            return Ok(permit);
        }
        waiting.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let patience = self.limits.call_deadline * QUEUE_DEADLINES;
        let permit = tokio::time::timeout(patience, running.acquire()).await;
        waiting.fetch_sub(1, Ordering::Relaxed);
        metrics::histogram!("ispchat_plugin_call_wait_seconds", "plugin" => plugin.id().to_owned())
            .record(started.elapsed().as_secs_f64());
        match permit {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(PluginError::Busy(plugin.id().to_owned())),
        }
    }

    /// Every export goes through here: refuse a disabled plugin or one of another kind (`pre` is
    /// the plugin's pre-instantiated component when it is of `kind`), then run `export` in a
    /// fresh store and settle the outcome.
    async fn call<P, T>(
        &self,
        plugin: &Plugin,
        kind: Kind,
        pre: Option<&P>,
        export: impl AsyncFnOnce(&P, &mut Store<CallState>) -> wasmtime::Result<T>,
    ) -> Result<T, PluginError> {
        self.call_with(plugin, kind, pre, Breaker::Counts, export)
            .await
    }

    async fn call_with<P, T>(
        &self,
        plugin: &Plugin,
        kind: Kind,
        pre: Option<&P>,
        breaker: Breaker,
        export: impl AsyncFnOnce(&P, &mut Store<CallState>) -> wasmtime::Result<T>,
    ) -> Result<T, PluginError> {
        if plugin.disabled.load(Ordering::Relaxed) {
            return Err(PluginError::Disabled(plugin.id().to_owned()));
        }
        let pre = pre.ok_or_else(|| PluginError::WrongKind {
            id: plugin.id().to_owned(),
            kind: plugin.manifest().kind,
            wanted: kind,
        })?;
        let _slot = self.slot(plugin).await?;
        let mut store = self.new_store(plugin);
        let result = export(pre, &mut store).await;
        self.settle(plugin, &store, result, breaker)
    }

    /// A bot's answer to one customer message.
    pub async fn on_message(
        &self,
        plugin: &Plugin,
        turn: &Turn,
    ) -> Result<Result<BotResponse, GuestError>, PluginError> {
        self.call(plugin, Kind::Bot, pre!(plugin, Bot), async |pre, store| {
            let instance = pre.instantiate_async(&mut *store).await?;
            instance.call_on_message(store, turn).await
        })
        .await
    }

    /// A router's decision for one queued conversation.
    pub async fn route(
        &self,
        plugin: &Plugin,
        request: &RoutingRequest,
    ) -> Result<Result<RoutingDecision, GuestError>, PluginError> {
        self.call(
            plugin,
            Kind::Router,
            pre!(plugin, Router),
            async |pre, store| {
                let instance = pre.instantiate_async(&mut *store).await?;
                instance.call_route(store, request).await
            },
        )
        .await
    }

    /// What a channel supports. Called once at load ([`Plugin::channel_info`] keeps it).
    pub async fn describe(&self, plugin: &Plugin) -> Result<ChannelInfo, PluginError> {
        self.call(
            plugin,
            Kind::Channel,
            pre!(plugin, Channel),
            async |pre, store| {
                let instance = pre.instantiate_async(&mut *store).await?;
                instance.call_describe(store).await
            },
        )
        .await
    }

    /// A channel's handling of one webhook delivery: the provider's answer and the events.
    pub async fn handle_webhook(
        &self,
        plugin: &Plugin,
        request: &WebhookRequest,
    ) -> Result<Result<WebhookResult, GuestError>, PluginError> {
        // A webhook's failure belongs to its payload: it is counted, never held against the
        // plugin's other deliveries.
        self.call_with(
            plugin,
            Kind::Channel,
            pre!(plugin, Channel),
            Breaker::Ignores,
            async |pre, store| {
                let instance = pre.instantiate_async(&mut *store).await?;
                instance.call_handle_webhook(store, request).await
            },
        )
        .await
    }

    /// A channel's delivery of one outbound message to its provider.
    pub async fn send(
        &self,
        plugin: &Plugin,
        message: &OutboundMessage,
    ) -> Result<Result<SendReceipt, SendError>, PluginError> {
        self.call(
            plugin,
            Kind::Channel,
            pre!(plugin, Channel),
            async |pre, store| {
                let instance = pre.instantiate_async(&mut *store).await?;
                instance.call_send(store, message).await
            },
        )
        .await
    }

    /// A classifier's labels, sentiment and language for a batch of messages.
    pub async fn classify(
        &self,
        plugin: &Plugin,
        batch: &[Message],
    ) -> Result<Result<Vec<Classification>, GuestError>, PluginError> {
        self.call(
            plugin,
            Kind::Classifier,
            pre!(plugin, Classifier),
            async |pre, store| {
                let instance = pre.instantiate_async(&mut *store).await?;
                instance.call_classify(store, batch).await
            },
        )
        .await
    }

    /// Turns a call's outcome into the caller's result and keeps the plugin's health.
    fn settle<T>(
        &self,
        plugin: &Plugin,
        store: &Store<CallState>,
        result: wasmtime::Result<T>,
        breaker: Breaker,
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
        if breaker == Breaker::Ignores {
            tracing::warn!(plugin = plugin.id(), error = %failure, "plugin call failed on one request");
            return Err(failure);
        }
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
