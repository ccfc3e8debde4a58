//! The shared wasmtime engine: compilation settings, the on-disk artifact cache, the epoch ticker
//! and one linker per world.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::{Cache, CacheConfig, Config, Engine};

use super::load::WorldPre;
use super::manifest::Kind;
use super::state::CallState;
use super::v1::{bot, channel, classifier, router};
use super::{HostServices, PluginError, RuntimeLimits, Services};
use crate::clock::SharedClock;
use crate::storage::Db;

/// One epoch tick; deadlines are counted in ticks, so this is their granularity.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

pub struct PluginRuntime {
    pub(crate) engine: Engine,
    pub(crate) linkers: Linkers,
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
        let cache_dir = data_dir.join("plugin-cache");
        std::fs::create_dir_all(&cache_dir).map_err(|source| PluginError::Io {
            path: cache_dir.clone(),
            source,
        })?;
        let cache = artifact_cache(&cache_dir)?;
        let engine = new_engine(Some(&cache))?;
        let linkers = Linkers::new(&engine)?;

        let ticker = EpochTicker::start(engine.clone())?;
        Ok(PluginRuntime {
            engine,
            linkers,
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

/// The engine's settings, shared by the runtime and `ispchat plugin check`. `cache` keeps
/// compiled artifacts.
pub(crate) fn new_engine(cache: Option<&Cache>) -> Result<Engine, PluginError> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    if let Some(cache) = cache {
        // A clone shares the hit and miss counters with the runtime's copy.
        config.cache(Some(cache.clone()));
    }
    Engine::new(&config).map_err(|e| PluginError::Load(format!("{e:#}")))
}

/// wasmtime's own cache, not `Component::deserialize`: deserializing is `unsafe` (a tampered
/// artifact is native code), and this crate forbids unsafe code. The cache keys artifacts by the
/// component's bytes and the engine's settings and version.
fn artifact_cache(dir: &Path) -> Result<Cache, PluginError> {
    let mut cache_config = CacheConfig::new();
    cache_config.with_directory(dir);
    Cache::new(cache_config).map_err(|e| PluginError::Load(format!("{e:#}")))
}

/// One linker per world, each serving the same host imports.
pub(crate) struct Linkers {
    bot: Linker<CallState>,
    router: Linker<CallState>,
    channel: Linker<CallState>,
    classifier: Linker<CallState>,
}

impl Linkers {
    pub(crate) fn new(engine: &Engine) -> Result<Self, PluginError> {
        let load = |e: wasmtime::Error| PluginError::Load(format!("{e:#}"));
        let mut bot = Linker::new(engine);
        bot::Bot::add_to_linker::<_, HasSelf<_>>(&mut bot, |s| s).map_err(load)?;
        let mut router = Linker::new(engine);
        router::Router::add_to_linker::<_, HasSelf<_>>(&mut router, |s| s).map_err(load)?;
        let mut channel = Linker::new(engine);
        channel::Channel::add_to_linker::<_, HasSelf<_>>(&mut channel, |s| s).map_err(load)?;
        let mut classifier = Linker::new(engine);
        classifier::Classifier::add_to_linker::<_, HasSelf<_>>(&mut classifier, |s| s)
            .map_err(load)?;
        Ok(Linkers {
            bot,
            router,
            channel,
            classifier,
        })
    }

    /// Links `component` as a plugin of `kind`, once; every call then only instantiates. Fails
    /// when the component's imports are not the world's (`instantiate_pre`) or its exports are
    /// missing or mistyped (`XPre::new`).
    pub(crate) fn pre_instantiate(
        &self,
        kind: Kind,
        component: &Component,
    ) -> wasmtime::Result<WorldPre> {
        Ok(match kind {
            Kind::Bot => WorldPre::Bot(bot::BotPre::new(self.bot.instantiate_pre(component)?)?),
            Kind::Router => WorldPre::Router(router::RouterPre::new(
                self.router.instantiate_pre(component)?,
            )?),
            Kind::Channel => WorldPre::Channel(channel::ChannelPre::new(
                self.channel.instantiate_pre(component)?,
            )?),
            Kind::Classifier => WorldPre::Classifier(classifier::ClassifierPre::new(
                self.classifier.instantiate_pre(component)?,
            )?),
        })
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
