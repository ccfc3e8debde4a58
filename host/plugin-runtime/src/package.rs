//! Uploaded plugin packages: one uncompressed `.tar` holding a build's `dist/` folder, i.e. the
//! `plugin.toml` written by `ispchat-plugin build` and the component it names (directories in
//! the archive are ignored, only file names count). Accepted packages are kept under
//! `data_dir/plugins/<id>/<version>/`.

use std::cmp::Ordering;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::manifest::Manifest;
use ispchat_core::error::{Error, Result};

/// A QuickJS component is about 2 MiB; anything far beyond is not a plugin.
const MAX_COMPONENT_BYTES: u64 = 64 * 1024 * 1024;
const MAX_MANIFEST_BYTES: u64 = 256 * 1024;

/// A package read from an upload, not yet checked against the runtime.
pub struct Package {
    pub manifest: Manifest,
    pub manifest_text: String,
    pub component: Vec<u8>,
}

fn bad(message: impl Into<String>) -> Error {
    Error::invalid("package", message)
}

impl Package {
    /// Reads a `.tar` package. Errors are BAD_USER_INPUT on `package`.
    pub fn from_tar(reader: impl Read) -> Result<Package> {
        let mut archive = tar::Archive::new(reader);
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let entries = archive.entries().map_err(|_| bad("is not a tar archive"))?;
        for entry in entries {
            let mut entry = entry.map_err(|_| bad("is not a readable tar archive"))?;
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let name = entry
                .path()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
            let limit = if name == "plugin.toml" {
                MAX_MANIFEST_BYTES
            } else {
                MAX_COMPONENT_BYTES
            };
            if entry.size() > limit {
                return Err(bad(format!("{name} is larger than {limit} bytes")));
            }
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|_| bad("is not a readable tar archive"))?;
            files.push((name, bytes));
        }
        let take = |wanted: &str, files: &mut Vec<(String, Vec<u8>)>| {
            let index = files.iter().position(|(name, _)| name == wanted)?;
            Some(files.swap_remove(index).1)
        };
        let manifest_bytes = take("plugin.toml", &mut files)
            .ok_or_else(|| bad("has no plugin.toml (pack the plugin's dist/ folder)"))?;
        let manifest_text =
            String::from_utf8(manifest_bytes).map_err(|_| bad("plugin.toml is not UTF-8 text"))?;
        let manifest = Manifest::parse(&manifest_text).map_err(|e| bad(e.to_string()))?;
        check_identity(&manifest)?;
        let file = manifest
            .component
            .as_ref()
            .map(|c| c.file.clone())
            .unwrap_or_default();
        let component = take(&file, &mut files)
            .ok_or_else(|| bad(format!("has no {file}, the component plugin.toml names")))?;
        Ok(Package {
            manifest,
            manifest_text,
            component,
        })
    }

    /// Writes the package to `root/<id>/<version>/`, replacing a previous copy of that version.
    /// Written to a temporary folder first and renamed, so a crash never leaves half a package.
    pub fn store(&self, root: &Path) -> std::io::Result<PathBuf> {
        let plugin_dir = root.join(&self.manifest.id);
        std::fs::create_dir_all(&plugin_dir)?;
        let target = plugin_dir.join(&self.manifest.version);
        let staging = plugin_dir.join(format!(".upload-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&staging)?;
        let file = self
            .manifest
            .component
            .as_ref()
            .map(|c| c.file.clone())
            .unwrap_or_default();
        std::fs::write(staging.join("plugin.toml"), &self.manifest_text)?;
        std::fs::write(staging.join(file), &self.component)?;
        if target.exists() {
            std::fs::remove_dir_all(&target)?;
        }
        std::fs::rename(&staging, &target)?;
        Ok(target)
    }
}

/// The id and version become folder names: only the SDK's syntax is accepted, and the
/// component's file name must be a plain file name.
fn check_identity(manifest: &Manifest) -> Result<()> {
    if !valid_id(&manifest.id) {
        return Err(bad(format!(
            "plugin id {:?} must be 2 to 63 lowercase letters, digits and dashes, starting with a letter",
            manifest.id
        )));
    }
    if parse_version(&manifest.version).is_none() {
        return Err(bad(format!(
            "version {:?} is not a semantic version",
            manifest.version
        )));
    }
    let file = manifest.component.as_ref().map(|c| c.file.as_str());
    if !file.is_some_and(|f| {
        !f.is_empty()
            && f != "plugin.toml"
            && !f.starts_with('.')
            && f.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    }) {
        return Err(bad("component.file must be a plain file name"));
    }
    Ok(())
}

pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    (2..=63).contains(&id.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `major.minor.patch[-pre][+build]`, as the SDK accepts it.
fn parse_version(version: &str) -> Option<(u64, u64, u64, Option<&str>)> {
    let core_and_pre = version.split('+').next()?;
    let (core, pre) = match core_and_pre.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (core_and_pre, None),
    };
    let tail_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    };
    if pre.is_some_and(|p| !tail_ok(p))
        || version
            .split_once('+')
            .is_some_and(|(_, build)| !tail_ok(build))
    {
        return None;
    }
    let mut parts = core.split('.').map(|p| {
        (!p.is_empty()
            && p.chars().all(|c| c.is_ascii_digit())
            && (p == "0" || !p.starts_with('0')))
        .then(|| p.parse::<u64>().ok())
        .flatten()
    });
    let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    Some((major, minor, patch, pre))
}

/// Semantic-version order, with a pre-release before its release (pre-releases compared as
/// text); unparsable versions compare equal.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    match (parse_version(a), parse_version(b)) {
        (Some((a1, a2, a3, a_pre)), Some((b1, b2, b3, b_pre))) => {
            (a1, a2, a3).cmp(&(b1, b2, b3)).then(match (a_pre, b_pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(x), Some(y)) => x.cmp(y),
            })
        }
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugins_versions_order_like_semver_and_ids_are_safe_folder_names() {
        assert_eq!(compare_versions("1.10.0", "1.9.9"), Ordering::Greater);
        assert_eq!(compare_versions("1.0.0-rc.1", "1.0.0"), Ordering::Less);
        assert_eq!(compare_versions("2.0.0", "2.0.0+build"), Ordering::Equal);
        assert!(parse_version("1.0").is_none());
        assert!(parse_version("1.0.0/../x").is_none());
        assert!(parse_version("01.0.0").is_none());
        assert!(valid_id("echo-bot"));
        assert!(!valid_id("../etc"));
        assert!(!valid_id("Echo"));
        assert!(!valid_id("e"));
    }
}
