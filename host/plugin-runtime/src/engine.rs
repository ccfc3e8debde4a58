//! The shared wasmtime engine: compilation settings, the on-disk artifact cache, the epoch ticker
//! and one linker per world.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::{Cache, CacheConfig, Config, Engine};

use super::KvStore;
use super::imports::host_get;
use super::load::{Plugin, WorldPre};
use super::manifest::Kind;
use super::state::CallState;
use super::v1::host::http::{HttpError, Response};
use super::v1::{bot, channel, classifier, router};
use super::{HostServices, PluginError, RuntimeLimits, Services};
use ispchat_core::clock::SharedClock;

/// One epoch tick; deadlines are counted in ticks, so this is their granularity.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

pub struct PluginRuntime {
    pub(crate) engine: Engine,
    pub(crate) linkers: Linkers,
    pub(crate) services: Services,
    pub(crate) limits: RuntimeLimits,
    cache: Cache,
    pub(crate) ticker: EpochTicker,
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
    /// compiling it again (about a second per QuickJS component). Plugins' `kv` entries live in
    /// `kv`.
    pub fn new(
        kv: Arc<dyn KvStore>,
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
            services: Arc::new(HostServices::new(kv, clock, &limits)),
            limits,
            cache,
            ticker,
        })
    }

    /// A GET the host makes on `plugin`'s behalf (a channel's media download), under the
    /// plugin's own HTTP rules: declared host, `{{secret:NAME}}` headers, private addresses
    /// only for the operator's trusted hosts, no redirects. The body cap and timeout are the
    /// caller's.
    pub async fn get_for(
        &self,
        plugin: &Plugin,
        url: &str,
        headers: Vec<(String, String)>,
        max_body: u64,
        timeout: Duration,
    ) -> Result<Response, HttpError> {
        let trusted = &self.services.allow_private_hosts;
        host_get(&plugin.context, trusted, url, headers, max_body, timeout).await
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> &RuntimeLimits {
        &self.limits
    }

    pub fn cache_stats(&self) -> CacheStats {
        CacheStats {
            hits: self.cache.cache_hits(),
            misses: self.cache.cache_misses(),
        }
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
/// tick. It ticks only while some store exists ([`EpochTicker::running`]) and sleeps otherwise:
/// a server without plugin calls should not wake a core a hundred times a second. Stops when the
/// runtime is dropped.
pub(crate) struct EpochTicker {
    shared: Arc<TickerState>,
    thread: std::thread::Thread,
}

#[derive(Default)]
struct TickerState {
    stop: AtomicBool,
    /// Stores alive now: each holds a [`Ticking`].
    stores: AtomicUsize,
}

/// Held by every store (in its [`CallState`]): the epoch advances while one exists, so its
/// deadline can fire.
pub(crate) struct Ticking {
    shared: Arc<TickerState>,
}

impl EpochTicker {
    fn start(engine: Engine) -> Result<Self, PluginError> {
        Self::start_with(move || engine.increment_epoch())
    }

    fn start_with(tick: impl Fn() + Send + 'static) -> Result<Self, PluginError> {
        let shared = Arc::new(TickerState::default());
        let state = shared.clone();
        // Without the ticker no deadline would ever fire: no runtime rather than unbounded calls.
        let handle = std::thread::Builder::new()
            .name("plugin-epoch".into())
            .spawn(move || {
                while !state.stop.load(Ordering::Acquire) {
                    if state.stores.load(Ordering::Acquire) == 0 {
                        // `running` unparks after counting, so a store created between the
                        // load and the park is not missed (an early unpark makes park return).
                        std::thread::park();
                        continue;
                    }
                    std::thread::sleep(EPOCH_TICK);
                    tick();
                }
            })
            .map_err(|source| PluginError::Io {
                path: "plugin-epoch thread".into(),
                source,
            })?;
        Ok(EpochTicker {
            shared,
            thread: handle.thread().clone(),
        })
    }

    /// Keeps the epoch advancing until the returned value is dropped.
    pub(crate) fn running(&self) -> Ticking {
        if self.shared.stores.fetch_add(1, Ordering::AcqRel) == 0 {
            self.thread.unpark();
        }
        Ticking {
            shared: self.shared.clone(),
        }
    }
}

impl Ticking {
    /// For a store built by hand, outside any runtime ([`CallState::without_guest`]).
    pub(crate) fn detached() -> Ticking {
        Ticking {
            shared: Arc::default(),
        }
    }
}

impl Drop for Ticking {
    fn drop(&mut self) {
        self.shared.stores.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use super::EpochTicker;

    fn ticks_after(counter: &AtomicUsize, wait: Duration) -> usize {
        std::thread::sleep(wait);
        counter.load(Ordering::Acquire)
    }

    /// Waits until the count stops moving (a tick already under way may still land) and returns
    /// it.
    fn settled(counter: &AtomicUsize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut last = counter.load(Ordering::Acquire);
        loop {
            let now = ticks_after(counter, Duration::from_millis(50));
            if now == last || Instant::now() > deadline {
                return now;
            }
            last = now;
        }
    }

    #[test]
    fn the_epoch_ticks_only_while_a_store_lives() {
        let counter = Arc::new(AtomicUsize::new(0));
        let ticks = counter.clone();
        let ticker = EpochTicker::start_with(move || {
            ticks.fetch_add(1, Ordering::AcqRel);
        })
        .unwrap();
        assert_eq!(ticks_after(&counter, Duration::from_millis(100)), 0);

        let first = ticker.running();
        let second = ticker.running();
        let deadline = Instant::now() + Duration::from_secs(5);
        while counter.load(Ordering::Acquire) < 3 {
            assert!(Instant::now() < deadline, "no ticks while stores live");
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(first);
        let before = counter.load(Ordering::Acquire);
        let deadline = Instant::now() + Duration::from_secs(5);
        while counter.load(Ordering::Acquire) < before + 2 {
            assert!(Instant::now() < deadline, "stopped while a store lives");
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(second);
        let stopped = settled(&counter);
        assert_eq!(ticks_after(&counter, Duration::from_millis(150)), stopped);
    }
}
