//! The storage layer's contract, checked directly on both backends.

use chrono::Utc;
use ispchat_host::storage::presence::PresenceRecord;
use ispchat_host::storage::users::{UserFilter, UserRecord};
use ispchat_host::storage::{self, Db};
use uuid::Uuid;

use crate::support::{Backend, TestDatabase, migrated_database};

async fn open(backend: Backend) -> (Db, Option<TestDatabase>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (db, database) = migrated_database(backend, dir.path(), 2).await;
    (db, database, dir)
}

fn user(n: usize) -> UserRecord {
    let now = Utc::now();
    UserRecord {
        id: Uuid::now_v7(),
        name: format!("User {n}"),
        email: format!("user{n}@x.test"),
        username: format!("user{n}"),
        role: if n.is_multiple_of(2) {
            "agent"
        } else {
            "supervisor"
        }
        .into(),
        password_hash: "$argon2id$placeholder".into(),
        status: "active".into(),
        language: "pt-BR".into(),
        created_at: now,
        updated_at: now,
    }
}

async fn conformance(backend: Backend) {
    let (db, _database, _dir) = open(backend).await;
    // Migrations are idempotent.
    db.migrate().await.unwrap_or_else(|e| panic!("{e:#}"));
    let mut tx = db.begin().await.unwrap();
    for n in 0..5 {
        storage::users::insert(tx.conn(), &user(n)).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut conn = db.acquire().await.unwrap();
    // A duplicate names the column it collides on, on either backend.
    let mut duplicate = user(1);
    duplicate.username = "someone-else".into();
    let err = storage::users::insert(conn.conn(), &duplicate).await.err();
    assert!(
        matches!(&err, Some(ispchat_host::Error::Conflict { field, .. }) if field == "email"),
        "{err:?}"
    );

    // Keyset pages are newest first, disjoint, and cover everything.
    let all = UserFilter::default();
    let first = storage::users::list(conn.conn(), &all, None, 2)
        .await
        .unwrap_or_default();
    let second = storage::users::list(conn.conn(), &all, first.last().map(|u| u.id), 10)
        .await
        .unwrap_or_default();
    let names: Vec<String> = first
        .iter()
        .chain(&second)
        .map(|u| u.username.clone())
        .collect();
    assert_eq!(names, ["user4", "user3", "user2", "user1", "user0"]);

    // Filters combine; search is case-insensitive and treats % and _ literally.
    let agents = UserFilter {
        role: Some("agent".into()),
        search: Some("USER".into()),
        ..Default::default()
    };
    let found = storage::users::list(conn.conn(), &agents, None, 10)
        .await
        .unwrap_or_default();
    assert_eq!(found.len(), 3);
    let literal = UserFilter {
        search: Some("user_".into()),
        ..Default::default()
    };
    assert!(
        storage::users::list(conn.conn(), &literal, None, 10)
            .await
            .unwrap_or_default()
            .is_empty()
    );

    // A rolled-back transaction leaves nothing behind.
    let mut tx = db.begin().await.unwrap();
    storage::users::insert(tx.conn(), &user(9)).await.unwrap();
    drop(tx);
    assert_eq!(
        storage::users::count(conn.conn()).await.unwrap_or_default(),
        5
    );
    drop(conn);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_conformance_on_sqlite() {
    conformance(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_conformance_on_postgres() {
    conformance(Backend::Postgres).await;
}

/// `user_presence`: a heartbeat only moves time forward, and a timeout is marked by one caller
/// only (the sweep of whichever node gets there first).
async fn presence_store(backend: Backend) {
    let (db, _database, _dir) = open(backend).await;
    let mut conn = db.acquire().await.unwrap();
    let ana = user(1);
    storage::users::insert(conn.conn(), &ana).await.unwrap();
    let t0 = Utc::now();
    let at = |secs| t0 + chrono::Duration::seconds(secs);
    let record = PresenceRecord {
        user_id: ana.id,
        presence: "online".into(),
        since: t0,
        last_seen_at: t0,
        timed_out: false,
    };
    storage::presence::upsert(conn.conn(), &record)
        .await
        .unwrap();
    storage::presence::touch(conn.conn(), ana.id, at(30))
        .await
        .unwrap();
    // An older heartbeat (another node's, late) does not move it back.
    storage::presence::touch(conn.conn(), ana.id, at(10))
        .await
        .unwrap();
    let found = storage::presence::find(conn.conn(), ana.id)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no row"));
    assert_eq!(found.presence, "online");
    assert!((found.last_seen_at - at(30)).num_milliseconds().abs() < 1);
    assert!(!found.timed_out);

    let cutoff = at(31);
    let due = storage::presence::timed_out(conn.conn(), cutoff)
        .await
        .unwrap();
    assert_eq!(due.iter().map(|r| r.user_id).collect::<Vec<_>>(), [ana.id]);
    assert!(
        storage::presence::mark_timed_out(conn.conn(), ana.id, cutoff)
            .await
            .unwrap()
    );
    assert!(
        !storage::presence::mark_timed_out(conn.conn(), ana.id, cutoff)
            .await
            .unwrap(),
        "a timeout is marked once"
    );
    assert!(
        storage::presence::timed_out(conn.conn(), cutoff)
            .await
            .unwrap()
            .is_empty()
    );
    storage::presence::record_change(conn.conn(), ana.id, "offline", "timeout", at(120))
        .await
        .unwrap();
    let changes = storage::presence::changes(conn.conn(), ana.id)
        .await
        .unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].0.as_str(), changes[0].1.as_str()),
        ("offline", "timeout")
    );
    let many = storage::presence::find_many(conn.conn(), &[ana.id, Uuid::now_v7()])
        .await
        .unwrap();
    assert_eq!(many.len(), 1);
    drop(conn);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_store_on_sqlite() {
    presence_store(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_store_on_postgres() {
    presence_store(Backend::Postgres).await;
}
