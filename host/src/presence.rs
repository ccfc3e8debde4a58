//! Agents' presence: whether a staff member is taking conversations (`ONLINE`), at the console
//! but not taking new ones (`AWAY`), or gone (`OFFLINE`). Routing only hands conversations to
//! `ONLINE` agents; `AWAY` and `OFFLINE` agents keep the ones they have.
//!
//! A member chooses their presence; being seen (an authenticated request, or an open console
//! WebSocket refreshing a heartbeat) keeps it. Someone not seen for the presence timeout is
//! `OFFLINE` whatever they chose, so an agent who closes the console does not stay `ONLINE`.
//! All of this lives in the database and the effective presence is computed when read, so every
//! node agrees. A member never seen is `OFFLINE`; a member seen again after a timeout gets back
//! the presence they chose (a first visit counts as choosing `ONLINE`).
//!
//! Every change of effective presence is written to `presence_changes` for reports (time online)
//! and published to `presenceEvents`. A timeout is noticed by the sweep ([`PresenceService::run`],
//! on every node; the first to mark a row records it).

mod feed;
mod sweep;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::auth::Caller;
use crate::clock::SharedClock;
use crate::error::{Error, Result};
use crate::storage::presence::PresenceRecord;
use crate::storage::{self, Conn, Db};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
pub enum Presence {
    Online,
    Away,
    Offline,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Online => "online",
            Presence::Away => "away",
            Presence::Offline => "offline",
        }
    }

    fn parse(text: &str) -> Result<Presence> {
        match text {
            "online" => Ok(Presence::Online),
            "away" => Ok(Presence::Away),
            "offline" => Ok(Presence::Offline),
            other => Err(Error::internal(format!(
                "unknown presence {other:?} in storage"
            ))),
        }
    }
}

/// A member's effective presence now, and since when it holds (`None`: never seen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresenceState {
    pub presence: Presence,
    pub since: Option<DateTime<Utc>>,
}

/// What a stored row means at `now`: the chosen presence, unless the member has not been seen
/// for `timeout`, in which case they went `OFFLINE` when the timeout ran out.
pub fn effective(
    record: Option<&PresenceRecord>,
    now: DateTime<Utc>,
    timeout: chrono::Duration,
) -> Result<PresenceState> {
    let Some(record) = record else {
        return Ok(PresenceState {
            presence: Presence::Offline,
            since: None,
        });
    };
    let chosen = Presence::parse(&record.presence)?;
    let expires = record.last_seen_at + timeout;
    if chosen != Presence::Offline && expires < now {
        return Ok(PresenceState {
            presence: Presence::Offline,
            since: Some(expires.max(record.since)),
        });
    }
    Ok(PresenceState {
        presence: chosen,
        since: Some(record.since),
    })
}

/// A change of someone's effective presence, as `presenceEvents` sends it.
#[derive(Debug, Clone)]
pub struct PresenceEvent {
    pub user_id: Uuid,
    pub presence: Presence,
    pub since: DateTime<Utc>,
    /// The member's teams when it happened: who may see the event.
    pub team_ids: Vec<Uuid>,
}

/// Why the presence changed, as stored in `presence_changes.reason`.
#[derive(Debug, Clone, Copy)]
enum Reason {
    Chosen,
    Timeout,
    Returned,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Reason::Chosen => "chosen",
            Reason::Timeout => "timeout",
            Reason::Returned => "returned",
        }
    }
}

/// Events a slow subscriber may fall behind before it skips some (it reloads on reconnect).
const EVENT_CAPACITY: usize = 1024;

pub struct PresenceService {
    db: Db,
    clock: SharedClock,
    timeout: chrono::Duration,
    beat_every: Duration,
    events: broadcast::Sender<Arc<PresenceEvent>>,
    /// When this node last wrote each member's heartbeat: requests in between skip the database.
    last_written: Mutex<HashMap<Uuid, DateTime<Utc>>>,
}

