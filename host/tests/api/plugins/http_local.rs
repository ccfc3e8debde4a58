//! The `http` import against a real HTTP server on 127.0.0.1, reached by the real `http-prober`
//! component because the operator trusts that host (an ISP's ERP on its own network) and the
//! plugin's manifest declares it. The server records what it received; the plugin replies with
//! what it got back.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::routing::get;
use ispchat_host::plugins::{OperatorConfig, Plugin, PluginError, PluginSource, RuntimeLimits};
use serde_json::{Value, json};

use super::fixture::{World, dist, reply_text, turn};
use crate::support::Backend;

const SECRET: &str = "tok-erp-7f3a9c";

/// What the server received, one entry per request.
#[derive(Debug, Clone)]
struct Received {
    method: Method,
    path_and_query: String,
    headers: HeaderMap,
    body: Bytes,
}

type Log = Arc<Mutex<Vec<Received>>>;

async fn echo(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, [(&'static str, String); 1], String) {
    let key = headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    log.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Received {
            method,
            path_and_query: uri
                .path_and_query()
                .map(ToString::to_string)
                .unwrap_or_default(),
            headers,
            body,
        });
    // A server that echoes the credential back: the plugin must not get to read it.
    (
        StatusCode::CREATED,
        [("x-echo-key", key.clone())],
        format!("{{\"cliente\":\"Maria\",\"key\":\"{key}\"}}"),
    )
}

/// A local server on 127.0.0.1:0; the task ends with the test's runtime.
async fn serve() -> (u16, Log) {
    let log = Log::default();
    let app = Router::new()
        // One byte over the host's 4 MiB response cap.
        .route("/big", get(|| async { vec![b'x'; 4 * 1024 * 1024 + 1] }))
        .route(
            "/slow",
            // Time is the subject: a server that hangs past the plugin's call deadline.
            get(|| async {
                tokio::time::sleep(Duration::from_secs(20)).await;
                "too late"
            }),
        )
        .route(
            "/redirect",
            get(|| async {
                (
                    StatusCode::FOUND,
                    [(header::LOCATION, "http://127.0.0.1:1/")],
                )
            }),
        )
        .fallback(echo)
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (port, log)
}

/// The built http-prober with its manifest declaring `hosts` instead (the component is the same
/// file, so its checksum still holds).
fn prober_declaring(hosts: &[String], into: &Path) -> PluginSource {
    let source = dist("testing/http-prober");
    std::fs::copy(
        source.dist_dir.join("http-prober.wasm"),
        into.join("http-prober.wasm"),
    )
    .unwrap();
    let text = std::fs::read_to_string(source.dist_dir.join("plugin.toml")).unwrap();
    let mut manifest: toml::Table = toml::from_str(&text).unwrap();
    let http = manifest
        .get_mut("capabilities")
        .and_then(|c| c.get_mut("http"))
        .and_then(toml::Value::as_table_mut)
        .unwrap_or_else(|| panic!("http-prober declares capabilities.http"));
    http.insert(
        "hosts".into(),
        toml::Value::Array(hosts.iter().cloned().map(toml::Value::String).collect()),
    );
    let text = toml::to_string(&manifest).unwrap();
    std::fs::write(into.join("plugin.toml"), text).unwrap();
    PluginSource {
        dist_dir: into.to_owned(),
    }
}

struct Setup {
    world: World,
    prober: Arc<Plugin>,
    port: u16,
    log: Log,
    _dir: tempfile::TempDir,
}

async fn setup(trusted: impl FnOnce(u16) -> Vec<String>, deadline: Duration) -> Setup {
    let (port, log) = serve().await;
    let limits = RuntimeLimits {
        call_deadline: deadline,
        allow_private_hosts: trusted(port),
        ..RuntimeLimits::default()
    };
    let world = World::new(Backend::Sqlite, limits).await;
    let dir = tempfile::tempdir().unwrap();
    let source = prober_declaring(
        &[format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        dir.path(),
    );
    let operator = OperatorConfig {
        secrets: [("api-token".to_owned(), SECRET.to_owned())].into(),
        ..OperatorConfig::default()
    };
    let prober = world.runtime.load(&source, operator).await.unwrap();
    Setup {
        world,
        prober,
        port,
        log,
        _dir: dir,
    }
}

impl Setup {
    /// The prober's reply to `request {spec}`, as JSON (`status`/`headers`/`body` or `error`).
    async fn request(&self, spec: Value) -> Result<Value, PluginError> {
        let text = format!("request {spec}");
        match self
            .world
            .runtime
            .on_message(&self.prober, &turn(&text))
            .await
        {
            Ok(Ok(response)) => Ok(serde_json::from_str(&reply_text(&response)).unwrap()),
            Ok(Err(e)) => panic!("http-prober returned a plugin-error: {e:?}"),
            Err(e) => Err(e),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn received(&self) -> Vec<Received> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn error_tag(reply: &Value) -> &str {
    let error = reply["error"].as_str().unwrap_or_default();
    error.split(':').nth(1).unwrap_or_default()
}

fn erp_request(url: String) -> Value {
    json!({
        "url": url,
        "method": "post",
        "headers": [["x-api-key", "{{secret:api-token}}"], ["content-type", "application/json"]],
        "body": "{\"cpf\":\"12345678909\"}",
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_http_reaches_an_operator_trusted_private_host() {
    let s = setup(
        |port| vec![format!("127.0.0.1:{port}")],
        Duration::from_secs(5),
    )
    .await;

    let reply = s
        .request(erp_request(s.url("/api/v1/clientes?status=ativo")))
        .await
        .unwrap();
    let received = s.received();
    assert_eq!(received.len(), 1, "{reply}");
    let got = &received[0];
    assert_eq!(got.method, Method::POST);
    assert_eq!(got.path_and_query, "/api/v1/clientes?status=ativo");
    assert_eq!(
        got.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    // The host substituted the secret on its way out...
    assert_eq!(
        got.headers.get("x-api-key").and_then(|v| v.to_str().ok()),
        Some(SECRET)
    );
    assert_eq!(&got.body[..], b"{\"cpf\":\"12345678909\"}");
    // ...and redacted it from what came back: the plugin sees the body, never the value.
    assert_eq!(reply["status"], 201, "{reply}");
    assert_eq!(
        reply["body"],
        "{\"cliente\":\"Maria\",\"key\":\"{{secret:api-token}}\"}"
    );
    let echoed = reply["headers"]
        .as_array()
        .and_then(|h| h.iter().find(|pair| pair[0] == "x-echo-key"))
        .map(|pair| pair[1].clone());
    assert_eq!(echoed, Some(Value::from("{{secret:api-token}}")));
    assert!(!reply.to_string().contains(SECRET), "{reply}");

    // Over the response-size cap: the typed error, no body.
    let reply = s.request(json!({ "url": s.url("/big") })).await.unwrap();
    assert_eq!(error_tag(&reply), "response-too-large", "{reply}");

    // A redirect is handed to the plugin, never followed (here to another private address).
    let reply = s
        .request(json!({ "url": s.url("/redirect") }))
        .await
        .unwrap();
    assert_eq!(reply["status"], 302, "{reply}");

    // A slow server: the request's own timeout.
    let reply = s
        .request(json!({ "url": s.url("/slow"), "timeoutMs": 200 }))
        .await
        .unwrap();
    assert_eq!(reply["error"], "error:timeout", "{reply}");

    // A name resolving to the same private address is still blocked: the operator trusted
    // 127.0.0.1:<port>, not localhost, even though the manifest declares both.
    let reply = s
        .request(erp_request(format!("http://localhost:{}/x", s.port)))
        .await
        .unwrap();
    assert_eq!(error_tag(&reply), "address-blocked", "{reply}");
    assert!(
        reply["error"]
            .as_str()
            .is_some_and(|e| e.contains("ISPCHAT_PLUGINS_ALLOW_PRIVATE_HOSTS")),
        "says how the operator could allow it: {reply}"
    );
    assert_eq!(s.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_http_timeout_never_outlasts_the_call_deadline() {
    let s = setup(
        |port| vec![format!("127.0.0.1:{port}")],
        Duration::from_secs(1),
    )
    .await;
    // Asks for 30 s; the call has 1 s. Either the HTTP timeout fires at the deadline and the
    // plugin reports it, or the epoch deadline stops the plugin right after: a timeout both ways.
    let outcome = s
        .request(json!({ "url": s.url("/slow"), "timeoutMs": 30_000 }))
        .await;
    match outcome {
        Ok(reply) => assert_eq!(reply["error"], "error:timeout", "{reply}"),
        Err(e) => assert!(matches!(e, PluginError::Timeout { .. }), "{e:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_http_private_host_is_refused_without_the_operator_allow_list() {
    let s = setup(|_| vec![], Duration::from_secs(5)).await;
    let reply = s
        .request(erp_request(s.url("/api/v1/clientes")))
        .await
        .unwrap();
    assert_eq!(error_tag(&reply), "address-blocked", "{reply}");
    // Trusting another port of the same address does not open this one.
    let other = setup(
        |port| vec![format!("127.0.0.1:{}", port ^ 1)],
        Duration::from_secs(5),
    )
    .await;
    let reply = other
        .request(erp_request(other.url("/api/v1/clientes")))
        .await
        .unwrap();
    assert_eq!(error_tag(&reply), "address-blocked", "{reply}");
    assert!(s.received().is_empty());
    assert!(other.received().is_empty());
}
