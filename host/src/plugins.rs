//! Plugins as the host sees them: the runtime (`ispchat-plugin-runtime`: loading components,
//! the call path, host imports, manifests) re-exported, plus what only the host can do with it:
//! the [`PluginRegistry`] of installed plugins (bundled and uploaded) with their settings and
//! sealed secrets, and the database behind plugins' `kv` ([`DbKvStore`]).
//!
//! The message pipeline that calls classifiers, bots and routers is `crate::pipeline`; channel
//! webhooks and the outbox are `crate::channels`.

mod kv_store;
pub mod registry;

#[cfg(test)]
mod tests;

pub use ispchat_plugin_runtime::*;
pub use kv_store::DbKvStore;
pub use registry::{PluginRegistry, RegistrySettings};
