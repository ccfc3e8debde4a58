//! The `ispchat` binary as a newcomer uses it: first start, restart, signals, bad settings.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_ispchat");

/// A running `ispchat serve` whose JSON log lines arrive on a channel.
struct Server {
    child: Child,
    lines: mpsc::Receiver<Value>,
}

impl Server {
    fn start(data_dir: &std::path::Path) -> Server {
        let mut command = Command::new(BIN);
        command
            .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "json"])
            .env("ISPCHAT_DATA_DIR", data_dir)
            .env_remove("DATABASE_URL")
            .env_remove("ISPCHAT_ADMIN_PASSWORD")
            .env_remove("ISPCHAT_JWT_SECRET")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        Server::spawn(command)
    }

    fn spawn(mut command: Command) -> Server {
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {BIN}: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(value) = serde_json::from_str::<Value>(&line) {
                    let _ = tx.send(value);
                }
            }
        });
        Server { child, lines }
    }

    /// Log lines until one whose message contains `needle`.
    fn wait_for(&self, needle: &str) -> Vec<Value> {
        let mut seen = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no log line containing {needle:?}; saw {seen:#?}"));
            let found = line["message"].as_str().is_some_and(|m| m.contains(needle));
            seen.push(line);
            if found {
                return seen;
            }
        }
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "could not send SIGTERM");
        self.child.wait().unwrap()
    }
}

fn address(lines: &[Value]) -> String {
    let line = lines.last().cloned().unwrap_or_default();
    line["local_addr"]
        .as_str()
        .unwrap_or_else(|| panic!("no local_addr in {line}"))
        .to_owned()
}

