//! Sessions: login, refresh-token rotation with reuse detection, logout, and turning a bearer
//! credential into a [`Principal`].
//!
//! A refresh token is single-use. Using it returns a new one of the same *family*; presenting a
//! token that was already used means it was copied, so the whole family is revoked and every
//! holder must log in again (OAuth 2.0 Security BCP, "refresh token rotation").

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use uuid::Uuid;

use super::jwt::JwtKeys;
use super::password::{self, Hashing};
use super::rate_limit::{LoginLimiter, LoginTarget};
use super::{Caller, Identity, Principal, Scope, random_token, token_hash};
use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::clock::SharedClock;
use crate::error::{Error, Result};
use crate::storage::api_keys::ApiKeyRecord;
use crate::storage::tokens::RefreshTokenRecord;
use crate::storage::users::UserRecord;
use crate::storage::{self, Db, Tx};
use crate::users::{User, UserStatus};

/// Prefix that tells API keys from access tokens in an `Authorization` header.
pub const API_KEY_PREFIX: &str = "isk_";

pub struct Session {
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_token_expires_at: DateTime<Utc>,
    pub user: User,
}

pub struct AuthService {
    db: Db,
    clock: SharedClock,
    jwt: JwtKeys,
    refresh_ttl: Duration,
    limiter: LoginLimiter,
    hashing: Arc<Hashing>,
    audit: Arc<AuditLog>,
    /// Lifetime of web chat visitors' tokens.
    visitor_ttl: Duration,
}

const BAD_LOGIN: &str = "invalid login or password";

impl AuthService {
    pub fn new(
        db: Db,
        clock: SharedClock,
        jwt: JwtKeys,
        refresh_ttl: std::time::Duration,
        limiter: LoginLimiter,
        hashing: Arc<Hashing>,
        audit: Arc<AuditLog>,
    ) -> Result<Self> {
        Ok(AuthService {
            db,
            clock,
            jwt,
            refresh_ttl: Duration::from_std(refresh_ttl).map_err(Error::internal)?,
            limiter,
            hashing,
            audit,
            visitor_ttl: Duration::days(30),
        })
    }

    /// How long visitor tokens live (default 30 days).
    pub fn with_visitor_ttl(mut self, ttl: std::time::Duration) -> Result<Self> {
        self.visitor_ttl = Duration::from_std(ttl).map_err(Error::internal)?;
        Ok(self)
    }

    pub fn limiter(&self) -> &LoginLimiter {
        &self.limiter
    }

    /// How long a refresh token lives from its issue (the console's cookie lives as long).
    pub fn refresh_token_ttl(&self) -> std::time::Duration {
        self.refresh_ttl.to_std().unwrap_or_default()
    }

    pub async fn login(&self, caller: &Caller, login: &str, password: &str) -> Result<Session> {
        let login = login.trim().to_lowercase();
        if login.is_empty() {
            return Err(Error::invalid("login", "is required"));
        }
        if password.is_empty() {
            return Err(Error::invalid("password", "is required"));
        }
        let limited = |err: Error| {
            tracing::warn!(ip = ?caller.ip, "login rate limited");
            metrics::counter!("ispchat_login_rate_limited_total").increment(1);
            err
        };
        self.limiter.check_address(caller.ip).map_err(limited)?;
        let mut conn = self.db.acquire().await?;
        let record = storage::users::find_by_login(conn.conn(), &login).await?;
        drop(conn);
        // Keyed on the account, not on what was typed: its username and e-mail share one budget.
        let target = match &record {
            Some(record) => LoginTarget::Account(record.id),
            None => LoginTarget::Unknown(login.chars().take(100).collect()),
        };
        self.limiter
            .check_target(&target, caller.ip)
            .map_err(limited)?;
        // No account can have a password longer than the rules allow: no need to hash one.
        let matches = password.chars().count() <= password::MAX_LENGTH
            && self
                .hashing
                .verify(record.as_ref().map(|r| r.password_hash.clone()), password)
                .await?;
        let user = match record {
            Some(record) if matches && record.status == "active" => User::try_from(record)?,
            other => {
                let reason = match (&other, matches) {
                    (None, _) => "unknown login",
                    (Some(_), false) => "wrong password",
                    (Some(_), true) => "user is deactivated",
                };
                let attempted: String = login.chars().take(100).collect();
                let event = AuditEvent::new("auth.login_failed")
                    .target_opt("user", other.map(|r| r.id.to_string()))
                    .details(json!({ "login": attempted, "reason": reason }));
                self.audit
                    .record_now(&Actor::anonymous(attempted, caller.ip), event)
                    .await?;
                return Err(Error::Unauthenticated(BAD_LOGIN));
            }
        };
        self.limiter.signed_in(user.id, caller.ip);
        let mut tx = self.db.begin().await?;
        let session = self.start_session(&mut tx, user, Uuid::now_v7()).await?;
        let actor = Actor::user(session.user.id, &session.user.username, caller.ip);
        let event = AuditEvent::new("auth.login").target("user", session.user.id);
        self.audit.commit(tx, &actor, event).await?;
        Ok(session)
    }

