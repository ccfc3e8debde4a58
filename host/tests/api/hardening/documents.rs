//! GraphQL documents built to cost more than they look: a fragment bomb, alias floods, token
//! floods, the same over a WebSocket.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Backend, TestApp, WsClient, data, error_code};

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
        .unwrap();
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
    // No `complete` after it: the next frame answers the next operation.
    socket
        .send(json!({ "id": "2", "type": "subscribe", "payload": { "query": "{ __typename }" } }))
        .await;
    let next = socket.next().await.unwrap_or(Value::Null);
    assert_eq!(
        (&next["type"], &next["id"]),
        (&json!("next"), &json!("2")),
        "no `complete` after it: {next}"
    );

    // And over GET, from the URL.
    let over_get = app
        .http
        .get(format!("{}/graphql", app.base_url))
        .header("accept", "application/json")
        .query(&[("query", bomb.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(over_get.status(), 400);
    let body: Value = over_get.json().await.unwrap_or(Value::Null);
    assert_eq!(
        body["errors"][0]["extensions"]["limit"], "selections",
        "{body}"
    );

    // Everyone else is still served.
    let (status, body) = post(&app, &json!({ "query": "{ __typename }" })).await;
    assert_eq!((status, &data(&body)["__typename"]), (200, &json!("Query")));
    app.shutdown().await;
}
