//! Agents' presence: the switch, the heartbeat timeout, the live feed supervisors watch, and who
//! may follow whom.

use std::time::Duration;

use ispchat_host::clock::Clock;
use serde_json::{Value, json};

use crate::conversations::{World, subscribed, world};
use crate::support::{TestApp, Tokens, WsClient, data, error_code, eventually};
use crate::visitor::{visitor, web_inbox};

backend_tests!(
    set_presence_round_trips_and_is_read_by_others,
    a_supervisor_sees_their_agents_presence_change_live_and_no_one_elses,
    presence_turns_offline_after_the_heartbeat_timeout_and_back_when_seen,
    visitors_and_api_keys_cannot_use_presence,
    two_nodes_agree_on_presence_and_record_a_timeout_once,
);

const SET: &str =
    "mutation($p: Presence!) { setPresence(presence: $p) { id presence presenceSince } }";
const PRESENCE: &str = "query($id: ID!) { user(id: $id) { presence presenceSince } }";
const EVENTS: &str = "subscription { presenceEvents { userId presence since user { username } } }";

pub(crate) async fn set_presence(app: &TestApp, who: &Tokens, presence: &str) -> Value {
    let body = app
        .gql(Some(&who.access), SET, json!({ "p": presence }))
        .await;
    data(&body)["setPresence"].clone()
}

async fn presence_of(w: &World, reader: &Tokens, who: &Tokens) -> Value {
    let body = w
        .app
        .gql(Some(&reader.access), PRESENCE, json!({ "id": who.user_id }))
        .await;
    data(&body)["user"].clone()
}

async fn add_member(w: &World, team: &str, who: &Tokens) {
    data(
        &w.app
            .gql(
                Some(&w.admin.access),
                "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }",
                json!({ "t": team, "u": who.user_id }),
            )
            .await,
    );
}

/// Equal to the microsecond (PostgreSQL keeps no nanoseconds).
fn assert_near(a: chrono::DateTime<chrono::Utc>, b: chrono::DateTime<chrono::Utc>) {
    assert!(
        (a - b).num_microseconds().is_some_and(|d| d.abs() <= 1),
        "{a} != {b}"
    );
}

fn rfc3339(value: &Value) -> chrono::DateTime<chrono::Utc> {
    value
        .as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| panic!("not a date: {value}"))
}

async fn set_presence_round_trips_and_is_read_by_others(app: TestApp) {
    let w = world(app).await;
    // Signed in: online, as a first visit chooses.
    assert_eq!(
        presence_of(&w, &w.sofia, &w.ana).await["presence"],
        "ONLINE"
    );
    // A member who never signed in is offline, since never.
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            r#"mutation { createUser(input: {name: "Nina", email: "nina@provedor.test", username: "nina", password: "nina-password", role: AGENT}) { presence presenceSince } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data(&body)["createUser"],
        json!({ "presence": "OFFLINE", "presenceSince": null })
    );

    w.app.clock.advance(chrono::Duration::seconds(10));
    let away = set_presence(&w.app, &w.ana, "AWAY").await;
    assert_eq!(away["id"], json!(w.ana.user_id));
    assert_eq!(away["presence"], "AWAY");
    let since = rfc3339(&away["presenceSince"]);
    assert_near(since, w.app.clock.now());
    let seen = presence_of(&w, &w.sofia, &w.ana).await;
    assert_eq!(seen["presence"], "AWAY");
    assert_near(rfc3339(&seen["presenceSince"]), since);
    // Her own requests keep her away, not online.
    w.app.clock.advance(chrono::Duration::seconds(40));
    data(
        &w.app
            .gql(Some(&w.ana.access), "{ me { id } }", json!({}))
            .await,
    );
    assert_eq!(presence_of(&w, &w.admin, &w.ana).await["presence"], "AWAY");
    // Choosing the same again keeps the start.
    let again = set_presence(&w.app, &w.ana, "AWAY").await;
    assert_near(rfc3339(&again["presenceSince"]), since);
    assert_eq!(
        set_presence(&w.app, &w.ana, "OFFLINE").await["presence"],
        "OFFLINE"
    );
    assert_eq!(presence_of(&w, &w.bia, &w.ana).await["presence"], "OFFLINE");
    // Each change is recorded for reports, not in the audit log.
    assert_eq!(
        w.app
            .count(&format!(
                "SELECT COUNT(*) FROM presence_changes WHERE reason = 'chosen' AND user_id = {}",
                uuid_literal(&w.app, &w.ana.user_id)
            ))
            .await,
        2
    );
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action LIKE '%presence%'")
            .await,
        0
    );
    w.app.shutdown().await;
}

