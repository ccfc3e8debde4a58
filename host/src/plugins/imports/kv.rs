//! `kv`: each plugin's private store in `plugin_kv`. The namespace is the calling plugin's id,
//! bound as its own column: a key is never parsed for a prefix, so no spelling of a key reaches
//! another plugin's entries.

use rand::Rng;

use crate::plugins::state::CallState;
use crate::plugins::v1::host::kv::{self, CasOutcome, Entry, KvError};
use crate::storage::plugin_kv::{self, KvRow};

const MAX_KEY_BYTES: usize = 256;
const MAX_VALUE_BYTES: usize = 64 * 1024;
const MAX_KEYS: i64 = 10_000;

impl CallState {
    fn kv_check(&self, key: &str, value: Option<&[u8]>) -> Result<(), KvError> {
        if !self.plugin.manifest.capabilities.kv {
            return Err(KvError::Denied(
                "plugin.toml does not declare capabilities.kv".into(),
            ));
        }
        // NUL is refused because PostgreSQL text cannot hold it.
        if key.is_empty() || key.len() > MAX_KEY_BYTES || key.contains('\0') {
            return Err(KvError::InvalidKey(format!(
                "keys are 1 to {MAX_KEY_BYTES} bytes of UTF-8 without NUL"
            )));
        }
        if value.is_some_and(|v| v.len() > MAX_VALUE_BYTES) {
            return Err(KvError::ValueTooLarge(MAX_VALUE_BYTES as u32));
        }
        Ok(())
    }

    fn new_row(&self, value: Vec<u8>, ttl_ms: Option<u64>) -> KvRow {
        let now = self.clock_ms();
        KvRow {
            value,
            // Random rather than incremented: a deleted and recreated key never reuses a version
            // a stale compare-and-swap could still hold. Below 2^53 so JavaScript keeps it exact.
            version: rand::thread_rng().gen_range(1..(1i64 << 53)),
            expires_at_ms: ttl_ms
                .map(|ttl| now.saturating_add(i64::try_from(ttl).unwrap_or(i64::MAX))),
        }
    }

    /// Refuses a write that would create a key beyond the quota.
    async fn kv_quota(&self, key: &str) -> Result<(), KvError> {
        let mut conn = self.services.db.acquire().await.map_err(unavailable)?;
        let (id, now) = (self.plugin_id(), self.clock_ms());
        if plugin_kv::get(conn.conn(), id, key, now)
            .await
            .map_err(unavailable)?
            .is_some()
        {
            return Ok(());
        }
        if plugin_kv::count_live(conn.conn(), id, now)
            .await
            .map_err(unavailable)?
            >= MAX_KEYS
        {
            return Err(KvError::QuotaExceeded);
        }
        Ok(())
    }
}

fn unavailable(err: crate::error::Error) -> KvError {
    tracing::warn!(error = %err, "plugin kv store failed");
    KvError::Unavailable("the store failed; try again later".into())
}

fn entry(row: KvRow) -> Entry {
    Entry {
        value: row.value,
        version: u64::try_from(row.version).unwrap_or(0),
        expires_at_ms: row.expires_at_ms.and_then(|at| u64::try_from(at).ok()),
    }
}

impl kv::Host for CallState {
    async fn get(&mut self, key: String) -> Result<Option<Entry>, KvError> {
        self.kv_check(&key, None)?;
        let mut conn = self.services.db.acquire().await.map_err(unavailable)?;
        let row = plugin_kv::get(conn.conn(), self.plugin_id(), &key, self.clock_ms())
            .await
            .map_err(unavailable)?;
        Ok(row.map(entry))
    }

    async fn set(
        &mut self,
        key: String,
        value: Vec<u8>,
        ttl_ms: Option<u64>,
    ) -> Result<u64, KvError> {
        self.kv_check(&key, Some(&value))?;
        self.kv_quota(&key).await?;
        let row = self.new_row(value, ttl_ms);
        let mut conn = self.services.db.writer().await.map_err(unavailable)?;
        plugin_kv::upsert(conn.conn(), self.plugin_id(), &key, &row, self.clock_ms())
            .await
            .map_err(unavailable)?;
        Ok(u64::try_from(row.version).unwrap_or(0))
    }

    async fn delete(&mut self, key: String) -> Result<bool, KvError> {
        self.kv_check(&key, None)?;
        let mut conn = self.services.db.writer().await.map_err(unavailable)?;
        plugin_kv::delete(conn.conn(), self.plugin_id(), &key, self.clock_ms())
            .await
            .map_err(unavailable)
    }

    async fn compare_and_swap(
        &mut self,
        key: String,
        expected_version: Option<u64>,
        value: Vec<u8>,
        ttl_ms: Option<u64>,
    ) -> Result<CasOutcome, KvError> {
        self.kv_check(&key, Some(&value))?;
        let row = self.new_row(value, ttl_ms);
        let (id, now) = (self.plugin_id().to_owned(), self.clock_ms());
        let written = match expected_version {
            Some(expected) => {
                let Ok(expected) = i64::try_from(expected) else {
                    return self.conflict(&key).await;
                };
                let mut conn = self.services.db.writer().await.map_err(unavailable)?;
                plugin_kv::replace_if_version(conn.conn(), &id, &key, expected, &row, now)
                    .await
                    .map_err(unavailable)?
            }
            None => {
                self.kv_quota(&key).await?;
                let mut conn = self.services.db.writer().await.map_err(unavailable)?;
                plugin_kv::insert_if_absent(conn.conn(), &id, &key, &row, now)
                    .await
                    .map_err(unavailable)?
            }
        };
        if written {
            return Ok(CasOutcome::Swapped(u64::try_from(row.version).unwrap_or(0)));
        }
        self.conflict(&key).await
    }
}

impl CallState {
    async fn conflict(&self, key: &str) -> Result<CasOutcome, KvError> {
        let mut conn = self.services.db.acquire().await.map_err(unavailable)?;
        let current = plugin_kv::get(conn.conn(), self.plugin_id(), key, self.clock_ms())
            .await
            .map_err(unavailable)?;
        Ok(CasOutcome::Conflict(current.map(entry)))
    }
}
