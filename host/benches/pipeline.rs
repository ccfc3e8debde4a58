//! What the per-message plugin pipeline costs, end to end: a real server (`app::start`, SQLite in
//! a temp dir) driven only through GraphQL over HTTP, as an integrator would. For each setup a
//! customer posts `ISPCHAT_BENCH_MESSAGES` messages (default 300), one at a time and then
//! `CONCURRENCY` in flight, and each is timed from the post until its effect can be read back:
//!
//! - `no plugins`: the post's own round trip (the message is stored when it returns);
//! - `classifier`: keyword-classifier's reading is on the message;
//! - `full`: classifier, echo-bot's reply in the conversation and, since the message asks for a
//!   human, the conversation assigned by round-robin.
//!
//! The job time itself (`Pipeline::process`, without the HTTP and the polling) is read from the
//! server's own `ispchat_pipeline_job_seconds` histogram on `/metrics`. Prints Markdown for
//! docs/performance.md.
//!
//!     plugins/build-all.sh && cargo bench -p ispchat-host --bench pipeline

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use futures_util::{StreamExt, TryStreamExt};
use ispchat_host::app::{self, RunningServer};
use ispchat_host::attachments::AttachmentSettings;
use ispchat_host::clock::{SharedClock, SystemClock};
use ispchat_host::config::{Config, DatabaseConfig, LogFormat, Secret};
use ispchat_host::conversations::ProtocolSettings;
use ispchat_host::conversations::protocol::ProtocolFormat;
use ispchat_host::plugins::OperatorConfig;
use serde_json::{Value, json};

mod support;
use support::Summary;

const CONCURRENCY: usize = 8;
const ADMIN_PASSWORD: &str = "admin-password-for-the-bench";
/// How often a waiting client reads the conversation again.
const POLL: Duration = Duration::from_millis(2);
/// A message whose effect is not visible by then fails the run.
const GIVE_UP: Duration = Duration::from_secs(10);
/// Names a topic (financeiro) and asks for a human, so every stage has work.
const TEXT: &str = "meu boleto venceu, quero falar com um atendente";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Setup {
    NoPlugins,
    Classifier,
    Full,
}

impl Setup {
    fn name(self) -> &'static str {
        match self {
            Setup::NoPlugins => "no plugins (post → stored)",
            Setup::Classifier => "keyword-classifier only",
            Setup::Full => "classifier + echo-bot + round-robin",
        }
    }

    fn plugins(self) -> &'static [&'static str] {
        match self {
            Setup::NoPlugins => &[],
            Setup::Classifier => &["keyword-classifier"],
            Setup::Full => &["keyword-classifier", "echo-bot", "round-robin"],
        }
    }
}

fn main() -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(run())
}

async fn run() -> Result<()> {
    let messages: usize = std::env::var("ISPCHAT_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    println!(
        "| setup | in flight | messages | post → effect mean / p50 / p99 | messages/s | job time (server) |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    for setup in [Setup::NoPlugins, Setup::Classifier, Setup::Full] {
        let bench = Bench::start(setup).await?;
        // Warm-up: the first calls touch cold pages and caches; not counted.
        bench.drive(10, 1, "warmup").await?;
        for in_flight in [1, CONCURRENCY] {
            let before = bench.job_histogram().await?;
            let started = Instant::now();
            let times = bench
                .drive(messages, in_flight, &format!("c{in_flight}"))
                .await?;
            let wall = started.elapsed();
            let jobs = bench.job_histogram().await?.since(&before);
            #[allow(clippy::cast_precision_loss)]
            let rate = messages as f64 / wall.as_secs_f64();
            println!(
                "| {} | {in_flight} | {messages} | {} | {rate:.1} | {} |",
                setup.name(),
                Summary::of(times),
                jobs
            );
        }
        bench.stop().await?;
    }
    println!();
    println!(
        "Job time: from `ispchat_pipeline_job_seconds` (mean exact; p50/p99 as the histogram's \
         bucket upper bound)."
    );
    Ok(())
}