/// The SQL literal of a user id on the test's backend (a blob on SQLite, a uuid on PostgreSQL).
pub(crate) fn uuid_literal(app: &TestApp, id: &str) -> String {
    let id = uuid::Uuid::parse_str(id).unwrap();
    match app.config.database {
        ispchat_host::config::DatabaseConfig::Sqlite { .. } => {
            format!("X'{}'", id.simple())
        }
        ispchat_host::config::DatabaseConfig::Postgres { .. } => format!("'{id}'"),
    }
}

async fn a_supervisor_sees_their_agents_presence_change_live_and_no_one_elses(app: TestApp) {
    let w = world(app).await;
    add_member(&w, &w.suporte, &w.sofia).await;
    let mut supervisor = subscribed(&w.app, &w.sofia.access, EVENTS).await;
    let mut admin = subscribed(&w.app, &w.admin.access, EVENTS).await;

    // Fabio is in Financeiro, not one of Sofia's teams: only the admin hears of him.
    set_presence(&w.app, &w.fabio, "AWAY").await;
    set_presence(&w.app, &w.ana, "AWAY").await;

    let event = next_event(&mut supervisor).await;
    assert_eq!(event["userId"], json!(w.ana.user_id));
    assert_eq!(event["presence"], "AWAY");
    assert_eq!(event["user"]["username"], "ana");
    let first = next_event(&mut admin).await;
    let second = next_event(&mut admin).await;
    assert_eq!(first["userId"], json!(w.fabio.user_id));
    assert_eq!(second["userId"], json!(w.ana.user_id));
    // Nothing else reached the supervisor: the next she hears of is Bia's change, made after.
    set_presence(&w.app, &w.bia, "AWAY").await;
    let event = next_event(&mut supervisor).await;
    assert_eq!(event["userId"], json!(w.bia.user_id), "{event}");

    // One team only: Sofia may follow Suporte, not Financeiro.
    let mut suporte = subscribed(
        &w.app,
        &w.sofia.access,
        &format!(
            "subscription {{ presenceEvents(teamId: \"{}\") {{ userId presence }} }}",
            w.suporte
        ),
    )
    .await;
    let (mut financeiro, _) = WsClient::connect(&w.app, Some(&w.sofia.access)).await;
    financeiro
        .subscribe(
            "1",
            &format!(
                "subscription {{ presenceEvents(teamId: \"{}\") {{ userId }} }}",
                w.financeiro
            ),
        )
        .await;
    let refused = financeiro.next().await.unwrap_or_default();
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    set_presence(&w.app, &w.bia, "OFFLINE").await;
    let event = next_event(&mut suporte).await;
    assert_eq!(event["userId"], json!(w.bia.user_id));
    assert_eq!(event["presence"], "OFFLINE");
    w.app.shutdown().await;
}

/// When `who` was last seen, as the server stored it.
async fn stored_last_seen(app: &TestApp, who: &Tokens) -> chrono::DateTime<chrono::Utc> {
    let server = app.server.as_ref().unwrap_or_else(|| panic!("stopped"));
    let mut conn = server.db.acquire().await.unwrap();
    let id = uuid::Uuid::parse_str(&who.user_id).unwrap();
    ispchat_host::storage::presence::find(conn.conn(), id)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{} was never seen", who.user_id))
        .last_seen_at
}

async fn next_event(client: &mut WsClient) -> Value {
    let message = client.next().await.unwrap_or_default();
    assert_eq!(message["type"], "next", "{message}");
    message["payload"]["data"]["presenceEvents"].clone()
}

