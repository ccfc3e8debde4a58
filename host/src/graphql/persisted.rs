//! Automatic persisted queries, as Apollo Client and urql speak them: a client first sends only
//! `extensions.persistedQuery.sha256Hash`; the server answers `PersistedQueryNotFound` (code
//! `PERSISTED_QUERY_NOT_FOUND`) if it does not know the hash, and the client sends the document
//! with its hash, which the server checks and remembers. Repeated operations (the console's
//! lists, every reconnect) then cost a hash instead of the document, and can go over GET.
//!
//! The store is in memory, bounded by entries and by bytes, least recently used out first; a
//! document is only remembered after it passed the document limits ([`super::limits`]), so a
//! hash always names an acceptable document. Until scale-out lands each node has its own store:
//! a client that meets a node without the hash sends the document again, as the protocol says.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use async_graphql::{Request, ServerError, ServerResult, Value};
use sha2::{Digest, Sha256};

use super::limits::MAX_DOCUMENT_BYTES;
use crate::error::ErrorCode;

/// The code and message clients look for (Apollo Client matches the message, urql either).
pub const NOT_FOUND_CODE: &str = "PERSISTED_QUERY_NOT_FOUND";
pub const NOT_FOUND_MESSAGE: &str = "PersistedQueryNotFound";

/// Documents kept at most, and their total size.
const MAX_ENTRIES: usize = 2_000;
const MAX_BYTES: usize = 8 * 1024 * 1024;

type Hash = [u8; 32];

pub struct PersistedQueries {
    inner: Mutex<Store>,
}

struct Store {
    documents: lru::LruCache<Hash, String>,
    bytes: usize,
    max_bytes: usize,
}

/// A document the client sent with its hash: remembered once it passed the limits.
pub struct ToRemember(Hash);

impl Default for PersistedQueries {
    fn default() -> Self {
        PersistedQueries::new(MAX_ENTRIES, MAX_BYTES)
    }
}

impl PersistedQueries {
    pub fn new(max_entries: usize, max_bytes: usize) -> Self {
        PersistedQueries {
            inner: Mutex::new(Store {
                documents: lru::LruCache::new(
                    NonZeroUsize::new(max_entries).unwrap_or(NonZeroUsize::MIN),
                ),
                bytes: 0,
                max_bytes,
            }),
        }
    }

    /// Fills in the document of a request that carries only its hash, or checks the hash of one
    /// that carries both. `Ok(Some(_))`: remember the document once it is known to be acceptable.
    pub fn resolve(&self, request: &mut Request) -> ServerResult<Option<ToRemember>> {
        let Some(extension) = request.extensions.remove("persistedQuery") else {
            return Ok(None);
        };
        let hash = requested_hash(&extension)?;
        if request.query.is_empty() {
            let known = self.lock().documents.get(&hash).cloned();
            return match known {
                Some(document) => {
                    request.query = document;
                    Ok(None)
                }
                None => Err(not_found()),
            };
        }
        if Sha256::digest(request.query.as_bytes()).as_slice() != hash {
            return Err(bad_hash("does not match the document's sha256"));
        }
        Ok(Some(ToRemember(hash)))
    }

    pub fn remember(&self, ToRemember(hash): ToRemember, document: &str) {
        if document.len() > MAX_DOCUMENT_BYTES {
            return;
        }
        let mut store = self.lock();
        if let Some(old) = store.documents.put(hash, document.to_owned()) {
            store.bytes -= old.len();
        }
        store.bytes += document.len();
        while store.bytes > store.max_bytes {
            match store.documents.pop_lru() {
                Some((_, evicted)) => store.bytes -= evicted.len(),
                None => break,
            }
        }
    }

