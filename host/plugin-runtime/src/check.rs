//! `ispchat plugin check PATH`: what an operator, or a plugin's CI, wants to know before
//! installing a build. Is the manifest valid (every wrong field named, not just the first), does
//! the component match the manifest's sha256, is the contract version one this host speaks, and
//! which worlds does the component really implement? The worlds are checked with the runtime's own
//! linkers, exactly as loading does, so a plugin that passes here links when it is loaded.

use std::path::Path;

use sha2::{Digest, Sha256};
use wasmtime::component::Component;

use super::engine::{Linkers, new_engine};
use super::manifest::{Kind, Manifest};

/// The outcome, one line per fact and one line per problem.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// What was verified.
    pub passed: Vec<String>,
    /// What is wrong; empty when the plugin would load.
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks `path`: a build's `dist/` folder, its `plugin.toml`, or a bare component (`.wasm`).
/// Compiles the component (about a second for a QuickJS one); call it off the async workers.
pub fn check(path: &Path) -> CheckReport {
    let mut report = CheckReport::default();
    let manifest_path = if path.is_dir() {
        Some(path.join("plugin.toml"))
    } else if path.extension().is_some_and(|e| e == "toml") {
        Some(path.to_owned())
    } else {
        None
    };

    let (wasm_path, declared) = match manifest_path {
        Some(manifest_path) => {
            let facts = check_manifest(&manifest_path, &mut report);
            let Some((file, _)) = &facts.component else {
                return report;
            };
            let dir = manifest_path.parent().unwrap_or(Path::new("."));
            (dir.join(file), Some(facts))
        }
        None => (path.to_owned(), None),
    };
    let bytes = match std::fs::read(&wasm_path) {
        Ok(bytes) => bytes,
        Err(e) => {
            report
                .problems
                .push(format!("cannot read {}: {e}", wasm_path.display()));
            return report;
        }
    };
    let kind = match &declared {
        Some(ManifestFacts {
            kind,
            component: Some((file, sha256)),
        }) => {
            check_sha256(file, &bytes, sha256, &mut report);
            *kind
        }
        _ => {
            report.passed.push(format!(
                "{}: sha256 {}",
                display(&wasm_path),
                hex::encode(Sha256::digest(&bytes))
            ));
            None
        }
    };
    check_worlds(&wasm_path, &bytes, kind, &mut report);
    report
}

/// What the rest of the check needs from the manifest.
#[derive(Default)]
struct ManifestFacts {
    kind: Option<Kind>,
    /// `[component]`'s file and sha256.
    component: Option<(String, String)>,
}

fn check_manifest(path: &Path, report: &mut CheckReport) -> ManifestFacts {
    let mut facts = ManifestFacts::default();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            report.problems.push(format!(
                "cannot read {}: {e} (PATH is a build's dist/ folder, its plugin.toml or a .wasm)",
                path.display()
            ));
            return facts;
        }
    };
    let table: toml::Table = match toml::from_str(&text) {
        Ok(table) => table,
        Err(e) => {
            let why = e.message().to_owned();
            report
                .problems
                .push(format!("{}: not valid TOML: {why}", path.display()));
            return facts;
        }
    };
    let before = report.problems.len();
    let mut problem = |field: &str, what: &str| {
        report
            .problems
            .push(format!("{}: `{field}` {what}", path.display()))
    };
    let string = |key: &str| table.get(key).and_then(toml::Value::as_str);

    match string("id") {
        Some(id) if valid_id(id) => {}
        Some(_) => problem(
            "id",
            "must be 2-63 characters of a-z, 0-9 and -, starting with a letter",
        ),
        None => problem("id", "is missing (a string)"),
    }
    if string("name").is_none_or(|n| n.trim().is_empty()) {
        problem("name", "is missing (a non-empty string)");
    }
    if !string("version").is_some_and(valid_semver) {
        problem("version", "must be a semantic version such as 1.0.0");
    }
    match string("kind") {
        Some(kind) => match Kind::ALL.into_iter().find(|k| k.as_str() == kind) {
            Some(kind) => facts.kind = Some(kind),
            None => problem("kind", "must be one of channel, bot, classifier, router"),
        },
        None => problem("kind", "is missing (channel, bot, classifier or router)"),
    }
    match string("wit") {
        Some(wit) if valid_semver(wit) && wit.split('.').next() == Some("1") => {}
        Some(wit) if valid_semver(wit) => problem(
            "wit",
            &format!("{wit} is not supported: this host speaks contract 1.x"),
        ),
        _ => problem(
            "wit",
            "must be the contract version built against, such as 1.0.0",
        ),
    }
    match table.get("component").and_then(toml::Value::as_table) {
        None => problem(
            "component",
            "is missing: check the build's dist/plugin.toml, not the source manifest",
        ),
        Some(component) => {
            let file = component.get("file").and_then(toml::Value::as_str);
            let sha = component.get("sha256").and_then(toml::Value::as_str);
            let plain_file = file.filter(|f| {
                !f.is_empty() && Path::new(f).file_name() == Some(std::ffi::OsStr::new(f))
            });
            if plain_file.is_none() {
                problem(
                    "component.file",
                    "must name the component file next to plugin.toml",
                );
            }
            let hex_sha = sha.filter(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()));
            if hex_sha.is_none() {
                problem("component.sha256", "must be the component's sha256 in hex");
            }
            if let (Some(file), Some(sha)) = (plain_file, hex_sha) {
                facts.component = Some((file.to_owned(), sha.to_owned()));
            }
        }
    }
    if report.problems.len() == before {
        // The fields above are sound; the runtime's own parser checks the rest (capabilities,
        // settings) exactly as loading will.
        match Manifest::parse(&text) {
            Ok(manifest) => report.passed.push(format!(
                "manifest: {} {}, kind {}, contract {} (supported)",
                manifest.id, manifest.version, manifest.kind, manifest.wit
            )),
            Err(e) => report.problems.push(format!("{}: {e}", path.display())),
        }
    }
    facts
}

