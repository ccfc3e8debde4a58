//! The message path, open loop: senders post customer messages at a target rate while every
//! conversation's follower listens on a WebSocket; each delivery is timed from its send. The
//! same driver runs against the host (GraphQL mutations and `conversationEvents` over
//! graphql-ws) and against the bare relay (`P`/`S` frames), so the two are measured alike.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use futures_util::SinkExt;
use futures_util::stream::{SplitSink, StreamExt};
use serde::Serialize;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use crate::process;
use crate::stats::{self, Summary};
use crate::ws::{self, Socket};

/// Who sends and who listens.
pub enum Endpoint {
    Host {
        ws_url: String,
        api_key: String,
        inbox: String,
        agent_tokens: Vec<String>,
    },
    Relay {
        ws_url: String,
        followers: usize,
    },
}

pub struct Topic {
    /// The conversation's id (the relay's topic).
    pub id: String,
    pub customer: String,
    pub follower: usize,
}

const FOLLOW: &str = "subscription($c: ID!) { conversationEvents(conversationId: $c, after: 0) {
    kind message { senderKind content } } }";
const MAX_IN_FLIGHT: usize = 512;
/// A step with a bot passes while its replies come back within this (the pipeline keeps up).
pub const REPLY_P99_LIMIT_MS: f64 = 250.0;
const POST: &str = "mutation($i: ID!, $c: String!, $t: String!) { postIncomingMessage(inboxId: $i, contact: {identifier: $c}, content: $t) { id } }";

/// One step of a ramp: a rate held for a while.
struct Step {
    id: u64,
    origin: Instant,
    next_seq: AtomicUsize,
    /// Nanoseconds since `origin` + 1; 0 while unsent.
    sent_at: Vec<AtomicU64>,
    delivered: Vec<AtomicBool>,
    replied: Vec<AtomicBool>,
    latencies: Mutex<Vec<u32>>,
    reply_latencies: Mutex<Vec<u32>>,
    ack_latencies: Mutex<Vec<u32>>,
    acks: AtomicU64,
    errors: AtomicU64,
    duplicates: AtomicU64,
}

