//! The web chat widget's host API: widget settings, public config, visitor sessions (the
//! `visitor` role), visitors talking with agents live, read receipts, CSAT, business hours and
//! the origin allow-list.

use chrono::{Timelike, Utc};
use hmac::{Hmac, Mac};
use ispchat_host::clock::Clock;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::support::{
    TestApp, UploadFile, WsClient, data, error_code, error_field, error_reason, str_at,
};

backend_tests!(
    sessions_check_the_pre_chat_form_and_the_identity_hash,
    visitors_and_agents_talk_live_and_visitors_never_see_notes,
    a_visitor_reaches_only_their_own_conversations_and_no_staff_query,
    conversations_are_rated_once_after_they_are_resolved,
    closed_inboxes_store_messages_and_answer_with_the_offline_message_once,
    widget_config_speaks_the_visitors_language_and_honours_the_origin_allow_list,
    visitors_send_files_that_agents_download,
    session_starts_are_rate_limited_per_ip,
);

/// POSTs a GraphQL request with an optional bearer token and `Origin` header.
async fn gql(
    app: &TestApp,
    token: Option<&str>,
    origin: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut request = app
        .http
        .post(format!("{}/graphql", app.base_url))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    let response = request.send().await.unwrap();
    response.json().await.unwrap()
}

/// A WEB inbox with `widget` settings; returns its id and identity secret.
pub(crate) async fn web_inbox(app: &TestApp, admin: &str, widget: Value) -> (String, String) {
    let body = app
        .gql(
            Some(admin),
            "mutation($w: WidgetSettingsInput) { createInbox(input: {name: \"Site\", kind: WEB, \
             widget: $w}) { id widgetIdentitySecret widgetSnippet widget { color } } }",
            json!({ "w": widget }),
        )
        .await;
    let inbox = &data(&body)["createInbox"];
    let id = str_at(inbox, "id");
    assert!(
        inbox["widgetSnippet"]
            .as_str()
            .is_some_and(|s| s.contains("/widget.js") && s.contains(&id)),
        "{body}"
    );
    (id, str_at(inbox, "widgetIdentitySecret"))
}

const START: &str = "mutation($i: StartVisitorSessionInput!) { startVisitorSession(input: $i) { \
                     token expiresAt contact { id name } conversation { id } } }";

async fn start(app: &TestApp, input: Value) -> Value {
    app.gql(None, START, json!({ "i": input })).await
}

/// A visitor session's token and contact id.
pub(crate) async fn visitor(app: &TestApp, inbox: &str, name: &str) -> (String, String) {
    let body = start(app, json!({ "inboxId": inbox, "name": name })).await;
    let session = &data(&body)["startVisitorSession"];
    (str_at(session, "token"), str_at(&session["contact"], "id"))
}

const SEND: &str = "mutation($c: String!, $id: String!) { sendVisitorMessage(input: \
                    {content: $c, clientMessageId: $id}) { id conversationId content direction } }";

async fn send(app: &TestApp, token: &str, content: &str, client_id: &str) -> Value {
    let body = app
        .gql(Some(token), SEND, json!({ "c": content, "id": client_id }))
        .await;
    data(&body)["sendVisitorMessage"].clone()
}

