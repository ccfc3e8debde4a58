//! What the benchmarks share: summarising a run of timings.

use std::time::Duration;

/// Mean, median and 99th percentile of a run.
pub struct Summary {
    pub mean: Duration,
    pub p50: Duration,
    pub p99: Duration,
}

impl Summary {
    pub fn of(mut times: Vec<Duration>) -> Summary {
        times.sort();
        let total: Duration = times.iter().sum();
        let count = u32::try_from(times.len().max(1)).unwrap_or(u32::MAX);
        let at = |q: f64| {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let i = ((times.len().saturating_sub(1)) as f64 * q).round() as usize;
            times.get(i).copied().unwrap_or_default()
        };
        Summary {
            mean: total / count,
            p50: at(0.50),
            p99: at(0.99),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {} / {}", ms(self.mean), ms(self.p50), ms(self.p99))
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}
