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
use super::v1::{bot, channel, classifier, router};

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
            log: Default::default(),
            _ticking: self.ticker.running(),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.memory);
        // Instantiation runs the component's start-up code, so it is inside the deadline too.
        store.set_epoch_deadline(self.deadline_ticks());
        store.epoch_deadline_trap();
        store
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
        if plugin.disabled.load(Ordering::Relaxed) {
            return Err(PluginError::Disabled(plugin.id().to_owned()));
        }
        let pre = pre.ok_or_else(|| PluginError::WrongKind {
            id: plugin.id().to_owned(),
            kind: plugin.manifest().kind,
            wanted: kind,
        })?;
        let mut store = self.new_store(plugin);
        let result = export(pre, &mut store).await;
        self.settle(plugin, &store, result)
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
        self.call(
            plugin,
            Kind::Channel,
            pre!(plugin, Channel),
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
