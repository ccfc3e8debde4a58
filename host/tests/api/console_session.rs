//! The console's sign-in with the refresh token in a cookie (`/auth/login`, `/auth/refresh`,
//! `/auth/logout`): the cookie's attributes, rotation, reuse detection, logout, and refusing
//! cross-site requests.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

use crate::support::{ADMIN_PASSWORD, Backend, TestApp, data, error_code, str_at};

const ME: &str = "{ me { username } }";

backend_tests!(
    refresh_rotates_the_cookie_and_reuse_revokes_the_family,
    logout_clears_the_cookie_and_ends_the_sign_in,
);

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Answer {
    /// The one `Set-Cookie` of the answer.
    fn cookie(&self) -> SetCookie {
        let all: Vec<&str> = self
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(all.len(), 1, "expected one Set-Cookie, got {all:?}");
        SetCookie::parse(all[0])
    }

    fn sets_no_cookie(&self) -> bool {
        self.headers.get("set-cookie").is_none()
    }
}

#[derive(Debug)]
struct SetCookie {
    name: String,
    value: String,
    /// The attributes as sent, lowercased names: `("path", "/auth")`, `("httponly", "")`.
    attributes: Vec<(String, String)>,
}

impl SetCookie {
    fn parse(text: &str) -> SetCookie {
        let mut parts = text.split(';').map(str::trim);
        let (name, value) = parts
            .next()
            .and_then(|pair| pair.split_once('='))
            .unwrap_or_else(|| panic!("not a cookie: {text}"));
        let attributes = parts
            .map(|part| match part.split_once('=') {
                Some((key, value)) => (key.to_ascii_lowercase(), value.to_owned()),
                None => (part.to_ascii_lowercase(), String::new()),
            })
            .collect();
        SetCookie {
            name: name.to_owned(),
            value: value.to_owned(),
            attributes,
        }
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn has(&self, name: &str) -> bool {
        self.attribute(name).is_some()
    }

    /// What the browser sends back.
    fn header(&self) -> String {
        format!("{}={}", self.name, self.value)
    }

    fn is_cleared(&self) -> bool {
        self.value.is_empty() && self.attribute("max-age") == Some("0")
    }
}

/// POSTs to an `/auth/…` endpoint as the console does (`Content-Type: application/json`), with
/// `extra` headers on top (a `content-type` among them replaces the console's).
async fn post(app: &TestApp, path: &str, extra: &[(&str, &str)], body: Value) -> Answer {
    let mut request = app
        .http
        .post(format!("{}{path}", app.base_url))
        .body(body.to_string());
    if !extra.iter().any(|(name, _)| *name == "content-type") {
        request = request.header("content-type", "application/json");
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("request failed: {e}"));
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {status} {text}"));
    Answer {
        status,
        headers,
        body,
    }
}

async fn console_login(app: &TestApp, extra: &[(&str, &str)]) -> Answer {
    post(
        app,
        "/auth/login",
        extra,
        json!({ "login": "admin", "password": ADMIN_PASSWORD }),
    )
    .await
}

async fn refresh_with(app: &TestApp, cookie: &SetCookie) -> Answer {
    post(
        app,
        "/auth/refresh",
        &[("cookie", &cookie.header())],
        json!({}),
    )
    .await
}

async fn audit_actions(app: &TestApp, token: &str, action: &str) -> Vec<Value> {
    let body = app
        .gql(
            Some(token),
            "query($a: String!) { auditLog(filter: {action: $a}) { edges { node { targetId ip details } } } }",
            json!({ "a": action }),
        )
        .await;
    data(&body)["auditLog"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sets_an_http_only_same_site_cookie_and_answers_no_refresh_token() {
    let app = TestApp::start(Backend::Sqlite).await;
    let login = console_login(&app, &[]).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    assert_eq!(
        login.headers.get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
    assert!(login.headers.get("ratelimit").is_some());
    let cookie = login.cookie();
    assert_eq!(cookie.name, "ispchat_refresh");
    assert!(cookie.value.len() >= 40, "{cookie:?}");
    assert_eq!(cookie.attribute("path"), Some("/auth"));
    assert!(cookie.has("httponly"), "{cookie:?}");
    assert_eq!(cookie.attribute("samesite"), Some("Strict"));
    // 30 days, as the refresh token; plain http here, so not Secure.
    assert_eq!(cookie.attribute("max-age"), Some("2592000"));
    assert!(!cookie.has("secure"), "{cookie:?}");
    assert!(!cookie.has("domain"), "{cookie:?}");

    // The answer has what the console needs and nothing a script could steal for long.
    let body = &login.body;
    let fields: Vec<&String> = body
        .as_object()
        .unwrap_or_else(|| panic!("{body}"))
        .keys()
        .collect();
    assert_eq!(
        fields,
        [
            "accessToken",
            "accessTokenExpiresAt",
            "refreshTokenExpiresAt"
        ],
        "{body}"
    );
    assert!(!body.to_string().contains(&cookie.value));
    let me = app
        .gql(Some(&str_at(body, "accessToken")), ME, json!({}))
        .await;
    assert_eq!(data(&me)["me"]["username"], "admin");

    // The cookie's token is a refresh token like any other: the mutation takes it too.
    let mutation = app
        .gql(
            None,
            "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }",
            json!({ "t": cookie.value }),
        )
        .await;
    data(&mutation);

    // Without the cookie there is nothing to refresh, and no cookie is set.
    let bare = post(&app, "/auth/refresh", &[], json!({})).await;
    assert_eq!(bare.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&bare.body), "UNAUTHENTICATED");
    assert!(bare.sets_no_cookie());
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_the_cookie_is_secure_and_read_only_by_its_secure_name() {
    // Behind a TLS proxy that says so.
    let app = TestApp::start(Backend::Sqlite).await;
    let https = [("x-forwarded-proto", "https")];
    let cookie = console_login(&app, &https).await.cookie();
    assert_eq!(cookie.name, "__Secure-ispchat_refresh");
    assert!(cookie.has("secure"), "{cookie:?}");
    assert!(cookie.has("httponly") && cookie.attribute("samesite") == Some("Strict"));
    let rotated = post(
        &app,
        "/auth/refresh",
        &[("x-forwarded-proto", "https"), ("cookie", &cookie.header())],
        json!({}),
    )
    .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let rotated = rotated.cookie();
    assert!(rotated.has("secure"));
    // A cookie without the prefix (one a plain-http page could have planted) is not read.
    let planted = format!("ispchat_refresh={}", rotated.value);
    let refused = post(
        &app,
        "/auth/refresh",
        &[("x-forwarded-proto", "https"), ("cookie", &planted)],
        json!({}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    app.shutdown().await;

    // Or with an https public URL: Secure whatever the proxy says, and that origin is the
    // server's own.
    let app = TestApp::start_with(Backend::Sqlite, |c| {
        c.public_url = Some("https://chat.isp.example".into());
    })
    .await;
    let login = console_login(&app, &[("origin", "https://chat.isp.example")]).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    let cookie = login.cookie();
    assert_eq!(cookie.name, "__Secure-ispchat_refresh");
    assert!(cookie.has("secure"), "{cookie:?}");
    app.shutdown().await;
}

async fn refresh_rotates_the_cookie_and_reuse_revokes_the_family(app: TestApp) {
    let first = console_login(&app, &[]).await.cookie();
    let other_device = console_login(&app, &[]).await.cookie();

    let rotated = refresh_with(&app, &first).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let second = rotated.cookie();
    assert_ne!(second.value, first.value);
    assert_eq!(second.attribute("path"), Some("/auth"));
    assert_eq!(second.attribute("max-age"), Some("2592000"));
    assert!(second.has("httponly"));
    assert!(!rotated.body.to_string().contains(&second.value));
    let access = str_at(&rotated.body, "accessToken");
    data(&app.gql(Some(&access), ME, json!({})).await);

    // The spent token again: theft. The whole family ends, its cookie is cleared...
    let reuse = refresh_with(&app, &first).await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&reuse.body), "UNAUTHENTICATED");
    assert!(reuse.cookie().is_cleared(), "{:?}", reuse.cookie());
    let successor = refresh_with(&app, &second).await;
    assert_eq!(successor.status, StatusCode::UNAUTHORIZED);
    // ...and so does the body of the mutation, which shares the service.
    let mutation = app
        .gql(
            None,
            "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }",
            json!({ "t": second.value }),
        )
        .await;
    assert_eq!(error_code(&mutation), "UNAUTHENTICATED");

    // Another sign-in (another family) is untouched, and the reuse is on record.
    let other = refresh_with(&app, &other_device).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);
    let admin = str_at(&other.body, "accessToken");
    let entries = audit_actions(&app, &admin, "auth.refresh_reuse_detected").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["node"]["details"]["revokedTokens"], 1);
    assert_eq!(entries[0]["node"]["ip"], "127.0.0.1");
    assert_eq!(audit_actions(&app, &admin, "auth.login").await.len(), 2);
}

async fn logout_clears_the_cookie_and_ends_the_sign_in(app: TestApp) {
    let cookie = console_login(&app, &[]).await.cookie();
    let other = console_login(&app, &[]).await.cookie();
    let logout = post(
        &app,
        "/auth/logout",
        &[("cookie", &cookie.header())],
        json!({}),
    )
    .await;
    assert_eq!(logout.status, StatusCode::OK, "{}", logout.body);
    assert_eq!(logout.body, json!({ "ended": true }));
    let cleared = logout.cookie();
    assert_eq!(cleared.name, "ispchat_refresh");
    assert!(cleared.is_cleared(), "{cleared:?}");
    assert_eq!(cleared.attribute("path"), Some("/auth"));

    let refresh = refresh_with(&app, &cookie).await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&refresh.body), "UNAUTHENTICATED");
    // Nothing left to end: `false`, and the cookie is cleared all the same.
    let again = post(
        &app,
        "/auth/logout",
        &[("cookie", &cookie.header())],
        json!({}),
    )
    .await;
    assert_eq!(again.body, json!({ "ended": false }));
    assert!(again.cookie().is_cleared());
    let without = post(&app, "/auth/logout", &[], json!({})).await;
    assert_eq!(without.body, json!({ "ended": false }));

