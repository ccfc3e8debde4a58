//! WebSocket clients: a connection from a chosen source address (one address runs out of
//! ephemeral ports long before the server runs out of file descriptors), and the few
//! graphql-transport-ws frames the benchmark speaks.

use std::net::{IpAddr, SocketAddr};

use anyhow::{Context, Result, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};
use tokio_tungstenite::{WebSocketStream, client_async_with_config};

pub type Socket = WebSocketStream<TcpStream>;

pub const GRAPHQL_WS: &str = "graphql-transport-ws";

/// Small buffers: a load generator holding thousands of idle connections must not need more
/// memory than the server it measures.
pub fn client_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0)
}

pub async fn connect(
    url: &str,
    source: Option<IpAddr>,
    subprotocol: Option<&str>,
) -> Result<Socket> {
    let mut request = url.into_client_request()?;
    let host = request
        .uri()
        .host()
        .context("no host in the URL")?
        .to_string();
    let port = request.uri().port_u16().unwrap_or(80);
    let server: SocketAddr = format!("{host}:{port}")
        .parse()
        .context("the URL's host must be an IP address")?;
    let socket = if server.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    if let Some(ip) = source {
        socket
            .bind(SocketAddr::new(ip, 0))
            .with_context(|| format!("binding to {ip}"))?;
    }
    let stream = socket.connect(server).await?;
    stream.set_nodelay(true)?;
    if let Some(protocol) = subprotocol {
        request
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_str(protocol)?);
    }
    let (socket, _) = client_async_with_config(request, stream, Some(client_config())).await?;
    Ok(socket)
}

/// Opens a graphql-transport-ws connection signed in with `token`.
pub async fn graphql_connect(url: &str, source: Option<IpAddr>, token: &str) -> Result<Socket> {
    let mut socket = connect(url, source, Some(GRAPHQL_WS)).await?;
    let init =
        json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {token}")}});
    socket.send(Message::text(init.to_string())).await?;
    loop {
        let frame = next_text(&mut socket).await?;
        let value: Value = serde_json::from_str(&frame)?;
        match value["type"].as_str() {
            Some("connection_ack") => return Ok(socket),
            Some("ping") => socket.send(pong()).await?,
            _ => bail!("the server refused the connection: {frame}"),
        }
    }
}

pub fn subscribe(id: &str, query: &str, variables: Value) -> Message {
    Message::text(
        json!({"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables}})
            .to_string(),
    )
}

pub fn pong() -> Message {
    Message::text(r#"{"type":"pong"}"#)
}

/// The next text frame, answering pings on the way.
pub async fn next_text(socket: &mut Socket) -> Result<Utf8Bytes> {
    while let Some(message) = socket.next().await {
        match message? {
            Message::Text(text) => return Ok(text),
            Message::Ping(data) => socket.send(Message::Pong(data)).await?,
            Message::Close(frame) => bail!("closed by the server: {frame:?}"),
            _ => {}
        }
    }
    bail!("the connection ended")
}

/// The digits right after `marker` in `text`: how a delivered frame names its message without
/// parsing the whole frame.
pub fn number_after(text: &str, marker: &str) -> Option<u64> {
    let start = text.find(marker)? + marker.len();
    let digits = text[start..].bytes().take_while(u8::is_ascii_digit).count();
    text[start..start + digits].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_number_after_a_marker() {
        let frame = r#"{"content":"Você disse: \"bench#3.1207#\""}"#;
        assert_eq!(number_after(frame, "bench#"), Some(3));
        assert_eq!(number_after(frame, "bench#3."), Some(1207));
        assert_eq!(number_after(frame, "fanout#"), None);
        assert_eq!(number_after("bench#x", "bench#"), None);
    }
}
