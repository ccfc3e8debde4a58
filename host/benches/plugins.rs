//! What a plugin costs the host, measured on the first-party components through `PluginRuntime`:
//! loading with an empty artifact cache (compiling), loading again after a restart (from the
//! cache), a bare instantiation, and whole calls. Prints a Markdown table for docs/performance.md.
//!
//!     plugins/build-all.sh && cargo bench -p ispchat-host --bench plugins
//!
//! `ISPCHAT_BENCH_CALLS` sets the number of calls per plugin (default 2000).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use ispchat_host::clock::{SharedClock, SystemClock};
use ispchat_host::config::DatabaseConfig;
use ispchat_host::plugins::v1::bot::ispchat::types::{common, conversations, messages};
use ispchat_host::plugins::v1::router::ispchat::types::router;
use ispchat_host::plugins::{
    DbKvStore, OperatorConfig, Plugin, PluginRuntime, PluginSource, RuntimeLimits,
};
use ispchat_host::storage::Db;

mod support;
use support::{Summary, ms};

/// Loads with an empty cache (each compiles) and restarts on a warm one, per plugin.
const LOAD_RUNS: usize = 3;

fn main() -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(run())
}

struct Row {
    plugin: &'static str,
    cold: Duration,
    warm: Duration,
    instantiate: Summary,
    call: Summary,
}

async fn run() -> Result<()> {
    let calls: usize = std::env::var("ISPCHAT_BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let work = tempfile::tempdir()?;
    let db = Db::connect(
        &DatabaseConfig::Sqlite {
            path: work.path().join("bench.db"),
        },
        4,
    )
    .await?;
    db.migrate().await?;
    let clock: SharedClock = Arc::new(SystemClock);
    let new_runtime = |dir: &Path| {
        PluginRuntime::new(
            Arc::new(DbKvStore(db.clone())),
            clock.clone(),
            dir,
            RuntimeLimits::default(),
        )
        .context("starting the plugin runtime")
    };

    let mut rows = Vec::new();
    let warm_dir = work.path().join("warm");
    for name in ["echo-bot", "round-robin"] {
        let source = dist(name)?;
        // Cold: a fresh engine and an empty cache directory each time, so each load compiles.
        let mut cold = Vec::new();
        for run in 0..LOAD_RUNS {
            let runtime = new_runtime(&work.path().join(format!("cold-{name}-{run}")))?;
            let started = Instant::now();
            runtime.load(&source, OperatorConfig::default()).await?;
            cold.push(started.elapsed());
        }
        // Warm: fill one cache, then restart on it (a new engine) and load again.
        new_runtime(&warm_dir)?
            .load(&source, OperatorConfig::default())
            .await?;
        let mut warm = Vec::new();
        let mut loaded = None;
        for _ in 0..LOAD_RUNS {
            let runtime = new_runtime(&warm_dir)?;
            let started = Instant::now();
            let plugin = runtime.load(&source, OperatorConfig::default()).await?;
            warm.push(started.elapsed());
            let stats = runtime.cache_stats();
            if stats.hits != 1 || stats.misses != 0 {
                bail!("{name} was not loaded from the cache: {stats:?}");
            }
            loaded = Some((runtime, plugin));
        }
        let Some((runtime, loaded)) = loaded else {
            bail!("no warm load")
        };

        let mut instantiate = Vec::with_capacity(calls);
        for _ in 0..calls {
            let started = Instant::now();
            runtime.instantiate_only(&loaded).await?;
            instantiate.push(started.elapsed());
        }
        let call = measure_calls(&runtime, &loaded, calls).await?;
        rows.push(Row {
            plugin: name,
            cold: median(&mut cold),
            warm: median(&mut warm),
            instantiate: Summary::of(instantiate),
            call,
        });
    }

    // The restart as the server will do it: a new engine, then both plugins from the cache.
    let started = Instant::now();
    let runtime = new_runtime(&warm_dir)?;
    for plugin in ["echo-bot", "round-robin"] {
        runtime
            .load(&dist(plugin)?, OperatorConfig::default())
            .await?;
    }
    let restart = started.elapsed();

    println!(
        "| plugin | cold load (compile) | warm load (cache) | instantiate mean / p50 / p99 | call mean / p50 / p99 |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} |",
            row.plugin,
            ms(row.cold),
            ms(row.warm),
            row.instantiate,
            row.call
        );
    }
    println!();
    println!(
        "Loads: median of {LOAD_RUNS}. Calls and instantiations: {calls} each. \
         Second start-up (new engine + both plugins from the cache): {}.",
        ms(restart)
    );
    Ok(())
}