    let admin = str_at(&refresh_with(&app, &other).await.body, "accessToken");
    let entries = audit_actions(&app, &admin, "auth.logout").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_requests_are_refused_before_the_token_is_touched() {
    let app = TestApp::start(Backend::Sqlite).await;
    let own_origin = app.base_url.clone();
    let cookie = console_login(&app, &[("origin", &own_origin)])
        .await
        .cookie();
    let sent = cookie.header();
    let sent = sent.as_str();

    for path in ["/auth/login", "/auth/refresh", "/auth/logout"] {
        // What a form or a no-cors fetch from another site can send: no JSON content type.
        for content_type in [
            "application/x-www-form-urlencoded",
            "text/plain",
            "multipart/form-data; boundary=x",
        ] {
            let answer = post(
                &app,
                path,
                &[("content-type", content_type), ("cookie", sent)],
                json!({}),
            )
            .await;
            assert_eq!(
                answer.status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{path} {content_type}"
            );
            assert!(answer.sets_no_cookie(), "{path}");
        }
        let untyped = app
            .http
            .post(format!("{}{path}", app.base_url))
            .header("cookie", sent)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(
            untyped.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{path}"
        );
        // Another site's page, or a sandboxed one.
        for headers in [
            [("origin", "https://evil.example"), ("cookie", sent)],
            [("origin", "null"), ("cookie", sent)],
            [
                ("origin", "http://127.0.0.1.evil.example"),
                ("cookie", sent),
            ],
            [("sec-fetch-site", "cross-site"), ("cookie", sent)],
            [("sec-fetch-site", "same-site"), ("cookie", sent)],
        ] {
            let answer = post(
                &app,
                path,
                &headers,
                json!({ "login": "admin", "password": ADMIN_PASSWORD }),
            )
            .await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path} {headers:?}");
            assert_eq!(error_code(&answer.body), "FORBIDDEN");
            assert!(answer.sets_no_cookie(), "{path} {headers:?}");
        }
    }

