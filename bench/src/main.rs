//! `ispchat-bench`: the load generator. `run` starts the server and the bare relay as processes
//! of their own and drives them through their public interfaces only; `relay` and `hold` are the
//! child processes it starts.

mod connections;
mod host;
mod load;
mod plugin_calls;
mod process;
mod raw_sqlite;
mod relay;
mod report;
mod scenarios;
mod seed;
mod stats;
mod ws;

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::report::{Compared, Connections, Report, ServerFacts};
use crate::scenarios::{Database, Sizes, Suite};

/// The plugin scenario's plugins: the default classifier (isp-intents, before 2026-12-08 the
/// keyword classifier), the echo bot and round-robin routing.
pub(crate) const PIPELINE_PLUGINS: [&str; 3] = ["isp-intents", "echo-bot", "round-robin"];

#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run scenarios and write their results as JSON and Markdown
    Run(RunArgs),
    /// The bare WebSocket relay (the baseline); prints `listening on <addr>`
    Relay {
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
    },
    /// Hold idle subscriptions for `run` (one process per source address)
    Hold(connections::HoldArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scenario {
    MessagePath,
    Connections,
    Plugins,
    Storage,
}

#[derive(clap::Args)]
struct RunArgs {
    /// Which scenarios (all by default)
    #[arg(long, value_enum, value_delimiter = ',')]
    scenarios: Vec<Scenario>,
    /// Seconds instead of minutes, and a check that every message arrived (no timing checks)
    #[arg(long)]
    smoke: bool,
    /// Where the JSON and Markdown results go
    #[arg(long, default_value = "bench/results")]
    out: PathBuf,
    /// The `ispchat` binary [default: next to this one]
    #[arg(long)]
    server: Option<PathBuf>,
    /// The built first-party plugins
    #[arg(long, default_value = "plugins")]
    plugins: PathBuf,
    /// A PostgreSQL database to connect to for creating (and dropping) the storage run's own
    #[arg(
        long,
        env = "ISPCHAT_BENCH_POSTGRES",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    postgres: String,
    /// Idle connections in the connections scenario (the server may hold at most its open-file
    /// limit)
    #[arg(long)]
    connections: Option<usize>,
}

#[tokio::main]
async fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Relay { listen } => {
            let listener = tokio::net::TcpListener::bind(&listen).await?;
            println!("listening on {}", listener.local_addr()?);
            relay::serve(listener).await
        }
        Command::Hold(args) => connections::hold(args).await,
        // Dropping the run kills the servers, relays and holders it started (they are spawned
        // with `kill_on_drop`); a signal would otherwise end this process and leave them running.
        Command::Run(args) => tokio::select! {
            result = run(args) => result,
            signal = interrupted() => {
                bail!("stopped by {signal}; the processes this run started are stopped too")
            }
        },
    }
}

/// The first of SIGINT, SIGTERM or SIGHUP.
async fn interrupted() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut hangup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => "SIGINT",
        _ = term.recv() => "SIGTERM",
        _ = hangup.recv() => "SIGHUP",
    }
}

