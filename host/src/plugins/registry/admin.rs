//! What an admin does with plugins: list, install (upload), enable, disable, configure and
//! uninstall. Every change is checked, persisted with an audit entry in one transaction, and
//! then applied to the live set.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::PoisonError;

use serde_json::{Value, json};

use super::installed::{kind_text, operator_config};
use super::{CallStats, PluginRegistry};
use crate::audit::{Actor, AuditEvent};
use crate::auth::{Caller, Permission};
use crate::error::{Error, Result};
use crate::plugins::PluginError;
use crate::plugins::manifest::Manifest;
use crate::plugins::package::{Package, compare_versions};
use crate::plugins::settings::{self, SettingValues};
use crate::storage;
use crate::storage::plugins::{FailureRow, InstallationRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Bundled,
    Uploaded,
}

crate::text_enum!(Source { Bundled => "bundled", Uploaded => "uploaded" });

/// One installed plugin as the admin API shows it. Secret values never leave the registry:
/// only which declared secrets are set.
pub struct PluginView {
    pub installation: InstallationRow,
    /// None when the package can no longer be read (its files were removed).
    pub manifest: Option<Manifest>,
    pub settings: SettingValues,
    pub secrets_set: BTreeSet<String>,
    pub metrics: CallStats,
    /// Calls waiting for a slot of the running copy now.
    pub waiting_calls: usize,
    pub health: Health,
}

/// How a plugin is doing, in one word for the admin page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// Not running: disabled by an admin or after repeated failures, or not loadable.
    Stopped,
    /// Its latest calls failed.
    Failing,
    /// Recent calls take more than half their deadline, or callers wait for a slot.
    Slow,
    Healthy,
}

/// Secrets as the admin sends them: an empty value clears the secret.
pub struct SecretChange {
    pub name: String,
    pub value: String,
}

impl PluginRegistry {
    pub async fn list(&self, caller: &Caller) -> Result<Vec<PluginView>> {
        caller.require(Permission::PluginsManage)?;
        let mut conn = self.db.acquire().await?;
        let rows = storage::plugins::list(conn.conn()).await?;
        rows.into_iter().map(|row| self.view(row)).collect()
    }

    pub async fn find(&self, caller: &Caller, id: &str) -> Result<Option<PluginView>> {
        caller.require(Permission::PluginsManage)?;
        let mut conn = self.db.acquire().await?;
        storage::plugins::get(conn.conn(), id)
            .await?
            .map(|row| self.view(row))
            .transpose()
    }

    /// Newest first, at most 100 are kept.
    pub async fn recent_failures(
        &self,
        caller: &Caller,
        id: &str,
        limit: usize,
    ) -> Result<Vec<FailureRow>> {
        caller.require(Permission::PluginsManage)?;
        let mut conn = self.db.acquire().await?;
        storage::plugins::recent_failures(conn.conn(), id, limit.min(100) as i64).await
    }

