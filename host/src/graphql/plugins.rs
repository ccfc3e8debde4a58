//! Plugins (admins only): the installed plugins with their capabilities, settings, which secrets
//! are set (never their values), recent errors and call metrics; install, enable, disable,
//! configure, uninstall.

use async_graphql::{Context, Enum, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::attachments::Upload;
use super::errors::GqlResult;
use super::{caller, services};
use crate::error::Error;
use crate::plugins::registry::{Health, PluginView, SecretChange};

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "PluginKind")]
pub enum PluginKindGql {
    Channel,
    Bot,
    Classifier,
    Router,
}

/// Why a plugin is disabled.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum PluginDisabledReason {
    /// An admin disabled it.
    Operator,
    /// The runtime stopped it after repeated crashes or timeouts.
    Failures,
    /// It could not be loaded at start-up (retried at the next start).
    Load,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum PluginSource {
    /// Shipped with the server in the plugins folder; cannot be uninstalled.
    Bundled,
    /// Uploaded by an admin.
    Uploaded,
}

#[derive(SimpleObject)]
pub struct PluginSecretSpec {
    name: String,
    /// Whether the plugin may read the value; otherwise it only uses it through the host
    /// (HMAC, an HTTP header).
    reveal: bool,
    description: Option<String>,
}

#[derive(SimpleObject)]
pub struct PluginCapabilities {
    /// Hosts the plugin may call over HTTP.
    http_hosts: Vec<String>,
    kv: bool,
    secrets: Vec<PluginSecretSpec>,
}

#[derive(SimpleObject)]
pub struct PluginSetting {
    key: String,
    /// `string`, `integer`, `number`, `boolean` or `string-list`.
    r#type: String,
    label: Option<String>,
    description: Option<String>,
    default: Option<Json<Value>>,
    choices: Option<Vec<String>>,
    min: Option<f64>,
    max: Option<f64>,
    required: bool,
    /// The operator's value; null when the default applies.
    value: Option<Json<Value>>,
}

#[derive(SimpleObject)]
pub struct PluginSecret {
    name: String,
    is_set: bool,
}

#[derive(SimpleObject)]
pub struct PluginFailure {
    at: DateTime<Utc>,
    /// `trap`, `timeout`, `memory` or `load`.
    reason: String,
    message: String,
}

#[derive(SimpleObject)]
pub struct PluginFailureCount {
    reason: String,
    count: u64,
}

/// Calls since the server started.
#[derive(SimpleObject)]
pub struct PluginMetrics {
    calls: u64,
    failures: u64,
    /// `trap`, `timeout`, `memory`, `disabled`, or `busy` (a call that waited too long for one
    /// of the plugin's call slots).
    failures_by_reason: Vec<PluginFailureCount>,
    mean_duration_ms: f64,
    max_duration_ms: f64,
    /// Recent calls' duration (waiting for a slot included), each new call weighing a fifth:
    /// shows slowness as it sets in.
    recent_duration_ms: f64,
    /// Calls that took, waiting for a slot included, more than half of their deadline.
    slow_calls: u64,
    /// Calls waiting for a slot now.
    waiting_calls: u64,
}

/// How a plugin is doing.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum PluginHealth {
    /// Not running: disabled, by an admin or after repeated failures.
    Stopped,
    /// Its latest calls failed.
    Failing,
    /// Recent calls take more than half their deadline, or callers wait for a slot.
    Slow,
    Healthy,
}

pub struct PluginObject(PluginView);

