//! Idle connections: holder processes (each under the per-process open-file limit, each from its
//! own 127.0.0.x source address) keep authenticated subscriptions open to one conversation;
//! then one event is published and every holder reports when each of its connections got it.

use std::net::IpAddr;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio_tungstenite::tungstenite::Message;

use crate::ws;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Protocol {
    Graphql,
    Relay,
}

/// `ispchat-bench hold`: what one holder process does.
#[derive(Debug, Args)]
pub struct HoldArgs {
    #[arg(long)]
    pub url: String,
    #[arg(long, value_enum)]
    pub protocol: Protocol,
    /// The conversation (relay: topic) every connection follows.
    #[arg(long)]
    pub topic: String,
    /// Access token (graphql).
    #[arg(long, env = "ISPCHAT_BENCH_TOKEN", default_value = "")]
    pub token: String,
    #[arg(long)]
    pub count: usize,
    #[arg(long)]
    pub source: IpAddr,
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
}

/// A holder's lines on its standard output.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolderLine {
    Ready {
        connected: usize,
        failed: usize,
        first_error: Option<String>,
    },
    /// Epoch nanoseconds at which connections saw the event, sorted.
    Received { count: usize, at: Vec<u64> },
}

const FOLLOW: &str = "subscription($c: ID!) { conversationEvents(conversationId: $c, after: 0) { kind message { content } } }";

pub async fn hold(args: HoldArgs) -> Result<()> {
    let receipts = Arc::new(Mutex::new(Vec::<u64>::with_capacity(args.count)));
    let results: Vec<Result<()>> = futures_util::stream::iter(0..args.count)
        .map(|_| open(&args, receipts.clone()))
        .buffer_unordered(args.concurrency)
        .collect()
        .await;
    let failed = results.iter().filter(|r| r.is_err()).count();
    let first_error = results
        .iter()
        .find_map(|r| r.as_ref().err().map(|e| format!("{e:#}")));
    let connected = args.count - failed;
    say(&HolderLine::Ready {
        connected,
        failed,
        first_error,
    })?;
    // Report once every connection saw the event, or when asked (stdin "report"); exit at EOF.
    let mut stdin = BufReader::new(tokio::io::stdin()).lines();
    let mut reported = false;
    loop {
        tokio::select! {
            line = stdin.next_line() => match line? {
                Some(line) if line.trim() == "report" && !reported => {
                    report(&receipts)?;
                    reported = true;
                }
                Some(_) => {}
                None => return Ok(()),
            },
            () = tokio::time::sleep(Duration::from_millis(20)), if !reported => {
                let seen = receipts.lock().unwrap_or_else(|e| e.into_inner()).len();
                if connected > 0 && seen >= connected {
                    report(&receipts)?;
                    reported = true;
                }
            }
        }
    }
}

fn report(receipts: &Mutex<Vec<u64>>) -> Result<()> {
    let mut at = receipts.lock().unwrap_or_else(|e| e.into_inner()).clone();
    at.sort_unstable();
    say(&HolderLine::Received {
        count: at.len(),
        at,
    })
}

fn say(line: &HolderLine) -> Result<()> {
    println!("{}", serde_json::to_string(line)?);
    Ok(())
}

/// Opens one connection and leaves a task reading it; returns once the subscription is
/// confirmed (a first replayed event, or the relay's `K`).
async fn open(args: &HoldArgs, receipts: Arc<Mutex<Vec<u64>>>) -> Result<()> {
    let mut socket = match args.protocol {
        Protocol::Graphql => {
            let mut socket = ws::graphql_connect(&args.url, Some(args.source), &args.token).await?;
            socket
                .send(ws::subscribe("1", FOLLOW, json!({"c": args.topic})))
                .await?;
            let first = ws::next_text(&mut socket).await?;
            if !first.contains(r#""type":"next""#) {
                bail!("the subscription was refused: {first}");
            }
            socket
        }
        Protocol::Relay => {
            let mut socket = ws::connect(&args.url, Some(args.source), None).await?;
            socket
                .send(Message::text(format!("S {}", args.topic)))
                .await?;
            let first = ws::next_text(&mut socket).await?;
            if &*first != "K" {
                bail!("the relay answered {first}");
            }
            socket
        }
    };
    tokio::spawn(async move {
        while let Ok(text) = ws::next_text(&mut socket).await {
            if text.contains(r#""type":"ping""#) {
                let _ = socket.send(ws::pong()).await;
            } else if text.contains("fanout#") {
                receipts
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(epoch_nanos());
            }
        }
    });
    Ok(())
}

