//! Staff accounts (admins, supervisors, agents): who may create and change them, what a valid
//! account looks like, and the first admin of a new installation.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::auth::password::{self, Hashing};
use crate::auth::{Caller, Permission, Role};
use crate::clock::SharedClock;
use crate::error::{Error, Reason, Result};
use crate::storage::users::{UserFilter, UserRecord};
use crate::storage::{self, Db, Page};

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum UserStatus {
    Active,
    /// Cannot log in; kept so that history still names them.
    Inactive,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Inactive => "inactive",
        }
    }
}

/// Language of the console (and of bots' texts) for this user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, async_graphql::Enum)]
pub enum Language {
    #[default]
    PtBr,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::PtBr => "pt-BR",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub username: String,
    pub role: Role,
    pub status: UserStatus,
    pub language: Language,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<UserRecord> for User {
    type Error = Error;

    fn try_from(r: UserRecord) -> Result<Self> {
        Ok(User {
            id: r.id,
            role: r.role.parse()?,
            status: if r.status == "active" {
                UserStatus::Active
            } else {
                UserStatus::Inactive
            },
            language: if r.language == "en" {
                Language::En
            } else {
                Language::PtBr
            },
            name: r.name,
            email: r.email,
            username: r.username,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

pub struct NewUser {
    pub name: String,
    pub email: String,
    pub username: String,
    pub password: String,
    pub role: Role,
    pub language: Option<Language>,
}

#[derive(Default)]
pub struct UserChanges {
    pub name: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    pub language: Option<Language>,
    pub password: Option<String>,
}

pub struct UserService {
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
    hashing: Arc<Hashing>,
}

impl UserService {
    pub fn new(db: Db, clock: SharedClock, audit: Arc<AuditLog>, hashing: Arc<Hashing>) -> Self {
        UserService {
            db,
            clock,
            audit,
            hashing,
        }
    }

    /// Anyone may read their own account; reading others needs `UsersRead`.
    pub async fn get(&self, caller: &Caller, id: Uuid) -> Result<User> {
        if caller.principal()?.user_id() != Some(id) {
            caller.require(Permission::UsersRead)?;
        }
        self.find(id).await
    }

    pub async fn me(&self, caller: &Caller) -> Result<User> {
        let id = caller.require_user()?;
        self.find(id).await
    }

    /// For callers already allowed to see a reference to the user, such as a conversation's
    /// assignee: seeing who handles a conversation needs no `users:read`.
    pub(crate) async fn find(&self, id: Uuid) -> Result<User> {
        let mut conn = self.db.acquire().await?;
        storage::users::find_by_id(conn.conn(), id)
            .await?
            .ok_or(Error::NotFound("user"))?
            .try_into()
    }

    pub async fn list(
        &self,
        caller: &Caller,
        filter: &UserFilter,
        after: Option<Uuid>,
        first: usize,
    ) -> Result<Page<User>> {
        caller.require(Permission::UsersRead)?;
        let mut conn = self.db.acquire().await?;
        let rows = storage::users::list(conn.conn(), filter, after, first as i64 + 1).await?;
        let page = Page::from_rows(rows, first);
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(User::try_from)
                .collect::<Result<_>>()?,
            has_next_page: page.has_next_page,
        })
    }

    pub async fn create(&self, caller: &Caller, input: NewUser) -> Result<User> {
        caller.require(Permission::UsersWrite)?;
        let user = self.insert(&Actor::from(caller), input).await?;
        Ok(user)
    }

    async fn insert(&self, actor: &Actor, input: NewUser) -> Result<User> {
        let name = validate_text("input.name", &input.name, 120)?;
        let email = validate_email(&input.email)?;
        let username = validate_username(&input.username)?;
        password::validate("input.password", &input.password)?;
        let now = self.clock.now();
        let record = UserRecord {
            id: Uuid::now_v7(),
            name,
            email,
            username,
            role: input.role.as_str().to_owned(),
            password_hash: self.hashing.hash(&input.password).await?,
            status: UserStatus::Active.as_str().to_owned(),
            language: input.language.unwrap_or_default().as_str().to_owned(),
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin().await?;
        storage::users::insert(tx.conn(), &record)
            .await
            .map_err(prefix_input)?;
        let event = AuditEvent::new("user.create")
            .target("user", record.id)
            .details(json!({
                "username": record.username,
                "email": record.email,
                "role": record.role,
            }));
        self.audit.commit(tx, actor, event).await?;
        record.try_into()
    }

    pub async fn update(&self, caller: &Caller, id: Uuid, changes: UserChanges) -> Result<User> {
        caller.require(Permission::UsersWrite)?;
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let mut record = storage::users::find_by_id(tx.conn(), id)
            .await?
            .ok_or(Error::NotFound("user"))?;
        let mut changed: Vec<&str> = Vec::new();
        if let Some(name) = changes.name {
            record.name = validate_text("input.name", &name, 120)?;
            changed.push("name");
        }
        if let Some(email) = changes.email {
            record.email = validate_email(&email)?;
            changed.push("email");
        }
        if let Some(username) = changes.username {
            record.username = validate_username(&username)?;
            changed.push("username");
        }
        if let Some(language) = changes.language {
            record.language = language.as_str().to_owned();
            changed.push("language");
        }
        let was_active_admin = record.role == "admin" && record.status == "active";
        if let Some(role) = changes.role {
            record.role = role.as_str().to_owned();
            changed.push("role");
        }
        if let Some(status) = changes.status {
            record.status = status.as_str().to_owned();
            changed.push("status");
        }
        let ends_sessions = changes.password.is_some() || record.status != "active";
        if let Some(new_password) = changes.password {
            password::validate("input.password", &new_password)?;
            record.password_hash = self.hashing.hash(&new_password).await?;
            changed.push("password");
        }
        let still_active_admin = record.role == "admin" && record.status == "active";
        if was_active_admin
            && !still_active_admin
            && storage::users::count_active_admins(tx.conn()).await? <= 1
        {
            return Err(Error::Conflict {
                field: if record.role == "admin" {
                    "input.status"
                } else {
                    "input.role"
                }
                .into(),
                message: "the last active admin cannot be demoted or deactivated".into(),
            });
        }
        record.updated_at = now;
        storage::users::update(tx.conn(), &record)
            .await
            .map_err(prefix_input)?;
        if ends_sessions {
            storage::tokens::revoke_all_for_user(tx.conn(), id, now).await?;
        }
        let event = AuditEvent::new("user.update")
            .target("user", id)
            .details(json!({ "changed": changed, "role": record.role, "status": record.status }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        record.try_into()
    }

    /// A user's own profile: name and language only; role and status are an admin's to change.
    pub async fn update_me(
        &self,
        caller: &Caller,
        name: Option<String>,
        language: Option<Language>,
    ) -> Result<User> {
        let id = caller.require_user()?;
        let mut tx = self.db.begin().await?;
        let mut record = storage::users::find_by_id(tx.conn(), id)
            .await?
            .ok_or(Error::NotFound("user"))?;
        if let Some(name) = name {
            record.name = validate_text("input.name", &name, 120)?;
        }
        if let Some(language) = language {
            record.language = language.as_str().to_owned();
        }
        record.updated_at = self.clock.now();
        storage::users::update(tx.conn(), &record).await?;
        let event = AuditEvent::new("user.update_profile").target("user", id);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        record.try_into()
    }

    /// Changes the caller's own password and ends all their sessions (they log in again).
    pub async fn change_password(&self, caller: &Caller, current: &str, new: &str) -> Result<()> {
        let id = caller.require_user()?;
        password::validate("newPassword", new)?;
        let mut conn = self.db.acquire().await?;
        let mut record = storage::users::find_by_id(conn.conn(), id)
            .await?
            .ok_or(Error::NotFound("user"))?;
        drop(conn);
        if !self
            .hashing
            .verify(Some(record.password_hash.clone()), current)
            .await?
        {
            return Err(Error::refused(
                Reason::WrongCurrentPassword,
                "currentPassword",
                "is not your current password",
            ));
        }
        record.password_hash = self.hashing.hash(new).await?;
        let now = self.clock.now();
        record.updated_at = now;
        let mut tx = self.db.begin().await?;
        storage::users::update(tx.conn(), &record).await?;
        storage::tokens::revoke_all_for_user(tx.conn(), id, now).await?;
        let event = AuditEvent::new("user.change_password").target("user", id);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(())
    }

    /// Creates the first admin of an empty installation. Returns `None` when users exist.
    pub async fn create_first_admin(&self, email: &str, password: &str) -> Result<Option<User>> {
        let mut conn = self.db.acquire().await?;
        if storage::users::count(conn.conn()).await? > 0 {
            return Ok(None);
        }
        drop(conn);
        let input = NewUser {
            name: "Administrator".into(),
            email: email.to_owned(),
            username: "admin".into(),
            password: password.to_owned(),
            role: Role::Admin,
            language: None,
        };
        match self.insert(&Actor::system(), input).await {
            Ok(user) => Ok(Some(user)),
            // Another node created it first.
            Err(Error::Conflict { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

/// Unique-violation errors name the column; the API names the input field.
fn prefix_input(err: Error) -> Error {
    match err {
        Error::Conflict { field, message } => Error::Conflict {
            field: format!("input.{field}"),
            message,
        },
        other => other,
    }
}

/// Trimmed, non-empty and at most `max` characters.
pub fn validate_text(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {max} characters long"),
        ));
    }
    Ok(value.to_owned())
}

/// A plausible address, lower-cased: delivery is the only real check.
pub fn validate_email(value: &str) -> Result<String> {
    let value = value.trim().to_lowercase();
    let valid = value.len() <= 254
        && !value.contains(char::is_whitespace)
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid {
        Ok(value)
    } else {
        Err(Error::refused(
            Reason::InvalidEmail,
            "input.email",
            "is not a valid e-mail address",
        ))
    }
}

/// 3–32 characters of `a-z 0-9 . _ -`, starting with a letter or digit; lower-cased.
pub fn validate_username(value: &str) -> Result<String> {
    let value = value.trim().to_lowercase();
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
    let valid = (3..=32).contains(&value.len())
        && value.chars().all(allowed)
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if valid {
        Ok(value)
    } else {
        Err(Error::invalid(
            "input.username",
            "must be 3 to 32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            validate_email(" Ana@Provedor.com.BR ").ok().as_deref(),
            Some("ana@provedor.com.br")
        );
        for bad in ["", "ana", "ana@", "@x.com", "a b@x.com", "a@b@c", "a@.com"] {
            assert!(validate_email(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn usernames_follow_the_rule() {
        assert_eq!(
            validate_username("Ana.Silva").ok().as_deref(),
            Some("ana.silva")
        );
        for bad in ["ab", "-ana", "ana silva", "ána", &"a".repeat(33)] {
            assert!(
                validate_username(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(validate_text("f", "  x ", 5).ok().as_deref(), Some("x"));
        assert!(
            matches!(validate_text("f", "   ", 5), Err(Error::InvalidInput { ref field, .. }) if field == "f")
        );
        assert!(validate_text("f", "abcdef", 5).is_err());
    }
}
