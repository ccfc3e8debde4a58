//! The artifact cache across a restart: the first runtime compiles the first-party plugins and
//! stores them; a second runtime on the same data directory loads them without compiling.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use ispchat_host::plugins::{CacheStats, RoutingDecision, RuntimeLimits};

use super::fixture::{World, candidate, reply_text, routing_request, settings};
use crate::support::Backend;

/// The compiled artifacts under `dir` (wasmtime names them by a base64 hash, without a dot;
/// its `.stats` and lock files beside them are bookkeeping), with their size and mtime.
fn artifacts(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                pending.push(path);
            } else if !entry.file_name().to_string_lossy().contains('.') {
                let mtime = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                found.insert(path, (meta.len(), mtime));
            }
        }
    }
    found
}

async fn load_first_party(world: &World) {
    let echo = world
        .load("echo-bot", settings(&[("language", "en")]))
        .await;
    let router = world.load("round-robin", settings(&[])).await;
    // Whatever the artifacts' origin, the plugins work.
    assert_eq!(
        reply_text(&world.answer(&echo, "hi").await),
        "You said: \"hi\""
    );
    let routed = world
        .runtime
        .route(&router, &routing_request(vec![candidate("ana", 1)]))
        .await;
    assert!(
        matches!(routed, Ok(Ok(RoutingDecision::Assign(_)))),
        "{routed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_restart_loads_first_party_plugins_from_the_artifact_cache() {
    let data_dir = tempfile::tempdir().unwrap();
    let cache_dir = data_dir.path().join("plugin-cache");

    let first = World::with_cache(Backend::Sqlite, RuntimeLimits::default(), data_dir.path()).await;
    assert!(artifacts(&cache_dir).is_empty());
    load_first_party(&first).await;
    // Both components were compiled (misses) and stored.
    assert_eq!(
        first.runtime.cache_stats(),
        CacheStats { hits: 0, misses: 2 }
    );
    let stored = artifacts(&cache_dir);
    assert_eq!(stored.len(), 2, "{stored:?}");
    drop(first);

    // A restart: a new engine on the same directory.
    let second =
        World::with_cache(Backend::Sqlite, RuntimeLimits::default(), data_dir.path()).await;
    load_first_party(&second).await;
    assert_eq!(
        second.runtime.cache_stats(),
        CacheStats { hits: 2, misses: 0 }
    );
    // Nothing was compiled again, so nothing was rewritten.
    assert_eq!(artifacts(&cache_dir), stored);
}
