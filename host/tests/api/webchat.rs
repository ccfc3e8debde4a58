//! The web chat as a channel plugin end to end: the real `plugins/webchat` component serving a
//! WEB inbox, visitors writing through the widget's API, agents replying through the outbox.

mod harness;

use serde_json::{Value, json};

use self::harness::{MAX_TEXT, SEND, walk, webchat};
use crate::channels::eventually;
use crate::conversations::{INBOX_EVENTS, subscribed};
use crate::support::{TestApp, UploadFile, WsClient, data, error_code, error_field, str_at};

backend_tests!(
    visitor_messages_pass_through_the_plugin_to_the_agent_and_into_channel_deliveries,
    refusals_name_the_field_in_the_visitor_s_language_and_store_nothing,
    a_clicked_choice_is_stored_as_the_answer_to_the_prompt,
    visitor_files_are_checked_by_type_and_stored_once,
    agent_replies_go_out_through_the_plugin_and_are_read_by_the_visitor,
    a_disabled_plugin_refuses_visitors_and_nothing_is_half_stored,
    a_row_stored_by_a_request_that_died_is_applied_by_the_worker,
    an_upload_left_by_a_request_that_died_is_recovered_from_disk_or_reported_lost,
    without_the_plugin_web_inboxes_keep_the_host_s_own_path,
);

async fn visitor_messages_pass_through_the_plugin_to_the_agent_and_into_channel_deliveries(
    app: TestApp,
) {
    let w = webchat(app).await;
    let mut live = subscribed(&w.app, &w.ana.access, INBOX_EVENTS).await;
    let (token, contact) = w.visitor("Maria", "pt-BR").await;
    let body = w
        .send(&token, "  Minha internet caiu\u{7}  ", "c-1", None)
        .await;
    let sent = &data(&body)["sendVisitorMessage"];
    // Trimmed and without the control character: the plugin normalised it.
    assert_eq!(sent["content"], "Minha internet caiu", "{body}");
    let again = w
        .send(&token, "  Minha internet caiu\u{7}  ", "c-1", None)
        .await;
    assert_eq!(data(&again)["sendVisitorMessage"]["id"], sent["id"]);
    assert_eq!(w.messages().await, 1);

    // Ana's inbox feed shows the message.
    live.events_until(|e| {
        e["inboxEvents"]["kind"] == "MESSAGE_CREATED"
            && e["inboxEvents"]["message"]["content"] == "Minha internet caiu"
    })
    .await;

    // Both sends are on record with the body the host posted, applied.
    let rows = w.deliveries().await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    for row in &rows {
        assert_eq!(row["state"], "PROCESSED", "{row}");
        let raw: Value = serde_json::from_str(row["rawBody"].as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}: {row}"));
        assert_eq!(raw["clientMessageId"], "c-1");
        assert_eq!(raw["visitor"]["contactId"], contact.as_str());
        assert_eq!(raw["text"], "  Minha internet caiu\u{7}  ");
    }
    let external = format!("web:{contact}:c-1");
    assert_eq!(
        w.app
            .count(&format!(
                "SELECT COUNT(*) FROM messages WHERE external_id = '{external}'"
            ))
            .await,
        1
    );

    // Nobody but the host speaks for visitors: the public webhook refuses web inboxes.
    let forged = json!({ "visitor": { "contactId": contact, "identifier": "x" },
                         "clientMessageId": "forged", "text": "oi" });
    for path in ["", "/visitor/messages"] {
        let response = w
            .app
            .http
            .post(format!("{}/webhooks/{}{path}", w.app.base_url, w.inbox))
            .json(&forged)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 404, "{path}");
    }
    assert_eq!(w.rows().await, 2);
    assert_eq!(w.messages().await, 1);
}

