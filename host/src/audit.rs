//! The audit log: who did what to which object, when and from where. Every mutation and every
//! authentication event writes one entry, in the same transaction as the change it describes, and
//! admins can read it back with filters or watch it live.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use futures_util::{Stream, StreamExt, stream};

use serde_json::Value;
use sqlx::types::Json;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use uuid::Uuid;

use crate::auth::service::current_principal;
use crate::auth::{Caller, Identity, Permission, Principal};
use crate::clock::SharedClock;
use crate::error::Result;
use crate::storage::audit::{AuditFilter, AuditRecord};
use crate::storage::{self, Conn, Db, Page, Tx};

pub type AuditEntry = AuditRecord;

/// Who did it, as the audit log records it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: &'static str,
    pub id: Option<Uuid>,
    pub label: String,
    pub ip: Option<IpAddr>,
}

impl Actor {
    pub fn system() -> Self {
        Actor {
            kind: "system",
            id: None,
            label: "system".into(),
            ip: None,
        }
    }

    pub fn anonymous(label: String, ip: Option<IpAddr>) -> Self {
        Actor {
            kind: "anonymous",
            id: None,
            label,
            ip,
        }
    }

    pub fn user(id: Uuid, username: &str, ip: Option<IpAddr>) -> Self {
        Actor {
            kind: "user",
            id: Some(id),
            label: username.to_owned(),
            ip,
        }
    }
}

impl From<&Caller> for Actor {
    fn from(caller: &Caller) -> Self {
        match &caller.identity {
            Identity::Authenticated(Principal::User { id, username, .. }) => {
                Actor::user(*id, username, caller.ip)
            }
            Identity::Authenticated(Principal::ApiKey { id, name, .. }) => Actor {
                kind: "api_key",
                id: Some(*id),
                label: name.clone(),
                ip: caller.ip,
            },
            Identity::Authenticated(Principal::Visitor { contact_id, .. }) => Actor {
                kind: "contact",
                id: Some(*contact_id),
                label: "web visitor".into(),
                ip: caller.ip,
            },
            Identity::Anonymous | Identity::Invalid(_) | Identity::Unchecked => {
                Actor::anonymous(String::new(), caller.ip)
            }
        }
    }
}

/// What happened: `action` is `<object>.<verb>` (`user.create`, `auth.login_failed`).
#[derive(Debug, Clone)]
pub struct AuditEvent {
    action: &'static str,
    target_type: Option<&'static str>,
    target_id: Option<String>,
    details: Value,
}

impl AuditEvent {
    pub fn new(action: &'static str) -> Self {
        AuditEvent {
            action,
            target_type: None,
            target_id: None,
            details: Value::Object(Default::default()),
        }
    }

    pub fn target(self, kind: &'static str, id: impl ToString) -> Self {
        self.target_opt(kind, Some(id.to_string()))
    }

    pub fn target_opt(mut self, kind: &'static str, id: Option<String>) -> Self {
        self.target_type = Some(kind);
        self.target_id = id;
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

pub struct AuditLog {
    db: Db,
    clock: SharedClock,
    live: broadcast::Sender<AuditEntry>,
    /// How often a live reader's right to the log is read again while entries flow.
    access_recheck: Duration,
}

impl AuditLog {
    pub fn new(db: Db, clock: SharedClock) -> Self {
        let (live, _) = broadcast::channel(256);
        AuditLog {
            db,
            clock,
            live,
            access_recheck: Duration::from_secs(30),
        }
    }

    pub fn with_access_recheck(mut self, every: Duration) -> Self {
        self.access_recheck = every;
        self
    }

    /// Writes the entry inside the caller's transaction; [`AuditLog::publish`] it after commit.
    pub async fn record(
        &self,
        conn: Conn<'_>,
        actor: &Actor,
        event: AuditEvent,
    ) -> Result<AuditEntry> {
        let entry = AuditRecord {
            id: Uuid::now_v7(),
            at: self.clock.now(),
            actor_kind: actor.kind.to_owned(),
            actor_id: actor.id,
            actor_label: actor.label.clone(),
            action: event.action.to_owned(),
            target_type: event.target_type.map(str::to_owned),
            target_id: event.target_id,
            ip: actor.ip.map(|ip| ip.to_string()),
            details: Json(event.details),
        };
        storage::audit::insert(conn, &entry).await?;
        Ok(entry)
    }

    /// Records the entry in `tx`, commits, and publishes it: the usual end of a service's change.
    pub async fn commit(&self, mut tx: Tx, actor: &Actor, event: AuditEvent) -> Result<()> {
        let entry = self.record(tx.conn(), actor, event).await?;
        tx.commit().await?;
        self.publish(entry);
        Ok(())
    }

    /// For events with no other change to go with (a failed login).
    pub async fn record_now(&self, actor: &Actor, event: AuditEvent) -> Result<()> {
        let mut conn = self.db.acquire().await?;
        let entry = self.record(conn.conn(), actor, event).await?;
        self.publish(entry);
        Ok(())
    }

    /// How many live readers (`auditEvents`) listen now.
    pub fn listeners(&self) -> usize {
        self.live.receiver_count()
    }

    pub fn publish(&self, entry: AuditEntry) {
        // No live subscriber is the normal case, not an error.
        let _ = self.live.send(entry);
    }

    pub async fn list(
        &self,
        caller: &Caller,
        filter: &AuditFilter,
        after: Option<Uuid>,
        first: usize,
    ) -> Result<Page<AuditEntry>> {
        caller.require(Permission::AuditRead)?;
        let mut conn = self.db.acquire().await?;
        let rows = storage::audit::list(conn.conn(), filter, after, first as i64 + 1).await?;
        Ok(Page::from_rows(rows, first))
    }

    /// Entries as they are written, for callers allowed to read the log. The caller's right is
    /// read again every `access_recheck` while entries flow, and the stream ends once it is gone
    /// (deactivated, no longer an admin, key revoked). A reader that falls too far behind skips
    /// what it missed rather than stalling writers.
    pub fn subscribe(
        &self,
        caller: &Caller,
    ) -> Result<impl Stream<Item = AuditEntry> + Send + use<>> {
        let reader = LiveReader {
            db: self.db.clone(),
            principal: caller.require(Permission::AuditRead)?.clone(),
            every: self.access_recheck,
            checked_at: Instant::now(),
        };
        let entries = BroadcastStream::new(self.live.subscribe());
        Ok(stream::unfold(
            (entries, reader),
            |(mut entries, mut reader)| async move {
                loop {
                    let Ok(entry) = entries.next().await? else {
                        continue;
                    };
                    return reader
                        .still_allowed()
                        .await
                        .then_some((entry, (entries, reader)));
                }
            },
        ))
    }
}

/// Who reads the log live, and when that was last confirmed.
struct LiveReader {
    db: Db,
    principal: Principal,
    every: Duration,
    checked_at: Instant,
}

impl LiveReader {
    async fn still_allowed(&mut self) -> bool {
        if self.checked_at.elapsed() < self.every {
            return true;
        }
        match current_principal(&self.db, &self.principal).await {
            Ok(Some(principal)) if principal.can(Permission::AuditRead) => {
                self.principal = principal;
                self.checked_at = Instant::now();
                true
            }
            Ok(_) => false,
            Err(err) => {
                tracing::warn!(%err, "cannot re-check a live audit reader; closing");
                false
            }
        }
    }
}