    /// Installs an uploaded package, or upgrades the installed plugin of the same id (keeping
    /// its settings, secrets and enabled state). An older version than the installed one needs
    /// `force`. A new plugin starts disabled unless `enable`, so the admin can review the
    /// capabilities it asks for first.
    pub async fn install(
        &self,
        caller: &Caller,
        package: std::fs::File,
        force: bool,
        enable: bool,
    ) -> Result<PluginView> {
        caller.require(Permission::PluginsManage)?;
        let actor = Actor::from(caller);
        let package = tokio::task::spawn_blocking(move || Package::from_tar(package))
            .await
            .map_err(Error::internal)??;
        let manifest = package.manifest.clone();
        let id = manifest.id.clone();
        let _change = self.changes.lock().await;
        let existing = self.row(&id).await?;
        if let Some(row) = &existing
            && compare_versions(&manifest.version, &row.version).is_lt()
            && !force
        {
            return Err(Error::Conflict {
                field: "version".into(),
                message: format!(
                    "{} is older than the installed {}: send force to downgrade",
                    manifest.version, row.version
                ),
            });
        }
        let (values, secrets) = match &existing {
            Some(row) => (
                settings::apply(
                    &manifest,
                    &settings::parse_stored(&row.settings),
                    &json!({}),
                )
                .unwrap_or_default(),
                self.open_secrets(row)?,
            ),
            None => (SettingValues::new(), BTreeMap::new()),
        };
        let operator = operator_config(&values, &secrets);
        let file = manifest
            .component
            .as_ref()
            .map(|c| PathBuf::from(&c.file))
            .unwrap_or_default();
        let plugin = self
            .runtime
            .load_bytes(manifest.clone(), package.component.clone(), operator, &file)
            .await
            .map_err(refused_package)?;
        let packages_dir = self.packages_dir.clone();
        let stored = tokio::task::spawn_blocking(move || package.store(&packages_dir))
            .await
            .map_err(Error::internal)?;
        stored.map_err(Error::internal)?;

        let now = self.clock.now();
        let enabled = existing
            .as_ref()
            .map_or(enable, |row| row.enabled || enable);
        let row = InstallationRow {
            id: id.clone(),
            version: manifest.version.clone(),
            kind: kind_text(&manifest),
            enabled,
            disabled_reason: if enabled {
                None
            } else {
                existing.as_ref().and_then(|r| r.disabled_reason.clone())
            },
            settings: serde_json::to_string(&values).map_err(Error::internal)?,
            secrets: existing.as_ref().and_then(|r| r.secrets.clone()),
            component_sha256: manifest
                .component
                .as_ref()
                .map(|c| c.sha256.to_lowercase())
                .unwrap_or_default(),
            source: Source::Uploaded.as_str().into(),
            installed_at: existing.as_ref().map_or(now, |r| r.installed_at),
            installed_by: existing
                .as_ref()
                .map_or_else(|| actor.label.clone(), |r| r.installed_by.clone()),
            updated_at: now,
            updated_by: actor.label.clone(),
        };
        let action = if existing.is_some() {
            "plugin.upgrade"
        } else {
            "plugin.install"
        };
        let event = AuditEvent::new(action)
            .target("plugin", &id)
            .details(json!({
                "version": manifest.version,
                "previousVersion": existing.as_ref().map(|r| r.version.clone()),
                "previousSource": existing.as_ref().map(|r| r.source.clone()),
                "sha256": row.component_sha256,
                "enabled": enabled,
                "forced": force,
            }));
        self.save(&row, &actor, event).await?;
        self.remember(&plugin);
        if enabled {
            self.swap_live(|live| {
                live.insert(id.clone(), plugin);
            });
        }
        if let Some(old) =
            existing.filter(|old| old.version != row.version && old.source == "uploaded")
        {
            let old_dir = self.packages_dir.join(&id).join(&old.version);
            if let Err(err) = std::fs::remove_dir_all(&old_dir) {
                tracing::warn!(plugin = %id, %err, "cannot remove the previous version's files");
            }
        }
        self.view(row)
    }

    pub async fn enable(&self, caller: &Caller, id: &str) -> Result<PluginView> {
        caller.require(Permission::PluginsManage)?;
        let actor = Actor::from(caller);
        let _change = self.changes.lock().await;
        let mut row = self.row(id).await?.ok_or(Error::NotFound("plugin"))?;
        let plugin = match self.load_row(&row).await {
            Ok(plugin) => plugin,
            Err(err) => {
                tracing::warn!(plugin = id, error = %err, "plugin could not be loaded");
                self.record_failure(id, "load", &err.to_string()).await;
                return Err(Error::Conflict {
                    field: "id".into(),
                    message: "the plugin could not be loaded: see its recentErrors".into(),
                });
            }
        };
        let previous = row.disabled_reason.take();
        row.enabled = true;
        self.touch(&mut row, &actor);
        let event = AuditEvent::new("plugin.enable")
            .target("plugin", id)
            .details(json!({ "previousReason": previous }));
        self.save(&row, &actor, event).await?;
        self.remember(&plugin);
        self.swap_live(|live| {
            live.insert(id.to_owned(), plugin);
        });
        self.view(row)
    }

    pub async fn disable(&self, caller: &Caller, id: &str) -> Result<PluginView> {
        caller.require(Permission::PluginsManage)?;
        let actor = Actor::from(caller);
        let _change = self.changes.lock().await;
        let mut row = self.row(id).await?.ok_or(Error::NotFound("plugin"))?;
        row.enabled = false;
        row.disabled_reason = Some("operator".into());
        self.touch(&mut row, &actor);
        let event = AuditEvent::new("plugin.disable")
            .target("plugin", id)
            .details(json!({ "reason": "operator" }));
        self.save(&row, &actor, event).await?;
        self.swap_live(|live| {
            live.remove(id);
        });
        self.view(row)
    }