impl Step {
    fn nanos(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
    fn sent(&self, seq: usize) -> Option<u64> {
        let at = self.sent_at.get(seq)?.load(Ordering::Acquire);
        (at != 0).then(|| at - 1)
    }
}

#[derive(Default)]
struct Shared {
    step: RwLock<Option<Arc<Step>>>,
    confirmed: AtomicUsize,
    /// Subscriptions the server ended or refused: the run is broken, not slow.
    subscription_errors: AtomicU64,
    /// Set when the run is over: connections closing then are expected.
    closing: AtomicBool,
}

impl Shared {
    fn current(&self) -> Option<Arc<Step>> {
        self.step.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

type Sink = tokio::sync::Mutex<SplitSink<Socket, Message>>;

struct Sender {
    sink: Arc<Sink>,
    topics: Vec<usize>,
}

pub struct Driver {
    endpoint: Endpoint,
    topics: Vec<Topic>,
    senders: Vec<Sender>,
    shared: Arc<Shared>,
    next_step: u64,
}

/// What one step measured.
#[derive(Debug, Clone, Serialize)]
pub struct StepResult {
    pub target_rate: f64,
    pub sent: usize,
    pub acknowledged: u64,
    pub errors: u64,
    pub missing: u64,
    pub duplicates: u64,
    /// Acknowledged messages per second of sending.
    pub achieved_rate: f64,
    /// Send → delivery at the follower.
    pub latency: Summary,
    /// Send → the server's answer to the sender.
    pub ack_latency: Summary,
    /// Send → the bot's reply delivered at the follower, when a bot answers.
    pub reply_latency: Option<Summary>,
    pub missing_replies: u64,
    pub server_cpu_seconds: f64,
    pub server_cpu_us_per_message: f64,
    pub server_rss_mib: f64,
    pub generator_cpu_seconds: f64,
    pub passed: bool,
}

impl Driver {
    pub async fn connect(endpoint: Endpoint, topics: Vec<Topic>, senders: usize) -> Result<Driver> {
        let shared = Arc::new(Shared::default());
        let followers = match &endpoint {
            Endpoint::Host { agent_tokens, .. } => agent_tokens.len(),
            Endpoint::Relay { followers, .. } => *followers,
        };
        for follower in 0..followers {
            let mine: Vec<&Topic> = topics.iter().filter(|t| t.follower == follower).collect();
            let socket = match &endpoint {
                Endpoint::Host {
                    ws_url,
                    agent_tokens,
                    ..
                } => {
                    let mut socket =
                        ws::graphql_connect(ws_url, None, &agent_tokens[follower]).await?;
                    for (i, topic) in mine.iter().enumerate() {
                        socket
                            .feed(ws::subscribe(
                                &i.to_string(),
                                FOLLOW,
                                json!({"c": topic.id}),
                            ))
                            .await?;
                    }
                    socket.flush().await?;
                    socket
                }
                Endpoint::Relay { ws_url, .. } => {
                    let mut socket = ws::connect(ws_url, None, None).await?;
                    for topic in &mine {
                        socket
                            .feed(Message::text(format!("S {}", topic.id)))
                            .await?;
                    }
                    socket.flush().await?;
                    socket
                }
            };
            tokio::spawn(follow(
                socket,
                shared.clone(),
                matches!(endpoint, Endpoint::Relay { .. }),
            ));
        }
        let mut sender_list = Vec::new();
        for s in 0..senders.max(1) {
            let socket = match &endpoint {
                Endpoint::Host {
                    ws_url, api_key, ..
                } => ws::graphql_connect(ws_url, None, api_key).await?,
                Endpoint::Relay { ws_url, .. } => ws::connect(ws_url, None, None).await?,
            };
            let (sink, stream) = socket.split();
            let sink = Arc::new(tokio::sync::Mutex::new(sink));
            tokio::spawn(read_acks(stream, sink.clone(), shared.clone()));
            sender_list.push(Sender {
                sink,
                topics: (s..topics.len()).step_by(senders.max(1)).collect(),
            });
        }
        let driver = Driver {
            endpoint,
            topics,
            senders: sender_list,
            shared,
            next_step: 1,
        };
        driver.wait_confirmed().await?;
        Ok(driver)
    }

    /// Every subscription has answered once (the host replays the conversation's history, the
    /// relay says `K`): load starts only when nobody can miss it.
    async fn wait_confirmed(&self) -> Result<()> {
        let started = Instant::now();
        while self.shared.confirmed.load(Ordering::Acquire) < self.topics.len() {
            if self.shared.subscription_errors.load(Ordering::Acquire) > 0 {
                bail!("the server refused a subscription");
            }
            if started.elapsed() > Duration::from_secs(120) {
                bail!(
                    "only {} of {} subscriptions confirmed after 2 minutes",
                    self.shared.confirmed.load(Ordering::Acquire),
                    self.topics.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok(())
    }

    /// Sends at `rate` messages/s for `duration`, then waits up to `drain` for every answer and
    /// delivery.
    pub async fn step(
        &mut self,
        server_pid: u32,
        rate: f64,
        duration: Duration,
        drain: Duration,
        expect_replies: bool,
    ) -> Result<StepResult> {
        let capacity = (rate * duration.as_secs_f64() * 1.05) as usize + self.senders.len() + 1;
        let step = Arc::new(Step {
            id: self.next_step,
            origin: Instant::now(),
            next_seq: AtomicUsize::new(0),
            sent_at: (0..capacity).map(|_| AtomicU64::new(0)).collect(),
            delivered: (0..capacity).map(|_| AtomicBool::new(false)).collect(),
            replied: (0..capacity).map(|_| AtomicBool::new(false)).collect(),
            latencies: Mutex::default(),
            reply_latencies: Mutex::default(),
            ack_latencies: Mutex::default(),
            acks: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            duplicates: AtomicU64::new(0),
        });
        self.next_step += 1;
        *self.shared.step.write().unwrap_or_else(|e| e.into_inner()) = Some(step.clone());
        let server_before = process::sample(server_pid)?;
        let me_before = process::sample(std::process::id())?;
        let senders = self.senders.len();
        let per_sender = rate / senders as f64;
        let mut loops = Vec::new();
        for (index, sender) in self.senders.iter().enumerate() {
            let frames: Vec<(String, String)> = sender
                .topics
                .iter()
                .map(|&t| (self.topics[t].id.clone(), self.topics[t].customer.clone()))
                .collect();
            loops.push(tokio::spawn(send_loop(
                sender.sink.clone(),
                frames,
                self.endpoint_frame(),
                step.clone(),
                Schedule {
                    rate: per_sender,
                    // Senders take turns instead of sending together: customers are independent,
                    // and in step they arrived in bursts of four that queued behind each other.
                    phase: index as f64 / rate,
                },
                duration,
            )));
        }
        for task in loops {
            task.await??;
        }
        // The rate is held for `duration` (the last send is due just before its end).
        let window = step.origin.elapsed().max(duration);
        let sent = step.next_seq.load(Ordering::Acquire).min(capacity);
        let settled = Instant::now();
        loop {
            let answered = step.acks.load(Ordering::Acquire) + step.errors.load(Ordering::Acquire);
            let acked = step.acks.load(Ordering::Acquire) as usize;
            let delivered = count(&step.delivered[..sent]);
            let replied = count(&step.replied[..sent]);
            let done = answered as usize >= sent
                && delivered >= acked
                && (!expect_replies || replied >= acked);
            if done || settled.elapsed() > drain {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let server_after = process::sample(server_pid)?;
        let me_after = process::sample(std::process::id())?;
        *self.shared.step.write().unwrap_or_else(|e| e.into_inner()) = None;
        let acknowledged = step.acks.load(Ordering::Acquire);
        let delivered = count(&step.delivered[..sent]) as u64;
        let replied = count(&step.replied[..sent]) as u64;
        let take =
            |m: &Mutex<Vec<u32>>| std::mem::take(&mut *m.lock().unwrap_or_else(|e| e.into_inner()));
        let latency = stats::summarize(take(&step.latencies));
        let reply_latency = expect_replies.then(|| stats::summarize(take(&step.reply_latencies)));
        let cpu = server_after.cpu_secs - server_before.cpu_secs;
        let achieved_rate = acknowledged as f64 / window.as_secs_f64();
        let errors = step.errors.load(Ordering::Acquire)
            + self.shared.subscription_errors.load(Ordering::Acquire);
        let missing = acknowledged.saturating_sub(delivered);
        let missing_replies = if expect_replies {
            acknowledged.saturating_sub(replied)
        } else {
            0
        };
        Ok(StepResult {
            target_rate: rate,
            sent,
            acknowledged,
            errors,
            missing,
            duplicates: step.duplicates.load(Ordering::Acquire),
            achieved_rate,
            ack_latency: stats::summarize(take(&step.ack_latencies)),
            reply_latency,
            missing_replies,
            server_cpu_seconds: cpu,
            server_cpu_us_per_message: if acknowledged > 0 {
                cpu * 1e6 / acknowledged as f64
            } else {
                0.0
            },
            server_rss_mib: server_after.rss_bytes as f64 / 1024.0 / 1024.0,
            generator_cpu_seconds: me_after.cpu_secs - me_before.cpu_secs,
            passed: errors == 0
                && missing == 0
                && missing_replies == 0
                && achieved_rate >= rate * 0.95
                && match &reply_latency {
                    // With a bot the question is whether the pipeline keeps up: its queue stays
                    // short (the message path's own rule is measured without plugins).
                    Some(replies) => replies.p99_ms <= REPLY_P99_LIMIT_MS,
                    None => latency.p99_ms <= 10.0,
                },
            latency,
        })
    }

    /// The end of the run: the target is about to stop, and its connections with it.
    pub fn close(self) {
        self.shared.closing.store(true, Ordering::Release);
    }

    fn endpoint_frame(&self) -> FrameKind {
        match &self.endpoint {
            Endpoint::Host { inbox, .. } => FrameKind::Host {
                inbox: inbox.clone(),
            },
            Endpoint::Relay { .. } => FrameKind::Relay,
        }
    }
}

fn count(flags: &[AtomicBool]) -> usize {
    flags.iter().filter(|f| f.load(Ordering::Relaxed)).count()
}

#[derive(Clone)]
enum FrameKind {
    Host { inbox: String },
    Relay,
}

impl FrameKind {
    fn frame(&self, step: u64, seq: usize, topic: &str, customer: &str) -> Message {
        match self {
            FrameKind::Host { inbox } => Message::text(format!(
                r#"{{"id":"{step}.{seq}","type":"subscribe","payload":{{"query":"{POST}","variables":{{"i":"{inbox}","c":"{customer}","t":"bench#{step}.{seq}#"}}}}}}"#
            )),
            // About the size of the host's event frame, so both move the same bytes.
            FrameKind::Relay => Message::text(format!(
                r#"P {topic} {{"id":"0","type":"next","payload":{{"data":{{"conversationEvents":{{"kind":"MESSAGE_CREATED","message":{{"senderKind":"CONTACT","content":"bench#{step}.{seq}#"}}}}}}}}}}"#
            )),
        }
    }
}

/// One sender's sends: `rate` a second, the first `phase` seconds after the step starts.
struct Schedule {
    rate: f64,
    phase: f64,
}

/// Open loop: whatever fell due since the last wake-up is written in one burst and one flush.
async fn send_loop(
    sink: Arc<Sink>,
    topics: Vec<(String, String)>,
    kind: FrameKind,
    step: Arc<Step>,
    Schedule { rate, phase }: Schedule,
    duration: Duration,
) -> Result<()> {
    if topics.is_empty() || rate <= 0.0 {
        return Ok(());
    }
    let total = (rate * duration.as_secs_f64()).round() as usize;
    let mut sent = 0usize;
    let mut next_topic = 0usize;
    while sent < total {
        let since_first = step.origin.elapsed().as_secs_f64() - phase;
        let due = if since_first < 0.0 {
            0
        } else {
            ((since_first * rate) as usize + 1).min(total)
        };
        if sent >= due {
            let wake = step.origin + Duration::from_secs_f64(phase + sent as f64 / rate);
            tokio::time::sleep_until(wake.into()).await;
            continue;
        }
        // Like an integrator's connection pool, a sender has a bounded number of requests in
        // flight: past it, the rate falls short (and the step fails) instead of queueing
        // without end.
        while in_flight(&step) >= MAX_IN_FLIGHT {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let mut sink = sink.lock().await;
        while sent < due && in_flight(&step) < MAX_IN_FLIGHT {
            let seq = step.next_seq.fetch_add(1, Ordering::AcqRel);
            let Some(slot) = step.sent_at.get(seq) else {
                return Ok(());
            };
            let (topic, customer) = &topics[next_topic % topics.len()];
            next_topic += 1;
            slot.store(step.nanos() + 1, Ordering::Release);
            sink.feed(kind.frame(step.id, seq, topic, customer)).await?;
            sent += 1;
        }
        sink.flush().await?;
    }
    Ok(())
}

/// Unanswered sends of a step, all senders together.
fn in_flight(step: &Step) -> usize {
    let answered = step.acks.load(Ordering::Acquire) + step.errors.load(Ordering::Acquire);
    step.next_seq
        .load(Ordering::Acquire)
        .saturating_sub(answered as usize)
}

/// `<prefix><step>.<seq>`: the step and sequence number a frame carries.
fn marker(text: &str, prefix: &str) -> Option<(u64, usize)> {
    let step = ws::number_after(text, prefix)?;
    let rest = &text[text.find(prefix)? + prefix.len()..];
    let seq = ws::number_after(rest, ".")?;
    Some((step, usize::try_from(seq).ok()?))
}

/// A follower's connection: times each message of the current step the first time it arrives.
async fn follow(mut socket: Socket, shared: Arc<Shared>, relay: bool) {
    let mut confirmed = HashSet::new();
    loop {
        let text = match ws::next_text(&mut socket).await {
            Ok(text) => text,
            Err(err) => {
                if !shared.closing.load(Ordering::Acquire) {
                    eprintln!("a follower's connection ended: {err:#}");
                    shared.subscription_errors.fetch_add(1, Ordering::AcqRel);
                }
                return;
            }
        };
        if relay && &*text == "K" {
            shared.confirmed.fetch_add(1, Ordering::AcqRel);
            continue;
        }
        if !relay {
            if text.contains(r#""type":"ping""#) {
                let _ = socket.send(ws::pong()).await;
                continue;
            }
            if text.contains(r#""type":"error""#) || text.contains(r#""type":"complete""#) {
                shared.subscription_errors.fetch_add(1, Ordering::AcqRel);
                eprintln!("a subscription ended: {text}");
                continue;
            }
            if let Some(id) = ws::number_after(&text, r#""id":""#)
                && confirmed.insert(id)
            {
                shared.confirmed.fetch_add(1, Ordering::AcqRel);
            }
        }
        if !text.contains("MESSAGE_CREATED") {
            continue;
        }
        let Some((step_id, seq)) = marker(&text, "bench#") else {
            continue;
        };
        let Some(step) = shared.current().filter(|s| s.id == step_id) else {
            continue;
        };
        let Some(sent) = step.sent(seq) else { continue };
        let micros = stats::micros_between(sent, step.nanos());
        let (flags, latencies) = if text.contains(r#""BOT""#) {
            (&step.replied, &step.reply_latencies)
        } else {
            (&step.delivered, &step.latencies)
        };
        if flags[seq].swap(true, Ordering::AcqRel) {
            step.duplicates.fetch_add(1, Ordering::AcqRel);
        } else {
            latencies
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(micros);
        }
    }
}

/// A sender's answers: the host's mutation results (`next` with the operation id), the relay's
/// `A`.
async fn read_acks(
    mut stream: futures_util::stream::SplitStream<Socket>,
    sink: Arc<Sink>,
    shared: Arc<Shared>,
) {
    loop {
        let frame = match stream.next().await {
            Some(Ok(frame)) => frame,
            _ if shared.closing.load(Ordering::Acquire) => return,
            Some(Err(err)) => {
                eprintln!("a sender's connection failed: {err}");
                shared.subscription_errors.fetch_add(1, Ordering::AcqRel);
                return;
            }
            None => {
                eprintln!("a sender's connection was closed");
                shared.subscription_errors.fetch_add(1, Ordering::AcqRel);
                return;
            }
        };
        if let Message::Close(reason) = &frame {
            eprintln!("the server closed a sender's connection: {reason:?}");
        }
        let Message::Text(text) = frame else { continue };
        let Some(step) = shared.current() else {
            continue;
        };
        if &*text == "A" {
            step.acks.fetch_add(1, Ordering::AcqRel);
            continue;
        }
        if text.contains(r#""type":"ping""#) {
            let _ = sink.lock().await.send(ws::pong()).await;
            continue;
        }
        if text.contains(r#""type":"complete""#) {
            continue;
        }
        let Some((step_id, seq)) = marker(&text, r#""id":""#) else {
            continue;
        };
        if step_id != step.id {
            continue;
        }
        if text.contains(r#""type":"error""#) || text.contains(r#""errors""#) {
            step.errors.fetch_add(1, Ordering::AcqRel);
            if step.errors.load(Ordering::Acquire) <= 3 {
                eprintln!("a send failed: {text}");
            }
            continue;
        }
        step.acks.fetch_add(1, Ordering::AcqRel);
        if let Some(sent) = step.sent(seq) {
            let micros = stats::micros_between(sent, step.nanos());
            step.ack_latencies
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(micros);
        }
    }
}