async fn presence_turns_offline_after_the_heartbeat_timeout_and_back_when_seen(app: TestApp) {
    let w = world(app).await;
    let mut admin = subscribed(&w.app, &w.admin.access, EVENTS).await;
    set_presence(&w.app, &w.ana, "ONLINE").await;
    let last_seen = w.app.clock.now();

    // 60 s without a request from Ana: still online (the timeout is 90 s).
    w.app.clock.advance(chrono::Duration::seconds(60));
    assert_eq!(
        presence_of(&w, &w.admin, &w.ana).await["presence"],
        "ONLINE"
    );
    w.app.clock.advance(chrono::Duration::seconds(31));
    let gone = presence_of(&w, &w.admin, &w.ana).await;
    assert_eq!(gone["presence"], "OFFLINE");
    assert_near(
        rfc3339(&gone["presenceSince"]),
        last_seen + chrono::Duration::seconds(90),
    );
    // The sweep notices it once and supervisors are told. Bia, Fabio and Sofia, silent since they
    // signed in, time out with her; the admin's requests keep them online.
    let mut offline = Vec::new();
    for _ in 0..4 {
        let event = next_event(&mut admin).await;
        assert_eq!(event["presence"], "OFFLINE", "{event}");
        offline.push(event["userId"].as_str().unwrap_or_default().to_owned());
    }
    assert!(offline.contains(&w.ana.user_id), "{offline:?}");
    assert_eq!(
        w.app
            .count(&format!(
                "SELECT COUNT(*) FROM presence_changes WHERE reason = 'timeout' AND user_id = {}",
                uuid_literal(&w.app, &w.ana.user_id)
            ))
            .await,
        1
    );

    // Back at the console: online again, as she chose, from now.
    data(
        &w.app
            .gql(Some(&w.ana.access), "{ me { id } }", json!({}))
            .await,
    );
    let back = presence_of(&w, &w.admin, &w.ana).await;
    assert_eq!(back["presence"], "ONLINE");
    assert_near(rfc3339(&back["presenceSince"]), w.app.clock.now());
    let event = next_event(&mut admin).await;
    assert_eq!(event["userId"], json!(w.ana.user_id));
    assert_eq!(event["presence"], "ONLINE");

    // An open console keeps her although she sends no request: its WebSocket beats.
    let (_console, ack) = WsClient::connect(&w.app, Some(&w.ana.access)).await;
    assert_eq!(ack["type"], "connection_ack");
    w.app.clock.advance(chrono::Duration::seconds(60));
    let beat = w.app.clock.now() - chrono::Duration::seconds(1);
    eventually("a beat of Ana's console", || async {
        (stored_last_seen(&w.app, &w.ana).await >= beat).then_some(())
    })
    .await;
    w.app.clock.advance(chrono::Duration::seconds(60));
    assert_eq!(
        presence_of(&w, &w.admin, &w.ana).await["presence"],
        "ONLINE"
    );
    // Bia has no console open: still offline.
    assert_eq!(
        presence_of(&w, &w.admin, &w.bia).await["presence"],
        "OFFLINE"
    );
    w.app.shutdown().await;
}

async fn visitors_and_api_keys_cannot_use_presence(app: TestApp) {
    let w = world(app).await;
    let body = w.app.gql(None, SET, json!({ "p": "ONLINE" })).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    let body = w.app.gql(Some(&w.key), SET, json!({ "p": "ONLINE" })).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let (mut anonymous, _) = WsClient::connect(&w.app, None).await;
    anonymous.subscribe("1", EVENTS).await;
    let refused = anonymous.next().await.unwrap_or_default();
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{refused}"
    );
    let (web, _) = web_inbox(&w.app, &w.admin.access, Value::Null).await;
    let (visitor, _) = visitor(&w.app, &web, "Vi").await;
    let body = w
        .app
        .gql(Some(&visitor), SET, json!({ "p": "ONLINE" }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let (mut ws, _) = WsClient::connect(&w.app, Some(&visitor)).await;
    ws.subscribe("1", EVENTS).await;
    let refused = ws.next().await.unwrap_or_default();
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    w.app.shutdown().await;
}

/// Presence lives in the database: a second node on the same database reads what the first one
/// wrote, and although both sweep for timeouts, each is recorded once.
async fn two_nodes_agree_on_presence_and_record_a_timeout_once(app: TestApp) {
    let w = world(app).await;
    let other = ispchat_host::app::start(w.app.config.clone(), w.app.clock.clone())
        .await
        .unwrap_or_else(|e| panic!("second node did not start: {e:#}"));
    let other_url = format!("http://{}/graphql", other.local_addr);
    let on_other = |token: String, query: &'static str, variables: Value| {
        let http = w.app.http.clone();
        let url = other_url.clone();
        async move {
            http.post(url)
                .bearer_auth(token)
                .json(&json!({ "query": query, "variables": variables }))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };

    set_presence(&w.app, &w.ana, "AWAY").await;
    let seen = on_other(
        w.admin.access.clone(),
        PRESENCE,
        json!({ "id": w.ana.user_id }),
    )
    .await;
    assert_eq!(data(&seen)["user"]["presence"], "AWAY", "{seen}");

    w.app.clock.advance(chrono::Duration::seconds(91));
    let gone = on_other(
        w.admin.access.clone(),
        PRESENCE,
        json!({ "id": w.ana.user_id }),
    )
    .await;
    assert_eq!(data(&gone)["user"]["presence"], "OFFLINE", "{gone}");
    // Both nodes sweep every 100 ms; give them several turns. Time is the subject: the sweep
    // that finds the timeout recorded already leaves no trace to wait for.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let ana = uuid_literal(&w.app, &w.ana.user_id);
    assert_eq!(
        w.app
            .count(&format!(
                "SELECT COUNT(*) FROM presence_changes WHERE reason = 'timeout' AND user_id = {ana}"
            ))
            .await,
        1
    );
    assert_eq!(
        w.app
            .count(
                "SELECT COUNT(*) - COUNT(DISTINCT user_id) FROM presence_changes \
                 WHERE reason = 'timeout'"
            )
            .await,
        0
    );
    other.shutdown().await.unwrap_or_else(|e| panic!("{e:#}"));
    w.app.shutdown().await;
}