async fn refusals_name_the_field_in_the_visitor_s_language_and_store_nothing(app: TestApp) {
    let w = webchat(app).await;
    let (pt, _) = w.visitor("Maria", "pt-BR").await;
    let (en, _) = w.visitor("Mary", "en").await;
    let long = "x".repeat(MAX_TEXT + 1);
    let body = w.send(&pt, &long, "long-1", None).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(error_field(&body), "content", "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        format!(
            "content: A mensagem tem {} caracteres; o máximo é {MAX_TEXT}.",
            MAX_TEXT + 1
        ),
        "{body}"
    );
    let body = w.send(&en, &long, "long-2", None).await;
    assert_eq!(error_field(&body), "content", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("the limit is {MAX_TEXT}"))),
        "{body}"
    );
    let body = w.send(&pt, " \u{7} ", "empty", None).await;
    assert_eq!(error_field(&body), "content", "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "content: A mensagem está vazia."
    );
    assert_eq!(w.messages().await, 0);
    assert_eq!(w.rows().await, 0);
    // Exactly the limit is fine.
    let ok = w.send(&pt, &"x".repeat(MAX_TEXT), "max", None).await;
    assert_eq!(
        data(&ok)["sendVisitorMessage"]["content"]
            .as_str()
            .map(|c| c.chars().count()),
        Some(MAX_TEXT)
    );
}

async fn a_clicked_choice_is_stored_as_the_answer_to_the_prompt(app: TestApp) {
    let w = webchat(app).await;
    let (token, _) = w.visitor("Maria", "pt-BR").await;
    let body = w
        .send(&token, "2ª via do boleto", "choice-1", Some("boleto"))
        .await;
    let sent = &data(&body)["sendVisitorMessage"];
    assert_eq!(sent["content"], "2ª via do boleto");
    let conversation = str_at(sent, "conversationId");
    let messages = w.staff_messages(&conversation).await;
    assert_eq!(
        messages[0]["attributes"]["choiceSelected"],
        json!({ "id": "boleto", "title": "2ª via do boleto" }),
        "{messages:?}"
    );
    let body = w
        .send(&token, "x", "choice-2", Some(&"i".repeat(257)))
        .await;
    assert_eq!(error_field(&body), "choiceId", "{body}");
    // Plain text carries no answer.
    let body = w.send(&token, "obrigada", "text-1", None).await;
    data(&body);
    let messages = w.staff_messages(&conversation).await;
    assert!(messages[1]["attributes"].is_null(), "{messages:?}");
}

async fn visitor_files_are_checked_by_type_and_stored_once(app: TestApp) {
    let w = webchat(app).await;
    let (token, _) = w.visitor("Fábio", "pt-BR").await;
    let upload = "mutation($file: Upload!, $id: String!) { sendVisitorAttachment(file: $file, \
                  caption: \" meu roteador \", clientMessageId: $id) { id conversationId content \
                  attachments { fileName contentType } } }";
    let png = UploadFile::png("roteador.png");
    let (status, body) = w
        .app
        .gql_upload(Some(&token), upload, json!({ "id": "f-1" }), &png)
        .await;
    assert_eq!(status, 200, "{body}");
    let sent = &data(&body)["sendVisitorAttachment"];
    assert_eq!(sent["content"], "meu roteador");
    assert_eq!(sent["attachments"][0]["contentType"], "image/png");
    let (_, again) = w
        .app
        .gql_upload(Some(&token), upload, json!({ "id": "f-1" }), &png)
        .await;
    assert_eq!(data(&again)["sendVisitorAttachment"]["id"], sent["id"]);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM attachments").await, 1);
    // The plugin saw the upload's metadata, not its bytes.
    let rows = w.deliveries().await;
    let raw: Value = serde_json::from_str(rows[0]["rawBody"].as_str().unwrap_or_default()).unwrap();
    assert_eq!(raw["attachment"]["mimeType"], "image/png", "{raw}");
    assert_eq!(raw["attachment"]["sizeBytes"], png.bytes.len(), "{raw}");

    // A type the host takes but the plugin's setting does not: refused, nothing kept.
    let text = UploadFile::new("notas.txt", "text/plain", b"modem reiniciado duas vezes");
    let (_, body) = w
        .app
        .gql_upload(Some(&token), upload, json!({ "id": "f-2" }), &text)
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(error_field(&body), "file", "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "file: Arquivos do tipo text/plain não são aceitos neste chat."
    );
    assert_eq!(w.app.count("SELECT COUNT(*) FROM attachments").await, 1);
    assert_eq!(w.messages().await, 1);
    let files = walk(&w.app.data_dir().join("attachments"));
    assert_eq!(
        files.len(),
        1,
        "only the accepted file stays on disk: {files:?}"
    );
}

