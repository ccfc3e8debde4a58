//! Password hashing with argon2id (the `argon2` crate's defaults follow OWASP: 19 MiB, t=2, p=1).
//! Hashing is slow on purpose, so it runs on the blocking pool, off the async workers, and at
//! most one hash per core runs at a time: a hundred concurrent sign-ins from a hundred addresses
//! took the server from 195 MB to 1.87 GB. A short queue waits for a core; past it a request is
//! refused with RATE_LIMITED instead of piling up memory and latency.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::{Error, Reason, Result};

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

/// Rejects passwords too short to resist guessing, or long enough to be a hashing DoS.
pub fn validate(field: &str, password: &str) -> Result<()> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(Error::refused(
            Reason::PasswordTooShort,
            field,
            format!("must be at least {MIN_LENGTH} characters long"),
        )
        .with_bound(MIN_LENGTH as u64));
    }
    if length > MAX_LENGTH {
        return Err(Error::refused(
            Reason::PasswordTooLong,
            field,
            format!("must be at most {MAX_LENGTH} characters long"),
        )
        .with_bound(MAX_LENGTH as u64));
    }
    Ok(())
}

/// The CPU cores and memory hashing may use: one per server, shared by every service that hashes
/// (sign-in, users' passwords).
pub struct Hashing {
    running: Semaphore,
    waiting: AtomicUsize,
    max_waiting: usize,
}

impl Hashing {
    /// One hash at a time per core, and a queue of four per core.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Hashing {
            running: Semaphore::new(cores),
            waiting: AtomicUsize::new(0),
            max_waiting: 4 * cores,
        }
    }

    pub async fn hash(&self, password: &str) -> Result<String> {
        let password = password.to_owned();
        self.run(move || hash_now(&password)).await
    }

    /// Checks `password` against a stored hash. With no hash (unknown user) it still spends the
    /// same time against a dummy hash, so response times do not reveal which logins exist.
    pub async fn verify(&self, stored_hash: Option<String>, password: &str) -> Result<bool> {
        let password = password.to_owned();
        self.run(move || {
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
    }

    /// Runs `work` on the blocking pool once a core is free; refuses when the queue is full.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            metrics::counter!("ispchat_password_hashing_refused_total").increment(1);
            return Err(Error::RateLimited {
                retry_after_secs: 1,
            });
        }
        let permit = self.running.acquire().await;
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        let _permit = permit.map_err(Error::internal)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(Error::internal)?
    }
}

fn hash_now(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::internal(e.to_string()))
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
        let hashing = Hashing::for_this_machine();
        let hash = hashing.hash("correct horse battery").await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            hashing
                .verify(Some(hash.clone()), "correct horse battery")
                .await
                .unwrap_or(false)
        );
        assert!(
            !hashing
                .verify(Some(hash), "wrong horse battery")
                .await
                .unwrap_or(true)
        );
        assert!(
            !hashing
                .verify(None, "anything at all")
                .await
                .unwrap_or(true)
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hashing_past_the_queue_is_refused_not_piled_up() {
        let gate = Hashing {
            running: Semaphore::new(1),
            waiting: AtomicUsize::new(0),
            max_waiting: 2,
        };
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = std::sync::Mutex::new(wait);
        let blocker = gate.run(move || {
            let _ = wait.lock().map(|w| w.recv());
            Ok(())
        });
        tokio::pin!(blocker);
        // The blocker takes the only core; two more queue; the fourth is refused at once.
        assert!(futures_util::poll!(blocker.as_mut()).is_pending());
        let nothing = || Ok(());
        let mut queued = vec![Box::pin(gate.run(nothing)), Box::pin(gate.run(nothing))];
        for q in &mut queued {
            assert!(futures_util::poll!(q.as_mut()).is_pending());
        }
        assert!(matches!(
            gate.run(|| Ok(())).await,
            Err(Error::RateLimited { .. })
        ));
        let _ = release.send(());
        assert!(blocker.await.is_ok());
        for q in queued {
            assert!(q.await.is_ok());
        }
        assert!(gate.run(|| Ok(())).await.is_ok(), "the queue drained");
    }

    #[test]
    fn length_rules_name_the_field() {
        let err = validate("input.password", "short").err();
        assert!(
            err.as_ref()
                .is_some_and(|e| e.field() == Some("input.password")
                    && e.reason() == Some(Reason::PasswordTooShort)
                    && e.bound() == Some(10)),
            "{err:?}"
        );
        let err = validate("password", &"x".repeat(129)).err();
        assert_eq!(err.and_then(|e| e.reason()), Some(Reason::PasswordTooLong));
        assert!(validate("password", "long enough pw").is_ok());
    }
}