fn hmac_hex(secret: &str, identifier: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(identifier.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

async fn sessions_check_the_pre_chat_form_and_the_identity_hash(app: TestApp) {
    let admin = app.admin().await;
    let (inbox, secret) = web_inbox(
        &app,
        &admin.access,
        json!({ "preChatForm": { "requireName": true, "requireEmailOrPhone": true,
                                 "cpf": "REQUIRED" } }),
    )
    .await;
    for (input, field) in [
        (
            json!({ "inboxId": inbox, "email": "a@b.com.br", "cpf": "52998224725" }),
            "input.name",
        ),
        (
            json!({ "inboxId": inbox, "name": "Ana", "cpf": "52998224725" }),
            "input.email",
        ),
        (
            json!({ "inboxId": inbox, "name": "Ana", "email": "a@b.com.br" }),
            "input.cpf",
        ),
        (
            json!({ "inboxId": inbox, "name": "Ana", "email": "a@b.com.br", "cpf": "52998224724" }),
            "input.cpf",
        ),
    ] {
        let body = start(&app, input).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(error_field(&body), field, "{body}");
    }
    // The widget tells the visitor which rule the CPF broke, in their language.
    let mistyped =
        json!({ "inboxId": inbox, "name": "Ana", "email": "a@b.com.br", "cpf": "52998224724" });
    assert_eq!(
        error_reason(&start(&app, mistyped).await),
        "DOCUMENT_CHECK_DIGITS"
    );
    let valid = json!({ "inboxId": inbox, "name": "Ana", "email": "ana@cliente.com.br",
                        "cpf": "529.982.247-25" });

    // A wrong hash is refused; the right one links every session to one contact.
    let mut forged = valid.clone();
    forged["identifier"] = json!("assinante-1001");
    forged["identifierHash"] = json!(hmac_hex("not-the-secret", "assinante-1001"));
    let body = start(&app, forged).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("identity verification failed")),
        "{body}"
    );
    let mut signed = valid.clone();
    signed["identifier"] = json!("assinante-1001");
    signed["identifierHash"] = json!(hmac_hex(&secret, "assinante-1001"));
    let body = start(&app, signed.clone()).await;
    let first = &data(&body)["startVisitorSession"];
    assert!(first["conversation"].is_null(), "{body}");
    let token = str_at(first, "token");
    let contact = str_at(&first["contact"], "id");
    let sent = send(&app, &token, "Minha internet caiu", "c-1").await;

    // The site vouches for a signed subscriber: no pre-chat answers needed, but a forged
    // signature without them is still refused as forged.
    let bare = json!({ "inboxId": inbox, "identifier": "assinante-1001",
                       "identifierHash": hmac_hex(&secret, "assinante-1001") });
    let body = start(&app, bare.clone()).await;
    assert_eq!(
        str_at(&data(&body)["startVisitorSession"]["contact"], "id"),
        contact
    );
    let mut bare_forged = bare;
    bare_forged["identifierHash"] = json!(hmac_hex("not-the-secret", "assinante-1001"));
    let body = start(&app, bare_forged).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");

    // Back on another device: the same contact and the earlier conversation.
    let body = start(&app, signed).await;
    let again = &data(&body)["startVisitorSession"];
    assert_eq!(str_at(&again["contact"], "id"), contact);
    assert_eq!(
        again["conversation"]["id"], sent["conversationId"],
        "{body}"
    );
    let body = app
        .gql(
            Some(&str_at(again, "token")),
            "{ visitorConversations { id messages { edges { node { content } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data(&body)["visitorConversations"][0]["messages"]["edges"][0]["node"]["content"],
        "Minha internet caiu"
    );

    // Without an identifier every session is a new anonymous contact, even with the same
    // e-mail: typed details never link to someone else's conversations.
    let body = start(&app, valid.clone()).await;
    let anonymous = str_at(&data(&body)["startVisitorSession"]["contact"], "id");
    assert_ne!(anonymous, contact);
    assert!(data(&body)["startVisitorSession"]["conversation"].is_null());

    // A rotated secret invalidates old hashes.
    let body = app
        .gql(
            Some(&admin.access),
            "mutation($i: ID!) { rotateWidgetSecret(inboxId: $i) }",
            json!({ "i": inbox }),
        )
        .await;
    let rotated = data(&body)["rotateWidgetSecret"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(!rotated.is_empty() && rotated != secret);
    let mut old = valid;
    old["identifier"] = json!("assinante-1001");
    old["identifierHash"] = json!(hmac_hex(&secret, "assinante-1001"));
    assert_eq!(error_code(&start(&app, old).await), "FORBIDDEN");
}

async fn visitors_and_agents_talk_live_and_visitors_never_see_notes(app: TestApp) {
    let admin = app.admin().await;
    let (inbox, _) = web_inbox(&app, &admin.access, json!({})).await;
    let (token, _) = visitor(&app, &inbox, "Bruno").await;

    let (mut agent_ws, ack) = WsClient::connect(&app, Some(&admin.access)).await;
    assert_eq!(ack["type"], "connection_ack");
    agent_ws
        .subscribe_live(
            &app,
            "1",
            "subscription { inboxEvents { kind message { content deliveryState } \
             event { typing actorKind } } }",
        )
        .await;

    let first = send(&app, &token, "Olá, preciso de ajuda", "m-1").await;
    let conversation = str_at(&first, "conversationId");
    // A retried send is stored once.
    let retried = send(&app, &token, "Olá, preciso de ajuda", "m-1").await;
    assert_eq!(retried["id"], first["id"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE direction = 'incoming'")
            .await,
        1
    );
    let seen = next_of_kind(&mut agent_ws, "inboxEvents", "MESSAGE_CREATED").await;
    assert_eq!(seen["message"]["content"], "Olá, preciso de ajuda");

    let (mut visitor_ws, ack) = WsClient::connect(&app, Some(&token)).await;
    assert_eq!(ack["type"], "connection_ack");
    visitor_ws
        .subscribe_live(
            &app,
            "1",
            "subscription { visitorEvents { kind typing status message { content direction \
             senderKind senderName deliveryState clientMessageId } } }",
        )
        .await;

    // Agent typing reaches the visitor; the visitor's typing reaches the agent.
    data(
        &app.gql(
            Some(&admin.access),
            "mutation($c: ID!) { sendTyping(conversationId: $c, typing: true) }",
            json!({ "c": conversation }),
        )
        .await,
    );
    let typing = next_of_kind(&mut visitor_ws, "visitorEvents", "TYPING").await;
    assert_eq!(typing["typing"], true);
    data(
        &app.gql(
            Some(&token),
            "mutation($c: ID!) { visitorTyping(conversationId: $c, typing: true) }",
            json!({ "c": conversation }),
        )
        .await,
    );
    // The agent's own typing comes back to them first; then the visitor's.
    loop {
        let typing = next_of_kind(&mut agent_ws, "inboxEvents", "TYPING").await;
        if typing["event"]["actorKind"] == "CONTACT" {
            assert_eq!(typing["event"]["typing"], true);
            break;
        }
    }

    // A private note, then a reply: the visitor gets the reply only.
    let reply = "mutation($c: ID!, $t: String!, $p: Boolean!) { sendMessage(conversationId: $c, \
                 content: $t, private: $p) { id deliveryState } }";
    data(
        &app.gql(
            Some(&admin.access),
            reply,
            json!({ "c": conversation, "t": "nota interna: cliente VIP", "p": true }),
        )
        .await,
    );
    let body = app
        .gql(
            Some(&admin.access),
            reply,
            json!({ "c": conversation, "t": "Vamos verificar sua conexão", "p": false }),
        )
        .await;
    let sent = &data(&body)["sendMessage"];
    // Not stuck pending: the widget's inbox has no channel plugin.
    assert_eq!(sent["deliveryState"], "SENT");
    let message = next_of_kind(&mut visitor_ws, "visitorEvents", "MESSAGE").await;
    assert_eq!(message["message"]["content"], "Vamos verificar sua conexão");
    assert_eq!(message["message"]["direction"], "OUTGOING");
    assert_eq!(message["message"]["senderKind"], "AGENT");
    assert_eq!(
        message["message"]["senderName"], "Administrator",
        "{message}"
    );
    assert_eq!(message["message"]["clientMessageId"], Value::Null);
    // Pushed to a connected widget: delivered.
    let delivery = next_of_kind(&mut visitor_ws, "visitorEvents", "DELIVERY").await;
    assert_eq!(delivery["message"]["deliveryState"], "DELIVERED");

    // Read receipts: the agent sees the reply read.
    let body = app
        .gql(
            Some(&token),
            "mutation($c: ID!) { visitorMarkRead(conversationId: $c) }",
            json!({ "c": conversation }),
        )
        .await;
    assert_eq!(data(&body)["visitorMarkRead"], 1);
    loop {
        let event = next_of_kind(&mut agent_ws, "inboxEvents", "DELIVERY_UPDATED").await;
        if event["message"]["deliveryState"] == "READ" {
            assert_eq!(event["message"]["content"], "Vamos verificar sua conexão");
            break;
        }
    }
    // The agent reading the conversation reaches the visitor as a read receipt.
    data(
        &app.gql(
            Some(&admin.access),
            "mutation($c: ID!) { markConversationRead(conversationId: $c) { id } }",
            json!({ "c": conversation }),
        )
        .await,
    );
    next_of_kind(&mut visitor_ws, "visitorEvents", "READ").await;

    // The history the visitor reloads has no note either.
    let body = app
        .gql(
            Some(&token),
            "query($c: ID!) { visitorConversation(id: $c) { messages { edges { node { content } } } } }",
            json!({ "c": conversation }),
        )
        .await;
    let contents: Vec<&str> = data(&body)["visitorConversation"]["messages"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["node"]["content"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        contents,
        ["Olá, preciso de ajuda", "Vamos verificar sua conexão"]
    );
    // The visitor's own message comes back live with the id their widget gave it, so a widget
    // that shows it before the send is answered can recognise it.
    send(&app, &token, "Obrigado!", "widget-msg-7").await;
    let events = visitor_ws
        .events_until(|e| e["visitorEvents"]["kind"] == "MESSAGE")
        .await;
    // Nothing else reached the visitor before it: never the note.
    for event in &events {
        assert!(!event.to_string().contains("nota interna"), "{event}");
    }
    let own = &events[events.len() - 1]["visitorEvents"];
    assert_eq!(own["message"]["content"], "Obrigado!");
    assert_eq!(own["message"]["clientMessageId"], "widget-msg-7");
}

/// The next `next` payload of `field` with this `kind`, skipping others.
async fn next_of_kind(ws: &mut WsClient, field: &str, kind: &str) -> Value {
    for _ in 0..20 {
        let message = ws.next().await.unwrap_or_default();
        assert_eq!(message["type"], "next", "{message}");
        let event = &message["payload"]["data"][field];
        assert!(!event.is_null(), "{message}");
        if event["kind"] == kind {
            return event.clone();
        }
    }
    panic!("no {kind} event");
}

async fn a_visitor_reaches_only_their_own_conversations_and_no_staff_query(app: TestApp) {
    let admin = app.admin().await;
    let (inbox, _) = web_inbox(&app, &admin.access, json!({})).await;
    let (alice, _) = visitor(&app, &inbox, "Alice").await;
    let (bob, _) = visitor(&app, &inbox, "Bob").await;
    let theirs = str_at(
        &send(&app, &alice, "segredo da Alice", "a-1").await,
        "conversationId",
    );

    let body = app
        .gql(
            Some(&bob),
            "query($c: ID!) { visitorConversation(id: $c) { id } }",
            json!({ "c": theirs }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    for mutation in [
        "mutation($c: ID!) { visitorTyping(conversationId: $c, typing: true) }",
        "mutation($c: ID!) { visitorMarkRead(conversationId: $c) }",
        "mutation($c: ID!) { rateConversation(conversationId: $c, score: 5) { score } }",
    ] {
        let body = app.gql(Some(&bob), mutation, json!({ "c": theirs })).await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{mutation}: {body}");
    }
    let body = app
        .gql(Some(&bob), "{ visitorConversations { id } }", json!({}))
        .await;
    assert_eq!(data(&body)["visitorConversations"], json!([]));

    // Every staff operation refuses a visitor token.
    for query in [
        "{ conversations { edges { node { id } } } }",
        "{ contacts { edges { node { id } } } }",
        "{ users { edges { node { id } } } }",
        "{ inboxes { id } }",
        "{ plugins { id } }",
        "{ me { id } }",
        "{ auditLog { edges { node { id } } } }",
    ] {
        let body = app.gql(Some(&alice), query, json!({})).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{query}: {body}");
    }
    let body = app
        .gql(
            Some(&alice),
            "mutation($c: ID!) { sendMessage(conversationId: $c, content: \"x\") { id } }",
            json!({ "c": theirs }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let (mut ws, _) = WsClient::connect(&app, Some(&alice)).await;
    ws.subscribe("1", "subscription { inboxEvents { kind } }")
        .await;
    let refused = ws.next().await.unwrap_or_default();
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    // And staff are not visitors.
    let body = app
        .gql(
            Some(&admin.access),
            "{ visitorConversations { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

async fn conversations_are_rated_once_after_they_are_resolved(app: TestApp) {
    let admin = app.admin().await;
    let (inbox, _) = web_inbox(&app, &admin.access, json!({})).await;
    let (token, _) = visitor(&app, &inbox, "Carla").await;
    let conversation = str_at(&send(&app, &token, "Oi", "c-1").await, "conversationId");
    let rate = "mutation($c: ID!, $s: Int!) { rateConversation(conversationId: $c, score: $s, \
                comment: \"Rápido!\") { score comment ratedAt } }";

    let body = app
        .gql(Some(&token), rate, json!({ "c": conversation, "s": 5 }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(error_field(&body), "conversationId");

    let (mut ws, _) = WsClient::connect(&app, Some(&token)).await;
    ws.subscribe_live(&app, "1", "subscription { visitorEvents { kind status } }")
        .await;
    data(
        &app.gql(
            Some(&admin.access),
            "mutation($c: ID!) { setConversationStatus(conversationId: $c, status: RESOLVED) { id } }",
            json!({ "c": conversation }),
        )
        .await,
    );
    // The widget learns it is resolved and shows the rating form.
    let status = next_of_kind(&mut ws, "visitorEvents", "STATUS").await;
    assert_eq!(status["status"], "RESOLVED");

    let body = app
        .gql(Some(&token), rate, json!({ "c": conversation, "s": 6 }))
        .await;
    assert_eq!(error_field(&body), "score", "{body}");
    let body = app
        .gql(Some(&token), rate, json!({ "c": conversation, "s": 4 }))
        .await;
    assert_eq!(data(&body)["rateConversation"]["score"], 4);
    let body = app
        .gql(Some(&token), rate, json!({ "c": conversation, "s": 5 }))
        .await;
    assert_eq!(error_code(&body), "CONFLICT", "{body}");

    let body = app
        .gql(
            Some(&admin.access),
            "query($c: ID!) { conversation(id: $c) { satisfaction { score comment } } }",
            json!({ "c": conversation }),
        )
        .await;
    assert_eq!(
        data(&body)["conversation"]["satisfaction"],
        json!({ "score": 4, "comment": "Rápido!" })
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'conversation.rate'")
            .await,
        1
    );
}

async fn closed_inboxes_store_messages_and_answer_with_the_offline_message_once(app: TestApp) {
    let admin = app.admin().await;
    // Open one minute a day, at midnight in São Paulo (UTC-3).
    let days: Vec<Value> = (1..=7)
        .map(|d| json!({ "weekday": d, "intervals": ["00:00-00:01"] }))
        .collect();
    let (inbox, _) = web_inbox(
        &app,
        &admin.access,
        json!({ "businessHours": { "days": days },
                "offlineMessage": [{ "locale": "pt-BR", "text": "Fechados agora" },
                                   { "locale": "en", "text": "Closed now" }] }),
    )
    .await;
    // Move the clock to 12:00 local (15:00 UTC) of the next day: closed.
    let now = app.clock.now();
    let noon = (now + chrono::Duration::days(1))
        .with_hour(15)
        .and_then(|t| t.with_minute(0))
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or_else(|| panic!("time"));
    app.clock.advance(noon - now);
    let config = "query($i: ID!) { widgetConfig(inboxId: $i, locale: \"en\") { online nextOpenAt \
                  offlineMessage } }";
    let body = app.gql(None, config, json!({ "i": inbox })).await;
    let widget = &data(&body)["widgetConfig"];
    assert_eq!(widget["online"], false, "{body}");
    assert_eq!(widget["offlineMessage"], "Closed now");
    // Next opening: 00:00 local = 03:00 UTC the day after.
    let next = (noon + chrono::Duration::days(1))
        .with_hour(3)
        .unwrap_or_else(|| panic!("time"));
    let next_open = widget["nextOpenAt"]
        .as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
    assert_eq!(next_open, Some(next.fixed_offset()), "{body}");

    let body = start(
        &app,
        json!({ "inboxId": inbox, "name": "Davi", "locale": "en" }),
    )
    .await;
    let token = str_at(&data(&body)["startVisitorSession"], "token");
    let first = send(&app, &token, "Alguém aí?", "o-1").await;
    send(&app, &token, "Olá?", "o-2").await;
    let conversation = str_at(&first, "conversationId");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE direction = 'incoming'")
            .await,
        2
    );
    let body = app
        .gql(
            Some(&token),
            "query($c: ID!) { visitorConversation(id: $c) { messages { edges { node { content senderKind direction } } } } }",
            json!({ "c": conversation }),
        )
        .await;
    let system: Vec<&Value> = data(&body)["visitorConversation"]["messages"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter(|e| e["node"]["senderKind"] == "SYSTEM")
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(system.len(), 1, "{body}");
    assert_eq!(system[0]["node"]["content"], "Closed now");
    assert_eq!(system[0]["node"]["direction"], "OUTGOING");

    // At opening time the widget is online.
    app.clock
        .advance(next - noon + chrono::Duration::seconds(30));
    let body = app.gql(None, config, json!({ "i": inbox })).await;
    assert_eq!(data(&body)["widgetConfig"]["online"], true, "{body}");
    assert!(data(&body)["widgetConfig"]["nextOpenAt"].is_null());
}

async fn widget_config_speaks_the_visitors_language_and_honours_the_origin_allow_list(
    app: TestApp,
) {
    let admin = app.admin().await;
    let (inbox, _) = web_inbox(
        &app,
        &admin.access,
        json!({ "color": "#FF6600", "allowedOrigins": ["https://www.provedor.com.br"],
                "greeting": [{ "locale": "pt-BR", "text": "Olá!" },
                             { "locale": "en", "text": "Hello!" }] }),
    )
    .await;
    let config = "query($i: ID!, $l: String) { widgetConfig(inboxId: $i, locale: $l) { locale \
                  greeting color online csatEnabled preChatForm { requireName cpf } } }";
    let site = Some("https://www.provedor.com.br");
    for (locale, expected, greeting) in [
        (json!("en"), "en", "Hello!"),
        (json!("pt-BR"), "pt-BR", "Olá!"),
        (json!("es"), "pt-BR", "Olá!"),
        (Value::Null, "pt-BR", "Olá!"),
    ] {
        let body = gql(&app, None, site, config, json!({ "i": inbox, "l": locale })).await;
        let widget = &data(&body)["widgetConfig"];
        assert_eq!(widget["locale"], expected);
        assert_eq!(widget["greeting"], greeting);
        assert_eq!(widget["color"], "#ff6600");
        assert_eq!(widget["online"], true);
        assert_eq!(widget["csatEnabled"], true);
        assert_eq!(
            widget["preChatForm"],
            json!({ "requireName": true, "cpf": "HIDDEN" })
        );
    }
    for origin in [None, Some("https://evil.example")] {
        let body = gql(&app, None, origin, config, json!({ "i": inbox })).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
        let body = gql(
            &app,
            None,
            origin,
            START,
            json!({ "i": { "inboxId": inbox, "name": "Eva" } }),
        )
        .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let body = gql(
        &app,
        None,
        site,
        START,
        json!({ "i": { "inboxId": inbox, "name": "Eva" } }),
    )
    .await;
    let token = str_at(&data(&body)["startVisitorSession"], "token");
    let body = gql(
        &app,
        Some(&token),
        site,
        "{ visitorConversations { id } }",
        json!({}),
    )
    .await;
    assert_eq!(data(&body)["visitorConversations"], json!([]));
    let body = gql(
        &app,
        Some(&token),
        Some("https://evil.example"),
        "{ visitorConversations { id } }",
        json!({}),
    )
    .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");

    // Validation names the widget's field; other inboxes have no widget.
    let body = app
        .gql(
            Some(&admin.access),
            "mutation($i: ID!) { updateInbox(id: $i, input: {widget: {color: \"laranja\"}}) { id } }",
            json!({ "i": inbox }),
        )
        .await;
    assert_eq!(error_field(&body), "input.widget.color", "{body}");
    let body = app
        .gql(
            Some(&admin.access),
            "mutation { createInbox(input: {name: \"API\", kind: API}) { id widget { color } } }",
            json!({}),
        )
        .await;
    let api = str_at(&data(&body)["createInbox"], "id");
    assert!(data(&body)["createInbox"]["widget"].is_null());
    let body = app.gql(None, config, json!({ "i": api })).await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let _ = Utc::now();
}

async fn visitors_send_files_that_agents_download(app: TestApp) {
    let admin = app.admin().await;
    let (inbox, _) = web_inbox(&app, &admin.access, json!({})).await;
    let (token, _) = visitor(&app, &inbox, "Fábio").await;
    let upload = "mutation($file: Upload!, $id: String!) { sendVisitorAttachment(file: $file, \
                  caption: \"meu roteador\", clientMessageId: $id) { id conversationId content \
                  attachments { fileName contentType url } } }";
    let file = UploadFile::png("roteador.png");
    let (status, body) = app
        .gql_upload(Some(&token), upload, json!({ "id": "f-1" }), &file)
        .await;
    assert_eq!(status, 200, "{body}");
    let sent = &data(&body)["sendVisitorAttachment"];
    assert_eq!(sent["content"], "meu roteador");
    assert_eq!(sent["attachments"][0]["contentType"], "image/png");
    // A retry stores it once.
    let (_, again) = app
        .gql_upload(Some(&token), upload, json!({ "id": "f-1" }), &file)
        .await;
    assert_eq!(data(&again)["sendVisitorAttachment"]["id"], sent["id"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 1);

    // The agent sees the file in the conversation and can download it.
    let body = app
        .gql(
            Some(&admin.access),
            "query($c: ID!) { conversation(id: $c) { messages { edges { node { attachments { url } } } } } }",
            json!({ "c": sent["conversationId"] }),
        )
        .await;
    let url = data(&body)["conversation"]["messages"]["edges"][0]["node"]["attachments"][0]["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let url = if url.starts_with("http") {
        url
    } else {
        format!("{}{url}", app.base_url)
    };
    let downloaded = app.http.get(&url).send().await.unwrap();
    assert_eq!(downloaded.status(), 200);
    assert_eq!(
        downloaded.bytes().await.unwrap_or_default().as_ref(),
        file.bytes.as_slice()
    );
    // Staff's upload mutation refuses the visitor.
    let (_, body) = app
        .gql_upload(
            Some(&token),
            "mutation($file: Upload!, $c: ID!) { sendAttachment(conversationId: $c, file: $file) { id } }",
            json!({ "c": sent["conversationId"] }),
            &file,
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

async fn session_starts_are_rate_limited_per_ip(mut app: TestApp) {
    app.restart_with(|config| config.visitor_sessions_per_ip = 2)
        .await;
    let admin = app.admin().await;
    let (inbox, _) = web_inbox(&app, &admin.access, json!({})).await;
    for name in ["Gil", "Hana"] {
        data(&start(&app, json!({ "inboxId": inbox, "name": name })).await);
    }
    let body = start(&app, json!({ "inboxId": inbox, "name": "Ivo" })).await;
    assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'widget.session_start'")
            .await,
        2
    );
}
