//! WebSocket subscriptions (graphql-transport-ws): authentication in `connection_init`, RBAC on
//! subscribe, live delivery.

use std::time::Duration;

use serde_json::json;

use crate::support::{TestApp, WsClient, data};

backend_tests!(
    admins_watch_the_audit_log_live_and_agents_may_not,
    a_bad_token_in_connection_init_is_refused,
    operations_past_the_connection_bound_wait_their_turn_and_are_all_answered,
    an_admin_demoted_while_watching_the_audit_log_stops_receiving_it,
);

/// A socket's caller is fixed at `connection_init`, so the socket must not outlive the token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socket_is_closed_when_its_access_token_expires() {
    let ttl = Duration::from_secs(4);
    let app = TestApp::start_with(crate::support::Backend::Sqlite, |config| {
        config.access_token_ttl = ttl;
    })
    .await;
    let issued = std::time::Instant::now();
    let admin = app.admin().await;
    let (mut socket, ack) = WsClient::connect(&app, Some(&admin.access)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket.subscribe("1", AUDIT_EVENTS).await;
    // The token's expiry is in whole seconds, so it may come up to a second early: watch the
    // first two of its four.
    let left = ttl.saturating_sub(issued.elapsed());
    assert!(
        !socket
            .closed_within(left.saturating_sub(Duration::from_secs(2)))
            .await,
        "closed before the token expired"
    );
    assert_eq!(
        socket.close_code_within(Duration::from_secs(5)).await,
        Some(4401),
        "closed with graphql-ws's Unauthorized once the token expired"
    );
    // A fresh token opens a new socket.
    let fresh = app.admin().await;
    let (_socket, ack) = WsClient::connect(&app, Some(&fresh.access)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
}

const AUDIT_EVENTS: &str = "subscription { auditEvents { action actorLabel targetType } }";

async fn admins_watch_the_audit_log_live_and_agents_may_not(app: TestApp) {
    let admin = app.admin().await;
    let agent = app.user(&admin.access, "AGENT", "davi").await;

    let (mut watcher, ack) = WsClient::connect(&app, Some(&admin.access)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    watcher.subscribe_live(&app, "1", AUDIT_EVENTS).await;

    let (mut agent_ws, ack) = WsClient::connect(&app, Some(&agent.access)).await;
    assert_eq!(ack["type"], "connection_ack");
    agent_ws.subscribe("1", AUDIT_EVENTS).await;
    // A resolver error is a `next` carrying `errors` (graphql-transport-ws), then `complete`.
    let refused = agent_ws.next().await.unwrap_or_default();
    assert_eq!(refused["type"], "next", "{refused}");
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    assert_eq!(
        agent_ws.next().await.unwrap_or_default()["type"],
        "complete"
    );

    data(
        &app.gql(
            Some(&admin.access),
            r#"mutation { createTeam(input: {name: "Vendas"}) { id } }"#,
            json!({}),
        )
        .await,
    );
    let event = watcher.next().await.unwrap_or_default();
    assert_eq!(event["type"], "next", "{event}");
    assert_eq!(
        event["payload"]["data"]["auditEvents"]["action"],
        "team.create"
    );
    assert_eq!(
        event["payload"]["data"]["auditEvents"]["actorLabel"],
        "admin"
    );
    // Exactly one event for one change: the next is the next change's.
    data(
        &app.gql(
            Some(&admin.access),
            r##"mutation { createLabel(input: {name: "vendas", color: "#1F9D55"}) { name } }"##,
            json!({}),
        )
        .await,
    );
    let event = watcher.next().await.unwrap_or_default();
    assert_eq!(
        event["payload"]["data"]["auditEvents"]["action"], "label.create",
        "{event}"
    );

    let (mut anonymous, ack) = WsClient::connect(&app, None).await;
    assert_eq!(ack["type"], "connection_ack");
    anonymous.subscribe("1", AUDIT_EVENTS).await;
    let refused = anonymous.next().await.unwrap_or_default();
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{refused}"
    );
}

async fn a_bad_token_in_connection_init_is_refused(app: TestApp) {
    let (mut client, ack) = WsClient::connect(&app, Some("not-a-token")).await;
    assert_eq!(ack["type"], "connection_ack");
    client.subscribe("1", AUDIT_EVENTS).await;
    let refused = client.next().await.unwrap_or_default();
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{refused}"
    );
    assert_eq!(
        refused["payload"]["errors"][0]["message"],
        "invalid access token"
    );
}

/// A connection runs at most 256 operations at once; pipelined past that, the rest wait for
/// earlier ones to end (the server must see each `complete` it sends) and none is lost.
async fn operations_past_the_connection_bound_wait_their_turn_and_are_all_answered(app: TestApp) {
    let admin = app.admin().await;
    let (mut client, ack) = WsClient::connect(&app, Some(&admin.access)).await;
    assert_eq!(ack["type"], "connection_ack");
    let sent = 600;
    for i in 0..sent {
        client.subscribe(&format!("q{i}"), "{ me { id } }").await;
    }
    let (mut answered, mut completed) = (0, 0);
    while completed < sent {
        let Some(message) = client.next().await else {
            panic!("stalled after {answered} answers and {completed} completions of {sent}");
        };
        match message["type"].as_str() {
            Some("next") => {
                assert!(
                    message["payload"]["data"]["me"]["id"].is_string(),
                    "{message}"
                );
                answered += 1;
            }
            Some("complete") => completed += 1,
            _ => panic!("unexpected {message}"),
        }
    }
    assert_eq!(answered, sent);
}

async fn an_admin_demoted_while_watching_the_audit_log_stops_receiving_it(app: TestApp) {
    let admin = app.admin().await;
    let second = app.user(&admin.access, "ADMIN", "bia").await;
    let (mut watcher, ack) = WsClient::connect(&app, Some(&second.access)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    watcher.subscribe_live(&app, "1", AUDIT_EVENTS).await;
    // Let its access re-check (200 ms in tests) come due. Time is the subject: a live reader's
    // right is read again once that much real time has passed since it subscribed.
    tokio::time::sleep(Duration::from_millis(250)).await;
    data(
        &app.gql(
            Some(&admin.access),
            "mutation($id: ID!) { updateUser(id: $id, input: {role: AGENT}) { role } }",
            json!({ "id": second.user_id }),
        )
        .await,
    );
    // The demotion is itself an audit entry: the re-check sees it and the stream ends instead.
    let ended = watcher.next().await.unwrap_or_default();
    assert_eq!(ended["type"], "complete", "{ended}");
}
