//! Noticing timeouts: nobody tells the host that a console closed, so every node looks for members
//! not seen for the timeout, and the first to mark one records and publishes it.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::{Presence, PresenceService, Reason};
use crate::error::Result;
use crate::storage;

impl PresenceService {
    /// Records and publishes the timeouts nobody has noticed yet; returns how many.
    pub async fn sweep(&self) -> Result<usize> {
        let now = self.clock.now();
        let cutoff = now - self.timeout;
        let candidates = {
            let mut conn = self.db.acquire().await?;
            storage::presence::timed_out(conn.conn(), cutoff).await?
        };
        let mut recorded = 0;
        for record in candidates {
            let expires = record.last_seen_at + self.timeout;
            let mut tx = self.db.begin().await?;
            if !storage::presence::mark_timed_out(tx.conn(), record.user_id, cutoff).await? {
                continue;
            }
            storage::presence::record_change(
                tx.conn(),
                record.user_id,
                Presence::Offline.as_str(),
                Reason::Timeout.as_str(),
                expires,
            )
            .await?;
            tx.commit().await?;
            self.last_written
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .remove(&record.user_id);
            self.publish(record.user_id, Presence::Offline, expires.max(record.since))
                .await;
            recorded += 1;
        }
        Ok(recorded)
    }

    /// Sweeps for timeouts every `every` until shut down.
    pub async fn run(self: Arc<Self>, every: Duration, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tick.tick() => {
                    if let Err(err) = self.sweep().await {
                        tracing::warn!(%err, "cannot sweep presence timeouts");
                    }
                }
            }
        }
    }
}
