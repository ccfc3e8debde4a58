//! The parts of a built plugin's `dist/plugin.toml` the runtime enforces. The SDK's build already
//! validated the whole manifest (unknown keys, id syntax, settings schema); the host re-reads only
//! what decides permissions, and refuses a manifest that lacks the build's `[component]` table.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::PluginError;

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub id: String,
    /// Display name; the id when the manifest has none.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub version: String,
    pub kind: Kind,
    /// Contract version built against, e.g. `1.0.0`; the host dispatches on its major.
    pub wit: String,
    #[serde(default)]
    pub capabilities: Capabilities,
    #[serde(default)]
    pub settings: BTreeMap<String, Setting>,
    /// Whether a bundled plugin starts enabled the first time a server sees it (an alternative
    /// the operator may switch to, such as the keyword classifier, ships disabled).
    #[serde(default = "enabled", rename = "enabled-by-default")]
    pub enabled_by_default: bool,
    pub component: Option<ComponentInfo>,
}

fn enabled() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Channel,
    Bot,
    Classifier,
    Router,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Channel, Kind::Bot, Kind::Classifier, Kind::Router];

    /// The name used in `plugin.toml` and for the WIT world.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Channel => "channel",
            Kind::Bot => "bot",
            Kind::Classifier => "classifier",
            Kind::Router => "router",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Capabilities {
    #[serde(default)]
    pub kv: bool,
    #[serde(default)]
    pub http: HttpCapability,
    #[serde(default)]
    pub secrets: BTreeMap<String, SecretSpec>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct HttpCapability {
    #[serde(default)]
    pub hosts: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SecretSpec {
    #[serde(default)]
    pub reveal: bool,
    #[serde(default)]
    pub description: Option<String>,
    /// Where the host may send it; none means any of the HTTP hosts.
    pub hosts: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Setting {
    /// `string`, `integer`, `number`, `boolean` or `string-list` (the SDK's `SettingType`).
    #[serde(rename = "type", default = "default_setting_type")]
    pub kind: String,
    pub default: Option<toml::Value>,
    #[serde(rename = "enum", default)]
    pub choices: Option<Vec<String>>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    #[serde(default)]
    pub required: bool,
    pub label: Option<String>,
    pub description: Option<String>,
}

fn default_setting_type() -> String {
    "string".into()
}

/// Written by the SDK's build next to the `.wasm`.
#[derive(Debug, Clone, Deserialize)]
pub struct ComponentInfo {
    pub file: String,
    pub sha256: String,
}

impl Manifest {
    pub fn parse(text: &str) -> Result<Self, PluginError> {
        let manifest: Manifest =
            toml::from_str(text).map_err(|e| PluginError::Manifest(e.to_string()))?;
        if manifest.component.is_none() {
            return Err(PluginError::Manifest(
                "no [component] table: load dist/plugin.toml as written by the build".into(),
            ));
        }
        for pattern in &manifest.capabilities.http.hosts {
            check_host_pattern(pattern).map_err(|why| {
                PluginError::Manifest(format!("capabilities.http.hosts: {pattern:?} {why}"))
            })?;
        }
        for (name, secret) in &manifest.capabilities.secrets {
            for pattern in secret.hosts.iter().flatten() {
                check_host_pattern(pattern).map_err(|why| {
                    PluginError::Manifest(format!(
                        "capabilities.secrets.{name}.hosts: {pattern:?} {why}"
                    ))
                })?;
            }
        }
        let major = manifest.wit.split('.').next().unwrap_or_default();
        if major != "1" {
            return Err(PluginError::Manifest(format!(
                "contract version {} is not supported (this host speaks 1.x)",
                manifest.wit
            )));
        }
        Ok(manifest)
    }

    /// Settings as the `config` interface serves them: operator values over schema defaults,
    /// as text (strings as written, lists as JSON).
    pub fn effective_settings(
        &self,
        operator: &BTreeMap<String, String>,
    ) -> BTreeMap<String, String> {
        let mut out: BTreeMap<String, String> = self
            .settings
            .iter()
            .filter_map(|(key, spec)| Some((key.clone(), setting_text(spec.default.as_ref()?))))
            .collect();
        for (key, value) in operator {
            // Undeclared settings are dropped, as the admin API will refuse them.
            if self.settings.contains_key(key) {
                out.insert(key.clone(), value.clone());
            }
        }
        out
    }
}

fn setting_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => {
            let items: Vec<serde_json::Value> = items
                .iter()
                .map(|i| match i {
                    toml::Value::String(s) => serde_json::Value::String(s.clone()),
                    other => serde_json::Value::String(other.to_string()),
                })
                .collect();
            serde_json::Value::Array(items).to_string()
        }
        other => other.to_string(),
    }
}

/// A host a manifest may declare: a name or address, `*.` and a domain of two labels or more for
/// its subdomains, `:port` for a port other than the scheme's. No catch-all (`*`, `*.com`), no
/// scheme, path or credentials: a plugin says exactly where it talks to.
fn check_host_pattern(pattern: &str) -> Result<(), &'static str> {
    let (host, _) = split_port(pattern);
    let bare = host.strip_prefix("*.").unwrap_or(host);
    if bare.is_empty() || bare.contains(['*', '/', '@', '?', '#', ' ']) {
        return Err("is not a host: write a name such as api.example.com or *.example.com");
    }
    if host.starts_with("*.") && bare.split('.').filter(|l| !l.is_empty()).count() < 2 {
        return Err("covers a whole top-level domain: name the domain (*.example.com)");
    }
    if host.contains("://") || !bare.contains(|c: char| c.is_ascii_alphanumeric()) {
        return Err("is not a host: write a name such as api.example.com or *.example.com");
    }
    Ok(())
}

