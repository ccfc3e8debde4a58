//! ISP Chat's storage: SQLite (embedded, the default) or PostgreSQL, chosen once at start-up.
//! It knows rows and SQL, and nothing of the services that use it: it depends only on
//! `ispchat-core`, whose values it reads and writes.
//!
//! Every store function takes a [`Conn`], so a service can compose several of them in one
//! transaction. The function bodies are written once and compiled for each backend through
//! [`on_conn!`]; where the SQL dialects differ, the store picks the text by backend. Each backend
//! has its own append-only migrations under `migrations/<backend>/`.

pub mod api_keys;
pub mod attachments;
pub mod audit;
pub mod canned_responses;
pub mod channel_io;
pub mod classifications;
pub mod contacts;
pub mod conversations;
pub mod events;
pub mod inboxes;
pub mod labels;
pub mod messages;
pub mod plugin_jobs;
pub mod plugin_kv;
pub mod plugins;
pub mod presence;
pub mod reports;
pub mod sla;
pub mod teams;
pub mod tokens;
pub mod users;
pub mod webhooks;
pub mod widgets;

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection, Transaction};

use ispchat_core::error::Result;
use ispchat_core::secret::Secret;

/// Which database, and where.
#[derive(Debug, Clone)]
pub enum DatabaseConfig {
    Sqlite { path: PathBuf },
    Postgres { url: Secret },
}

/// One page of a list, newest first, and whether more follow.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// `rows` was fetched with a limit of `first + 1`: the extra row only tells that more follow.
    pub fn from_rows(mut rows: Vec<T>, first: usize) -> Self {
        let has_next_page = rows.len() > first;
        rows.truncate(first);
        Page {
            items: rows,
            has_next_page,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub enum Db {
    Sqlite(SqlitePool, WriteGate),
    Postgres(PgPool),
}

/// SQLite has one writer at a time. Left to SQLite, a second writer's `BEGIN IMMEDIATE` is
/// answered `SQLITE_BUSY` and its busy handler sleeps 1, 2, 5, 10… ms before trying again, which
/// put milliseconds on every message once two arrived together (docs/performance.md). Writers
/// of this process queue here instead, in arrival order, and take the lock the moment it is free.
#[derive(Clone, Default)]
pub struct WriteGate(Arc<tokio::sync::Mutex<()>>);

const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl WriteGate {
    /// As long as SQLite's own busy timeout: a writer that waits longer fails the same.
    async fn turn(&self) -> Result<tokio::sync::OwnedMutexGuard<()>> {
        Ok(
            tokio::time::timeout(SQLITE_BUSY_TIMEOUT, self.0.clone().lock_owned())
                .await
                .map_err(|_| sqlx::Error::PoolTimedOut)?,
        )
    }
}

/// A connection borrowed from the pool or from a transaction.
pub enum Conn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl Conn<'_> {
    /// A shorter-lived handle on the same connection, to pass to one store call of several.
    pub fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::Sqlite(c) => Conn::Sqlite(c),
            Conn::Postgres(c) => Conn::Postgres(c),
        }
    }
}

pub enum PooledConn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

/// A pooled connection that has its turn to write ([`Db::writer`]). The connection is declared
/// first so it is back in the pool before the gate opens.
pub struct Writer {
    conn: PooledConn,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Writer {
    pub fn conn(&mut self) -> Conn<'_> {
        self.conn.conn()
    }
}

