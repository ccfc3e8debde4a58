//! The seam between the plugin lifecycle (which plugins are installed and enabled) and the code
//! that calls them (the message pipeline, channel webhooks and the outbox): callers ask for the
//! plugins live right now and keep the `Arc` for the duration of a call, so enabling, disabling
//! or upgrading a plugin never interrupts a call in flight.

use std::sync::Arc;

use super::{Kind, Plugin};

pub trait ActivePlugins: Send + Sync {
    /// The enabled plugin with this id, if any.
    fn get(&self, id: &str) -> Option<Arc<Plugin>>;
    /// Every enabled plugin of a kind, ordered by id (classifiers run in this order's results).
    fn enabled(&self, kind: Kind) -> Vec<Arc<Plugin>>;
}

/// A set fixed at construction: for tools and tests that load plugins themselves. Plugins the
/// runtime disabled after repeated failures are left out, as the registry does.
#[derive(Default)]
pub struct FixedPlugins {
    plugins: Vec<Arc<Plugin>>,
}

impl FixedPlugins {
    pub fn new(mut plugins: Vec<Arc<Plugin>>) -> Self {
        plugins.sort_by(|a, b| a.id().cmp(b.id()));
        FixedPlugins { plugins }
    }
}

impl ActivePlugins for FixedPlugins {
    fn get(&self, id: &str) -> Option<Arc<Plugin>> {
        self.plugins
            .iter()
            .find(|p| p.id() == id && !p.is_disabled())
            .cloned()
    }

    fn enabled(&self, kind: Kind) -> Vec<Arc<Plugin>> {
        self.plugins
            .iter()
            .filter(|p| p.manifest().kind == kind && !p.is_disabled())
            .cloned()
            .collect()
    }
}
