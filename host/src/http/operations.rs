//! A bound on the operations one WebSocket has running. async-graphql's connection polls every
//! running operation each time one of them wakes, so a client that pipelines thousands of
//! mutations costs the server quadratic time: an overloaded benchmark step fell to ~200
//! messages/s at 16 ms of CPU each (docs/performance.md). Past the bound the server reads nothing
//! more from that connection until one of its operations ends, and TCP slows the client down.
//! (A client that keeps that many subscriptions open cannot be read until one ends, not even its
//! own `complete`: no real client comes near the bound.)
//!
//! The outgoing half also says a request error the way graphql-transport-ws does: async-graphql
//! answers an operation that never ran (it does not parse or validate, its persisted query is
//! unknown) with a `next` carrying only errors, then `complete`; the protocol (and the
//! `graphql-ws` client) expects one `error` message with the errors, and nothing after it.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use async_graphql::ServerError;
use axum::extract::ws::Message;
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use serde::Deserialize;
use tokio::sync::Notify;

use crate::graphql::errors::code_request_error;

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
    let mut errored: HashSet<String> = HashSet::new();
    let outgoing = outgoing.with_flat_map(move |message: Message| {
        let message = match &message {
            Message::Text(text) => match as_request_error(text) {
                Some((id, error)) => {
                    watched.end(&id);
                    errored.insert(id);
                    Some(Message::Text(error.into()))
                }
                None => {
                    // Only the rare frames that end an operation are parsed; `next` frames
                    // are not (beyond the prefix checks above).
                    if (text.starts_with(r#"{"type":"complete""#)
                        || text.starts_with(r#"{"type":"error""#))
                        && let Ok(Frame { id: Some(id), .. }) = serde_json::from_str(text)
                    {
                        watched.end(&id);
                        // The operation already ended with its `error`.
                        if errored.remove(&id) {
                            None
                        } else {
                            Some(message)
                        }
                    } else {
                        Some(message)
                    }
                }
            },
            _ => Some(message),
        };
        futures_util::stream::iter(message.map(Ok::<_, axum::Error>))
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

/// A graphql-transport-ws `next` frame that carries a request error (no data, errors without a
/// path) as the `error` frame the protocol wants: `(id, frame)`. Legacy graphql-ws frames
/// (`"type":"data"`) are left as they are.
fn as_request_error(text: &str) -> Option<(String, String)> {
    // Every event goes through here: only the frame's start is looked at (the payload key comes
    // right after the id, and cannot occur inside the id's JSON string) before parsing anything.
    let payload_at = text
        .strip_prefix(r#"{"type":"next""#)?
        .find(r#","payload":"#)?;
    let payload = &text[r#"{"type":"next""#.len() + payload_at + r#","payload":"#.len()..];
    if !payload.starts_with(r#"{"data":null,"errors""#) {
        return None;
    }
    let frame: serde_json::Value = serde_json::from_str(text).ok()?;
    let id = frame.get("id")?.as_str()?.to_owned();
    let payload = frame.get("payload")?.as_object()?;
    let errors: Vec<ServerError> = serde_json::from_value(payload.get("errors")?.clone()).ok()?;
    let request_error =
        !errors.is_empty() && payload.len() == 2 && errors.iter().all(|e| e.path.is_empty());
    if !request_error {
        return None;
    }
    let errors: Vec<ServerError> = errors.into_iter().map(code_request_error).collect();
    let error = serde_json::json!({ "type": "error", "id": id, "payload": errors });
    Some((id, error.to_string()))
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

    #[test]
    fn a_request_error_is_an_error_frame_and_a_field_error_stays_next() {
        let refused = r#"{"type":"next","id":"7","payload":{"data":null,"errors":[{"message":"Unknown field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}}"#;
        let (id, frame) = as_request_error(refused).unwrap_or_else(|| panic!("not converted"));
        assert_eq!(id, "7");
        let frame: serde_json::Value = serde_json::from_str(&frame).unwrap_or_default();
        assert_eq!(frame["type"], "error");
        assert_eq!(
            frame["payload"][0]["extensions"]["code"],
            "GRAPHQL_VALIDATION_FAILED"
        );
        let uncoded = r#"{"type":"next","id":"8","payload":{"data":null,"errors":[{"message":"Unknown operation named \"B\""}]}}"#;
        let (_, frame) = as_request_error(uncoded).unwrap_or_else(|| panic!("not converted"));
        assert!(frame.contains(r#""code":"BAD_USER_INPUT""#), "{frame}");
        assert!(frame.contains(r#""field":"operationName""#), "{frame}");
        // An error while resolving has a path: the operation ran, it stays a `next`.
        let field = r#"{"type":"next","id":"9","payload":{"data":null,"errors":[{"message":"x","path":["conversationEvents"]}]}}"#;
        assert!(as_request_error(field).is_none());
        assert!(
            as_request_error(r#"{"type":"next","id":"1","payload":{"data":{"a":1}}}"#).is_none()
        );
    }

    #[tokio::test]
    async fn a_request_errors_complete_is_not_sent_after_its_error() {
        let (answers, mut sent) = futures_channel_like();
        let (client, incoming) = mpsc::unbounded_channel::<Result<Message, axum::Error>>();
        drop(client);
        let (outgoing, _incoming) = bounded(answers, UnboundedReceiverStream::new(incoming), 2);
        futures_util::pin_mut!(outgoing);
        let refused = r#"{"type":"next","id":"1","payload":{"data":null,"errors":[{"message":"bad","extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}}"#;
        for frame in [
            refused,
            r#"{"type":"complete","id":"1"}"#,
            r#"{"type":"complete","id":"2"}"#,
        ] {
            let _ = outgoing.send(Message::Text(frame.into())).await;
        }
        let mut kinds = Vec::new();
        while let Ok(Message::Text(text)) = sent.try_recv() {
            let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            kinds.push(format!(
                "{} {}",
                value["type"].as_str().unwrap_or(""),
                value["id"].as_str().unwrap_or("")
            ));
        }
        assert_eq!(kinds, ["error 1", "complete 2"]);
    }

    /// A sink whose messages can be read back.
    fn futures_channel_like() -> (
        impl Sink<Message, Error = axum::Error>,
        mpsc::UnboundedReceiver<Message>,
    ) {
        let (tx, rx) = mpsc::unbounded_channel();
        let sink = futures_util::sink::unfold(tx, |tx, message: Message| async move {
            let _ = tx.send(message);
            Ok::<_, axum::Error>(tx)
        });
        (sink, rx)
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
