//! The channel and classifier worlds on real components: `keyword-classifier` and
//! `testing/fake-channel` (whose behaviour `plugins/testing/README.md` specifies).

use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use ispchat_host::plugins::v1::bot::ispchat::types::messages;
use ispchat_host::plugins::v1::channel::ispchat::types::channel::{InboundEvent, SendErrorKind};
use ispchat_host::plugins::{
    Classification, OperatorConfig, OutboundMessage, Plugin, PluginError, PluginSource,
    WebhookRequest, WebhookResult,
};

use super::fixture::{World, copy_dist, message, settings, turn};

const APP_SECRET: &str = "fake-app-secret-123";

fn with_app_secret() -> OperatorConfig {
    OperatorConfig {
        secrets: BTreeMap::from([("app-secret".to_owned(), APP_SECRET.to_owned())]),
        ..OperatorConfig::default()
    }
}

fn signature(key: &str, body: &str) -> String {
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn webhook(method: &str, query: &str, headers: &[(&str, &str)], body: &str) -> WebhookRequest {
    WebhookRequest {
        inbox_id: "inbox-1".into(),
        method: method.into(),
        path: "/".into(),
        query: query.into(),
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        body: body.as_bytes().to_vec(),
        received_at: 1_772_452_800_000,
    }
}

async fn deliver(world: &World, plugin: &Plugin, request: &WebhookRequest) -> WebhookResult {
    match world.runtime.handle_webhook(plugin, request).await {
        Ok(Ok(result)) => result,
        other => panic!("handle-webhook failed: {other:?}"),
    }
}

fn outbound(message_id: &str, recipient: &str) -> OutboundMessage {
    OutboundMessage {
        inbox_id: "inbox-1".into(),
        message_id: message_id.into(),
        conversation_id: "c1".into(),
        recipient: recipient.into(),
        contents: vec![messages::Content::Text("Olá!".into())],
        reply_to_external_id: None,
        ext: "{}".into(),
    }
}

fn top_label(results: &[Classification], id: &str) -> Option<String> {
    let result = results.iter().find(|r| r.message_id == id)?;
    result.labels.first().map(|l| l.label.clone())
}

fn language(results: &[Classification], id: &str) -> Option<String> {
    results
        .iter()
        .find(|r| r.message_id == id)
        .and_then(|r| r.language.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_keyword_classifier_labels_pt_and_en_and_ignores_outgoing() {
    let world = World::sqlite().await;
    let classifier = world.load("keyword-classifier", settings(&[])).await;
    let mut agent_reply = message("agent", "Segue a segunda via do boleto, é só pagar no PIX");
    agent_reply.direction = messages::Direction::Outgoing;
    agent_reply.sender_kind = messages::SenderKind::Agent;
    let batch = vec![
        message(
            "pt-1",
            "Oi, preciso da SEGUNDA VIA do boleto, já paguei com pix",
        ),
        message(
            "pt-2",
            "Minha internet está muito lenta e o wi-fi caiu de novo",
        ),
        message("pt-3", "Quero CANCELAR o contrato, é um absurdo"),
        message("en-1", "Hi, my invoice is wrong and I was charged twice"),
        message(
            "en-2",
            "The internet is down again and the router is offline",
        ),
        agent_reply,
    ];
    let results = match world.runtime.classify(&classifier, &batch).await {
        Ok(Ok(results)) => results,
        other => panic!("classify failed: {other:?}"),
    };

    let expected = [
        ("pt-1", "financeiro", "pt-BR"),
        ("pt-2", "suporte-tecnico", "pt-BR"),
        ("pt-3", "cancelamento", "pt-BR"),
        ("en-1", "financeiro", "en"),
        ("en-2", "suporte-tecnico", "en"),
    ];
    for (id, label, lang) in expected {
        assert_eq!(
            top_label(&results, id).as_deref(),
            Some(label),
            "{id}: {results:?}"
        );
        assert_eq!(
            language(&results, id).as_deref(),
            Some(lang),
            "{id}: {results:?}"
        );
    }
    assert!(
        !results.iter().any(|r| r.message_id == "agent"),
        "outgoing messages are not classified: {results:?}"
    );
    assert_eq!(results.len(), 5);
    let score = |id: &str| {
        results
            .iter()
            .find(|r| r.message_id == id)
            .and_then(|r| r.labels.first())
            .map_or(0.0, |l| l.score)
    };
    // Three financeiro keywords weigh more than two.
    assert!(score("pt-1") > score("en-1"), "{results:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_channel_describe_is_read_at_load() {
    let world = World::sqlite().await;
    let channel = world.load("testing/fake-channel", with_app_secret()).await;
    let info = channel
        .channel_info()
        .unwrap_or_else(|| panic!("a channel keeps its describe() from load"));
    assert_eq!(info.kind, "fake");
    assert_eq!(info.max_text_length, 4096);
    assert!(info.supports_read_receipts);
    assert_eq!(info.reply_window_ms, Some(24 * 60 * 60 * 1000));
    // Reading it at load was a successful call.
    assert_eq!(channel.consecutive_failures(), 0);

    let echo = world.load("echo-bot", settings(&[])).await;
    assert!(echo.channel_info().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_channel_webhook_checks_the_signature_through_the_host() {
    let world = World::sqlite().await;
    let channel = world.load("testing/fake-channel", with_app_secret()).await;
    let body =
        r#"{"id":"wamid-1","from":"5511987654321","name":"Maria","text":"minha internet caiu"}"#;

    let signed = webhook(
        "POST",
        "",
        &[("x-signature", &signature(APP_SECRET, body))],
        body,
    );
    let result = deliver(&world, &channel, &signed).await;
    assert_eq!(result.response.status, 200);
    match result.events.as_slice() {
        [InboundEvent::Message(m)] => {
            assert_eq!(m.external_id, "wamid-1");
            assert_eq!(m.sender.external_id, "5511987654321");
            assert_eq!(m.sender.display_name.as_deref(), Some("Maria"));
            assert!(
                matches!(m.contents.as_slice(), [messages::Content::Text(t)] if t == "minha internet caiu")
            );
        }
        other => panic!("expected one message event, got {other:?}"),
    }

    let status = r#"{"status":"read","id":"fake-m1"}"#;
    let report = webhook(
        "POST",
        "",
        &[("x-signature", &signature(APP_SECRET, status))],
        status,
    );
    match deliver(&world, &channel, &report).await.events.as_slice() {
        [InboundEvent::Delivery(d)] => {
            assert_eq!(d.external_id, "fake-m1");
            assert_eq!(d.state, messages::DeliveryState::Read);
        }
        other => panic!("expected one delivery report, got {other:?}"),
    }

    let forged = signature("not-the-secret", body);
    let tampered_body = body.replace("caiu", "voltou");
    let rejected = [
        webhook("POST", "", &[("x-signature", &forged)], body),
        webhook("POST", "", &[], body),
        webhook(
            "POST",
            "",
            &[("x-signature", &signature(APP_SECRET, body))],
            &tampered_body,
        ),
    ];
    for request in &rejected {
        let result = deliver(&world, &channel, request).await;
        assert_eq!(result.response.status, 401, "{request:?}");
        assert!(result.events.is_empty(), "{:?}", result.events);
    }

    let challenge = webhook(
        "GET",
        "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=t",
        &[],
        "",
    );
    let result = deliver(&world, &channel, &challenge).await;
    assert_eq!(result.response.status, 200);
    assert_eq!(result.response.body, b"1158201444");
    assert!(result.events.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_channel_send_returns_the_external_id_or_a_typed_error() {
    let world = World::sqlite().await;
    let channel = world.load("testing/fake-channel", with_app_secret()).await;

    match world
        .runtime
        .send(&channel, &outbound("m-42", "5511987654321"))
        .await
    {
        Ok(Ok(receipt)) => assert_eq!(receipt.external_id, "fake-m-42"),
        other => panic!("expected a receipt, got {other:?}"),
    }
    match world
        .runtime
        .send(&channel, &outbound("m-43", "outside"))
        .await
    {
        Ok(Err(e)) => {
            assert_eq!(e.kind, SendErrorKind::OutsideWindow);
            assert!(!e.retryable);
        }
        other => panic!("expected outside-window, got {other:?}"),
    }
    match world
        .runtime
        .send(&channel, &outbound("m-44", "busy"))
        .await
    {
        Ok(Err(e)) => {
            assert_eq!(e.kind, SendErrorKind::RateLimited);
            assert!(e.retryable);
            assert_eq!(e.retry_after_ms, Some(30_000));
        }
        other => panic!("expected rate-limited, got {other:?}"),
    }
    // A typed send-error is the plugin's answer, not a failure of the plugin.
    assert_eq!(channel.consecutive_failures(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_channel_component_under_a_bot_manifest_is_refused() {
    let world = World::sqlite().await;
    let copy = copy_dist("testing/fake-channel", |toml| {
        toml.replace("kind = \"channel\"", "kind = \"bot\"")
    });
    let source = PluginSource {
        dist_dir: copy.path().to_owned(),
    };
    match world.runtime.load(&source, with_app_secret()).await {
        Err(err @ PluginError::NotWorld { .. }) => {
            let text = err.to_string();
            assert!(text.contains("does not implement the bot world"), "{text}");
        }
        Err(other) => panic!("expected NotWorld, got {other}"),
        Ok(_) => panic!("a channel component loaded as a bot"),
    }

    // And a channel plugin is not callable through another world's export.
    let channel = world.load("testing/fake-channel", with_app_secret()).await;
    assert!(matches!(
        world.runtime.on_message(&channel, &turn("oi")).await,
        Err(PluginError::WrongKind { .. })
    ));
    assert!(matches!(
        world
            .runtime
            .classify(&channel, &[message("m1", "oi")])
            .await,
        Err(PluginError::WrongKind { .. })
    ));
}
