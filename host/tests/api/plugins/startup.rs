//! Start-up: bundled first-party plugins registered and loaded, a folder that is missing or a
//! plugin that cannot load never stops the server, and what was installed, configured or disabled
//! survives a restart.

use serde_json::{Value, json};

use super::fixture::{dist, reply_text, turn};
use super::registry::{install, live, mutate, package, plugin, registry};
use crate::support::{Backend, TestApp, data, error_code};
use ispchat_host::plugins::{ActivePlugins, Kind};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_bundled_first_party_plugins_are_loaded_and_enabled_at_start() {
    let bundled = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../plugins");
    dist("echo-bot");
    dist("round-robin");
    dist("keyword-classifier");
    dist("isp-intents");
    dist("whatsapp");
    dist("webchat");
    let app =
        TestApp::start_with(Backend::Sqlite, |config| config.plugins_dir = Some(bundled)).await;
    let admin = app.admin().await.access;
    let list = app
        .gql(
            Some(&admin),
            "query { plugins { id enabled source kind } }",
            json!({}),
        )
        .await;
    // Every first-party plugin, the keyword classifier disabled (isp-intents is the default);
    // testing/ is skipped.
    assert_eq!(
        data(&list)["plugins"],
        json!([
            {"id": "echo-bot", "enabled": true, "source": "BUNDLED", "kind": "BOT"},
            {"id": "isp-intents", "enabled": true, "source": "BUNDLED", "kind": "CLASSIFIER"},
            {"id": "keyword-classifier", "enabled": false, "source": "BUNDLED", "kind": "CLASSIFIER"},
            {"id": "round-robin", "enabled": true, "source": "BUNDLED", "kind": "ROUTER"},
            {"id": "webchat", "enabled": true, "source": "BUNDLED", "kind": "CHANNEL"},
            {"id": "whatsapp", "enabled": true, "source": "BUNDLED", "kind": "CHANNEL"},
        ])
    );
    assert_eq!(registry(&app).enabled(Kind::Bot).len(), 1);
    let classifiers = registry(&app).enabled(Kind::Classifier);
    assert_eq!(
        classifiers.iter().map(|p| p.id()).collect::<Vec<_>>(),
        ["isp-intents"]
    );
    let routers = registry(&app).enabled(Kind::Router);
    assert_eq!(
        routers.iter().map(|p| p.id()).collect::<Vec<_>>(),
        ["round-robin"]
    );
    let refused = mutate(
        &app,
        &admin,
        "mutation { uninstallPlugin(id: \"echo-bot\") }",
        json!({}),
    )
    .await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
    let disabled = mutate(
        &app,
        &admin,
        "mutation { disablePlugin(id: \"echo-bot\") { enabled } }",
        json!({}),
    )
    .await;
    assert_eq!(data(&disabled)["disablePlugin"]["enabled"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_a_missing_bundled_folder_does_not_stop_the_server() {
    let app = TestApp::start_with(Backend::Sqlite, |config| {
        config.plugins_dir = Some("/nonexistent/plugins".into());
    })
    .await;
    let admin = app.admin().await.access;
    let list = app
        .gql(Some(&admin), "query { plugins { id } }", json!({}))
        .await;
    assert_eq!(data(&list)["plugins"], json!([]));
    assert!(app.data_dir().join("secrets.key").is_file());
}

/// Starts a server on SQLite over `dir` (its data dir and database), so a second start sees what
/// the first one left; `bundled` is the first-party plugins folder.
async fn start_in(dir: &std::path::Path, bundled: Option<std::path::PathBuf>) -> TestApp {
    let dir = dir.to_path_buf();
    TestApp::start_with(Backend::Sqlite, move |config| {
        config.database = ispchat_host::config::DatabaseConfig::Sqlite {
            path: dir.join("ispchat.db"),
        };
        config.data_dir = dir;
        config.plugins_dir = bundled;
    })
    .await
}

async fn reply(app: &TestApp, id: &str, text: &str) -> String {
    match registry(app).on_message(&live(app, id), &turn(text)).await {
        Ok(Ok(response)) => reply_text(&response),
        other => panic!("{id}: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_installations_settings_secrets_and_disabling_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_in(dir.path(), None).await;
    let admin = app.admin().await.access;
    for path in ["echo-bot", "testing/secret-reader", "testing/trapper"] {
        install(
            &app,
            &admin,
            &package(path, str::to_owned),
            ", enable: true",
        )
        .await;
    }
    let configure = "mutation($id: ID!, $input: ConfigurePluginInput!) { configurePlugin(id: $id, input: $input) { id } }";
    mutate(
        &app,
        &admin,
        configure,
        json!({"id": "echo-bot", "input": {"settings": {"language": "en"}}}),
    )
    .await;
    mutate(&app, &admin, configure, json!({"id": "secret-reader", "input": {"secrets": [{"name": "public-key", "value": "pk-kept"}]}})).await;
    let trapper = live(&app, "trapper");
    for _ in 0..5 {
        let _ = registry(&app).on_message(&trapper, &turn("crash")).await;
    }
    assert!(registry(&app).get("trapper").is_none());
    app.shutdown().await;

    // Uploaded plugins load from the data dir, with their settings and decrypted secrets; the
    // plugin disabled by failures stays disabled.
    let app = start_in(dir.path(), None).await;
    assert_eq!(
        reply(&app, "echo-bot", "hello").await,
        "You said: \"hello\""
    );
    let report: Value = serde_json::from_str(&reply(&app, "secret-reader", "go").await).unwrap();
    assert_eq!(report["public-key"], "value:pk-kept");
    assert!(registry(&app).get("trapper").is_none());
    let admin = app.admin().await.access;
    let seen = plugin(&app, &admin, "trapper").await;
    assert_eq!(seen["disabledReason"], "FAILURES");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_a_bundled_plugin_that_cannot_load_is_left_disabled_and_retried_at_the_next_start()
{
    let dir = tempfile::tempdir().unwrap();
    let bundled = dir.path().join("bundled");
    let target = bundled.join("broken-bot/dist");
    std::fs::create_dir_all(&target).unwrap();
    let source = dist("echo-bot").dist_dir;
    std::fs::copy(source.join("echo-bot.wasm"), target.join("echo-bot.wasm")).unwrap();
    let good = std::fs::read_to_string(source.join("plugin.toml"))
        .unwrap()
        .replace("id = \"echo-bot\"", "id = \"broken-bot\"");
    let start = good
        .find("sha256 = \"")
        .unwrap_or_else(|| panic!("no sha256"))
        + 10;
    let broken = format!(
        "{}{}{}",
        &good[..start],
        "0".repeat(64),
        &good[start + 64..]
    );
    std::fs::write(target.join("plugin.toml"), &broken).unwrap();

    let data = dir.path().join("data");
    let app = start_in(&data, Some(bundled.clone())).await;
    let admin = app.admin().await.access;
    let seen = plugin(&app, &admin, "broken-bot").await;
    assert_eq!(seen["enabled"], false, "{seen}");
    assert_eq!(seen["disabledReason"], "LOAD");
    assert_eq!(seen["source"], "BUNDLED");
    assert_eq!(seen["recentErrors"][0]["reason"], "load");
    assert!(registry(&app).get("broken-bot").is_none());
    app.shutdown().await;

    std::fs::write(target.join("plugin.toml"), &good).unwrap();
    let app = start_in(&data, Some(bundled)).await;
    let admin = app.admin().await.access;
    let seen = plugin(&app, &admin, "broken-bot").await;
    assert_eq!(seen["enabled"], true, "{seen}");
    assert_eq!(reply(&app, "broken-bot", "oi").await, "Você disse: \"oi\"");
    app.shutdown().await;
}
