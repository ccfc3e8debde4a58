//! Service-level targets per priority, as help desks know them: a first response within X, a
//! reply to each later customer message within Y, the conversation resolved within Z. Targets
//! count calendar time; the clocks stop while the conversation waits on the customer (pending,
//! snoozed), is with a bot, or is resolved. A conversation's standing is computed when read, so
//! changing a policy changes every open conversation's badge at once.

use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::auth::{Caller, Permission};
use crate::clock::SharedClock;
use crate::conversations::{Conversation, ConversationStatus, Priority};
use crate::error::{Error, Result};
use crate::storage::{self, Db};
pub use ispchat_core::sla::SlaPolicy;

/// Policies are read for every conversation shown; a short cache keeps that off the database.
/// Another node sees a change within this time.
const CACHE_FOR: StdDuration = StdDuration::from_secs(10);
/// The longest target an admin may set (a month): longer ones are mistakes of unit.
const LONGEST_TARGET_SECONDS: i64 = 30 * 24 * 3600;
/// A target is at risk in the last quarter of its time.
const AT_RISK_SHARE: f64 = 0.25;

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
#[graphql(name = "SlaTarget")]
pub enum Target {
    FirstResponse,
    NextResponse,
    Resolution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, async_graphql::Enum)]
#[graphql(name = "SlaState")]
pub enum State {
    /// No running target is close to its due time.
    OnTrack,
    /// A running target is in the last quarter of its time.
    AtRisk,
    /// A target was missed (still running, or met late).
    Breached,
}

/// One target's clock for one conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub target: Target,
    pub due_at: DateTime<Utc>,
    /// When the last quarter of the target's time begins; a client turns its badge amber then
    /// without asking again.
    pub at_risk_at: DateTime<Utc>,
    /// Still counting; a stopped clock is met or breached for good (or paused).
    pub running: bool,
    pub breached: bool,
}

/// A conversation's standing against its priority's policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub state: State,
    /// The running clock due first, the one a badge counts down to.
    pub next: Option<Clock>,
    pub clocks: Vec<Clock>,
}

