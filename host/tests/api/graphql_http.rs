//! GraphQL over HTTP as the specification and common clients expect it: media types and status
//! codes, GET queries, mutations refused over GET, automatic persisted queries. CI also runs the
//! `graphql-http` audit against a server (web/scripts/graphql-http-audit.mjs).

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::{Backend, TestApp, data, error_code};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

struct Answer {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.unwrap_or_default();
    Answer {
        status,
        content_type,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

async fn post(app: &TestApp, accept: Option<&str>, body: &str) -> Answer {
    let mut request = app
        .http
        .post(format!("{}/graphql", app.base_url))
        .header(CONTENT_TYPE, "application/json")
        .body(body.to_owned());
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    answer(request.send().await.unwrap()).await
}

/// What the server answers a POST that declares a `length`-byte body and sends none of it.
async fn oversized_head(app: &TestApp, length: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nAccept: {GRAPHQL_RESPONSE}\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    );
    read.await.unwrap().unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

async fn get(app: &TestApp, accept: &str, params: &[(&str, &str)]) -> Answer {
    let request = app
        .http
        .get(format!("{}/graphql", app.base_url))
        .header(ACCEPT, accept)
        .query(params);
    answer(request.send().await.unwrap()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_response_media_type_and_status_follow_the_spec() {
    let app = TestApp::start(Backend::Sqlite).await;
    let ok = r#"{"query":"{ __typename }"}"#;
    // application/json when that is what the client accepts, or when it says nothing.
    for accept in [Some("application/json"), None, Some("*/*")] {
        let answer = post(&app, accept, ok).await;
        assert_eq!(answer.status, 200);
        assert_eq!(
            answer.content_type, "application/json; charset=utf-8",
            "{accept:?}"
        );
        assert_eq!(data(&answer.body)["__typename"], "Query");
    }
    let answer = post(
        &app,
        Some(&format!("{GRAPHQL_RESPONSE}, application/json")),
        ok,
    )
    .await;
    assert_eq!(
        answer.content_type,
        format!("{GRAPHQL_RESPONSE}; charset=utf-8")
    );
    let answer = post(&app, Some("text/html"), ok).await;
    assert_eq!(answer.status, 406);

    // A document that does not parse or validate: 400 without `data` under the new media
    // type, 200 under application/json.
    for (query, code) in [
        ("{", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
    ] {
        let body = json!({ "query": query }).to_string();
        let strict = post(&app, Some(GRAPHQL_RESPONSE), &body).await;
        assert_eq!(strict.status, 400, "{query}");
        assert!(strict.body.get("data").is_none(), "{}", strict.body);
        assert_eq!(error_code(&strict.body), code);
        let legacy = post(&app, Some("application/json"), &body).await;
        assert_eq!(legacy.status, 200, "{query}");
        assert_eq!(error_code(&legacy.body), code);
    }
    // A variable of the wrong type is a request error too.
    let coercion = r#"{"query":"query($n: Int) { __typename }","variables":{"n":"x"}}"#;
    let strict = post(&app, Some(GRAPHQL_RESPONSE), coercion).await;
    assert_eq!(strict.status, 400, "{}", strict.body);
    assert!(strict.body.get("data").is_none(), "{}", strict.body);

    // Malformed requests are 400 under either media type, naming what is wrong.
    for (body, field) in [
        ("{", "body"),
        ("[]", "body"),
        ("{}", "query"),
        (r#"{"query": 1}"#, "query"),
        (r#"{"query":"{ __typename }","variables":"x"}"#, "variables"),
    ] {
        for accept in ["application/json", GRAPHQL_RESPONSE] {
            let answer = post(&app, Some(accept), body).await;
            assert_eq!(answer.status, 400, "{body} {accept}");
            assert_eq!(
                answer.body["errors"][0]["extensions"]["field"], field,
                "{body}"
            );
        }
    }
    // Not JSON at all: 415.
    let plain = app
        .http
        .post(format!("{}/graphql", app.base_url))
        .header(CONTENT_TYPE, "text/plain")
        .body("{ __typename }")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 415);
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_run_over_get_and_mutations_do_not() {
    let app = TestApp::start(Backend::Sqlite).await;
    let answer = get(
        &app,
        "application/json",
        &[
            (
                "query",
                "query Kind($name: String!) { __type(name: $name) { kind } }",
            ),
            ("variables", r#"{"name":"Query"}"#),
            ("operationName", "Kind"),
        ],
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(data(&answer.body)["__type"]["kind"], "OBJECT");
    let etag = answer
        .headers
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no ETag"))
        .to_owned();
    assert!(
        answer
            .headers
            .get("cache-control")
            .is_some_and(|v| v == "private, no-cache")
    );

    // Revalidation: the same answer is 304.
    let again = app
        .http
        .get(format!("{}/graphql", app.base_url))
        .header(ACCEPT, "application/json")
        .header("If-None-Match", &etag)
        .query(&[
            (
                "query",
                "query Kind($name: String!) { __type(name: $name) { kind } }",
            ),
            ("variables", r#"{"name":"Query"}"#),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // A mutation over GET is refused before it runs.
    let mutation = get(
        &app,
        GRAPHQL_RESPONSE,
        &[(
            "query",
            "mutation { login(login: \"admin\", password: \"x\") { accessToken } }",
        )],
    )
    .await;
    assert_eq!(mutation.status, 405, "{}", mutation.body);
    assert_eq!(
        mutation.headers.get("allow").and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    let failed_logins = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed'")
        .await;
    assert_eq!(failed_logins, 0, "the mutation ran");

    // Without a query: GraphiQL for a browser, 400 for a client.
    let page = app
        .http
        .get(format!("{}/graphql", app.base_url))
        .header(ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap_or_default().contains("graphiql"));
    let missing = get(&app, "application/json", &[]).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.body["errors"][0]["extensions"]["field"], "query");
    // A browser that asks for a query gets its answer, not the page.
    let browser = get(
        &app,
        "text/html, application/json;q=0.9",
        &[("query", "{ __typename }")],
    )
    .await;
    assert_eq!(data(&browser.body)["__typename"], "Query");
    app.shutdown().await;
}

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persisted_queries_are_sent_by_hash_once_known() {
    let app = TestApp::start(Backend::Sqlite).await;
    let query = "query Me { __typename }";
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256(query) } });
    // Unknown hash: the protocol's error, so the client sends the document.
    let unknown = post(
        &app,
        Some("application/json"),
        &json!({ "extensions": extensions }).to_string(),
    )
    .await;
    assert_eq!(unknown.status, 200);
    assert_eq!(
        unknown.body["errors"][0]["message"],
        "PersistedQueryNotFound"
    );
    assert_eq!(error_code(&unknown.body), "PERSISTED_QUERY_NOT_FOUND");
    let strict = post(
        &app,
        Some(GRAPHQL_RESPONSE),
        &json!({ "extensions": extensions }).to_string(),
    )
    .await;
    assert_eq!(strict.status, 400);
    assert_eq!(error_code(&strict.body), "PERSISTED_QUERY_NOT_FOUND");

    let full = post(
        &app,
        Some("application/json"),
        &json!({ "query": query, "extensions": extensions }).to_string(),
    )
    .await;
    assert_eq!(data(&full.body)["__typename"], "Query");
    // Known now: the hash alone runs it, over POST and over GET.
    let short = post(
        &app,
        Some("application/json"),
        &json!({ "extensions": extensions }).to_string(),
    )
    .await;
    assert_eq!(data(&short.body)["__typename"], "Query", "{}", short.body);
    let over_get = get(
        &app,
        "application/json",
        &[("extensions", &extensions.to_string())],
    )
    .await;
    assert_eq!(
        data(&over_get.body)["__typename"],
        "Query",
        "{}",
        over_get.body
    );

    // A hash that does not match its document is refused.
    let wrong =
        json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256("something else") } });
    let refused = post(
        &app,
        Some("application/json"),
        &json!({ "query": query, "extensions": wrong }).to_string(),
    )
    .await;
    assert_eq!(error_code(&refused.body), "BAD_USER_INPUT");
    assert_eq!(
        refused.body["errors"][0]["extensions"]["field"],
        "extensions.persistedQuery"
    );
    // A document refused by the limits is not remembered under its hash.
    let bomb = format!(
        "{{ {} }}",
        (0..1500)
            .map(|i| format!("a{i}: __typename"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let bomb_ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256(&bomb) } });
    let refused = post(
        &app,
        None,
        &json!({ "query": bomb, "extensions": bomb_ext }).to_string(),
    )
    .await;
    assert_eq!(refused.status, 400);
    let later = post(&app, None, &json!({ "extensions": bomb_ext }).to_string()).await;
    assert_eq!(error_code(&later.body), "PERSISTED_QUERY_NOT_FOUND");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_is_graphql_json_with_a_code() {
    let app = TestApp::start(Backend::Sqlite).await;
    // A body declared over 1 MiB is refused before any of it is read. (Sent by hand: a client
    // still writing such a body when the refusal closes the connection sees a broken pipe
    // instead of the answer, depending on timing.)
    let head = oversized_head(&app, 1_100_000).await;
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains(&format!("content-type: {GRAPHQL_RESPONSE}")),
        "{head}"
    );
    assert!(head.contains(r#""field":"body""#), "{head}");
    // Choosing the operation: the client's input, named.
    for (body, message) in [
        (
            r#"{"query":"query A { __typename }","operationName":"B"}"#,
            "Unknown operation",
        ),
        (
            r#"{"query":"query A { __typename } query B { __typename }"}"#,
            "Operation name required",
        ),
    ] {
        let answer = post(&app, Some(GRAPHQL_RESPONSE), body).await;
        assert_eq!(answer.status, 400, "{}", answer.body);
        assert_eq!(
            error_code(&answer.body),
            "BAD_USER_INPUT",
            "{}",
            answer.body
        );
        assert_eq!(
            answer.body["errors"][0]["extensions"]["field"],
            "operationName"
        );
        assert!(
            answer.body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with(message))
        );
        assert_eq!(
            answer
                .headers
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
    }
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_spend_the_budget_too() {
    let app = TestApp::start_with(Backend::Sqlite, |c| c.requests_per_minute = 2).await;
    assert_eq!(post(&app, None, "{").await.status, 400);
    let second = post(&app, None, "[]").await;
    assert_eq!(second.status, 400);
    assert!(second.headers.get("ratelimit").is_some());
    assert_eq!(
        post(&app, None, r#"{"query":"{ __typename }"}"#)
            .await
            .status,
        429
    );
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_etag_is_per_media_type() {
    let app = TestApp::start(Backend::Sqlite).await;
    let strict = get(&app, GRAPHQL_RESPONSE, &[("query", "{ __typename }")]).await;
    let legacy = get(&app, "application/json", &[("query", "{ __typename }")]).await;
    assert_ne!(strict.headers.get("etag"), legacy.headers.get("etag"));
    app.shutdown().await;
}