struct Bench {
    setup: Setup,
    http: reqwest::Client,
    url: String,
    admin: String,
    key: String,
    inbox: String,
    server: RunningServer,
    _dir: tempfile::TempDir,
}

impl Bench {
    async fn start(setup: Setup) -> Result<Bench> {
        let dir = tempfile::tempdir()?;
        let mut preload = Vec::new();
        for plugin in setup.plugins() {
            preload.push((dist(plugin)?, OperatorConfig::default()));
        }
        let clock: SharedClock = Arc::new(SystemClock);
        let server = app::start(config(&dir, preload), clock)
            .await
            .context("starting the server")?;
        let mut bench = Bench {
            setup,
            http: reqwest::Client::new(),
            url: format!("http://{}", server.local_addr),
            admin: String::new(),
            key: String::new(),
            inbox: String::new(),
            server,
            _dir: dir,
        };
        bench.seed().await?;
        Ok(bench)
    }

    async fn stop(self) -> Result<()> {
        self.server.shutdown().await
    }

    /// An admin, a team with two agents, the label `financeiro`, an API inbox with the setup's
    /// bot and router, and an integrator key: all through GraphQL.
    async fn seed(&mut self) -> Result<()> {
        let body = self
            .gql(
                None,
                "mutation($p: String!) { login(login: \"admin\", password: $p) { accessToken } }",
                json!({ "p": ADMIN_PASSWORD }),
            )
            .await?;
        self.admin = text(&body, "/data/login/accessToken")?;
        let admin = self.admin.clone();
        let body = self
            .gql(
                Some(&admin),
                "mutation { createTeam(input: {name: \"Suporte\"}) { id } }",
                json!({}),
            )
            .await?;
        let team = text(&body, "/data/createTeam/id")?;
        for agent in ["ana", "bia"] {
            let body = self
                .gql(
                    Some(&admin),
                    "mutation($u: String!, $e: String!) { createUser(input: {name: $u, email: $e,
                        username: $u, password: \"agent-password\", role: AGENT}) { id } }",
                    json!({ "u": agent, "e": format!("{agent}@provedor.test") }),
                )
                .await?;
            let user = text(&body, "/data/createUser/id")?;
            let body = self
                .gql(
                    Some(&admin),
                    "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }",
                    json!({ "t": team, "u": user }),
                )
                .await?;
            text(&body, "/data/addTeamMember/id")?;
            // Routing only offers online agents: signing in makes them so.
            let body = self
                .gql(
                    None,
                    "mutation($u: String!) { login(login: $u, password: \"agent-password\") { accessToken } }",
                    json!({ "u": agent }),
                )
                .await?;
            text(&body, "/data/login/accessToken")?;
        }
        let body = self
            .gql(
                Some(&admin),
                "mutation { createLabel(input: {name: \"financeiro\"}) { name } }",
                json!({}),
            )
            .await?;
        text(&body, "/data/createLabel/name")?;
        let (bot, router) = match self.setup {
            Setup::Full => (Some("echo-bot"), Some("round-robin")),
            _ => (None, None),
        };
        let body = self
            .gql(
                Some(&admin),
                "mutation($t: ID!, $b: String, $r: String) { createInbox(input: {name: \"Portal\",
                    kind: API, teamId: $t, botPluginId: $b, routerPluginId: $r}) { id } }",
                json!({ "t": team, "b": bot, "r": router }),
            )
            .await?;
        self.inbox = text(&body, "/data/createInbox/id")?;
        let body = self
            .gql(
                Some(&admin),
                "mutation { createApiKey(input: {name: \"bench\", scopes: [\"messages:write\"]}) { key } }",
                json!({}),
            )
            .await?;
        self.key = text(&body, "/data/createApiKey/key")?;
        Ok(())
    }

    /// Posts `count` messages, each from a new customer (a new conversation), `in_flight` at a
    /// time; returns each one's post → effect time.
    async fn drive(&self, count: usize, in_flight: usize, run: &str) -> Result<Vec<Duration>> {
        // The first failure stops the run.
        futures_util::stream::iter(0..count)
            .map(|i| self.one(format!("{run}-{i}")))
            .buffer_unordered(in_flight)
            .try_collect()
            .await
    }

    async fn one(&self, customer: String) -> Result<Duration> {
        let started = Instant::now();
        let body = self
            .gql(
                Some(&self.key),
                "mutation($i: ID!, $c: String!, $t: String!) { postIncomingMessage(inboxId: $i,
                    contact: {name: \"Cliente\", identifier: $c}, content: $t) { conversationId } }",
                json!({ "i": self.inbox, "c": customer, "t": TEXT }),
            )
            .await?;
        let conversation = text(&body, "/data/postIncomingMessage/conversationId")?;
        if self.setup == Setup::NoPlugins {
            return Ok(started.elapsed());
        }
        let mut last = Seen::default();
        while started.elapsed() < GIVE_UP {
            last = self.seen(&conversation).await?;
            let done = match self.setup {
                Setup::Classifier => last.classified,
                _ => last.bot_replied && last.assigned,
            };
            if done {
                let took = started.elapsed();
                if self.setup == Setup::Full {
                    // An agent holds at most 10 conversations (the router's capacity): resolve,
                    // as the agent would, so the next ones can be assigned. Not timed.
                    self.gql(
                        Some(&self.admin),
                        "mutation($c: ID!) { setConversationStatus(conversationId: $c,
                            status: RESOLVED) { id } }",
                        json!({ "c": conversation }),
                    )
                    .await?;
                }
                return Ok(took);
            }
            tokio::time::sleep(POLL).await;
        }
        bail!("no effect after {GIVE_UP:?} for {conversation}: {last:?}")
    }

    /// The little the waiting client reads: the conversation's assignee and last messages.
    async fn seen(&self, conversation: &str) -> Result<Seen> {
        let body = self
            .gql(
                Some(&self.admin),
                "query($c: ID!) { conversation(id: $c) { assignee { id }
                    messages(last: 5) { edges { node { senderKind
                        classifications { pluginId } } } } } }",
                json!({ "c": conversation }),
            )
            .await?;
        let c = &body["data"]["conversation"];
        if c.is_null() {
            bail!("cannot read {conversation}: {body}");
        }
        let nodes: Vec<&Value> = c["messages"]["edges"]
            .as_array()
            .map(|e| e.iter().map(|e| &e["node"]).collect())
            .unwrap_or_default();
        Ok(Seen {
            classified: nodes.iter().any(|n| {
                n["classifications"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty())
            }),
            bot_replied: nodes.iter().any(|n| n["senderKind"] == "BOT"),
            assigned: !c["assignee"].is_null(),
        })
    }

    async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Result<Value> {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.url))
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

    async fn job_histogram(&self) -> Result<Histogram> {
        let text = self
            .http
            .get(format!("{}/metrics", self.url))
            .send()
            .await?
            .text()
            .await?;
        Ok(Histogram::parse(&text))
    }
}