    pub async fn refresh(&self, caller: &Caller, refresh_token: &str) -> Result<Session> {
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let Some(token) =
            storage::tokens::find_by_hash(tx.conn(), &token_hash(refresh_token)).await?
        else {
            return Err(Error::Unauthenticated("invalid refresh token"));
        };
        if token.revoked_at.is_some() && token.used_at.is_none() {
            return Err(Error::Unauthenticated(
                "this session has ended; please log in again",
            ));
        }
        if token.used_at.is_some() || !storage::tokens::mark_used(tx.conn(), token.id, now).await? {
            return self.revoke_reused_family(tx, caller, &token).await;
        }
        if token.expires_at <= now {
            tx.commit().await?;
            return Err(Error::Unauthenticated(
                "refresh token expired; please log in again",
            ));
        }
        let user = storage::users::find_by_id(tx.conn(), token.user_id).await?;
        let Some(user) = user.filter(|u| u.status == "active") else {
            storage::tokens::revoke_family(tx.conn(), token.family_id, now).await?;
            tx.commit().await?;
            return Err(Error::Unauthenticated("user is deactivated"));
        };
        let session = self
            .start_session(&mut tx, User::try_from(user)?, token.family_id)
            .await?;
        tx.commit().await?;
        Ok(session)
    }

    /// Ends the session the refresh token belongs to. `false` when there was nothing to end.
    pub async fn logout(&self, caller: &Caller, refresh_token: &str) -> Result<bool> {
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let Some(token) =
            storage::tokens::find_by_hash(tx.conn(), &token_hash(refresh_token)).await?
        else {
            return Ok(false);
        };
        let revoked = storage::tokens::revoke_family(tx.conn(), token.family_id, now).await?;
        if revoked == 0 {
            return Ok(false);
        }
        let user = storage::users::find_by_id(tx.conn(), token.user_id).await?;
        let label = user.map(|u| u.username).unwrap_or_default();
        let actor = Actor::user(token.user_id, &label, caller.ip);
        let event = AuditEvent::new("auth.logout").target("user", token.user_id);
        self.audit.commit(tx, &actor, event).await?;
        Ok(true)
    }

    /// Resolves an `Authorization: Bearer …` credential. Storage failures are logged and reported
    /// to the caller as credentials that could not be checked.
    pub async fn authenticate(&self, bearer: Option<&str>) -> Identity {
        self.authenticate_for(bearer).await.0
    }

    /// [`Self::authenticate`], and how much longer the credential is valid: a token until it
    /// expires, an API key with no end (`None`). A WebSocket fixes its caller at
    /// `connection_init` and is closed when that time is up.
    pub async fn authenticate_for(
        &self,
        bearer: Option<&str>,
    ) -> (Identity, Option<std::time::Duration>) {
        let Some(credential) = bearer.map(str::trim).filter(|c| !c.is_empty()) else {
            return (Identity::Anonymous, None);
        };
        let result = if credential.starts_with(API_KEY_PREFIX) {
            self.authenticate_api_key(credential)
                .await
                .map(|principal| (principal, None))
        } else {
            self.authenticate_access_token(credential)
                .await
                .map(|(principal, expires_at)| {
                    let left = (expires_at - self.clock.now()).to_std().unwrap_or_default();
                    (principal, Some(left))
                })
        };
        match result {
            Ok((principal, left)) => (Identity::Authenticated(principal), left),
            Err(Error::Unauthenticated(reason)) => (Identity::Invalid(reason), None),
            Err(other) => {
                tracing::error!(error = %other, cause = ?other, "could not check credentials");
                (Identity::Unchecked, None)
            }
        }
    }

    /// The token's principal and when the token expires.
    async fn authenticate_access_token(&self, token: &str) -> Result<(Principal, DateTime<Utc>)> {
        let claims = self.jwt.verify(token, self.clock.now())?;
        let expires_at = DateTime::from_timestamp(claims.exp, 0)
            .ok_or(Error::Unauthenticated("invalid access token"))?;
        if claims.typ == super::jwt::VISITOR {
            return Ok((self.authenticate_visitor(claims).await?, expires_at));
        }
        let mut conn = self.db.acquire().await?;
        let user = storage::users::find_by_id(conn.conn(), claims.sub)
            .await?
            .ok_or(Error::Unauthenticated("invalid access token"))?;
        let principal =
            user_principal(user)?.ok_or(Error::Unauthenticated("user is deactivated"))?;
        Ok((principal, expires_at))
    }

