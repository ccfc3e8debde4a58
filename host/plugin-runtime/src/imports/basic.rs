//! `log`, `config` and `clock`, plus the type-only interfaces every world imports.

use crate::log_limit::{MAX_MESSAGE_BYTES, limit_fields, truncate};
use crate::state::CallState;
use crate::v1::host::{clock, config, log};
use crate::v1::{bot, channel, classifier, router};

impl log::Host for CallState {
    /// Rate limited and size capped (`log_limit`); a dropped line is counted, not an error.
    async fn write(&mut self, level: log::Level, message: String, fields: Vec<(String, String)>) {
        if !self.admit_log_line() {
            return;
        }
        let message = truncate(&message, MAX_MESSAGE_BYTES);
        let fields = limit_fields(fields);
        let plugin = self.plugin_id();
        // Fields go out as one debug-formatted list: tracing needs field names at compile time.
        match level {
            log::Level::Trace => tracing::trace!(plugin, ?fields, "{message}"),
            log::Level::Debug => tracing::debug!(plugin, ?fields, "{message}"),
            log::Level::Info => tracing::info!(plugin, ?fields, "{message}"),
            log::Level::Warn => tracing::warn!(plugin, ?fields, "{message}"),
            log::Level::Error => tracing::error!(plugin, ?fields, "{message}"),
        }
    }
}

impl config::Host for CallState {
    async fn get(&mut self, key: String) -> Option<String> {
        self.plugin.settings.get(&key).cloned()
    }

    async fn get_all(&mut self) -> Vec<(String, String)> {
        self.plugin
            .settings
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

impl clock::Host for CallState {
    async fn now_ms(&mut self) -> u64 {
        u64::try_from(self.clock_ms()).unwrap_or(0)
    }
}

impl bot::ispchat::types::common::Host for CallState {}
impl bot::ispchat::types::messages::Host for CallState {}
impl bot::ispchat::types::conversations::Host for CallState {}
impl bot::ispchat::types::bot::Host for CallState {}
impl router::ispchat::types::router::Host for CallState {}
impl channel::ispchat::types::channel::Host for CallState {}
impl classifier::ispchat::types::classifier::Host for CallState {}