async fn agent_replies_go_out_through_the_plugin_and_are_read_by_the_visitor(app: TestApp) {
    let w = webchat(app).await;
    let (token, _) = w.visitor("Maria", "pt-BR").await;
    let body = w.send(&token, "Oi", "c-1", None).await;
    let conversation = str_at(&data(&body)["sendVisitorMessage"], "conversationId");
    let mark_read = "mutation($c: ID!) { visitorMarkRead(conversationId: $c) }";

    let reply = w.reply(&conversation, "Olá! Já verifico.").await;
    let sent = w.reply_where(&conversation, &reply, "SENT").await;
    assert_eq!(sent["externalId"], format!("webchat:{reply}"));
    let read = w
        .app
        .gql(Some(&token), mark_read, json!({ "c": conversation }))
        .await;
    assert_eq!(data(&read)["visitorMarkRead"], 1, "{read}");
    w.reply_where(&conversation, &reply, "READ").await;
    // The receipt went through the plugin, on record like any channel's report.
    let rows = w.deliveries().await;
    assert!(
        rows.iter().any(|r| r["rawBody"]
            .as_str()
            .is_some_and(|b| b.contains("externalIds") && b.contains(&format!("webchat:{reply}")))),
        "{rows:?}"
    );
    // Nothing left unread: no new request.
    let read = w
        .app
        .gql(Some(&token), mark_read, json!({ "c": conversation }))
        .await;
    assert_eq!(data(&read)["visitorMarkRead"], 0, "{read}");

    // With the widget connected: a reply the plugin took is pushed and becomes DELIVERED; what
    // the widget cannot show fails with the plugin's reason, pushed or not.
    let (mut widget, ack) = WsClient::connect(&w.app, Some(&token)).await;
    assert_eq!(ack["type"], "connection_ack");
    widget
        .subscribe_live(
            &w.app,
            "1",
            "subscription { visitorEvents { kind message { content deliveryState } } }",
        )
        .await;
    let live = w.reply(&conversation, "Pode reiniciar o modem?").await;
    w.reply_where(&conversation, &live, "DELIVERED").await;
    let long = w.reply(&conversation, &"y".repeat(MAX_TEXT + 5)).await;
    let failed = w.reply_where(&conversation, &long, "FAILED").await;
    assert!(
        failed["deliveryError"]
            .as_str()
            .is_some_and(|e| e.contains(&format!("shows at most {MAX_TEXT}"))),
        "{failed}"
    );
}

async fn a_disabled_plugin_refuses_visitors_and_nothing_is_half_stored(app: TestApp) {
    let w = webchat(app).await;
    let (token, _) = w.visitor("Maria", "pt-BR").await;
    let toggle = |op: &'static str| {
        let app = &w.app;
        let admin = w.admin.access.clone();
        async move {
            data(
                &app.gql(
                    Some(&admin),
                    &format!("mutation {{ {op}(id: \"webchat\") {{ id }} }}"),
                    json!({}),
                )
                .await,
            );
        }
    };
    toggle("disablePlugin").await;
    let body = w.send(&token, "Alguém aí?", "c-1", None).await;
    assert_eq!(error_code(&body), "UNAVAILABLE", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unavailable")),
        "{body}"
    );
    assert_eq!(w.messages().await, 0);
    assert_eq!(w.rows().await, 0);
    // The widget sends the unconfirmed message again, with the same id, once it is back.
    toggle("enablePlugin").await;
    let body = w.send(&token, "Alguém aí?", "c-1", None).await;
    assert_eq!(data(&body)["sendVisitorMessage"]["content"], "Alguém aí?");
    assert_eq!(w.messages().await, 1);
}

