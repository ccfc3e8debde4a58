//! The four scenarios, each against the host and the bare relay on the same machine in the same
//! run.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use futures_util::SinkExt;
use serde::Serialize;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::Message;

use crate::connections::{Holders, Protocol, epoch_nanos};
use crate::host::{Host, HostOptions, plugins_folder};
use crate::load::{Driver, Endpoint, StepResult, Topic};
use crate::seed::{Plan, seed};
use crate::stats::{self, Summary};
use crate::{process, ws};

/// How big and how long.
#[derive(Debug, Clone, Serialize)]
pub struct Sizes {
    pub agents: usize,
    pub customers: usize,
    pub senders: usize,
    pub step_seconds: f64,
    pub host_start_rate: f64,
    pub relay_start_rate: f64,
    pub max_rate: f64,
    pub plugin_start_rate: f64,
    pub plugin_max_rate: f64,
    pub connections: usize,
    pub connections_per_holder: usize,
}

impl Sizes {
    pub fn full() -> Sizes {
        Sizes {
            agents: 50,
            customers: 1000,
            senders: 4,
            step_seconds: 5.0,
            host_start_rate: 250.0,
            // The host's start, so both ramps double through the same rates and latency and CPU
            // can be compared at one the host passed (from 1,000 there was none in a run where
            // the host sustained 500).
            relay_start_rate: 250.0,
            max_rate: 256_000.0,
            plugin_start_rate: 5.0,
            plugin_max_rate: 640.0,
            connections: 19_000,
            connections_per_holder: 4750,
        }
    }
    /// Seconds, not minutes: keeps the harness working in CI; its figures mean nothing.
    pub fn smoke() -> Sizes {
        Sizes {
            agents: 3,
            customers: 12,
            senders: 2,
            step_seconds: 1.0,
            host_start_rate: 20.0,
            relay_start_rate: 20.0,
            max_rate: 40.0,
            plugin_start_rate: 5.0,
            plugin_max_rate: 5.0,
            connections: 60,
            connections_per_holder: 30,
        }
    }
}

pub struct Suite {
    pub server: PathBuf,
    pub repo_plugins: PathBuf,
    pub postgres_admin_url: String,
    pub sizes: Sizes,
    pub work: tempfile::TempDir,
}

/// A rate doubled until a step fails (halved while none passed), then the midpoint between the
/// last pass and the failure.
#[derive(Debug, Clone, Serialize)]
pub struct Ramp {
    pub steps: Vec<StepResult>,
    /// The highest rate that passed: every message acknowledged and delivered, p99 ≤ 10 ms.
    pub sustained_rate: Option<f64>,
}

impl Ramp {
    pub fn at(&self, rate: f64) -> Option<&StepResult> {
        self.steps
            .iter()
            .find(|s| s.target_rate == rate && s.passed)
    }
}

pub async fn ramp(
    driver: &mut Driver,
    pid: u32,
    sizes: &Sizes,
    start: f64,
    max: f64,
    replies: bool,
) -> Result<Ramp> {
    // Plugin steps run at tens of messages a second: longer, for enough replies to rank.
    let duration = Duration::from_secs_f64(sizes.step_seconds * if replies { 3.0 } else { 1.0 });
    let drain = Duration::from_secs(if replies { 20 } else { 5 });
    let mut steps = Vec::new();
    let mut best: Option<f64> = None;
    let mut failed: Option<f64> = None;
    let mut rate = start;
    // Below the start rate only while nothing has passed yet, at most three halvings.
    let floor = start / 8.0;
    while rate <= max && rate >= floor {
        let result = driver.step(pid, rate, duration, drain, replies).await?;
        eprintln!("  {}", describe(&result));
        let passed = result.passed;
        steps.push(result);
        // An overloaded step leaves a backlog: the next one starts on an idle server.
        settle(pid).await?;
        if passed {
            best = Some(rate);
            if failed.is_some() {
                break;
            }
            rate *= 2.0;
        } else if best.is_none() {
            failed = Some(rate);
            rate /= 2.0;
        } else {
            failed = Some(rate);
            break;
        }
    }
    if let (Some(low), Some(high)) = (best, failed)
        && high > low
    {
        let mid = ((low + high) / 2.0).round();
        let result = driver.step(pid, mid, duration, drain, replies).await?;
        eprintln!("  {}", describe(&result));
        if result.passed {
            best = Some(mid);
        }
        steps.push(result);
    }
    Ok(Ramp {
        steps,
        sustained_rate: best,
    })
}

fn describe(s: &StepResult) -> String {
    format!(
        "{:>8.0}/s → {:>8.0}/s acked, p50 {:.2} ms p99 {:.2} ms, {:.1} µs CPU/msg, missing {}, errors {} {}",
        s.target_rate,
        s.achieved_rate,
        s.latency.p50_ms,
        s.latency.p99_ms,
        s.server_cpu_us_per_message,
        s.missing,
        s.errors,
        if s.passed { "pass" } else { "FAIL" }
    )
}

