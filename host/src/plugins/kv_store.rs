//! Plugins' `kv` entries in the database's `plugin_kv` table: reads on any connection, writes on
//! the writer, each call one statement (see `storage::plugin_kv`).

use async_trait::async_trait;

use crate::error::Result;
use crate::plugins::{KvRow, KvStore};
use crate::storage::{Db, plugin_kv};

pub struct DbKvStore(pub Db);

#[async_trait]
impl KvStore for DbKvStore {
    async fn get(&self, plugin: &str, key: &str, now_ms: i64) -> Result<Option<KvRow>> {
        let mut conn = self.0.acquire().await?;
        plugin_kv::get(conn.conn(), plugin, key, now_ms).await
    }

    async fn count_live(&self, plugin: &str, now_ms: i64) -> Result<i64> {
        let mut conn = self.0.acquire().await?;
        plugin_kv::count_live(conn.conn(), plugin, now_ms).await
    }

    async fn upsert(&self, plugin: &str, key: &str, row: &KvRow, now_ms: i64) -> Result<()> {
        let mut conn = self.0.writer().await?;
        plugin_kv::upsert(conn.conn(), plugin, key, row, now_ms).await
    }

    async fn delete(&self, plugin: &str, key: &str, now_ms: i64) -> Result<bool> {
        let mut conn = self.0.writer().await?;
        plugin_kv::delete(conn.conn(), plugin, key, now_ms).await
    }

    async fn replace_if_version(
        &self,
        plugin: &str,
        key: &str,
        expected: i64,
        row: &KvRow,
        now_ms: i64,
    ) -> Result<bool> {
        let mut conn = self.0.writer().await?;
        plugin_kv::replace_if_version(conn.conn(), plugin, key, expected, row, now_ms).await
    }

    async fn insert_if_absent(
        &self,
        plugin: &str,
        key: &str,
        row: &KvRow,
        now_ms: i64,
    ) -> Result<bool> {
        let mut conn = self.0.writer().await?;
        plugin_kv::insert_if_absent(conn.conn(), plugin, key, row, now_ms).await
    }
}
