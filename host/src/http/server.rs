//! The accept loop: axum's `serve`, plus the bounds a public server needs on its connections.
//!
//! - **Header-read timeout**: hyper closes a connection whose request headers (or next request,
//!   on a kept-alive connection) have not fully arrived in time. axum's `serve` sets no timer, so
//!   a client sending one header byte a minute held its connection forever.
//! - **Connections per client address** (IPv6 counted per /64): past the cap a new connection is
//!   closed at once. WebSockets count for as long as they are open. Off behind a trusted reverse
//!   proxy, where every connection comes from the proxy (nginx's `limit_conn` does it there).
//! - `TCP_NODELAY` on every connection: events are small frames written one after another, and
//!   with Nagle's algorithm each waited for the peer's delayed ACK of the one before
//!   (docs/performance.md).
//!
//! Shutdown: the listener closes, connections in flight finish their request (hyper's graceful
//! shutdown), and the loop returns once all have or after the caller's drain timeout.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt as _;

use crate::auth::rate_limit::client_key;

#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// How long a client has to send a request's headers, and how long an idle kept-alive
    /// connection stays open.
    pub header_read_timeout: Duration,
    /// Open connections per client address; None: no cap.
    pub per_address: Option<usize>,
}

/// Open connections per client address.
#[derive(Default)]
struct OpenConnections {
    counts: Mutex<HashMap<IpAddr, usize>>,
}

impl OpenConnections {
    fn admit(self: &Arc<Self>, ip: IpAddr, cap: usize) -> Option<ConnectionSlot> {
        let key = client_key(ip);
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let count = counts.entry(key).or_default();
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(ConnectionSlot {
            open: self.clone(),
            key,
        })
    }
}

/// Held by a connection's IO for as long as it is open.
struct ConnectionSlot {
    open: Arc<OpenConnections>,
    key: IpAddr,
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut counts = self.open.counts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = counts.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.key);
            }
        }
    }
}

/// A TCP connection that gives its slot back when it closes.
struct CountedStream {
    stream: TcpStream,
    _slot: Option<ConnectionSlot>,
}

impl AsyncRead for CountedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for CountedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Serves `app` on `listener` until `shutdown`, then drains for at most `drain`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: CancellationToken,
    drain: Duration,
) {
    let open = Arc::new(OpenConnections::default());
    let connections = TaskTracker::new();
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(err) => {
                // Out of file descriptors and the like: give the connections in flight time to
                // end instead of spinning (as axum's `serve` does).
                tracing::warn!(%err, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let slot = match limits.per_address {
            None => None,
            Some(cap) => match open.admit(peer.ip(), cap) {
                Some(slot) => Some(slot),
                None => {
                    metrics::counter!("ispchat_connections_refused_total", "reason" => "per_address")
                        .increment(1);
                    tracing::debug!(%peer, "connection refused: too many from this address");
                    continue;
                }
            },
        };
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(%err, "cannot set TCP_NODELAY on a connection");
        }
        let io = TokioIo::new(CountedStream {
            stream,
            _slot: slot,
        });
        let app = app.clone();
        let shutdown = shutdown.clone();
        connections.spawn(serve_connection(io, peer, app, limits, shutdown));
    }
    drop(listener);
    connections.close();
    if tokio::time::timeout(drain, connections.wait())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the drain timeout; closing");
    }
}

async fn serve_connection(
    io: TokioIo<CountedStream>,
    peer: SocketAddr,
    app: Router,
    limits: ConnectionLimits,
    shutdown: CancellationToken,
) {
    let service = tower::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        let app = app.clone();
        async move {
            let response = app.oneshot(request.map(Body::new)).await;
            Ok::<_, Infallible>(response.unwrap_or_else(|never| match never {}))
        }
    });
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    // The CONNECT protocol carries WebSockets over HTTP/2.
    builder
        .http2()
        .timer(TokioTimer::new())
        .enable_connect_protocol();
    let connection = builder.serve_connection_with_upgrades(io, TowerToHyperService::new(service));
    tokio::pin!(connection);
    let mut draining = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(err) = result {
                    tracing::trace!(%err, "connection ended with an error");
                }
                break;
            }
            () = shutdown.cancelled(), if !draining => {
                draining = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_counts_open_connections_per_address_and_ipv6_per_64() {
        let open = Arc::new(OpenConnections::default());
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        let first = open.admit(a, 2);
        let second = open.admit(b, 2);
        assert!(first.is_some() && second.is_some());
        assert!(open.admit(a, 2).is_none(), "a third from the same /64");
        assert!(
            open.admit(other, 2).is_some(),
            "another /64 has its own count"
        );
        drop(first);
        assert!(
            open.admit(b, 2).is_some(),
            "a closed connection frees its slot"
        );
    }
}
