//! Host imports called directly, without a guest: the kv and HTTP rules that the adversarial
//! plugins cannot reach (TTL, compare-and-swap conflicts, a plugin without `kv = true`), with
//! the entries in a real database through [`DbKvStore`].

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Utc;

use super::v1::host::http::{self, HttpError};
use super::v1::host::kv::{self, CasOutcome, KvError};
use super::{CallState, DbKvStore, HostServices, Manifest, PluginContext, RuntimeLimits};
use crate::clock::ManualClock;
use crate::storage::DatabaseConfig;
use crate::storage::Db;

const MANIFEST: &str = r#"
id = "unit"
name = "Unit"
version = "1.0.0"
kind = "bot"
wit = "1.0.0"
[capabilities]
kv = KV
[component]
file = "unit.wasm"
sha256 = "00"
"#;

async fn state(kv_enabled: bool) -> (CallState, Arc<ManualClock>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = DatabaseConfig::Sqlite {
        path: dir.path().join("t.db"),
    };
    let db = Db::connect(&config, 2).await.unwrap();
    db.migrate().await.unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let manifest = Manifest::parse(&MANIFEST.replace("KV", &kv_enabled.to_string())).unwrap();
    let plugin = PluginContext {
        manifest,
        settings: BTreeMap::new(),
        secrets: BTreeMap::new(),
    };
    let services = HostServices::new(
        Arc::new(DbKvStore(db)),
        clock.clone(),
        &RuntimeLimits::default(),
    );
    (CallState::without_guest(plugin, services), clock, dir)
}

#[tokio::test]
async fn plugins_kv_ttl_and_compare_and_swap() {
    let (mut s, clock, _dir) = state(true).await;
    let key = || "k".to_owned();
    let v1 = kv::Host::set(&mut s, key(), b"one".to_vec(), Some(1_000))
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let got = kv::Host::get(&mut s, key())
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        got.map(|e| (e.value, e.version)),
        Some((b"one".to_vec(), v1))
    );

    // A stale version conflicts and returns the current entry.
    match kv::Host::compare_and_swap(&mut s, key(), Some(v1 + 1), b"x".to_vec(), None).await {
        Ok(CasOutcome::Conflict(Some(current))) => assert_eq!(current.version, v1),
        other => panic!("{other:?}"),
    }
    let v2 = match kv::Host::compare_and_swap(&mut s, key(), Some(v1), b"two".to_vec(), Some(1_000))
        .await
    {
        Ok(CasOutcome::Swapped(v)) => v,
        other => panic!("{other:?}"),
    };
    assert_ne!(v1, v2);
    // Expecting absence while present conflicts.
    assert!(matches!(
        kv::Host::compare_and_swap(&mut s, key(), None, b"x".to_vec(), None).await,
        Ok(CasOutcome::Conflict(Some(_)))
    ));

    // Expired entries read as absent, and "absent" compare-and-swap can take their place.
    clock.advance(chrono::Duration::milliseconds(1_000));
    assert!(matches!(kv::Host::get(&mut s, key()).await, Ok(None)));
    assert!(matches!(
        kv::Host::compare_and_swap(&mut s, key(), None, b"three".to_vec(), None).await,
        Ok(CasOutcome::Swapped(_))
    ));
    assert!(matches!(kv::Host::delete(&mut s, key()).await, Ok(true)));
    assert!(matches!(kv::Host::delete(&mut s, key()).await, Ok(false)));
}

#[tokio::test]
async fn plugins_kv_limits_and_denial() {
    let (mut s, _clock, _dir) = state(true).await;
    assert!(matches!(
        kv::Host::get(&mut s, String::new()).await,
        Err(KvError::InvalidKey(_))
    ));
    assert!(matches!(
        kv::Host::get(&mut s, "a\0b".into()).await,
        Err(KvError::InvalidKey(_))
    ));
    assert!(matches!(
        kv::Host::get(&mut s, "x".repeat(257)).await,
        Err(KvError::InvalidKey(_))
    ));
    let big = vec![0u8; 64 * 1024 + 1];
    assert!(matches!(
        kv::Host::set(&mut s, "k".into(), big, None).await,
        Err(KvError::ValueTooLarge(_))
    ));

    let (mut denied, _clock, _dir2) = state(false).await;
    assert!(matches!(
        kv::Host::get(&mut denied, "k".into()).await,
        Err(KvError::Denied(_))
    ));
}

#[tokio::test]
async fn plugins_http_without_declared_hosts_is_denied() {
    let (mut s, _clock, _dir) = state(false).await;
    let request = http::Request {
        method: http::Method::Get,
        url: "https://api.example.com/".into(),
        headers: vec![],
        body: vec![],
        auth: None,
        secrets_in_body: false,
        timeout_ms: None,
    };
    assert!(matches!(
        http::Host::send(&mut s, request).await,
        Err(HttpError::Denied(_))
    ));
}
