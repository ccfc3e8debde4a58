//! Where plugins' `kv` entries are kept. The runtime checks the rules of the `kv` import
//! (the capability, key and value sizes, the quota, versions) and leaves keeping the entries to
//! the host, which stores them in its database (`plugin_kv`), so the runtime needs no storage.

use async_trait::async_trait;
use ispchat_core::Result;

pub use ispchat_core::plugin_kv::KvRow;

/// One plugin's entries are those stored under its id. An entry whose `expires_at_ms` is at or
/// before `now_ms` reads as absent; the compare-and-swap writes are atomic.
#[async_trait]
pub trait KvStore: Send + Sync + 'static {
    async fn get(&self, plugin: &str, key: &str, now_ms: i64) -> Result<Option<KvRow>>;
    /// Live keys of the plugin, for the quota.
    async fn count_live(&self, plugin: &str, now_ms: i64) -> Result<i64>;
    async fn upsert(&self, plugin: &str, key: &str, row: &KvRow, now_ms: i64) -> Result<()>;
    /// Deletes the key; true when a live entry was removed.
    async fn delete(&self, plugin: &str, key: &str, now_ms: i64) -> Result<bool>;
    /// Writes `row` only if the live entry's version is `expected`; true when written.
    async fn replace_if_version(
        &self,
        plugin: &str,
        key: &str,
        expected: i64,
        row: &KvRow,
        now_ms: i64,
    ) -> Result<bool>;
    /// Writes `row` only if no live entry exists (an expired one is replaced); true when written.
    async fn insert_if_absent(
        &self,
        plugin: &str,
        key: &str,
        row: &KvRow,
        now_ms: i64,
    ) -> Result<bool>;
}
