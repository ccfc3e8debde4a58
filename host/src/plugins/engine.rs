//! The shared wasmtime engine: compilation settings, the on-disk artifact cache, the epoch ticker
//! and one linker per world.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use wasmtime::component::{HasSelf, Linker};
use wasmtime::{Cache, CacheConfig, Config, Engine};

use super::state::CallState;
use super::v1::{bot, router};
use super::{HostServices, PluginError, RuntimeLimits, Services};
use crate::clock::SharedClock;
use crate::storage::Db;

/// One epoch tick; deadlines are counted in ticks, so this is their granularity.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

pub struct PluginRuntime {
    pub(crate) engine: Engine,
    pub(crate) bot_linker: Linker<CallState>,
    pub(crate) router_linker: Linker<CallState>,
    pub(crate) services: Services,
    pub(crate) limits: RuntimeLimits,
    cache: Cache,
    _ticker: EpochTicker,
}

/// What the artifact cache did since this runtime started: a hit is a component loaded from
/// `plugin-cache/` without compiling, a miss one compiled and stored there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: usize,
    pub misses: usize,
}

impl PluginRuntime {
    /// `data_dir/plugin-cache` keeps compiled artifacts, so a restart loads a plugin without
    /// compiling it again (about a second per QuickJS component).
    pub fn new(
        db: Db,
        clock: SharedClock,
        data_dir: &Path,
        limits: RuntimeLimits,
    ) -> Result<Self, PluginError> {
        let load = |e: wasmtime::Error| PluginError::Load(format!("{e:#}"));
        let mut config = Config::new();
        config.epoch_interruption(true);
        let cache_dir = data_dir.join("plugin-cache");
        std::fs::create_dir_all(&cache_dir).map_err(|source| PluginError::Io {
            path: cache_dir.clone(),
            source,
        })?;
        // wasmtime's own cache, not Component::deserialize: deserializing is `unsafe` (a
        // tampered artifact is native code), and this crate forbids unsafe code. The cache keys
        // artifacts by the component's bytes and the engine's settings and version.
        let mut cache_config = CacheConfig::new();
        cache_config.with_directory(&cache_dir);
        let cache = Cache::new(cache_config).map_err(load)?;
        // A clone shares the hit and miss counters with the engine's copy.
        config.cache(Some(cache.clone()));
        let engine = Engine::new(&config).map_err(load)?;

        let mut bot_linker = Linker::new(&engine);
        bot::Bot::add_to_linker::<_, HasSelf<_>>(&mut bot_linker, |s| s).map_err(load)?;
        let mut router_linker = Linker::new(&engine);
        router::Router::add_to_linker::<_, HasSelf<_>>(&mut router_linker, |s| s).map_err(load)?;

        let ticker = EpochTicker::start(engine.clone())?;
        Ok(PluginRuntime {
            engine,
            bot_linker,
            router_linker,
            services: Arc::new(HostServices::new(db, clock, &limits)),
            limits,
            cache,
            _ticker: ticker,
        })
    }

    pub fn cache_stats(&self) -> CacheStats {
        CacheStats {
            hits: self.cache.cache_hits(),
            misses: self.cache.cache_misses(),
        }
    }

    /// Deadline of a call in epoch ticks, rounded up.
    pub(crate) fn deadline_ticks(&self) -> u64 {
        let ticks = self
            .limits
            .call_deadline
            .as_millis()
            .div_ceil(EPOCH_TICK.as_millis());
        u64::try_from(ticks).unwrap_or(u64::MAX).max(1)
    }
}

/// Advances the engine's epoch on a plain OS thread: a guest spinning in a loop occupies the
/// async worker that polls it, and on a single-threaded runtime a tokio task would never get to
/// tick. Stops when the runtime is dropped.
struct EpochTicker {
    stop: Arc<AtomicBool>,
}

impl EpochTicker {
    fn start(engine: Engine) -> Result<Self, PluginError> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        // Without the ticker no deadline would ever fire: no runtime rather than unbounded calls.
        std::thread::Builder::new()
            .name("plugin-epoch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(EPOCH_TICK);
                    engine.increment_epoch();
                }
            })
            .map_err(|source| PluginError::Io {
                path: "plugin-epoch thread".into(),
                source,
            })?;
        Ok(EpochTicker { stop })
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
