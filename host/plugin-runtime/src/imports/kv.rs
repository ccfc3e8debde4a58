//! `kv`: each plugin's private store, kept by the host's [`KvStore`]. The namespace is the
//! calling plugin's id, passed apart from the key: a key is never parsed for a prefix, so no
//! spelling of a key reaches another plugin's entries.

use rand::Rng;

use crate::capabilities::Capability;
use crate::kv::KvRow;
use crate::state::CallState;
use crate::v1::host::kv::{self, CasOutcome, Entry, KvError};

const MAX_KEY_BYTES: usize = 256;
const MAX_VALUE_BYTES: usize = 64 * 1024;
const MAX_KEYS: i64 = 10_000;

impl CallState {
    fn kv_check(&self, key: &str, value: Option<&[u8]>) -> Result<(), KvError> {
        self.granter()
            .check(Capability::Kv)
            .map_err(|refusal| KvError::Denied(refusal.message().into()))?;
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
        let (id, now) = (self.plugin_id(), self.clock_ms());
        if self
            .services
            .kv
            .get(id, key, now)
            .await
            .map_err(unavailable)?
            .is_some()
        {
            return Ok(());
        }
        if self
            .services
            .kv
            .count_live(id, now)
            .await
            .map_err(unavailable)?
            >= MAX_KEYS
        {
            return Err(KvError::QuotaExceeded);
        }
        Ok(())
    }
}

fn unavailable(err: ispchat_core::error::Error) -> KvError {
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
        let row = self
            .services
            .kv
            .get(self.plugin_id(), &key, self.clock_ms())
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
        self.services
            .kv
            .upsert(self.plugin_id(), &key, &row, self.clock_ms())
            .await
            .map_err(unavailable)?;
        Ok(u64::try_from(row.version).unwrap_or(0))
    }

    async fn delete(&mut self, key: String) -> Result<bool, KvError> {
        self.kv_check(&key, None)?;
        self.services
            .kv
            .delete(self.plugin_id(), &key, self.clock_ms())
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
                self.services
                    .kv
                    .replace_if_version(&id, &key, expected, &row, now)
                    .await
                    .map_err(unavailable)?
            }
            None => {
                self.kv_quota(&key).await?;
                self.services
                    .kv
                    .insert_if_absent(&id, &key, &row, now)
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
        let current = self
            .services
            .kv
            .get(self.plugin_id(), key, self.clock_ms())
            .await
            .map_err(unavailable)?;
        Ok(CasOutcome::Conflict(current.map(entry)))
    }
}