#[Object(name = "Plugin")]
impl PluginObject {
    async fn id(&self) -> ID {
        ID(self.0.installation.id.clone())
    }
    async fn name(&self) -> String {
        self.0
            .manifest
            .as_ref()
            .and_then(|m| m.name.clone())
            .unwrap_or_else(|| self.0.installation.id.clone())
    }
    async fn description(&self) -> Option<String> {
        self.0.manifest.as_ref().and_then(|m| m.description.clone())
    }
    async fn version(&self) -> &str {
        &self.0.installation.version
    }
    async fn kind(&self) -> PluginKindGql {
        match self.0.installation.kind.as_str() {
            "channel" => PluginKindGql::Channel,
            "classifier" => PluginKindGql::Classifier,
            "router" => PluginKindGql::Router,
            _ => PluginKindGql::Bot,
        }
    }
    /// The contract version it was built against.
    async fn wit_version(&self) -> Option<String> {
        self.0.manifest.as_ref().map(|m| m.wit.clone())
    }
    async fn enabled(&self) -> bool {
        self.0.installation.enabled
    }
    async fn disabled_reason(&self) -> Option<PluginDisabledReason> {
        match self.0.installation.disabled_reason.as_deref()? {
            "failures" => Some(PluginDisabledReason::Failures),
            "load" => Some(PluginDisabledReason::Load),
            _ => Some(PluginDisabledReason::Operator),
        }
    }
    async fn source(&self) -> PluginSource {
        if self.0.installation.source == "bundled" {
            PluginSource::Bundled
        } else {
            PluginSource::Uploaded
        }
    }
    async fn component_sha256(&self) -> &str {
        &self.0.installation.component_sha256
    }
    async fn capabilities(&self) -> PluginCapabilities {
        let caps = self.0.manifest.as_ref().map(|m| &m.capabilities);
        PluginCapabilities {
            http_hosts: caps.map(|c| c.http.hosts.clone()).unwrap_or_default(),
            kv: caps.is_some_and(|c| c.kv),
            secrets: caps
                .map(|c| {
                    c.secrets
                        .iter()
                        .map(|(name, spec)| PluginSecretSpec {
                            name: name.clone(),
                            reveal: spec.reveal,
                            description: spec.description.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
    async fn settings(&self) -> Vec<PluginSetting> {
        let Some(manifest) = &self.0.manifest else {
            return Vec::new();
        };
        manifest
            .settings
            .iter()
            .map(|(key, spec)| PluginSetting {
                key: key.clone(),
                r#type: spec.kind.clone(),
                label: spec.label.clone(),
                description: spec.description.clone(),
                default: spec
                    .default
                    .as_ref()
                    .and_then(|d| serde_json::to_value(d).ok())
                    .map(Json),
                choices: spec.choices.clone(),
                min: spec.min,
                max: spec.max,
                required: spec.required,
                value: self.0.settings.get(key).cloned().map(Json),
            })
            .collect()
    }
    /// The declared secrets and whether each is set. Values are write-only.
    async fn secrets(&self) -> Vec<PluginSecret> {
        let Some(manifest) = &self.0.manifest else {
            return Vec::new();
        };
        manifest
            .capabilities
            .secrets
            .keys()
            .map(|name| PluginSecret {
                name: name.clone(),
                is_set: self.0.secrets_set.contains(name),
            })
            .collect()
    }
    /// Failed calls and loads, newest first (the last 100 are kept).
    async fn recent_errors(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] limit: i32,
    ) -> async_graphql::Result<Vec<PluginFailure>> {
        let limit = usize::try_from(limit)
            .ok()
            .filter(|l| (1..=100).contains(l))
            .ok_or_else(|| Error::invalid("limit", "must be between 1 and 100"));
        let rows = services(ctx)
            .plugins
            .recent_failures(caller(ctx), &self.0.installation.id, limit.gql()?)
            .await
            .gql()?;
        Ok(rows
            .into_iter()
            .map(|r| PluginFailure {
                at: r.at,
                reason: r.reason,
                message: r.message,
            })
            .collect())
    }
    async fn metrics(&self) -> PluginMetrics {
        let m = &self.0.metrics;
        PluginMetrics {
            calls: m.calls,
            failures: m.failed(),
            failures_by_reason: m
                .failures
                .iter()
                .map(|(reason, count)| PluginFailureCount {
                    reason: (*reason).to_owned(),
                    count: *count,
                })
                .collect(),
            mean_duration_ms: m.mean().as_secs_f64() * 1000.0,
            max_duration_ms: m.max.as_secs_f64() * 1000.0,
            recent_duration_ms: m.recent.as_secs_f64() * 1000.0,
            slow_calls: m.slow,
            waiting_calls: self.0.waiting_calls as u64,
        }
    }
    async fn health(&self) -> PluginHealth {
        match self.0.health {
            Health::Stopped => PluginHealth::Stopped,
            Health::Failing => PluginHealth::Failing,
            Health::Slow => PluginHealth::Slow,
            Health::Healthy => PluginHealth::Healthy,
        }
    }
    async fn installed_at(&self) -> DateTime<Utc> {
        self.0.installation.installed_at
    }
    async fn installed_by(&self) -> &str {
        &self.0.installation.installed_by
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.installation.updated_at
    }
    async fn updated_by(&self) -> &str {
        &self.0.installation.updated_by
    }
}

#[derive(InputObject)]
pub struct PluginSecretInput {
    name: String,
    /// The new value; an empty string clears the secret.
    value: String,
}

#[derive(InputObject)]
pub struct ConfigurePluginInput {
    /// Setting values by key (a JSON object); `null` resets a key to its default. Keys left out
    /// keep their value.
    settings: Option<Json<Value>>,
    secrets: Option<Vec<PluginSecretInput>>,
}

#[derive(Default)]
pub struct PluginQuery;

#[Object]
impl PluginQuery {
    async fn plugins(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PluginObject>> {
        let views = services(ctx).plugins.list(caller(ctx)).await.gql()?;
        Ok(views.into_iter().map(PluginObject).collect())
    }

    async fn plugin(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<PluginObject>> {
        let view = services(ctx).plugins.find(caller(ctx), &id).await.gql()?;
        Ok(view.map(PluginObject))
    }
}

#[derive(Default)]
pub struct PluginMutation;

#[Object]
impl PluginMutation {
    /// Installs or upgrades a plugin from a package: an uncompressed `.tar` of the plugin's built
    /// `dist/` folder (`plugin.toml` and the component), sent to `/graphql/upload`. A new plugin
    /// starts disabled unless `enable`; an upgrade keeps settings, secrets and enabled state.
    /// Installing an older version than the installed one needs `force`.
    async fn install_plugin(
        &self,
        ctx: &Context<'_>,
        package: Upload,
        #[graphql(default = false)] enable: bool,
        #[graphql(default = false)] force: bool,
    ) -> async_graphql::Result<PluginObject> {
        let caller = caller(ctx);
        // Refuse before touching the upload: a non-admin learns nothing about the package.
        caller
            .require(crate::auth::Permission::PluginsManage)
            .map(|_| ())
            .gql()?;
        let file = package.open_std(ctx, "package").gql()?;
        services(ctx)
            .plugins
            .install(caller, file, force, enable)
            .await
            .map(PluginObject)
            .gql()
    }

    async fn enable_plugin(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<PluginObject> {
        services(ctx)
            .plugins
            .enable(caller(ctx), &id)
            .await
            .map(PluginObject)
            .gql()
    }

    async fn disable_plugin(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<PluginObject> {
        services(ctx)
            .plugins
            .disable(caller(ctx), &id)
            .await
            .map(PluginObject)
            .gql()
    }

    async fn configure_plugin(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: ConfigurePluginInput,
    ) -> async_graphql::Result<PluginObject> {
        let settings = input
            .settings
            .map_or_else(|| Value::Object(Default::default()), |j| j.0);
        let secrets: Vec<SecretChange> = input
            .secrets
            .unwrap_or_default()
            .into_iter()
            .map(|s| SecretChange {
                name: s.name,
                value: s.value,
            })
            .collect();
        services(ctx)
            .plugins
            .configure(caller(ctx), &id, &settings, &secrets)
            .await
            .map(PluginObject)
            .gql()
    }

    /// Removes an uploaded plugin (bundled plugins can only be disabled: CONFLICT).
    async fn uninstall_plugin(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        services(ctx)
            .plugins
            .uninstall(caller(ctx), &id)
            .await
            .map(|()| true)
            .gql()
    }
}
