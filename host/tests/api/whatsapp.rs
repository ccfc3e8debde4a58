//! The WhatsApp Cloud API plugin end to end: the real `plugins/whatsapp` component, Meta's
//! documented webhook payloads (the plugin's test fixtures) signed like Meta signs them, and a
//! fake Graph API on 127.0.0.1 (see [`fake_graph`]) that the plugin reaches because its manifest
//! is rewritten to declare that address and the operator trusts it.

mod fake_graph;
mod rich;

use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::time::Duration;

use axum::http::Method;
use hmac::{Hmac, Mac};
use ispchat_host::clock::Clock;
use ispchat_host::plugins::OperatorConfig;
use serde_json::{Value, json};
use sha2::Sha256;

use self::fake_graph::{FakeGraph, OUTSIDE_WINDOW};
use crate::conversations::{INBOX_EVENTS, create_team, drain, settle, subscribed};
use crate::plugins::fixture::dist;
use crate::support::{TestApp, Tokens, data, error_code, error_field, str_at};

backend_tests!(
    a_signed_message_reaches_the_agent_and_the_reply_reaches_the_graph_api,
    statuses_only_move_delivery_forward_and_failures_keep_meta_s_reason,
    unsigned_forged_and_repeated_webhooks_store_nothing_new,
    closed_windows_are_refused_by_the_host_and_reported_by_meta,
);

const APP_SECRET: &str = "whatsapp-app-secret-for-tests";
const VERIFY_TOKEN: &str = "verify-token-for-tests";
const ACCESS_TOKEN: &str = "EAAtest-system-user-token";
const PHONE_NUMBER_ID: &str = "106540352242922";
const CUSTOMER: &str = "5511987654321";

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
fn plugin_for(port: u16, into: &Path) -> std::path::PathBuf {
    let source = dist("whatsapp").dist_dir;
    std::fs::copy(source.join("whatsapp.wasm"), into.join("whatsapp.wasm"))
        .unwrap_or_else(|e| panic!("{e}"));
    let text =
        std::fs::read_to_string(source.join("plugin.toml")).unwrap_or_else(|e| panic!("{e}"));
    let mut manifest: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
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
    let text = toml::to_string(&manifest).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(into.join("plugin.toml"), text).unwrap_or_else(|e| panic!("{e}"));
    into.to_owned()
}

pub(crate) struct WhatsApp {
    pub app: TestApp,
    pub graph: FakeGraph,
    pub ana: Tokens,
    pub inbox: String,
    _plugin_dir: tempfile::TempDir,
}

/// A WhatsApp inbox served by the plugin (talking to the fake Graph API), routed to Suporte.
pub(crate) async fn whatsapp(mut app: TestApp) -> WhatsApp {
    let graph = FakeGraph::start(ACCESS_TOKEN).await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
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
    let team = create_team(&app, &admin.access, "Suporte").await;
    let ana = app.user(&admin.access, "AGENT", "ana").await;
    data(
        &app.gql(
            Some(&admin.access),
            "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }",
            json!({ "t": team, "u": ana.user_id }),
        )
        .await,
    );
    let body = app
        .gql(
            Some(&admin.access),
            "mutation($t: ID!) { createInbox(input: {name: \"WhatsApp\", kind: WHATSAPP, teamId: $t, pluginId: \"whatsapp\"}) { id } }",
            json!({ "t": team }),
        )
        .await;
    let inbox = str_at(&data(&body)["createInbox"], "id");
    WhatsApp {
        app,
        graph,
        ana,
        inbox,
        _plugin_dir: dir,
    }
}

