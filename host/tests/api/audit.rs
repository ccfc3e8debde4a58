//! Every change and auth event leaves an audit entry; admins filter and page through them.

use serde_json::json;

use crate::support::{TestApp, data};

backend_tests!(changes_and_auth_events_are_audited_and_pageable);

async fn changes_and_auth_events_are_audited_and_pageable(app: TestApp) {
    let admin = app.admin().await;
    let agent = app.user(&admin.access, "AGENT", "carla").await;
    let team = data(
        &app.gql(
            Some(&admin.access),
            r#"mutation { createTeam(input: {name: "Suporte"}) { id } }"#,
            json!({}),
        )
        .await,
    )["createTeam"]["id"]
        .clone();
    data(
        &app.gql(
            Some(&admin.access),
            "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }",
            json!({ "t": team, "u": agent.user_id }),
        )
        .await,
    );

    let page =
        "query($f: AuditFilter, $after: String) { auditLog(filter: $f, first: 2, after: $after) {
        edges { cursor node { action actorLabel actorKind targetType targetId ip details } }
        pageInfo { hasNextPage endCursor } } }";
    let mut actions = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let body = app
            .gql(Some(&admin.access), page, json!({ "after": after }))
            .await;
        let log = &data(&body)["auditLog"];
        for edge in log["edges"].as_array().cloned().unwrap_or_default() {
            actions.push(
                edge["node"]["action"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
        if log["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = log["pageInfo"]["endCursor"].clone();
    }
    // Newest first; the first admin was created by the system at start-up.
    assert_eq!(
        actions,
        [
            "team.add_member",
            "team.create",
            "auth.login",
            "user.create",
            "auth.login",
            "user.create"
        ],
    );

    let filtered = app
        .gql(
            Some(&admin.access),
            page,
            json!({ "f": { "action": "team.add_member" } }),
        )
        .await;
    let entry = &data(&filtered)["auditLog"]["edges"][0]["node"];
    assert_eq!(entry["actorLabel"], "admin");
    assert_eq!(entry["actorKind"], "user");
    assert_eq!(entry["targetType"], "team");
    assert_eq!(entry["targetId"], team);
    assert_eq!(entry["details"]["userId"], agent.user_id);
    assert_eq!(entry["ip"], "127.0.0.1");

    let by_prefix = app
        .gql(
            Some(&admin.access),
            page,
            json!({ "f": { "action": "auth.", "actorId": agent.user_id } }),
        )
        .await;
    let edges = data(&by_prefix)["auditLog"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0]["node"]["action"], "auth.login");
    assert_eq!(edges[0]["node"]["actorLabel"], "carla");

    let bootstrap = app
        .gql(
            Some(&admin.access),
            page,
            json!({ "f": { "action": "user.create", "targetId": admin.user_id } }),
        )
        .await;
    assert_eq!(
        data(&bootstrap)["auditLog"]["edges"][0]["node"]["actorKind"],
        "system"
    );
}
