//! The pipeline's background worker: leases due jobs (so two workers or nodes never run the same
//! job at once, and a dead worker's lease lapses), runs each conversation's in order (different
//! conversations' at the same time), deletes each when done and retries a failed one with
//! backoff. Woken as soon as a job is committed, and every `every` for retries and jobs left by a
//! previous run.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::join_all;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::Pipeline;
use crate::error::Result;
use crate::storage;
use crate::storage::plugin_jobs::JobRecord;

/// Jobs leased at once.
const BATCH: i64 = 16;
/// Longer than any job takes (a few plugin calls, each bounded by its deadline).
const LEASE: Duration = Duration::from_secs(120);

impl Pipeline {
    pub async fn run(
        self: Arc<Self>,
        every: Duration,
        ready: Arc<Notify>,
        shutdown: CancellationToken,
    ) {
        loop {
            let worked = match self.run_due().await {
                Ok(n) => n,
                Err(err) => {
                    tracing::warn!(%err, "cannot lease plugin jobs");
                    0
                }
            };
            if worked > 0 {
                continue;
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = ready.notified() => {}
                _ = tokio::time::sleep(every) => {}
            }
        }
    }

    /// Runs the jobs due now; returns how many were leased.
    pub async fn run_due(&self) -> Result<usize> {
        let now = self.clock.now();
        let lease_until = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
        let jobs = {
            let mut conn = self.db.writer().await?;
            storage::plugin_jobs::lease_due(conn.conn(), now, lease_until, BATCH).await?
        };
        // A conversation's jobs run in order; different conversations' run at the same time, so
        // customers writing together do not wait for one another's plugin calls and stores (a
        // burst of four messages made the fourth reply ~4 jobs late, docs/performance.md).
        let mut by_conversation: Vec<Vec<&JobRecord>> = Vec::new();
        for job in &jobs {
            match by_conversation
                .iter_mut()
                .find(|group| group[0].conversation_id == job.conversation_id)
            {
                Some(group) => group.push(job),
                None => by_conversation.push(vec![job]),
            }
        }
        let runs = by_conversation.into_iter().map(|group| async move {
            for job in group {
                self.run_job(job).await?;
            }
            Ok::<_, crate::Error>(())
        });
        join_all(runs)
            .await
            .into_iter()
            .collect::<Result<Vec<()>>>()?;
        Ok(jobs.len())
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
