//! `http`: buffered outbound requests under the manifest's rules, in the fake host's order:
//! capability, URL, declared host, per-call limit, secrets, size, address, then the network.
//! The host resolves the name itself and pins the connection to the checked addresses, so a DNS
//! answer cannot change between the check and the connect. Private addresses are refused unless
//! the operator listed the host (`RuntimeLimits::allow_private_hosts`); redirects are never
//! followed, so a redirect cannot lead anywhere the check did not see.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use super::http_policy::{Substituter, address_allowed, redact};
use crate::capabilities::{Capability, Endpoint, Granter, Refusal};
use crate::load::PluginContext;
use crate::state::CallState;
use crate::v1::host::http::{self, HttpError, Method, Request, Response};

const MAX_REQUEST_BODY: u64 = 1024 * 1024;
const MAX_RESPONSE_BODY: u64 = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_REQUESTS_PER_CALL: u32 = 10;

impl http::Host for CallState {
    async fn send(&mut self, request: Request) -> Result<Response, HttpError> {
        let outcome = self.http_send(request).await;
        if let Err(error) = &outcome {
            tracing::debug!(
                plugin = self.plugin_id(),
                ?error,
                "plugin http request refused or failed"
            );
        }
        outcome
    }
}

/// A request that passed every check, ready for the network.
struct Checked {
    url: reqwest::Url,
    host: String,
    addrs: Vec<SocketAddr>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    timeout: Duration,
    used_secrets: Vec<(String, String)>,
}

impl CallState {
    async fn http_send(&mut self, request: Request) -> Result<Response, HttpError> {
        let method = method(request.method);
        let target = target(&self.granter(), &request.url)?;
        self.http_requests += 1;
        if self.http_requests > MAX_REQUESTS_PER_CALL {
            return Err(HttpError::LimitExceeded(format!(
                "at most {MAX_REQUESTS_PER_CALL} requests per call"
            )));
        }
        let wanted = request
            .timeout_ms
            .map_or(DEFAULT_TIMEOUT, |ms| Duration::from_millis(u64::from(ms)))
            .min(MAX_TIMEOUT);
        let left = self.deadline.saturating_duration_since(Instant::now());
        let trusted = &self.services.allow_private_hosts;
        let checked = prepare(&self.plugin, trusted, target, request, wanted.min(left)).await?;
        let used = checked.used_secrets.clone();
        let response = send(method, checked, MAX_RESPONSE_BODY).await?;
        Ok(redact(response, &used))
    }
}

/// A GET made by the host on a plugin's behalf (a channel's media download), under the same
/// rules as the plugin's own requests: declared host, `{{secret:NAME}}` headers with each
/// secret's host restriction, private addresses only for the operator's trusted hosts, no
/// redirects. The body cap and timeout are the caller's; nothing is redacted, since the plugin
/// never sees the answer.
pub(crate) async fn host_get(
    plugin: &PluginContext,
    trusted: &[String],
    url: &str,
    headers: Vec<(String, String)>,
    max_body: u64,
    timeout: Duration,
) -> Result<Response, HttpError> {
    let target = target(&Granter::of(plugin, trusted), url)?;
    let request = Request {
        method: Method::Get,
        url: url.to_owned(),
        headers,
        body: Vec::new(),
        auth: None,
        timeout_ms: None,
        secrets_in_body: false,
    };
    let checked = prepare(plugin, trusted, target, request, timeout).await?;
    send(reqwest::Method::GET, checked, max_body).await
}

/// A URL whose scheme and host the manifest allows.
struct Target {
    url: reqwest::Url,
    host: String,
    https: bool,
}

/// Capability, URL and declared host: the checks made before a request counts.
fn target(granter: &Granter<'_>, url: &str) -> Result<Target, HttpError> {
    granter
        .check(Capability::AnyHttp)
        .map_err(|refusal| HttpError::Denied(refusal.message().into()))?;
    let invalid = |m: String| HttpError::InvalidRequest(m);
    let parsed =
        reqwest::Url::parse(url).map_err(|_| invalid(format!("not an absolute URL: {url}")))?;
    let https = match parsed.scheme() {
        "https" => true,
        "http" => false,
        other => return Err(invalid(format!("scheme {other}: is not allowed"))),
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(
            "credentials in the URL are not allowed; use auth".into(),
        ));
    }
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    if host.contains("{{") {
        return Err(invalid(
            "secret placeholders are not allowed in the host".into(),
        ));
    }
    let endpoint = Endpoint {
        host: &host,
        port: parsed.port(),
        https,
    };
    granter
        .check(Capability::Http(endpoint))
        .map_err(|refusal| match refusal {
            Refusal::NotDeclared(shown) => HttpError::HostNotAllowed(shown),
            other => HttpError::Denied(other.message().into()),
        })?;
    Ok(Target {
        url: parsed,
        host,
        https,
    })
}

