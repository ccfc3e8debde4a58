//! Rate limits (governor's GCRA limiters, in memory per node).
//!
//! - **Sign-in**: per client address; per account *and* address; and a slower per-account
//!   ceiling that only counts addresses the account has not signed in from. Guessing one
//!   account from many places is slow, guessing many accounts from one place is slow, and an
//!   attacker spending the account's ceiling cannot lock its owner out of the places the owner
//!   uses (an owner at a new address waits, as anyone there would).
//! - **Requests** in general, per caller: a user, an API key, a visitor, or the address of an
//!   anonymous client ([`RequestLimiter`]).
//!
//! Addresses are compared by [`client_key`]: an IPv6 client controls a whole /64, so one per
//! address would give it 2^64 budgets.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use uuid::Uuid;

use crate::error::{Error, Result};

/// The address a limit counts: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
        },
    }
}

/// Whose password is being tried: an account, or a login that names none (limited the same way,
/// so a limit never tells which logins exist).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LoginTarget {
    Account(Uuid),
    Unknown(String),
}

/// Addresses an account signed in from remember at most this many, newest kept.
const FAMILIAR_PER_ACCOUNT: usize = 8;

pub struct LoginLimits {
    pub per_account_and_address_per_minute: NonZeroU32,
    pub per_address_per_minute: NonZeroU32,
    /// Attempts per hour on one account from addresses it has not signed in from.
    pub per_account_per_hour: NonZeroU32,
}

pub struct LoginLimiter {
    per_address: DefaultKeyedRateLimiter<IpAddr>,
    per_account_and_address: DefaultKeyedRateLimiter<(LoginTarget, Option<IpAddr>)>,
    per_account: DefaultKeyedRateLimiter<LoginTarget>,
    /// Addresses each account signed in from successfully (in memory: a restart forgets them,
    /// and the ceiling then applies to the owner's addresses too until they sign in again).
    familiar: Mutex<HashMap<Uuid, VecDeque<IpAddr>>>,
}

impl LoginLimiter {
    pub fn new(limits: LoginLimits) -> Self {
        LoginLimiter {
            per_address: RateLimiter::keyed(Quota::per_minute(limits.per_address_per_minute)),
            per_account_and_address: RateLimiter::keyed(Quota::per_minute(
                limits.per_account_and_address_per_minute,
            )),
            per_account: RateLimiter::keyed(
                Quota::per_hour(limits.per_account_per_hour)
                    .allow_burst(limits.per_account_per_hour),
            ),
            familiar: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one attempt from `ip`, before anything is looked up.
    pub fn check_address(&self, ip: Option<IpAddr>) -> Result<()> {
        match ip {
            Some(ip) => self.per_address.check_key(&client_key(ip)).map_err(limited),
            None => Ok(()),
        }
    }

    /// Counts one attempt at `target` from `ip`, before the password is hashed.
    pub fn check_target(&self, target: &LoginTarget, ip: Option<IpAddr>) -> Result<()> {
        let address = ip.map(client_key);
        self.per_account_and_address
            .check_key(&(target.clone(), address))
            .map_err(limited)?;
        let familiar = match (target, address) {
            (LoginTarget::Account(id), Some(address)) => self
                .familiar()
                .get(id)
                .is_some_and(|known| known.contains(&address)),
            _ => false,
        };
        if !familiar {
            self.per_account.check_key(target).map_err(limited)?;
        }
        Ok(())
    }

    /// Remembers that `account` signed in from `ip`.
    pub fn signed_in(&self, account: Uuid, ip: Option<IpAddr>) {
        let Some(address) = ip.map(client_key) else {
            return;
        };
        let mut familiar = self.familiar();
        let known = familiar.entry(account).or_default();
        known.retain(|a| *a != address);
        known.push_back(address);
        while known.len() > FAMILIAR_PER_ACCOUNT {
            known.pop_front();
        }
    }

    fn familiar(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, VecDeque<IpAddr>>> {
        self.familiar.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets keys whose limits have fully recovered, so memory does not grow without bound.
    pub fn forget_idle(&self) {
        self.per_address.retain_recent();
        self.per_account_and_address.retain_recent();
        self.per_account.retain_recent();
    }
}

/// One limit per client address, e.g. for widget visitors starting sessions: anyone may start
/// one, so a script must not mint contacts and tokens by the thousand.
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
            Some(ip) => self.per_ip.check_key(&client_key(ip)).map_err(limited),
            None => Ok(()),
        }
    }

    pub fn forget_idle(&self) {
        self.per_ip.retain_recent();
    }
}

/// Who a request counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RequestKey {
    User(Uuid),
    ApiKey(Uuid),
    Visitor(Uuid),
    Address(IpAddr),
}

/// What a caller has left, for the `RateLimit` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    pub limit: u32,
    pub remaining: u32,
    pub window_secs: u64,
}

/// Requests per caller per minute, with the whole minute's budget available as a burst.
pub struct RequestLimiter {
    per_minute: NonZeroU32,
    limiter: RateLimiter<
        RequestKey,
        DefaultKeyedStateStore<RequestKey>,
        DefaultClock,
        StateInformationMiddleware,
    >,
}

