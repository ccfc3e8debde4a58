//! Channel plugins end to end with the real `testing/fake-channel` component: signed webhooks
//! become conversations (once, however often the provider retries), replies leave through the
//! outbox with the channel's external id, delivery reports only move forward, typed send errors
//! retry or fail, the reply window is enforced, and a pending reply survives a restart.

use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use ispchat_host::plugins::OperatorConfig;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::conversations::{INBOX_EVENTS, subscribed};
use crate::plugins::fixture::dist;
pub(crate) use crate::support::eventually;
use crate::support::{TestApp, Tokens, data, error_code, error_field, error_reason, str_at};

mod operations;

backend_tests!(
    a_signed_webhook_starts_a_conversation_once_however_often_it_is_retried,
    replies_are_sent_through_the_plugin_and_delivery_only_moves_forward,
    busy_recipients_are_retried_and_closed_windows_fail_with_the_reason,
    a_reply_left_in_the_outbox_is_sent_after_a_restart,
    plugin_failures_store_nothing_and_failed_sends_are_retried,
);

/// The value the operator configured for the fake channel's `app-secret`.
pub(crate) const APP_SECRET: &str = "test-app-secret-0123";

pub(crate) fn preload(config: &mut ispchat_host::config::Config) {
    let operator = OperatorConfig {
        settings: BTreeMap::new(),
        secrets: BTreeMap::from([("app-secret".to_owned(), APP_SECRET.to_owned())]),
    };
    // echo-bot only to show that a bot cannot serve as an inbox's channel.
    config.preload_plugins = vec![
        (dist("testing/fake-channel").dist_dir, operator),
        (dist("echo-bot").dist_dir, OperatorConfig::default()),
    ];
}

pub(crate) struct Channel {
    pub(crate) app: TestApp,
    pub(crate) ana: Tokens,
    pub(crate) inbox: String,
}

/// A WhatsApp-kind inbox served by the fake channel, routed to Suporte where Ana works.
async fn channel(app: TestApp) -> Channel {
    channel_with(app, |_| {}).await
}

/// [`channel`], with the server's configuration `adjust`ed after the plugins are preloaded.
pub(crate) async fn channel_with(
    mut app: TestApp,
    adjust: impl FnOnce(&mut ispchat_host::config::Config),
) -> Channel {
    app.restart_with(|config| {
        preload(config);
        adjust(config);
    })
    .await;
    let admin = app.admin().await;
    let (team, ana) = app.team_with_agent(&admin.access, "Suporte", "ana").await;
    // Only a live channel plugin fits a channel inbox, and API inboxes take none.
    let create = "mutation($t: ID!, $kind: InboxKind!, $plugin: String!) { \
        createInbox(input: {name: \"WhatsApp\", kind: $kind, teamId: $t, pluginId: $plugin}) { id pluginId } }";
    for (kind, plugin) in [
        ("API", "fake-channel"),
        ("WHATSAPP", "nope"),
        ("WHATSAPP", "echo-bot"),
    ] {
        let refused = app
            .gql(
                Some(&admin.access),
                create,
                json!({ "t": team, "kind": kind, "plugin": plugin }),
            )
            .await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{kind} {plugin}");
        assert_eq!(error_field(&refused), "input.pluginId", "{kind} {plugin}");
    }
    let body = app
        .gql(
            Some(&admin.access),
            create,
            json!({ "t": team, "kind": "WHATSAPP", "plugin": "fake-channel" }),
        )
        .await;
    let inbox = str_at(&data(&body)["createInbox"], "id");
    assert_eq!(data(&body)["createInbox"]["pluginId"], "fake-channel");
    Channel { app, ana, inbox }
}

