//! Login attempts are limited per account and per client IP (governor's GCRA limiters), so
//! password guessing is slow whether it targets one account from many places or many accounts
//! from one place.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::{Error, Result};

pub struct LoginLimiter {
    per_account: DefaultKeyedRateLimiter<String>,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
}

impl LoginLimiter {
    pub fn new(per_account_per_minute: NonZeroU32, per_ip_per_minute: NonZeroU32) -> Self {
        LoginLimiter {
            per_account: RateLimiter::keyed(Quota::per_minute(per_account_per_minute)),
            per_ip: RateLimiter::keyed(Quota::per_minute(per_ip_per_minute)),
        }
    }

    /// Counts one attempt for `login` from `ip`.
    pub fn check(&self, login: &str, ip: Option<IpAddr>) -> Result<()> {
        if let Some(ip) = ip {
            self.per_ip.check_key(&ip).map_err(limited)?;
        }
        self.per_account
            .check_key(&login.to_owned())
            .map_err(limited)?;
        Ok(())
    }

    /// Forgets keys whose limits have fully recovered, so memory does not grow without bound.
    pub fn forget_idle(&self) {
        self.per_account.retain_recent();
        self.per_ip.retain_recent();
    }
}

/// One limit per client IP, e.g. for widget visitors starting sessions: anyone may start one, so
/// a script must not mint contacts and tokens by the thousand.
pub struct IpLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
}

impl IpLimiter {
    pub fn new(per_minute: NonZeroU32) -> Self {
        IpLimiter {
            per_ip: RateLimiter::keyed(Quota::per_minute(per_minute)),
        }
    }

    /// Counts one attempt from `ip`; requests without a known address are not limited.
    pub fn check(&self, ip: Option<IpAddr>) -> Result<()> {
        match ip {
            Some(ip) => self.per_ip.check_key(&ip).map_err(limited),
            None => Ok(()),
        }
    }

    pub fn forget_idle(&self) {
        self.per_ip.retain_recent();
    }
}

fn limited(
    not_until: governor::NotUntil<<DefaultClock as governor::clock::Clock>::Instant>,
) -> Error {
    let wait = not_until.wait_time_from(DefaultClock::default().now());
    Error::RateLimited {
        retry_after_secs: wait.as_secs() + 1,
    }
}