impl RequestLimiter {
    pub fn new(per_minute: NonZeroU32) -> Self {
        RequestLimiter {
            per_minute,
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute))
                .with_middleware::<StateInformationMiddleware>(),
        }
    }

    /// Counts one request for `key`: what is left, or how long to wait.
    pub fn check(&self, key: &RequestKey) -> std::result::Result<Allowance, (Allowance, u64)> {
        let key = match key {
            RequestKey::Address(ip) => RequestKey::Address(client_key(*ip)),
            other => other.clone(),
        };
        match self.limiter.check_key(&key) {
            Ok(snapshot) => Ok(Allowance {
                limit: self.per_minute.get(),
                remaining: snapshot.remaining_burst_capacity(),
                window_secs: 60,
            }),
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                let allowance = Allowance {
                    limit: self.per_minute.get(),
                    remaining: 0,
                    window_secs: 60,
                };
                Err((allowance, wait_secs(wait)))
            }
        }
    }

    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}

fn wait_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

fn limited(
    not_until: governor::NotUntil<<DefaultClock as governor::clock::Clock>::Instant>,
) -> Error {
    let wait = not_until.wait_time_from(DefaultClock::default().now());
    Error::RateLimited {
        retry_after_secs: wait_secs(wait).max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    fn limiter(per_pair: u32, per_account_hour: u32) -> LoginLimiter {
        let n = |v| NonZeroU32::new(v).unwrap_or(NonZeroU32::MIN);
        LoginLimiter::new(LoginLimits {
            per_account_and_address_per_minute: n(per_pair),
            per_address_per_minute: n(1000),
            per_account_per_hour: n(per_account_hour),
        })
    }

    #[test]
    fn ipv6_addresses_count_per_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(
            ip("2001:db8::1").map(client_key),
            ip("2001:db8::ffff:1").map(client_key)
        );
        assert_ne!(
            ip("2001:db8:0:1::1").map(client_key),
            ip("2001:db8:0:2::1").map(client_key)
        );
        assert_eq!(ip("::ffff:10.0.0.1").map(client_key), ip("10.0.0.1"));
    }

    #[test]
    fn guessing_from_elsewhere_cannot_lock_the_owner_out() {
        let limits = limiter(3, 5);
        let owner = Uuid::now_v7();
        let account = LoginTarget::Account(owner);
        assert!(limits.check_target(&account, ip("10.0.0.1")).is_ok());
        limits.signed_in(owner, ip("10.0.0.1"));
        // An attacker spreads guesses over many addresses until the account's ceiling is spent.
        let mut refused = 0;
        for n in 0..20u8 {
            if limits
                .check_target(&account, ip(&format!("203.0.113.{n}")))
                .is_err()
            {
                refused += 1;
            }
        }
        assert_eq!(
            refused, 16,
            "4 unfamiliar attempts left in the hour, then refused"
        );
        // The owner's own address still gets its per-address budget.
        assert!(limits.check_target(&account, ip("10.0.0.1")).is_ok());
        assert!(limits.check_target(&account, ip("10.0.0.1")).is_ok());
        assert!(
            limits.check_target(&account, ip("10.0.0.1")).is_err(),
            "3 a minute from one place"
        );
    }

    #[test]
    fn unknown_logins_are_limited_like_accounts() {
        let limits = limiter(2, 100);
        let target = LoginTarget::Unknown("nobody".into());
        assert!(limits.check_target(&target, ip("10.0.0.1")).is_ok());
        assert!(limits.check_target(&target, ip("10.0.0.1")).is_ok());
        assert!(matches!(
            limits.check_target(&target, ip("10.0.0.1")),
            Err(Error::RateLimited { retry_after_secs }) if retry_after_secs >= 1
        ));
    }

    #[test]
    fn requests_are_counted_per_caller_with_what_is_left() {
        let limits = RequestLimiter::new(NonZeroU32::new(3).unwrap_or(NonZeroU32::MIN));
        let user = RequestKey::User(Uuid::now_v7());
        assert_eq!(limits.check(&user).map(|a| a.remaining), Ok(2));
        assert_eq!(limits.check(&user).map(|a| a.remaining), Ok(1));
        assert_eq!(limits.check(&user).map(|a| a.remaining), Ok(0));
        let refused = limits.check(&user).err();
        assert!(
            refused.is_some_and(
                |(allowance, wait)| allowance.remaining == 0 && (1..=20).contains(&wait)
            )
        );
        assert!(
            limits.check(&RequestKey::User(Uuid::now_v7())).is_ok(),
            "another caller"
        );
        let a = RequestKey::Address("2001:db8::1".parse().unwrap_or(IpAddr::V4([0; 4].into())));
        let b = RequestKey::Address("2001:db8::2".parse().unwrap_or(IpAddr::V4([0; 4].into())));
        for _ in 0..3 {
            assert!(limits.check(&a).is_ok());
        }
        assert!(limits.check(&b).is_err(), "the same /64");
    }
}