fn check_sha256(file: &str, bytes: &[u8], expected: &str, report: &mut CheckReport) {
    let actual = hex::encode(Sha256::digest(bytes));
    if actual.eq_ignore_ascii_case(expected) {
        report.passed.push(format!("sha256 of {file} matches"));
    } else {
        report.problems.push(format!(
            "sha256 of {file} is {actual}, plugin.toml says {expected}: the component was \
             changed after the build"
        ));
    }
}

/// Links the component against every world; the declared kind must be among those it satisfies.
fn check_worlds(path: &Path, bytes: &[u8], declared: Option<Kind>, report: &mut CheckReport) {
    let linked = new_engine(None).and_then(|engine| {
        let linkers = Linkers::new(&engine)?;
        Ok((engine, linkers))
    });
    let (engine, linkers) = match linked {
        Ok(linked) => linked,
        Err(e) => {
            report
                .problems
                .push(format!("cannot start the engine: {e}"));
            return;
        }
    };
    let component = match Component::from_binary(&engine, bytes) {
        Ok(component) => component,
        Err(e) => {
            report.problems.push(format!(
                "{} is not a WebAssembly component: {}",
                display(path),
                first_line(&e)
            ));
            return;
        }
    };
    let mut satisfied = Vec::new();
    let mut declared_failure = None;
    for kind in Kind::ALL {
        match linkers.pre_instantiate(kind, &component) {
            Ok(_) => satisfied.push(kind.as_str()),
            Err(e) if Some(kind) == declared => declared_failure = Some(first_line(&e)),
            Err(_) => {}
        }
    }
    let list = if satisfied.is_empty() {
        "none".to_owned()
    } else {
        satisfied.join(", ")
    };
    match (declared, declared_failure) {
        (Some(kind), Some(why)) => report.problems.push(format!(
            "plugin.toml says kind = \"{kind}\", but the component does not implement the {kind} \
             world ({why}); it implements: {list}"
        )),
        (None, _) if satisfied.is_empty() => report.problems.push(format!(
            "{} implements none of the worlds of contract 1.x (channel, bot, classifier, router)",
            display(path)
        )),
        _ => report.passed.push(format!("worlds implemented: {list}")),
    }
}

fn display(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// wasmtime's errors carry a chain of causes; the first line names the problem.
fn first_line(err: &wasmtime::Error) -> String {
    let text = format!("{err:#}");
    text.lines().next().unwrap_or_default().to_owned()
}

fn valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (2..=63).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// `MAJOR.MINOR.PATCH` with an optional `-pre` or `+build` suffix.
fn valid_semver(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p == &"0" || !p.starts_with('0'))
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn plugins_check_ids_and_versions() {
        assert!(super::valid_id("fake-channel"));
        assert!(!super::valid_id("Fake"));
        assert!(!super::valid_id("x"));
        assert!(super::valid_semver("1.0.0"));
        assert!(super::valid_semver("1.2.3-rc.1"));
        assert!(!super::valid_semver("1.0"));
        assert!(!super::valid_semver("01.0.0"));
    }

    #[test]
    fn plugins_check_names_every_wrong_field() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plugin.toml");
        std::fs::write(
            &path,
            "id = \"X\"\nversion = \"one\"\nkind = \"bott\"\nwit = \"2.0.0\"\n",
        )
        .unwrap();
        let report = super::check(&path);
        let text = report.problems.join("\n");
        for field in [
            "`id`",
            "`name`",
            "`version`",
            "`kind`",
            "`wit`",
            "`component`",
        ] {
            assert!(text.contains(field), "{field} not named in:\n{text}");
        }
        assert_eq!(report.problems.len(), 6, "{text}");
    }
}
