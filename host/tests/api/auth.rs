//! Login, token expiry, refresh rotation and reuse detection, logout, rate limits.

use chrono::Duration;
use serde_json::json;

use crate::support::{ADMIN_PASSWORD, Backend, TestApp, data, error_code, str_at, tokens};

const ME: &str = "{ me { id username role } }";
const REFRESH: &str = "mutation($t: String!) { refreshToken(refreshToken: $t) {
    accessToken refreshToken user { id role } } }";
const LOGOUT: &str = "mutation($t: String!) { logout(refreshToken: $t) }";

backend_tests!(
    login_with_username_or_email_returns_working_tokens,
    login_with_a_wrong_password_is_refused_and_audited,
    an_expired_access_token_is_refused,
    refresh_rotates_both_tokens,
    reusing_a_refresh_token_revokes_the_family,
    logout_ends_the_session,
    deactivating_a_user_ends_their_access_at_once,
    changing_ones_password_ends_all_sessions,
);

async fn login_with_username_or_email_returns_working_tokens(app: TestApp) {
    for login in ["admin", "ADMIN@ispchat.test"] {
        let body = app.try_login(login, ADMIN_PASSWORD).await;
        let payload = &data(&body)["login"];
        assert_eq!(payload["user"]["role"], "ADMIN");
        let me = app
            .gql(Some(&str_at(payload, "accessToken")), ME, json!({}))
            .await;
        assert_eq!(data(&me)["me"]["username"], "admin");
    }
}

async fn login_with_a_wrong_password_is_refused_and_audited(app: TestApp) {
    let body = app.try_login("admin", "not-the-password").await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    assert_eq!(body["errors"][0]["message"], "invalid login or password");
    assert!(body["data"].is_null());
    // An unknown login fails with the very same message.
    let unknown = app.try_login("nobody", "not-the-password").await;
    assert_eq!(unknown["errors"][0]["message"], "invalid login or password");

    let admin = app.admin().await;
    let audit = app
        .gql(
            Some(&admin.access),
            r#"{ auditLog(filter: {action: "auth.login_failed"}) { edges { node { actorLabel details ip } } } }"#,
            json!({}),
        )
        .await;
    let edges = data(&audit)["auditLog"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edges.len(), 2, "{audit}");
    assert_eq!(edges[0]["node"]["actorLabel"], "nobody");
    assert_eq!(edges[1]["node"]["details"]["reason"], "wrong password");
    assert_eq!(edges[1]["node"]["ip"], "127.0.0.1");
}