async fn measure_calls(runtime: &PluginRuntime, plugin: &Plugin, calls: usize) -> Result<Summary> {
    let mut times = Vec::with_capacity(calls);
    let turn = turn("olá, minha internet caiu");
    let request = routing_request();
    for _ in 0..calls {
        let started = Instant::now();
        if plugin.id() == "round-robin" {
            match runtime.route(plugin, &request).await? {
                Ok(_) => {}
                Err(e) => bail!("round-robin returned {e:?}"),
            }
        } else {
            match runtime.on_message(plugin, &turn).await? {
                Ok(_) => {}
                Err(e) => bail!("{} returned {e:?}", plugin.id()),
            }
        }
        times.push(started.elapsed());
    }
    Ok(Summary::of(times))
}

fn dist(plugin: &str) -> Result<PluginSource> {
    let dist_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../plugins")
        .join(plugin)
        .join("dist");
    if !dist_dir.join(format!("{plugin}.wasm")).is_file() {
        bail!(
            "{} is missing: run plugins/build-all.sh first",
            dist_dir.display()
        );
    }
    Ok(PluginSource { dist_dir })
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn conversation(status: conversations::Status) -> conversations::Conversation {
    conversations::Conversation {
        id: "c1".into(),
        protocol: "20260302000001".into(),
        inbox_id: "i1".into(),
        inbox_kind: "api".into(),
        status,
        priority: common::Priority::Normal,
        team_id: None,
        assignee_id: None,
        labels: vec![],
        contact: conversations::Contact {
            id: "k1".into(),
            name: "Maria".into(),
            phone: Some("+5511987654321".into()),
            email: None,
            custom_attributes: "{}".into(),
            ext: "{}".into(),
        },
        created_at: u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0),
        queued_at: None,
        ext: "{}".into(),
    }
}

fn turn(text: &str) -> ispchat_host::plugins::Turn {
    ispchat_host::plugins::Turn {
        conversation: conversation(conversations::Status::Bot),
        message: messages::Message {
            id: "m1".into(),
            conversation_id: "c1".into(),
            direction: messages::Direction::Incoming,
            kind: messages::MessageKind::Text,
            sender_kind: messages::SenderKind::Contact,
            sender_id: Some("k1".into()),
            contents: vec![messages::Content::Text(text.into())],
            delivery_state: messages::DeliveryState::Delivered,
            external_id: None,
            created_at: u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0),
            ext: "{}".into(),
        },
        history: vec![],
        ext: "{}".into(),
    }
}

fn routing_request() -> router::RoutingRequest {
    let candidate = |id: &str, idle_ms: u64| router::Candidate {
        agent_id: id.into(),
        name: id.to_uppercase(),
        teams: vec![],
        skills: vec![],
        languages: vec!["pt-BR".into()],
        active_conversations: 0,
        max_conversations: 3,
        presence: router::Presence::Online,
        idle_ms,
        ext: "{}".into(),
    };
    router::RoutingRequest {
        conversation: conversation(conversations::Status::Queued),
        candidates: vec![candidate("ana", 5_000), candidate("bia", 1_000)],
        queue: router::QueueInfo {
            team_id: None,
            waiting: 1,
            oldest_wait_ms: 0,
        },
        ext: "{}".into(),
    }
}
