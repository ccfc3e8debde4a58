//! Latency samples and what is reported of them.

use serde::Serialize;

/// Percentiles of a set of durations, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Summary {
    pub count: usize,
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
}

/// Durations in microseconds: exact percentiles from sorting, which is cheap at the few hundred
/// thousand samples of a step.
pub fn summarize(mut micros: Vec<u32>) -> Summary {
    if micros.is_empty() {
        return Summary::default();
    }
    micros.sort_unstable();
    let at = |q: f64| {
        let rank = ((micros.len() as f64) * q).ceil() as usize;
        f64::from(micros[rank.clamp(1, micros.len()) - 1]) / 1000.0
    };
    let total: u64 = micros.iter().map(|&m| u64::from(m)).sum();
    Summary {
        count: micros.len(),
        mean_ms: total as f64 / micros.len() as f64 / 1000.0,
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        p999_ms: at(0.999),
        max_ms: at(1.0),
    }
}

pub fn micros_between(from_nanos: u64, to_nanos: u64) -> u32 {
    u32::try_from(to_nanos.saturating_sub(from_nanos) / 1000).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let summary = summarize((1..=1000).rev().map(|ms| ms * 1000).collect());
        assert_eq!(summary.count, 1000);
        assert_eq!(summary.p50_ms, 500.0);
        assert_eq!(summary.p99_ms, 990.0);
        assert_eq!(summary.p999_ms, 999.0);
        assert_eq!(summary.max_ms, 1000.0);
        assert_eq!(summary.mean_ms, 500.5);
    }

    #[test]
    fn no_samples_summarize_to_zero() {
        assert_eq!(summarize(Vec::new()).count, 0);
    }
}
