//! The status workflow, assignment, transfer, priority and labels.
//!
//! Status rules: `bot` is entered only by new conversations of an inbox with an enabled bot;
//! `open` and `pending` need an assignee; `snoozed` needs a future time and wakes up (to `open`,
//! or `queued` without an assignee) when it passes or the customer writes; `resolved` is left
//! only by reopening, to `open` or `queued`.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    Change, Conversation, ConversationService, ConversationStatus, EventActor, EventDetails,
    EventKind, Priority, actor,
};
use crate::auth::Caller;
use crate::error::{Error, Reason, Result};
use crate::labels::normalize_label;
use crate::storage;
use crate::users::UserStatus;

use ConversationStatus::*;

const MAX_LABELS: usize = 20;

/// How far ahead a conversation may be snoozed.
pub const MAX_SNOOZE_DAYS: i64 = 366;

/// What else a status change takes, once [`transition`] allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transition {
    AsIs,
    /// Open needs an agent: the caller takes the conversation.
    AssignFirst,
    /// Back to the queue: the conversation leaves its agent.
    Unassign,
}

/// Whether a conversation may move from `from` to `to`, decided on its own (no storage, no
/// caller): a bot's status is the bot plugin's to give; waiting for the customer needs an agent
/// and an open or snoozed conversation; a snooze ends in the future, within a year, and a
/// resolved conversation is reopened rather than snoozed; only a snooze has an end.
pub(crate) fn transition(
    from: ConversationStatus,
    to: ConversationStatus,
    assigned: bool,
    snoozed_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Transition> {
    if to != Snoozed && snoozed_until.is_some() {
        return Err(Error::invalid("snoozedUntil", "is only for SNOOZED"));
    }
    match to {
        Bot => Err(Error::invalid(
            "status",
            "only a bot plugin hands a conversation to a bot",
        )),
        _ if to == from && to != Snoozed => Err(Error::refused(
            Reason::StatusUnchanged,
            "status",
            format!("the conversation is already {}", from.as_str()),
        )),
        Open if !assigned => Ok(Transition::AssignFirst),
        Pending if !matches!(from, Open | Snoozed) || !assigned => Err(Error::invalid(
            "status",
            "only an assigned open or snoozed conversation can wait for the customer",
        )),
        Snoozed if from == Resolved => Err(Error::invalid(
            "status",
            "a resolved conversation cannot be snoozed; reopen it first",
        )),
        Snoozed => match snoozed_until {
            // A snooze is a reminder, not an archive: a year at most.
            Some(until) if until > now + chrono::Duration::days(MAX_SNOOZE_DAYS) => {
                Err(Error::refused(
                    Reason::SnoozeTooLong,
                    "snoozedUntil",
                    format!("must be within {MAX_SNOOZE_DAYS} days"),
                )
                .with_bound(MAX_SNOOZE_DAYS.unsigned_abs()))
            }
            Some(until) if until > now => Ok(Transition::AsIs),
            Some(_) => Err(Error::refused(
                Reason::SnoozeInPast,
                "snoozedUntil",
                "must be in the future",
            )),
            None => Err(Error::invalid("snoozedUntil", "is required to snooze")),
        },
        Queued if assigned => Ok(Transition::Unassign),
        Open | Pending | Queued | Resolved => Ok(Transition::AsIs),
    }
}

impl ConversationService {
    /// Moves a conversation to `to`; `snoozed_until` is required for (and only for) `Snoozed`,
    /// and at most [`MAX_SNOOZE_DAYS`] ahead.
    pub async fn set_status(
        &self,
        caller: &Caller,
        id: Uuid,
        to: ConversationStatus,
        snoozed_until: Option<DateTime<Utc>>,
    ) -> Result<Conversation> {
        let scope = self.write_scope(caller).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let conversation = self.lock_visible(&mut tx, &scope, id).await?;
        let from = conversation.status;
        let assigned = conversation.assignee_id.is_some();
        let mut change = Change::new(conversation);
        match transition(from, to, assigned, snoozed_until, now)? {
            Transition::AsIs => {}
            Transition::AssignFirst => {
                let Some(me) = caller.principal()?.user_id() else {
                    return Err(Error::invalid("status", "assign the conversation first"));
                };
                assign(&mut change, Some(me), now);
            }
            Transition::Unassign => assign(&mut change, None, now),
        }
        set_status(&mut change, to, now);
        change.conversation.snoozed_until = snoozed_until;
        if let Some((_, _, details)) = change.events.last_mut() {
            details.snoozed_until = snoozed_until;
        }
        self.commit(tx, change, actor(caller)).await
    }

    /// Back from resolved: to its agent if it has one, else to its team's queue.
    pub async fn reopen(&self, caller: &Caller, id: Uuid) -> Result<Conversation> {
        let scope = self.write_scope(caller).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let conversation = self.lock_visible(&mut tx, &scope, id).await?;
        if conversation.status != Resolved {
            return Err(Error::refused(
                Reason::NotResolved,
                "conversationId",
                "only a resolved conversation can be reopened",
            ));
        }
        let mut change = Change::new(conversation);
        self.wake(&mut change, now);
        self.commit(tx, change, actor(caller)).await
    }

    /// `agent_id: None` unassigns: the conversation goes back to its team's queue.
    pub async fn assign(
        &self,
        caller: &Caller,
        id: Uuid,
        agent_id: Option<Uuid>,
    ) -> Result<Conversation> {
        let scope = self.write_scope(caller).await?;
        let mut tx = self.db.begin().await?;
        if let Some(agent) = agent_id {
            require_active_user(&mut tx, "agentId", agent).await?;
        }
        let conversation = self.lock_visible(&mut tx, &scope, id).await?;
        let mut change = Change::new(conversation);
        assign(&mut change, agent_id, self.now());
        self.commit(tx, change, actor(caller)).await
    }

    /// Assignment on behalf of the router or the system: no caller to check.
    pub(super) async fn assign_as(
        &self,
        id: Uuid,
        agent_id: Option<Uuid>,
        actor: EventActor,
    ) -> Result<Conversation> {
        let mut tx = self.db.begin().await?;
        if let Some(agent) = agent_id {
            require_active_user(&mut tx, "agentId", agent).await?;
        }
        let conversation = storage::conversations::find_for_update(tx.conn(), id)
            .await?
            .ok_or(Error::NotFound("conversation"))?;
        let mut change = Change::new(conversation);
        assign(&mut change, agent_id, self.now());
        self.commit(tx, change, actor).await
    }

    /// Hands a conversation to another agent, another team, or both, with a note for them.
    /// Without an agent it waits in the (new) team's queue.
    pub async fn transfer(
        &self,
        caller: &Caller,
        id: Uuid,
        to_agent: Option<Uuid>,
        to_team: Option<Uuid>,
        note: Option<&str>,
    ) -> Result<Conversation> {
        if to_agent.is_none() && to_team.is_none() {
            return Err(Error::invalid(
                "toTeamId",
                "give toAgentId, toTeamId or both",
            ));
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if note.is_some_and(|n| n.chars().count() > 1000) {
            return Err(Error::invalid(
                "note",
                "must be at most 1000 characters long",
            ));
        }
        let scope = self.write_scope(caller).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        if let Some(team) = to_team
            && storage::teams::find_by_id(tx.conn(), team).await?.is_none()
        {
            return Err(Error::invalid("toTeamId", "no such team"));
        }
        if let Some(agent) = to_agent {
            require_active_user(&mut tx, "toAgentId", agent).await?;
        }
        let conversation = self.lock_visible(&mut tx, &scope, id).await?;
        if conversation.status == Resolved {
            return Err(Error::invalid(
                "conversationId",
                "a resolved conversation cannot be transferred; reopen it first",
            ));
        }
        let mut change = Change::new(conversation);
        let details = EventDetails {
            previous_team_id: change.conversation.team_id,
            previous_assignee_id: change.conversation.assignee_id,
            team_id: to_team.or(change.conversation.team_id),
            assignee_id: to_agent,
            note: note.map(str::to_owned),
            ..Default::default()
        };
        if let Some(team) = to_team {
            change.conversation.team_id = Some(team);
        }
        change.conversation.assignee_id = to_agent;
        change.event(EventKind::Transferred, None, details);
        match to_agent {
            Some(_) if matches!(change.conversation.status, Queued | Bot) => {
                set_status(&mut change, Open, now);
            }
            Some(_) => {}
            None => {
                change.conversation.queued_at = Some(now);
                if change.conversation.status != Queued {
                    set_status(&mut change, Queued, now);
                }
            }
        }
        self.commit(tx, change, actor(caller)).await
    }

    pub async fn set_priority(
        &self,
        caller: &Caller,
        id: Uuid,
        priority: Priority,
    ) -> Result<Conversation> {
        let scope = self.write_scope(caller).await?;
        let mut tx = self.db.begin().await?;
        let conversation = self.lock_visible(&mut tx, &scope, id).await?;
        let mut change = Change::new(conversation);
        change.conversation.priority = priority;
        let details = EventDetails {
            priority: Some(priority),
            ..Default::default()
        };
        change.event(EventKind::PriorityChanged, None, details);
        self.commit(tx, change, actor(caller)).await
    }

    /// Replaces the conversation's labels.
    pub async fn set_labels(
        &self,
        caller: &Caller,
        id: Uuid,
        labels: &[String],
    ) -> Result<Conversation> {
        let mut normalized = labels
            .iter()
            .map(|label| normalize_label("labels", label))
            .collect::<Result<Vec<_>>>()?;
        normalized.sort();
        normalized.dedup();
        if normalized.len() > MAX_LABELS {
            return Err(Error::invalid("labels", "at most 20 labels"));
        }
        let scope = self.write_scope(caller).await?;
        let mut tx = self.db.begin().await?;
        let conversation = self.lock_visible(&mut tx, &scope, id).await?;
        for label in &normalized {
            if storage::labels::find(tx.conn(), label).await?.is_none() {
                return Err(Error::refused(
                    Reason::UnknownLabel,
                    "labels",
                    format!("there is no label {label:?}; an admin or supervisor creates labels"),
                ));
            }
        }
        storage::conversations::set_labels(tx.conn(), id, &normalized).await?;
        let mut change = Change::new(conversation);
        let details = EventDetails {
            labels: Some(normalized),
            ..Default::default()
        };
        change.event(EventKind::LabelsChanged, None, details);
        self.commit(tx, change, actor(caller)).await
    }

    /// Wakes the snoozed conversations whose time has come; run periodically. Returns how many.
    pub async fn wake_snoozed(&self) -> Result<usize> {
        let now = self.now();
        let due = {
            let mut conn = self.db.acquire().await?;
            storage::conversations::due_snoozed(conn.conn(), now).await?
        };
        let mut woken = 0;
        for id in due {
            let mut tx = self.db.begin().await?;
            let Some(conversation) = storage::conversations::find_for_update(tx.conn(), id).await?
            else {
                continue;
            };
            // Someone may have changed it since the scan.
            if conversation.status != Snoozed
                || conversation.snoozed_until.is_none_or(|until| until > now)
            {
                continue;
            }
            let mut change = Change::new(conversation);
            self.wake(&mut change, now);
            self.commit(tx, change, EventActor::System).await?;
            woken += 1;
        }
        Ok(woken)
    }

    /// Back to work: to the assignee if any, else to the team's queue.
    pub(super) fn wake(&self, change: &mut Change, now: DateTime<Utc>) {
        let to = if change.conversation.assignee_id.is_some() {
            Open
        } else {
            Queued
        };
        set_status(change, to, now);
    }
}

/// Records a status change and keeps the timestamps that go with each status right.
pub(super) fn set_status(change: &mut Change, to: ConversationStatus, now: DateTime<Utc>) {
    let conversation = &mut change.conversation;
    let from = conversation.status;
    conversation.status = to;
    conversation.snoozed_until = None;
    // Queue age counts from entering the queue; both stamps exist only while they are true.
    conversation.queued_at = match to {
        Queued if from == Queued => conversation.queued_at,
        Queued => Some(now),
        _ => None,
    };
    conversation.resolved_at = (to == Resolved).then_some(now);
    let details = EventDetails {
        status: Some(to),
        previous_status: Some(from),
        ..Default::default()
    };
    change.event(EventKind::StatusChanged, None, details);
}

/// Sets the assignee; taking a waiting conversation opens it, dropping an active one queues it.
fn assign(change: &mut Change, agent_id: Option<Uuid>, now: DateTime<Utc>) {
    let previous = change.conversation.assignee_id;
    if previous == agent_id {
        return;
    }
    change.conversation.assignee_id = agent_id;
    let details = EventDetails {
        assignee_id: agent_id,
        previous_assignee_id: previous,
        ..Default::default()
    };
    change.event(EventKind::Assigned, None, details);
    let status = change.conversation.status;
    match agent_id {
        Some(_) if matches!(status, Queued | Bot) => set_status(change, Open, now),
        None if matches!(status, Open | Pending) => set_status(change, Queued, now),
        _ => {}
    }
}

pub(super) fn take(change: &mut Change, agent_id: Uuid, now: DateTime<Utc>) {
    assign(change, Some(agent_id), now);
}

async fn require_active_user(tx: &mut storage::Tx, field: &str, id: Uuid) -> Result<()> {
    let user = storage::users::find_by_id(tx.conn(), id).await?;
    match user {
        Some(user) if user.status == UserStatus::Active.as_str() => Ok(()),
        Some(_) => Err(Error::invalid(field, "this user is deactivated")),
        None => Err(Error::invalid(field, "no such user")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    fn days(n: i64) -> Option<DateTime<Utc>> {
        Some(now() + chrono::Duration::days(n))
    }

    fn refused(result: Result<Transition>) -> (Option<String>, Option<Reason>) {
        let err = result.expect_err("expected a refusal");
        (err.field().map(str::to_owned), err.reason())
    }

    #[test]
    fn the_allowed_moves_say_what_else_they_take() {
        for (from, to, assigned, until, expected) in [
            (Queued, Open, false, None, Transition::AssignFirst),
            (Queued, Open, true, None, Transition::AsIs),
            (Open, Queued, true, None, Transition::Unassign),
            (Open, Queued, false, None, Transition::AsIs),
            (Open, Pending, true, None, Transition::AsIs),
            (Snoozed, Pending, true, None, Transition::AsIs),
            (Open, Snoozed, true, days(3), Transition::AsIs),
            // Snoozing again moves the alarm.
            (Snoozed, Snoozed, true, days(1), Transition::AsIs),
            (Open, Resolved, true, None, Transition::AsIs),
            (Resolved, Queued, false, None, Transition::AsIs),
        ] {
            assert_eq!(
                transition(from, to, assigned, until, now()).ok(),
                Some(expected),
                "{from:?} → {to:?} (assigned: {assigned})"
            );
        }
    }

    #[test]
    fn the_refused_moves_name_the_field_and_the_rule() {
        let status = Some("status".to_owned());
        let until = Some("snoozedUntil".to_owned());
        assert_eq!(
            refused(transition(Open, Open, true, None, now())),
            (status.clone(), Some(Reason::StatusUnchanged))
        );
        assert_eq!(
            refused(transition(Open, Bot, true, None, now())),
            (status.clone(), None)
        );
        for (from, assigned) in [(Queued, false), (Open, false), (Resolved, true)] {
            assert_eq!(
                refused(transition(from, Pending, assigned, None, now())),
                (status.clone(), None),
                "{from:?} → Pending (assigned: {assigned})"
            );
        }
        assert_eq!(
            refused(transition(Resolved, Snoozed, true, days(1), now())),
            (status, None)
        );
        assert_eq!(
            refused(transition(Open, Snoozed, true, days(-1), now())),
            (until.clone(), Some(Reason::SnoozeInPast))
        );
        let too_long = transition(Open, Snoozed, true, days(MAX_SNOOZE_DAYS + 1), now());
        assert_eq!(
            too_long.as_ref().err().and_then(Error::bound),
            Some(MAX_SNOOZE_DAYS.unsigned_abs())
        );
        assert_eq!(
            refused(too_long),
            (until.clone(), Some(Reason::SnoozeTooLong))
        );
        assert!(transition(Open, Snoozed, true, days(MAX_SNOOZE_DAYS), now()).is_ok());
        assert_eq!(
            refused(transition(Open, Snoozed, true, None, now())),
            (until.clone(), None)
        );
        assert_eq!(
            refused(transition(Open, Resolved, true, days(1), now())),
            (until, None)
        );
    }
}
