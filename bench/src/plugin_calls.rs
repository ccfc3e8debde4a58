//! What each plugin call cost inside the server, read from its Prometheus histogram
//! (`ispchat_plugin_call_duration_seconds`) before the server stops: the time the host spent per
//! call (a fresh instance, the guest's work, the copy of arguments and results).

use anyhow::Result;
use serde::Serialize;

const METRIC: &str = "ispchat_plugin_call_duration_seconds";

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PluginCalls {
    pub plugin: String,
    pub export: String,
    pub calls: u64,
    pub mean_ms: f64,
    /// The smallest histogram bound holding half the calls: the median is at most this.
    pub p50_at_most_ms: Option<f64>,
    /// Share of calls that took at most 2.5 ms.
    pub within_2_5_ms: f64,
}

/// One series as read: its calls, the sum of their seconds, and the (bound, cumulative count)
/// buckets.
type Series = (PluginCalls, f64, Vec<(f64, f64)>);

/// Every (plugin, export) the exposition has calls for, sorted.
pub fn parse(exposition: &str) -> Vec<PluginCalls> {
    let mut found: Vec<Series> = Vec::new();
    for line in exposition.lines() {
        let Some(rest) = line.strip_prefix(METRIC) else {
            continue;
        };
        let Some((series, value)) = rest.rsplit_once(' ') else {
            continue;
        };
        let Ok(value) = value.parse::<f64>() else {
            continue;
        };
        let (part, labels) = series.split_once('{').unwrap_or((series, ""));
        let label = |name: &str| {
            labels
                .split(',')
                .find_map(|l| l.trim_end_matches('}').strip_prefix(&format!("{name}=\"")))
                .map(|v| v.trim_end_matches('"').to_owned())
        };
        let (Some(plugin), Some(export)) = (label("plugin"), label("export")) else {
            continue;
        };
        let at = match found
            .iter()
            .position(|(c, _, _)| c.plugin == plugin && c.export == export)
        {
            Some(at) => at,
            None => {
                found.push((
                    PluginCalls {
                        plugin,
                        export,
                        ..PluginCalls::default()
                    },
                    0.0,
                    Vec::new(),
                ));
                found.len() - 1
            }
        };
        let entry = &mut found[at];
        match part {
            "_count" => entry.0.calls = value as u64,
            "_sum" => entry.1 = value,
            "_bucket" => {
                let bound = label("le").and_then(|le| le.parse::<f64>().ok());
                if let Some(bound) = bound {
                    entry.2.push((bound, value));
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<PluginCalls> = found
        .into_iter()
        .filter(|(c, _, _)| c.calls > 0)
        .map(|(mut calls, sum, mut buckets)| {
            let n = calls.calls as f64;
            calls.mean_ms = sum / n * 1000.0;
            buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
            calls.p50_at_most_ms = buckets
                .iter()
                .find(|(_, cumulative)| *cumulative >= n / 2.0)
                .map(|(bound, _)| bound * 1000.0);
            calls.within_2_5_ms = buckets
                .iter()
                .find(|(bound, _)| (*bound - 0.0025).abs() < 1e-9)
                .map_or(0.0, |(_, cumulative)| cumulative / n);
            calls
        })
        .collect();
    out.sort_by(|a, b| (&a.plugin, &a.export).cmp(&(&b.plugin, &b.export)));
    out
}

/// The server's `/metrics`, parsed.
pub async fn read(http: &reqwest::Client, http_url: &str) -> Result<Vec<PluginCalls>> {
    let text = http
        .get(format!("{http_url}/metrics"))
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    Ok(parse(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_mean_and_median_bound_per_plugin_and_export() {
        let exposition = "\
# TYPE ispchat_plugin_call_duration_seconds histogram
ispchat_plugin_call_duration_seconds_bucket{plugin=\"isp-intents\",export=\"classify\",le=\"0.0005\"} 1
ispchat_plugin_call_duration_seconds_bucket{plugin=\"isp-intents\",export=\"classify\",le=\"0.001\"} 3
ispchat_plugin_call_duration_seconds_bucket{plugin=\"isp-intents\",export=\"classify\",le=\"0.0025\"} 9
ispchat_plugin_call_duration_seconds_bucket{plugin=\"isp-intents\",export=\"classify\",le=\"+Inf\"} 10
ispchat_plugin_call_duration_seconds_sum{plugin=\"isp-intents\",export=\"classify\"} 0.02
ispchat_plugin_call_duration_seconds_count{plugin=\"isp-intents\",export=\"classify\"} 10
ispchat_plugin_call_duration_seconds_count{plugin=\"echo-bot\",export=\"respond\"} 0
ispchat_http_requests_total{route=\"/graphql\"} 4
";
        let calls = parse(exposition);
        assert_eq!(calls.len(), 1, "{calls:?}");
        let c = &calls[0];
        assert_eq!(
            (c.plugin.as_str(), c.export.as_str(), c.calls),
            ("isp-intents", "classify", 10)
        );
        assert!((c.mean_ms - 2.0).abs() < 1e-9, "{c:?}");
        assert_eq!(c.p50_at_most_ms, Some(2.5));
        assert!((c.within_2_5_ms - 0.9).abs() < 1e-9);
    }
}