fn sign(body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(APP_SECRET.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

impl Channel {
    /// POSTs `body` to the inbox's webhook with `signature`; returns the status and the body.
    pub(crate) async fn post(
        &self,
        path: &str,
        body: &Value,
        signature: Option<&str>,
    ) -> (u16, String) {
        let text = body.to_string();
        let mut request = self
            .app
            .http
            .post(format!(
                "{}/webhooks/{}{path}",
                self.app.base_url, self.inbox
            ))
            .header("content-type", "application/json")
            .body(text.clone());
        let signed = sign(&text);
        if let Some(signature) = signature.map(|s| if s == "valid" { signed.as_str() } else { s }) {
            request = request.header("x-signature", signature);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// A signed customer message.
    pub(crate) async fn customer_says(&self, id: &str, from: &str, text: &str) {
        let (status, body) = self
            .post(
                "",
                &json!({ "id": id, "from": from, "name": format!("Cliente {from}"), "text": text }),
                Some("valid"),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// A signed delivery report.
    pub(crate) async fn status(&self, external_id: &str, status: &str) {
        let (code, body) = self
            .post(
                "",
                &json!({ "id": external_id, "status": status }),
                Some("valid"),
            )
            .await;
        assert_eq!(code, 200, "{body}");
    }

    /// Waits until every stored webhook delivery has been applied; returns how many there are.
    pub(crate) async fn applied(&self) -> i64 {
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

    /// The id of the conversation of the customer who wrote from `from` (named `Cliente <from>`),
    /// once it exists.
    pub(crate) async fn conversation_of(&self, from: &str) -> String {
        eventually("the conversation", || async {
            let body = self
                .app
                .gql(
                    Some(&self.ana.access),
                    "query($q: String) { conversations(filter: {search: $q}) { nodes { id contact { name } } } }",
                    json!({ "q": from }),
                )
                .await;
            let nodes = data(&body)["conversations"]["nodes"].as_array().cloned()?;
            nodes.first().map(|c| str_at(c, "id"))
        })
        .await
    }

    pub(crate) async fn reply(&self, conversation: &str, text: &str) -> Value {
        self.app
            .gql(
                Some(&self.ana.access),
                "mutation($c: ID!, $t: String!) { sendMessage(conversationId: $c, content: $t) { id deliveryState } }",
                json!({ "c": conversation, "t": text }),
            )
            .await
    }

    /// The conversation's messages, oldest first.
    pub(crate) async fn messages(&self, conversation: &str) -> Vec<Value> {
        let body = self
            .app
            .gql(
                Some(&self.ana.access),
                "query($c: ID!) { conversation(id: $c) { messages(last: 50) { nodes { id content direction deliveryState deliveryError deliveryFailure externalId attachments { fileName contentType size } } } } }",
                json!({ "c": conversation }),
            )
            .await;
        data(&body)["conversation"]["messages"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits until message `id` reaches delivery `state`; returns it.
    pub(crate) async fn message_in_state(
        &self,
        conversation: &str,
        id: &str,
        state: &str,
    ) -> Value {
        self.message_where(conversation, &format!("message {id} {state}"), |m| {
            m["id"] == id && m["deliveryState"] == state
        })
        .await
    }

    /// Waits until one of the conversation's messages passes `test`; returns it.
    pub(crate) async fn message_where(
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

async fn a_signed_webhook_starts_a_conversation_once_however_often_it_is_retried(app: TestApp) {
    let c = channel(app).await;
    let mut live = subscribed(&c.app, &c.ana.access, INBOX_EVENTS).await;

    c.customer_says("wamid.1", "5511999990001", "estou sem internet")
        .await;
    // Ana's inbox feed shows the message.
    live.events_until(|e| {
        e["inboxEvents"]["kind"] == "MESSAGE_CREATED"
            && e["inboxEvents"]["message"]["content"] == "estou sem internet"
    })
    .await;
    // The provider retries the same delivery: still one message.
    c.customer_says("wamid.1", "5511999990001", "estou sem internet")
        .await;
    assert_eq!(c.applied().await, 2);
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM messages WHERE external_id = 'wamid.1'")
            .await,
        1
    );
    let conversation = c.conversation_of("5511999990001").await;
    let messages = c.messages(&conversation).await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["direction"], "INCOMING");
    let outcome = c
        .app
        .count(
            "SELECT COUNT(*) FROM channel_inbound WHERE outcome LIKE 'message wamid.1 stored as %'",
        )
        .await;
    assert_eq!(outcome, 2, "each row records what it did");

    // Bad or missing signatures: 401 from the plugin, nothing stored.
    let forged = json!({ "id": "wamid.2", "from": "5511999990002", "text": "oi" });
    assert_eq!(c.post("", &forged, Some("00ff")).await.0, 401);
    assert_eq!(c.post("", &forged, None).await.0, 401);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM channel_inbound").await, 2);
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM messages WHERE external_id = 'wamid.2'")
            .await,
        0
    );
    assert_eq!(c.app.count("SELECT COUNT(*) FROM contacts").await, 1);
    // An unrecognised body is the plugin's 400, with nothing stored.
    assert_eq!(
        c.post("", &json!({ "what": 1 }), Some("valid")).await.0,
        400
    );
    assert_eq!(c.app.count("SELECT COUNT(*) FROM channel_inbound").await, 2);

    // The GET verification handshake is echoed, on the mount and below it.
    for path in ["", "/verify"] {
        let response = c
            .app
            .http
            .get(format!(
                "{}/webhooks/{}{path}?hub.mode=subscribe&hub.challenge=ch4ll3nge",
                c.app.base_url, c.inbox
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.text().await.unwrap_or_default(), "ch4ll3nge");
    }

    // Unknown inboxes, malformed ids and inboxes whose plugin is not live: a bare 404.
    for inbox in [uuid::Uuid::now_v7().to_string(), "not-an-id".to_owned()] {
        let response = c
            .app
            .http
            .post(format!("{}/webhooks/{inbox}", c.app.base_url))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(response.text().await.unwrap_or_default(), "");
    }
    // A plugin uninstalled after the inbox was set up (the API refuses unknown ids up front).
    c.app
        .execute("UPDATE inboxes SET plugin_id = 'not-installed' WHERE name = 'WhatsApp'")
        .await;
    assert_eq!(c.post("", &forged, Some("valid")).await.0, 404);
    c.app.shutdown().await;
}

async fn replies_are_sent_through_the_plugin_and_delivery_only_moves_forward(app: TestApp) {
    let mut c = channel(app).await;
    c.customer_says("wamid.10", "5511999990010", "minha fatura veio errada")
        .await;
    let conversation = c.conversation_of("5511999990010").await;

    let sent = c.reply(&conversation, "Vou verificar, um momento").await;
    let message = str_at(&data(&sent)["sendMessage"], "id");
    let delivered = c.message_in_state(&conversation, &message, "SENT").await;
    let external_id = format!("fake-{message}");
    assert_eq!(delivered["externalId"], external_id.as_str());
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM channel_outbox WHERE state = 'sent' AND attempts = 1")
            .await,
        1
    );

    c.status(&external_id, "read").await;
    c.message_in_state(&conversation, &message, "READ").await;
    // A late "delivered" must not move it back.
    c.status(&external_id, "delivered").await;
    assert_eq!(c.applied().await, 3);
    let after = c.messages(&conversation).await;
    let reply = after
        .iter()
        .find(|m| m["id"] == message.as_str())
        .unwrap_or_else(|| panic!("{after:?}"));
    assert_eq!(reply["deliveryState"], "READ");

    // Private notes never reach the channel.
    let note = c
        .app
        .gql(
            Some(&c.ana.access),
            "mutation($c: ID!) { sendMessage(conversationId: $c, content: \"cliente antigo\", private: true) { id } }",
            json!({ "c": conversation }),
        )
        .await;
    data(&note);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM channel_outbox").await, 1);

    // After the 24-hour window, only a template could be sent: the reply is refused.
    c.app.clock.advance(chrono::Duration::hours(25));
    c.ana = c.app.login("ana", "ana-password").await;
    let late = c.reply(&conversation, "Ainda precisa de ajuda?").await;
    assert_eq!(error_code(&late), "BAD_USER_INPUT", "{late}");
    assert_eq!(error_field(&late), "content");
    assert_eq!(error_reason(&late), "OUTSIDE_REPLY_WINDOW");
    let text = late["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains("24-hour reply window closed") && text.contains("template"),
        "{text}"
    );
    assert_eq!(c.app.count("SELECT COUNT(*) FROM channel_outbox").await, 1);
    // The customer writes again: the window opens again.
    c.customer_says("wamid.11", "5511999990010", "sim").await;
    // Rows keep their raw bodies through the retention (7 days by default), then go.
    assert_eq!(c.applied().await, 4);
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM channel_inbound WHERE raw_body IS NOT NULL")
            .await,
        4
    );
    data(&c.reply(&conversation, "Certo!").await);
    c.app.clock.advance(chrono::Duration::days(8));
    eventually("old webhook rows pruned", || async {
        (c.app.count("SELECT COUNT(*) FROM channel_inbound").await == 0).then_some(())
    })
    .await;

    // A report that overtakes the outbox's record of the external id is looked for again.
    c.status("fake-early", "read").await;
    let waiting = "SELECT COUNT(*) FROM channel_inbound WHERE state = 'pending' AND attempts = 1";
    eventually("the unmatched report waiting", || async {
        (c.app.count(waiting).await == 1).then_some(())
    })
    .await;
    c.app
        .execute("UPDATE messages SET external_id = 'fake-early' WHERE content = 'Certo!'")
        .await;
    c.app.clock.advance(chrono::Duration::seconds(11));
    eventually("the report applied", || async {
        let read = c
            .app
            .count("SELECT COUNT(*) FROM messages WHERE content = 'Certo!' AND delivery_state = 'read'")
            .await;
        (read == 1).then_some(())
    })
    .await;
    c.app.shutdown().await;
}

async fn busy_recipients_are_retried_and_closed_windows_fail_with_the_reason(app: TestApp) {
    let c = channel(app).await;
    c.customer_says("wamid.20", "busy", "oi").await;
    let conversation = c.conversation_of("busy").await;
    let sent = c.reply(&conversation, "Olá! Como posso ajudar?").await;
    let message = str_at(&data(&sent)["sendMessage"], "id");
    let attempts =
        "SELECT CAST(MAX(attempts) AS BIGINT) FROM channel_outbox WHERE state = 'pending'";
    eventually("a first attempt", || async {
        (c.app.count(attempts).await == 1).then_some(())
    })
    .await;
    // The fake provider asked for 30 s: nothing happens before the clock gets there.
    c.app.clock.advance(chrono::Duration::seconds(31));
    eventually("a second attempt", || async {
        (c.app.count(attempts).await == 2).then_some(())
    })
    .await;
    let pending = c.message_in_state(&conversation, &message, "PENDING").await;
    assert!(pending["externalId"].is_null(), "{pending}");

    // The provider refuses for good: FAILED with its reason, no retry.
    c.customer_says("wamid.21", "outside", "oi").await;
    let conversation = c.conversation_of("outside").await;
    let sent = c.reply(&conversation, "Olá!").await;
    let message = str_at(&data(&sent)["sendMessage"], "id");
    let failed = c.message_in_state(&conversation, &message, "FAILED").await;
    assert!(
        failed["deliveryError"]
            .as_str()
            .is_some_and(|e| e.contains("reply window is closed")),
        "{failed}"
    );
    assert_eq!(
        failed["deliveryFailure"], "OUTSIDE_REPLY_WINDOW",
        "{failed}"
    );
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM channel_outbox WHERE state = 'failed' AND attempts = 1")
            .await,
        1
    );
    c.app.shutdown().await;
}

async fn a_reply_left_in_the_outbox_is_sent_after_a_restart(app: TestApp) {
    let mut c = channel(app).await;
    c.customer_says("wamid.30", "5511999990030", "o técnico não veio")
        .await;
    let conversation = c.conversation_of("5511999990030").await;
    // The server comes back without the channel plugin: the reply is accepted and waits.
    c.app
        .restart_with(|config| config.preload_plugins.clear())
        .await;
    let sent = c.reply(&conversation, "Vou reagendar a visita").await;
    let message = str_at(&data(&sent)["sendMessage"], "id");
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM channel_outbox WHERE state = 'pending' AND attempts = 0")
            .await,
        1
    );
    // Stopped with the row pending, started again with the plugin: it is sent.
    c.app.restart_with(preload).await;
    let delivered = c.message_in_state(&conversation, &message, "SENT").await;
    assert_eq!(delivered["externalId"], format!("fake-{message}").as_str());
    c.app.shutdown().await;
}

async fn plugin_failures_store_nothing_and_failed_sends_are_retried(app: TestApp) {
    let mut c = channel(app).await;
    c.customer_says("wamid.40", "hang", "alô").await;
    let conversation = c.conversation_of("hang").await;
    assert_eq!(c.applied().await, 1);

    // A send that never returns is stopped at the deadline and counts as a retryable failure.
    data(&c.reply(&conversation, "Pois não?").await);
    eventually("a failed attempt", || async {
        let failed = c
            .app
            .count(
                "SELECT COUNT(*) FROM channel_outbox WHERE state = 'pending' AND attempts = 1 \
                 AND last_error LIKE '%did not finish%'",
            )
            .await;
        (failed == 1).then_some(())
    })
    .await;

    // A webhook call that never returns is tied to its payload: kept for the operator as a
    // failed delivery, the provider answered 200 so it stops retrying, and the plugin, never
    // disabled, goes on serving the others.
    let message = json!({ "id": "wamid.41", "from": "5511999990041", "text": "oi" });
    for _ in 0..6 {
        let (status, body) = c.post("?hang=1", &message, Some("valid")).await;
        assert_eq!((status, body.as_str()), (200, ""));
    }
    assert_eq!(
        c.app
            .count(
                "SELECT COUNT(*) FROM channel_inbound WHERE state = 'failed' \
                 AND outcome LIKE '%failed on this request (timeout)%'"
            )
            .await,
        6
    );
    c.customer_says("wamid.42", "depois", "ainda funciona")
        .await;
    assert_eq!(c.applied().await, 8);
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM messages WHERE external_id = 'wamid.42'")
            .await,
        1
    );
    // The plugin's own error (its secret is not configured): 500, and nothing stored.
    c.app
        .restart_with(|config| {
            preload(config);
            config.preload_plugins[0].1.secrets.clear();
        })
        .await;
    let (status, body) = c.post("", &message, Some("valid")).await;
    assert_eq!((status, body.as_str()), (500, ""));
    assert_eq!(c.app.count("SELECT COUNT(*) FROM channel_inbound").await, 8);
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM messages WHERE external_id = 'wamid.41'")
            .await,
        0
    );
    c.app.shutdown().await;
}