async fn an_expired_access_token_is_refused(app: TestApp) {
    let admin = app.admin().await;
    app.clock.advance(Duration::minutes(14));
    data(&app.gql(Some(&admin.access), ME, json!({})).await);
    app.clock.advance(Duration::minutes(1));
    let body = app.gql(Some(&admin.access), ME, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    assert_eq!(body["errors"][0]["message"], "access token expired");
    // The refresh token still works and yields a fresh access token.
    let refreshed = app.gql(None, REFRESH, json!({ "t": admin.refresh })).await;
    let fresh = tokens(&data(&refreshed)["refreshToken"]);
    data(&app.gql(Some(&fresh.access), ME, json!({})).await);
}

async fn refresh_rotates_both_tokens(app: TestApp) {
    let first = app.admin().await;
    app.clock.advance(Duration::seconds(5));
    let body = app.gql(None, REFRESH, json!({ "t": first.refresh })).await;
    let second = tokens(&data(&body)["refreshToken"]);
    assert_ne!(second.refresh, first.refresh);
    assert_ne!(second.access, first.access);
    assert_eq!(second.user_id, first.user_id);
    let body = app.gql(None, REFRESH, json!({ "t": second.refresh })).await;
    data(&body);
}

async fn reusing_a_refresh_token_revokes_the_family(app: TestApp) {
    let stolen = app.admin().await;
    let other_device = app.admin().await;
    let rotated = tokens(
        &data(&app.gql(None, REFRESH, json!({ "t": stolen.refresh })).await)["refreshToken"],
    );

    let reuse = app.gql(None, REFRESH, json!({ "t": stolen.refresh })).await;
    assert_eq!(error_code(&reuse), "UNAUTHENTICATED");
    // The legitimate successor is dead too: the whole family was revoked...
    let successor = app
        .gql(None, REFRESH, json!({ "t": rotated.refresh }))
        .await;
    assert_eq!(error_code(&successor), "UNAUTHENTICATED");
    // ...but a separate login (another family) is untouched.
    data(
        &app.gql(None, REFRESH, json!({ "t": other_device.refresh }))
            .await,
    );

    let audit = app
        .gql(
            Some(&other_device.access),
            r#"{ auditLog(filter: {action: "auth.refresh_reuse_detected"}) { edges { node { targetId details } } } }"#,
            json!({}),
        )
        .await;
    let entries = data(&audit)["auditLog"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(entries.len(), 1, "{audit}");
    assert_eq!(entries[0]["node"]["targetId"], stolen.user_id);
    assert_eq!(entries[0]["node"]["details"]["revokedTokens"], 1);
}

async fn logout_ends_the_session(app: TestApp) {
    let session = app.admin().await;
    let body = app.gql(None, LOGOUT, json!({ "t": session.refresh })).await;
    assert_eq!(data(&body)["logout"], true);
    let refresh = app
        .gql(None, REFRESH, json!({ "t": session.refresh }))
        .await;
    assert_eq!(error_code(&refresh), "UNAUTHENTICATED");
    let again = app.gql(None, LOGOUT, json!({ "t": session.refresh })).await;
    assert_eq!(data(&again)["logout"], false);
}

async fn deactivating_a_user_ends_their_access_at_once(app: TestApp) {
    let admin = app.admin().await;
    let agent = app.user(&admin.access, "AGENT", "ana").await;
    data(&app.gql(Some(&agent.access), ME, json!({})).await);
    let body = app
        .gql(
            Some(&admin.access),
            "mutation($id: ID!) { updateUser(id: $id, input: {status: INACTIVE}) { status } }",
            json!({ "id": agent.user_id }),
        )
        .await;
    assert_eq!(data(&body)["updateUser"]["status"], "INACTIVE");
    let me = app.gql(Some(&agent.access), ME, json!({})).await;
    assert_eq!(error_code(&me), "UNAUTHENTICATED");
    assert_eq!(
        error_code(&app.gql(None, REFRESH, json!({ "t": agent.refresh })).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        error_code(&app.try_login("ana", "ana-password").await),
        "UNAUTHENTICATED"
    );
}

async fn changing_ones_password_ends_all_sessions(app: TestApp) {
    let admin = app.admin().await;
    let agent = app.user(&admin.access, "AGENT", "bruno").await;
    let change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";
    let wrong = app
        .gql(
            Some(&agent.access),
            change,
            json!({ "c": "wrong-password", "n": "a-new-password" }),
        )
        .await;
    assert_eq!(error_code(&wrong), "BAD_USER_INPUT");
    assert_eq!(wrong["errors"][0]["extensions"]["field"], "currentPassword");
    let ok = app
        .gql(
            Some(&agent.access),
            change,
            json!({ "c": "bruno-password", "n": "a-new-password" }),
        )
        .await;
    assert_eq!(data(&ok)["changePassword"], true);
    assert_eq!(
        error_code(&app.gql(None, REFRESH, json!({ "t": agent.refresh })).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        error_code(&app.try_login("bruno", "bruno-password").await),
        "UNAUTHENTICATED"
    );
    app.login("bruno", "a-new-password").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_attempts_are_rate_limited_per_account() {
    let app = TestApp::start_with(Backend::Sqlite, |c| c.login_attempts_per_account = 3).await;
    for _ in 0..3 {
        assert_eq!(
            error_code(&app.try_login("admin", "wrong-password").await),
            "UNAUTHENTICATED"
        );
    }
    // Even the right password is refused until the limit recovers.
    let limited = app.try_login("admin", ADMIN_PASSWORD).await;
    assert_eq!(error_code(&limited), "RATE_LIMITED");
    assert!(
        limited["errors"][0]["extensions"]["retryAfterSeconds"]
            .as_u64()
            .is_some_and(|s| s > 0)
    );
    // Other accounts are not affected by this one's limit.
    assert_eq!(
        error_code(&app.try_login("someone-else", "wrong-password").await),
        "UNAUTHENTICATED"
    );
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_attempts_are_rate_limited_per_ip() {
    let app = TestApp::start_with(Backend::Sqlite, |c| c.login_attempts_per_ip = 3).await;
    for login in ["a", "b", "c"] {
        assert_eq!(
            error_code(&app.try_login(login, "wrong-password").await),
            "UNAUTHENTICATED"
        );
    }
    assert_eq!(
        error_code(&app.try_login("d", "wrong-password").await),
        "RATE_LIMITED"
    );
    app.shutdown().await;
}
