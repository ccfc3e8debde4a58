//! The test harness: a real server per test, GraphQL and graphql-ws helpers.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::{SinkExt, StreamExt};
use ispchat_host::app::{self, RunningServer};
use ispchat_host::attachments::AttachmentSettings;
use ispchat_host::clock::ManualClock;
use ispchat_host::config::{Config, DatabaseConfig, LogFormat, Secret};
use ispchat_host::conversations::ProtocolSettings;
use ispchat_host::conversations::protocol::ProtocolFormat;
use ispchat_host::storage::Db;
use serde_json::{Value, json};
use sqlx::Connection;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(TestApp)` on both backends.
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::TestApp::start($crate::support::Backend::Sqlite).await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::TestApp::start($crate::support::Backend::Postgres).await).await
                }
            )*
        }
    };
}

fn postgres_admin_url() -> String {
    std::env::var("ISPCHAT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A PostgreSQL database made for one test and dropped with it.
pub struct TestDatabase {
    pub name: String,
    pub url: String,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        let admin_url = postgres_admin_url();
        let name = format!("ispchat_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| {
                panic!("PostgreSQL must be running for the tests ({admin_url}): {e}")
            });
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("cannot create test database: {e}"));
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(base, _)| base);
        TestDatabase {
            url: format!("{base}/{name}"),
            name,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs inside the test's runtime: use a thread with its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&postgres_admin_url()).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await?;
                Ok::<_, sqlx::Error>(())
            })?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("warning: test database {} was not dropped", self.name);
        }
    }
}

/// Where a test's database lives: the SQLite file at `sqlite_path`, or a fresh PostgreSQL
/// database that is dropped with the returned guard (keep it alive as long as the connections).
pub async fn database_config(
    backend: Backend,
    sqlite_path: &Path,
) -> (DatabaseConfig, Option<TestDatabase>) {
    match backend {
        Backend::Sqlite => (
            DatabaseConfig::Sqlite {
                path: sqlite_path.to_owned(),
            },
            None,
        ),
        Backend::Postgres => {
            let database = TestDatabase::create().await;
            let config = DatabaseConfig::Postgres {
                url: Secret::new(database.url.clone()),
            };
            (config, Some(database))
        }
    }
}

/// A connected and migrated database for tests that use the storage layer without a server.
pub async fn migrated_database(
    backend: Backend,
    dir: &Path,
    max_connections: u32,
) -> (Db, Option<TestDatabase>) {
    let (config, database) = database_config(backend, &dir.join("t.db")).await;
    let db = Db::connect(&config, max_connections)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    db.migrate().await.unwrap_or_else(|e| panic!("{e:#}"));
    (db, database)
}

pub struct TestApp {
    pub base_url: String,
    pub clock: Arc<ManualClock>,
    pub http: reqwest::Client,
    pub server: Option<RunningServer>,
    /// What the server was started with, for [`TestApp::restart_with`].
    pub config: Config,
    // Dropped after the server: the database outlives its last connection.
    _database: Option<TestDatabase>,
    _data_dir: tempfile::TempDir,
}

pub struct Tokens {
    pub access: String,
    pub refresh: String,
    pub user_id: String,
}

impl TestApp {
    pub async fn start(backend: Backend) -> TestApp {
        TestApp::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let data_dir = tempfile::tempdir().unwrap();
        let (database_config, database) =
            database_config(backend, &data_dir.path().join("ispchat.db")).await;
        let mut config = Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            data_dir: data_dir.path().to_path_buf(),
            database: database_config,
            db_max_connections: 4,
            redis_url: None,
            jwt_secret: Some(Secret::new("test-secret-0123456789-0123456789-0123456789")),
            admin_password: Some(Secret::new(ADMIN_PASSWORD)),
            admin_email: "admin@ispchat.test".into(),
            access_token_ttl: Duration::from_secs(15 * 60),
            refresh_token_ttl: Duration::from_secs(30 * 86_400),
            login_attempts_per_account: 1000,
            login_attempts_per_account_per_hour: 100_000,
            login_attempts_per_ip: 1000,
            requests_per_minute: 1_000_000,
            max_connections_per_address: None,
            header_read_timeout: Duration::from_secs(20),
            websocket_init_timeout: Duration::from_secs(10),
            metrics_token: None,
            metrics_listen: None,
            trust_forwarded_for: false,
            cors_origins: vec![],
            public_url: None,
            visitor_token_ttl: Duration::from_secs(30 * 86_400),
            visitor_sessions_per_ip: 1000,
            log_format: LogFormat::Pretty,
            protocol: ProtocolSettings {
                format: ProtocolFormat::default(),
                utc_offset: chrono::FixedOffset::west_opt(3 * 3600)
                    .unwrap_or_else(|| panic!("offset")),
            },
            timezone: chrono_tz::Tz::America__Sao_Paulo,
            presence_timeout: Duration::from_secs(90),
            background_interval: Duration::from_millis(100),
            access_recheck_interval: Duration::from_millis(200),
            label_threshold: 0.6,
            preload_plugins: Vec::new(),
            plugin_worker: true,
            attachments: AttachmentSettings::default(),
            // No bundled plugins unless a test asks; compiled components shared across tests.
            plugins_dir: None,
            secrets_key: None,
            plugin_cache_dir: Some(
                std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-tests"),
            ),
            plugins_allow_private_hosts: vec![],
            plugin_call_deadline: Duration::from_secs(1),
            plugin_concurrent_calls: 4,
            webhook_payload_retention: Duration::from_secs(7 * 86_400),
        };
        adjust(&mut config);
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let server = app::start(config.clone(), clock.clone())
            .await
            .unwrap_or_else(|e| panic!("server did not start: {e:#}"));
        TestApp {
            base_url: format!("http://{}", server.local_addr),
            clock,
            http: reqwest::Client::new(),
            server: Some(server),
            config,
            _database: database,
            _data_dir: data_dir,
        }
    }

    /// Stops the server and starts it again on the same database, data dir and clock, with
    /// `adjust`ed settings (a new port).
    pub async fn restart_with(&mut self, adjust: impl FnOnce(&mut Config)) {
        if let Some(server) = self.server.take() {
            server
                .shutdown()
                .await
                .unwrap_or_else(|e| panic!("shutdown failed: {e:#}"));
        }
        adjust(&mut self.config);
        let server = app::start(self.config.clone(), self.clock.clone())
            .await
            .unwrap_or_else(|e| panic!("server did not restart: {e:#}"));
        self.base_url = format!("http://{}", server.local_addr);
        self.server = Some(server);
    }

    /// Runs a statement on the server's database (tests set up what no API sets yet).
    pub async fn execute(&self, sql: &str) -> u64 {
        let db = &self.server.as_ref().unwrap_or_else(|| panic!("stopped")).db;
        let done = match db {
            Db::Sqlite(pool, _) => sqlx::query(sql)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()),
            Db::Postgres(pool) => sqlx::query(sql)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()),
        };
        done.unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// A number from the server's database.
    pub async fn count(&self, sql: &str) -> i64 {
        let db = &self.server.as_ref().unwrap_or_else(|| panic!("stopped")).db;
        let value = match db {
            Db::Sqlite(pool, _) => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await,
        };
        value.unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// A binary value from the server's database (a BLOB / BYTEA column), if a row matches.
    pub async fn bytes(&self, sql: &str) -> Option<Vec<u8>> {
        let db = &self.server.as_ref().unwrap_or_else(|| panic!("stopped")).db;
        let value = match db {
            Db::Sqlite(pool, _) => {
                sqlx::query_scalar::<_, Vec<u8>>(sql)
                    .fetch_optional(pool)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar::<_, Vec<u8>>(sql)
                    .fetch_optional(pool)
                    .await
            }
        };
        value.unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self._data_dir.path()
    }

    fn running(&self) -> &RunningServer {
        self.server.as_ref().unwrap_or_else(|| panic!("stopped"))
    }

    /// How many subscriptions listen on `hub` now.
    pub fn listeners(&self, hub: Hub) -> usize {
        let server = self.running();
        match hub {
            Hub::Events => server.events.listeners(),
            Hub::Presence => server.presence.listeners(),
            Hub::Audit => server.audit.listeners(),
        }
    }

    /// Waits until at least `count` subscriptions listen on `hub`: from then on, what is
    /// published there reaches them. Fails after [`WAIT_LIMIT`].
    pub async fn wait_for_listeners(&self, hub: Hub, count: usize) {
        let deadline = Instant::now() + WAIT_LIMIT;
        loop {
            let listening = self.listeners(hub);
            if listening >= count {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{listening} subscriptions listen on the {hub:?} hub after {WAIT_LIMIT:?}, \
                 not {count}: a subscription never registered"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// Tells the subscribers of `conversation` that `token`'s caller stopped typing: a `TYPING`
    /// event that is stored nowhere and reaches whoever may read the conversation after every
    /// event published before it, in the order they were published. Reading up to it
    /// ([`WsClient::until_fence`]) is reading everything that came before, and nothing else.
    /// (`typing: false`, so no read or typing signal goes to a channel.)
    pub async fn fence(&self, token: &str, conversation: &str) {
        let body = self
            .gql(
                Some(token),
                "mutation($c: ID!) { sendTyping(conversationId: $c, typing: false) }",
                json!({ "c": conversation }),
            )
            .await;
        assert_eq!(data(&body)["sendTyping"], true, "{body}");
    }

    pub fn ws_url(&self) -> String {
        format!("{}/graphql", self.base_url.replacen("http://", "ws://", 1))
    }

    /// POSTs a GraphQL request and returns the whole response body.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.base_url))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("request failed: {e}"));
        response
            .json()
            .await
            .unwrap_or_else(|e| panic!("response is not JSON: {e}"))
    }

    /// POSTs a GraphQL multipart request to `/graphql/upload` with `file` as `$file`; returns the
    /// HTTP status and the body.
    pub async fn gql_upload(
        &self,
        token: Option<&str>,
        query: &str,
        mut variables: Value,
        file: &UploadFile,
    ) -> (u16, Value) {
        variables["file"] = Value::Null;
        let operations = json!({ "query": query, "variables": variables }).to_string();
        let part = reqwest::multipart::Part::bytes(file.bytes.clone())
            .file_name(file.name.clone())
            .mime_str(&file.content_type)
            .unwrap();
        let form = reqwest::multipart::Form::new()
            .text("operations", operations)
            .text("map", json!({ "0": ["variables.file"] }).to_string())
            .part("0", part);
        let mut request = self
            .http
            .post(format!("{}/graphql/upload", self.base_url))
            .multipart(form);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("upload failed: {e}"));
        let status = response.status().as_u16();
        let body = response
            .json()
            .await
            .unwrap_or_else(|e| panic!("response is not JSON: {e}"));
        (status, body)
    }

    pub async fn try_login(&self, login: &str, password: &str) -> Value {
        self.gql(
            None,
            "mutation($l: String!, $p: String!) { login(login: $l, password: $p) {
                accessToken refreshToken user { id role } } }",
            json!({ "l": login, "p": password }),
        )
        .await
    }

    pub async fn login(&self, login: &str, password: &str) -> Tokens {
        let body = self.try_login(login, password).await;
        let payload = &data(&body)["login"];
        tokens(payload)
    }

    pub async fn admin(&self) -> Tokens {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// A team named `team` with one agent `agent` in it, logged in: `(team id, agent)`.
    pub async fn team_with_agent(&self, admin: &str, team: &str, agent: &str) -> (String, Tokens) {
        let team = crate::conversations::create_team(self, admin, team).await;
        let tokens = self.user(admin, "AGENT", agent).await;
        data(
            &self
                .gql(
                    Some(admin),
                    "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }",
                    json!({ "t": team, "u": tokens.user_id }),
                )
                .await,
        );
        (team, tokens)
    }

    /// Creates a user of `role` (`ADMIN`, `SUPERVISOR`, `AGENT`) and logs them in.
    pub async fn user(&self, admin: &str, role: &str, username: &str) -> Tokens {
        let password = format!("{username}-password");
        let body = self
            .gql(
                Some(admin),
                "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }",
                json!({ "input": {
                    "name": format!("Test {username}"),
                    "email": format!("{username}@provedor.test"),
                    "username": username,
                    "password": password,
                    "role": role,
                }}),
            )
            .await;
        data(&body);
        self.login(username, &password).await
    }

    pub async fn shutdown(mut self) {
        if let Some(server) = self.server.take() {
            server
                .shutdown()
                .await
                .unwrap_or_else(|e| panic!("shutdown failed: {e:#}"));
        }
    }
}

/// Polls `probe` until it yields a value: every 20 ms, bounded (about 20 s, then the test fails
/// naming `what` it waited for).
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A file part for [`TestApp::gql_upload`].
#[derive(Debug, Clone)]
pub struct UploadFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl UploadFile {
    pub fn new(name: &str, content_type: &str, bytes: &[u8]) -> Self {
        UploadFile {
            name: name.into(),
            content_type: content_type.into(),
            bytes: bytes.to_vec(),
        }
    }

    /// A real 1×1 PNG.
    pub fn png(name: &str) -> Self {
        UploadFile::new(name, "image/png", PNG_1X1)
    }
}

pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

pub fn tokens(payload: &Value) -> Tokens {
    Tokens {
        access: str_at(payload, "accessToken"),
        refresh: str_at(payload, "refreshToken"),
        user_id: str_at(&payload["user"], "id"),
    }
}

pub fn str_at(value: &Value, key: &str) -> String {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key:?} in {value}"))
        .to_owned()
}

/// The `data` of a response that must have succeeded.
pub fn data(body: &Value) -> &Value {
    assert!(body.get("errors").is_none(), "unexpected errors: {body}");
    &body["data"]
}

/// A response header's value as text; empty when absent.
pub fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The `extensions.code` of the first error of a response that must have failed.
pub fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error with a code, got {body}"))
}

pub fn error_field(body: &Value) -> &str {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error naming a field, got {body}"))
}

/// The `extensions.reason` of the first error: the rule a refusal names, for clients to translate.
pub fn error_reason(body: &Value) -> &str {
    body["errors"][0]["extensions"]["reason"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error naming a reason, got {body}"))
}

/// How long a test waits for something that should happen at once before it fails.
pub const WAIT_LIMIT: Duration = Duration::from_secs(10);

/// Where a subscription listens inside the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hub {
    /// The conversation event bus: `inboxEvents`, `conversationEvents`, `visitorEvents`.
    Events,
    /// The presence feed: `presenceEvents`.
    Presence,
    /// The audit log's live entries: `auditEvents`.
    Audit,
}

impl Hub {
    /// The hub the subscription `query` listens on, by its root field.
    pub fn of(query: &str) -> Hub {
        if query.contains("presenceEvents") {
            Hub::Presence
        } else if query.contains("auditEvents") {
            Hub::Audit
        } else {
            Hub::Events
        }
    }
}

/// The `kind` of a subscription payload (`{"inboxEvents": {"kind": …}}` and the like).
pub fn kind_of(event: &Value) -> &str {
    event
        .as_object()
        .and_then(|fields| fields.values().next())
        .and_then(|event| event["kind"].as_str())
        .unwrap_or_default()
}

type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-transport-ws client (the protocol of the `graphql-ws` npm package).
pub struct WsClient {
    socket: Socket,
}

impl WsClient {
    /// Connects and sends `connection_init` with the token; returns the server's first reply.
    pub async fn connect(app: &TestApp, token: Option<&str>) -> (WsClient, Value) {
        let mut client = WsClient::open(app).await;
        let payload = match token {
            Some(token) => json!({ "Authorization": format!("Bearer {token}") }),
            None => json!({}),
        };
        client
            .send(json!({ "type": "connection_init", "payload": payload }))
            .await;
        let reply = client.next().await.unwrap_or(Value::Null);
        (client, reply)
    }

    /// Opens the socket without sending anything.
    pub async fn open(app: &TestApp) -> WsClient {
        let mut request = app.ws_url().into_client_request().unwrap();
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        let (socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .unwrap_or_else(|e| panic!("WebSocket connect failed: {e}"));
        WsClient { socket }
    }

    pub async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap_or_else(|e| panic!("WebSocket send failed: {e}"));
    }

    pub async fn subscribe(&mut self, id: &str, query: &str) {
        self.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query } }))
            .await;
    }

    /// Subscribes, and waits until the server listens for it: whatever is published after this
    /// returns reaches the subscription. Not for a subscription the server is expected to refuse
    /// (it never registers).
    pub async fn subscribe_live(&mut self, app: &TestApp, id: &str, query: &str) {
        let hub = Hub::of(query);
        let before = app.listeners(hub);
        self.subscribe(id, query).await;
        app.wait_for_listeners(hub, before + 1).await;
    }

    /// The next protocol message (pings answered), or `None` when the server closed or 5 s passed.
    pub async fn next(&mut self) -> Option<Value> {
        tokio::time::timeout(Duration::from_secs(5), self.receive())
            .await
            .ok()
            .flatten()
    }

    /// The next protocol message (pings answered), or `None` once the server closed.
    async fn receive(&mut self) -> Option<Value> {
        loop {
            match self.socket.next().await?.ok()? {
                Message::Text(text) => {
                    let value: Value = serde_json::from_str(&text).ok()?;
                    if value["type"] == "ping" {
                        self.send(json!({ "type": "pong" })).await;
                        continue;
                    }
                    return Some(value);
                }
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// The `data` of every event up to and including the first for which `last` holds, in the
    /// order they came. Fails on anything but an event without errors, or after [`WAIT_LIMIT`].
    pub async fn events_until(&mut self, mut last: impl FnMut(&Value) -> bool) -> Vec<Value> {
        let mut events = Vec::new();
        let deadline = tokio::time::Instant::now() + WAIT_LIMIT;
        loop {
            let Ok(message) = tokio::time::timeout_at(deadline, self.receive()).await else {
                panic!("the awaited event did not come within {WAIT_LIMIT:?}; got {events:?}");
            };
            let message =
                message.unwrap_or_else(|| panic!("the server closed the socket; got {events:?}"));
            assert_eq!(message["type"], "next", "{message} after {events:?}");
            assert!(message["payload"]["errors"].is_null(), "{message}");
            let event = message["payload"]["data"].clone();
            let done = last(&event);
            events.push(event);
            if done {
                return events;
            }
        }
    }

    /// Every event before the next `TYPING` one (the fence, see [`TestApp::fence`]), which is
    /// read and left out.
    pub async fn until_fence(&mut self) -> Vec<Value> {
        let mut events = self.events_until(|e| kind_of(e) == "TYPING").await;
        events.pop();
        events
    }

    /// The next message, or the close code if the server closed first; `None` if nothing came
    /// within `wait`.
    pub async fn message_or_close_within(&mut self, wait: Duration) -> Option<Result<Value, u16>> {
        let next = async {
            loop {
                match self.socket.next().await {
                    None | Some(Err(_)) => return Err(1006),
                    Some(Ok(Message::Close(frame))) => {
                        return Err(frame.map_or(1005, |f| u16::from(f.code)));
                    }
                    Some(Ok(Message::Text(text))) => {
                        let Ok(value) = serde_json::from_str::<Value>(&text) else {
                            continue;
                        };
                        if value["type"] == "ping" {
                            continue;
                        }
                        return Ok(value);
                    }
                    Some(Ok(_)) => continue,
                }
            }
        };
        tokio::time::timeout(wait, next).await.ok()
    }

    /// The close code the server sent within `wait` (messages before are skipped): `Some(1006)`
    /// for a connection dropped without a close frame, `None` if it stayed open.
    pub async fn close_code_within(&mut self, wait: Duration) -> Option<u16> {
        let closed = async {
            loop {
                match self.socket.next().await {
                    None | Some(Err(_)) => return 1006,
                    Some(Ok(Message::Close(frame))) => {
                        return frame.map_or(1005, |f| u16::from(f.code));
                    }
                    Some(Ok(_)) => continue,
                }
            }
        };
        tokio::time::timeout(wait, closed).await.ok()
    }

    /// Whether the server closed the connection within `wait` (messages before are skipped).
    pub async fn closed_within(&mut self, wait: Duration) -> bool {
        let closed = async {
            loop {
                match self.socket.next().await {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                    Some(Ok(_)) => continue,
                }
            }
        };
        tokio::time::timeout(wait, closed).await.is_ok()
    }
}
