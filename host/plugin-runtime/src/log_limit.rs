//! Plugin log limits: whatever a plugin writes through the `log` import, the host's log stays
//! readable and bounded. Three limits, checked in this order for every line:
//!
//! - **per call**: at most [`MAX_LINES_PER_CALL`] lines; a loop in one call cannot fill the log,
//!   and the lines past the cap cost no tokens of the plugin's bucket;
//! - **per plugin over time**: a token bucket per plugin id, [`BURST`] lines at once, refilled
//!   at [`REFILL_PER_SECOND`]. The burst lets a debugging session log a few full calls; the
//!   refill bounds a busy plugin to 3,600 lines an hour (about 7 MiB at the size cap) however many
//!   messages it handles, so twenty plugins still add at most twenty lines a second;
//! - **per line**: the message is cut at [`MAX_MESSAGE_BYTES`] (on a char boundary), at most
//!   [`MAX_FIELDS`] fields are kept, each key and value cut at [`MAX_FIELD_BYTES`].
//!
//! Dropped lines are not lost silently: when a call ends having dropped some, the host writes
//! one summary line with the count and adds it to `ispchat_plugin_log_dropped_total{plugin}`.
//! The buckets live in the runtime's shared services, so they survive from call to call (each
//! call has a fresh store) and refill on the injected clock.

use std::collections::HashMap;
use std::sync::Mutex;

use super::state::CallState;

pub(crate) const MAX_LINES_PER_CALL: u32 = 50;
pub(crate) const BURST: f64 = 100.0;
pub(crate) const REFILL_PER_SECOND: f64 = 1.0;
pub(crate) const MAX_MESSAGE_BYTES: usize = 2048;
pub(crate) const MAX_FIELDS: usize = 16;
pub(crate) const MAX_FIELD_BYTES: usize = 256;

/// The token buckets of every plugin, by plugin id (one entry per installed plugin).
#[derive(Default)]
pub(crate) struct LogLimiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated_ms: i64,
}

impl LogLimiter {
    /// Takes one line's token from `plugin`'s bucket, refilled up to `now_ms` first.
    pub(crate) fn take(&self, plugin: &str, now_ms: i64) -> bool {
        // A poisoned lock only means another call panicked mid-update: the counts are still
        // usable, and refusing every log line over it would hide the next failures.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets.entry(plugin.to_owned()).or_insert(Bucket {
            tokens: BURST,
            updated_ms: now_ms,
        });
        // A clock that went backwards refills nothing.
        let elapsed_ms = (now_ms - bucket.updated_ms).max(0);
        #[allow(clippy::cast_precision_loss)] // milliseconds well below 2^52
        let refill = elapsed_ms as f64 / 1000.0 * REFILL_PER_SECOND;
        bucket.tokens = (bucket.tokens + refill).min(BURST);
        bucket.updated_ms = bucket.updated_ms.max(now_ms);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// One call's log lines: what was written and what was dropped.
#[derive(Debug, Default)]
pub(crate) struct CallLog {
    pub(crate) written: u32,
    pub(crate) dropped: u32,
}

impl CallState {
    /// Whether the next line of this call may be written; counts it either way.
    pub(crate) fn admit_log_line(&mut self) -> bool {
        if self.log.written >= MAX_LINES_PER_CALL {
            self.log.dropped += 1;
            return false;
        }
        let now = self.clock_ms();
        if !self.services.log_limiter.take(self.plugin_id(), now) {
            self.log.dropped += 1;
            return false;
        }
        self.log.written += 1;
        true
    }
}

/// The summary of a call that dropped lines; called when the call's store is dropped.
pub(crate) fn report_dropped(plugin: &str, dropped: u32) {
    if dropped == 0 {
        return;
    }
    metrics::counter!("ispchat_plugin_log_dropped_total", "plugin" => plugin.to_owned())
        .increment(u64::from(dropped));
    tracing::warn!(
        plugin,
        dropped,
        "plugin log lines dropped (at most {MAX_LINES_PER_CALL} a call, {BURST} at once and \
         {REFILL_PER_SECOND} a second per plugin)"
    );
}

/// The fields as logged: at most [`MAX_FIELDS`], keys and values cut.
pub(crate) fn limit_fields(fields: Vec<(String, String)>) -> Vec<(String, String)> {
    fields
        .into_iter()
        .take(MAX_FIELDS)
        .map(|(k, v)| {
            (
                truncate(&k, MAX_FIELD_BYTES).to_owned(),
                truncate(&v, MAX_FIELD_BYTES).to_owned(),
            )
        })
        .collect()
}

/// `text` cut to at most `max` bytes without splitting a character.
pub(crate) fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugins_log_truncation_keeps_utf8_whole() {
        assert_eq!(truncate("ação", 2), "a");
        assert_eq!(truncate("ação", 3), "a\u{e7}");
        assert_eq!(truncate("abc", 10), "abc");
    }

    #[test]
    fn plugins_log_bucket_allows_a_burst_then_refills_per_second_and_per_plugin() {
        let limiter = LogLimiter::default();
        let taken = (0..150).filter(|_| limiter.take("a", 0)).count();
        assert_eq!(taken, 100);
        // Another plugin has its own bucket.
        assert!(limiter.take("b", 0));
        // Ten seconds refill ten lines, and never more than the burst.
        let taken = (0..50).filter(|_| limiter.take("a", 10_000)).count();
        assert_eq!(taken, 10);
        let taken = (0..500).filter(|_| limiter.take("a", 10_000_000)).count();
        assert_eq!(taken, 100);
        // A clock going backwards refills nothing.
        assert!(!limiter.take("a", 0));
    }

    #[test]
    fn plugins_log_fields_are_capped() {
        let fields = (0..40)
            .map(|i| (format!("k{i}"), "v".repeat(1000)))
            .collect();
        let kept = limit_fields(fields);
        assert_eq!(kept.len(), MAX_FIELDS);
        assert!(kept.iter().all(|(_, v)| v.len() == MAX_FIELD_BYTES));
    }

    #[test]
    fn plugins_log_dropped_lines_are_counted_in_the_metric() {
        let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        metrics::with_local_recorder(&recorder, || {
            report_dropped("flooder", 0);
            report_dropped("flooder", 450);
            report_dropped("flooder", 50);
        });
        let rendered = handle.render();
        assert!(
            rendered.contains("ispchat_plugin_log_dropped_total{plugin=\"flooder\"} 500"),
            "{rendered}"
        );
    }
}
