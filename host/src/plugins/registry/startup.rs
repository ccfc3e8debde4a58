//! Building the registry at start-up: first-party plugins found in the bundled folder are
//! registered (enabled on first sight), then every enabled plugin is loaded. A plugin that fails
//! to load is recorded and left disabled (reason `load`, retried at the next start); the server
//! starts regardless.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use serde_json::json;

use super::PluginRegistry;
use super::admin::Source;
use super::installed::{kind_text, read_manifest, upsert};
use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::clock::SharedClock;
use crate::error::Result;
use crate::plugins::manifest::Manifest;
use crate::plugins::sealed::SecretsKey;
use crate::plugins::{DbKvStore, PluginError, PluginRuntime, RuntimeLimits};
use crate::storage::plugins::InstallationRow;
use crate::storage::{self, Db};

pub struct RegistrySettings {
    pub data_dir: PathBuf,
    /// First-party plugins: `<dir>/*/dist/plugin.toml`, `testing/` skipped. None: no bundled plugins.
    pub bundled_dir: Option<PathBuf>,
    /// Where compiled artifacts are cached (`<dir>/plugin-cache`); the data dir by default.
    pub cache_parent: PathBuf,
    /// `ISPCHAT_SECRETS_KEY`, base64 of 32 bytes.
    pub secrets_key: Option<String>,
    pub limits: RuntimeLimits,
}

impl PluginRegistry {
    pub async fn start(
        db: Db,
        clock: SharedClock,
        audit: Arc<AuditLog>,
        settings: RegistrySettings,
    ) -> anyhow::Result<Arc<PluginRegistry>> {
        let started = Instant::now();
        let runtime = PluginRuntime::new(
            Arc::new(DbKvStore(db.clone())),
            clock.clone(),
            &settings.cache_parent,
            settings.limits.clone(),
        )?;
        let key = SecretsKey::load_or_create(settings.secrets_key.as_deref(), &settings.data_dir)?;
        let bundled = match &settings.bundled_dir {
            Some(dir) => discover(dir),
            None => Vec::new(),
        };
        let registry = PluginRegistry {
            runtime,
            db,
            clock,
            audit,
            key,
            packages_dir: settings.data_dir.join("plugins"),
            bundled: bundled
                .iter()
                .map(|(m, dir)| (m.id.clone(), dir.clone()))
                .collect(),
            live: RwLock::new(Arc::new(HashMap::new())),
            compiled: Mutex::new(HashMap::new()),
            stats: Mutex::new(HashMap::new()),
            changes: tokio::sync::Mutex::new(()),
        };
        for (manifest, _) in &bundled {
            registry.register_bundled(manifest).await?;
        }
        let loaded = registry.load_installed().await?;
        tracing::info!(
            loaded,
            bundled = bundled.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "plugins loaded"
        );
        Ok(Arc::new(registry))
    }

    /// Records a bundled plugin on first sight (enabled unless its manifest says otherwise), or
    /// follows its version when the server ships a new one. An uploaded package of the same id
    /// takes precedence.
    async fn register_bundled(&self, manifest: &Manifest) -> Result<()> {
        let mut tx = self.db.begin().await?;
        let existing = storage::plugins::get(tx.conn(), &manifest.id).await?;
        let sha256 = manifest
            .component
            .as_ref()
            .map(|c| c.sha256.to_lowercase())
            .unwrap_or_default();
        let now = self.clock.now();
        let actor = Actor::system();
        let row = match existing {
            Some(row) if row.source == Source::Uploaded.as_str() => return Ok(()),
            Some(row) if row.version == manifest.version && row.component_sha256 == sha256 => {
                return Ok(());
            }
            Some(row) => InstallationRow {
                version: manifest.version.clone(),
                kind: kind_text(manifest),
                component_sha256: sha256,
                updated_at: now,
                updated_by: actor.label.clone(),
                ..row
            },
            None => InstallationRow {
                id: manifest.id.clone(),
                version: manifest.version.clone(),
                kind: kind_text(manifest),
                enabled: manifest.enabled_by_default,
                disabled_reason: None,
                settings: "{}".into(),
                secrets: None,
                component_sha256: sha256,
                source: Source::Bundled.as_str().into(),
                installed_at: now,
                installed_by: actor.label.clone(),
                updated_at: now,
                updated_by: actor.label.clone(),
            },
        };
        upsert(tx.conn(), &row).await?;
        let event = AuditEvent::new("plugin.install")
            .target("plugin", &manifest.id)
            .details(json!({ "source": "bundled", "version": manifest.version }));
        self.audit.commit(tx, &actor, event).await
    }