async fn without_the_plugin_web_inboxes_keep_the_host_s_own_path(app: TestApp) {
    let admin = app.admin().await;
    let body = app
        .gql(
            Some(&admin.access),
            "mutation { createInbox(input: {name: \"Site\", kind: WEB}) { id pluginId } }",
            json!({}),
        )
        .await;
    let created = &data(&body)["createInbox"];
    assert!(created["pluginId"].is_null(), "{body}");
    let inbox = str_at(created, "id");
    let body = app
        .gql(
            None,
            "mutation($i: StartVisitorSessionInput!) { startVisitorSession(input: $i) { token } }",
            json!({ "i": { "inboxId": inbox, "name": "Maria" } }),
        )
        .await;
    let token = str_at(&data(&body)["startVisitorSession"], "token");
    let body = app
        .gql(
            Some(&token),
            SEND,
            json!({ "c": "Menu", "id": "c-1", "choice": "menu" }),
        )
        .await;
    let sent = &data(&body)["sendVisitorMessage"];
    assert_eq!(sent["content"], "Menu");
    assert_eq!(app.count("SELECT COUNT(*) FROM channel_inbound").await, 0);
    let body = app
        .gql(
            Some(&admin.access),
            "query($c: ID!) { conversation(id: $c) { messages { nodes { attributes { choiceSelected { id title } } } } } }",
            json!({ "c": sent["conversationId"] }),
        )
        .await;
    assert_eq!(
        data(&body)["conversation"]["messages"]["nodes"][0]["attributes"]["choiceSelected"],
        json!({ "id": "menu", "title": "Menu" })
    );
}

async fn a_row_stored_by_a_request_that_died_is_applied_by_the_worker(app: TestApp) {
    let w = webchat(app).await;
    let (token, contact) = w.visitor("Maria", "pt-BR").await;
    let body = w.send(&token, "Primeira", "c-1", None).await;
    data(&body);
    assert_eq!(w.messages().await, 1);
    // As if the request had stored the plugin's events for another message and died before
    // applying them: a pending row, its lease gone.
    w.as_if_died("c-1", "c-9").await;
    let external = format!("web:{contact}:c-9");
    eventually("the worker applying the row", || async {
        let stored = w
            .app
            .count(&format!(
                "SELECT COUNT(*) FROM messages WHERE external_id = '{external}'"
            ))
            .await;
        (stored == 1).then_some(())
    })
    .await;
    eventually("the row processed", || async {
        let pending = w
            .app
            .count("SELECT COUNT(*) FROM channel_inbound WHERE state = 'pending'")
            .await;
        (pending == 0).then_some(())
    })
    .await;
    assert_eq!(w.messages().await, 2);
}

async fn an_upload_left_by_a_request_that_died_is_recovered_from_disk_or_reported_lost(
    app: TestApp,
) {
    let w = webchat(app).await;
    let (token, contact) = w.visitor("Fábio", "pt-BR").await;
    let upload = "mutation($file: Upload!, $id: String!) { sendVisitorAttachment(file: $file, \
                  clientMessageId: $id) { id } }";
    let png = UploadFile::png("roteador.png");
    let (status, body) = w
        .app
        .gql_upload(Some(&token), upload, json!({ "id": "f-1" }), &png)
        .await;
    assert_eq!(status, 200, "{body}");
    // The file the row names is still on disk: the worker stores the message with a copy.
    w.as_if_died("f-1", "f-9").await;
    let recovered = w.stored(&contact, "f-9").await;
    assert_eq!(
        recovered["attachments"][0]["fileName"], "roteador.png",
        "{recovered}"
    );
    assert_eq!(w.app.count("SELECT COUNT(*) FROM attachments").await, 2);

    // Gone from disk: the message is stored saying so.
    for file in walk(&w.app.data_dir().join("attachments")) {
        std::fs::remove_file(&file).unwrap();
    }
    w.as_if_died("f-9", "f-8").await;
    let lost = w.stored(&contact, "f-8").await;
    assert_eq!(
        lost["attributes"]["missingFile"]["reason"], "LOST",
        "{lost}"
    );
    assert!(
        !lost["content"].as_str().unwrap_or_default().contains('['),
        "no English placeholder in the text: {lost}"
    );
}