    // None of that used or ended the sign-in: the console's own request still rotates it.
    let own = post(
        &app,
        "/auth/refresh",
        &[
            ("origin", &own_origin),
            ("sec-fetch-site", "same-origin"),
            ("cookie", sent),
        ],
        json!({}),
    )
    .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let access = str_at(&own.body, "accessToken");
    assert!(
        audit_actions(&app, &access, "auth.refresh_reuse_detected")
            .await
            .is_empty()
    );
    assert!(audit_actions(&app, &access, "auth.logout").await.is_empty());
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_login_answers_as_the_mutation_does_and_sets_no_cookie() {
    let app = TestApp::start_with(Backend::Sqlite, |c| c.login_attempts_per_account = 2).await;
    let wrong = post(
        &app,
        "/auth/login",
        &[],
        json!({ "login": "admin", "password": "not-the-password" }),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&wrong.body), "UNAUTHENTICATED");
    assert_eq!(
        wrong.body["errors"][0]["message"],
        "invalid login or password"
    );
    assert!(wrong.sets_no_cookie());

    let missing = post(&app, "/auth/login", &[], json!({ "login": "admin" })).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.body["errors"][0]["extensions"]["field"], "password");
    let garbage = post(&app, "/auth/login", &[], json!(["admin"])).await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    assert_eq!(garbage.body["errors"][0]["extensions"]["field"], "body");

    // The login limits are the mutation's: the account's budget is spent by now.
    post(
        &app,
        "/auth/login",
        &[],
        json!({ "login": "admin", "password": "still-not-it" }),
    )
    .await;
    let limited = console_login(&app, &[]).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_code(&limited.body), "RATE_LIMITED");
    assert!(limited.headers.get("retry-after").is_some());
    assert!(limited.sets_no_cookie());
    app.shutdown().await;
}