impl PresenceService {
    /// `every`: how often background work runs (sweeps and WebSocket beats), at most a third
    /// of the timeout.
    pub fn new(db: Db, clock: SharedClock, timeout: Duration, every: Duration) -> Self {
        let (events, _) = broadcast::channel(EVENT_CAPACITY);
        PresenceService {
            db,
            clock,
            timeout: chrono::Duration::from_std(timeout).unwrap_or(chrono::Duration::seconds(90)),
            beat_every: every.min(timeout / 3),
            events,
            last_written: Mutex::new(HashMap::new()),
        }
    }

    /// How many `presenceEvents` subscriptions listen now.
    pub fn listeners(&self) -> usize {
        self.events.receiver_count()
    }

    /// How often an open console WebSocket beats: often enough to write each
    /// [`Self::write_interval`] (beats in between cost no database work).
    pub fn heartbeat_interval(&self) -> Duration {
        self.beat_every
    }

    /// Heartbeats closer together than this are not written: a third of the timeout leaves two
    /// chances before it runs out.
    fn write_interval(&self) -> chrono::Duration {
        self.timeout / 3
    }

    /// Sets the signed-in member's presence. Not an audit entry: presence says whether someone is
    /// at work, not who may do what, and it flips many times a day; `presence_changes` keeps it
    /// for reports.
    pub async fn set(&self, caller: &Caller, presence: Presence) -> Result<PresenceState> {
        let user_id = caller.require_user()?;
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let record = storage::presence::find_for_update(tx.conn(), user_id).await?;
        let before = effective(record.as_ref(), now, self.timeout)?;
        let unchanged = before.presence == presence
            && record
                .as_ref()
                .is_some_and(|r| r.presence == presence.as_str());
        let since = match (&record, unchanged) {
            (Some(r), true) => r.since,
            _ => now,
        };
        if let Some(r) = &record {
            self.record_timeout_if_missed(tx.conn(), r, now).await?;
        }
        storage::presence::upsert(
            tx.conn(),
            &PresenceRecord {
                user_id,
                presence: presence.as_str().to_owned(),
                since,
                last_seen_at: now,
                timed_out: false,
            },
        )
        .await?;
        let changed = before.presence != presence;
        if changed {
            storage::presence::record_change(
                tx.conn(),
                user_id,
                presence.as_str(),
                Reason::Chosen.as_str(),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        self.wrote(user_id, now);
        if changed {
            self.publish(user_id, presence, since).await;
        }
        Ok(PresenceState {
            presence,
            since: Some(since),
        })
    }

    /// The member was seen now. Cheap when called on every request: at most one write per
    /// [`Self::write_interval`] per node.
    pub async fn heartbeat(&self, user_id: Uuid) -> Result<()> {
        let now = self.clock.now();
        let recent = self
            .last_written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&user_id)
            .is_some_and(|at| now - *at < self.write_interval() && *at <= now);
        if recent {
            return Ok(());
        }
        let mut conn = self.db.acquire().await?;
        let record = storage::presence::find(conn.conn(), user_id).await?;
        drop(conn);
        let still_present = record.as_ref().is_some_and(|r| {
            effective(Some(r), now, self.timeout).is_ok_and(|s| s.presence != Presence::Offline)
                || r.presence == Presence::Offline.as_str()
        });
        if still_present {
            let mut conn = self.db.writer().await?;
            storage::presence::touch(conn.conn(), user_id, now).await?;
        } else {
            self.returned(user_id, now).await?;
        }
        self.wrote(user_id, now);
        Ok(())
    }

    /// [`Self::heartbeat`] for callers that must not fail because of it (a request, a login):
    /// a failure only costs the heartbeat, and is logged.
    pub async fn seen(&self, user_id: Uuid) {
        if let Err(err) = self.heartbeat(user_id).await {
            tracing::warn!(%err, "cannot record a presence heartbeat");
        }
    }

    /// A member seen for the first time, or again after a timeout: back to what they chose.
    async fn returned(&self, user_id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.db.begin().await?;
        let record = storage::presence::find_for_update(tx.conn(), user_id).await?;
        let before = effective(record.as_ref(), now, self.timeout)?;
        let chosen = match &record {
            Some(r) => Presence::parse(&r.presence)?,
            None => Presence::Online,
        };
        if let Some(r) = &record {
            self.record_timeout_if_missed(tx.conn(), r, now).await?;
        }
        let changed = before.presence != chosen;
        let since = match &record {
            Some(r) if !changed => r.since,
            _ => now,
        };
        storage::presence::upsert(
            tx.conn(),
            &PresenceRecord {
                user_id,
                presence: chosen.as_str().to_owned(),
                since,
                last_seen_at: now,
                timed_out: false,
            },
        )
        .await?;
        if changed {
            storage::presence::record_change(
                tx.conn(),
                user_id,
                chosen.as_str(),
                Reason::Returned.as_str(),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        if changed {
            self.publish(user_id, chosen, since).await;
        }
        Ok(())
    }

    /// A timeout the sweep has not recorded yet is recorded before the change that ends it, so
    /// the history never skips an `OFFLINE` period.
    async fn record_timeout_if_missed(
        &self,
        conn: Conn<'_>,
        record: &PresenceRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let expires = record.last_seen_at + self.timeout;
        if record.presence != Presence::Offline.as_str() && !record.timed_out && expires < now {
            storage::presence::record_change(
                conn,
                record.user_id,
                Presence::Offline.as_str(),
                Reason::Timeout.as_str(),
                expires,
            )
            .await?;
        }
        Ok(())
    }

    fn wrote(&self, user_id: Uuid, at: DateTime<Utc>) {
        self.last_written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(user_id, at);
    }

    /// A member's effective presence; visible to whoever may see the member.
    pub async fn of(&self, user_id: Uuid) -> Result<PresenceState> {
        let mut conn = self.db.acquire().await?;
        let record = storage::presence::find(conn.conn(), user_id).await?;
        effective(record.as_ref(), self.clock.now(), self.timeout)
    }

    pub async fn of_many(&self, users: &[Uuid]) -> Result<HashMap<Uuid, PresenceState>> {
        let mut conn = self.db.acquire().await?;
        let records = storage::presence::find_many(conn.conn(), users).await?;
        let now = self.clock.now();
        let by_user: HashMap<Uuid, &PresenceRecord> =
            records.iter().map(|r| (r.user_id, r)).collect();
        users
            .iter()
            .map(|id| Ok((*id, effective(by_user.get(id).copied(), now, self.timeout)?)))
            .collect()
    }

    /// Those of `users` who are `ONLINE` now: the only ones routing may give conversations to.
    pub async fn online_among(&self, users: &[Uuid]) -> Result<Vec<Uuid>> {
        let states = self.of_many(users).await?;
        Ok(users
            .iter()
            .copied()
            .filter(|id| {
                states
                    .get(id)
                    .is_some_and(|s| s.presence == Presence::Online)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(presence: &str, since: DateTime<Utc>, seen: DateTime<Utc>) -> PresenceRecord {
        PresenceRecord {
            user_id: Uuid::nil(),
            presence: presence.into(),
            since,
            last_seen_at: seen,
            timed_out: false,
        }
    }

    #[test]
    fn a_member_never_seen_is_offline() {
        let now = Utc::now();
        let state = effective(None, now, chrono::Duration::seconds(90)).ok();
        assert_eq!(
            state,
            Some(PresenceState {
                presence: Presence::Offline,
                since: None
            })
        );
    }

    #[test]
    fn the_chosen_presence_holds_until_the_timeout_runs_out() {
        let timeout = chrono::Duration::seconds(90);
        let t0 = Utc::now();
        let away = record("away", t0, t0 + chrono::Duration::seconds(30));
        let at = |secs| effective(Some(&away), t0 + chrono::Duration::seconds(secs), timeout).ok();
        assert_eq!(at(120).map(|s| s.presence), Some(Presence::Away));
        let gone = at(121);
        assert_eq!(gone.map(|s| s.presence), Some(Presence::Offline));
        assert_eq!(
            gone.and_then(|s| s.since),
            Some(t0 + chrono::Duration::seconds(120))
        );
        let offline = record("offline", t0, t0);
        assert_eq!(
            effective(Some(&offline), t0 + timeout * 10, timeout)
                .ok()
                .and_then(|s| s.since),
            Some(t0)
        );
    }
}
