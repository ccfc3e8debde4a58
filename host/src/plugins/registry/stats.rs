//! Per-plugin call counters kept in memory since start-up (Prometheus has the long view).

use std::collections::BTreeMap;
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct CallStats {
    pub calls: u64,
    /// Failed calls by `PluginError::reason` (`trap`, `timeout`, `memory`, `disabled`, …).
    pub failures: BTreeMap<&'static str, u64>,
    total: Duration,
    pub max: Duration,
}

impl CallStats {
    pub fn record(&mut self, elapsed: Duration, failure: Option<&'static str>) {
        self.calls += 1;
        self.total += elapsed;
        self.max = self.max.max(elapsed);
        if let Some(reason) = failure {
            *self.failures.entry(reason).or_default() += 1;
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
