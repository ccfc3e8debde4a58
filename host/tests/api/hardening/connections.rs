//! Holding connections: slow headers, idle kept-alive connections, too many from one address,
//! WebSockets that never initialise or outlive their access; and /metrics kept private.

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{Backend, TestApp, WAIT_LIMIT, WsClient, eventually};

/// Reads until the server closes the connection; `false` if it is still open after `wait`.
async fn closed_by_server(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut buffer = [0u8; 4096];
    let read_until_closed = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    };
    tokio::time::timeout(wait, read_until_closed).await.is_ok()
}

fn address(app: &TestApp) -> String {
    app.base_url.trim_start_matches("http://").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_and_idle_connections_are_closed() {
    let app = TestApp::start_with(Backend::Sqlite, |config| {
        config.header_read_timeout = Duration::from_secs(1);
    })
    .await;
    // Slowloris: a request line, then a header byte now and then, never the end of the headers.
    let mut slow = TcpStream::connect(address(&app)).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // A kept-alive connection that never sends its next request.
    let mut idle = TcpStream::connect(address(&app)).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = [0u8; 64];
    let read = idle.read(&mut answer).await.unwrap_or(0);
    assert!(
        answer[..read].starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&answer[..read])
    );
    // Time is the subject: a client that sends a byte every 300 ms, past the 1 s header timeout.
    let trickle = async {
        for _ in 0..10 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if slow.write_all(b"X").await.is_err() {
                return;
            }
        }
    };
    trickle.await;
    assert!(
        closed_by_server(&mut slow, Duration::from_secs(5)).await,
        "slow headers kept open"
    );
    assert!(
        closed_by_server(&mut idle, Duration::from_secs(5)).await,
        "idle connection kept open"
    );
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_hold_more_than_its_share_of_connections() {
    let app = TestApp::start_with(Backend::Sqlite, |config| {
        config.max_connections_per_address = Some(5);
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..5 {
        let mut stream = TcpStream::connect(address(&app)).await.unwrap();
        // Served: the server accepted it before the sixth arrives.
        assert!(
            served(&mut stream).await,
            "one of the first five was refused"
        );
        held.push(stream);
    }
    let mut sixth = TcpStream::connect(address(&app)).await.unwrap();
    assert!(
        closed_by_server(&mut sixth, Duration::from_secs(2)).await,
        "the sixth was served"
    );
    for stream in &mut held {
        assert!(served(stream).await, "a held one was closed");
    }
    // Closing one frees its place, once the server has seen it closed.
    drop(held.pop());
    eventually("a place freed by closing a connection", || async {
        let mut again = TcpStream::connect(address(&app)).await.ok()?;
        served(&mut again).await.then_some(())
    })
    .await;
    app.shutdown().await;
}

/// Sends `GET /healthz` on the kept-alive `stream` and reads the whole answer: whether it was a
/// 200 (`false` when the server closed the connection instead).
async fn served(stream: &mut TcpStream) -> bool {
    if stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .is_err()
    {
        return false;
    }
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    let complete = |answer: &[u8]| {
        let text = String::from_utf8_lossy(answer);
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            return false;
        };
        let length = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            })
            .unwrap_or(0);
        body.len() >= length
    };
    while !complete(&answer) {
        let read = tokio::time::timeout(WAIT_LIMIT, stream.read(&mut buffer)).await;
        match read {
            Ok(Ok(0)) | Ok(Err(_)) => return false,
            Ok(Ok(read)) => answer.extend_from_slice(&buffer[..read]),
            Err(_) => panic!("no answer within {WAIT_LIMIT:?}"),
        }
    }
    answer.starts_with(b"HTTP/1.1 200")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websockets_say_why_they_are_closed() {
    let app = TestApp::start_with(Backend::Sqlite, |config| {
        config.websocket_init_timeout = Duration::from_millis(500);
    })
    .await;
    // Never initialised: graphql-ws's 4408.
    let mut silent = WsClient::open(&app).await;
    assert_eq!(
        silent.close_code_within(Duration::from_secs(5)).await,
        Some(4408)
    );

    // The user is deactivated while connected: 4403.
    let admin = app.admin().await;
    let agent = app.user(&admin.access, "AGENT", "carla").await;
    let (mut socket, ack) = WsClient::connect(&app, Some(&agent.access)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let deactivate = "mutation($id: ID!) { updateUser(id: $id, input: {status: INACTIVE}) { id } }";
    let body = app
        .gql(
            Some(&admin.access),
            deactivate,
            json!({ "id": agent.user_id }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        socket.close_code_within(Duration::from_secs(5)).await,
        Some(4403)
    );

    // The server shuts down: 1001, going away.
    let (mut socket, ack) = WsClient::connect(&app, Some(&admin.access)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let stopping = tokio::spawn(app.shutdown());
    assert_eq!(
        socket.close_code_within(Duration::from_secs(10)).await,
        Some(1001)
    );
    stopping.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_needs_every_migration_applied() {
    let app = TestApp::start(Backend::Sqlite).await;
    let ready = |app: &TestApp| {
        let request = app.http.get(format!("{}/readyz", app.base_url)).send();
        async move {
            request
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or_default()
        }
    };
    assert_eq!(ready(&app).await, 200);
    // The newest migration rolled back out from under the server.
    app.execute(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await;
    assert_eq!(ready(&app).await, 503);
    app.execute("DROP TABLE _sqlx_migrations").await;
    assert_eq!(ready(&app).await, 503);
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_can_require_a_token_or_move_to_their_own_address() {
    let token = "metrics-token-0123456789";
    let app = TestApp::start_with(Backend::Sqlite, |c| {
        c.metrics_token = Some(ispchat_host::config::Secret::new(token));
    })
    .await;
    let url = format!("{}/metrics", app.base_url);
    let open = app.http.get(&url).send().await.unwrap();
    assert_eq!(open.status(), 401);
    let wrong = app.http.get(&url).bearer_auth("nope").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let right = app.http.get(&url).bearer_auth(token).send().await.unwrap();
    assert_eq!(right.status(), 200);
    app.shutdown().await;

    let app = TestApp::start_with(Backend::Sqlite, |c| {
        c.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let main = app
        .http
        .get(format!("{}/metrics", app.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(main.status(), 404, "not on the public address");
    let metrics_addr = app
        .server
        .as_ref()
        .and_then(|s| s.metrics_addr)
        .unwrap_or_else(|| panic!("no metrics address"));
    let own = app
        .http
        .get(format!("http://{metrics_addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    assert!(own.text().await.unwrap_or_default().contains("ispchat_"));
    app.shutdown().await;
}
