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
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "json"])
            .env("ISPCHAT_DATA_DIR", data_dir)
            .env_remove("DATABASE_URL")
            .env_remove("ISPCHAT_ADMIN_PASSWORD")
            .env_remove("ISPCHAT_JWT_SECRET")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
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
        self.child.wait().unwrap_or_else(|e| panic!("{e}"))
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
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_prints_a_random_admin_password_that_works_and_survives_restarts() {
    let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
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
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(me["data"]["me"]["username"], "admin", "{me}");
    assert!(second.terminate().success());
}

#[test]
fn an_invalid_setting_stops_start_up_with_one_line_naming_it() {
    let output = Command::new(BIN)
        .args(["serve"])
        .env("DATABASE_URL", "mysql://localhost/ispchat")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
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
    let output = Command::new(BIN)
        .arg("schema")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        ispchat_host::graphql::sdl()
    );
}
