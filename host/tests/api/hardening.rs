//! Hostile clients: each test sends what an attacker would (a fragment bomb, slow headers, a
//! flood of idle connections, password guessing from many places) and checks that the server
//! answers in bounded time and keeps serving everyone else. Loopback only.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{ADMIN_PASSWORD, Backend, TestApp, WsClient, data, error_code, error_field};

/// `fragment F1 on Query { ...F0 ...F0 }`, … : 2^levels selections of `__typename` in ~30 bytes
/// a level.
fn fragment_bomb(levels: usize) -> String {
    let mut document =
        format!("query Bomb {{ ...F{levels} }}\nfragment F0 on Query {{ __typename }}\n");
    for n in 1..=levels {
        document.push_str(&format!(
            "fragment F{n} on Query {{ ...F{m} ...F{m} }}\n",
            m = n - 1
        ));
    }
    document
}

async fn post(app: &TestApp, body: &Value) -> (u16, Value) {
    let response = app
        .http
        .post(format!("{}/graphql", app.base_url))
        .json(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fragment_bomb_is_refused_before_any_work() {
    let app = TestApp::start(Backend::Sqlite).await;
    let bomb = fragment_bomb(40);
    assert!(bomb.len() < 2_000, "the bomb is {} bytes", bomb.len());
    // Expanded, this is 2^40 selections: without the bound it never answers. The bound on time
    // here is loose on purpose (a debug build on a busy machine); the work itself is linear.
    let started = Instant::now();
    let request = json!({ "query": bomb });
    let requests = (0..4).map(|_| post(&app, &request));
    let answers = tokio::time::timeout(
        Duration::from_secs(10),
        futures_util::future::join_all(requests),
    )
    .await
    .unwrap_or_else(|_| panic!("the server is still expanding fragments"));
    for (status, body) in answers {
        assert_eq!(status, 400, "{body}");
        assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["limit"], "selections",
            "{body}"
        );
        assert!(body.get("data").is_none(), "{body}");
    }
    assert!(started.elapsed() < Duration::from_secs(10));

    // Aliases of `__typename` count too: 1,500 is over the bound of 1,000 selections...
    let aliases: String = (0..1500).map(|i| format!("a{i}: __typename ")).collect();
    let (status, body) = post(&app, &json!({ "query": format!("{{ {aliases} }}") })).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["limit"], "selections",
        "{body}"
    );
    // ...and 50,000 of them are refused on size before being parsed.
    let aliases: String = (0..50_000).map(|i| format!("a{i}:__typename ")).collect();
    let (status, body) = post(&app, &json!({ "query": format!("{{{aliases}}}") })).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["limit"], "documentBytes",
        "{body}"
    );
    // A document of many small tokens under the byte limit is refused on its token count.
    let tokens = format!("{{ __typename {} }}", "@a ".repeat(12_000));
    let (status, body) = post(&app, &json!({ "query": tokens })).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "tokens", "{body}");

    // The same bomb over a WebSocket is refused as the operation's error.
    let (mut socket, ack) = WsClient::connect(&app, None).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
        .send(json!({ "id": "1", "type": "subscribe", "payload": { "query": bomb } }))
        .await;
    // A request error is graphql-transport-ws's `error` frame, with nothing after it.
    let reply = socket.next().await.unwrap_or(Value::Null);
    assert_eq!(
        (&reply["type"], &reply["id"]),
        (&json!("error"), &json!("1")),
        "{reply}"
    );
    assert_eq!(
        reply["payload"][0]["extensions"]["limit"], "selections",
        "{reply}"
    );
    assert!(
        socket
            .next_within(Duration::from_millis(300))
            .await
            .is_none(),
        "no `complete` after it"
    );

    // Everyone else is still served.
    let (status, body) = post(&app, &json!({ "query": "{ __typename }" })).await;
    assert_eq!((status, &data(&body)["__typename"]), (200, &json!("Query")));
    app.shutdown().await;
}

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
    let mut slow = TcpStream::connect(address(&app))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // A kept-alive connection that never sends its next request.
    let mut idle = TcpStream::connect(address(&app))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut answer = [0u8; 64];
    let read = idle.read(&mut answer).await.unwrap_or(0);
    assert!(
        answer[..read].starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&answer[..read])
    );
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
        held.push(
            TcpStream::connect(address(&app))
                .await
                .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    // Let the server accept all five before the sixth arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut sixth = TcpStream::connect(address(&app))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        closed_by_server(&mut sixth, Duration::from_secs(2)).await,
        "the sixth was served"
    );
    for stream in &mut held {
        assert!(
            !closed_by_server(stream, Duration::from_millis(50)).await,
            "a held one was closed"
        );
    }
    // Closing one frees its place.
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut again = TcpStream::connect(address(&app))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    again
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut answer = [0u8; 64];
    let read = again.read(&mut answer).await.unwrap_or(0);
    assert!(answer[..read].starts_with(b"HTTP/1.1 200"));
    app.shutdown().await;
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
    stopping.await.unwrap_or_else(|e| panic!("{e}"));
}

