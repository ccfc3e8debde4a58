//! `secrets` and `crypto`: a secret's value leaves the host only through `reveal`, and only for
//! secrets the manifest declares with `reveal = true`; HMACs are computed here so the key never
//! enters the plugin.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Digest;
use subtle::ConstantTimeEq;

use crate::capabilities::Capability;
use crate::state::CallState;
use crate::v1::host::crypto::{self, HashAlgorithm};
use crate::v1::host::secrets::{self, SecretError};

const MAX_RANDOM_BYTES: u32 = 1024;

impl CallState {
    fn may_use_secret(&self, name: &str) -> Result<(), SecretError> {
        self.granter()
            .check(Capability::UseSecret(name))
            .map_err(|_| SecretError::NotDeclared(name.to_owned()))
    }

    fn secret_value(&self, name: &str) -> Result<&str, SecretError> {
        self.may_use_secret(name)?;
        self.plugin
            .secrets
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| SecretError::NotSet(name.to_owned()))
    }
}

impl secrets::Host for CallState {
    async fn is_set(&mut self, name: String) -> Result<bool, SecretError> {
        self.may_use_secret(&name)?;
        Ok(self.plugin.secrets.contains_key(&name))
    }

    async fn reveal(&mut self, name: String) -> Result<String, SecretError> {
        self.may_use_secret(&name)?;
        self.granter()
            .check(Capability::RevealSecret(&name))
            .map_err(|refusal| SecretError::Denied(refusal.message().into()))?;
        self.secret_value(&name).map(str::to_owned)
    }
}

impl crypto::Host for CallState {
    async fn digest(&mut self, algorithm: HashAlgorithm, data: Vec<u8>) -> Vec<u8> {
        match algorithm {
            HashAlgorithm::Sha1 => sha1::Sha1::digest(&data).to_vec(),
            HashAlgorithm::Sha256 => sha2::Sha256::digest(&data).to_vec(),
            HashAlgorithm::Sha512 => sha2::Sha512::digest(&data).to_vec(),
        }
    }

    async fn hmac(
        &mut self,
        algorithm: HashAlgorithm,
        secret_name: String,
        data: Vec<u8>,
    ) -> Result<Vec<u8>, SecretError> {
        let key = self.secret_value(&secret_name)?;
        Ok(hmac_bytes(algorithm, key.as_bytes(), &data))
    }

    async fn hmac_verify(
        &mut self,
        algorithm: HashAlgorithm,
        secret_name: String,
        data: Vec<u8>,
        mac: Vec<u8>,
    ) -> Result<bool, SecretError> {
        let key = self.secret_value(&secret_name)?.as_bytes();
        // Constant-time comparison: the time taken must not tell how many bytes matched.
        let expected = hmac_bytes(algorithm, key, &data);
        Ok(!expected.is_empty() && bool::from(expected.as_slice().ct_eq(mac.as_slice())))
    }

    async fn random_bytes(&mut self, len: u32) -> Vec<u8> {
        let mut out = vec![0u8; len.min(MAX_RANDOM_BYTES) as usize];
        rand::rngs::OsRng.fill_bytes(&mut out);
        out
    }
}

/// HMAC of `data` under `key`, raw bytes. HMAC takes keys of any length, so `new_from_slice`
/// cannot fail; the empty fallback only avoids a panic path.
fn hmac_bytes(algorithm: HashAlgorithm, key: &[u8], data: &[u8]) -> Vec<u8> {
    macro_rules! mac {
        ($digest:ty) => {
            match <Hmac<$digest> as Mac>::new_from_slice(key) {
                Ok(mut mac) => {
                    mac.update(data);
                    mac.finalize().into_bytes().to_vec()
                }
                Err(_) => Vec::new(),
            }
        };
    }
    match algorithm {
        HashAlgorithm::Sha1 => mac!(sha1::Sha1),
        HashAlgorithm::Sha256 => mac!(sha2::Sha256),
        HashAlgorithm::Sha512 => mac!(sha2::Sha512),
    }
}