/// The host through one scenario's ramp: started, seeded, followed, driven, stopped.
pub struct HostRun {
    pub ramp: Ramp,
    pub ready_ms: f64,
    pub restart_ready_ms: Option<f64>,
    pub idle_rss_mib: f64,
    pub seeded_rss_mib: f64,
    pub topics: Vec<(String, usize)>,
    /// Per plugin and export, over the whole run (empty without plugins).
    pub plugin_calls: Vec<crate::plugin_calls::PluginCalls>,
}

pub async fn host_ramp(
    ctx: &Suite,
    name: &str,
    database_url: Option<String>,
    plugins: &[&str],
) -> Result<HostRun> {
    let sizes = &ctx.sizes;
    let dir = ctx.work.path().join(name);
    std::fs::create_dir_all(&dir)?;
    let options = HostOptions {
        binary: ctx.server.clone(),
        data_dir: dir.join("data"),
        database_url,
        plugins_dir: plugins_folder(&dir, &ctx.repo_plugins, plugins)?,
    };
    std::fs::create_dir_all(&options.data_dir)?;
    let mut host = Host::start(&options).await?;
    let ready_ms = host.ready_after.as_secs_f64() * 1000.0;
    let mut restart_ready_ms = None;
    if !plugins.is_empty() {
        // The first start compiled the plugins; a restart loads them from the cache.
        host.stop().await?;
        host = Host::start(&options).await?;
        restart_ready_ms = Some(host.ready_after.as_secs_f64() * 1000.0);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_rss_mib = mib(host.sample()?.rss_bytes);
    let with_bot = !plugins.is_empty();
    let seeded = seed(
        &host,
        &Plan {
            agents: sizes.agents,
            customers: sizes.customers,
            with_bot,
        },
    )
    .await?;
    let topics: Vec<Topic> = seeded
        .conversations
        .iter()
        .map(|c| Topic {
            id: c.id.clone(),
            customer: c.customer.clone(),
            follower: c.agent,
        })
        .collect();
    let layout = topics.iter().map(|t| (t.id.clone(), t.follower)).collect();
    let endpoint = Endpoint::Host {
        ws_url: host.ws_url.clone(),
        api_key: seeded.api_key.clone(),
        inbox: seeded.inbox.clone(),
        agent_tokens: seeded.agents.iter().map(|a| a.token.clone()).collect(),
    };
    let mut driver = Driver::connect(endpoint, topics, sizes.senders).await?;
    // Seeding leaves work behind (with a bot, a pipeline job per opened conversation).
    settle(host.pid).await?;
    let seeded_rss_mib = mib(host.sample()?.rss_bytes);
    let (start, max) = if with_bot {
        (sizes.plugin_start_rate, sizes.plugin_max_rate)
    } else {
        (sizes.host_start_rate, sizes.max_rate)
    };
    let ramp = ramp(&mut driver, host.pid, sizes, start, max, with_bot).await?;
    driver.close();
    let plugin_calls = if with_bot {
        host.plugin_calls().await?
    } else {
        Vec::new()
    };
    host.stop().await?;
    Ok(HostRun {
        ramp,
        ready_ms,
        restart_ready_ms,
        idle_rss_mib,
        seeded_rss_mib,
        topics: layout,
        plugin_calls,
    })
}

/// The bare relay over the same topics and followers.
pub async fn relay_ramp(ctx: &Suite, topics: &[(String, usize)]) -> Result<Ramp> {
    let relay = RelayProcess::start().await?;
    let followers = topics.iter().map(|t| t.1).max().map_or(1, |m| m + 1);
    let topics = topics
        .iter()
        .enumerate()
        .map(|(i, (id, follower))| Topic {
            id: id.clone(),
            customer: format!("cliente-{i}"),
            follower: *follower,
        })
        .collect();
    let endpoint = Endpoint::Relay {
        ws_url: relay.url.clone(),
        followers,
    };
    let mut driver = Driver::connect(endpoint, topics, ctx.sizes.senders).await?;
    let sizes = &ctx.sizes;
    let ramp = ramp(
        &mut driver,
        relay.pid,
        sizes,
        sizes.relay_start_rate,
        sizes.max_rate,
        false,
    )
    .await?;
    driver.close();
    relay.stop().await;
    Ok(ramp)
}

pub struct RelayProcess {
    child: Child,
    pub pid: u32,
    pub url: String,
}

impl RelayProcess {
    pub async fn start() -> Result<RelayProcess> {
        let mut child = Command::new(std::env::current_exe()?)
            .args(["relay", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let pid = child.id().context("the relay exited at once")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let line = BufReader::new(stdout)
            .lines()
            .next_line()
            .await?
            .context("the relay exited before listening")?;
        let addr = line
            .strip_prefix("listening on ")
            .context("unexpected relay output")?;
        Ok(RelayProcess {
            child,
            pid,
            url: format!("ws://{addr}/"),
        })
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// Idle subscriptions and one event fanned out to all of them.
#[derive(Debug, Clone, Serialize)]
pub struct FanOut {
    pub requested: usize,
    pub connected: usize,
    pub failed: usize,
    pub first_error: Option<String>,
    pub rss_before_mib: f64,
    pub rss_after_mib: f64,
    pub kib_per_connection: f64,
    pub received: usize,
    /// From the publish to each connection's receipt.
    pub delivery: Summary,
    pub server_cpu_seconds_for_event: f64,
}

pub async fn host_fan_out(ctx: &Suite) -> Result<FanOut> {
    let dir = ctx.work.path().join("connections");
    std::fs::create_dir_all(dir.join("data"))?;
    let options = HostOptions {
        binary: ctx.server.clone(),
        data_dir: dir.join("data"),
        database_url: None,
        plugins_dir: plugins_folder(&dir, &ctx.repo_plugins, &[])?,
    };
    let host = Host::start(&options).await?;
    let seeded = seed(
        &host,
        &Plan {
            agents: 1,
            customers: 1,
            with_bot: false,
        },
    )
    .await?;
    let conversation = seeded.conversations[0].id.clone();
    let customer = seeded.conversations[0].customer.clone();
    let (inbox, key) = (seeded.inbox.clone(), seeded.api_key.clone());
    let result = fan_out(
        ctx,
        Protocol::Graphql,
        &host.ws_url,
        &conversation,
        &seeded.agents[0].token,
        host.pid,
        || async {
            host.gql(
                Some(&key),
                "mutation($i: ID!, $c: String!) { postIncomingMessage(inboxId: $i,
                contact: {identifier: $c}, content: \"fanout#1\") { id } }",
                json!({ "i": inbox, "c": customer }),
            )
            .await
            .map(|_| ())
        },
    )
    .await;
    host.stop().await?;
    result
}

pub async fn relay_fan_out(ctx: &Suite) -> Result<FanOut> {
    let relay = RelayProcess::start().await?;
    let url = relay.url.clone();
    let result = fan_out(
        ctx,
        Protocol::Relay,
        &url,
        "fan-out",
        "",
        relay.pid,
        || async {
            let mut socket = ws::connect(&url, None, None).await?;
            socket
                .send(Message::text(
                    r#"P fan-out {"kind":"MESSAGE_CREATED","message":{"content":"fanout#1"}}"#,
                ))
                .await?;
            anyhow::Ok(())
        },
    )
    .await;
    relay.stop().await;
    result
}

async fn fan_out<F, Fut>(
    ctx: &Suite,
    protocol: Protocol,
    url: &str,
    topic: &str,
    token: &str,
    pid: u32,
    publish: F,
) -> Result<FanOut>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let sizes = &ctx.sizes;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = process::sample(pid)?;
    let mut holders = Holders::open(
        url,
        protocol,
        topic,
        token,
        sizes.connections,
        sizes.connections_per_holder,
    )
    .await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = process::sample(pid)?;
    if holders.connected == 0 {
        let error = holders.first_error.clone().unwrap_or_default();
        holders.close().await;
        bail!("no connection could be opened: {error}");
    }
    let published_at = epoch_nanos();
    publish().await?;
    let receipts = holders.receipts(Duration::from_secs(30)).await?;
    let after_event = process::sample(pid)?;
    let (connected, failed, first_error) = (
        holders.connected,
        holders.failed,
        holders.first_error.clone(),
    );
    holders.close().await;
    let delivery = stats::summarize(
        receipts
            .iter()
            .map(|&at| stats::micros_between(published_at, at))
            .collect(),
    );
    Ok(FanOut {
        requested: sizes.connections,
        connected,
        failed,
        first_error,
        rss_before_mib: mib(before.rss_bytes),
        rss_after_mib: mib(after.rss_bytes),
        kib_per_connection: (after.rss_bytes.saturating_sub(before.rss_bytes)) as f64
            / 1024.0
            / connected as f64,
        received: receipts.len(),
        delivery,
        server_cpu_seconds_for_event: after_event.cpu_secs - after.cpu_secs,
    })
}

/// A database of its own on the PostgreSQL server, dropped afterwards.
pub struct Database {
    admin_url: String,
    name: String,
    pub url: String,
}

impl Database {
    pub fn create(admin_url: &str) -> Result<Database> {
        let name = format!("ispchat_bench_{}", std::process::id());
        process::run(
            "psql",
            &[admin_url, "-qc", &format!("create database {name}")],
        )
        .context("creating the PostgreSQL database (is psql installed and the server up?)")?;
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url, |(base, _)| base);
        Ok(Database {
            admin_url: admin_url.into(),
            url: format!("{base}/{name}"),
            name,
        })
    }

    pub fn drop_now(self) -> Result<()> {
        process::run(
            "psql",
            &[
                &self.admin_url,
                "-qc",
                &format!("drop database if exists {} with (force)", self.name),
            ],
        )
    }
}

/// Waits until the process uses less than 5% of a core over half a second (at most 5 minutes).
pub async fn settle(pid: u32) -> Result<()> {
    let started = std::time::Instant::now();
    let window = Duration::from_millis(500);
    loop {
        let before = process::sample(pid)?;
        tokio::time::sleep(window).await;
        let used = process::sample(pid)?.cpu_secs - before.cpu_secs;
        if used < 0.05 * window.as_secs_f64() {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(300) {
            bail!("the server was still busy 5 minutes after seeding");
        }
    }
}

pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1024.0 / 1024.0
}
