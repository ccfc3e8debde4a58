//! The pipeline's background worker: leases due jobs (so two workers or nodes never run the same
//! job at once, and a dead worker's lease lapses), runs each conversation's in order and
//! different conversations' at the same time, deletes each when done and retries a failed one
//! with backoff. Woken as soon as a job is committed, when a job ends, and every `every` for
//! retries and jobs left by a previous run.
//!
//! Jobs are leased continuously, not batch after batch: a batch with one slow job (a bot that
//! takes most of its deadline) used to hold back every job leased after it. And an inbox may
//! have at most [`PER_INBOX`] jobs running here: past that its jobs wait in the table, so one
//! inbox whose plugins are slow, or flooded, cannot take every place from the others.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::Pipeline;
use crate::error::Result;
use crate::storage;
use crate::storage::plugin_jobs::{JobRecord, LeasedJob};

/// Jobs leased at once.
const BATCH: i64 = 16;
/// Jobs running (or waiting behind their conversation's) on this node at once.
const IN_FLIGHT: usize = 128;
/// Jobs of one inbox running on this node at once (a lease may overshoot it by one batch).
const PER_INBOX: usize = 8;
/// Longer than any job takes (a few plugin calls, each bounded by its deadline and its wait).
const LEASE: Duration = Duration::from_secs(120);
/// How long a stopping worker lets its running jobs finish.
const DRAIN: Duration = Duration::from_secs(10);

/// The jobs this worker holds: each conversation's queue (the first is running), and counts.
#[derive(Default)]
struct InFlight {
    conversations: HashMap<Uuid, VecDeque<(JobRecord, Uuid)>>,
    per_inbox: HashMap<Uuid, usize>,
    jobs: HashSet<Uuid>,
}

impl InFlight {
    fn saturated_inboxes(&self) -> Vec<Uuid> {
        self.per_inbox
            .iter()
            .filter(|(_, n)| **n >= PER_INBOX)
            .map(|(inbox, _)| *inbox)
            .collect()
    }

    /// Takes a leased job; `true` when its conversation had none running (start a runner).
    fn add(&mut self, job: JobRecord, inbox: Uuid) -> bool {
        if !self.jobs.insert(job.id) {
            // Still running here from an earlier lease that lapsed: not twice.
            return false;
        }
        *self.per_inbox.entry(inbox).or_default() += 1;
        let queue = self.conversations.entry(job.conversation_id).or_default();
        queue.push_back((job, inbox));
        queue.len() == 1
    }

    /// The conversation's job that runs next, if any.
    fn front(&self, conversation: Uuid) -> Option<JobRecord> {
        self.conversations
            .get(&conversation)
            .and_then(|q| q.front())
            .map(|(job, _)| job.clone())
    }

    /// Drops the conversation's finished job; `true` while more of its jobs wait.
    fn finish(&mut self, conversation: Uuid) -> bool {
        let Some(queue) = self.conversations.get_mut(&conversation) else {
            return false;
        };
        if let Some((job, inbox)) = queue.pop_front() {
            self.jobs.remove(&job.id);
            if let Some(n) = self.per_inbox.get_mut(&inbox) {
                *n -= 1;
                if *n == 0 {
                    self.per_inbox.remove(&inbox);
                }
            }
        }
        if queue.is_empty() {
            self.conversations.remove(&conversation);
            false
        } else {
            true
        }
    }
}

impl Pipeline {
    pub async fn run(
        self: Arc<Self>,
        every: Duration,
        ready: Arc<Notify>,
        shutdown: CancellationToken,
    ) {
        let in_flight = Arc::new(Mutex::new(InFlight::default()));
        let ended = Arc::new(Notify::new());
        let mut runners = JoinSet::new();
        loop {
            while runners.try_join_next().is_some() {}
            let started = match self.lease(&in_flight).await {
                Ok(started) => {
                    for conversation in &started {
                        runners.spawn(self.clone().run_conversation(
                            *conversation,
                            in_flight.clone(),
                            ended.clone(),
                        ));
                    }
                    started.len()
                }
                Err(err) => {
                    tracing::warn!(%err, "cannot lease plugin jobs");
                    0
                }
            };
            if started > 0 {
                continue;
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = ready.notified() => {}
                _ = ended.notified() => {}
                _ = tokio::time::sleep(every) => {}
            }
        }
        // Running jobs finish (bounded); the rest stay leased and run after their lease lapses.
        let drained = tokio::time::timeout(DRAIN, async {
            while runners.join_next().await.is_some() {}
        });
        if drained.await.is_err() {
            tracing::warn!("plugin jobs still running at shutdown; they will be retried");
        }
    }

