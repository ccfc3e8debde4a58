//! Bad input gets BAD_USER_INPUT naming the field; conflicts get CONFLICT; the query limits hold
//! without blocking introspection.

use serde_json::json;

use crate::support::{TestApp, data, error_code, error_field};

backend_tests!(
    bad_user_input_names_the_field,
    duplicates_are_conflicts_naming_the_field,
    the_last_active_admin_cannot_be_demoted,
);

const CREATE_USER: &str = "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }";

fn user_input(email: &str, username: &str, password: &str) -> serde_json::Value {
    json!({ "input": { "name": "Ana", "email": email, "username": username, "password": password, "role": "AGENT" } })
}

async fn bad_user_input_names_the_field(app: TestApp) {
    let admin = app.admin().await;
    let token = Some(admin.access.as_str());
    let cases = [
        (
            user_input("not-an-email", "ana", "long-enough-pw"),
            "input.email",
        ),
        (
            user_input("ana@x.test", "a", "long-enough-pw"),
            "input.username",
        ),
        (user_input("ana@x.test", "ana", "short"), "input.password"),
        (
            json!({ "input": { "name": "  ", "email": "ana@x.test", "username": "ana", "password": "long-enough-pw", "role": "AGENT" } }),
            "input.name",
        ),
    ];
    for (variables, field) in cases {
        let body = app.gql(token, CREATE_USER, variables).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(error_field(&body), field, "{body}");
    }
    let bad_id = app
        .gql(token, "{ user(id: \"42\") { id } }", json!({}))
        .await;
    assert_eq!(
        (error_code(&bad_id), error_field(&bad_id)),
        ("BAD_USER_INPUT", "id")
    );
    let bad_page = app
        .gql(
            token,
            "{ users(first: 1000) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        (error_code(&bad_page), error_field(&bad_page)),
        ("BAD_USER_INPUT", "first")
    );
    // Values the schema itself rejects (an unknown enum value in variables) are input errors too,
    // and the message names the argument.
    let mut bad_role = user_input("ana@x.test", "ana", "long-enough-pw");
    bad_role["input"]["role"] = json!("OWNER");
    let body = app.gql(token, CREATE_USER, bad_role).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("input")),
        "{body}"
    );
    // Nothing was created by any of these.
    let users = app
        .gql(
            token,
            "{ users { edges { node { username } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data(&users)["users"]["edges"].as_array().map(Vec::len),
        Some(1)
    );
}

async fn duplicates_are_conflicts_naming_the_field(app: TestApp) {
    let admin = app.admin().await;
    let token = Some(admin.access.as_str());
    data(
        &app.gql(
            token,
            CREATE_USER,
            user_input("ana@x.test", "ana", "long-enough-pw"),
        )
        .await,
    );
    let same_email = app
        .gql(
            token,
            CREATE_USER,
            user_input("ANA@x.test", "ana2", "long-enough-pw"),
        )
        .await;
    assert_eq!(
        (error_code(&same_email), error_field(&same_email)),
        ("CONFLICT", "input.email")
    );
    let same_username = app
        .gql(
            token,
            CREATE_USER,
            user_input("ana2@x.test", "Ana", "long-enough-pw"),
        )
        .await;
    assert_eq!(
        (error_code(&same_username), error_field(&same_username)),
        ("CONFLICT", "input.username")
    );
    let team = r#"mutation { createTeam(input: {name: "Suporte"}) { id } }"#;
    data(&app.gql(token, team, json!({})).await);
    let again = app.gql(token, team, json!({})).await;
    assert_eq!(
        (error_code(&again), error_field(&again)),
        ("CONFLICT", "input.name")
    );
    // The error says nothing about SQL.
    let message = again["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    assert!(
        !message.contains("constraint") && !message.contains("unique"),
        "{message}"
    );
}

async fn the_last_active_admin_cannot_be_demoted(app: TestApp) {
    let admin = app.admin().await;
    let demote = "mutation($id: ID!) { updateUser(id: $id, input: {role: AGENT}) { role } }";
    let body = app
        .gql(Some(&admin.access), demote, json!({ "id": admin.user_id }))
        .await;
    assert_eq!(
        (error_code(&body), error_field(&body)),
        ("CONFLICT", "input.role")
    );
    let second = app.user(&admin.access, "ADMIN", "segundo").await;
    let body = app
        .gql(Some(&admin.access), demote, json!({ "id": second.user_id }))
        .await;
    assert_eq!(data(&body)["updateUser"]["role"], "AGENT");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_too_deep_query_is_rejected_but_introspection_is_not() {
    let app = TestApp::start(crate::support::Backend::Sqlite).await;
    let admin = app.admin().await;
    // me → (teams → members) × 8 → id: depth 18, past the limit of 16.
    let deep = format!(
        "{{ me {{ {} id {} }} }}",
        "teams { members { ".repeat(8),
        "} } ".repeat(8)
    );
    let body = app.gql(Some(&admin.access), &deep, json!({})).await;
    assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("nested too deep")),
        "{body}"
    );
    // 600 aliased fields: shallow but too costly.
    let wide: Vec<String> = (0..600).map(|i| format!("a{i}: apiKeyScopes")).collect();
    let body = app
        .gql(None, &format!("{{ {} }}", wide.join(" ")), json!({}))
        .await;
    assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("too complex")),
        "{body}"
    );
    let introspection = app.gql(None, INTROSPECTION_QUERY, json!({})).await;
    assert!(
        data(&introspection)["__schema"]["types"]
            .as_array()
            .is_some_and(|t| t.len() > 20)
    );
    let unknown = app.gql(None, "{ nope }", json!({})).await;
    assert_eq!(error_code(&unknown), "GRAPHQL_VALIDATION_FAILED");
    let broken = app.gql(None, "{ me { ", json!({})).await;
    assert_eq!(error_code(&broken), "GRAPHQL_PARSE_FAILED");
    app.shutdown().await;
}

/// `getIntrospectionQuery()` of graphql-js 16 (what GraphiQL and graphql-codegen send), with
/// descriptions, directive repeatability, schema description and input value deprecation on.
const INTROSPECTION_QUERY: &str = r#"
query IntrospectionQuery {
  __schema {
    description
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL
  fields(includeDeprecated: true) {
    name description
    args(includeDeprecated: true) { ...InputValue }
    type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
}
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}
"#;
