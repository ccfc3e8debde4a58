//! The adversarial plugins of `plugins/testing/`: each failure stays inside its own call.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use ispchat_host::plugins::{OperatorConfig, PluginError, RoutingDecision, RuntimeLimits};
use serde_json::Value;

use super::fixture::{World, candidate, reply_text, routing_request, settings, turn};
use crate::support::Backend;

fn json_reply(response: &ispchat_host::plugins::BotResponse) -> BTreeMap<String, Value> {
    serde_json::from_str(&reply_text(response)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_loop_forever_is_stopped_at_its_deadline() {
    let limits = RuntimeLimits {
        call_deadline: Duration::from_millis(300),
        max_consecutive_failures: 2,
        ..RuntimeLimits::default()
    };
    let world = std::sync::Arc::new(World::new(Backend::Sqlite, limits).await);
    let looper = world.load("testing/loop-forever", settings(&[])).await;
    let echo = world
        .load("echo-bot", settings(&[("language", "en")]))
        .await;

    let started = Instant::now();
    // The spinning guest occupies the worker that polls it, so it runs in its own task.
    let stuck = tokio::spawn({
        let (world, looper) = (world.clone(), looper.clone());
        async move { world.runtime.on_message(&looper, &turn("spin")).await }
    });
    // Time is the subject: the loop gets a head start, so it is spinning during the next call.
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Another plugin keeps working while the loop spins.
    let meanwhile = world.runtime.on_message(&echo, &turn("still there?")).await;
    let stuck = stuck.await.unwrap();
    let elapsed = started.elapsed();
    assert!(
        matches!(stuck, Err(PluginError::Timeout { .. })),
        "{stuck:?}"
    );
    assert!(
        elapsed < Duration::from_secs(5),
        "stopped only after {elapsed:?}"
    );
    match meanwhile {
        Ok(Ok(response)) => assert_eq!(reply_text(&response), "You said: \"still there?\""),
        other => panic!("echo-bot failed while another plugin looped: {other:?}"),
    }
    assert_eq!(looper.consecutive_failures(), 1);

    // A second timeout in a row disables it; later calls fail fast.
    let again = world.runtime.on_message(&looper, &turn("spin")).await;
    assert!(
        matches!(again, Err(PluginError::Timeout { .. })),
        "{again:?}"
    );
    assert!(looper.is_disabled());
    // Refused before any instance is made: the error says so, no timing needed.
    let refused = world.runtime.on_message(&looper, &turn("spin")).await;
    assert!(
        matches!(refused, Err(PluginError::Disabled(_))),
        "{refused:?}"
    );
    assert!(!echo.is_disabled());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_memory_bomb_hits_its_cap() {
    let limits = RuntimeLimits {
        memory_bytes: 48 * 1024 * 1024,
        call_deadline: Duration::from_secs(5),
        ..RuntimeLimits::default()
    };
    let world = World::new(Backend::Sqlite, limits).await;
    let bomb = world.load("testing/memory-bomb", settings(&[])).await;
    let outcome = world.runtime.on_message(&bomb, &turn("boom")).await;
    assert!(
        matches!(outcome, Err(PluginError::MemoryCap { .. })),
        "{outcome:?}"
    );
    assert_eq!(bomb.consecutive_failures(), 1);
    let echo = world.load("echo-bot", settings(&[])).await;
    world.answer(&echo, "ok").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_trapper_crash_is_isolated_and_counted() {
    let world = World::sqlite().await;
    let trapper = world.load("testing/trapper", settings(&[])).await;

    let crash = world.runtime.on_message(&trapper, &turn("crash")).await;
    assert!(matches!(crash, Err(PluginError::Trap { .. })), "{crash:?}");
    let recursion = world.runtime.on_message(&trapper, &turn("recursion")).await;
    assert!(
        matches!(recursion, Err(PluginError::Trap { .. })),
        "{recursion:?}"
    );
    assert_eq!(trapper.consecutive_failures(), 2);

    // A plugin-error is the plugin's answer, not a crash.
    match world.runtime.on_message(&trapper, &turn("error")).await {
        Ok(Err(e)) => assert_eq!(e.code, "deliberate"),
        other => panic!("expected a plugin-error, got {other:?}"),
    }
    // The next call gets a fresh instance; success resets the failure count.
    assert_eq!(
        reply_text(&world.answer(&trapper, "ok").await),
        "still alive"
    );
    assert_eq!(trapper.consecutive_failures(), 0);
}

async fn kv_spy_cannot_read_other_plugins_keys(backend: Backend) {
    let world = World::new(backend, RuntimeLimits::default()).await;
    let router = world.load("round-robin", settings(&[])).await;
    let request = routing_request(vec![candidate("ana", 1)]);
    let routed = world.runtime.route(&router, &request).await;
    assert!(
        matches!(routed, Ok(Ok(RoutingDecision::Assign(_)))),
        "{routed:?}"
    );

    let spy = world.load("testing/kv-spy", settings(&[])).await;
    let seen = json_reply(&world.answer(&spy, "spy").await);
    assert!(seen.len() >= 8, "{seen:?}");
    for (key, outcome) in &seen {
        let outcome = outcome.as_str().unwrap_or_default();
        assert!(
            outcome == "absent" || outcome.starts_with("error:"),
            "{key} → {outcome}"
        );
    }
    // Its own keys work.
    let own = json_reply(&world.answer(&spy, "read kv-spy-marker").await);
    assert_eq!(
        own.get("kv-spy-marker"),
        Some(&Value::from("value:\"planted by kv-spy\""))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_kv_spy_cannot_read_other_plugins_keys_sqlite() {
    kv_spy_cannot_read_other_plugins_keys(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_kv_spy_cannot_read_other_plugins_keys_postgres() {
    kv_spy_cannot_read_other_plugins_keys(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_secret_reader_cannot_reveal_undeclared_or_hidden_secrets() {
    let world = World::sqlite().await;
    let operator = OperatorConfig {
        secrets: [("api-token", "tok-123"), ("public-key", "pk-456")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        ..OperatorConfig::default()
    };
    let reader = world.load("testing/secret-reader", operator).await;
    let report = json_reply(&world.answer(&reader, "go").await);
    let get = |k: &str| {
        report
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(get("api-token"), "error:denied");
    assert_eq!(get("public-key"), "value:pk-456");
    assert_eq!(get("undeclared"), "error:not-declared");
    assert_eq!(get("api-token-is-set"), "true");
    // The host computes an HMAC with a hidden secret on the plugin's behalf.
    assert_eq!(get("api-token-hmac-bytes"), "32");

    let unset = world
        .load("testing/secret-reader", OperatorConfig::default())
        .await;
    let report = json_reply(&world.answer(&unset, "go").await);
    assert_eq!(
        report.get("public-key"),
        Some(&Value::from("error:not-set"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_http_prober_is_refused_undeclared_and_private_hosts() {
    let world = World::sqlite().await;
    let prober = world.load("testing/http-prober", settings(&[])).await;
    let reply = reply_text(&world.answer(&prober, "go").await);
    let probes: Vec<Value> = serde_json::from_str(&reply).unwrap();
    assert_eq!(probes.len(), 7, "{reply}");
    for probe in &probes {
        let url = probe["url"].as_str().unwrap_or_default();
        let outcome = probe["outcome"].as_str().unwrap_or_default();
        let expected = if url.contains("undeclared.example.org") {
            "error:host-not-allowed"
        } else {
            "error:address-blocked"
        };
        assert!(outcome.starts_with(expected), "{url} → {outcome}");
    }
}
