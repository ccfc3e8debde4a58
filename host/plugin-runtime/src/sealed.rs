//! Plugin secrets at rest: a JSON object of values sealed with ChaCha20-Poly1305 under the
//! server's secrets key. The plugin id is the associated data, so a sealed blob copied onto
//! another plugin's row does not open.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;

const FORMAT_V1: u8 = 1;
const NONCE_LEN: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the secrets key must be 32 bytes in base64: {0}")]
    BadKey(String),
    #[error("cannot use the secrets key file {path}: {source}")]
    KeyFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("sealed secrets of plugin {0} do not open with this secrets key")]
    Open(String),
    #[error("cannot seal the secrets of plugin {0}")]
    Seal(String),
}

impl From<SealError> for ispchat_core::error::Error {
    fn from(err: SealError) -> Self {
        ispchat_core::error::Error::internal(err)
    }
}

pub struct SecretsKey {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretsKey(redacted)")
    }
}

impl SecretsKey {
    pub fn from_base64(text: &str) -> Result<Self, SealError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|e| SealError::BadKey(e.to_string()))?;
        if bytes.len() != 32 {
            return Err(SealError::BadKey(format!("got {} bytes", bytes.len())));
        }
        Ok(SecretsKey {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&bytes)),
        })
    }

    /// The configured key (`ISPCHAT_SECRETS_KEY`), else `data_dir/secrets.key`, generated on first
    /// start. A generated key is per machine: every node of a cluster must share one key.
    pub fn load_or_create(configured: Option<&str>, data_dir: &Path) -> Result<Self, SealError> {
        if let Some(text) = configured {
            return SecretsKey::from_base64(text);
        }
        let path = data_dir.join("secrets.key");
        let file_error = |source| SealError::KeyFile {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => SecretsKey::from_base64(&text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut key);
                ispchat_core::fs::write_private(&path, &STANDARD.encode(key))
                    .map_err(file_error)?;
                tracing::warn!(
                    path = %path.display(),
                    "generated the plugin secrets key; a deployment with more than one node \
                     must set the same ISPCHAT_SECRETS_KEY on every node instead"
                );
                SecretsKey::from_base64(&STANDARD.encode(key))
            }
            Err(err) => Err(file_error(err)),
        }
    }

    pub fn seal(
        &self,
        plugin: &str,
        secrets: &BTreeMap<String, String>,
    ) -> Result<Vec<u8>, SealError> {
        let plain = serde_json::to_vec(secrets).map_err(|_| SealError::Seal(plugin.into()))?;
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = associated_data(plugin);
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Seal(plugin.into()))?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(FORMAT_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn open(&self, plugin: &str, blob: &[u8]) -> Result<BTreeMap<String, String>, SealError> {
        let fail = || SealError::Open(plugin.into());
        let (&format, rest) = blob.split_first().ok_or_else(fail)?;
        if format != FORMAT_V1 || rest.len() < NONCE_LEN {
            return Err(fail());
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let aad = associated_data(plugin);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| fail())?;
        serde_json::from_slice(&plain).map_err(|_| fail())
    }
}

fn associated_data(plugin: &str) -> Vec<u8> {
    format!("ispchat plugin secrets v1:{plugin}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugins_sealed_secrets_open_only_for_their_plugin_and_key() {
        let key = SecretsKey::from_base64(&STANDARD.encode([7u8; 32])).unwrap();
        let other = SecretsKey::from_base64(&STANDARD.encode([8u8; 32])).unwrap();
        let secrets = BTreeMap::from([("api-token".to_owned(), "s3cr3t-value".to_owned())]);
        let blob = key.seal("crm", &secrets).unwrap();
        assert!(!blob.windows(12).any(|w| w == b"s3cr3t-value"));
        assert_eq!(key.open("crm", &blob).ok(), Some(secrets));
        assert!(key.open("other-plugin", &blob).is_err());
        assert!(other.open("crm", &blob).is_err());
        assert!(SecretsKey::from_base64("c2hvcnQ=").is_err());
    }
}