    /// Changes settings (a JSON object; `null` resets a key) and secrets (write-only; an empty
    /// value clears one). An enabled plugin serves the new values from its next call.
    pub async fn configure(
        &self,
        caller: &Caller,
        id: &str,
        changes: &Value,
        secret_changes: &[SecretChange],
    ) -> Result<PluginView> {
        caller.require(Permission::PluginsManage)?;
        let actor = Actor::from(caller);
        let _change = self.changes.lock().await;
        let mut row = self.row(id).await?.ok_or(Error::NotFound("plugin"))?;
        let manifest = self
            .manifest(&row)
            .map_err(|_| Error::invalid("id", "the plugin's package cannot be read"))?;
        let values = settings::apply(&manifest, &settings::parse_stored(&row.settings), changes)?;
        let mut secrets = self.readable_secrets(&row);
        for change in secret_changes {
            if !manifest.capabilities.secrets.contains_key(&change.name) {
                return Err(Error::invalid(
                    &format!("secrets.{}", change.name),
                    "is not a secret this plugin declares",
                ));
            }
            if change.value.is_empty() {
                secrets.remove(&change.name);
            } else {
                secrets.insert(change.name.clone(), change.value.clone());
            }
        }
        row.settings = serde_json::to_string(&values).map_err(Error::internal)?;
        row.secrets = Some(self.key.seal(id, &secrets)?);
        self.touch(&mut row, &actor);
        let reconfigured = self
            .compiled_plugin(id, &row.version)
            .map(|p| p.reconfigured(operator_config(&values, &secrets)));
        let event = AuditEvent::new("plugin.configure")
            .target("plugin", id)
            .details(json!({
                "settings": changes.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()),
                // Names only: a secret's value never reaches the audit log.
                "secrets": secret_changes.iter().map(|c| json!({
                    "name": c.name, "cleared": c.value.is_empty(),
                })).collect::<Vec<_>>(),
            }));
        self.save(&row, &actor, event).await?;
        if let Some(plugin) = reconfigured {
            self.remember(&plugin);
            if row.enabled {
                self.swap_live(|live| {
                    live.insert(id.to_owned(), plugin);
                });
            }
        }
        self.view(row)
    }

    /// Removes an uploaded plugin, its files and its failure records (its kv entries stay, so a
    /// reinstall finds them). Bundled plugins come with the server: disable them instead.
    pub async fn uninstall(&self, caller: &Caller, id: &str) -> Result<()> {
        caller.require(Permission::PluginsManage)?;
        let actor = Actor::from(caller);
        let _change = self.changes.lock().await;
        let row = self.row(id).await?.ok_or(Error::NotFound("plugin"))?;
        if row.source == Source::Bundled.as_str() {
            return Err(Error::Conflict {
                field: "id".into(),
                message: "is bundled with the server and cannot be uninstalled: disable it".into(),
            });
        }
        let mut tx = self.db.begin().await?;
        storage::plugins::delete(tx.conn(), id).await?;
        let event = AuditEvent::new("plugin.uninstall")
            .target("plugin", id)
            .details(json!({ "version": row.version }));
        self.audit.commit(tx, &actor, event).await?;
        self.swap_live(|live| {
            live.remove(id);
        });
        self.compiled
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
        self.stats
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
        if let Err(err) = std::fs::remove_dir_all(self.packages_dir.join(id)) {
            tracing::warn!(plugin = id, %err, "cannot remove the plugin's files");
        }
        Ok(())
    }
}

/// Why an uploaded package was refused, in words the admin can act on.
fn refused_package(err: PluginError) -> Error {
    match err {
        PluginError::Checksum {
            expected, actual, ..
        } => Error::invalid(
            "package",
            format!("the component's sha256 is {actual}, but plugin.toml says {expected}"),
        ),
        PluginError::Manifest(message) => Error::invalid("package", message),
        PluginError::Load(message) => Error::invalid(
            "package",
            format!("the component cannot be loaded: {message}"),
        ),
        err @ PluginError::NotWorld { .. } => Error::invalid("package", err.to_string()),
        // A channel's describe() runs at load: a crash there is the package's fault.
        err @ (PluginError::Trap { .. }
        | PluginError::Timeout { .. }
        | PluginError::MemoryCap { .. }) => Error::invalid(
            "package",
            format!("the component failed while loading: {err}"),
        ),
        other => Error::internal(other),
    }
}