/// Secrets, size and address: the rest of the checks, once the request counts.
async fn prepare(
    plugin: &PluginContext,
    trusted_hosts: &[String],
    target: Target,
    request: Request,
    timeout: Duration,
) -> Result<Checked, HttpError> {
    let Target { url, host, https } = target;
    let invalid = |m: String| HttpError::InvalidRequest(m);
    let granter = Granter::of(plugin, trusted_hosts);
    let endpoint = Endpoint {
        host: &host,
        port: url.port(),
        https,
    };
    let mut secrets = Substituter::new(plugin, granter, endpoint);
    let mut final_url = url.clone();
    final_url.set_path(&secrets.apply(url.path())?);
    if let Some(query) = url.query() {
        final_url.set_query(Some(&secrets.apply(query)?));
    }
    let mut headers = Vec::with_capacity(request.headers.len() + 1);
    for (name, value) in &request.headers {
        headers.push((name.to_ascii_lowercase(), secrets.apply(value)?));
    }
    if let Some(auth) = &request.auth {
        headers.push(("authorization".into(), secrets.authorization(auth)?));
    }
    let body = if request.secrets_in_body {
        let text = String::from_utf8(request.body)
            .map_err(|_| invalid("secrets-in-body needs a UTF-8 body".into()))?;
        secrets.apply(&text)?.into_bytes()
    } else {
        request.body
    };
    if body.len() as u64 > MAX_REQUEST_BODY {
        return Err(HttpError::RequestTooLarge(MAX_REQUEST_BODY));
    }

    let port = url
        .port_or_known_default()
        .unwrap_or(if https { 443 } else { 80 });
    let addrs = resolve(&host, port).await?;
    // The manifest already declared this host; the operator's list decides whether it may
    // be private. A name is judged by every address it resolved to, and the connection is
    // pinned to those same addresses below, so a second DNS answer cannot sneak in another.
    let private = granter.check(Capability::PrivateAddress(endpoint));
    if let Some(blocked) = addrs
        .iter()
        .find(|a| !address_allowed(a.ip(), private.is_ok()))
    {
        // Say how to allow it, when the operator could: never for multicast or unspecified.
        let how = match &private {
            Err(refusal) if address_allowed(blocked.ip(), true) => {
                format!(" ({})", refusal.message())
            }
            _ => String::new(),
        };
        return Err(HttpError::AddressBlocked(format!(
            "{host} resolves to {}{how}",
            blocked.ip()
        )));
    }
    let used_secrets = secrets.used;
    Ok(Checked {
        url: final_url,
        host,
        addrs,
        headers,
        body,
        timeout,
        used_secrets,
    })
}

async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, HttpError> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|e| HttpError::Connection(format!("cannot resolve {bare}: {e}")))?
        .collect();
    if addrs.is_empty() {
        return Err(HttpError::Connection(format!("{bare} has no addresses")));
    }
    Ok(addrs)
}

fn method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Head => reqwest::Method::HEAD,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
        Method::Options => reqwest::Method::OPTIONS,
    }
}

async fn send(
    method: reqwest::Method,
    checked: Checked,
    max_body: u64,
) -> Result<Response, HttpError> {
    if checked.timeout.is_zero() {
        return Err(HttpError::Timeout);
    }
    // One client per request, pinned to the addresses that passed the check (no second DNS
    // lookup), never following redirects, and ignoring proxy environment variables: a proxy
    // would connect wherever it likes, after the address check.
    let bare = checked
        .host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .resolve_to_addrs(&bare, &checked.addrs)
        .timeout(checked.timeout)
        .build()
        .map_err(|e| HttpError::Connection(e.to_string()))?;
    let mut builder = client.request(method, checked.url);
    for (name, value) in &checked.headers {
        builder = builder.header(name, value);
    }
    let mut response = builder.body(checked.body).send().await.map_err(network)?;
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(network)? {
        if (body.len() + chunk.len()) as u64 > max_body {
            return Err(HttpError::ResponseTooLarge(max_body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn network(err: reqwest::Error) -> HttpError {
    if err.is_timeout() {
        HttpError::Timeout
    } else {
        HttpError::Connection(err.to_string())
    }
}
