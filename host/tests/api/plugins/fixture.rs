//! The plugin tests' world: a database, a manual clock, a runtime, the components built by
//! `plugins/build-all.sh`, and turns and routing requests to feed them.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use ispchat_host::clock::ManualClock;
use ispchat_host::plugins::v1::bot::ispchat::types::{bot, common, conversations, messages};
use ispchat_host::plugins::v1::router::ispchat::types::router;
use ispchat_host::plugins::{
    BotResponse, DbKvStore, OperatorConfig, Plugin, PluginRuntime, PluginSource, RuntimeLimits,
    Turn,
};
use ispchat_host::storage::Db;

use crate::support::{Backend, TestDatabase, migrated_database};

pub struct World {
    pub runtime: PluginRuntime,
    pub clock: Arc<ManualClock>,
    _db: Db,
    _database: Option<TestDatabase>,
    _dir: tempfile::TempDir,
}

/// Where the build puts a plugin; a missing component fails the test with what to do.
pub fn dist(path: &str) -> PluginSource {
    let dist_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../plugins")
        .join(path)
        .join("dist");
    let id = path.rsplit('/').next().unwrap_or(path);
    assert!(
        dist_dir.join(format!("{id}.wasm")).is_file(),
        "{} is missing: run plugins/build-all.sh first (the plugin tests load the real components)",
        dist_dir.join(format!("{id}.wasm")).display()
    );
    PluginSource { dist_dir }
}

/// Compiled artifacts shared by every test run, so only the first run compiles.
pub fn shared_cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-tests")
}

impl World {
    pub async fn new(backend: Backend, limits: RuntimeLimits) -> World {
        World::with_cache(backend, limits, &shared_cache_dir()).await
    }

    /// A world whose runtime keeps compiled artifacts in `cache_dir`.
    pub async fn with_cache(
        backend: Backend,
        limits: RuntimeLimits,
        cache_dir: &std::path::Path,
    ) -> World {
        let dir = tempfile::tempdir().unwrap();
        let (db, database) = migrated_database(backend, dir.path(), 4).await;
        let start = Utc
            .with_ymd_and_hms(2026, 3, 2, 12, 0, 0)
            .single()
            .unwrap_or_else(Utc::now);
        let clock = Arc::new(ManualClock::new(start));
        let runtime = PluginRuntime::new(
            Arc::new(DbKvStore(db.clone())),
            clock.clone(),
            cache_dir,
            limits,
        )
        .unwrap();
        World {
            runtime,
            clock,
            _db: db,
            _database: database,
            _dir: dir,
        }
    }

    pub async fn sqlite() -> World {
        World::new(Backend::Sqlite, RuntimeLimits::default()).await
    }

    pub async fn load(&self, path: &str, operator: OperatorConfig) -> Arc<Plugin> {
        self.runtime
            .load(&dist(path), operator)
            .await
            .unwrap_or_else(|e| panic!("loading {path}: {e}"))
    }

    /// A bot call that must succeed and return a response (not a plugin-error).
    pub async fn answer(&self, plugin: &Plugin, text: &str) -> BotResponse {
        match self.runtime.on_message(plugin, &turn(text)).await {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => panic!("{} returned a plugin-error: {e:?}", plugin.id()),
            Err(e) => panic!("{} failed: {e}", plugin.id()),
        }
    }
}

/// The text of a `reply` action's first content.
pub fn reply_text(response: &BotResponse) -> String {
    match &response.action {
        bot::Action::Reply(contents) => match contents.first() {
            Some(messages::Content::Text(text)) => text.clone(),
            other => panic!("reply without text: {other:?}"),
        },
        other => panic!("expected a reply, got {other:?}"),
    }
}

pub fn settings(pairs: &[(&str, &str)]) -> OperatorConfig {
    OperatorConfig {
        settings: pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        ..OperatorConfig::default()
    }
}

pub fn conversation() -> conversations::Conversation {
    conversations::Conversation {
        id: "c1".into(),
        protocol: "20260302000001".into(),
        inbox_id: "i1".into(),
        inbox_kind: "api".into(),
        status: conversations::Status::Bot,
        priority: common::Priority::Normal,
        team_id: None,
        assignee_id: None,
        labels: vec![],
        contact: conversations::Contact {
            id: "k1".into(),
            name: "Maria".into(),
            phone: Some("+5511987654321".into()),
            email: None,
            custom_attributes: "{}".into(),
            ext: "{}".into(),
        },
        created_at: 1_772_452_800_000,
        queued_at: None,
        ext: "{}".into(),
    }
}

pub fn turn(text: &str) -> Turn {
    Turn {
        conversation: conversation(),
        message: message("m1", text),
        history: vec![],
        ext: "{}".into(),
    }
}

/// A customer's text message in conversation `c1`.
pub fn message(id: &str, text: &str) -> messages::Message {
    messages::Message {
        id: id.into(),
        conversation_id: "c1".into(),
        direction: messages::Direction::Incoming,
        kind: messages::MessageKind::Text,
        sender_kind: messages::SenderKind::Contact,
        sender_id: Some("k1".into()),
        contents: vec![messages::Content::Text(text.into())],
        delivery_state: messages::DeliveryState::Delivered,
        external_id: None,
        created_at: 1_772_452_800_000,
        ext: "{}".into(),
    }
}

/// A copy of a plugin's `dist/` whose `plugin.toml` went through `edit`, for tests that tamper
/// with a build.
pub fn copy_dist(path: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let source = dist(path);
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&source.dist_dir).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    let manifest = copy.path().join("plugin.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, edit(text)).unwrap();
    copy
}

pub fn candidate(id: &str, idle_ms: u64) -> router::Candidate {
    router::Candidate {
        agent_id: id.into(),
        name: id.to_uppercase(),
        teams: vec![],
        skills: vec![],
        languages: vec!["pt-BR".into()],
        active_conversations: 0,
        max_conversations: 3,
        presence: router::Presence::Online,
        idle_ms,
        ext: "{}".into(),
    }
}

pub fn routing_request(candidates: Vec<router::Candidate>) -> router::RoutingRequest {
    let mut conversation = conversation();
    conversation.status = conversations::Status::Queued;
    router::RoutingRequest {
        conversation,
        candidates,
        queue: router::QueueInfo {
            team_id: None,
            waiting: 1,
            oldest_wait_ms: 0,
        },
        ext: "{}".into(),
    }
}
