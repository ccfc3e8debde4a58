//! The browser and the network: security headers and CSP, CORS for the widget's sites, and
//! webhooks that may not reach inside the server's network.

use std::time::Duration;

use serde_json::json;

use crate::support::{Backend, TestApp, data, header};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_browser_security_headers() {
    let app = TestApp::start_with(Backend::Sqlite, |c| {
        c.public_url = Some("https://chat.provedor.example".into());
    })
    .await;
    let get = |path: &str, accept: &str| {
        app.http
            .get(format!("{}{path}", app.base_url))
            .header("accept", accept)
            .send()
    };
    for (path, accept) in [
        ("/graphql", "text/html"),
        ("/healthz", "*/*"),
        ("/", "text/html"),
    ] {
        let response = get(path, accept).await.unwrap();
        assert_eq!(
            header(&response, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(header(&response, "x-frame-options"), "DENY", "{path}");
        assert_eq!(
            header(&response, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert!(
            header(&response, "strict-transport-security").starts_with("max-age="),
            "{path}"
        );
        assert!(
            header(&response, "content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
    }
    // GraphiQL: pinned files with their integrity hashes, its own script by nonce only.
    let page = get("/graphql", "text/html").await.unwrap();
    let policy = header(&page, "content-security-policy");
    let html = page.text().await.unwrap_or_default();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy}"));
    assert!(html.contains(&format!("<script nonce=\"{nonce}\">")));
    let scripts = html.matches("<script src=").count();
    assert_eq!(scripts, 3, "{html}");
    assert_eq!(
        html.matches("integrity=\"sha384-").count(),
        4,
        "every file pinned: {html}"
    );
    assert!(
        !html.contains("@latest") && !html.contains("graphiql@4\""),
        "{html}"
    );
    // The console's page allows its own origin and its inline theme script, by hash.
    let console = get("/", "text/html").await.unwrap();
    if console.status() == 200 {
        let policy = header(&console, "content-security-policy");
        assert!(policy.contains("script-src 'self' 'sha256-"), "{policy}");
    }
    // Anything else (an attachment served inline, an API answer) may run nothing.
    let api = app
        .http
        .post(format!("{}/graphql", app.base_url))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert!(header(&api, "content-security-policy").contains("sandbox"));
    app.shutdown().await;
}

/// An admin's webhook URL pointing inside the server's network is not followed: the server
/// would otherwise post replies (and probe) wherever an admin account, stolen or not, says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_inbox_webhook_cannot_reach_private_addresses_unless_allowed() {
    let w = crate::conversations::world(TestApp::start(Backend::Sqlite).await).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let reached = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = reached.clone();
    tokio::spawn(async move {
        if listener.accept().await.is_ok() {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    });
    for url in [
        format!("http://127.0.0.1:{port}/hook"),
        format!("http://localhost:{port}/hook"),
    ] {
        let body = w
            .app
            .gql(
                Some(&w.admin.access),
                "mutation($i: ID!, $u: String!) { updateInbox(id: $i, input: {webhookUrl: $u}) { id } }",
                json!({ "i": w.inbox, "u": url }),
            )
            .await;
        data(&body);
        let (_, c) = w.post("privado", "oi").await;
        data(
            &w.app
                .gql(
                    Some(&w.ana.access),
                    "mutation($c: ID!) { assignConversation(conversationId: $c) { id } }",
                    json!({ "c": c }),
                )
                .await,
        );
        data(&w.send(&w.ana.access, &c, "resposta").await);
        let mut refused = 0;
        for _ in 0..100 {
            refused = w
                .app
                .count("SELECT COUNT(*) FROM webhook_deliveries WHERE last_error LIKE '%private address%'")
                .await;
            if refused > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(refused > 0, "{url}: the delivery was not refused");
        w.app.execute("DELETE FROM webhook_deliveries").await;
    }
    assert!(
        !reached.load(std::sync::atomic::Ordering::SeqCst),
        "the server connected to loopback"
    );
}

/// The widget works on the ISP's own site without a server-wide CORS list: the sites an admin
/// lists on a web inbox may call the API from a browser, and no other site may.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_inbox_s_sites_may_call_the_api_from_a_browser() {
    let app = TestApp::start(Backend::Sqlite).await;
    let admin = app.admin().await;
    let preflight = |origin: &str| {
        app.http
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/graphql", app.base_url),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = |response: &reqwest::Response| {
        response
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let site = "https://www.provedor.example";
    let before = preflight(site).await.unwrap();
    assert_eq!(allowed(&before), None, "no web inbox lists it yet");
    crate::visitor::web_inbox(&app, &admin.access, json!({ "allowedOrigins": [site] })).await;
    let after = preflight(site).await.unwrap();
    assert_eq!(allowed(&after).as_deref(), Some(site));
    let other = preflight("https://evil.example").await.unwrap();
    assert_eq!(allowed(&other), None);
    app.shutdown().await;
}