    /// Leases what fits; returns the conversations whose runner must start.
    async fn lease(&self, in_flight: &Mutex<InFlight>) -> Result<Vec<Uuid>> {
        let (room, saturated) = {
            let state = in_flight.lock().unwrap_or_else(PoisonError::into_inner);
            (
                IN_FLIGHT.saturating_sub(state.jobs.len()),
                state.saturated_inboxes(),
            )
        };
        if room == 0 {
            return Ok(Vec::new());
        }
        let now = self.clock.now();
        let lease_until = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
        let limit = BATCH.min(i64::try_from(room).unwrap_or(BATCH));
        let jobs = {
            let mut conn = self.db.writer().await?;
            storage::plugin_jobs::lease_due(conn.conn(), now, lease_until, limit, &saturated)
                .await?
        };
        let mut state = in_flight.lock().unwrap_or_else(PoisonError::into_inner);
        let mut start = Vec::new();
        for LeasedJob { job, inbox_id } in jobs {
            let conversation = job.conversation_id;
            if state.add(job, inbox_id.unwrap_or(Uuid::nil())) {
                start.push(conversation);
            }
        }
        Ok(start)
    }

    /// Runs a conversation's jobs one after another until none is left.
    async fn run_conversation(
        self: Arc<Self>,
        conversation: Uuid,
        in_flight: Arc<Mutex<InFlight>>,
        ended: Arc<Notify>,
    ) {
        loop {
            let job = in_flight
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .front(conversation);
            let Some(job) = job else { break };
            if let Err(err) = self.run_job(&job).await {
                // The lease lapses and the job is retried.
                tracing::warn!(job = %job.id, %err, "cannot settle a plugin job");
            }
            let more = in_flight
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .finish(conversation);
            ended.notify_one();
            if !more {
                break;
            }
        }
    }

    /// Runs one leased job, then deletes it, or schedules a retry when it failed.
    async fn run_job(&self, job: &JobRecord) -> Result<()> {
        let started = std::time::Instant::now();
        let outcome = self.process(job).await;
        // Time in the plugins and the stores they lead to, without the lease or delete.
        metrics::histogram!("ispchat_pipeline_job_seconds", "outcome" => if outcome.is_ok() { "ok" } else { "error" })
            .record(started.elapsed().as_secs_f64());
        let mut conn = self.db.writer().await?;
        match outcome {
            Ok(()) => storage::plugin_jobs::delete(conn.conn(), job.id).await?,
            Err(err) => {
                let attempts = u32::try_from(job.attempts).unwrap_or(0) + 1;
                tracing::warn!(job = %job.id, message = %job.message_id, attempts, %err, "plugin job failed; will retry");
                let backoff = chrono::Duration::seconds(2_i64.pow(attempts.min(10)));
                storage::plugin_jobs::mark_failed(
                    conn.conn(),
                    job.id,
                    &err.to_string(),
                    self.clock.now() + backoff,
                )
                .await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn job(conversation: Uuid) -> JobRecord {
        JobRecord {
            id: Uuid::now_v7(),
            message_id: Uuid::now_v7(),
            conversation_id: conversation,
            route_new: false,
            attempts: 0,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn a_conversation_runs_its_jobs_in_order_and_an_inbox_fills_up() {
        let mut state = InFlight::default();
        let (inbox, other) = (Uuid::now_v7(), Uuid::now_v7());
        let conversation = Uuid::now_v7();
        let (first, second) = (job(conversation), job(conversation));
        assert!(
            state.add(first.clone(), inbox),
            "first of its conversation: start a runner"
        );
        assert!(!state.add(second.clone(), inbox), "queued behind the first");
        assert!(
            !state.add(first.clone(), inbox),
            "a job already held is not taken twice"
        );
        assert_eq!(state.front(conversation).map(|j| j.id), Some(first.id));
        assert!(state.finish(conversation), "the second waits");
        assert_eq!(state.front(conversation).map(|j| j.id), Some(second.id));
        assert!(!state.finish(conversation));
        assert!(state.jobs.is_empty() && state.per_inbox.is_empty());

        for _ in 0..PER_INBOX {
            state.add(job(Uuid::now_v7()), inbox);
        }
        state.add(job(Uuid::now_v7()), other);
        assert_eq!(state.saturated_inboxes(), vec![inbox]);
    }
}
