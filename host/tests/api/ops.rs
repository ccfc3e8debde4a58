//! Operations endpoints, GraphiQL, and the committed schema.

use serde_json::json;

use crate::support::{Backend, TestApp, header};

backend_tests!(health_readiness_and_metrics_answer);

async fn health_readiness_and_metrics_answer(app: TestApp) {
    let get = |path: &str| app.http.get(format!("{}{path}", app.base_url)).send();
    let health = get("/healthz").await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = get("/readyz").await.unwrap();
    assert_eq!(ready.status(), 200);

    app.admin().await;
    let metrics = get("/metrics").await.unwrap();
    assert_eq!(metrics.status(), 200);
    let text = metrics.text().await.unwrap_or_default();
    assert!(
        text.contains(r#"ispchat_graphql_requests_total{operation="mutation login",outcome="ok"}"#),
        "{text}"
    );
    assert!(
        text.contains("ispchat_graphql_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains(r#"route="/graphql""#), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_fails_when_the_database_is_gone() {
    let app = TestApp::start(Backend::Sqlite).await;
    if let Some(server) = &app.server {
        server.db.close().await;
    }
    let ready = app
        .http
        .get(format!("{}/readyz", app.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
    let health = app
        .http
        .get(format!("{}/healthz", app.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_is_served_to_browsers() {
    let app = TestApp::start(Backend::Sqlite).await;
    let page = app
        .http
        .get(format!("{}/graphql", app.base_url))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap_or_default().contains("graphiql"));
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_shutdown_closes_the_listener() {
    let app = TestApp::start(Backend::Sqlite).await;
    let url = format!("{}/healthz", app.base_url);
    let client = app.http.clone();
    app.shutdown().await;
    assert!(
        client.get(url).send().await.is_err(),
        "server still answering after shutdown"
    );
}

#[test]
fn committed_schema_graphql_is_up_to_date() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql"))
            .unwrap_or_else(|e| panic!("cannot read schema.graphql: {e}"));
    assert!(
        committed == ispchat_host::graphql::sdl(),
        "schema.graphql is stale: run `make schema` and commit it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_never_carry_internals() {
    let app = TestApp::start(Backend::Sqlite).await;
    let admin = app.admin().await;
    // Closing the pool makes every query fail inside sqlx. The token cannot be checked: that is
    // UNAVAILABLE (try again with the same credentials), not UNAUTHENTICATED, and no internals.
    if let Some(server) = &app.server {
        server.db.close().await;
    }
    let body = app
        .gql(Some(&admin.access), "{ teams { id } }", json!({}))
        .await;
    let error = &body["errors"][0];
    assert!(
        matches!(error["extensions"]["code"].as_str(), Some("UNAVAILABLE")),
        "{body}"
    );
    let text = body.to_string().to_lowercase();
    for leak in ["sqlx", "pool", "sqlite", "closed"] {
        assert!(!text.contains(leak), "response leaks {leak:?}: {body}");
    }
}

/// The binary serves the widget that `make web` built (the suite runs after it in `make test`);
/// a binary built without it says how to fix that instead of serving something broken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chat_widget_script_is_served_with_a_validator() {
    let app = TestApp::start(Backend::Sqlite).await;
    let url = format!("{}/widget.js", app.base_url);
    let response = app.http.get(&url).send().await.unwrap();
    let built =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/widget/dist/widget.js");
    let Ok(expected) = std::fs::read(&built) else {
        assert_eq!(response.status(), 404);
        assert!(
            response
                .text()
                .await
                .unwrap_or_default()
                .contains("make web")
        );
        return;
    };
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("text/javascript"),
        "{content_type}"
    );
    let etag = response.headers()["etag"].clone();
    assert_eq!(
        response.bytes().await.unwrap_or_default().as_ref(),
        expected.as_slice()
    );
    let again = app
        .http
        .get(&url)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.http
        .get(format!("{}{path}", app.base_url))
        .send()
        .await
        .unwrap()
}

/// The agent console `make web` built is served at `/`: its own routes get `index.html` (so a
/// reload of `/inbox` works), hashed assets are cached for good, and neither API paths nor
/// missing files ever come back as the console's page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_is_served_at_the_root_without_hiding_api_errors() {
    let app = TestApp::start(Backend::Sqlite).await;
    let unknown_api = get(&app, "/graphql/nothing-here").await;
    assert_eq!(unknown_api.status(), 404);
    assert!(!header(&unknown_api, "content-type").starts_with("text/html"));
    let missing_script = get(&app, "/assets/missing-0123.js").await;
    assert_eq!(missing_script.status(), 404);

    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/console/dist");
    let Ok(index) = std::fs::read_to_string(dist.join("index.html")) else {
        let root = get(&app, "/").await;
        assert_eq!(root.status(), 404);
        assert!(root.text().await.unwrap_or_default().contains("make web"));
        return;
    };
    for path in ["/", "/inbox", "/admin/users"] {
        let page = get(&app, path).await;
        assert_eq!(page.status(), 200, "{path}");
        assert!(
            header(&page, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(header(&page, "cache-control"), "no-cache", "{path}");
        assert_eq!(page.text().await.unwrap_or_default(), index, "{path}");
    }
    let script = index
        .split("src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no script in {index}"));
    let asset = get(&app, script).await;
    assert_eq!(asset.status(), 200);
    assert!(header(&asset, "content-type").starts_with("text/javascript"));
    assert!(header(&asset, "cache-control").contains("immutable"));
    let expected = std::fs::read(dist.join(script.trim_start_matches('/'))).unwrap();
    assert_eq!(
        asset.bytes().await.unwrap_or_default().as_ref(),
        expected.as_slice()
    );
}