pub fn epoch_nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// The holders of one run, as the orchestrator sees them.
pub struct Holders {
    children: Vec<(Child, ChildStdin, tokio::io::Lines<BufReader<ChildStdout>>)>,
    pub connected: usize,
    pub failed: usize,
    pub first_error: Option<String>,
}

impl Holders {
    /// Spreads `total` connections over holders of at most `per_holder`, the k-th from
    /// 127.0.0.(k+2).
    pub async fn open(
        url: &str,
        protocol: Protocol,
        topic: &str,
        token: &str,
        total: usize,
        per_holder: usize,
    ) -> Result<Holders> {
        let me = std::env::current_exe()?;
        let mut children = Vec::new();
        let mut left = total;
        let mut k = 0u8;
        while left > 0 {
            let count = left.min(per_holder);
            left -= count;
            let mut child = Command::new(&me)
                .args([
                    "hold",
                    "--url",
                    url,
                    "--topic",
                    topic,
                    "--count",
                    &count.to_string(),
                ])
                .args(["--source", &format!("127.0.0.{}", k + 2)])
                .args([
                    "--protocol",
                    if protocol == Protocol::Graphql {
                        "graphql"
                    } else {
                        "relay"
                    },
                ])
                .env("ISPCHAT_BENCH_TOKEN", token)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .kill_on_drop(true)
                .spawn()?;
            let stdin = child.stdin.take().context("no stdin")?;
            let stdout = BufReader::new(child.stdout.take().context("no stdout")?).lines();
            children.push((child, stdin, stdout));
            k += 1;
        }
        let mut holders = Holders {
            children,
            connected: 0,
            failed: 0,
            first_error: None,
        };
        for (_, _, lines) in &mut holders.children {
            match next_line(lines, Duration::from_secs(300)).await? {
                HolderLine::Ready {
                    connected,
                    failed,
                    first_error,
                } => {
                    holders.connected += connected;
                    holders.failed += failed;
                    holders.first_error = holders.first_error.take().or(first_error);
                }
                other => bail!("a holder said {other:?} before it was ready"),
            }
        }
        Ok(holders)
    }

    /// Every receipt of the event, from every holder (waits up to `timeout`, then asks).
    pub async fn receipts(&mut self, timeout: Duration) -> Result<Vec<u64>> {
        let started = Instant::now();
        let mut all = Vec::new();
        for (_, stdin, lines) in &mut self.children {
            let left = timeout.saturating_sub(started.elapsed());
            let line = match tokio::time::timeout(left, next_line(lines, Duration::MAX)).await {
                Ok(line) => line?,
                Err(_) => {
                    stdin.write_all(b"report\n").await?;
                    next_line(lines, Duration::from_secs(30)).await?
                }
            };
            match line {
                HolderLine::Received { at, .. } => all.extend(at),
                other => bail!("a holder said {other:?} instead of its receipts"),
            }
        }
        all.sort_unstable();
        Ok(all)
    }

    pub async fn close(self) {
        for (mut child, stdin, _) in self.children {
            drop(stdin);
            let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
            let _ = child.kill().await;
        }
    }
}

async fn next_line(
    lines: &mut tokio::io::Lines<BufReader<ChildStdout>>,
    timeout: Duration,
) -> Result<HolderLine> {
    let read = async {
        let line = lines.next_line().await?.context("a holder exited early")?;
        anyhow::Ok(serde_json::from_str::<HolderLine>(&line)?)
    };
    if timeout == Duration::MAX {
        return read.await;
    }
    tokio::time::timeout(timeout, read)
        .await
        .context("a holder did not answer in time")?
}
