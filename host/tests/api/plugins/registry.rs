//! The plugin registry and its admin API, on the real components: upload, list, configure
//! (settings and write-only encrypted secrets), disable/enable, uninstall; refusals of bad
//! packages; the failure breaker persisted with an audit entry; bundled plugins at start-up.

use std::sync::Arc;

use ispchat_host::plugins::{ActivePlugins, Kind, Plugin, PluginRegistry};
use ispchat_host::storage::Db;
use serde_json::{Value, json};

use super::fixture::{dist, reply_text, turn};
use crate::support::{Backend, TestApp, UploadFile, data, error_code, error_field};

backend_tests!(
    admins_install_configure_disable_enable_and_uninstall_a_plugin,
    plugin_secrets_are_write_only_and_encrypted_at_rest,
    repeated_failures_disable_the_plugin_persistently_with_an_audit_entry,
);

const FIELDS: &str = "id name version kind witVersion enabled disabledReason source \
    capabilities { kv httpHosts secrets { name reveal } } \
    settings { key type value default } secrets { name isSet } \
    recentErrors(limit: 10) { reason message } \
    metrics { calls failures meanDurationMs maxDurationMs } installedAt updatedAt";

/// The plugin's built `dist/` folder as a `.tar` (under `dist/`, as `tar -cf x.tar dist` makes
/// it), with `edit` applied to its plugin.toml.
pub(crate) fn package(path: &str, edit: impl Fn(&str) -> String) -> UploadFile {
    let dir = dist(path).dist_dir;
    let manifest = std::fs::read_to_string(dir.join("plugin.toml")).unwrap();
    let manifest = edit(&manifest);
    let id = path.rsplit('/').next().unwrap_or(path);
    let wasm = std::fs::read(dir.join(format!("{id}.wasm"))).unwrap();
    let mut tar = tar::Builder::new(Vec::new());
    for (name, bytes) in [
        ("dist/plugin.toml".to_owned(), manifest.into_bytes()),
        (format!("dist/{id}.wasm"), wasm),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    let bytes = tar.into_inner().unwrap();
    UploadFile::new(&format!("{id}.tar"), "application/x-tar", &bytes)
}

pub(crate) async fn install(app: &TestApp, token: &str, file: &UploadFile, args: &str) -> Value {
    let query = format!(
        "mutation($file: Upload!) {{ installPlugin(package: $file{args}) {{ {FIELDS} }} }}"
    );
    let (status, body) = app.gql_upload(Some(token), &query, json!({}), file).await;
    assert_eq!(status, 200, "{body}");
    body
}

pub(super) async fn plugin(app: &TestApp, token: &str, id: &str) -> Value {
    let body = app
        .gql(
            Some(token),
            &format!("query($id: ID!) {{ plugin(id: $id) {{ {FIELDS} }} }}"),
            json!({ "id": id }),
        )
        .await;
    data(&body)["plugin"].clone()
}

pub(super) async fn mutate(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    app.gql(Some(token), query, vars).await
}

pub(super) fn registry(app: &TestApp) -> Arc<PluginRegistry> {
    app.server
        .as_ref()
        .map(|s| s.plugins.clone())
        .unwrap_or_else(|| panic!("server stopped"))
}

pub(super) fn live(app: &TestApp, id: &str) -> Arc<Plugin> {
    registry(app)
        .get(id)
        .unwrap_or_else(|| panic!("{id} is not in the live set"))
}

async fn audit_actions(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let body = app
        .gql(
            Some(token),
            r#"query { auditLog(filter: {action: "plugin."}, first: 100) { edges { node { action actorKind } } } }"#,
            json!({}),
        )
        .await;
    data(&body)["auditLog"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["node"]["action"].as_str().unwrap_or_default().to_owned(),
                e["node"]["actorKind"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

async fn admins_install_configure_disable_enable_and_uninstall_a_plugin(app: TestApp) {
    let admin = app.admin().await.access;

    let body = install(&app, &admin, &package("echo-bot", str::to_owned), "").await;
    let installed = &data(&body)["installPlugin"];
    assert_eq!(installed["id"], "echo-bot");
    assert_eq!(installed["name"], "Echo bot");
    assert_eq!(installed["kind"], "BOT");
    assert_eq!(installed["witVersion"], "1.0.0");
    assert_eq!(installed["source"], "UPLOADED");
    // New uploads wait for the admin to review them.
    assert_eq!(installed["enabled"], false);
    assert!(registry(&app).get("echo-bot").is_none());
    let language = installed["settings"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["key"] == "language").cloned())
        .unwrap_or_default();
    assert_eq!(language["type"], "string");
    assert_eq!(language["default"], "pt-BR");
    assert!(
        app.data_dir()
            .join("plugins/echo-bot/1.0.0/echo-bot.wasm")
            .is_file()
    );

    let list = app
        .gql(Some(&admin), "query { plugins { id enabled } }", json!({}))
        .await;
    assert_eq!(
        data(&list)["plugins"],
        json!([{"id": "echo-bot", "enabled": false}])
    );

    // A value outside the schema is refused and names the field.
    let configure = "mutation($id: ID!, $s: JSON) { configurePlugin(id: $id, input: {settings: $s}) { settings { key value } } }";
    let bad = mutate(
        &app,
        &admin,
        configure,
        json!({"id": "echo-bot", "s": {"language": "fr"}}),
    )
    .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT", "{bad}");
    assert_eq!(error_field(&bad), "settings.language");
    let bad = mutate(
        &app,
        &admin,
        configure,
        json!({"id": "echo-bot", "s": {"colour": "red"}}),
    )
    .await;
    assert_eq!(error_field(&bad), "settings.colour", "{bad}");
    let ok = mutate(
        &app,
        &admin,
        configure,
        json!({"id": "echo-bot", "s": {"language": "en"}}),
    )
    .await;
    assert!(
        data(&ok)["configurePlugin"]["settings"]
            .as_array()
            .is_some_and(|s| s.contains(&json!({"key": "language", "value": "en"}))),
        "{ok}"
    );

    let enabled = mutate(
        &app,
        &admin,
        "mutation { enablePlugin(id: \"echo-bot\") { enabled disabledReason } }",
        json!({}),
    )
    .await;
    assert_eq!(
        data(&enabled)["enablePlugin"],
        json!({"enabled": true, "disabledReason": null})
    );
    // The live plugin serves the configured settings.
    let echo = live(&app, "echo-bot");
    assert_eq!(registry(&app).enabled(Kind::Bot).len(), 1);
    let reply = registry(&app).on_message(&echo, &turn("hello")).await;
    match reply {
        Ok(Ok(response)) => assert_eq!(reply_text(&response), "You said: \"hello\""),
        other => panic!("{other:?}"),
    }
    let seen = plugin(&app, &admin, "echo-bot").await;
    assert_eq!(seen["metrics"]["calls"], 1);
    assert_eq!(seen["metrics"]["failures"], 0);

    // Reconfiguring swaps the live plugin; a caller holding the old one keeps it.
    mutate(
        &app,
        &admin,
        configure,
        json!({"id": "echo-bot", "s": {"language": null}}),
    )
    .await;
    let fresh = live(&app, "echo-bot");
    assert!(!Arc::ptr_eq(&echo, &fresh));
    match registry(&app).on_message(&fresh, &turn("oi")).await {
        Ok(Ok(response)) => assert_eq!(reply_text(&response), "Você disse: \"oi\""),
        other => panic!("{other:?}"),
    }
    match registry(&app).on_message(&echo, &turn("hi")).await {
        Ok(Ok(response)) => assert_eq!(reply_text(&response), "You said: \"hi\""),
        other => panic!("{other:?}"),
    }

    let disabled = mutate(
        &app,
        &admin,
        "mutation { disablePlugin(id: \"echo-bot\") { enabled disabledReason } }",
        json!({}),
    )
    .await;
    assert_eq!(
        data(&disabled)["disablePlugin"],
        json!({"enabled": false, "disabledReason": "OPERATOR"})
    );
    assert!(registry(&app).get("echo-bot").is_none());
    assert!(registry(&app).enabled(Kind::Bot).is_empty());
    let enabled = mutate(
        &app,
        &admin,
        "mutation { enablePlugin(id: \"echo-bot\") { enabled } }",
        json!({}),
    )
    .await;
    assert_eq!(data(&enabled)["enablePlugin"]["enabled"], true);
    assert!(registry(&app).get("echo-bot").is_some());

    // Upgrades go forward; an older version needs force.
    let v2 = package("echo-bot", |m| {
        m.replace("version = \"1.0.0\"", "version = \"2.0.0\"")
    });
    let body = install(&app, &admin, &v2, "").await;
    assert_eq!(data(&body)["installPlugin"]["version"], "2.0.0");
    assert_eq!(
        data(&body)["installPlugin"]["enabled"],
        true,
        "an upgrade keeps the plugin enabled"
    );
    assert_eq!(live(&app, "echo-bot").manifest().version, "2.0.0");
    assert!(!app.data_dir().join("plugins/echo-bot/1.0.0").exists());
    let older = install(&app, &admin, &package("echo-bot", str::to_owned), "").await;
    assert_eq!(error_code(&older), "CONFLICT", "{older}");
    assert_eq!(error_field(&older), "version");
    let forced = install(
        &app,
        &admin,
        &package("echo-bot", str::to_owned),
        ", force: true",
    )
    .await;
    assert_eq!(data(&forced)["installPlugin"]["version"], "1.0.0");

    let missing = mutate(
        &app,
        &admin,
        "mutation { enablePlugin(id: \"nope\") { id } }",
        json!({}),
    )
    .await;
    assert_eq!(error_code(&missing), "NOT_FOUND");

    let removed = mutate(
        &app,
        &admin,
        "mutation { uninstallPlugin(id: \"echo-bot\") }",
        json!({}),
    )
    .await;
    assert_eq!(data(&removed)["uninstallPlugin"], true);
    assert!(registry(&app).get("echo-bot").is_none());
    assert_eq!(plugin(&app, &admin, "echo-bot").await, Value::Null);
    assert!(!app.data_dir().join("plugins/echo-bot").exists());

    let actions: Vec<String> = audit_actions(&app, &admin)
        .await
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    for action in [
        "plugin.install",
        "plugin.configure",
        "plugin.enable",
        "plugin.disable",
        "plugin.upgrade",
        "plugin.uninstall",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "no {action} in {actions:?}"
        );
    }

    // Only admins manage plugins.
    let agent = app.user(&admin, "AGENT", "artur").await.access;
    let refused = app
        .gql(Some(&agent), "query { plugins { id } }", json!({}))
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let refused = install(&app, &agent, &package("echo-bot", str::to_owned), "").await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
}

async fn secrets_column(db: &Db) -> Vec<u8> {
    let sql = "SELECT secrets FROM plugin_installations WHERE id = 'secret-reader'";
    let row: Option<(Option<Vec<u8>>,)> = match db {
        Db::Sqlite(pool, _) => sqlx::query_as(sql).fetch_optional(pool).await,
        Db::Postgres(pool) => sqlx::query_as(sql).fetch_optional(pool).await,
    }
    .unwrap();
    row.and_then(|(blob,)| blob).unwrap_or_default()
}

async fn plugin_secrets_are_write_only_and_encrypted_at_rest(app: TestApp) {
    let admin = app.admin().await.access;
    let body = install(
        &app,
        &admin,
        &package("testing/secret-reader", str::to_owned),
        ", enable: true",
    )
    .await;
    let installed = &data(&body)["installPlugin"];
    assert_eq!(installed["enabled"], true);
    assert_eq!(
        installed["secrets"],
        json!([{"name": "api-token", "isSet": false}, {"name": "public-key", "isSet": false}])
    );
    assert_eq!(
        installed["capabilities"]["secrets"],
        json!([{"name": "api-token", "reveal": false}, {"name": "public-key", "reveal": true}])
    );

    let configure = "mutation($id: ID!, $secrets: [PluginSecretInput!]) { configurePlugin(id: $id, input: {secrets: $secrets}) { secrets { name isSet } } }";
    let body = mutate(
        &app,
        &admin,
        configure,
        json!({"id": "secret-reader", "secrets": [
            {"name": "api-token", "value": "tok-PLAINTEXT-4417"},
            {"name": "public-key", "value": "pk-PLAINTEXT-9921"},
        ]}),
    )
    .await;
    assert_eq!(
        data(&body)["configurePlugin"]["secrets"],
        json!([{"name": "api-token", "isSet": true}, {"name": "public-key", "isSet": true}])
    );
    let everything = plugin(&app, &admin, "secret-reader").await.to_string();
    assert!(!everything.contains("PLAINTEXT"), "{everything}");
    let undeclared = mutate(
        &app,
        &admin,
        configure,
        json!({"id": "secret-reader", "secrets": [{"name": "other", "value": "x"}]}),
    )
    .await;
    assert_eq!(error_code(&undeclared), "BAD_USER_INPUT");
    assert_eq!(error_field(&undeclared), "secrets.other");

    // At rest: sealed, not the plaintext.
    let db = app
        .server
        .as_ref()
        .map(|s| s.db.clone())
        .unwrap_or_else(|| panic!("stopped"));
    let blob = secrets_column(&db).await;
    assert!(blob.len() > 16);
    for plain in [
        b"tok-PLAINTEXT-4417".as_slice(),
        b"pk-PLAINTEXT-9921".as_slice(),
        b"PLAINTEXT".as_slice(),
    ] {
        assert!(!blob.windows(plain.len()).any(|w| w == plain));
    }
    let audit = app
        .gql(Some(&admin), r#"query { auditLog(filter: {action: "plugin.configure"}) { edges { node { details } } } }"#, json!({}))
        .await;
    assert!(!audit.to_string().contains("PLAINTEXT"), "{audit}");

    // The plugin gets the decrypted values, with the manifest's reveal rules.
    let reader = live(&app, "secret-reader");
    let report = match registry(&app).on_message(&reader, &turn("go")).await {
        Ok(Ok(response)) => reply_text(&response),
        other => panic!("{other:?}"),
    };
    let report: Value = serde_json::from_str(&report).unwrap_or_else(|e| panic!("{e}: {report}"));
    assert_eq!(report["public-key"], "value:pk-PLAINTEXT-9921");
    assert_eq!(report["api-token-is-set"], "true");
    assert!(
        report["api-token"]
            .as_str()
            .is_some_and(|v| v.starts_with("error:"))
    );

    // An empty value clears a secret.
    let body = mutate(
        &app,
        &admin,
        configure,
        json!({"id": "secret-reader", "secrets": [{"name": "api-token", "value": ""}]}),
    )
    .await;
    assert_eq!(
        data(&body)["configurePlugin"]["secrets"],
        json!([{"name": "api-token", "isSet": false}, {"name": "public-key", "isSet": true}])
    );
}

async fn repeated_failures_disable_the_plugin_persistently_with_an_audit_entry(app: TestApp) {
    let admin = app.admin().await.access;
    install(
        &app,
        &admin,
        &package("testing/trapper", str::to_owned),
        ", enable: true",
    )
    .await;
    let trapper = live(&app, "trapper");
    let registry = registry(&app);
    for _ in 0..5 {
        let result = registry.on_message(&trapper, &turn("crash")).await;
        assert!(result.is_err(), "{result:?}");
    }
    // Out of the live set at once, and disabled in storage.
    assert!(registry.get("trapper").is_none());
    let seen = plugin(&app, &admin, "trapper").await;
    assert_eq!(seen["enabled"], false);
    assert_eq!(seen["disabledReason"], "FAILURES");
    let errors = seen["recentErrors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 5, "{seen}");
    assert!(errors.iter().all(|e| e["reason"] == "trap"));
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("trapper"))
    );
    assert_eq!(seen["metrics"]["calls"], 5);
    assert_eq!(seen["metrics"]["failures"], 5);
    let audit = audit_actions(&app, &admin).await;
    assert!(
        audit.contains(&("plugin.disable".to_owned(), "system".to_owned())),
        "{audit:?}"
    );
    // A further call is refused without running the plugin, and records nothing more.
    let again = registry.on_message(&trapper, &turn("ok")).await;
    assert!(again.is_err());
    let seen = plugin(&app, &admin, "trapper").await;
    assert_eq!(seen["recentErrors"].as_array().map(Vec::len), Some(5));

    // The admin re-enables it: a fresh plugin with a clean failure count.
    let enabled = mutate(
        &app,
        &admin,
        "mutation { enablePlugin(id: \"trapper\") { enabled disabledReason } }",
        json!({}),
    )
    .await;
    assert_eq!(
        data(&enabled)["enablePlugin"],
        json!({"enabled": true, "disabledReason": null})
    );
    let fresh = live(&app, "trapper");
    match registry.on_message(&fresh, &turn("ok")).await {
        Ok(Ok(response)) => assert_eq!(reply_text(&response), "still alive"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_wrong_sha256_or_wrong_world_is_refused() {
    let app = TestApp::start(Backend::Sqlite).await;
    let admin = app.admin().await.access;
    let tampered = package("echo-bot", |m| {
        let start = m.find("sha256 = \"").unwrap_or_else(|| panic!("no sha256")) + 10;
        format!("{}{}{}", &m[..start], "0".repeat(64), &m[start + 64..])
    });
    let body = install(&app, &admin, &tampered, "").await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(error_field(&body), "package");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("sha256")),
        "{body}"
    );

    let wrong_world = package("echo-bot", |m| {
        m.replace("kind = \"bot\"", "kind = \"router\"")
    });
    let body = install(&app, &admin, &wrong_world, "").await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("does not implement the router world")),
        "{body}"
    );

    let not_tar = install(&app, &admin, &UploadFile::png("x.png"), "").await;
    assert_eq!(error_field(&not_tar), "package", "{not_tar}");
    let bad_id = package("echo-bot", |m| {
        m.replace("id = \"echo-bot\"", "id = \"../../etc\"")
    });
    let body = install(&app, &admin, &bad_id, "").await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");

    let list = app
        .gql(Some(&admin), "query { plugins { id } }", json!({}))
        .await;
    assert_eq!(data(&list)["plugins"], json!([]));
}
