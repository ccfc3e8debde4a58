//! Channel operations end to end with `testing/fake-channel`: the Brazilian ninth digit (an old
//! WhatsApp account and the same number with the 9 are one contact), profile names filling
//! placeholders but never agents' edits, read/typing signals to channels that opt in, and the
//! admins' view of webhook deliveries with retry.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Channel, channel, eventually, preload};
use crate::support::{data, error_code, str_at};
use ispchat_host::storage::Db;

backend_tests!(
    an_old_account_without_the_ninth_digit_is_the_same_contact_and_conversation,
    profile_names_fill_placeholders_but_never_replace_an_agents_edit,
    mark_read_and_typing_reach_a_channel_that_opted_in_once_and_throttled,
    channels_without_the_opt_in_get_no_signals,
    admins_see_deliveries_with_raw_bodies_and_retry_failed_ones,
);

impl Channel {
    /// A signed message from `from` with extra sender fields (`name`, `phone`, `email`).
    async fn message_from(&self, id: &str, from: &str, text: &str, sender: Value) {
        let mut body = json!({ "id": id, "from": from, "text": text });
        if let (Some(body), Some(sender)) = (body.as_object_mut(), sender.as_object()) {
            body.extend(sender.clone());
        }
        let (status, answer) = self.post("", &body, Some("valid")).await;
        assert_eq!(status, 200, "{answer}");
    }

    async fn contact_of(&self, conversation: &str) -> Value {
        let body = self
            .app
            .gql(
                Some(&self.ana.access),
                "query($c: ID!) { conversation(id: $c) { contact { id name phone email identities { identifier } } } }",
                json!({ "c": conversation }),
            )
            .await;
        data(&body)["conversation"]["contact"].clone()
    }

    /// The signals the fake channel recorded, oldest first.
    async fn signals(&self) -> Vec<Value> {
        let sql = "SELECT value FROM plugin_kv WHERE plugin_id = 'fake-channel' \
                   AND key LIKE 'signal:%' ORDER BY key";
        let db = &self
            .app
            .server
            .as_ref()
            .unwrap_or_else(|| panic!("stopped"))
            .db;
        let rows: Vec<Vec<u8>> = match db {
            Db::Sqlite(pool, _) => sqlx::query_scalar(sql).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        }
        .unwrap();
        rows.iter()
            .map(|v| serde_json::from_slice(v).unwrap())
            .collect()
    }

    async fn signals_of(&self, kind: &str) -> Vec<Value> {
        let all = self.signals().await;
        all.into_iter().filter(|s| s["signal"] == kind).collect()
    }

    async fn wait_for_signals(&self, kind: &str, count: usize) -> Vec<Value> {
        eventually(&format!("{count} {kind} signals"), || async {
            let found = self.signals_of(kind).await;
            (found.len() >= count).then_some(found)
        })
        .await
    }

    async fn mark_read(&self, conversation: &str) {
        data(
            &self
                .app
                .gql(
                    Some(&self.ana.access),
                    "mutation($c: ID!) { markConversationRead(conversationId: $c) { id unreadCount } }",
                    json!({ "c": conversation }),
                )
                .await,
        );
    }

    async fn typing(&self, conversation: &str, typing: bool) {
        data(
            &self
                .app
                .gql(
                    Some(&self.ana.access),
                    "mutation($c: ID!, $t: Boolean!) { sendTyping(conversationId: $c, typing: $t) }",
                    json!({ "c": conversation, "t": typing }),
                )
                .await,
        );
    }

    async fn deliveries(&self, token: &str, state: Option<&str>) -> Value {
        self.app
            .gql(
                Some(token),
                "query($i: ID!, $s: ChannelDeliveryState) { channelDeliveries(inboxId: $i, state: $s, first: 10) { \
                   nodes { id inboxId receivedAt state attempts outcome events rawBody rawBodyTruncated \
                           rawBodyBytes nextAttemptAt processedAt } } }",
                json!({ "i": self.inbox, "s": state }),
            )
            .await
    }

    async fn retry(&self, token: &str, id: &str) -> Value {
        self.app
            .gql(
                Some(token),
                "mutation($id: ID!) { retryChannelDelivery(id: $id) { id state attempts outcome } }",
                json!({ "id": id }),
            )
            .await
    }
}

