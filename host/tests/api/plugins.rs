//! The plugin runtime on the real components built by `plugins/build-all.sh`: the first-party
//! plugins work in every world, and the adversarial ones in `plugins/testing/` are contained.

mod cache;
pub mod fixture;
mod http_local;
mod isolation;
mod logs;
pub(crate) mod registry;
mod startup;
mod worlds;

use ispchat_host::plugins::v1::bot::ispchat::types::bot;
use ispchat_host::plugins::{PluginError, RoutingDecision, RuntimeLimits};

use crate::support::Backend;
use fixture::{World, candidate, reply_text, routing_request, settings};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_echo_bot_replies_and_hands_off() {
    let world = World::sqlite().await;
    let echo = world
        .load("echo-bot", settings(&[("language", "en")]))
        .await;

    let response = world.answer(&echo, "hello there").await;
    assert_eq!(reply_text(&response), "You said: \"hello there\"");

    let response = world.answer(&echo, "I want an AGENT please").await;
    match response.action {
        bot::Action::ReplyAndHandoff(r) => {
            assert_eq!(r.handoff.reason, "customer-asked-for-human");
            assert!(!r.reply.is_empty());
        }
        other => panic!("expected reply-and-handoff, got {other:?}"),
    }

    // Defaults from the settings schema apply when the operator set nothing (pt-BR).
    let default = world.load("echo-bot", settings(&[])).await;
    assert_eq!(
        reply_text(&world.answer(&default, "oi").await),
        "Você disse: \"oi\""
    );
}

async fn round_robin_rotates_using_kv(backend: Backend) {
    let world = World::new(backend, RuntimeLimits::default()).await;
    let router = world.load("round-robin", settings(&[])).await;
    let request = routing_request(vec![candidate("ana", 5_000), candidate("bia", 1_000)]);
    let mut assigned = Vec::new();
    for _ in 0..4 {
        world.clock.advance(chrono::Duration::seconds(1));
        match world.runtime.route(&router, &request).await {
            Ok(Ok(RoutingDecision::Assign(agent))) => assigned.push(agent),
            other => panic!("expected an assignment, got {other:?}"),
        }
    }
    // Never assigned first, the longest idle first; then the rotation kept in kv takes over,
    // across calls that each run in a fresh instance.
    assert_eq!(assigned, ["ana", "bia", "ana", "bia"]);

    // A fresh load of the same plugin (a restart) continues the same rotation.
    let reloaded = world.load("round-robin", settings(&[])).await;
    world.clock.advance(chrono::Duration::seconds(1));
    let next = world.runtime.route(&reloaded, &request).await;
    assert!(
        matches!(next, Ok(Ok(RoutingDecision::Assign(ref a))) if a == "ana"),
        "{next:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_round_robin_rotates_using_kv_sqlite() {
    round_robin_rotates_using_kv(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_round_robin_rotates_using_kv_postgres() {
    round_robin_rotates_using_kv(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_wrong_world_and_bad_checksum_are_refused() {
    let world = World::sqlite().await;
    let echo = world.load("echo-bot", settings(&[])).await;
    let request = routing_request(vec![candidate("ana", 0)]);
    assert!(matches!(
        world.runtime.route(&echo, &request).await,
        Err(PluginError::WrongKind { .. })
    ));

    let copy = tempfile::tempdir().unwrap();
    let source = fixture::dist("echo-bot");
    for file in ["plugin.toml", "echo-bot.wasm"] {
        std::fs::copy(source.dist_dir.join(file), copy.path().join(file)).unwrap();
    }
    let mut wasm = std::fs::read(copy.path().join("echo-bot.wasm")).unwrap();
    if let Some(last) = wasm.last_mut() {
        *last ^= 1;
    }
    std::fs::write(copy.path().join("echo-bot.wasm"), wasm).unwrap();
    let tampered = ispchat_host::plugins::PluginSource {
        dist_dir: copy.path().to_owned(),
    };
    let loaded = world.runtime.load(&tampered, settings(&[])).await;
    assert!(
        matches!(loaded, Err(PluginError::Checksum { .. })),
        "{:?}",
        loaded.err()
    );
}