fn signature(body: &str, secret: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
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
fn status(state: &str, wamid: &str) -> Value {
    let mut payload = fixture(&format!("status-{state}"));
    payload["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] = json!(wamid);
    payload
}

impl WhatsApp {
    fn now(&self) -> i64 {
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
        let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
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

    /// Waits until every stored webhook delivery has been applied; returns how many there are.
    async fn applied(&self) -> i64 {
        eventually("webhook rows applied", || async {
            let pending = self
                .app
                .count("SELECT COUNT(*) FROM channel_inbound WHERE state = 'pending'")
                .await;
            (pending == 0).then_some(())
        })
        .await;
        self.app.count("SELECT COUNT(*) FROM channel_inbound").await
    }

    pub async fn conversation_of(&self, name: &str) -> String {
        eventually("the conversation", || async {
            let body = self
                .app
                .gql(
                    Some(&self.ana.access),
                    "query($q: String) { conversations(filter: {search: $q}) { nodes { id } } }",
                    json!({ "q": name }),
                )
                .await;
            let nodes = data(&body)["conversations"]["nodes"].as_array().cloned()?;
            nodes.first().map(|c| str_at(c, "id"))
        })
        .await
    }

    /// Sends `text` as Ana; returns the new message's id.
    async fn reply(&self, conversation: &str, text: &str) -> Value {
        self.app
            .gql(
                Some(&self.ana.access),
                "mutation($c: ID!, $t: String!) { sendMessage(conversationId: $c, content: $t) { id } }",
                json!({ "c": conversation, "t": text }),
            )
            .await
    }

    async fn messages(&self, conversation: &str) -> Vec<Value> {
        let body = self
            .app
            .gql(
                Some(&self.ana.access),
                "query($c: ID!) { conversation(id: $c) { messages(last: 50) { nodes { id content direction deliveryState deliveryError externalId attachments { fileName contentType size } } } } }",
                json!({ "c": conversation }),
            )
            .await;
        data(&body)["conversation"]["messages"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub async fn message_where(
        &self,
        conversation: &str,
        what: &str,
        test: impl Fn(&Value) -> bool,
    ) -> Value {
        eventually(what, || async {
            self.messages(conversation).await.into_iter().find(&test)
        })
        .await
    }
}

/// Polls `probe` until it yields a value (about 20 s, then the test fails).
pub(crate) async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    for _ in 0..200 {
        if let Some(value) = probe().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("gave up waiting for {what}")
}

async fn a_signed_message_reaches_the_agent_and_the_reply_reaches_the_graph_api(app: TestApp) {
    let w = whatsapp(app).await;
    // Meta's verification handshake, through the host.
    let verify = |token: &str| {
        format!(
            "{}/webhooks/{}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={token}",
            w.app.base_url, w.inbox
        )
    };
    let response = w.app.http.get(verify(VERIFY_TOKEN)).send().await;
    let response = response.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap_or_default(), "1158201444");
    let wrong = w.app.http.get(verify("guess")).send().await;
    assert_eq!(
        wrong.unwrap_or_else(|e| panic!("{e}")).status().as_u16(),
        403
    );

    let mut live = subscribed(&w.app, &w.ana.access, INBOX_EVENTS).await;
    settle().await;
    w.customer_says("wamid.IN1", CUSTOMER, "Maria Oliveira")
        .await;
    let events = drain(&mut live, Duration::from_secs(3)).await;
    assert!(
        events
            .iter()
            .any(|e| e["inboxEvents"]["kind"] == "MESSAGE_CREATED"
                && e["inboxEvents"]["message"]["content"] == "Does it come in another color?"),
        "Ana's inbox feed did not show the message: {events:?}"
    );
    let conversation = w.conversation_of("Maria Oliveira").await;

    let sent = w.reply(&conversation, "Temos em azul e verde!").await;
    let id = str_at(&data(&sent)["sendMessage"], "id");
    let reply = w
        .message_where(&conversation, "the reply sent", |m| {
            m["id"] == id.as_str() && m["deliveryState"] == "SENT"
        })
        .await;
    assert_eq!(reply["externalId"], "wamid.fake.1");
    // Read receipts or typing signals the host may add are not messages: only sends count.
    let received: Vec<_> = w
        .graph
        .received()
        .into_iter()
        .filter(|r| r.body["status"].is_null())
        .collect();
    assert_eq!(received.len(), 1, "{received:?}");
    let request = &received[0];
    assert_eq!(request.method, Method::POST);
    assert_eq!(
        request.path_and_query,
        format!("/v21.0/{PHONE_NUMBER_ID}/messages")
    );
    assert_eq!(
        request.authorization.as_deref(),
        Some(format!("Bearer {ACCESS_TOKEN}").as_str())
    );
    assert_eq!(
        request.body,
        json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": CUSTOMER,
            "type": "text",
            "text": { "preview_url": false, "body": "Temos em azul e verde!" },
        })
    );
    w.app.shutdown().await;
}

async fn statuses_only_move_delivery_forward_and_failures_keep_meta_s_reason(app: TestApp) {
    let w = whatsapp(app).await;
    w.customer_says("wamid.IN2", CUSTOMER, "Joana Lima").await;
    let conversation = w.conversation_of("Joana Lima").await;
    let mut ids = Vec::new();
    for text in ["Primeira", "Segunda", "Terceira"] {
        let sent = w.reply(&conversation, text).await;
        let id = str_at(&data(&sent)["sendMessage"], "id");
        w.message_where(&conversation, "a reply sent", |m| {
            m["id"] == id.as_str() && m["deliveryState"] == "SENT"
        })
        .await;
        ids.push(id);
    }
    let wamid = |i: usize| format!("wamid.fake.{}", i + 1);
    let state_of = |i: usize, state: &'static str| {
        let id = ids[i].clone();
        move |m: &Value| m["id"] == id.as_str() && m["deliveryState"] == state
    };

    // In order: sent, delivered, read.
    for state in ["sent", "delivered", "read"] {
        w.deliver(&status(state, &wamid(0))).await;
    }
    w.message_where(&conversation, "the first read", state_of(0, "READ"))
        .await;
    // Read overtakes delivered: it stays read.
    w.deliver(&status("read", &wamid(1))).await;
    w.message_where(&conversation, "the second read", state_of(1, "READ"))
        .await;
    w.deliver(&status("delivered", &wamid(1))).await;
    assert_eq!(w.applied().await, 6);
    let second = w
        .message_where(&conversation, "the second", |m| m["id"] == ids[1].as_str())
        .await;
    assert_eq!(second["deliveryState"], "READ");

    // A failure report carries Meta's code, title and details.
    w.deliver(&status("failed", &wamid(2))).await;
    let failed = w
        .message_where(&conversation, "the third failed", state_of(2, "FAILED"))
        .await;
    assert_eq!(
        failed["deliveryError"],
        "131047 Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number."
    );
    w.app.shutdown().await;
}

async fn unsigned_forged_and_repeated_webhooks_store_nothing_new(app: TestApp) {
    let w = whatsapp(app).await;
    let payload = customer_message("text", "wamid.IN3", CUSTOMER, "Carla Souza", w.now());
    let body = payload.to_string();
    let other = customer_message("image", "wamid.IN4", CUSTOMER, "Carla Souza", w.now());
    for signed in [
        None,
        Some(signature(&body, "not-the-app-secret")),
        Some(signature(&other.to_string(), APP_SECRET)),
        Some("sha256=00ff".to_owned()),
    ] {
        let (status, _) = w.post(&body, signed.clone()).await;
        assert_eq!(status, 401, "{signed:?}");
    }
    // A signed body that is not JSON: the plugin's 400.
    let broken = "{\"object\":";
    let (status, _) = w.post(broken, Some(signature(broken, APP_SECRET))).await;
    assert_eq!(status, 400);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM channel_inbound").await, 0);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM messages").await, 0);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM contacts").await, 0);

    // Meta retries a delivery it thinks failed: one message.
    w.deliver(&payload).await;
    w.deliver(&payload).await;
    assert_eq!(w.applied().await, 2);
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM messages WHERE external_id = 'wamid.IN3'")
            .await,
        1
    );
    let conversation = w.conversation_of("Carla Souza").await;
    assert_eq!(w.messages(&conversation).await.len(), 1);
    w.app.shutdown().await;
}

