//! Per-plugin call counters kept in memory since start-up (Prometheus has the long view).

use std::collections::BTreeMap;
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct CallStats {
    pub calls: u64,
    /// Failed calls by `PluginError::reason` (`trap`, `timeout`, `memory`, `disabled`, `busy`…).
    pub failures: BTreeMap<&'static str, u64>,
    total: Duration,
    pub max: Duration,
    /// The duration of recent calls, each call weighing [`RECENT_WEIGHT`] (an exponentially
    /// weighted mean): sustained slowness shows here while the all-time mean hides it.
    pub recent: Duration,
    /// Calls that took, waiting for a slot included, more than half of their deadline.
    pub slow: u64,
    /// Whether the latest call crashed, timed out or ran out of memory (`busy` is not a failure
    /// of the plugin's own).
    pub last_failed: bool,
}

/// Weight of the newest call in [`CallStats::recent`].
const RECENT_WEIGHT: f64 = 0.2;

impl CallStats {
    pub fn record(&mut self, elapsed: Duration, failure: Option<&'static str>, deadline: Duration) {
        self.calls += 1;
        self.total += elapsed;
        self.max = self.max.max(elapsed);
        self.recent = if self.calls == 1 {
            elapsed
        } else {
            self.recent.mul_f64(1.0 - RECENT_WEIGHT) + elapsed.mul_f64(RECENT_WEIGHT)
        };
        if elapsed > deadline / 2 {
            self.slow += 1;
        }
        if let Some(reason) = failure {
            *self.failures.entry(reason).or_default() += 1;
        }
        if failure != Some("busy") {
            self.last_failed = failure.is_some();
        }
    }

    pub fn failed(&self) -> u64 {
        self.failures.values().sum()
    }

    pub fn mean(&self) -> Duration {
        match u32::try_from(self.calls) {
            Ok(0) => Duration::ZERO,
            Ok(n) => self.total / n,
            Err(_) => self.total.div_f64(self.calls as f64),
        }
    }
}