/// Where `conversation` stands at `now`; `None` when its policy sets no target at all.
pub fn evaluate(
    conversation: &Conversation,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> Option<Standing> {
    use ConversationStatus::*;
    // The customer's turn or a bot's: the agents' clocks do not run.
    let agents_turn = matches!(conversation.status, Queued | Open);
    let mut clocks = Vec::new();
    if let Some(seconds) = policy.first_response_seconds {
        let due_at = conversation.created_at + Duration::seconds(seconds.into());
        let target = (Target::FirstResponse, due_at, seconds);
        clocks.push(match conversation.first_response_at {
            Some(at) => stopped(target, at),
            None => running(target, now, agents_turn),
        });
    }
    if let (Some(seconds), Some(waiting_since), Some(_)) = (
        policy.next_response_seconds,
        conversation.waiting_since,
        conversation.first_response_at,
    ) {
        let due_at = waiting_since + Duration::seconds(seconds.into());
        clocks.push(running(
            (Target::NextResponse, due_at, seconds),
            now,
            agents_turn,
        ));
    }
    if let Some(seconds) = policy.resolution_seconds {
        let due_at = conversation.created_at + Duration::seconds(seconds.into());
        let target = (Target::Resolution, due_at, seconds);
        clocks.push(match conversation.resolved_at {
            Some(at) if conversation.status == Resolved => stopped(target, at),
            _ => running(target, now, conversation.status != Bot),
        });
    }
    if clocks.is_empty() {
        return None;
    }
    let next = clocks
        .iter()
        .filter(|c| c.running)
        .min_by_key(|c| c.due_at)
        .cloned();
    let at_risk = clocks
        .iter()
        .any(|c| c.running && !c.breached && now >= c.at_risk_at);
    let state = if clocks.iter().any(|c| c.breached) {
        State::Breached
    } else if at_risk {
        State::AtRisk
    } else {
        State::OnTrack
    };
    Some(Standing {
        state,
        next,
        clocks,
    })
}

/// A target: what, when it is due, and how many seconds it allows.
type Due = (Target, DateTime<Utc>, i32);

fn stopped((target, due_at, seconds): Due, done_at: DateTime<Utc>) -> Clock {
    Clock {
        target,
        due_at,
        at_risk_at: at_risk_at(due_at, seconds),
        running: false,
        breached: done_at > due_at,
    }
}

/// A paused clock that already ran out stays breached: the customer waited too long before.
fn running((target, due_at, seconds): Due, now: DateTime<Utc>, counting: bool) -> Clock {
    Clock {
        target,
        due_at,
        at_risk_at: at_risk_at(due_at, seconds),
        running: counting,
        breached: now > due_at,
    }
}

fn at_risk_at(due_at: DateTime<Utc>, seconds: i32) -> DateTime<Utc> {
    due_at - Duration::milliseconds((f64::from(seconds) * 1000.0 * AT_RISK_SHARE) as i64)
}

/// New targets for one priority, in minutes as admins think of them; `None` clears a target.
#[derive(Debug, Clone, Default)]
pub struct PolicyInput {
    pub first_response_minutes: Option<i32>,
    pub next_response_minutes: Option<i32>,
    pub resolution_minutes: Option<i32>,
}

type Cached = Option<(Instant, Arc<Vec<SlaPolicy>>)>;

pub struct SlaService {
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
    cache: Mutex<Cached>,
}

impl SlaService {
    pub fn new(db: Db, clock: SharedClock, audit: Arc<AuditLog>) -> Self {
        SlaService {
            db,
            clock,
            audit,
            cache: Mutex::new(None),
        }
    }

    pub async fn list(&self, caller: &Caller) -> Result<Arc<Vec<SlaPolicy>>> {
        caller.require(Permission::ConversationsRead)?;
        self.policies().await
    }

    /// Where a conversation the caller already may read stands now.
    pub async fn standing(&self, conversation: &Conversation) -> Result<Option<Standing>> {
        let policies = self.policies().await?;
        let now = self.clock.now();
        Ok(policies
            .iter()
            .find(|p| p.priority == conversation.priority)
            .and_then(|policy| evaluate(conversation, policy, now)))
    }

    pub async fn set(
        &self,
        caller: &Caller,
        priority: Priority,
        input: PolicyInput,
    ) -> Result<SlaPolicy> {
        caller.require(Permission::SlaManage)?;
        let policy = SlaPolicy {
            priority,
            first_response_seconds: seconds(
                "input.firstResponseMinutes",
                input.first_response_minutes,
            )?,
            next_response_seconds: seconds(
                "input.nextResponseMinutes",
                input.next_response_minutes,
            )?,
            resolution_seconds: seconds("input.resolutionMinutes", input.resolution_minutes)?,
            updated_at: self.clock.now(),
        };
        let mut tx = self.db.begin().await?;
        storage::sla::upsert(tx.conn(), &policy).await?;
        let event = AuditEvent::new("sla_policy.update")
            .target("sla_policy", priority.as_str())
            .details(json!({
                "firstResponseSeconds": policy.first_response_seconds,
                "nextResponseSeconds": policy.next_response_seconds,
                "resolutionSeconds": policy.resolution_seconds,
            }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        self.forget();
        Ok(policy)
    }

    async fn policies(&self) -> Result<Arc<Vec<SlaPolicy>>> {
        if let Some((at, policies)) = self.lock().as_ref()
            && at.elapsed() < CACHE_FOR
        {
            return Ok(policies.clone());
        }
        let mut conn = self.db.acquire().await?;
        let policies = Arc::new(storage::sla::list(conn.conn()).await?);
        *self.lock() = Some((Instant::now(), policies.clone()));
        Ok(policies)
    }

    fn forget(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cached> {
        // A panic while holding this lock cannot leave the cache inconsistent: use it as is.
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn seconds(field: &str, minutes: Option<i32>) -> Result<Option<i32>> {
    match minutes {
        None => Ok(None),
        Some(m) if m <= 0 => Err(Error::invalid(field, "must be at least 1 minute")),
        Some(m) if i64::from(m) * 60 > LONGEST_TARGET_SECONDS => Err(Error::invalid(
            field,
            "must be at most 30 days (43200 minutes)",
        )),
        Some(m) => Ok(Some(m * 60)),
    }
}

#[cfg(test)]
mod tests;
