//! Input no person types: U+0000, searches the size of a novel, a snooze for ages; and searches
//! that must find a word whatever its accents.

use serde_json::json;

use crate::support::{Backend, TestApp, data, error_code, error_field};

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
