//! The installed plugins as stored and loaded: rows, packages on disk, sealed secrets, the
//! compiled components kept for reuse, and the view the admin API shows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError};

use super::PluginRegistry;
use super::admin::{Health, PluginView, Source};
use crate::audit::{Actor, AuditEvent};
use crate::error::Result;
use crate::plugins::ActivePlugins as _;
use crate::plugins::manifest::Manifest;
use crate::plugins::settings::{self, SettingValues};
use crate::plugins::{OperatorConfig, Plugin, PluginError, PluginSource};
use crate::storage::plugins::InstallationRow;
use crate::storage::{self, Conn};

impl PluginRegistry {
    pub(super) async fn row(&self, id: &str) -> Result<Option<InstallationRow>> {
        let mut conn = self.db.acquire().await?;
        storage::plugins::get(conn.conn(), id).await
    }

    pub(super) fn touch(&self, row: &mut InstallationRow, actor: &Actor) {
        row.updated_at = self.clock.now();
        row.updated_by = actor.label.clone();
    }

    pub(super) async fn save(
        &self,
        row: &InstallationRow,
        actor: &Actor,
        event: AuditEvent,
    ) -> Result<()> {
        let mut tx = self.db.begin().await?;
        upsert(tx.conn(), row).await?;
        self.audit.commit(tx, actor, event).await
    }

    /// Where the row's package lives on disk.
    pub(super) fn package_dir(&self, row: &InstallationRow) -> Option<PathBuf> {
        if row.source == Source::Bundled.as_str() {
            self.bundled.get(&row.id).cloned()
        } else {
            Some(self.packages_dir.join(&row.id).join(&row.version))
        }
    }

    pub(super) fn manifest(
        &self,
        row: &InstallationRow,
    ) -> std::result::Result<Manifest, PluginError> {
        if let Some(plugin) = self.compiled_plugin(&row.id, &row.version) {
            return Ok(plugin.manifest().clone());
        }
        let dir = self.package_dir(row).ok_or_else(|| {
            PluginError::Manifest(format!("{} is not in the plugins folder", row.id))
        })?;
        read_manifest(&dir)
    }

    pub(super) fn open_secrets(&self, row: &InstallationRow) -> Result<BTreeMap<String, String>> {
        match &row.secrets {
            Some(blob) => Ok(self.key.open(&row.id, blob)?),
            None => Ok(BTreeMap::new()),
        }
    }

    /// The secrets, or none when they do not open (the secrets key changed): that must not hide
    /// the plugin from the admin, who can then set them again.
    pub(super) fn readable_secrets(&self, row: &InstallationRow) -> BTreeMap<String, String> {
        self.open_secrets(row).unwrap_or_else(|err| {
            tracing::error!(plugin = %row.id, %err, "cannot open the plugin's secrets");
            BTreeMap::new()
        })
    }

    /// Loads the row's package with its operator configuration, reusing the compiled component
    /// of the same version when there is one.
    pub(super) async fn load_row(
        &self,
        row: &InstallationRow,
    ) -> std::result::Result<Arc<Plugin>, PluginError> {
        let secrets = self
            .open_secrets(row)
            .map_err(|e| PluginError::Load(e.to_string()))?;
        let operator = operator_config(&settings::parse_stored(&row.settings), &secrets);
        if let Some(plugin) = self.compiled_plugin(&row.id, &row.version) {
            return Ok(plugin.reconfigured(operator));
        }
        let dist_dir = self.package_dir(row).ok_or_else(|| {
            PluginError::Load(format!("{} is not in the bundled plugins folder", row.id))
        })?;
        let plugin = self
            .runtime
            .load(&PluginSource { dist_dir }, operator)
            .await?;
        if plugin.id() != row.id || plugin.manifest().version != row.version {
            return Err(PluginError::Manifest(format!(
                "the package on disk is {} {}, not {} {}",
                plugin.id(),
                plugin.manifest().version,
                row.id,
                row.version
            )));
        }
        Ok(plugin)
    }

    pub(super) fn compiled_plugin(&self, id: &str, version: &str) -> Option<Arc<Plugin>> {
        self.compiled
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            .filter(|p| p.manifest().version == version)
            .cloned()
    }

    pub(super) fn remember(&self, plugin: &Arc<Plugin>) {
        self.compiled
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(plugin.id().to_owned(), plugin.clone());
    }

    pub(super) fn view(&self, installation: InstallationRow) -> Result<PluginView> {
        let manifest = self.manifest(&installation).ok();
        let secrets_set = self.readable_secrets(&installation).into_keys().collect();
        let metrics = self
            .stats
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&installation.id)
            .cloned()
            .unwrap_or_default();
        let live = self.get(&installation.id);
        let deadline = self.runtime.limits().call_deadline;
        let health = match &live {
            None => Health::Stopped,
            Some(plugin) if plugin.is_disabled() => Health::Stopped,
            Some(plugin) if plugin.consecutive_failures() > 0 || metrics.last_failed => {
                Health::Failing
            }
            Some(plugin) if plugin.waiting_calls() > 0 || metrics.recent > deadline / 2 => {
                Health::Slow
            }
            Some(_) => Health::Healthy,
        };
        Ok(PluginView {
            settings: settings::parse_stored(&installation.settings),
            installation,
            manifest,
            secrets_set,
            metrics,
            waiting_calls: live.map_or(0, |p| p.waiting_calls()),
            health,
        })
    }
}

pub(super) async fn upsert(conn: Conn<'_>, row: &InstallationRow) -> Result<()> {
    storage::plugins::upsert(conn, row).await
}

pub(super) fn operator_config(
    values: &SettingValues,
    secrets: &BTreeMap<String, String>,
) -> OperatorConfig {
    OperatorConfig {
        settings: settings::as_text(values),
        secrets: secrets.clone(),
    }
}

pub(super) fn kind_text(manifest: &Manifest) -> String {
    format!("{:?}", manifest.kind).to_lowercase()
}

pub(super) fn read_manifest(dir: &Path) -> std::result::Result<Manifest, PluginError> {
    let path = dir.join("plugin.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| PluginError::Io { path, source })?;
    Manifest::parse(&text)
}
