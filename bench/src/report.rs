//! Results as JSON (for tools) and as Markdown (for `docs/performance.md`).

use std::fmt::Write as _;

use serde::Serialize;

use crate::load::StepResult;
use crate::process::Machine;
use crate::scenarios::{FanOut, Ramp, Sizes};

#[derive(Debug, Serialize)]
pub struct Report {
    pub date: String,
    pub commit: String,
    pub machine: Machine,
    pub smoke: bool,
    pub sizes: Sizes,
    pub server: ServerFacts,
    pub message_path: Option<Compared>,
    pub connections: Option<Connections>,
    pub plugins: Option<Ramp>,
    /// The plugin scenario's calls, from the server's histogram.
    pub plugin_calls: Vec<crate::plugin_calls::PluginCalls>,
    pub storage_postgres: Option<Ramp>,
    pub raw_sqlite: Option<crate::raw_sqlite::RawSqlite>,
}

#[derive(Debug, Default, Serialize)]
pub struct ServerFacts {
    pub ready_ms_without_plugins: Option<f64>,
    pub idle_rss_mib: Option<f64>,
    /// After seeding and with every follower subscribed.
    pub seeded_rss_mib: Option<f64>,
    pub first_start_with_plugins_ms: Option<f64>,
    pub restart_with_cached_plugins_ms: Option<f64>,
}

/// The host's ramp beside the relay's: `host / relay`.
#[derive(Debug, Serialize)]
pub struct Compared {
    pub host: Ramp,
    pub relay: Ramp,
    pub throughput_ratio: Option<f64>,
    /// The highest rate both passed, where latency and CPU are compared.
    pub compared_at_rate: Option<f64>,
    pub p50_ratio: Option<f64>,
    pub p99_ratio: Option<f64>,
    pub cpu_per_message_ratio: Option<f64>,
}

