//! The data of one call's store: who is calling (the plugin's context), the host services, and
//! the per-call budgets (memory, HTTP requests, log lines).

use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::ResourceLimiter;

use super::capabilities::Granter;
use super::engine::Ticking;
use super::load::PluginContext;
use super::log_limit::CallLog;
use super::{HostServices, Services};

pub struct CallState {
    pub(crate) plugin: Arc<PluginContext>,
    pub(crate) services: Services,
    pub(crate) memory: MemoryCap,
    /// HTTP requests made in this call (capped per call).
    pub(crate) http_requests: u32,
    /// When the call's deadline expires; HTTP timeouts never go past it.
    pub(crate) deadline: Instant,
    /// Epoch ticks the guest has run for, and how many it may ([`CallBudget`]).
    pub(crate) budget: CallBudget,
    /// Log lines written and dropped in this call (the summary is logged when it ends).
    pub(crate) log: CallLog,
    /// The epoch ticks while this store lives, so the call's deadline can fire.
    pub(crate) _ticking: Ticking,
}

/// A call's time: the deadline counts the time the guest *runs* (epoch ticks seen while
/// executing), so calls sharing the cores with others are not stopped for the time they waited;
/// and a wall-clock limit a few deadlines long bounds a call starved of CPU.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallBudget {
    pub(crate) ticks_run: u64,
    pub(crate) ticks_allowed: u64,
    pub(crate) wall_limit: Instant,
}

impl CallBudget {
    /// Counts one tick of running; `false` once the call must stop.
    pub(crate) fn tick(&mut self, now: Instant) -> bool {
        self.ticks_run += 1;
        self.ticks_run < self.ticks_allowed && now < self.wall_limit
    }
}

impl CallState {
    pub(crate) fn plugin_id(&self) -> &str {
        &self.plugin.manifest.id
    }

    /// The judge of what this plugin may do: its manifest's declarations, the operator's grants.
    pub(crate) fn granter(&self) -> Granter<'_> {
        Granter::of(&self.plugin, &self.services.allow_private_hosts)
    }

    pub(crate) fn clock_ms(&self) -> i64 {
        self.services.clock.now().timestamp_millis()
    }

    /// A call's state with no guest behind it, so the host imports (`kv::Host`, `http::Host`…)
    /// can be called directly: how the host tests their rules against its real database. One
    /// second of deadline and a 1 MiB memory cap, as a short call would have.
    pub fn without_guest(plugin: PluginContext, services: HostServices) -> CallState {
        let now = Instant::now();
        CallState {
            plugin: Arc::new(plugin),
            services: Arc::new(services),
            memory: MemoryCap {
                cap_bytes: 1 << 20,
                hit: false,
            },
            http_requests: 0,
            deadline: now + Duration::from_secs(1),
            budget: CallBudget {
                ticks_run: 0,
                ticks_allowed: 100,
                wall_limit: now + Duration::from_secs(3),
            },
            log: CallLog::default(),
            _ticking: Ticking::detached(),
        }
    }
}

/// The store is dropped when its call ends, trap or not: the one place that sees every call's
/// final log count.
impl Drop for CallState {
    fn drop(&mut self) {
        super::log_limit::report_dropped(&self.plugin.manifest.id, self.log.dropped);
    }
}

/// Refuses memory growth past the cap. The refusal reaches the guest as a failed `memory.grow`
/// (QuickJS then throws out-of-memory and the instance traps); `hit` remembers it so the host
/// reports the failure as the cap rather than as an anonymous crash.
pub struct MemoryCap {
    pub(crate) cap_bytes: usize,
    pub(crate) hit: bool,
}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.cap_bytes {
            self.hit = true;
            return Ok(false);
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        // Tables hold function references; a million entries is far beyond any real plugin.
        Ok(desired <= 1_000_000)
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn a_call_stops_after_its_running_ticks_or_its_wall_limit() {
        let now = Instant::now();
        let mut budget = CallBudget {
            ticks_run: 0,
            ticks_allowed: 3,
            wall_limit: now + Duration::from_secs(3),
        };
        assert!(budget.tick(now));
        assert!(
            budget.tick(now + Duration::from_secs(2)),
            "waiting is not running"
        );
        assert!(!budget.tick(now), "the third tick spends the budget");
        let mut starved = CallBudget {
            ticks_run: 0,
            ticks_allowed: 100,
            wall_limit: now + Duration::from_secs(3),
        };
        assert!(
            !starved.tick(now + Duration::from_secs(3)),
            "past the wall limit"
        );
    }
}
