//! A bound on the operations one WebSocket has running. async-graphql's connection polls every
//! running operation each time one of them wakes, so a client that pipelines thousands of
//! mutations costs the server quadratic time: an overloaded benchmark step fell to ~200
//! messages/s at 16 ms of CPU each (docs/performance.md). Past the bound the server reads nothing
//! more from that connection until one of its operations ends, and TCP slows the client down.
//! (A client that keeps that many subscriptions open cannot be read until one ends, not even its
//! own `complete`: no real client comes near the bound.)

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::extract::ws::Message;
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use serde::Deserialize;
use tokio::sync::Notify;

/// Far above what the console keeps open (a handful of subscriptions), enough for an integrator
/// to pipeline sends.
pub const MAX_OPERATIONS: usize = 256;

#[derive(Default)]
struct Running {
    ids: Mutex<HashSet<String>>,
    ended: Notify,
}

impl Running {
    fn ids(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.ids.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn end(&self, id: &str) {
        if self.ids().remove(id) {
            self.ended.notify_one();
        }
    }
}

/// The fields of a graphql-transport-ws (or legacy graphql-ws) frame that say which operation
/// starts or ends.
#[derive(Deserialize)]
struct Frame {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
}

/// Wraps a connection's two halves: `incoming` pauses while `limit` operations run, `outgoing`
/// sees them end.
pub fn bounded<K, S>(
    outgoing: K,
    incoming: S,
    limit: usize,
) -> (
    impl Sink<Message, Error = axum::Error>,
    impl Stream<Item = Result<Message, axum::Error>>,
)
where
    K: Sink<Message, Error = axum::Error>,
    S: Stream<Item = Result<Message, axum::Error>> + Unpin,
{
    let running = Arc::new(Running::default());
    let watched = running.clone();
    let outgoing = outgoing.with(move |message: Message| {
        if let Message::Text(text) = &message
            // Only the rare frames that end an operation are parsed; `next` frames are not.
            && (text.starts_with(r#"{"type":"complete""#) || text.starts_with(r#"{"type":"error""#))
            && let Ok(Frame { id: Some(id), .. }) = serde_json::from_str(text)
        {
            watched.end(&id);
        }
        futures_util::future::ready(Ok::<_, axum::Error>(message))
    });
    let incoming = futures_util::stream::unfold(
        (incoming, running),
        move |(mut incoming, running)| async move {
            loop {
                let ended = running.ended.notified();
                if running.ids().len() < limit {
                    break;
                }
                ended.await;
            }
            let message = incoming.next().await?;
            if let Ok(Message::Text(text)) = &message
                && let Ok(Frame { kind, id: Some(id) }) = serde_json::from_str(text)
            {
                match kind.as_str() {
                    "subscribe" | "start" => {
                        running.ids().insert(id);
                    }
                    "complete" | "stop" => running.end(&id),
                    _ => {}
                }
            }
            Some((message, (incoming, running)))
        },
    );
    (outgoing, incoming)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::mpsc;
    use tokio_stream::wrappers::UnboundedReceiverStream;

    use super::*;

    type Frames = mpsc::UnboundedSender<Result<Message, axum::Error>>;

    /// A client's frames as the server reads them, and a sink for the server's answers.
    fn connection(
        limit: usize,
    ) -> (
        Frames,
        impl Sink<Message, Error = axum::Error>,
        impl Stream<Item = Result<Message, axum::Error>>,
    ) {
        let (client, from_client) = mpsc::unbounded_channel();
        let answers = futures_util::sink::drain().sink_map_err(|never| match never {});
        let (outgoing, incoming) =
            bounded(answers, UnboundedReceiverStream::new(from_client), limit);
        (client, outgoing, incoming)
    }

    fn text(json: &str) -> Result<Message, axum::Error> {
        Ok(Message::Text(json.into()))
    }

    #[tokio::test]
    async fn a_connection_at_its_bound_is_read_again_once_an_operation_ends() {
        let (client, outgoing, incoming) = connection(2);
        futures_util::pin_mut!(outgoing, incoming);
        for id in ["1", "2", "3"] {
            let frame = format!(r#"{{"id":"{id}","type":"subscribe","payload":{{}}}}"#);
            let _ = client.send(text(&frame));
        }
        assert!(incoming.next().await.is_some());
        assert!(incoming.next().await.is_some());
        let third = tokio::time::timeout(Duration::from_millis(50), incoming.next()).await;
        assert!(
            third.is_err(),
            "a third operation is not read while two run"
        );

        let answer = Message::Text(r#"{"type":"next","id":"1","payload":{}}"#.into());
        let _ = outgoing.send(answer).await;
        let still = tokio::time::timeout(Duration::from_millis(50), incoming.next()).await;
        assert!(still.is_err(), "an answer does not end an operation");

        let _ = outgoing
            .send(Message::Text(r#"{"type":"complete","id":"1"}"#.into()))
            .await;
        let third = tokio::time::timeout(Duration::from_secs(5), incoming.next()).await;
        assert!(
            matches!(third, Ok(Some(Ok(_)))),
            "read again once one ended"
        );
    }

    #[tokio::test]
    async fn a_client_ending_its_own_operation_frees_its_place() {
        let (client, _outgoing, incoming) = connection(2);
        futures_util::pin_mut!(incoming);
        for frame in [
            r#"{"id":"a","type":"subscribe","payload":{}}"#,
            r#"{"id":"a","type":"complete"}"#,
            r#"{"id":"b","type":"subscribe","payload":{}}"#,
            r#"{"id":"c","type":"subscribe","payload":{}}"#,
            r#"{"id":"d","type":"subscribe","payload":{}}"#,
        ] {
            let _ = client.send(text(frame));
        }
        for _ in 0..4 {
            assert!(incoming.next().await.is_some());
        }
        let fifth = tokio::time::timeout(Duration::from_millis(50), incoming.next()).await;
        assert!(fifth.is_err(), "b and c run: d waits");
    }
}