async fn login(addr: &str, password: &str) -> Value {
    reqwest::Client::new()
        .post(format!("http://{addr}/graphql"))
        .json(&json!({
            "query": "mutation($p: String!) { login(login: \"admin\", password: $p) { accessToken user { role } } }",
            "variables": { "p": password },
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_prints_a_random_admin_password_that_works_and_survives_restarts() {
    let data_dir = tempfile::tempdir().unwrap();
    let first = Server::start(data_dir.path());
    let lines = first.wait_for("ISP Chat is listening");
    let banner = lines
        .iter()
        .filter_map(|l| l["message"].as_str())
        .find(|m| m.contains("first admin created"))
        .unwrap_or_else(|| panic!("no first-admin banner in {lines:#?}"))
        .to_owned();
    let password = banner
        .split("password `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| panic!("no password in {banner}"))
        .to_owned();
    assert!(password.len() >= 16, "password too short: {password}");
    let addr = address(&lines);
    let session = login(&addr, &password).await;
    assert_eq!(
        session["data"]["login"]["user"]["role"], "ADMIN",
        "{session}"
    );
    let token = session["data"]["login"]["accessToken"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        first.terminate().success(),
        "SIGTERM should stop the server cleanly"
    );

    // Second start: same database, same signing secret, no new admin, nothing printed again.
    let second = Server::start(data_dir.path());
    let lines = second.wait_for("ISP Chat is listening");
    assert!(
        !lines.iter().any(|l| l["message"]
            .as_str()
            .is_some_and(|m| m.contains("first admin"))),
        "{lines:#?}"
    );
    let addr = address(&lines);
    let me: Value = reqwest::Client::new()
        .post(format!("http://{addr}/graphql"))
        .bearer_auth(&token)
        .json(&json!({ "query": "{ me { username } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["data"]["me"]["username"], "admin", "{me}");
    assert!(second.terminate().success());
}

/// The README's `make run` starts `ispchat serve` with no settings at all: the data dir is the
/// relative `./data`. Every other test passes an absolute temporary dir, which is how a relative
/// default that the plugin cache refused went unnoticed. Only the port differs from the README
/// (tests run side by side); the working directory is new and empty, as in a fresh clone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_start_with_default_settings_becomes_ready_in_a_fresh_directory() {
    let cwd = tempfile::tempdir().unwrap();
    let mut command = Command::new(BIN);
    command
        .args(["serve", "--log-format", "json"])
        .current_dir(cwd.path())
        .env("ISPCHAT_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (name, _) in std::env::vars() {
        if name.starts_with("ISPCHAT_") && name != "ISPCHAT_LISTEN" || name == "DATABASE_URL" {
            command.env_remove(name);
        }
    }
    let server = Server::spawn(command);
    let lines = server.wait_for("ISP Chat is listening");
    let addr = address(&lines);
    let ready = reqwest::get(format!("http://{addr}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    assert!(cwd.path().join("data/ispchat.db").is_file());
    assert!(cwd.path().join("data/plugin-cache").is_dir());
    assert!(server.terminate().success());
}

#[test]
fn an_invalid_setting_stops_start_up_with_one_line_naming_it() {
    let output = Command::new(BIN)
        .args(["serve"])
        .env("DATABASE_URL", "mysql://localhost/ispchat")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("ispchat: invalid setting DATABASE_URL:"),
        "{stderr}"
    );
}

#[test]
fn schema_subcommand_prints_the_sdl() {
    let output = Command::new(BIN).arg("schema").output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        ispchat_host::graphql::sdl()
    );
}

/// `ispchat plugin check PATH`: exit code, stdout, stderr.
fn plugin_check(path: &std::path::Path) -> (Option<i32>, String, String) {
    let output = Command::new(BIN)
        .args(["plugin", "check"])
        .arg(path)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn plugin_check_passes_a_built_plugin_its_manifest_and_its_bare_component() {
    let dist = crate::plugins::fixture::dist("testing/fake-channel").dist_dir;
    let (code, stdout, stderr) = plugin_check(&dist);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("sha256 of fake-channel.wasm matches"),
        "{stdout}"
    );
    assert!(stdout.contains("worlds implemented: channel\n"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");

    let (code, stdout, _) = plugin_check(&dist.join("plugin.toml"));
    assert_eq!(code, Some(0), "{stdout}");
    let (code, stdout, stderr) = plugin_check(&dist.join("fake-channel.wasm"));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("worlds implemented: channel\n"), "{stdout}");

    let echo = crate::plugins::fixture::dist("echo-bot").dist_dir;
    let (code, stdout, _) = plugin_check(&echo);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("worlds implemented: bot\n"), "{stdout}");
}

#[test]
fn plugin_check_refuses_a_channel_component_under_a_bot_manifest() {
    let copy = crate::plugins::fixture::copy_dist("testing/fake-channel", |toml| {
        toml.replace("kind = \"channel\"", "kind = \"bot\"")
    });
    let (code, stdout, stderr) = plugin_check(copy.path());
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: plugin.toml says kind = \"bot\", but the component does not implement the bot world"),
        "{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with("it implements: channel"),
        "{stderr}"
    );
}

#[test]
fn plugin_check_refuses_a_tampered_sha256() {
    let copy = crate::plugins::fixture::copy_dist("echo-bot", |toml| {
        toml.lines()
            .map(|line| {
                if line.starts_with("sha256") {
                    format!("sha256 = \"{}\"", "ab".repeat(32))
                } else {
                    line.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    let (code, stdout, stderr) = plugin_check(copy.path());
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: sha256 of echo-bot.wasm is ")
            && stderr.contains(&format!("plugin.toml says {}", "ab".repeat(32))),
        "{stderr}"
    );
}

#[test]
fn plugin_check_refuses_a_file_that_is_not_a_component() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plugin.wasm");
    std::fs::write(&path, "#!/bin/sh\necho not a component\n").unwrap();
    let (code, stdout, stderr) = plugin_check(&path);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: plugin.wasm is not a WebAssembly component"),
        "{stderr}"
    );

    // A manifest with wrong fields names each of them.
    let manifest = dir.path().join("plugin.toml");
    std::fs::write(
        &manifest,
        "id = \"Echo\"\nname = \"x\"\nversion = \"1\"\nkind = \"bot\"\nwit = \"1.0.0\"\n",
    )
    .unwrap();
    let (code, _, stderr) = plugin_check(&manifest);
    assert_eq!(code, Some(1));
    for field in ["`id`", "`version`", "`component`"] {
        assert!(stderr.contains(field), "{field} not named: {stderr}");
    }
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
}

#[test]
fn plugin_check_refuses_a_catch_all_host() {
    let copy = crate::plugins::fixture::copy_dist("testing/fake-channel", |toml| {
        toml.replacen("hosts = [\"media.fake.example\"]", "hosts = [\"*\"]", 1)
    });
    let (code, stdout, stderr) = plugin_check(copy.path());
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("capabilities.http.hosts: \"*\""),
        "{stderr}"
    );
}
