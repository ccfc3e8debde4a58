//! The server under test: `ispchat serve` started as its own process (so its CPU and memory can
//! be read apart from the load generator's), set up and driven only through GraphQL.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use tokio::process::{Child, Command};

use crate::process::{self, ProcSample};

pub const ADMIN_PASSWORD: &str = "bench-admin-password";
const JWT_SECRET: &str = "bench-jwt-secret-0123456789-0123456789-0123456789";

pub struct HostOptions {
    pub binary: PathBuf,
    pub data_dir: PathBuf,
    /// `postgres://…`; the embedded SQLite under `data_dir` when `None`.
    pub database_url: Option<String>,
    /// The bundled plugins' folder; an empty one for no plugins.
    pub plugins_dir: PathBuf,
}

pub struct Host {
    child: Child,
    pub pid: u32,
    pub http_url: String,
    pub ws_url: String,
    /// From spawning the process to the first successful `/readyz`.
    pub ready_after: Duration,
    http: reqwest::Client,
}

impl Host {
    pub async fn start(options: &HostOptions) -> Result<Host> {
        let port = free_port()?;
        let log = std::fs::File::create(options.data_dir.join("server.log"))?;
        let mut command = Command::new(&options.binary);
        command
            .arg("serve")
            .env("ISPCHAT_LISTEN", format!("127.0.0.1:{port}"))
            .env("ISPCHAT_DATA_DIR", &options.data_dir)
            .env("ISPCHAT_PLUGINS_DIR", &options.plugins_dir)
            .env("ISPCHAT_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("ISPCHAT_JWT_SECRET", JWT_SECRET)
            .env("ISPCHAT_ACCESS_TOKEN_TTL", "2h")
            // The generator signs every agent in from 127.0.0.1.
            .env("ISPCHAT_LOGIN_ATTEMPTS_PER_IP", "100000")
            // A few API keys and senders carry the whole load, and 19,000 connections come from
            // four loopback addresses: the per-caller and per-address bounds would measure
            // themselves, not the message path (docs/security.md says what they cost).
            .env("ISPCHAT_REQUESTS_PER_MINUTE", "100000000")
            .env("ISPCHAT_MAX_CONNECTIONS_PER_ADDRESS", "0")
            // Agents sign in once and then only listen.
            .env("ISPCHAT_PRESENCE_TIMEOUT", "1h")
            .env("ISPCHAT_LOG_FORMAT", "json")
            .env_remove("DATABASE_URL")
            .env_remove("REDIS_URL")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true);
        if let Some(url) = &options.database_url {
            command.env("DATABASE_URL", url);
        }
        let started = Instant::now();
        let mut child = command
            .spawn()
            .with_context(|| format!("starting {}", options.binary.display()))?;
        let pid = child.id().context("the server exited at once")?;
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(16)
            .build()?;
        let http_url = format!("http://127.0.0.1:{port}");
        loop {
            if let Ok(response) = http.get(format!("{http_url}/readyz")).send().await
                && response.status().is_success()
            {
                break;
            }
            if let Some(status) = child.try_wait()? {
                let log = std::fs::read_to_string(options.data_dir.join("server.log"))
                    .unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(10).collect();
                bail!(
                    "the server exited ({status}) before it was ready; it said:\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                );
            }
            if started.elapsed() > Duration::from_secs(180) {
                bail!("the server was not ready after 3 minutes");
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        Ok(Host {
            child,
            pid,
            ws_url: format!("ws://127.0.0.1:{port}/graphql"),
            http_url,
            ready_after: started.elapsed(),
            http,
        })
    }

    /// Stops the server the way an operator does (SIGTERM), so the next start finds its data
    /// and plugin cache as a restart would.
    pub async fn stop(mut self) -> Result<()> {
        process::run("kill", &["-TERM", &self.pid.to_string()])?;
        match tokio::time::timeout(Duration::from_secs(20), self.child.wait()).await {
            Ok(status) => {
                status?;
            }
            Err(_) => self.child.kill().await?,
        }
        Ok(())
    }

    pub fn sample(&self) -> Result<ProcSample> {
        process::sample(self.pid)
    }

    /// A GraphQL request over HTTP; any error in the answer is an error here.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Result<Value> {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.http_url))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let body: Value = request.send().await?.json().await?;
        if body.get("errors").is_some() {
            bail!("GraphQL error: {body}");
        }
        Ok(body)
    }

    /// What each plugin call cost, from the server's `/metrics`.
    pub async fn plugin_calls(&self) -> Result<Vec<crate::plugin_calls::PluginCalls>> {
        crate::plugin_calls::read(&self.http, &self.http_url).await
    }

    pub async fn login(&self, login: &str, password: &str) -> Result<String> {
        let body = self
            .gql(
                None,
                "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }",
                json!({ "l": login, "p": password }),
            )
            .await?;
        text(&body, "/data/login/accessToken")
    }
}

pub fn text(body: &Value, pointer: &str) -> Result<String> {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
        .with_context(|| format!("no {pointer} in {body}"))
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The `ispchat` binary next to this one (both are built into the same target folder).
pub fn default_binary() -> Result<PathBuf> {
    let me = std::env::current_exe()?;
    let dir = me.parent().context("no folder for this program")?;
    let binary = dir.join("ispchat");
    if !binary.exists() {
        bail!(
            "{} is missing: build it first (cargo build --release -p ispchat-host) or pass --server",
            binary.display()
        );
    }
    Ok(binary)
}

/// A plugins folder holding only `plugins` (links to their built folders), so a scenario loads
/// just what it measures.
pub fn plugins_folder(into: &Path, repo_plugins: &Path, plugins: &[&str]) -> Result<PathBuf> {
    let dir = into.join("plugins");
    std::fs::create_dir_all(&dir)?;
    for plugin in plugins {
        let source = repo_plugins
            .join(plugin)
            .canonicalize()
            .with_context(|| format!("{plugin} is not built: run plugins/build-all.sh first"))?;
        if !source.join("dist/plugin.toml").exists() {
            bail!("{plugin} is not built: run plugins/build-all.sh first");
        }
        std::os::unix::fs::symlink(&source, dir.join(plugin))?;
    }
    Ok(dir)
}
