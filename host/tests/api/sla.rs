//! Service-level targets through GraphQL: the customer's waiting time, the countdown to the
//! first and next responses, breaches that stay breached, and who may change the targets.

use serde_json::{Value, json};

use crate::conversations::{World, world};
use crate::support::{TestApp, data, error_code, error_field};

backend_tests!(
    conversations_count_down_to_their_targets_while_the_customer_waits,
    only_admins_change_targets_and_bad_values_name_the_field,
);

const STANDING: &str = "query($c: ID!) { conversation(id: $c) {
    createdAt waitingSince
    sla { state next { target dueAt atRiskAt running breached } clocks { target breached running } } } }";

async fn standing(w: &World, conversation: &str) -> Value {
    let body = w
        .app
        .gql(Some(&w.ana.access), STANDING, json!({ "c": conversation }))
        .await;
    data(&body)["conversation"].clone()
}

async fn set_normal(w: &World, first: Value, next: Value, resolution: Value) -> Value {
    w.app
        .gql(
            Some(&w.admin.access),
            "mutation($f: Int, $n: Int, $r: Int) { setSlaPolicy(priority: NORMAL,
                input: {firstResponseMinutes: $f, nextResponseMinutes: $n, resolutionMinutes: $r}) {
                priority firstResponseMinutes nextResponseMinutes resolutionMinutes } }",
            json!({ "f": first, "n": next, "r": resolution }),
        )
        .await
}

fn minutes_after(start: &Value, minutes: i64) -> String {
    let start = chrono::DateTime::parse_from_rfc3339(start.as_str().unwrap_or_default())
        .unwrap_or_else(|err| panic!("{start}: {err}"));
    (start + chrono::Duration::minutes(minutes))
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

fn same_instant(a: &Value, b: &str) -> bool {
    let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
    a.as_str().and_then(parse).is_some() && a.as_str().and_then(parse) == parse(b)
}

async fn conversations_count_down_to_their_targets_while_the_customer_waits(app: TestApp) {
    let w = world(app).await;
    let policy = set_normal(&w, json!(10), json!(5), json!(60)).await;
    assert_eq!(data(&policy)["setSlaPolicy"]["firstResponseMinutes"], 10);
    let (_, c) = w.post("cliente-sla", "minha internet caiu").await;

    let s = standing(&w, &c).await;
    assert!(same_instant(
        &s["waitingSince"],
        s["createdAt"].as_str().unwrap_or_default()
    ));
    assert_eq!(s["sla"]["state"], "ON_TRACK", "{s}");
    assert_eq!(s["sla"]["next"]["target"], "FIRST_RESPONSE");
    assert!(
        same_instant(
            &s["sla"]["next"]["dueAt"],
            &minutes_after(&s["createdAt"], 10)
        ),
        "{s}"
    );

    // The last quarter of the ten minutes is at risk; past them, breached.
    w.app.clock.advance(chrono::Duration::seconds(8 * 60));
    assert_eq!(standing(&w, &c).await["sla"]["state"], "AT_RISK");
    w.app.clock.advance(chrono::Duration::seconds(3 * 60));
    assert_eq!(standing(&w, &c).await["sla"]["state"], "BREACHED");

    // A late reply stops the clock but the breach stays; the customer no longer waits.
    data(&w.send(&w.ana.access, &c, "Olá! Vou verificar.").await);
    let s = standing(&w, &c).await;
    assert_eq!(s["waitingSince"], Value::Null);
    assert_eq!(s["sla"]["state"], "BREACHED");
    let first = &s["sla"]["clocks"][0];
    assert_eq!(
        (&first["target"], &first["running"], &first["breached"]),
        (&json!("FIRST_RESPONSE"), &json!(false), &json!(true))
    );
    assert_eq!(s["sla"]["next"]["target"], "RESOLUTION");

    // The customer writes again: the next-response clock counts from that message.
    w.app.clock.advance(chrono::Duration::seconds(60));
    w.post("cliente-sla", "ainda sem sinal").await;
    let s = standing(&w, &c).await;
    let waiting = s["waitingSince"].as_str().unwrap_or_default().to_owned();
    assert!(
        same_instant(&s["waitingSince"], &minutes_after(&s["createdAt"], 12)),
        "{s}"
    );
    assert_eq!(s["sla"]["next"]["target"], "NEXT_RESPONSE");
    assert!(same_instant(
        &s["sla"]["next"]["dueAt"],
        &minutes_after(&json!(waiting), 5)
    ));

    // Without any target the conversation has no standing at all.
    data(&set_normal(&w, Value::Null, Value::Null, Value::Null).await);
    assert_eq!(standing(&w, &c).await["sla"], Value::Null);
    w.app.shutdown().await;
}

async fn only_admins_change_targets_and_bad_values_name_the_field(app: TestApp) {
    let w = world(app).await;
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            "query { slaPolicies { priority firstResponseMinutes nextResponseMinutes resolutionMinutes } }",
            json!({}),
        )
        .await;
    let policies = data(&body)["slaPolicies"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // A new server has a target for every priority.
    assert_eq!(policies.len(), 4, "{body}");
    let urgent = policies.iter().find(|p| p["priority"] == "URGENT");
    assert_eq!(urgent.map(|p| &p["firstResponseMinutes"]), Some(&json!(5)));

    let refused = w
        .app
        .gql(
            Some(&w.sofia.access),
            "mutation { setSlaPolicy(priority: URGENT, input: {firstResponseMinutes: 60}) { priority } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");

    for (value, field) in [
        (json!(0), "input.firstResponseMinutes"),
        (json!(43_201), "input.firstResponseMinutes"),
    ] {
        let bad = set_normal(&w, value, json!(5), json!(60)).await;
        assert_eq!(error_code(&bad), "BAD_USER_INPUT", "{bad}");
        assert_eq!(error_field(&bad), field);
    }
    let bad = set_normal(&w, json!(10), json!(-1), json!(60)).await;
    assert_eq!(error_field(&bad), "input.nextResponseMinutes");

    data(&set_normal(&w, json!(20), Value::Null, json!(240)).await);
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            "query { slaPolicies { priority firstResponseMinutes nextResponseMinutes resolutionMinutes }
                     auditLog(filter: {action: \"sla_policy.update\"}) { edges { node { action targetId } } } }",
            json!({}),
        )
        .await;
    let normal = data(&body)["slaPolicies"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["priority"] == "NORMAL").cloned());
    assert_eq!(
        normal,
        Some(json!({ "priority": "NORMAL", "firstResponseMinutes": 20,
                     "nextResponseMinutes": null, "resolutionMinutes": 240 }))
    );
    let audit = &data(&body)["auditLog"]["edges"];
    assert_eq!(audit.as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(audit[0]["node"]["targetId"], "normal");
    w.app.shutdown().await;
}