async fn run(args: RunArgs) -> Result<()> {
    let all = [
        Scenario::MessagePath,
        Scenario::Connections,
        Scenario::Plugins,
        Scenario::Storage,
    ];
    let chosen = if args.scenarios.is_empty() {
        all.to_vec()
    } else {
        args.scenarios.clone()
    };
    let mut sizes = if args.smoke {
        Sizes::smoke()
    } else {
        Sizes::full()
    };
    if let Some(n) = args.connections {
        sizes.connections = n;
    }
    let ctx = Suite {
        server: match &args.server {
            Some(path) => path.clone(),
            None => host::default_binary()?,
        },
        repo_plugins: args.plugins.clone(),
        postgres_admin_url: args.postgres.clone(),
        sizes,
        work: tempfile::Builder::new()
            .prefix("ispchat-bench-")
            .tempdir()?,
    };
    let mut report = Report {
        date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        commit: process::commit(),
        machine: process::Machine::describe(),
        smoke: args.smoke,
        sizes: ctx.sizes.clone(),
        server: ServerFacts::default(),
        message_path: None,
        connections: None,
        plugins: None,
        plugin_calls: Vec::new(),
        storage_postgres: None,
        raw_sqlite: None,
    };
    if chosen.contains(&Scenario::MessagePath) || chosen.contains(&Scenario::Storage) {
        eprintln!("message path: host on SQLite");
        let run = scenarios::host_ramp(&ctx, "sqlite", None, &[]).await?;
        report.server.ready_ms_without_plugins = Some(run.ready_ms);
        report.server.idle_rss_mib = Some(run.idle_rss_mib);
        report.server.seeded_rss_mib = Some(run.seeded_rss_mib);
        eprintln!("message path: bare relay");
        let relay = scenarios::relay_ramp(&ctx, &run.topics).await?;
        report.message_path = Some(Compared::new(run.ramp, relay));
    }
    if chosen.contains(&Scenario::Storage) {
        eprintln!("storage: SQLite alone, through the same driver");
        let each = std::time::Duration::from_secs_f64(ctx.sizes.step_seconds);
        report.raw_sqlite = Some(raw_sqlite::measure(ctx.work.path(), each).await?);
        eprintln!("storage: host on PostgreSQL");
        let database = Database::create(&ctx.postgres_admin_url)?;
        let run = scenarios::host_ramp(&ctx, "postgres", Some(database.url.clone()), &[]).await;
        database.drop_now()?;
        report.storage_postgres = Some(run?.ramp);
    }
    if chosen.contains(&Scenario::Plugins) {
        eprintln!("plugin pipeline: {}", PIPELINE_PLUGINS.join(", "));
        let run = scenarios::host_ramp(&ctx, "plugins", None, &PIPELINE_PLUGINS).await?;
        report.server.first_start_with_plugins_ms = Some(run.ready_ms);
        report.server.restart_with_cached_plugins_ms = run.restart_ready_ms;
        report.plugins = Some(run.ramp);
        report.plugin_calls = run.plugin_calls;
    }
    if chosen.contains(&Scenario::Connections) {
        eprintln!(
            "connections: {} idle subscriptions to the host",
            ctx.sizes.connections
        );
        let host = scenarios::host_fan_out(&ctx).await?;
        eprintln!(
            "connections: {} idle subscriptions to the relay",
            ctx.sizes.connections
        );
        let relay = scenarios::relay_fan_out(&ctx).await?;
        let memory_ratio = (relay.kib_per_connection > 0.0)
            .then(|| host.kib_per_connection / relay.kib_per_connection);
        report.connections = Some(Connections {
            host,
            relay,
            memory_ratio,
        });
    }
    let markdown = report.markdown();
    std::fs::create_dir_all(&args.out)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%MZ").to_string();
    let base = args.out.join(format!("{stamp}-{}", report.commit));
    std::fs::write(
        base.with_extension("json"),
        serde_json::to_string_pretty(&report)?,
    )?;
    std::fs::write(base.with_extension("md"), &markdown)?;
    println!("{markdown}");
    eprintln!("results: {}.{{json,md}}", base.display());
    if args.smoke {
        check_smoke(&report)?;
    }
    Ok(())
}

/// The smoke run checks that the harness still works (every message answered and delivered,
/// every idle connection reached), never how fast.
fn check_smoke(report: &Report) -> Result<()> {
    let complete = |name: &str, ramp: &scenarios::Ramp| -> Result<()> {
        let first = ramp
            .steps
            .first()
            .with_context(|| format!("{name}: no step ran"))?;
        if first.acknowledged == 0
            || first.errors > 0
            || first.missing > 0
            || first.missing_replies > 0
        {
            bail!(
                "{name}: {} sent, {} acknowledged, {} errors, {} not delivered, {} without a reply",
                first.sent,
                first.acknowledged,
                first.errors,
                first.missing,
                first.missing_replies
            );
        }
        Ok(())
    };
    if let Some(c) = &report.message_path {
        complete("message path (host)", &c.host)?;
        complete("message path (relay)", &c.relay)?;
    }
    if let Some(ramp) = &report.storage_postgres {
        complete("storage (PostgreSQL)", ramp)?;
    }
    if let Some(ramp) = &report.plugins {
        complete("plugin pipeline", ramp)?;
    }
    if let Some(c) = &report.connections {
        for (name, f) in [("host", &c.host), ("relay", &c.relay)] {
            if f.connected != f.requested || f.received != f.connected {
                bail!(
                    "connections ({name}): {} of {} connected, {} received the event",
                    f.connected,
                    f.requested,
                    f.received
                );
            }
        }
    }
    eprintln!("smoke: every scenario ran and delivered everything");
    Ok(())
}