pub enum Tx {
    /// The transaction is declared first so it ends (commit or rollback) before the gate opens.
    Sqlite(
        Transaction<'static, Sqlite>,
        tokio::sync::OwnedMutexGuard<()>,
    ),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$c` bound to the backend's concrete connection type, so one query text
/// serves both backends while sqlx still type-checks each.
#[macro_export]
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::Conn::Sqlite($c) => $body,
            $crate::Conn::Postgres($c) => $body,
        }
    };
}

impl Db {
    pub async fn connect(config: &DatabaseConfig, max_connections: u32) -> anyhow::Result<Db> {
        match config {
            DatabaseConfig::Sqlite { path } => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT);
                let pool = SqlitePoolOptions::new()
                    .max_connections(max_connections)
                    // A file in this process does not hang up, and the liveness ping sqlx sends
                    // by default is one more round trip to the connection's thread per acquire
                    // (docs/performance.md).
                    .test_before_acquire(false)
                    .connect_with(options)
                    .await?;
                Ok(Db::Sqlite(pool, WriteGate::default()))
            }
            DatabaseConfig::Postgres { url } => {
                let options = PgConnectOptions::from_str(url.expose())?;
                let pool = PgPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(options)
                    .await?;
                Ok(Db::Postgres(pool))
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(..) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(pool, _) => sqlx::migrate!("../../migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => {
                sqlx::migrate!("../../migrations/postgres")
                    .run(pool)
                    .await?
            }
        }
        Ok(())
    }

    pub async fn acquire(&self) -> Result<PooledConn> {
        Ok(match self {
            Db::Sqlite(pool, _) => PooledConn::Sqlite(pool.acquire().await?),
            Db::Postgres(pool) => PooledConn::Postgres(pool.acquire().await?),
        })
    }

    /// A connection for writes outside a transaction (a lease, a job's deletion, a kv entry): on
    /// SQLite it holds the [`WriteGate`] for as long as it lives, so a single statement takes its
    /// turn with the transactions instead of meeting their lock and sleeping in SQLite's busy
    /// handler. Keep it for the write only: holding it while starting a transaction (or a plugin
    /// call that writes) waits for itself until the timeout.
    pub async fn writer(&self) -> Result<Writer> {
        Ok(match self {
            Db::Sqlite(pool, gate) => {
                let turn = gate.turn().await?;
                Writer {
                    conn: PooledConn::Sqlite(pool.acquire().await?),
                    _turn: Some(turn),
                }
            }
            Db::Postgres(pool) => Writer {
                conn: PooledConn::Postgres(pool.acquire().await?),
                _turn: None,
            },
        })
    }

    /// Starts a write transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`) so two
    /// writers never deadlock upgrading a read lock.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool, gate) => {
                let turn = gate.turn().await?;
                Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?, turn)
            }
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Whether the database answers *and* carries every migration this build knows: a server
    /// pointed at an empty or older database must not be called ready.
    pub async fn ready(&self) -> std::result::Result<(), String> {
        const APPLIED: &str = "SELECT MAX(version) FROM _sqlx_migrations WHERE success";
        let (known, applied) = match self {
            Db::Sqlite(pool, _) => (
                latest(&sqlx::migrate!("../../migrations/sqlite")),
                sqlx::query_scalar::<_, Option<i64>>(APPLIED)
                    .fetch_one(pool)
                    .await,
            ),
            Db::Postgres(pool) => (
                latest(&sqlx::migrate!("../../migrations/postgres")),
                sqlx::query_scalar::<_, Option<i64>>(APPLIED)
                    .fetch_one(pool)
                    .await,
            ),
        };
        match applied {
            Err(err) => Err(format!("database unreachable or unmigrated: {err}")),
            Ok(Some(applied)) if applied >= known => Ok(()),
            Ok(applied) => Err(format!(
                "database schema at version {}, this build needs {known}",
                applied.unwrap_or(0)
            )),
        }
    }

    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.acquire().await?;
        on_conn!(conn.conn(), c => sqlx::query("SELECT 1").execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool, _) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

fn latest(migrator: &sqlx::migrate::Migrator) -> i64 {
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

impl PooledConn {
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            PooledConn::Sqlite(c) => Conn::Sqlite(c),
            PooledConn::Postgres(c) => Conn::Postgres(c),
        }
    }
}

impl Tx {
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Sqlite(tx, _) => Conn::Sqlite(tx),
            Tx::Postgres(tx) => Conn::Postgres(tx),
        }
    }

    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx, _turn) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;

    use super::*;

    async fn sqlite(dir: &tempfile::TempDir) -> Db {
        let config = DatabaseConfig::Sqlite {
            path: dir.path().join("gate.db"),
        };
        match Db::connect(&config, 4).await {
            Ok(db) => db,
            Err(err) => panic!("cannot open SQLite: {err}"),
        }
    }

    /// Starts `write` while the caller holds the gate, checks that it waits (`what`), then runs
    /// `release` and checks that the write goes through.
    async fn waits_for_its_turn<W>(
        write: W,
        what: &str,
        release: impl Future<Output = Result<()>>,
    ) -> Result<()>
    where
        W: Future<Output = Result<()>> + Send + 'static,
    {
        let waiting = tokio::spawn(write);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "{what}");
        release.await?;
        waiting
            .await
            .map_err(|e| ispchat_core::Error::Internal(e.into()))?
    }

    #[tokio::test]
    async fn sqlite_writers_take_turns_in_the_process_not_in_sqlites_busy_handler() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| ispchat_core::Error::Internal(e.into()))?;
        let db = sqlite(&dir).await;
        let Db::Sqlite(_, gate) = &db else {
            panic!("not SQLite")
        };
        let first = db.begin().await?;
        assert!(
            gate.0.try_lock().is_err(),
            "an open write transaction holds the gate"
        );
        let second = db.clone();
        waits_for_its_turn(
            async move { second.begin().await.map(drop) },
            "the second writer waits for its turn",
            first.commit(),
        )
        .await?;
        assert!(
            gate.0.try_lock().is_ok(),
            "the gate opens when the transaction ends"
        );
        Ok(())
    }

    #[tokio::test]
    async fn sqlite_writes_outside_transactions_take_their_turn_too() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| ispchat_core::Error::Internal(e.into()))?;
        let db = sqlite(&dir).await;
        let transaction = db.begin().await?;
        let other = db.clone();
        let write = async move {
            let mut writer = other.writer().await?;
            on_conn!(writer.conn(), c => sqlx::query("CREATE TABLE t (x INTEGER)").execute(c).await.map(|r| r.rows_affected()))?;
            Ok(())
        };
        waits_for_its_turn(
            write,
            "a write waits for the open transaction",
            transaction.commit(),
        )
        .await?;

        let writer = db.writer().await?;
        let Db::Sqlite(_, gate) = &db else {
            panic!("not SQLite")
        };
        assert!(
            gate.0.try_lock().is_err(),
            "a writer holds the gate: the next writer queues here, not in SQLite's busy handler"
        );
        let other = db.clone();
        waits_for_its_turn(
            async move { other.begin().await.map(drop) },
            "a transaction waits while a writer has its turn",
            async move {
                drop(writer);
                Ok(())
            },
        )
        .await
    }
}