impl Compared {
    pub fn new(host: Ramp, relay: Ramp) -> Compared {
        let throughput_ratio = host
            .sustained_rate
            .zip(relay.sustained_rate)
            .map(|(h, r)| h / r);
        let common = host
            .steps
            .iter()
            .filter(|s| s.passed && relay.at(s.target_rate).is_some())
            .map(|s| s.target_rate)
            .fold(None, |best: Option<f64>, r| {
                Some(best.map_or(r, |b| b.max(r)))
            });
        let pair = common.and_then(|rate| host.at(rate).zip(relay.at(rate)));
        // A figure too small to measure (CPU time is counted in 10 ms ticks) gives no ratio.
        let ratio =
            |f: fn(&StepResult) -> f64| pair.and_then(|(h, r)| (f(r) > 0.0).then(|| f(h) / f(r)));
        Compared {
            throughput_ratio,
            compared_at_rate: common,
            p50_ratio: ratio(|s| s.latency.p50_ms),
            p99_ratio: ratio(|s| s.latency.p99_ms),
            cpu_per_message_ratio: ratio(|s| s.server_cpu_us_per_message),
            host,
            relay,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Connections {
    pub host: FanOut,
    pub relay: FanOut,
    pub memory_ratio: Option<f64>,
}

impl Report {
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let m = &self.machine;
        let _ = writeln!(
            md,
            "Run of {} at commit `{}`{}.",
            self.date,
            self.commit,
            if self.smoke {
                " (smoke: sizes too small to mean anything)"
            } else {
                ""
            }
        );
        let _ = writeln!(
            md,
            "Machine: {} cores ({}), {} GiB, kernel {}, open files {}; load average {} at the start. \
             The load generator runs on the same cores as the server.\n",
            m.cores,
            m.cpu_model,
            m.memory_gib,
            m.kernel,
            m.open_files_limit,
            m.load_average_at_start
        );
        let s = &self.server;
        let _ = writeln!(md, "| server | value |\n| --- | --- |");
        let row = |md: &mut String, name: &str, v: Option<f64>, unit: &str| {
            if let Some(v) = v {
                let _ = writeln!(md, "| {name} | {v:.1} {unit} |");
            }
        };
        row(
            &mut md,
            "start to ready, no plugins (new SQLite database)",
            s.ready_ms_without_plugins,
            "ms",
        );
        row(
            &mut md,
            "first start with 3 plugins (compiles them)",
            s.first_start_with_plugins_ms,
            "ms",
        );
        row(
            &mut md,
            "restart with the 3 plugins cached",
            s.restart_with_cached_plugins_ms,
            "ms",
        );
        row(&mut md, "idle RSS after start", s.idle_rss_mib, "MiB");
        row(
            &mut md,
            "RSS seeded, followers subscribed",
            s.seeded_rss_mib,
            "MiB",
        );
        if let Some(c) = &self.message_path {
            let _ = writeln!(md, "\n### Message path: host (SQLite) vs bare relay\n");
            let compared = match c.compared_at_rate {
                Some(at) => format!(
                    "at {}: p50 ×{}, p99 ×{}, CPU per message ×{}",
                    rate(Some(at)),
                    ratio(c.p50_ratio),
                    ratio(c.p99_ratio),
                    ratio(c.cpu_per_message_ratio)
                ),
                None => "no rate passed by both to compare latency and CPU at".to_owned(),
            };
            let _ = writeln!(
                md,
                "Sustained (all delivered, p99 ≤ 10 ms): host **{}**, relay **{}**; host/relay throughput {}; \
                 {compared}.\n",
                rate(c.host.sustained_rate),
                rate(c.relay.sustained_rate),
                ratio(c.throughput_ratio),
            );
            steps(&mut md, "host", &c.host);
            steps(&mut md, "relay", &c.relay);
        }
        if let Some(raw) = &self.raw_sqlite {
            let _ = writeln!(
                md,
                "\n### SQLite alone (same driver and settings, no server)\n\n\
                 {:.0} single-row commits/s; {:.0} rows/s committed 100 at a time (one multi-row `INSERT`).",
                raw.single_row_commits_per_second, raw.batched_rows_per_second
            );
            if let Some(best) = self.message_path.as_ref().and_then(|c| {
                c.host
                    .steps
                    .iter()
                    .map(|s| s.achieved_rate)
                    .reduce(f64::max)
            }) {
                let _ = writeln!(
                    md,
                    "The server stored at most {best:.0} messages/s in this run: {:.1} % of the batched rate, {:.1} % of the single-commit rate.",
                    best * 100.0 / raw.batched_rows_per_second,
                    best * 100.0 / raw.single_row_commits_per_second
                );
            }
        }
        if let Some(ramp) = &self.storage_postgres {
            let _ = writeln!(
                md,
                "\n### Message path on PostgreSQL\n\nSustained: **{}**.\n",
                rate(ramp.sustained_rate)
            );
            steps(&mut md, "host (PostgreSQL)", ramp);
        }
        if let Some(ramp) = &self.plugins {
            let _ = writeln!(
                md,
                "\n### Plugin pipeline ({})\n",
                crate::PIPELINE_PLUGINS.join(", ")
            );
            let _ = writeln!(
                md,
                "Reply = send → echo-bot's answer delivered to the follower; the message itself is \
                 delivered before the pipeline runs. A step passes while every reply arrives and \
                 their p99 stays ≤ {} ms (the pipeline keeps up).\n",
                crate::load::REPLY_P99_LIMIT_MS
            );
            let _ = writeln!(
                md,
                "| target msg/s | acked msg/s | message p50 / p99 | reply p50 / p99 / max | missing replies | CPU µs/msg | |\n| --- | --- | --- | --- | --- | --- | --- |"
            );
            for s in &ramp.steps {
                let r = s.reply_latency.unwrap_or_default();
                let _ = writeln!(
                    md,
                    "| {:.0} | {:.1} | {:.2} / {:.2} ms | {:.2} / {:.2} / {:.2} ms | {} | {:.0} | {} |",
                    s.target_rate,
                    s.achieved_rate,
                    s.latency.p50_ms,
                    s.latency.p99_ms,
                    r.p50_ms,
                    r.p99_ms,
                    r.max_ms,
                    s.missing_replies,
                    s.server_cpu_us_per_message,
                    verdict(s)
                );
            }
        }
        if !self.plugin_calls.is_empty() {
            let _ = writeln!(
                md,
                "\nPlugin calls over the scenario (the server's `ispchat_plugin_call_duration_seconds`):\n\n| plugin | export | calls | mean | median at most | ≤ 2.5 ms |\n| --- | --- | --- | --- | --- | --- |"
            );
            for c in &self.plugin_calls {
                let median = c
                    .p50_at_most_ms
                    .map_or_else(|| "–".to_owned(), |ms| format!("{ms} ms"));
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {:.2} ms | {} | {:.1} % |",
                    c.plugin,
                    c.export,
                    c.calls,
                    c.mean_ms,
                    median,
                    c.within_2_5_ms * 100.0
                );
            }
        }
        if let Some(c) = &self.connections {
            let _ = writeln!(md, "\n### Idle subscriptions and one event fanned out\n");
            let _ = writeln!(
                md,
                "| | connected (failed) | RSS before → after | per connection | received | publish → receipt p50 / p99 / last | server CPU for the event |\n| --- | --- | --- | --- | --- | --- | --- |"
            );
            for (name, f) in [("host", &c.host), ("relay", &c.relay)] {
                let _ = writeln!(
                    md,
                    "| {name} | {} ({}) | {:.1} → {:.1} MiB | {:.1} KiB | {} | {:.1} / {:.1} / {:.1} ms | {:.0} ms |",
                    f.connected,
                    f.failed,
                    f.rss_before_mib,
                    f.rss_after_mib,
                    f.kib_per_connection,
                    f.received,
                    f.delivery.p50_ms,
                    f.delivery.p99_ms,
                    f.delivery.max_ms,
                    f.server_cpu_seconds_for_event * 1000.0
                );
            }
            let _ = writeln!(
                md,
                "\nMemory per connection, host/relay: ×{}.",
                ratio(c.memory_ratio)
            );
        }
        md
    }
}

fn steps(md: &mut String, name: &str, ramp: &Ramp) {
    let _ = writeln!(
        md,
        "| {name}: target msg/s | acked msg/s | p50 / p99 / p99.9 / max | ack p99 | CPU µs/msg | RSS | errors, missing | |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    for s in &ramp.steps {
        let l = &s.latency;
        let _ = writeln!(
            md,
            "| {:.0} | {:.0} | {:.2} / {:.2} / {:.2} / {:.2} ms | {:.2} ms | {:.1} | {:.0} MiB | {}, {} | {} |",
            s.target_rate,
            s.achieved_rate,
            l.p50_ms,
            l.p99_ms,
            l.p999_ms,
            l.max_ms,
            s.ack_latency.p99_ms,
            s.server_cpu_us_per_message,
            s.server_rss_mib,
            s.errors,
            s.missing,
            verdict(s)
        );
    }
    md.push('\n');
}

fn verdict(s: &StepResult) -> &'static str {
    if s.passed { "pass" } else { "**fail**" }
}

fn rate(r: Option<f64>) -> String {
    r.map_or("none".into(), |r| format!("{r:.0} msg/s"))
}

fn ratio(r: Option<f64>) -> String {
    r.map_or("n/a".into(), |r| format!("{r:.3}"))
}
