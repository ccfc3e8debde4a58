//! Downloading a customer's file that a channel plugin reported, in the inbound worker (never
//! while the provider waits for its webhook answer). The host fetches it under the plugin's own
//! HTTP rules — declared hosts, `{{secret:NAME}}` headers limited to each secret's hosts,
//! private addresses only for hosts the operator trusts, no redirects — with the attachment
//! size limit as the cap.
//!
//! Two-step providers (WhatsApp's media id → a JSON whose `url` is short-lived, Telegram's
//! `getFile`) add the pseudo-header `x-ispchat-url-from-json: <field>`: the host GETs `url`,
//! takes the top-level string `<field>` of the JSON answer as the file's URL (checked by the same
//! rules) and GETs it with the same headers, the pseudo-header removed.

use std::time::Duration;

use super::contents::StoredAttachment;
use crate::attachments::human_size;
use crate::plugins::v1::host::http::{HttpError, Response};
use crate::plugins::{Plugin, PluginRegistry};

pub const URL_FROM_JSON: &str = "x-ispchat-url-from-json";
/// A whole file, over a slow link: longer than a plugin's own requests may take.
const TIMEOUT: Duration = Duration::from_secs(60);
/// The first step's JSON answer is small.
const MAX_JSON: u64 = 64 * 1024;

/// Why a file could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The network, a timeout or the provider's 5xx: the same download may work later.
    #[error("{0}")]
    Retry(String),
    /// Refused for good (4xx, a host the plugin did not declare, too large…).
    #[error("{0}")]
    Permanent(String),
}

/// The file's bytes, at most `max_size` of them.
pub async fn fetch(
    plugins: &PluginRegistry,
    plugin: &Plugin,
    attachment: &StoredAttachment,
    max_size: u64,
) -> Result<Vec<u8>, FetchError> {
    if attachment.size_bytes.is_some_and(|size| size > max_size) {
        return Err(too_large(max_size));
    }
    let mut headers = attachment.download_headers.clone();
    let field = headers
        .iter()
        .position(|(name, _)| name.eq_ignore_ascii_case(URL_FROM_JSON))
        .map(|at| headers.remove(at).1.trim().to_owned());
    let mut url = attachment.url.clone();
    if let Some(field) = field {
        let answer = get(plugins, plugin, &url, headers.clone(), MAX_JSON, max_size).await?;
        let json: serde_json::Value = serde_json::from_slice(&answer.body)
            .map_err(|_| FetchError::Permanent("the media lookup did not answer JSON".into()))?;
        url = json
            .get(&field)
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| {
                FetchError::Permanent(format!("the media lookup has no string \"{field}\""))
            })?
            .to_owned();
    }
    let answer = get(plugins, plugin, &url, headers, max_size, max_size).await?;
    Ok(answer.body)
}

async fn get(
    plugins: &PluginRegistry,
    plugin: &Plugin,
    url: &str,
    headers: Vec<(String, String)>,
    cap: u64,
    max_size: u64,
) -> Result<Response, FetchError> {
    let response = plugins
        .get_for(plugin, url, headers, cap, TIMEOUT)
        .await
        .map_err(|err| refused(err, max_size))?;
    match response.status {
        200..=299 => Ok(response),
        status @ (408 | 429 | 500..=599) => Err(FetchError::Retry(format!(
            "the media server answered HTTP {status}"
        ))),
        status => Err(FetchError::Permanent(format!(
            "the media server answered HTTP {status}"
        ))),
    }
}

fn too_large(max_size: u64) -> FetchError {
    FetchError::Permanent(format!("larger than {}", human_size(max_size)))
}

fn refused(err: HttpError, max_size: u64) -> FetchError {
    match err {
        HttpError::Timeout => FetchError::Retry("the media server timed out".into()),
        HttpError::Connection(why) => FetchError::Retry(format!("cannot connect: {why}")),
        HttpError::ResponseTooLarge(cap) if cap == max_size => too_large(max_size),
        HttpError::ResponseTooLarge(cap) => FetchError::Permanent(format!(
            "the media lookup answered over {}",
            human_size(cap)
        )),
        HttpError::HostNotAllowed(host) => FetchError::Permanent(format!(
            "host {host} is not declared in the plugin's capabilities.http.hosts"
        )),
        HttpError::AddressBlocked(why) => {
            FetchError::Permanent(format!("private address not trusted: {why}"))
        }
        HttpError::Denied(why) | HttpError::InvalidRequest(why) | HttpError::LimitExceeded(why) => {
            FetchError::Permanent(why)
        }
        HttpError::RequestTooLarge(_) => FetchError::Permanent("request too large".into()),
    }
}

/// A name for a file the provider did not name, from its type: `image.jpeg`, `file.pdf`.
pub fn default_name(mime_type: &str) -> String {
    let (kind, sub) = mime_type.split_once('/').unwrap_or(("file", "bin"));
    let ext: String = sub
        .split([';', '+'])
        .next()
        .unwrap_or("bin")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(10)
        .collect();
    let stem = match kind {
        "image" | "audio" | "video" => kind,
        _ => "file",
    };
    format!("{stem}.{}", if ext.is_empty() { "bin" } else { &ext })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnamed_files_are_named_by_their_type() {
        assert_eq!(default_name("image/jpeg"), "image.jpeg");
        assert_eq!(default_name("audio/ogg; codecs=opus"), "audio.ogg");
        assert_eq!(default_name("application/pdf"), "file.pdf");
        assert_eq!(default_name("weird"), "file.bin");
    }

    #[test]
    fn network_trouble_is_retried_and_refusals_are_final() {
        let max = 1024;
        assert!(matches!(
            refused(HttpError::Timeout, max),
            FetchError::Retry(_)
        ));
        assert!(matches!(
            refused(HttpError::Connection("reset".into()), max),
            FetchError::Retry(_)
        ));
        assert_eq!(
            refused(HttpError::ResponseTooLarge(max), max),
            FetchError::Permanent("larger than 1 KiB".into())
        );
        assert!(matches!(
            refused(HttpError::HostNotAllowed("evil.example".into()), max),
            FetchError::Permanent(_)
        ));
    }
}
