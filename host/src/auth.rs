//! Who is calling and what they may do: passwords (argon2id), short-lived JWT access tokens,
//! rotating refresh tokens with reuse detection, API keys with scopes, login rate limits and the
//! role/permission table every service checks.

pub mod api_keys;
pub mod jwt;
pub mod password;
pub mod rate_limit;
pub mod rbac;
pub mod service;

pub use rbac::{Caller, Identity, Permission, Principal, Role, Scope};
pub use service::{AuthService, Session};

use sha2::{Digest, Sha256};

/// Tokens and API keys are long random strings, so a fast hash is enough to store them safely.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// `bytes` random bytes as URL-safe base64 without padding.
pub fn random_token(bytes: usize) -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}
