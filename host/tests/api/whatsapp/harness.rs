//! The WhatsApp tests' harness: the plugin installed against the fake Graph API, an inbox it
//! serves, Meta-signed webhooks and polling helpers.

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::path::Path;

use hmac::{Hmac, Mac};
use ispchat_host::clock::Clock;
use ispchat_host::plugins::OperatorConfig;
use serde_json::{Value, json};
use sha2::Sha256;

use super::fake_graph::FakeGraph;
use crate::channels::Channel;
pub(crate) use crate::channels::eventually;
use crate::plugins::fixture::dist;
use crate::support::{TestApp, data, str_at};

pub(crate) const APP_SECRET: &str = "whatsapp-app-secret-for-tests";
pub(crate) const VERIFY_TOKEN: &str = "verify-token-for-tests";
pub(crate) const ACCESS_TOKEN: &str = "EAAtest-system-user-token";
pub(crate) const PHONE_NUMBER_ID: &str = "106540352242922";
pub(crate) const CUSTOMER: &str = "5511987654321";

/// A plugin fixture (Meta's documented payloads, see its README).
pub(crate) fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../plugins/whatsapp/test/fixtures")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// The built plugin with its manifest declaring `127.0.0.1:<port>` instead of Meta's hosts
/// (same component, so its checksum holds), copied into `into`.
pub(crate) fn plugin_for(port: u16, into: &Path) -> std::path::PathBuf {
    let source = dist("whatsapp").dist_dir;
    std::fs::copy(source.join("whatsapp.wasm"), into.join("whatsapp.wasm")).unwrap();
    let text = std::fs::read_to_string(source.join("plugin.toml")).unwrap();
    let mut manifest: toml::Table = toml::from_str(&text).unwrap();
    let local = toml::Value::Array(vec![toml::Value::String(format!("127.0.0.1:{port}"))]);
    let capabilities = manifest
        .get_mut("capabilities")
        .and_then(toml::Value::as_table_mut)
        .unwrap_or_else(|| panic!("the plugin declares capabilities"));
    for table in ["http", "secrets"] {
        let table = capabilities
            .get_mut(table)
            .and_then(toml::Value::as_table_mut)
            .unwrap_or_else(|| panic!("capabilities.{table}"));
        if let Some(hosts) = table.get_mut("hosts") {
            *hosts = local.clone();
        }
        if let Some(token) = table
            .get_mut("access-token")
            .and_then(toml::Value::as_table_mut)
        {
            token.insert("hosts".into(), local.clone());
        }
    }
    let text = toml::to_string(&manifest).unwrap();
    std::fs::write(into.join("plugin.toml"), text).unwrap();
    into.to_owned()
}

/// A channel inbox (the channel tests' helpers: `applied`, `conversation_of`, `reply`,
/// `messages`, `message_where`) served by the WhatsApp plugin and its fake Graph API.
pub(crate) struct WhatsApp {
    pub channel: Channel,
    pub graph: FakeGraph,
    _plugin_dir: tempfile::TempDir,
}

impl Deref for WhatsApp {
    type Target = Channel;

    fn deref(&self) -> &Channel {
        &self.channel
    }
}

impl DerefMut for WhatsApp {
    fn deref_mut(&mut self) -> &mut Channel {
        &mut self.channel
    }
}

/// A WhatsApp inbox served by the plugin (talking to the fake Graph API), routed to Suporte.
pub(crate) async fn whatsapp(mut app: TestApp) -> WhatsApp {
    let graph = FakeGraph::start(ACCESS_TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let plugin = plugin_for(graph.port, dir.path());
    let operator = OperatorConfig {
        settings: BTreeMap::from([
            ("phone-number-id".to_owned(), PHONE_NUMBER_ID.to_owned()),
            ("graph-api-base".to_owned(), graph.base_url()),
        ]),
        secrets: BTreeMap::from([
            ("access-token".to_owned(), ACCESS_TOKEN.to_owned()),
            ("app-secret".to_owned(), APP_SECRET.to_owned()),
            ("verify-token".to_owned(), VERIFY_TOKEN.to_owned()),
        ]),
    };
    let trusted = format!("127.0.0.1:{}", graph.port);
    app.restart_with(|config| {
        config.preload_plugins = vec![(plugin, operator)];
        config.plugins_allow_private_hosts = vec![trusted];
    })
    .await;
    let admin = app.admin().await;
    let (team, ana) = app.team_with_agent(&admin.access, "Suporte", "ana").await;
    let body = app
        .gql(
            Some(&admin.access),
            "mutation($t: ID!) { createInbox(input: {name: \"WhatsApp\", kind: WHATSAPP, teamId: $t, pluginId: \"whatsapp\"}) { id } }",
            json!({ "t": team }),
        )
        .await;
    let inbox = str_at(&data(&body)["createInbox"], "id");
    WhatsApp {
        channel: Channel { app, ana, inbox },
        graph,
        _plugin_dir: dir,
    }
}

pub(crate) fn signature(body: &str, secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// `fixture` as customer `from` (named `name`) sent it now, with message id `wamid`.
pub(crate) fn customer_message(kind: &str, wamid: &str, from: &str, name: &str, now: i64) -> Value {
    let mut payload = fixture(kind);
    let value = &mut payload["entry"][0]["changes"][0]["value"];
    value["contacts"][0] = json!({ "profile": { "name": name }, "wa_id": from });
    let message = &mut value["messages"][0];
    message["id"] = json!(wamid);
    message["from"] = json!(from);
    // The fixture's own timestamp is from 2025; the window is about the test clock's now.
    message["timestamp"] = json!(now.to_string());
    payload
}

/// The status fixture for `state`, about message `wamid`.
pub(crate) fn status(state: &str, wamid: &str) -> Value {
    let mut payload = fixture(&format!("status-{state}"));
    payload["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] = json!(wamid);
    payload
}

impl WhatsApp {
    pub fn now(&self) -> i64 {
        self.app.clock.now().timestamp()
    }

    /// POSTs `body` to the webhook with `signature` (none when `None`); status and body.
    pub async fn post(&self, body: &str, signature: Option<String>) -> (u16, String) {
        let mut request = self
            .app
            .http
            .post(format!("{}/webhooks/{}", self.app.base_url, self.inbox))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(signature) = signature {
            request = request.header("x-hub-signature-256", signature);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// POSTs `payload` signed with the app secret, as Meta does; expects a 200.
    pub async fn deliver(&self, payload: &Value) {
        let body = payload.to_string();
        let (status, answer) = self.post(&body, Some(signature(&body, APP_SECRET))).await;
        assert_eq!(status, 200, "{answer}");
    }

    pub async fn customer_says(&self, wamid: &str, from: &str, name: &str) {
        let payload = customer_message("text", wamid, from, name, self.now());
        self.deliver(&payload).await;
    }

    pub async fn shutdown(self) {
        self.channel.app.shutdown().await;
    }
}
