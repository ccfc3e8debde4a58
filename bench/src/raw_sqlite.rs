//! The storage baseline: what SQLite itself takes on this machine, through the same driver and
//! settings as the server (sqlx, WAL, `synchronous = NORMAL`), with nothing of the server around
//! it: one row per commit, and 100 rows per commit (one multi-row `INSERT`).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use serde::Serialize;
use sqlx::ConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

#[derive(Debug, Clone, Serialize)]
pub struct RawSqlite {
    pub single_row_commits_per_second: f64,
    pub batched_rows_per_second: f64,
}

const BATCH: usize = 100;

pub async fn measure(dir: &Path, each: Duration) -> Result<RawSqlite> {
    let mut conn = SqliteConnectOptions::new()
        .filename(dir.join("raw.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .connect()
        .await?;
    sqlx::query(
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id BLOB NOT NULL,
            content TEXT NOT NULL, created_at TEXT NOT NULL)",
    )
    .execute(&mut conn)
    .await?;
    let insert = "INSERT INTO messages (conversation_id, content, created_at) VALUES (?, ?, ?)";
    let row = |i: usize| {
        (
            vec![(i % 1000) as u8; 16],
            format!("bench#{i}"),
            "2026-11-27T12:00:00Z",
        )
    };
    let started = Instant::now();
    let mut single = 0usize;
    while started.elapsed() < each {
        let (conversation, content, at) = row(single);
        sqlx::query(insert)
            .bind(conversation)
            .bind(content)
            .bind(at)
            .execute(&mut conn)
            .await?;
        single += 1;
    }
    let single_rate = single as f64 / started.elapsed().as_secs_f64();
    // One statement of 100 rows per commit: the driver's cost is per statement, not per row.
    let batch_insert = format!(
        "INSERT INTO messages (conversation_id, content, created_at) VALUES {}",
        vec!["(?, ?, ?)"; BATCH].join(", ")
    );
    let started = Instant::now();
    let mut batched = 0usize;
    while started.elapsed() < each {
        let mut query = sqlx::query(&batch_insert);
        for _ in 0..BATCH {
            let (conversation, content, at) = row(batched);
            query = query.bind(conversation).bind(content).bind(at);
            batched += 1;
        }
        query.execute(&mut conn).await?;
    }
    Ok(RawSqlite {
        single_row_commits_per_second: single_rate,
        batched_rows_per_second: batched as f64 / started.elapsed().as_secs_f64(),
    })
}