fn nodes(body: &Value) -> Vec<Value> {
    data(body)["channelDeliveries"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The fake channel, configured to opt in to both signals.
fn with_signals(config: &mut ispchat_host::config::Config) {
    preload(config);
    config.preload_plugins[0]
        .1
        .settings
        .insert("signals".into(), r#"["mark-read","typing"]"#.into());
}

async fn an_old_account_without_the_ninth_digit_is_the_same_contact_and_conversation(
    app: crate::support::TestApp,
) {
    let c = channel(app).await;
    // WhatsApp reports an account created before the ninth digit without it…
    c.message_from("wamid.n1", "551187654321", "minha internet caiu", json!({}))
        .await;
    assert_eq!(c.applied().await, 1);
    // …and the same subscriber may write (or be reported) with it.
    c.message_from("wamid.n2", "5511987654321", "ainda sem sinal", json!({}))
        .await;
    assert_eq!(c.applied().await, 2);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM contacts").await, 1);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM conversations").await, 1);
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM contact_identities WHERE identifier = '5511987654321'")
            .await,
        1,
        "the identity is stored with the 9"
    );
    let conversation = c.conversation_of("5511987654321").await;
    assert_eq!(c.messages(&conversation).await.len(), 2);
    // Replies go to the 13-digit form, which WhatsApp accepts for both kinds of account.
    let sent = c.reply(&conversation, "Vamos verificar").await;
    let message = str_at(&data(&sent)["sendMessage"], "id");
    c.message_in_state(&conversation, &message, "SENT").await;

    // A landline-looking number (8 digits from 2-5) is left alone: a different identity.
    c.message_from("wamid.n3", "551133334444", "sou outra pessoa", json!({}))
        .await;
    assert_eq!(c.applied().await, 3);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM contacts").await, 2);

    // Agents' typing follows the same rule: with or without the 9, one phone.
    let admin = c.app.admin().await;
    let create =
        "mutation($p: String!) { createContact(input: {name: \"Rita\", phone: $p}) { phone } }";
    let rita = c
        .app
        .gql(
            Some(&admin.access),
            create,
            json!({ "p": "(21) 6123-4567" }),
        )
        .await;
    assert_eq!(data(&rita)["createContact"]["phone"], "+5521961234567");
    let again = c
        .app
        .gql(
            Some(&admin.access),
            create,
            json!({ "p": "+55 21 96123-4567" }),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
    let landline = c
        .app
        .gql(
            Some(&admin.access),
            create,
            json!({ "p": "+55 21 2345-6789" }),
        )
        .await;
    assert_eq!(data(&landline)["createContact"]["phone"], "+552123456789");
    c.app.shutdown().await;
}

async fn profile_names_fill_placeholders_but_never_replace_an_agents_edit(
    app: crate::support::TestApp,
) {
    let c = channel(app).await;
    // No profile name yet: the contact is named after the identity.
    c.message_from("wamid.p1", "551187650001", "oi", json!({}))
        .await;
    c.applied().await;
    let conversation = c.conversation_of("5511987650001").await;
    let contact = c.contact_of(&conversation).await;
    assert_eq!(contact["name"], "5511987650001");
    assert!(contact["phone"].is_null());

    // The channel learns the profile name, phone and e-mail: they fill the placeholder and the
    // blanks (the phone normalised, with its 9).
    let profile =
        json!({ "name": "Maria Souza", "phone": "+55 11 8765-0001", "email": "maria@example.com" });
    c.message_from("wamid.p2", "551187650001", "alô", profile)
        .await;
    c.applied().await;
    let contact = c.contact_of(&conversation).await;
    assert_eq!(contact["name"], "Maria Souza");
    assert_eq!(contact["phone"], "+5511987650001");
    assert_eq!(contact["email"], "maria@example.com");
    assert_eq!(
        c.app
            .count(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'contact.update' \
                 AND actor_kind = 'system'"
            )
            .await,
        1,
        "the system's change is audited"
    );

    // An agent renames her: later profile names and phones never overwrite that.
    let renamed = c
        .app
        .gql(
            Some(&c.ana.access),
            "mutation($id: ID!) { updateContact(id: $id, input: {name: \"Maria S. (fibra 300M)\"}) { name } }",
            json!({ "id": contact["id"] }),
        )
        .await;
    data(&renamed);
    let other =
        json!({ "name": "Mary", "phone": "+55 11 99999-0002", "email": "other@example.com" });
    c.message_from("wamid.p3", "5511987650001", "e aí?", other)
        .await;
    c.applied().await;
    let contact = c.contact_of(&conversation).await;
    assert_eq!(contact["name"], "Maria S. (fibra 300M)");
    assert_eq!(contact["phone"], "+5511987650001");
    assert_eq!(contact["email"], "maria@example.com");
    assert_eq!(c.app.count("SELECT COUNT(*) FROM contacts").await, 1);
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.update' AND actor_kind = 'system'")
            .await,
        1
    );
    c.app.shutdown().await;
}