async fn login_from(app: &TestApp, address: &str, login: &str, password: &str) -> Value {
    app.http
        .post(format!("{}/graphql", app.base_url))
        .header("X-Forwarded-For", address)
        .json(&json!({
            "query": "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }",
            "variables": { "l": login, "p": password },
        }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_username_and_its_e_mail_share_one_guessing_budget() {
    let app = TestApp::start_with(Backend::Sqlite, |c| c.login_attempts_per_account = 3).await;
    for login in ["admin", "admin@ispchat.test", "ADMIN"] {
        assert_eq!(
            error_code(&app.try_login(login, "wrong-password").await),
            "UNAUTHENTICATED"
        );
    }
    let limited = app.try_login("admin@ispchat.test", "wrong-password").await;
    assert_eq!(error_code(&limited), "RATE_LIMITED", "{limited}");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_from_many_addresses_cannot_lock_the_admin_out() {
    let app = TestApp::start_with(Backend::Sqlite, |c| {
        c.trust_forwarded_for = true;
        c.login_attempts_per_account = 5;
        c.login_attempts_per_account_per_hour = 6;
    })
    .await;
    let office = "198.51.100.7";
    let signed_in = login_from(&app, office, "admin", ADMIN_PASSWORD).await;
    assert!(
        data(&signed_in)["login"]["accessToken"].is_string(),
        "{signed_in}"
    );
    // An attacker spreads guesses over many addresses (IPv6 ones in different /64s).
    let mut limited = 0;
    for n in 0..12 {
        let address = format!("2001:db8:{n:x}::1");
        let body = login_from(&app, &address, "admin", &format!("guess-number-{n}")).await;
        if error_code(&body) == "RATE_LIMITED" {
            limited += 1;
        }
    }
    assert!(
        limited >= 6,
        "the account's ceiling stops the spread guessing ({limited} refused)"
    );
    // The admin, from the office, still signs in.
    let again = login_from(&app, office, "admin", ADMIN_PASSWORD).await;
    assert!(data(&again)["login"]["accessToken"].is_string(), "{again}");
    // Anyone else, at an address the account never used, waits like the attacker.
    let elsewhere = login_from(&app, "203.0.113.9", "admin", ADMIN_PASSWORD).await;
    assert_eq!(error_code(&elsewhere), "RATE_LIMITED", "{elsewhere}");
    // Addresses in one /64 are one client.
    for n in 0..5 {
        let body = login_from(&app, &format!("2001:db8:99::{n}"), "nobody", "x").await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    let body = login_from(&app, "2001:db8:99::ffff", "nobody", "x").await;
    assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sign_ins_queue_for_the_cores_or_are_told_to_retry() {
    let app = TestApp::start(Backend::Sqlite).await;
    let attempts = (0..40).map(|n| {
        app.try_login(
            if n % 2 == 0 { "admin" } else { "nobody" },
            "wrong-password",
        )
    });
    let answers = futures_util::future::join_all(attempts).await;
    let codes: Vec<&str> = answers.iter().map(error_code).collect();
    assert!(
        codes
            .iter()
            .all(|c| *c == "UNAUTHENTICATED" || *c == "RATE_LIMITED"),
        "{codes:?}"
    );
    let refused = codes.iter().filter(|c| **c == "RATE_LIMITED").count();
    assert!(
        refused > 0,
        "40 concurrent hashes were all run at once: {codes:?}"
    );
    // Once the burst is over, signing in works.
    assert!(data(&app.try_login("admin", ADMIN_PASSWORD).await)["login"].is_object());
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_caller_has_a_request_budget_said_in_headers() {
    let app = TestApp::start_with(Backend::Sqlite, |c| c.requests_per_minute = 3).await;
    // Signing in spends one of the anonymous address's three.
    let admin = app.admin().await;
    let request = |token: Option<&str>| {
        let mut request = app
            .http
            .post(format!("{}/graphql", app.base_url))
            .json(&json!({ "query": "{ __typename }" }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let header = |response: &reqwest::Response, name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let second = request(None).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second.status(), 200);
    assert_eq!(
        header(&second, "ratelimit-policy").as_deref(),
        Some("\"requests\";q=3;w=60")
    );
    assert_eq!(
        header(&second, "ratelimit").as_deref(),
        Some("\"requests\";r=1;t=40")
    );
    request(None).await.unwrap_or_else(|e| panic!("{e}"));
    let refused = request(None).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = header(&refused, "retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!(
        (1..=20).contains(&retry_after),
        "Retry-After: {retry_after}"
    );
    let body: Value = refused.json().await.unwrap_or(Value::Null);
    assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["retryAfterSeconds"], retry_after,
        "{body}"
    );
    // The signed-in admin has a budget of their own.
    let own = request(Some(&admin.access))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(own.status(), 200);
    assert_eq!(
        header(&own, "ratelimit").as_deref(),
        Some("\"requests\";r=2;t=20")
    );
    app.shutdown().await;
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
    let open = app
        .http
        .get(&url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(open.status(), 401);
    let wrong = app
        .http
        .get(&url)
        .bearer_auth("nope")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wrong.status(), 401);
    let right = app
        .http
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(right.status(), 200);
    app.shutdown().await;

    let app = TestApp::start_with(Backend::Sqlite, |c| {
        c.metrics_listen = Some("127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}")));
    })
    .await;
    let main = app
        .http
        .get(format!("{}/metrics", app.base_url))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
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
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(own.status(), 200);
    assert!(own.text().await.unwrap_or_default().contains("ispchat_"));
    app.shutdown().await;
}

backend_tests!(
    search_ignores_accents_and_refuses_a_novel,
    a_nul_character_is_refused_naming_the_field,
);

async fn search_ignores_accents_and_refuses_a_novel(app: TestApp) {
    let w = crate::conversations::world(app).await;
    let (_, accented) = w.post("acento", "Minha CONEXÃO está lenta").await;
    let (_, plain) = w.post("sem-acento", "a conexao caiu de novo").await;
    let search =
        "query($q: String!) { searchMessages(query: $q) { edges { node { conversationId } } } }";
    for query in ["conexao", "conexão", "CONEXAO"] {
        let body = w
            .app
            .gql(Some(&w.admin.access), search, json!({ "q": query }))
            .await;
        let mut found: Vec<String> = data(&body)["searchMessages"]["edges"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|e| {
                e["node"]["conversationId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        found.sort();
        let mut expected = vec![accented.clone(), plain.clone()];
        expected.sort();
        assert_eq!(found, expected, "{query}: {body}");
    }
    let list =
        "query($q: String) { conversations(filter: {search: $q}) { edges { node { id } } } }";
    let body = w
        .app
        .gql(Some(&w.admin.access), list, json!({ "q": "conexao" }))
        .await;
    assert_eq!(
        data(&body)["conversations"]["edges"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    // A search the size of a novel is refused, naming the field, on both backends.
    let novel = "palavra ".repeat(7_000);
    let body = w
        .app
        .gql(Some(&w.admin.access), search, json!({ "q": novel }))
        .await;
    assert_eq!(
        (error_code(&body), error_field(&body)),
        ("BAD_USER_INPUT", "query"),
        "{body}"
    );
    let body = w
        .app
        .gql(Some(&w.admin.access), list, json!({ "q": novel }))
        .await;
    assert_eq!(
        (error_code(&body), error_field(&body)),
        ("BAD_USER_INPUT", "filter.search")
    );
    let contacts = "query($q: String) { contacts(search: $q) { edges { node { id } } } }";
    let body = w
        .app
        .gql(Some(&w.admin.access), contacts, json!({ "q": novel }))
        .await;
    assert_eq!(
        (error_code(&body), error_field(&body)),
        ("BAD_USER_INPUT", "search"),
        "{body}"
    );
}

async fn a_nul_character_is_refused_naming_the_field(app: TestApp) {
    let w = crate::conversations::world(app).await;
    let (_, c) = w.post("nulo", "oi").await;
    let body = w.send(&w.ana.access, &c, "antes\u{0}depois").await;
    assert_eq!(
        (error_code(&body), error_field(&body)),
        ("BAD_USER_INPUT", "t"),
        "{body}"
    );
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            "mutation($i: CreateUserInput!) { createUser(input: $i) { id } }",
            json!({ "i": { "name": "Nu\u{0}l", "email": "nul@isp.test", "username": "nul",
                           "password": "a long password", "role": "AGENT" } }),
        )
        .await;
    assert_eq!(
        (error_code(&body), error_field(&body)),
        ("BAD_USER_INPUT", "i.name"),
        "{body}"
    );
    // Inline in the document, too.
    let body = w
        .app
        .gql(
            None,
            "mutation { login(login: \"ad\\u0000min\", password: \"x\") { accessToken } }",
            json!({}),
        )
        .await;
    assert_eq!(
        (error_code(&body), error_field(&body)),
        ("BAD_USER_INPUT", "login"),
        "{body}"
    );
    // Nothing was stored, and the server still answers.
    let body = w.conversation(&w.ana.access, &c).await;
    assert_eq!(
        data(&body)["conversation"]["messages"]["edges"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_cannot_be_snoozed_for_ages() {
    let w = crate::conversations::world(TestApp::start(Backend::Sqlite).await).await;
    let (_, c) = w.post("soneca", "oi").await;
    data(
        &w.app
            .gql(
                Some(&w.bia.access),
                "mutation($c: ID!) { assignConversation(conversationId: $c) { id } }",
                json!({ "c": c }),
            )
            .await,
    );
    for until in ["+99999-01-01T00:00:00Z", "2999-01-01T00:00:00Z"] {
        let body = w
            .set_status(&w.bia.access, &c, "SNOOZED", Some(until.to_owned()))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{until}: {body}");
    }
    let soon =
        (ispchat_host::clock::Clock::now(&*w.app.clock) + chrono::Duration::days(2)).to_rfc3339();
    let body = w.set_status(&w.bia.access, &c, "SNOOZED", Some(soon)).await;
    assert_eq!(
        data(&body)["setConversationStatus"]["status"],
        "SNOOZED",
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_browser_security_headers() {
    let app = TestApp::start_with(Backend::Sqlite, |c| {
        c.public_url = Some("https://chat.provedor.example".into());
    })
    .await;
    let get = |path: &str, accept: &str| {
        app.http
            .get(format!("{}{path}", app.base_url))
            .header("accept", accept)
            .send()
    };
    let header = |response: &reqwest::Response, name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    for (path, accept) in [
        ("/graphql", "text/html"),
        ("/healthz", "*/*"),
        ("/", "text/html"),
    ] {
        let response = get(path, accept).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            header(&response, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(header(&response, "x-frame-options"), "DENY", "{path}");
        assert_eq!(
            header(&response, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert!(
            header(&response, "strict-transport-security").starts_with("max-age="),
            "{path}"
        );
        assert!(
            header(&response, "content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
    }
    // GraphiQL: pinned files with their integrity hashes, its own script by nonce only.
    let page = get("/graphql", "text/html")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let policy = header(&page, "content-security-policy");
    let html = page.text().await.unwrap_or_default();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy}"));
    assert!(html.contains(&format!("<script nonce=\"{nonce}\">")));
    let scripts = html.matches("<script src=").count();
    assert_eq!(scripts, 3, "{html}");
    assert_eq!(
        html.matches("integrity=\"sha384-").count(),
        4,
        "every file pinned: {html}"
    );
    assert!(
        !html.contains("@latest") && !html.contains("graphiql@4\""),
        "{html}"
    );
    // The console's page allows its own origin and its inline theme script, by hash.
    let console = get("/", "text/html")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    if console.status() == 200 {
        let policy = header(&console, "content-security-policy");
        assert!(policy.contains("script-src 'self' 'sha256-"), "{policy}");
    }
    // Anything else (an attachment served inline, an API answer) may run nothing.
    let api = app
        .http
        .post(format!("{}/graphql", app.base_url))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(header(&api, "content-security-policy").contains("sandbox"));
    app.shutdown().await;
}

/// An admin's webhook URL pointing inside the server's network is not followed: the server
/// would otherwise post replies (and probe) wherever an admin account, stolen or not, says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_inbox_webhook_cannot_reach_private_addresses_unless_allowed() {
    let w = crate::conversations::world(TestApp::start(Backend::Sqlite).await).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let reached = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = reached.clone();
    tokio::spawn(async move {
        if listener.accept().await.is_ok() {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    });
    for url in [
        format!("http://127.0.0.1:{port}/hook"),
        format!("http://localhost:{port}/hook"),
    ] {
        let body = w
            .app
            .gql(
                Some(&w.admin.access),
                "mutation($i: ID!, $u: String!) { updateInbox(id: $i, input: {webhookUrl: $u}) { id } }",
                json!({ "i": w.inbox, "u": url }),
            )
            .await;
        data(&body);
        let (_, c) = w.post("privado", "oi").await;
        data(
            &w.app
                .gql(
                    Some(&w.ana.access),
                    "mutation($c: ID!) { assignConversation(conversationId: $c) { id } }",
                    json!({ "c": c }),
                )
                .await,
        );
        data(&w.send(&w.ana.access, &c, "resposta").await);
        let mut refused = 0;
        for _ in 0..100 {
            refused = w
                .app
                .count("SELECT COUNT(*) FROM webhook_deliveries WHERE last_error LIKE '%private address%'")
                .await;
            if refused > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(refused > 0, "{url}: the delivery was not refused");
        w.app.execute("DELETE FROM webhook_deliveries").await;
    }
    assert!(
        !reached.load(std::sync::atomic::Ordering::SeqCst),
        "the server connected to loopback"
    );
}

/// The widget works on the ISP's own site without a server-wide CORS list: the sites an admin
/// lists on a web inbox may call the API from a browser, and no other site may.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_inbox_s_sites_may_call_the_api_from_a_browser() {
    let app = TestApp::start(Backend::Sqlite).await;
    let admin = app.admin().await;
    let preflight = |origin: &str| {
        app.http
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/graphql", app.base_url),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = |response: &reqwest::Response| {
        response
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let site = "https://www.provedor.example";
    let before = preflight(site).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(allowed(&before), None, "no web inbox lists it yet");
    crate::visitor::web_inbox(&app, &admin.access, json!({ "allowedOrigins": [site] })).await;
    let after = preflight(site).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(allowed(&after).as_deref(), Some(site));
    let other = preflight("https://evil.example")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(allowed(&other), None);
    app.shutdown().await;
}
