//! Read and typing signals to a channel's provider: WhatsApp shows the customer blue ticks when
//! an agent has read their messages, and a typing indicator while a reply is written. The WIT
//! has no call for them, so a channel opts in through `describe().ext`
//! (`{"signals":["mark-read","typing"]}`) and gets each signal as a `send` of an
//! `outbound-message` without contents whose `ext` is
//! `{"signal":"mark-read"|"typing","externalId":"<the latest incoming message's provider id>"}`
//! (docs/plugins.md).
//!
//! Best effort by design: a signal is cosmetic and stale within seconds, so it is never stored,
//! never retried, and never slows or fails the agent's request. Requests go through a bounded
//! queue to one worker and are dropped when it is full; every outcome is counted in
//! `ispchat_channel_signals_total{signal,outcome}`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::clock::SharedClock;
use crate::error::Result;
use crate::plugins::{ActivePlugins, OutboundMessage, PluginRegistry};
use crate::storage::{self, Db};

/// Requests waiting for the worker; more are dropped.
const QUEUE: usize = 256;
/// WhatsApp's indicator lasts about 25 s: one signal per conversation per this long keeps it
/// showing while an agent types, without a call per keystroke.
const TYPING_EVERY: Duration = Duration::from_secs(20);
/// Conversations remembered for throttling and de-duplication before old entries are dropped.
const REMEMBERED: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    MarkRead,
    Typing,
}

impl Signal {
    pub fn as_str(self) -> &'static str {
        match self {
            Signal::MarkRead => "mark-read",
            Signal::Typing => "typing",
        }
    }
}

/// Whether a channel's `describe().ext` opts in to `signal`.
pub fn opted_in(ext: &str, signal: Signal) -> bool {
    serde_json::from_str::<serde_json::Value>(ext)
        .ok()
        .and_then(|ext| {
            ext.get("signals")?
                .as_array()
                .map(|s| s.iter().any(|s| s.as_str() == Some(signal.as_str())))
        })
        .unwrap_or(false)
}

#[derive(Debug)]
struct Request {
    conversation_id: Uuid,
    signal: Signal,
}

fn count(signal: Signal, outcome: &'static str) {
    metrics::counter!("ispchat_channel_signals_total", "signal" => signal.as_str(), "outcome" => outcome)
        .increment(1);
}

/// The conversation service's end: cheap to clone, never blocks.
#[derive(Clone)]
pub struct SignalQueue {
    sender: mpsc::Sender<Request>,
    clock: SharedClock,
    /// When each conversation last had a typing signal queued.
    typing: Arc<Mutex<HashMap<Uuid, DateTime<Utc>>>>,
}

impl SignalQueue {
    /// A queue and the worker that empties it (to be `run`).
    pub fn new(
        db: Db,
        clock: SharedClock,
        plugins: Arc<PluginRegistry>,
    ) -> (SignalQueue, ChannelSignals) {
        let (sender, receiver) = mpsc::channel(QUEUE);
        let queue = SignalQueue {
            sender,
            clock,
            typing: Arc::default(),
        };
        let worker = ChannelSignals {
            db,
            plugins,
            receiver,
            read: HashMap::new(),
        };
        (queue, worker)
    }

    /// Asks for `signal` in the conversation's channel, if it takes signals. Typing is throttled
    /// to one per conversation per [`TYPING_EVERY`].
    pub fn request(&self, conversation_id: Uuid, signal: Signal) {
        if signal == Signal::Typing && !self.typing_due(conversation_id) {
            count(signal, "throttled");
            return;
        }
        let request = Request {
            conversation_id,
            signal,
        };
        if self.sender.try_send(request).is_err() {
            count(signal, "dropped");
        }
    }

    fn typing_due(&self, conversation_id: Uuid) -> bool {
        let now = self.clock.now();
        let every = chrono::Duration::from_std(TYPING_EVERY).unwrap_or_default();
        let Ok(mut last) = self.typing.lock() else {
            return true;
        };
        if last
            .get(&conversation_id)
            .is_some_and(|at| now - *at < every)
        {
            return false;
        }
        if last.len() >= REMEMBERED {
            last.retain(|_, at| now - *at < every);
        }
        last.insert(conversation_id, now);
        true
    }
}