    /// A visitor token stays valid while its contact exists (a merged-away or deleted contact
    /// ends the visitor's session: the widget starts a new one).
    async fn authenticate_visitor(&self, claims: super::jwt::Claims) -> Result<Principal> {
        let inbox_id = claims
            .inbox
            .ok_or(Error::Unauthenticated("invalid access token"))?;
        let mut conn = self.db.acquire().await?;
        storage::contacts::find_by_id(conn.conn(), claims.sub)
            .await?
            .ok_or(Error::Unauthenticated(
                "visitor session ended; start a new one",
            ))?;
        Ok(Principal::Visitor {
            contact_id: claims.sub,
            inbox_id,
            locale: claims.locale.unwrap_or_else(|| "pt-BR".to_owned()),
        })
    }

    /// Signs a visitor token for the web chat widget (see `crate::widget`).
    pub fn issue_visitor_token(
        &self,
        contact_id: Uuid,
        inbox_id: Uuid,
        locale: &str,
    ) -> Result<(String, DateTime<Utc>)> {
        self.jwt.issue_visitor(
            contact_id,
            inbox_id,
            locale,
            self.clock.now(),
            self.visitor_ttl,
        )
    }

    async fn authenticate_api_key(&self, key: &str) -> Result<Principal> {
        let mut conn = self.db.acquire().await?;
        let record = storage::api_keys::find_by_hash(conn.conn(), &token_hash(key))
            .await?
            .filter(|k| k.revoked_at.is_none())
            .ok_or(Error::Unauthenticated("invalid API key"))?;
        drop(conn);
        let now = self.clock.now();
        // Write at most once a minute per key: "last used" is for humans, not for accounting.
        if record
            .last_used_at
            .is_none_or(|at| now - at > Duration::minutes(1))
        {
            let mut conn = self.db.writer().await?;
            storage::api_keys::touch(conn.conn(), record.id, now).await?;
        }
        Ok(key_principal(record))
    }

    async fn start_session(&self, tx: &mut Tx, user: User, family_id: Uuid) -> Result<Session> {
        let now = self.clock.now();
        let refresh_token = random_token(32);
        let record = RefreshTokenRecord {
            id: Uuid::now_v7(),
            user_id: user.id,
            family_id,
            token_hash: token_hash(&refresh_token),
            created_at: now,
            expires_at: now + self.refresh_ttl,
            used_at: None,
            revoked_at: None,
        };
        storage::tokens::insert(tx.conn(), &record).await?;
        let (access_token, access_token_expires_at) = self.jwt.issue(user.id, user.role, now)?;
        Ok(Session {
            access_token,
            access_token_expires_at,
            refresh_token,
            refresh_token_expires_at: record.expires_at,
            user,
        })
    }

    async fn revoke_reused_family(
        &self,
        mut tx: Tx,
        caller: &Caller,
        token: &RefreshTokenRecord,
    ) -> Result<Session> {
        let revoked =
            storage::tokens::revoke_family(tx.conn(), token.family_id, self.clock.now()).await?;
        let user = storage::users::find_by_id(tx.conn(), token.user_id).await?;
        let label = user.map(|u| u.username).unwrap_or_default();
        let event = AuditEvent::new("auth.refresh_reuse_detected")
            .target("user", token.user_id)
            .details(json!({ "family": token.family_id, "revokedTokens": revoked }));
        let actor = Actor::user(token.user_id, &label, caller.ip);
        self.audit.commit(tx, &actor, event).await?;
        tracing::warn!(user = %token.user_id, ip = ?caller.ip, "refresh token reuse: session family revoked");
        Err(Error::Unauthenticated(
            "refresh token was already used; this sign-in was ended, please log in again",
        ))
    }
}

/// A principal as it stands now, for a long-lived subscription's re-check: a user with their
/// current role while they are active, an API key with its scopes while it is not revoked;
/// `None` once it signs nobody in. A visitor is returned as it is.
pub async fn current_principal(db: &Db, principal: &Principal) -> Result<Option<Principal>> {
    let mut conn = db.acquire().await?;
    match principal {
        Principal::User { id, .. } => match storage::users::find_by_id(conn.conn(), *id).await? {
            Some(user) => user_principal(user),
            None => Ok(None),
        },
        Principal::ApiKey { id, .. } => Ok(storage::api_keys::find_by_id(conn.conn(), *id)
            .await?
            .filter(|key| key.revoked_at.is_none())
            .map(key_principal)),
        Principal::Visitor { .. } => Ok(Some(principal.clone())),
    }
}

/// The user's principal; `None` while they are deactivated.
fn user_principal(user: UserRecord) -> Result<Option<Principal>> {
    if user.status != UserStatus::Active.as_str() {
        return Ok(None);
    }
    Ok(Some(Principal::User {
        id: user.id,
        role: user.role.parse()?,
        username: user.username,
    }))
}

fn key_principal(key: ApiKeyRecord) -> Principal {
    Principal::ApiKey {
        id: key.id,
        name: key.name,
        scopes: key
            .scopes
            .0
            .iter()
            .filter_map(|s| Scope::parse(s))
            .collect(),
    }
}