    /// Documents held now (for tests and metrics).
    pub fn len(&self) -> usize {
        self.lock().documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic while holding the lock leaves a consistent map (each step is one call).
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn requested_hash(extension: &Value) -> ServerResult<Hash> {
    let Value::Object(fields) = extension else {
        return Err(bad_hash("must be an object with version and sha256Hash"));
    };
    match fields.get("version") {
        Some(Value::Number(n)) if n.as_i64() == Some(1) => {}
        _ => return Err(bad_hash("only version 1 is supported")),
    }
    let Some(Value::String(text)) = fields.get("sha256Hash") else {
        return Err(bad_hash("sha256Hash is required"));
    };
    let mut hash = [0u8; 32];
    hex::decode_to_slice(text, &mut hash)
        .map_err(|_| bad_hash("sha256Hash must be 64 hexadecimal digits"))?;
    Ok(hash)
}

fn not_found() -> ServerError {
    let mut err = ServerError::new(NOT_FOUND_MESSAGE, None);
    err.extensions
        .get_or_insert_with(Default::default)
        .set("code", NOT_FOUND_CODE);
    err
}

fn bad_hash(reason: &str) -> ServerError {
    let mut err = ServerError::new(format!("extensions.persistedQuery: {reason}"), None);
    let ext = err.extensions.get_or_insert_with(Default::default);
    ext.set("code", ErrorCode::BadUserInput.as_str());
    ext.set("field", "extensions.persistedQuery");
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_hash(query: &str, hash: &str) -> Request {
        let mut request = Request::new(query);
        request.extensions.insert(
            "persistedQuery".into(),
            Value::from_json(serde_json::json!({ "version": 1, "sha256Hash": hash })).unwrap(),
        );
        request
    }

    fn sha(text: &str) -> String {
        hex::encode(Sha256::digest(text.as_bytes()))
    }

    fn code(err: &ServerError) -> Option<Value> {
        err.extensions.as_ref().and_then(|e| e.get("code")).cloned()
    }

    #[test]
    fn a_hash_is_unknown_until_its_document_is_sent_with_it() {
        let store = PersistedQueries::default();
        let query = "{ me { id } }";
        let err = store.resolve(&mut with_hash("", &sha(query))).err();
        assert_eq!(
            err.as_ref().map(|e| e.message.as_str()),
            Some(NOT_FOUND_MESSAGE)
        );
        assert_eq!(
            err.as_ref().and_then(code),
            Some(Value::from(NOT_FOUND_CODE))
        );

        let mut full = with_hash(query, &sha(query));
        let remember = store.resolve(&mut full).unwrap_or_else(|e| panic!("{e:?}"));
        store.remember(
            remember.unwrap_or_else(|| panic!("nothing to remember")),
            query,
        );
        let mut short = with_hash("", &sha(query));
        assert!(store.resolve(&mut short).is_ok());
        assert_eq!(short.query, query);
        assert!(!short.extensions.contains_key("persistedQuery"));
    }

    #[test]
    fn a_wrong_hash_or_version_is_bad_input() {
        let store = PersistedQueries::default();
        let err = store
            .resolve(&mut with_hash("{ me { id } }", &sha("{ other }")))
            .err();
        assert_eq!(
            err.as_ref().and_then(code),
            Some(Value::from("BAD_USER_INPUT"))
        );
        let err = store.resolve(&mut with_hash("", "zz")).err();
        assert_eq!(
            err.as_ref().and_then(code),
            Some(Value::from("BAD_USER_INPUT"))
        );
        let mut request = Request::new("{ me { id } }");
        request.extensions.insert(
            "persistedQuery".into(),
            Value::from_json(serde_json::json!({ "version": 2, "sha256Hash": sha("x") })).unwrap(),
        );
        assert!(store.resolve(&mut request).is_err());
    }

    #[test]
    fn the_store_forgets_the_least_recently_used_past_its_byte_budget() {
        let store = PersistedQueries::new(100, 30);
        for query in ["{ aaaaaaaaa }", "{ bbbbbbbbb }", "{ ccccccccc }"] {
            let mut request = with_hash(query, &sha(query));
            let remember = store.resolve(&mut request).ok().flatten();
            store.remember(remember.unwrap_or_else(|| panic!("no hash")), query);
        }
        assert_eq!(store.len(), 2);
        assert!(
            store
                .resolve(&mut with_hash("", &sha("{ aaaaaaaaa }")))
                .is_err()
        );
        assert!(
            store
                .resolve(&mut with_hash("", &sha("{ ccccccccc }")))
                .is_ok()
        );
        let counted: usize = store.lock().documents.iter().map(|(_, d)| d.len()).sum();
        assert_eq!(store.lock().bytes, counted);
    }
}