async fn closed_windows_are_refused_by_the_host_and_reported_by_meta(app: TestApp) {
    let mut w = whatsapp(app).await;
    // Meta says the window is closed (131047): failed at once, with a reason people can read.
    w.customer_says("wamid.IN5", OUTSIDE_WINDOW, "Pedro Alves")
        .await;
    let conversation = w.conversation_of("Pedro Alves").await;
    let sent = w.reply(&conversation, "Olá Pedro").await;
    let id = str_at(&data(&sent)["sendMessage"], "id");
    let failed = w
        .message_where(&conversation, "the refused reply", |m| {
            m["id"] == id.as_str() && m["deliveryState"] == "FAILED"
        })
        .await;
    let reason = failed["deliveryError"].as_str().unwrap_or_default();
    assert!(
        reason.contains("131047") && reason.contains("more than 24 hours have passed"),
        "{reason}"
    );
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM channel_outbox WHERE state = 'failed' AND attempts = 1")
            .await,
        1,
        "a closed window is not retried"
    );

    // 25 hours after the customer's last message the host refuses before sending anything.
    w.customer_says("wamid.IN6", CUSTOMER, "Rita Gomes").await;
    let conversation = w.conversation_of("Rita Gomes").await;
    w.app.clock.advance(chrono::Duration::hours(25));
    w.ana = w.app.login("ana", "ana-password").await;
    let before = w.graph.sent_messages().len();
    let late = w.reply(&conversation, "Ainda precisa de ajuda?").await;
    assert_eq!(error_code(&late), "BAD_USER_INPUT", "{late}");
    assert_eq!(error_field(&late), "content");
    let text = late["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains("24-hour") && text.contains("template"),
        "{text}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(w.graph.sent_messages().len(), before);
    w.app.shutdown().await;
}
