//! The baseline: a bare WebSocket relay (tokio + tungstenite; no authentication, storage or
//! GraphQL) that forwards each published message to the subscribers of its topic. Whatever the
//! host does beyond this costs what the ratios in the report show.
//!
//! Frames, all text: `S <topic>` subscribes (answered `K`), `P <topic> <body>` publishes `<body>`
//! to the topic's subscribers (answered `A`).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use anyhow::Result;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::accept_async_with_config;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

type Outbox = mpsc::UnboundedSender<Message>;

#[derive(Default)]
struct Topics(RwLock<HashMap<String, Vec<Outbox>>>);

pub async fn serve(listener: TcpListener) -> Result<()> {
    let topics = Arc::new(Topics::default());
    loop {
        let (stream, _) = listener.accept().await?;
        let topics = topics.clone();
        tokio::spawn(async move {
            // A client that misbehaves loses its connection, nothing else.
            let _ = connection(stream, topics).await;
        });
    }
}

async fn connection(stream: TcpStream, topics: Arc<Topics>) -> Result<()> {
    stream.set_nodelay(true)?;
    // The same buffer sizes as the host's WebSocket, so idle memory compares like with like.
    let socket = accept_async_with_config(stream, Some(crate::ws::client_config())).await?;
    let (mut sink, mut frames) = socket.split();
    let (outbox, mut queued) = mpsc::unbounded_channel::<Message>();
    let writer = tokio::spawn(async move {
        while let Some(message) = queued.recv().await {
            sink.feed(message).await?;
            while let Ok(more) = queued.try_recv() {
                sink.feed(more).await?;
            }
            sink.flush().await?;
        }
        anyhow::Ok(())
    });
    while let Some(frame) = frames.next().await {
        let Message::Text(text) = frame? else {
            continue;
        };
        if let Some(topic) = text.strip_prefix("S ") {
            let mut map = topics.0.write().unwrap_or_else(|e| e.into_inner());
            map.entry(topic.to_string())
                .or_default()
                .push(outbox.clone());
            let _ = outbox.send(Message::text("K"));
        } else if let Some(rest) = text.strip_prefix("P ") {
            let Some((topic, body)) = rest.split_once(' ') else {
                continue;
            };
            let body = Message::Text(Utf8Bytes::from(body));
            let map = topics.0.read().unwrap_or_else(|e| e.into_inner());
            for subscriber in map.get(topic).into_iter().flatten() {
                let _ = subscriber.send(body.clone());
            }
            drop(map);
            let _ = outbox.send(Message::text("A"));
        }
    }
    writer.abort();
    Ok(())
}