async fn mark_read_and_typing_reach_a_channel_that_opted_in_once_and_throttled(
    app: crate::support::TestApp,
) {
    let mut c = channel(app).await;
    c.app.restart_with(with_signals).await;
    c.customer_says("wamid.s1", "5511999990050", "oi").await;
    c.customer_says("wamid.s2", "5511999990050", "tem alguém?")
        .await;
    let conversation = c.conversation_of("5511999990050").await;
    c.applied().await;

    // Read: the latest incoming message, once.
    c.mark_read(&conversation).await;
    let read = c.wait_for_signals("mark-read", 1).await;
    assert_eq!(read[0]["externalId"], "wamid.s2", "{read:?}");
    assert_eq!(read[0]["recipient"], "5511999990050");
    c.mark_read(&conversation).await;

    // Typing: shown against the latest message, at most once per 20 s however often the agent's
    // client reports it; `typing: false` sends nothing.
    for _ in 0..3 {
        c.typing(&conversation, true).await;
    }
    c.typing(&conversation, false).await;
    let typing = c.wait_for_signals("typing", 1).await;
    assert_eq!(typing[0]["externalId"], "wamid.s2");
    // One worker in order: the repeated read mark was handled before the typing signal.
    assert_eq!(c.signals_of("mark-read").await.len(), 1);
    c.app.clock.advance(chrono::Duration::seconds(21));
    c.typing(&conversation, true).await;
    c.wait_for_signals("typing", 2).await;

    // A new customer message can be marked read in its turn.
    c.customer_says("wamid.s3", "5511999990050", "?").await;
    c.applied().await;
    c.mark_read(&conversation).await;
    let read = c.wait_for_signals("mark-read", 2).await;
    assert_eq!(read[1]["externalId"], "wamid.s3");
    // One worker in order: with the last request handled, nothing asked before it is to come.
    assert_eq!(c.signals_of("typing").await.len(), 2);
    // Signals are not messages: nothing in the outbox or the conversation.
    assert_eq!(c.app.count("SELECT COUNT(*) FROM channel_outbox").await, 0);
    assert_eq!(c.messages(&conversation).await.len(), 3);
    c.app.shutdown().await;
}

async fn channels_without_the_opt_in_get_no_signals(app: crate::support::TestApp) {
    let c = channel(app).await;
    c.customer_says("wamid.q1", "5511999990060", "oi").await;
    let conversation = c.conversation_of("5511999990060").await;
    c.applied().await;
    c.mark_read(&conversation).await;
    c.typing(&conversation, true).await;
    // Give the worker time to act (it answers within milliseconds when it does). Time is the
    // subject: a channel without the opt-in is passed over without a trace (not even counted),
    // so there is no event to wait for.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(c.signals().await, Vec::<Value>::new());
    c.app.shutdown().await;
}

