//! Costs that no regular call isolates, for the plugin benchmark (`host/benches/plugins.rs`).

use super::PluginError;
use super::engine::PluginRuntime;
use super::load::{Plugin, WorldPre};

impl PluginRuntime {
    /// A fresh store and instance of `plugin`, calling no export: the fixed cost that every call
    /// pays before the plugin's own code runs. For measurements only.
    #[doc(hidden)]
    pub async fn instantiate_only(&self, plugin: &Plugin) -> Result<(), PluginError> {
        let mut store = self.new_store(plugin);
        let result = match &plugin.pre {
            WorldPre::Bot(pre) => pre.instantiate_async(&mut store).await.map(drop),
            WorldPre::Router(pre) => pre.instantiate_async(&mut store).await.map(drop),
            #[allow(unreachable_patterns)] // worlds added later are measured through their calls
            _ => return Ok(()),
        };
        result.map_err(|e| PluginError::Trap {
            id: plugin.id().to_owned(),
            message: format!("{e:#}"),
        })
    }
}
