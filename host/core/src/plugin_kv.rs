//! A plugin's `kv` entry as stored: the plugin runtime writes it through its `KvStore`, the
//! host's storage keeps it in `plugin_kv`.

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KvRow {
    pub value: Vec<u8>,
    pub version: i64,
    pub expires_at_ms: Option<i64>,
}