async fn admins_see_deliveries_with_raw_bodies_and_retry_failed_ones(app: crate::support::TestApp) {
    let c = channel(app).await;
    let admin = c.app.admin().await;
    c.customer_says("wamid.d1", "5511999990070", "sem internet")
        .await;
    c.applied().await;
    let listed = nodes(&c.deliveries(&admin.access, None).await);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let delivery = &listed[0];
    assert_eq!(delivery["state"], "PROCESSED");
    assert_eq!(delivery["inboxId"], c.inbox.as_str());
    assert_eq!(delivery["attempts"], 1);
    assert!(
        delivery["outcome"]
            .as_str()
            .is_some_and(|o| o.starts_with("message wamid.d1 stored as ")),
        "{delivery}"
    );
    assert_eq!(delivery["events"][0]["type"], "message");
    assert_eq!(delivery["events"][0]["externalId"], "wamid.d1");
    let raw: Value = serde_json::from_str(delivery["rawBody"].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {delivery}"));
    assert_eq!(raw["text"], "sem internet");
    assert_eq!(delivery["rawBodyTruncated"], false);
    assert!(delivery["processedAt"].is_string());

    // Agents see none of it (it is admins' only, like plugins).
    let refused = c.deliveries(&c.ana.access, None).await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    let refused = c.retry(&c.ana.access, &str_at(delivery, "id")).await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");

    // A message longer than a message may be is stored whole, in parts of at most 10,000
    // characters, and its delivery shows the body up to 64 KiB.
    let long = format!("ação {}", "a".repeat(70_000));
    c.message_from("wamid.d2", "5511999990070", &long, json!({}))
        .await;
    c.applied().await;
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM messages WHERE external_id LIKE 'wamid.d2%'")
            .await,
        8
    );
    let processed = nodes(&c.deliveries(&admin.access, Some("PROCESSED")).await);
    assert_eq!(processed.len(), 2);
    let long_delivery = processed
        .iter()
        .find(|d| d["rawBodyTruncated"] == true)
        .unwrap_or_else(|| panic!("no truncated body among {} deliveries", processed.len()));
    let shown = long_delivery["rawBody"].as_str().unwrap_or_default();
    assert!(
        shown.len() <= 64 * 1024 && shown.len() > 60_000,
        "{}",
        shown.len()
    );
    assert!(shown.contains("ação"));
    assert!(long_delivery["rawBodyBytes"].as_i64().unwrap_or_default() > 70_000);
    // Only failed deliveries can be retried.
    let conflict = c.retry(&admin.access, &str_at(delivery, "id")).await;
    assert_eq!(error_code(&conflict), "CONFLICT", "{conflict}");
    let missing = c
        .retry(&admin.access, &uuid::Uuid::now_v7().to_string())
        .await;
    assert_eq!(error_code(&missing), "NOT_FOUND", "{missing}");

    // A report that came before the reply's id was known, left failed (as the worker leaves a
    // row it gave up on); once the id is there, a retry applies it.
    let conversation = c.conversation_of("5511999990070").await;
    let sent = c.reply(&conversation, "Já verifico").await;
    let reply = str_at(&data(&sent)["sendMessage"], "id");
    c.message_in_state(&conversation, &reply, "SENT").await;
    c.status("fake-not-yet", "read").await;
    eventually("the unmatched report waiting", || async {
        let waiting = c
            .app
            .count("SELECT COUNT(*) FROM channel_inbound WHERE state = 'pending' AND attempts = 1")
            .await;
        (waiting == 1).then_some(())
    })
    .await;
    c.app
        .execute("UPDATE channel_inbound SET state = 'failed' WHERE state = 'pending'")
        .await;
    let failed = nodes(&c.deliveries(&admin.access, Some("FAILED")).await);
    let report = failed
        .iter()
        .find(|d| d["events"][0]["type"] == "delivery")
        .unwrap_or_else(|| panic!("{failed:?}"));
    c.app
        .execute(&format!(
            "UPDATE messages SET external_id = 'fake-not-yet' WHERE external_id = 'fake-{reply}'"
        ))
        .await;
    let retried = c.retry(&admin.access, &str_at(report, "id")).await;
    assert_eq!(data(&retried)["retryChannelDelivery"]["id"], report["id"]);
    c.message_in_state(&conversation, &reply, "READ").await;
    c.applied().await;
    let after = nodes(&c.deliveries(&admin.access, None).await);
    let report = after
        .iter()
        .find(|d| d["id"] == report["id"])
        .unwrap_or_else(|| panic!("{after:?}"));
    assert_eq!(report["state"], "PROCESSED");
    assert_eq!(report["attempts"], 2);
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'channel_delivery.retry'")
            .await,
        1
    );

    // Refused webhooks are counted too (the recorder is per process: only growth is ours).
    let refusals = || async {
        let text = c
            .app
            .http
            .get(format!("{}/metrics", c.app.base_url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap_or_default();
        text.lines()
            .find(|l| {
                l.starts_with("ispchat_channel_webhooks_total{")
                    && l.contains("outcome=\"refused\"")
                    && l.contains("plugin=\"fake-channel\"")
            })
            .and_then(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let before = refusals().await;
    let forged = json!({ "id": "wamid.d9", "from": "5511999990070", "text": "oi" });
    assert_eq!(c.post("", &forged, Some("00ff")).await.0, 401);
    assert!(refusals().await >= before + 1.0);
    c.app.shutdown().await;
}
