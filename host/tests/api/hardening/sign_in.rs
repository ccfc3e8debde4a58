//! Password guessing and request floods: sign-in limits keyed on the account, a ceiling that
//! cannot lock the owner out, hashing bounded to the cores, a request budget per caller.

use serde_json::{Value, json};

use crate::support::{ADMIN_PASSWORD, Backend, TestApp, data, error_code};

async fn login_from(app: &TestApp, address: &str, login: &str, password: &str) -> Value {
    app.http
        .post(format!("{}/graphql", app.base_url))
        .header("X-Forwarded-For", address)
        .json(&json!({
            "query": "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }",
            "variables": { "l": login, "p": password },
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_username_and_its_e_mail_share_one_guessing_budget() {
    let app = TestApp::start_with(Backend::Sqlite, |c| c.login_attempts_per_account = 3).await;
    for login in ["admin", "admin@ispchat.test", "ADMIN"] {
        assert_eq!(
            error_code(&app.try_login(login, "wrong-password").await),
            "UNAUTHENTICATED"
        );
    }
    let limited = app.try_login("admin@ispchat.test", "wrong-password").await;
    assert_eq!(error_code(&limited), "RATE_LIMITED", "{limited}");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_from_many_addresses_cannot_lock_the_admin_out() {
    let app = TestApp::start_with(Backend::Sqlite, |c| {
        c.trust_forwarded_for = true;
        c.login_attempts_per_account = 5;
        c.login_attempts_per_account_per_hour = 6;
    })
    .await;
    let office = "198.51.100.7";
    let signed_in = login_from(&app, office, "admin", ADMIN_PASSWORD).await;
    assert!(
        data(&signed_in)["login"]["accessToken"].is_string(),
        "{signed_in}"
    );
    // An attacker spreads guesses over many addresses (IPv6 ones in different /64s).
    let mut limited = 0;
    for n in 0..12 {
        let address = format!("2001:db8:{n:x}::1");
        let body = login_from(&app, &address, "admin", &format!("guess-number-{n}")).await;
        if error_code(&body) == "RATE_LIMITED" {
            limited += 1;
        }
    }
    assert!(
        limited >= 6,
        "the account's ceiling stops the spread guessing ({limited} refused)"
    );
    // The admin, from the office, still signs in.
    let again = login_from(&app, office, "admin", ADMIN_PASSWORD).await;
    assert!(data(&again)["login"]["accessToken"].is_string(), "{again}");
    // Anyone else, at an address the account never used, waits like the attacker.
    let elsewhere = login_from(&app, "203.0.113.9", "admin", ADMIN_PASSWORD).await;
    assert_eq!(error_code(&elsewhere), "RATE_LIMITED", "{elsewhere}");
    // Addresses in one /64 are one client.
    for n in 0..5 {
        let body = login_from(&app, &format!("2001:db8:99::{n}"), "nobody", "x").await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    let body = login_from(&app, "2001:db8:99::ffff", "nobody", "x").await;
    assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sign_ins_queue_for_the_cores_or_are_told_to_retry() {
    let app = TestApp::start(Backend::Sqlite).await;
    let attempts = (0..40).map(|n| {
        app.try_login(
            if n % 2 == 0 { "admin" } else { "nobody" },
            "wrong-password",
        )
    });
    let answers = futures_util::future::join_all(attempts).await;
    let codes: Vec<&str> = answers.iter().map(error_code).collect();
    assert!(
        codes
            .iter()
            .all(|c| *c == "UNAUTHENTICATED" || *c == "RATE_LIMITED"),
        "{codes:?}"
    );
    let refused = codes.iter().filter(|c| **c == "RATE_LIMITED").count();
    assert!(
        refused > 0,
        "40 concurrent hashes were all run at once: {codes:?}"
    );
    // Once the burst is over, signing in works.
    assert!(data(&app.try_login("admin", ADMIN_PASSWORD).await)["login"].is_object());
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_caller_has_a_request_budget_said_in_headers() {
    let app = TestApp::start_with(Backend::Sqlite, |c| c.requests_per_minute = 3).await;
    // Signing in spends one of the anonymous address's three.
    let admin = app.admin().await;
    let request = |token: Option<&str>| {
        let mut request = app
            .http
            .post(format!("{}/graphql", app.base_url))
            .json(&json!({ "query": "{ __typename }" }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let header = |response: &reqwest::Response, name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let second = request(None).await.unwrap();
    assert_eq!(second.status(), 200);
    assert_eq!(
        header(&second, "ratelimit-policy").as_deref(),
        Some("\"requests\";q=3;w=60")
    );
    assert_eq!(
        header(&second, "ratelimit").as_deref(),
        Some("\"requests\";r=1;t=40")
    );
    request(None).await.unwrap();
    let refused = request(None).await.unwrap();
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = header(&refused, "retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!(
        (1..=20).contains(&retry_after),
        "Retry-After: {retry_after}"
    );
    let body: Value = refused.json().await.unwrap_or(Value::Null);
    assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["retryAfterSeconds"], retry_after,
        "{body}"
    );
    // The signed-in admin has a budget of their own.
    let own = request(Some(&admin.access)).await.unwrap();
    assert_eq!(own.status(), 200);
    assert_eq!(
        header(&own, "ratelimit").as_deref(),
        Some("\"requests\";r=2;t=20")
    );
    app.shutdown().await;
}
