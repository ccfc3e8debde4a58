//! Loading a built plugin: `dist/plugin.toml` + `dist/<id>.wasm`, checked against the manifest's
//! sha256, compiled (or fetched from the artifact cache) and pre-instantiated once per version.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32};

use sha2::{Digest, Sha256};
use wasmtime::component::Component;

use super::call::ChannelInfo;
use super::engine::PluginRuntime;
use super::manifest::{Kind, Manifest};
use super::state::CallState;
use super::v1::{bot, channel, classifier, router};
use super::{OperatorConfig, PluginError};

/// Where a plugin comes from: the folder holding the build's `plugin.toml` and component.
#[derive(Debug, Clone)]
pub struct PluginSource {
    pub dist_dir: PathBuf,
}

/// What the host imports need to know about the calling plugin.
pub struct PluginContext {
    pub manifest: Manifest,
    /// Effective settings (operator values over the schema's defaults), as text.
    pub settings: std::collections::BTreeMap<String, String>,
    pub secrets: std::collections::BTreeMap<String, String>,
}

#[derive(Clone)]
pub(crate) enum WorldPre {
    Bot(bot::BotPre<CallState>),
    Router(router::RouterPre<CallState>),
    Channel(channel::ChannelPre<CallState>),
    Classifier(classifier::ClassifierPre<CallState>),
}

/// One loaded plugin version, ready to be called.
pub struct Plugin {
    pub(crate) context: Arc<PluginContext>,
    pub(crate) pre: WorldPre,
    pub(crate) consecutive_failures: AtomicU32,
    pub(crate) disabled: AtomicBool,
    /// A channel's `describe()`, read once at load: the WIT makes it constant per version.
    pub(crate) channel_info: Option<ChannelInfo>,
    /// Its calls running at once, and those waiting for a turn.
    pub(crate) calls: CallSlots,
}

/// A plugin's call slots: one per call that may run at once.
pub(crate) struct CallSlots {
    pub(crate) running: tokio::sync::Semaphore,
    pub(crate) size: usize,
    pub(crate) waiting: std::sync::atomic::AtomicUsize,
}

impl CallSlots {
    pub(crate) fn new(size: usize) -> Self {
        let size = size.max(1);
        CallSlots {
            running: tokio::sync::Semaphore::new(size),
            size,
            waiting: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl Plugin {
    pub fn id(&self) -> &str {
        &self.context.manifest.id
    }

    pub fn manifest(&self) -> &Manifest {
        &self.context.manifest
    }

    /// Crashes and timeouts since the last successful call.
    pub fn consecutive_failures(&self) -> u32 {
        self.consecutive_failures
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn is_disabled(&self) -> bool {
        self.disabled.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Calls waiting for one of its slots now.
    pub fn waiting_calls(&self) -> usize {
        self.calls
            .waiting
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The same compiled component with another operator configuration and a fresh failure
    /// count: reconfiguring or re-enabling needs no recompilation.
    pub fn reconfigured(&self, operator: OperatorConfig) -> Arc<Plugin> {
        let manifest = self.context.manifest.clone();
        let settings = manifest.effective_settings(&operator.settings);
        Arc::new(Plugin {
            context: Arc::new(PluginContext {
                manifest,
                settings,
                secrets: operator.secrets,
            }),
            pre: self.pre.clone(),
            consecutive_failures: AtomicU32::new(0),
            disabled: AtomicBool::new(false),
            channel_info: self.channel_info.clone(),
            calls: CallSlots::new(self.calls.size),
        })
    }

    /// What a channel plugin supports (`describe()` at load); none for the other kinds.
    pub fn channel_info(&self) -> Option<&ChannelInfo> {
        self.channel_info.as_ref()
    }
}

impl PluginRuntime {
    /// Loads the plugin built into `source.dist_dir`. Compiling takes about a second of CPU for a
    /// QuickJS component the first time, so it runs on the blocking pool.
    pub async fn load(
        &self,
        source: &PluginSource,
        operator: OperatorConfig,
    ) -> Result<Arc<Plugin>, PluginError> {
        let manifest_path = source.dist_dir.join("plugin.toml");
        let text = read_text(&manifest_path)?;
        let manifest = Manifest::parse(&text)?;
        let info = manifest
            .component
            .clone()
            .ok_or_else(|| PluginError::Manifest("no [component] table".into()))?;
        let wasm_path = source.dist_dir.join(&info.file);
        let bytes = std::fs::read(&wasm_path).map_err(|source| PluginError::Io {
            path: wasm_path.clone(),
            source,
        })?;
        self.load_bytes(manifest, bytes, operator, &wasm_path).await
    }

    /// Loads a plugin from its parsed manifest and component bytes (an upload being checked, or
    /// files read from disk): checks the sha256, compiles and pre-instantiates against the
    /// manifest's world, so a component that does not fit its world is refused here. `origin`
    /// only names the component in errors.
    pub async fn load_bytes(
        &self,
        manifest: Manifest,
        bytes: Vec<u8>,
        operator: OperatorConfig,
        origin: &Path,
    ) -> Result<Arc<Plugin>, PluginError> {
        let info = manifest
            .component
            .clone()
            .ok_or_else(|| PluginError::Manifest("no [component] table".into()))?;
        let actual = hex::encode(Sha256::digest(&bytes));
        if !actual.eq_ignore_ascii_case(&info.sha256) {
            return Err(PluginError::Checksum {
                path: origin.to_owned(),
                expected: info.sha256,
                actual,
            });
        }

        let engine = self.engine.clone();
        let component =
            tokio::task::spawn_blocking(move || Component::from_binary(&engine, &bytes))
                .await
                .map_err(|e| PluginError::Load(e.to_string()))?
                .map_err(|e| PluginError::Load(format!("{e:#}")))?;
        let kind = manifest.kind;
        let pre = self
            .linkers
            .pre_instantiate(kind, &component)
            .map_err(|e| PluginError::NotWorld {
                id: manifest.id.clone(),
                kind,
                detail: format!("{e:#}"),
            })?;

        let settings = manifest.effective_settings(&operator.settings);
        let mut plugin = Plugin {
            context: Arc::new(PluginContext {
                manifest,
                settings,
                secrets: operator.secrets,
            }),
            pre,
            consecutive_failures: AtomicU32::new(0),
            disabled: AtomicBool::new(false),
            channel_info: None,
            calls: CallSlots::new(self.limits.max_concurrent_calls),
        };
        if kind == Kind::Channel {
            plugin.channel_info = Some(self.describe(&plugin).await?);
        }
        Ok(Arc::new(plugin))
    }
}

fn read_text(path: &Path) -> Result<String, PluginError> {
    std::fs::read_to_string(path).map_err(|source| PluginError::Io {
        path: path.to_owned(),
        source,
    })
}
