//! Admins manage users and teams; everyone sees who is in which team.

use serde_json::json;

use crate::support::{TestApp, data, error_code, str_at};

backend_tests!(
    admins_manage_teams_and_memberships,
    users_are_listed_with_filters,
    a_user_edits_their_own_profile
);

async fn admins_manage_teams_and_memberships(app: TestApp) {
    let admin = app.admin().await;
    let agent = app.user(&admin.access, "AGENT", "eva").await;
    let token = Some(admin.access.as_str());
    let created = app
        .gql(token, r#"mutation { createTeam(input: {name: "Suporte técnico", description: "Fibra e rádio"}) { id name description } }"#, json!({}))
        .await;
    let team = str_at(&data(&created)["createTeam"], "id");
    assert_eq!(data(&created)["createTeam"]["name"], "Suporte técnico");

    let add = "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { members { username } } }";
    let body = app
        .gql(token, add, json!({ "t": team, "u": agent.user_id }))
        .await;
    assert_eq!(
        data(&body)["addTeamMember"]["members"],
        json!([{ "username": "eva" }])
    );
    // Adding twice is harmless.
    let body = app
        .gql(token, add, json!({ "t": team, "u": agent.user_id }))
        .await;
    assert_eq!(
        data(&body)["addTeamMember"]["members"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // The agent sees their own teams.
    let mine = app
        .gql(Some(&agent.access), "{ me { teams { name } } }", json!({}))
        .await;
    assert_eq!(
        data(&mine)["me"]["teams"],
        json!([{ "name": "Suporte técnico" }])
    );

    let renamed = app
        .gql(
            token,
            "mutation($t: ID!) { updateTeam(id: $t, input: {name: \"N2\"}) { name description } }",
            json!({ "t": team }),
        )
        .await;
    assert_eq!(
        data(&renamed)["updateTeam"],
        json!({ "name": "N2", "description": "Fibra e rádio" })
    );

    let remove = "mutation($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { members { id } } }";
    let body = app
        .gql(token, remove, json!({ "t": team, "u": agent.user_id }))
        .await;
    assert_eq!(data(&body)["removeTeamMember"]["members"], json!([]));

    let unknown_user = app
        .gql(
            token,
            add,
            json!({ "t": team, "u": uuid::Uuid::now_v7().to_string() }),
        )
        .await;
    assert_eq!(error_code(&unknown_user), "NOT_FOUND");

    let deleted = app
        .gql(
            token,
            "mutation($t: ID!) { deleteTeam(id: $t) }",
            json!({ "t": team }),
        )
        .await;
    assert_eq!(data(&deleted)["deleteTeam"], true);
    let gone = app
        .gql(
            token,
            "query($t: ID!) { team(id: $t) { id } }",
            json!({ "t": team }),
        )
        .await;
    assert_eq!(error_code(&gone), "NOT_FOUND");
}

async fn users_are_listed_with_filters(app: TestApp) {
    let admin = app.admin().await;
    app.user(&admin.access, "AGENT", "fabio").await;
    app.user(&admin.access, "SUPERVISOR", "gabi").await;
    let list = "query($f: UserFilter) { users(filter: $f) { edges { node { username role } } } }";
    let names = |body: &serde_json::Value| -> Vec<String> {
        data(body)["users"]["edges"]
            .as_array()
            .map(|edges| {
                edges
                    .iter()
                    .map(|e| str_at(&e["node"], "username"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let all = app.gql(Some(&admin.access), list, json!({})).await;
    assert_eq!(names(&all), ["gabi", "fabio", "admin"]);
    let agents = app
        .gql(
            Some(&admin.access),
            list,
            json!({ "f": { "role": "AGENT" } }),
        )
        .await;
    assert_eq!(names(&agents), ["fabio"]);
    let search = app
        .gql(
            Some(&admin.access),
            list,
            json!({ "f": { "search": "GAB" } }),
        )
        .await;
    assert_eq!(names(&search), ["gabi"]);
}

async fn a_user_edits_their_own_profile(app: TestApp) {
    let admin = app.admin().await;
    let agent = app.user(&admin.access, "AGENT", "helena").await;
    let body = app
        .gql(Some(&agent.access), r#"mutation { updateMe(input: {name: "Helena Souza", language: EN}) { name language role } }"#, json!({}))
        .await;
    assert_eq!(
        data(&body)["updateMe"],
        json!({ "name": "Helena Souza", "language": "EN", "role": "AGENT" })
    );
    let me = app
        .gql(Some(&agent.access), "{ me { name language } }", json!({}))
        .await;
    assert_eq!(data(&me)["me"]["language"], "EN");
}
