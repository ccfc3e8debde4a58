//! Team queues: conversations without an agent wait in their team's queue, most urgent first,
//! then oldest; an agent claims the next one.

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use uuid::Uuid;

use super::workflow::take;
use super::{Change, Conversation, ConversationService, ReadScope, actor};
use crate::auth::{Caller, Permission};
use crate::error::{Error, Reason, Result};
use crate::storage;

#[derive(Debug, Clone, PartialEq)]
pub struct QueueStats {
    /// `None`: conversations of inboxes without a team.
    pub team_id: Option<Uuid>,
    pub length: usize,
    pub oldest_queued_at: Option<DateTime<Utc>>,
    pub longest_wait_secs: i64,
    pub average_wait_secs: i64,
}

impl ConversationService {
    /// Assigns the caller the next conversation of `team_id`'s queue (or of any queue they
    /// serve) and opens it. `None` when there is nothing waiting.
    pub async fn claim_next(
        &self,
        caller: &Caller,
        team_id: Option<Uuid>,
    ) -> Result<Option<Conversation>> {
        caller.require(Permission::ConversationsWrite)?;
        let me = caller.require_user()?;
        let scope = self.read_scope(caller).await?;
        let single;
        let (teams, include_teamless) = match (&scope, team_id) {
            (ReadScope::Teams { team_ids, .. }, Some(team)) if !team_ids.contains(&team) => {
                return Err(Error::refused_request(
                    Reason::NotTeamMember,
                    "you are not a member of this team",
                ));
            }
            (_, Some(team)) => {
                single = [team];
                (Some(&single[..]), false)
            }
            (ReadScope::Teams { team_ids, .. }, None) => (Some(&team_ids[..]), true),
            (ReadScope::All, None) => (None, true),
        };
        let mut tx = self.db.begin().await?;
        let Some(conversation) =
            storage::conversations::next_in_queue(tx.conn(), teams, include_teamless).await?
        else {
            return Ok(None);
        };
        let mut change = Change::new(conversation);
        take(&mut change, me, self.now());
        self.commit(tx, change, actor(caller)).await.map(Some)
    }

    /// One entry per queue the caller may see that has someone waiting.
    pub async fn queue_stats(&self, caller: &Caller) -> Result<Vec<QueueStats>> {
        let scope = self.read_scope(caller).await?;
        let now = self.now();
        let rows = {
            let mut conn = self.db.acquire().await?;
            storage::conversations::queued(conn.conn()).await?
        };
        Ok(summarize_queues(rows, now, |team| scope.allows(team, None)))
    }
}

/// One entry per queue of `queued` (`(team, queued since)` rows) that `keep` accepts.
pub fn summarize_queues(
    queued: Vec<(Option<Uuid>, Option<DateTime<Utc>>)>,
    now: DateTime<Utc>,
    keep: impl Fn(Option<Uuid>) -> bool,
) -> Vec<QueueStats> {
    let mut queues: BTreeMap<Option<Uuid>, Vec<DateTime<Utc>>> = BTreeMap::new();
    for (team_id, queued_at) in queued {
        if keep(team_id) {
            queues
                .entry(team_id)
                .or_default()
                .push(queued_at.unwrap_or(now));
        }
    }
    queues
        .into_iter()
        .map(|(team_id, since)| {
            let waits: Vec<i64> = since
                .iter()
                .map(|at| (now - *at).num_seconds().max(0))
                .collect();
            QueueStats {
                team_id,
                length: since.len(),
                oldest_queued_at: since.iter().min().copied(),
                longest_wait_secs: waits.iter().copied().max().unwrap_or(0),
                average_wait_secs: waits.iter().sum::<i64>() / waits.len().max(1) as i64,
            }
        })
        .collect()
}
