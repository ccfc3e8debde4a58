//! ISP Chat's WebAssembly plugin runtime: loads components built against `wit/` (one world per
//! plugin kind), serves them the host imports with the manifest's permissions checked in every
//! call, and runs each call in a fresh store bounded by a deadline (epoch interruption) and a
//! memory cap, so a broken or hostile plugin costs one failed call, never the host.
//!
//! All four worlds run here: `bot` (`on_message`), `router` (`route`), `classifier`
//! (`classify`) and `channel` (`describe` once at load, then `handle_webhook` and `send`).
//! [`check`] runs the same linking for `ispchat plugin check`. Callers reach the live plugins
//! through [`ActivePlugins`].
//!
//! It knows nothing of conversations, storage or the API: a plugin's `kv` entries go through the
//! [`KvStore`] the host gives it, and what a call's answer means is the host's business (the
//! host's `plugins::registry` installs plugins, its `pipeline` calls classifiers, bots and routers,
//! its `channels` run webhooks and the outbox).

mod active;
mod call;
pub mod capabilities;
pub mod check;
mod engine;
mod imports;
mod kv;
mod load;
mod log_limit;
pub mod manifest;
mod measure;
pub mod package;
pub mod sealed;
pub mod settings;
mod state;
pub mod v1;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use active::{ActivePlugins, FixedPlugins};
pub use call::{
    BotResponse, ChannelInfo, Classification, GuestError, Message, OutboundMessage,
    RoutingDecision, RoutingRequest, SendError, SendReceipt, Turn, WebhookRequest, WebhookResult,
};
pub use engine::{CacheStats, PluginRuntime};
/// The address policy of plugins' HTTP, shared by every request the server makes on someone's
/// behalf (API inboxes' webhooks too).
pub use imports::http_policy::address_allowed;
pub use kv::{KvRow, KvStore};
pub use load::{Plugin, PluginContext, PluginSource};
pub use manifest::{Kind, Manifest};
pub use sealed::SecretsKey;
pub use state::CallState;

/// Limits of every call; the defaults are docs/plugins.md's.
#[derive(Debug, Clone)]
pub struct RuntimeLimits {
    /// Linear memory (and table) growth allowed per instance.
    pub memory_bytes: usize,
    /// Wall-clock budget of one export call, enforced by epoch interruption.
    pub call_deadline: Duration,
    /// Crashes or timeouts in a row after which a plugin is disabled.
    pub max_consecutive_failures: u32,
    /// Calls of one plugin running at once; more wait their turn (up to [`QUEUE_DEADLINES`]
    /// deadlines, then fail as `busy`), so a slow plugin slows only its own callers.
    pub max_concurrent_calls: usize,
    /// `host[:port]` patterns (as in a manifest's `capabilities.http.hosts`) whose private
    /// addresses the operator trusts plugins to reach: the ISP's own ERP or RADIUS API. A private
    /// address is reached only when the request's host matches one of these AND the plugin's
    /// manifest declares it; everything else private stays blocked.
    pub allow_private_hosts: Vec<String>,
}

/// How many call deadlines a call may wait for its plugin's turn before it fails as `busy`.
pub const QUEUE_DEADLINES: u32 = 10;

impl Default for RuntimeLimits {
    fn default() -> Self {
        RuntimeLimits {
            memory_bytes: 64 * 1024 * 1024,
            call_deadline: Duration::from_secs(1),
            max_consecutive_failures: 5,
            max_concurrent_calls: 4,
            allow_private_hosts: Vec::new(),
        }
    }
}

/// What the operator configured for one plugin. Secrets are plain text in memory only: at rest
/// they are sealed (see `sealed.rs`).
#[derive(Debug, Clone, Default)]
pub struct OperatorConfig {
    pub settings: BTreeMap<String, String>,
    pub secrets: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    #[error("invalid plugin manifest: {0}")]
    Manifest(String),
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: sha256 is {actual}, plugin.toml says {expected}")]
    Checksum {
        path: PathBuf,
        expected: String,
        actual: String,
    },
    #[error("cannot load the component: {0}")]
    Load(String),
    #[error(
        "plugin {id}: the component does not implement the {kind} world its plugin.toml declares: {detail}"
    )]
    NotWorld {
        id: String,
        kind: Kind,
        detail: String,
    },
    #[error("plugin {id} is a {kind} plugin, not a {wanted}")]
    WrongKind {
        id: String,
        kind: Kind,
        wanted: Kind,
    },
    #[error("plugin {0} is disabled after repeated failures")]
    Disabled(String),
    #[error("plugin {id} did not finish within {deadline_ms} ms and was stopped")]
    Timeout { id: String, deadline_ms: u128 },
    #[error("plugin {id} exceeded its memory cap of {cap_bytes} bytes")]
    MemoryCap { id: String, cap_bytes: usize },
    #[error("plugin {id} crashed: {message}")]
    Trap { id: String, message: String },
    /// Its calls were all taken for longer than a call may wait: it is slow, not broken.
    #[error("plugin {0} is busy: every call slot stayed taken; try again later")]
    Busy(String),
}

impl PluginError {
    /// The `reason` label of `ispchat_plugin_failures_total`.
    pub fn reason(&self) -> &'static str {
        match self {
            PluginError::Timeout { .. } => "timeout",
            PluginError::MemoryCap { .. } => "memory",
            PluginError::Trap { .. } => "trap",
            PluginError::Disabled(_) => "disabled",
            PluginError::Busy(_) => "busy",
            _ => "load",
        }
    }
}

impl From<PluginError> for ispchat_core::Error {
    fn from(err: PluginError) -> Self {
        ispchat_core::Error::internal(err)
    }
}

/// What the host imports need besides the plugin itself.
pub struct HostServices {
    pub(crate) kv: Arc<dyn KvStore>,
    pub(crate) clock: ispchat_core::clock::SharedClock,
    /// Every plugin's log budget, kept across calls.
    pub(crate) log_limiter: log_limit::LogLimiter,
    /// The operator's trusted private hosts ([`RuntimeLimits::allow_private_hosts`]).
    pub(crate) allow_private_hosts: Vec<String>,
}

impl HostServices {
    pub fn new(
        kv: Arc<dyn KvStore>,
        clock: ispchat_core::clock::SharedClock,
        limits: &RuntimeLimits,
    ) -> Self {
        HostServices {
            kv,
            clock,
            log_limiter: log_limit::LogLimiter::default(),
            allow_private_hosts: limits.allow_private_hosts.clone(),
        }
    }
}

pub(crate) type Services = Arc<HostServices>;