#[derive(Debug, Default)]
struct Seen {
    classified: bool,
    bot_replied: bool,
    assigned: bool,
}

fn config(dir: &tempfile::TempDir, preload: Vec<(PathBuf, OperatorConfig)>) -> Config {
    Config {
        listen: ([127, 0, 0, 1], 0).into(),
        data_dir: dir.path().to_path_buf(),
        database: DatabaseConfig::Sqlite {
            path: dir.path().join("ispchat.db"),
        },
        // The production defaults for SQLite.
        db_max_connections: 8,
        redis_url: None,
        jwt_secret: Some(Secret::new("bench-secret-0123456789-0123456789-0123456789")),
        admin_password: Some(Secret::new(ADMIN_PASSWORD)),
        admin_email: "admin@ispchat.test".into(),
        access_token_ttl: Duration::from_secs(3600),
        refresh_token_ttl: Duration::from_secs(86_400),
        login_attempts_per_account: 10,
        login_attempts_per_ip: 100,
        trust_forwarded_for: false,
        cors_origins: vec![],
        public_url: None,
        visitor_token_ttl: Duration::from_secs(30 * 86_400),
        visitor_sessions_per_ip: 1000,
        log_format: LogFormat::Pretty,
        protocol: ProtocolSettings {
            format: ProtocolFormat::default(),
            utc_offset: chrono::FixedOffset::west_opt(3 * 3600).unwrap_or_else(|| unreachable!()),
        },
        // The agents sign in once and send nothing after: they must not time out mid-run.
        presence_timeout: Duration::from_secs(3600),
        timezone: chrono_tz::Tz::America__Sao_Paulo,
        background_interval: Duration::from_secs(10),
        access_recheck_interval: Duration::from_secs(30),
        label_threshold: 0.6,
        preload_plugins: preload,
        plugin_worker: true,
        attachments: AttachmentSettings::default(),
        plugins_dir: None,
        secrets_key: None,
        // Shared with every run of this bench: the components compile once per machine.
        plugin_cache_dir: Some(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-bench")),
        plugins_allow_private_hosts: vec![],
        webhook_payload_retention: Duration::from_secs(7 * 86_400),
    }
}

fn dist(plugin: &str) -> Result<PathBuf> {
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
    Ok(dist_dir)
}

fn text(body: &Value, pointer: &str) -> Result<String> {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .with_context(|| format!("{pointer} missing in {body}"))
}

/// `ispchat_pipeline_job_seconds` as rendered by the Prometheus exporter, all outcomes summed.
#[derive(Default)]
struct Histogram {
    /// (upper bound, cumulative count), in the exporter's order.
    buckets: Vec<(f64, f64)>,
    sum: f64,
    count: f64,
}

impl Histogram {
    fn parse(text: &str) -> Histogram {
        let mut h = Histogram::default();
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("ispchat_pipeline_job_seconds") else {
                continue;
            };
            let Some(value) = rest.rsplit(' ').next().and_then(|v| v.parse::<f64>().ok()) else {
                continue;
            };
            if rest.starts_with("_sum") {
                h.sum += value;
            } else if rest.starts_with("_count") {
                h.count += value;
            } else if let Some(le) = rest.split("le=\"").nth(1).and_then(|l| l.split('"').next()) {
                let bound = le.parse::<f64>().unwrap_or(f64::INFINITY);
                match h.buckets.iter_mut().find(|(b, _)| *b == bound) {
                    Some((_, c)) => *c += value,
                    None => h.buckets.push((bound, value)),
                }
            }
        }
        h.buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
        h
    }

    fn since(&self, before: &Histogram) -> Histogram {
        let earlier = |bound: f64| {
            before
                .buckets
                .iter()
                .find(|(b, _)| *b == bound)
                .map_or(0.0, |(_, c)| *c)
        };
        Histogram {
            buckets: self
                .buckets
                .iter()
                .map(|(b, c)| (*b, c - earlier(*b)))
                .collect(),
            sum: self.sum - before.sum,
            count: self.count - before.count,
        }
    }

    /// The smallest bucket bound holding at least `q` of the jobs.
    fn quantile(&self, q: f64) -> f64 {
        let want = self.count * q;
        self.buckets
            .iter()
            .find(|(_, c)| *c >= want)
            .map_or(f64::INFINITY, |(b, _)| *b)
    }
}

impl std::fmt::Display for Histogram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.count < 1.0 {
            return write!(f, "no jobs");
        }
        write!(
            f,
            "{:.0} jobs, mean {:.3} ms, p50 ≤ {} ms, p99 ≤ {} ms",
            self.count,
            self.sum / self.count * 1000.0,
            self.quantile(0.50) * 1000.0,
            self.quantile(0.99) * 1000.0
        )
    }
}