/// Whether `hostname[:port]` matches one of the manifest's host patterns (`api.example.com`,
/// `*.example.com` for subdomains only, `host:port` for a non-default port), as the SDK's
/// `hostAllowed` decides it.
pub fn host_allowed(patterns: &[String], hostname: &str, port: Option<u16>, https: bool) -> bool {
    let default_port = if https { 443 } else { 80 };
    let effective = port.unwrap_or(default_port);
    patterns.iter().any(|pattern| {
        let (pat_host, pat_port) = split_port(pattern);
        if pat_port.unwrap_or(default_port) != effective {
            return false;
        }
        match pat_host.strip_prefix("*.") {
            Some(suffix) => {
                hostname.len() > suffix.len() + 1 && hostname.ends_with(&format!(".{suffix}"))
            }
            None => pat_host.eq_ignore_ascii_case(hostname),
        }
    })
}

fn split_port(pattern: &str) -> (&str, Option<u16>) {
    if let Some((host, port)) = pattern.rsplit_once(':')
        && !host.ends_with(':')
        && (!host.starts_with('[') || host.ends_with(']'))
        && let Ok(port) = port.parse()
    {
        return (host, Some(port));
    }
    (pattern, None)
}

#[cfg(test)]
mod host_pattern_tests {
    use super::check_host_pattern;

    #[test]
    fn catch_alls_and_urls_are_not_hosts() {
        for good in [
            "graph.facebook.com",
            "*.ixcsoft.com.br",
            "erp.lan:8443",
            "10.0.0.5",
            "[fd00::1]:8080",
        ] {
            assert!(check_host_pattern(good).is_ok(), "{good}");
        }
        for bad in [
            "*",
            "*.com",
            "*.*",
            "https://api.example.com",
            "api.example.com/v1",
            "user@host",
            "",
            "*:443",
        ] {
            assert!(check_host_pattern(bad).is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugins_host_patterns_match_like_the_sdk() {
        let p = vec![
            "api.example.com".to_owned(),
            "*.hooks.io:8443".to_owned(),
            "[::1]".to_owned(),
        ];
        assert!(host_allowed(&p, "api.example.com", None, true));
        assert!(!host_allowed(&p, "api.example.com", Some(8080), true));
        assert!(host_allowed(&p, "a.hooks.io", Some(8443), true));
        assert!(!host_allowed(&p, "hooks.io", Some(8443), true));
        assert!(!host_allowed(&p, "evilhooks.io", Some(8443), true));
        assert!(host_allowed(&p, "[::1]", None, false));
        assert!(!host_allowed(&p, "other.com", None, true));
    }
}