/// The worker: one signal at a time, through the conversation's channel plugin.
pub struct ChannelSignals {
    db: Db,
    plugins: Arc<PluginRegistry>,
    receiver: mpsc::Receiver<Request>,
    /// The external id last marked read per conversation, so a repeated `markRead` sends nothing.
    read: HashMap<Uuid, String>,
}

impl ChannelSignals {
    pub async fn run(mut self, shutdown: CancellationToken) {
        loop {
            let request = tokio::select! {
                _ = shutdown.cancelled() => break,
                request = self.receiver.recv() => match request {
                    Some(request) => request,
                    None => break,
                },
            };
            let signal = request.signal;
            match self.deliver(request).await {
                Ok(Some(outcome)) => count(signal, outcome),
                // Channels that did not opt in get nothing, and are not counted.
                Ok(None) => {}
                Err(err) => {
                    tracing::info!(signal = signal.as_str(), %err, "channel signal not sent");
                    count(signal, "failed");
                }
            }
        }
    }

    /// Sends one signal; returns the outcome's label, `None` when the channel takes no signal.
    async fn deliver(&mut self, request: Request) -> Result<Option<&'static str>> {
        let Request {
            conversation_id,
            signal,
        } = request;
        let (plugin, inbox_id, recipient, external_id) = {
            let mut conn = self.db.acquire().await?;
            let Some(conversation) =
                storage::conversations::find_by_id(conn.conn(), conversation_id).await?
            else {
                return Ok(Some("skipped"));
            };
            let Some(plugin) = storage::inboxes::find_by_id(conn.conn(), conversation.inbox_id)
                .await?
                .and_then(|inbox| inbox.plugin_id)
                .and_then(|id| self.plugins.get(&id))
                .filter(|p| {
                    p.channel_info()
                        .is_some_and(|info| opted_in(&info.ext, signal))
                })
            else {
                return Ok(None);
            };
            let recipient = storage::contacts::identities(conn.conn(), conversation.contact_id)
                .await?
                .into_iter()
                .find(|(inbox_id, _)| *inbox_id == conversation.inbox_id)
                .map(|(_, identifier)| identifier);
            let external_id =
                storage::messages::latest_incoming_external_id(conn.conn(), conversation_id)
                    .await?;
            let (Some(recipient), Some(external_id)) = (recipient, external_id) else {
                return Ok(Some("skipped"));
            };
            (plugin, conversation.inbox_id, recipient, external_id)
        };
        if signal == Signal::MarkRead && self.read.get(&conversation_id) == Some(&external_id) {
            return Ok(Some("skipped"));
        }
        let message = OutboundMessage {
            inbox_id: inbox_id.to_string(),
            message_id: Uuid::now_v7().to_string(),
            conversation_id: conversation_id.to_string(),
            recipient,
            contents: Vec::new(),
            reply_to_external_id: None,
            ext: json!({ "signal": signal.as_str(), "externalId": external_id }).to_string(),
        };
        match self.plugins.send(&plugin, &message).await {
            Ok(Ok(_)) => {
                if signal == Signal::MarkRead {
                    if self.read.len() >= REMEMBERED {
                        self.read.clear();
                    }
                    self.read.insert(conversation_id, external_id);
                }
                Ok(Some("sent"))
            }
            Ok(Err(error)) => {
                tracing::info!(plugin = plugin.id(), signal = signal.as_str(), kind = ?error.kind, message = %error.message, "the channel refused a signal");
                Ok(Some("failed"))
            }
            Err(error) => {
                tracing::info!(plugin = plugin.id(), signal = signal.as_str(), %error, "a channel signal failed");
                Ok(Some("failed"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_opt_in_signal_by_signal_through_describe_ext() {
        let both = r#"{"signals":["mark-read","typing"]}"#;
        assert!(opted_in(both, Signal::MarkRead));
        assert!(opted_in(both, Signal::Typing));
        let read_only = r#"{"signals":["mark-read"],"other":1}"#;
        assert!(opted_in(read_only, Signal::MarkRead));
        assert!(!opted_in(read_only, Signal::Typing));
        for none in [
            "",
            "{}",
            "not json",
            r#"{"signals":"typing"}"#,
            r#"["typing"]"#,
        ] {
            assert!(!opted_in(none, Signal::Typing), "{none}");
        }
    }
}