    /// Loads every enabled plugin, and retries those a previous start could not load.
    async fn load_installed(&self) -> Result<usize> {
        let rows = {
            let mut conn = self.db.acquire().await?;
            storage::plugins::list(conn.conn()).await?
        };
        let mut loaded = 0;
        for mut row in rows {
            let retry = !row.enabled && row.disabled_reason.as_deref() == Some("load");
            if !row.enabled && !retry {
                continue;
            }
            match self.load_row(&row).await {
                Ok(plugin) => {
                    if retry {
                        row.enabled = true;
                        row.disabled_reason = None;
                        self.save_system(&row, "plugin.enable", json!({ "reason": "loaded" }))
                            .await?;
                    }
                    self.remember(&plugin);
                    self.swap_live(|live| {
                        live.insert(row.id.clone(), plugin);
                    });
                    loaded += 1;
                }
                Err(err) => self.load_failed(row, &err).await?,
            }
        }
        Ok(loaded)
    }

    async fn load_failed(&self, mut row: InstallationRow, err: &PluginError) -> Result<()> {
        tracing::error!(plugin = %row.id, error = %err, "plugin could not be loaded; left disabled");
        self.record_failure(&row.id, "load", &err.to_string()).await;
        if row.enabled {
            row.enabled = false;
            row.disabled_reason = Some("load".into());
            self.save_system(&row, "plugin.disable", json!({ "reason": "load" }))
                .await?;
        }
        Ok(())
    }

    async fn save_system(
        &self,
        row: &InstallationRow,
        action: &'static str,
        details: serde_json::Value,
    ) -> Result<()> {
        let actor = Actor::system();
        let mut row = row.clone();
        row.updated_at = self.clock.now();
        row.updated_by = actor.label.clone();
        let mut tx = self.db.begin().await?;
        upsert(tx.conn(), &row).await?;
        let event = AuditEvent::new(action)
            .target("plugin", &row.id)
            .details(details);
        self.audit.commit(tx, &actor, event).await
    }
}

/// `<dir>/*/dist/plugin.toml`, skipping `testing/`; an unreadable folder or manifest is a
/// warning, not a reason to refuse to start.
fn discover(dir: &Path) -> Vec<(Manifest, PathBuf)> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            tracing::warn!(dir = %dir.display(), %err, "no bundled plugins: cannot read the plugins folder");
            return Vec::new();
        }
    };
    let mut found: Vec<(Manifest, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() || entry.file_name() == "testing" {
            continue;
        }
        let dist = path.join("dist");
        if !dist.join("plugin.toml").is_file() {
            if path.join("plugin.toml").is_file() {
                tracing::warn!(plugin = %path.display(), "bundled plugin is not built (run plugins/build-all.sh)");
            }
            continue;
        }
        match read_manifest(&dist) {
            Ok(manifest) if found.iter().any(|(m, _)| m.id == manifest.id) => {
                tracing::warn!(plugin = %manifest.id, "two bundled plugins have the same id; keeping the first");
            }
            Ok(manifest) => found.push((manifest, dist)),
            Err(err) => {
                tracing::warn!(plugin = %path.display(), error = %err, "bundled plugin skipped")
            }
        }
    }
    found.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    found
}
