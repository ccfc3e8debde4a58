//! The WebAssembly plugin runtime: loads components built against `wit/` (one world per plugin
//! kind), serves them the host imports with the manifest's permissions checked in every call,
//! and runs each call in a fresh store bounded by a deadline (epoch interruption) and a memory
//! cap, so a broken or hostile plugin costs one failed call, never the host.
//!
//! All four worlds run here: `bot` (`on_message`), `router` (`route`), `classifier`
//! (`classify`) and `channel` (`describe` once at load, then `handle_webhook` and `send`).
//! [`check`] runs the same linking for `ispchat plugin check`.
//!
//! The message pipeline that calls classifiers, bots and routers is `crate::pipeline`.
//!
//! Not here yet: installing and configuring plugins through the admin API, encrypted secrets.

mod active;
mod call;
pub mod check;
mod engine;
mod imports;
mod load;
pub mod manifest;
mod state;
pub mod v1;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use active::{ActivePlugins, FixedPlugins};
pub use call::{
    BotResponse, ChannelInfo, Classification, GuestError, Message, OutboundMessage,
    RoutingDecision, RoutingRequest, SendError, SendReceipt, Turn, WebhookRequest, WebhookResult,
};
pub use engine::PluginRuntime;
pub use load::{Plugin, PluginSource};
pub use manifest::{Kind, Manifest};

/// Limits of every call; the defaults are docs/plugins.md's.
#[derive(Debug, Clone)]
pub struct RuntimeLimits {
    /// Linear memory (and table) growth allowed per instance.
    pub memory_bytes: usize,
    /// Wall-clock budget of one export call, enforced by epoch interruption.
    pub call_deadline: Duration,
    /// Crashes or timeouts in a row after which a plugin is disabled.
    pub max_consecutive_failures: u32,
}

impl Default for RuntimeLimits {
    fn default() -> Self {
        RuntimeLimits {
            memory_bytes: 64 * 1024 * 1024,
            call_deadline: Duration::from_secs(1),
            max_consecutive_failures: 5,
        }
    }
}

/// What the operator configured for one plugin. Secrets are plain text in memory for now:
/// encrypted storage comes with the admin API.
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
}

impl PluginError {
    /// The `reason` label of `ispchat_plugin_failures_total`.
    pub fn reason(&self) -> &'static str {
        match self {
            PluginError::Timeout { .. } => "timeout",
            PluginError::MemoryCap { .. } => "memory",
            PluginError::Trap { .. } => "trap",
            PluginError::Disabled(_) => "disabled",
            _ => "load",
        }
    }
}

impl From<PluginError> for crate::error::Error {
    fn from(err: PluginError) -> Self {
        crate::error::Error::internal(err)
    }
}

/// What the host imports need besides the plugin itself.
pub(crate) struct HostServices {
    pub db: crate::storage::Db,
    pub clock: crate::clock::SharedClock,
}

pub(crate) type Services = Arc<HostServices>;
