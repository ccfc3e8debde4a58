//! Password hashing with argon2id (the `argon2` crate's defaults follow OWASP: 19 MiB, t=2, p=1).
//! Hashing is slow on purpose, so it runs on the blocking pool, off the async workers.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::{Error, Result};

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

/// Rejects passwords too short to resist guessing, or long enough to be a hashing DoS.
pub fn validate(field: &str, password: &str) -> Result<()> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(Error::invalid(
            field,
            format!("must be at least {MIN_LENGTH} characters long"),
        ));
    }
    if length > MAX_LENGTH {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_LENGTH} characters long"),
        ));
    }
    Ok(())
}

pub async fn hash(password: &str) -> Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(Error::internal)?
}

fn hash_now(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::internal(e.to_string()))
}

/// Checks `password` against a stored hash. With no hash (unknown user) it still spends the same
/// time against a dummy hash, so response times do not reveal which logins exist.
pub async fn verify(stored_hash: Option<String>, password: &str) -> Result<bool> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let stored = match stored_hash {
            Some(hash) => hash,
            None => {
                let _ = check(dummy_hash()?, &password);
                return Ok(false);
            }
        };
        check(&stored, &password)
    })
    .await
    .map_err(Error::internal)?
}

fn check(stored: &str, password: &str) -> Result<bool> {
    let parsed = PasswordHash::new(stored).map_err(|e| Error::internal(e.to_string()))?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

fn dummy_hash() -> Result<&'static str> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let hash = hash_now("not a real password, only for timing")?;
    Ok(DUMMY.get_or_init(|| hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let hash = hash("correct horse battery")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify(Some(hash.clone()), "correct horse battery")
                .await
                .unwrap_or(false)
        );
        assert!(
            !verify(Some(hash), "wrong horse battery")
                .await
                .unwrap_or(true)
        );
        assert!(!verify(None, "anything at all").await.unwrap_or(true));
    }

    #[test]
    fn length_rules_name_the_field() {
        let err = validate("input.password", "short").err();
        assert!(
            matches!(err, Some(Error::InvalidInput { ref field, .. }) if field == "input.password")
        );
        assert!(validate("password", &"x".repeat(129)).is_err());
        assert!(validate("password", "long enough pw").is_ok());
    }
}
