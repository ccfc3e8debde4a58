//! The WhatsApp Cloud API plugin end to end: the real `plugins/whatsapp` component, Meta's
//! documented webhook payloads (the plugin's test fixtures) signed like Meta signs them, and a
//! fake Graph API on 127.0.0.1 (see [`fake_graph`]) that the plugin reaches because its manifest
//! is rewritten to declare that address and the operator trusts it.

mod fake_graph;
mod harness;
mod rich;

use axum::http::Method;
use serde_json::{Value, json};

use self::fake_graph::OUTSIDE_WINDOW;
use self::harness::{
    ACCESS_TOKEN, APP_SECRET, CUSTOMER, PHONE_NUMBER_ID, VERIFY_TOKEN, customer_message, signature,
    status, whatsapp,
};
use crate::conversations::{INBOX_EVENTS, subscribed};
use crate::support::{TestApp, data, error_code, error_field, str_at};

backend_tests!(
    a_signed_message_reaches_the_agent_and_the_reply_reaches_the_graph_api,
    statuses_only_move_delivery_forward_and_failures_keep_meta_s_reason,
    unsigned_forged_and_repeated_webhooks_store_nothing_new,
    closed_windows_are_refused_by_the_host_and_reported_by_meta,
    the_agent_reading_and_typing_show_on_the_customer_s_phone,
    hostile_payloads_are_stored_safely_and_never_take_the_channel_down,
);

/// What a provider (or someone holding its signing secret) can send that no agent types: a NUL
/// in the text, a text longer than a message may be, and bodies nested deep enough to break a
/// JSON parser. Each is answered so that the provider stops retrying, the message is stored in
/// a form the database takes, and the channel keeps serving everyone else.
async fn hostile_payloads_are_stored_safely_and_never_take_the_channel_down(app: TestApp) {
    let w = whatsapp(app).await;
    let mut payload = customer_message("text", "wamid.NUL", CUSTOMER, "Carla Souza", w.now());
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] =
        json!("antes\u{0}depois");
    w.deliver(&payload).await;
    let mut long = customer_message("text", "wamid.LONG", CUSTOMER, "Carla Souza", w.now());
    let novel = "palavra ".repeat(3_000);
    long["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = json!(novel);
    w.deliver(&long).await;
    // Five signed bodies nested 100,000 deep.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    for _ in 0..5 {
        let (status, _) = w.post(&deep, Some(signature(&deep, APP_SECRET))).await;
        assert!(status == 200 || status == 400, "answered {status}");
    }
    // The channel still serves the rest.
    w.customer_says("wamid.AFTER", "5511911112222", "Bruno")
        .await;
    w.applied().await;
    let conversation = w.conversation_of("Carla Souza").await;
    let contents: Vec<String> = w
        .messages(&conversation)
        .await
        .iter()
        .map(|m| m["content"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        contents.contains(&"antes\u{FFFD}depois".to_owned()),
        "{contents:?}"
    );
    let long_parts: Vec<&String> = contents
        .iter()
        .filter(|c| c.starts_with("palavra"))
        .collect();
    let lengths: Vec<usize> = long_parts.iter().map(|p| p.chars().count()).collect();
    assert_eq!(
        lengths.len(),
        3,
        "24,000 characters in three messages: {lengths:?}"
    );
    let joined = long_parts
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined == novel,
        "nothing lost: {lengths:?}, {} of {}",
        joined.len(),
        novel.len()
    );
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM messages WHERE external_id = 'wamid.AFTER'")
            .await,
        1
    );
    w.shutdown().await;
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
    let response = response.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap_or_default(), "1158201444");
    let wrong = w.app.http.get(verify("guess")).send().await;
    assert_eq!(wrong.unwrap().status().as_u16(), 403);

    let mut live = subscribed(&w.app, &w.ana.access, INBOX_EVENTS).await;
    w.customer_says("wamid.IN1", CUSTOMER, "Maria Oliveira")
        .await;
    // Ana's inbox feed shows the message.
    live.events_until(|e| {
        e["inboxEvents"]["kind"] == "MESSAGE_CREATED"
            && e["inboxEvents"]["message"]["content"] == "Does it come in another color?"
    })
    .await;
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
    w.shutdown().await;
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
    // And a reason clients say in the reader's language.
    assert_eq!(failed["deliveryFailure"], "REPORTED");
    w.shutdown().await;
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
    w.shutdown().await;
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
    let queued = w.app.count("SELECT COUNT(*) FROM channel_outbox").await;
    let late = w.reply(&conversation, "Ainda precisa de ajuda?").await;
    assert_eq!(error_code(&late), "BAD_USER_INPUT", "{late}");
    assert_eq!(error_field(&late), "content");
    let text = late["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains("24-hour") && text.contains("template"),
        "{text}"
    );
    // Nothing was queued, and a reply leaves only through the outbox.
    assert_eq!(
        w.app.count("SELECT COUNT(*) FROM channel_outbox").await,
        queued
    );
    assert_eq!(w.graph.sent_messages().len(), before);
    w.shutdown().await;
}

/// Blue ticks and "typing…" on the customer's phone: the agent's `markConversationRead` and `sendTyping`
/// become Cloud API read receipts (with the typing indicator) for the customer's latest message.
async fn the_agent_reading_and_typing_show_on_the_customer_s_phone(app: TestApp) {
    let w = whatsapp(app).await;
    w.customer_says("wamid.SEEN1", CUSTOMER, "Paula Souza")
        .await;
    w.customer_says("wamid.SEEN2", CUSTOMER, "Paula Souza")
        .await;
    let conversation = w.conversation_of("Paula Souza").await;
    w.message_where(&conversation, "both messages", |m| {
        m["externalId"] == "wamid.SEEN2"
    })
    .await;
    let signals = || {
        w.graph
            .received()
            .into_iter()
            .filter(|r| !r.body["status"].is_null())
            .map(|r| {
                assert_eq!(
                    r.authorization.as_deref(),
                    Some(format!("Bearer {ACCESS_TOKEN}").as_str())
                );
                r.body
            })
            .collect::<Vec<_>>()
    };
    for (mutation, expected) in [
        (
            "mutation($c: ID!) { markConversationRead(conversationId: $c) { id } }",
            json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.SEEN2"}),
        ),
        (
            "mutation($c: ID!) { sendTyping(conversationId: $c, typing: true) }",
            json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.SEEN2",
                   "typing_indicator": {"type": "text"}}),
        ),
    ] {
        data(
            &w.app
                .gql(Some(&w.ana.access), mutation, json!({ "c": conversation }))
                .await,
        );
        let seen = harness::eventually("the signal at the Graph API", || async {
            signals().into_iter().find(|body| *body == expected)
        })
        .await;
        assert_eq!(seen, expected);
    }
    assert_eq!(signals().len(), 2, "{:?}", signals());
    w.shutdown().await;
}
