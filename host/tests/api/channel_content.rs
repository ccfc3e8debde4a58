//! Rich channel content end to end with the real `testing/fake-channel` component: customers'
//! files are downloaded under the plugin's own HTTP rules from a local media server (one step,
//! or two with `x-ispchat-url-from-json` and a secret header), refused files leave their
//! message with a `missingFile` attribute and server errors are retried; locations, reactions,
//! contact cards and unsupported types are stored as attributes and shown in GraphQL; agents'
//! files leave as absolute signed links that download, and templates go out after the reply
//! window closed while text cannot.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ispchat_host::clock::Clock as _;
use ispchat_host::config::{Config, DatabaseConfig};
use serde_json::{Value, json};

use crate::channels::{APP_SECRET, Channel, channel_with, eventually};
use crate::plugins::fixture::dist;
use crate::support::{PNG_1X1, TestApp, UploadFile, data, error_code, error_field, str_at};

backend_tests!(
    customer_files_are_downloaded_once_under_the_plugins_http_rules,
    refused_files_leave_their_message_saying_why_and_server_errors_are_retried,
    structured_contents_are_stored_as_attributes_and_shown,
    agents_files_leave_as_absolute_signed_links_that_download,
    templates_go_out_after_the_window_closed_while_text_is_refused,
    templates_and_files_are_refused_where_the_channel_has_none,
    bot_replies_in_a_channel_inbox_go_out_through_the_plugin,
);

const MEDIA_TOKEN: &str = "media-tok-5e1f";

/// One request the media server received: its path and `Authorization` header, and whether
/// the host's pseudo-header leaked to the network.
#[derive(Debug, Clone)]
struct Hit {
    path: String,
    authorization: Option<String>,
    pseudo_header: bool,
}

#[derive(Clone)]
struct Media {
    port: u16,
    hits: Arc<Mutex<Vec<Hit>>>,
    flaky_calls: Arc<AtomicU32>,
}

impl Media {
    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn png() -> Response {
    ([(header::CONTENT_TYPE, "image/png")], PNG_1X1.to_vec()).into_response()
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        == Some(&format!("Bearer {MEDIA_TOKEN}"))
}

async fn media(State(m): State<Media>, Path(path): Path<String>, headers: HeaderMap) -> Response {
    m.hits.lock().unwrap_or_else(|e| e.into_inner()).push(Hit {
        path: format!("/{path}"),
        authorization: headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        pseudo_header: headers.contains_key("x-ispchat-url-from-json"),
    });
    match path.as_str() {
        "photo.png" => png(),
        // WhatsApp's shape: the media id answers JSON with a short-lived URL, both behind auth.
        "v1/media/42" if authorized(&headers) => axum::Json(json!({
            "url": m.url("/files/42"),
            "mime_type": "image/png",
        }))
        .into_response(),
        "files/42" if authorized(&headers) => png(),
        "v1/media/42" | "files/42" => StatusCode::UNAUTHORIZED.into_response(),
        "flaky" if m.flaky_calls.fetch_add(1, Ordering::SeqCst) == 0 => {
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        "flaky" => png(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn serve_media() -> Media {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let state = Media {
        port,
        hits: Arc::default(),
        flaky_calls: Arc::default(),
    };
    let app = Router::new()
        .route("/{*path}", get(media))
        .with_state(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    state
}

/// The built fake channel with its manifest declaring the media server (for its HTTP rules and
/// for the `media-token` secret), the operator trusting that private address, and the token set.
fn media_channel(media: &Media, into: &std::path::Path) -> impl FnOnce(&mut Config) + use<> {
    let source = dist("testing/fake-channel");
    std::fs::copy(
        source.dist_dir.join("fake-channel.wasm"),
        into.join("fake-channel.wasm"),
    )
    .unwrap();
    let text = std::fs::read_to_string(source.dist_dir.join("plugin.toml")).unwrap();
    let host = format!("127.0.0.1:{}", media.port);
    let text = text.replace("\"media.fake.example\"", &format!("\"{host}\""));
    assert!(
        text.contains(&host),
        "fake-channel declares media.fake.example"
    );
    std::fs::write(into.join("plugin.toml"), text).unwrap();
    let dir = into.to_owned();
    move |config: &mut Config| {
        let (dist_dir, operator) = &mut config.preload_plugins[0];
        *dist_dir = dir;
        operator
            .secrets
            .insert("media-token".into(), MEDIA_TOKEN.into());
        assert!(operator.secrets.contains_key("app-secret"), "{APP_SECRET}");
        config.plugins_allow_private_hosts = vec![host];
    }
}

const MESSAGES: &str = "query($c: ID!) { conversation(id: $c) { messages(last: 50) { nodes {
    id kind content direction externalId deliveryState deliveryError
    attachments { fileName contentType url }
    attributes { location { latitude longitude name } reaction { emoji toExternalId }
      contacts { name phones emails } unsupportedType replyToExternalId
      choiceSelected { id title } template { name language parameters }
      missingFile { reason fileName mimeType detail } } } } } }";

impl Channel {
    /// A signed customer message with WIT `contents` (`{tag, val}`) and no text.
    async fn customer_sends(&self, id: &str, from: &str, contents: Value, reply_to: Option<&str>) {
        let body = json!({
            "id": id, "from": from, "name": format!("Cliente {from}"),
            "contents": contents, "replyTo": reply_to,
        });
        let (status, answer) = self.post("", &body, Some("valid")).await;
        assert_eq!(status, 200, "{answer}");
    }

    /// The stored message with `external_id`, once it exists.
    async fn message(&self, from: &str, external_id: &str) -> Value {
        let conversation = self.conversation_of(from).await;
        eventually(&format!("message {external_id}"), || async {
            let body = self
                .app
                .gql(
                    Some(&self.ana.access),
                    MESSAGES,
                    json!({ "c": conversation }),
                )
                .await;
            data(&body)["conversation"]["messages"]["nodes"]
                .as_array()?
                .iter()
                .find(|m| m["externalId"] == external_id)
                .cloned()
        })
        .await
    }

    async fn download(&self, relative: &str) -> Vec<u8> {
        let response = self
            .app
            .http
            .get(format!("{}{relative}", self.app.base_url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{relative}");
        response.bytes().await.unwrap().to_vec()
    }

    /// What the fake channel's `send` received for `message_id` (it records it in its kv).
    async fn sent(&self, message_id: &str) -> Value {
        let sql = format!(
            "SELECT value FROM plugin_kv WHERE plugin_id = 'fake-channel' AND key = 'sent:{message_id}'"
        );
        let bytes = eventually("the plugin's record of the send", || async {
            self.app.bytes(&sql).await
        })
        .await;
        serde_json::from_slice(&bytes).unwrap()
    }
}

fn attachment(url: &str, headers: Value, file_name: Option<&str>, caption: Option<&str>) -> Value {
    json!([{ "tag": "attachment", "val": {
        "mimeType": "image/png", "url": url, "downloadHeaders": headers,
        "fileName": file_name, "caption": caption,
    } }])
}

async fn customer_files_are_downloaded_once_under_the_plugins_http_rules(app: TestApp) {
    let media = serve_media().await;
    let dir = tempfile::tempdir().unwrap();
    let c = channel_with(app, media_channel(&media, dir.path())).await;

    // One step: the URL is the file.
    let photo = attachment(
        &media.url("/photo.png"),
        json!([]),
        Some("modem.png"),
        Some("luz vermelha"),
    );
    c.customer_sends("wamid.m1", "5511988880001", photo.clone(), None)
        .await;
    let message = c.message("5511988880001", "wamid.m1").await;
    assert_eq!(message["kind"], "ATTACHMENT", "{message}");
    assert_eq!(message["content"], "luz vermelha");
    let file = &message["attachments"][0];
    assert_eq!(file["fileName"], "modem.png");
    assert_eq!(file["contentType"], "image/png");
    assert_eq!(c.download(&str_at(file, "url")).await, PNG_1X1);

    // The provider retries its webhook: one message, and no second download.
    c.customer_sends("wamid.m1", "5511988880001", photo, None)
        .await;
    c.applied().await;
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM messages WHERE external_id = 'wamid.m1'")
            .await,
        1
    );
    assert_eq!(
        media
            .hits()
            .iter()
            .filter(|h| h.path == "/photo.png")
            .count(),
        1
    );

    // Two steps, WhatsApp-style: the media id's JSON names the file's URL; both requests carry
    // the secret, substituted by the host, and never the pseudo-header.
    let headers = json!([
        ["Authorization", "Bearer {{secret:media-token}}"],
        ["x-ispchat-url-from-json", "url"],
    ]);
    c.customer_sends(
        "wamid.m2",
        "5511988880001",
        attachment(&media.url("/v1/media/42"), headers, None, None),
        None,
    )
    .await;
    let message = c.message("5511988880001", "wamid.m2").await;
    assert_eq!(message["kind"], "ATTACHMENT", "{message}");
    assert_eq!(message["content"], "");
    let file = &message["attachments"][0];
    assert_eq!(file["fileName"], "image.png");
    assert_eq!(c.download(&str_at(file, "url")).await, PNG_1X1);
    let hits = media.hits();
    let steps: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.path == "/v1/media/42" || h.path == "/files/42")
        .collect();
    assert_eq!(steps.len(), 2, "{hits:?}");
    for hit in steps {
        assert_eq!(
            hit.authorization.as_deref(),
            Some(format!("Bearer {MEDIA_TOKEN}").as_str()),
            "{hit:?}"
        );
        assert!(!hit.pseudo_header, "{hit:?}");
    }
    c.app.shutdown().await;
}

async fn refused_files_leave_their_message_saying_why_and_server_errors_are_retried(app: TestApp) {
    let media = serve_media().await;
    let dir = tempfile::tempdir().unwrap();
    let c = channel_with(app, media_channel(&media, dir.path())).await;
    let from = "5511988880002";

    // Gone for good: the message is stored anyway, saying why, and the row's note too.
    let missing = attachment(&media.url("/missing"), json!([]), None, Some("boleto"));
    c.customer_sends("wamid.g1", from, missing, None).await;
    let message = c.message(from, "wamid.g1").await;
    assert_eq!(message["kind"], "TEXT", "{message}");
    assert_eq!(message["content"], "boleto", "only the caption: {message}");
    assert_eq!(
        message["attributes"]["missingFile"],
        json!({ "reason": "UNAVAILABLE", "fileName": null, "mimeType": "image/png",
                "detail": "the media server answered HTTP 404" }),
        "{message}"
    );

    // Rows from before kept the reason as an English placeholder in the text: migration 0013
    // turns them into the same attribute, the text back into the caption.
    c.app
        .execute(
            "UPDATE messages SET content_attributes = NULL, content = \
             '[file not received: the media server answered HTTP 404]\nboleto' \
             WHERE external_id = 'wamid.g1'",
        )
        .await;
    let migration = match c.app.config.database {
        DatabaseConfig::Sqlite { .. } => {
            include_str!("../../../migrations/sqlite/0013_missing_files_as_data.sql")
        }
        DatabaseConfig::Postgres { .. } => {
            include_str!("../../../migrations/postgres/0013_missing_files_as_data.sql")
        }
    };
    assert_eq!(c.app.execute(migration).await, 1);
    let migrated = c.message(from, "wamid.g1").await;
    assert_eq!(migrated["content"], "boleto", "{migrated}");
    assert_eq!(
        migrated["attributes"]["missingFile"],
        json!({ "reason": "UNAVAILABLE", "fileName": null, "mimeType": null,
                "detail": "the media server answered HTTP 404" }),
        "{migrated}"
    );
    c.applied().await;
    assert_eq!(
        c.app
            .count(
                "SELECT COUNT(*) FROM channel_inbound WHERE state = 'processed' \
                 AND outcome LIKE '%without its file: the media server answered HTTP 404%'"
            )
            .await,
        1
    );

    // A file the upload checks refuse (here: a picture sent as a PDF) leaves the message too.
    let disguised = json!([{ "tag": "attachment", "val": {
        "mimeType": "application/pdf", "url": media.url("/photo.png"), "downloadHeaders": [],
        "fileName": "fatura.pdf", "caption": "fatura",
    } }]);
    c.customer_sends("wamid.g0", from, disguised, None).await;
    let message = c.message(from, "wamid.g0").await;
    assert_eq!(message["content"], "fatura", "{message}");
    let missing = &message["attributes"]["missingFile"];
    assert_eq!(missing["reason"], "REFUSED", "{message}");
    assert_eq!(missing["fileName"], "fatura.pdf", "{message}");
    assert!(
        missing["detail"]
            .as_str()
            .is_some_and(|t| t.starts_with("is declared as application/pdf but its content is")),
        "{message}"
    );

    // A host the plugin did not declare is never contacted.
    let elsewhere = attachment("http://127.0.0.1:1/x.png", json!([]), None, None);
    c.customer_sends("wamid.g2", from, elsewhere, None).await;
    let message = c.message(from, "wamid.g2").await;
    assert_eq!(message["content"], "", "{message}");
    let missing = &message["attributes"]["missingFile"];
    assert_eq!(missing["reason"], "UNAVAILABLE", "{message}");
    assert!(
        missing["detail"]
            .as_str()
            .is_some_and(|t| t.starts_with("host 127.0.0.1:1 is not declared")),
        "{message}"
    );

    // A 503 keeps the row pending; after the backoff the file arrives.
    let flaky = attachment(&media.url("/flaky"), json!([]), Some("foto.png"), None);
    c.customer_sends("wamid.g3", from, flaky, None).await;
    eventually("a retry scheduled", || async {
        let waiting = c
            .app
            .count(
                "SELECT COUNT(*) FROM channel_inbound WHERE state = 'pending' \
                 AND outcome LIKE 'will retry: file download failed: the media server answered HTTP 503%'",
            )
            .await;
        (waiting == 1).then_some(())
    })
    .await;
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM messages WHERE external_id = 'wamid.g3'")
            .await,
        0
    );
    c.app.clock.advance(chrono::Duration::seconds(11));
    let message = c.message(from, "wamid.g3").await;
    assert_eq!(message["kind"], "ATTACHMENT", "{message}");
    assert_eq!(media.flaky_calls.load(Ordering::SeqCst), 2);
    c.app.shutdown().await;
}

async fn structured_contents_are_stored_as_attributes_and_shown(app: TestApp) {
    let c = channel_with(app, |_| {}).await;
    let from = "5511988880003";
    let other = |json: Value| json!([{ "tag": "other", "val": json.to_string() }]);
    let location = json!([{ "tag": "location", "val": {
        "latitude": -23.55, "longitude": -46.63, "name": "Casa" } }]);
    c.customer_sends("wamid.s1", from, location, None).await;
    c.customer_sends(
        "wamid.s2",
        from,
        other(json!({ "type": "reaction", "emoji": "👍", "toExternalId": "fake-m1" })),
        None,
    )
    .await;
    c.customer_sends(
        "wamid.s3",
        from,
        other(json!({ "type": "contacts", "contacts": [
            { "name": "Maria", "phones": ["+5511999990000"], "emails": ["maria@example.com"] }] })),
        None,
    )
    .await;
    c.customer_sends(
        "wamid.s4",
        from,
        other(json!({ "type": "unsupported", "providerType": "ephemeral" })),
        None,
    )
    .await;
    c.customer_sends("wamid.s5", from, other(json!({ "type": "poll" })), None)
        .await;
    let picked = json!([{ "tag": "choice-selected", "val": { "id": "yes", "title": "Sim" } }]);
    c.customer_sends("wamid.s6", from, picked, Some("fake-m2"))
        .await;

    let m = c.message(from, "wamid.s1").await;
    // No English in the stored text: clients say what each is, in the reader's language.
    assert_eq!(m["content"], "Casa");
    assert_eq!(m["attributes"]["location"]["latitude"], -23.55);
    assert_eq!(m["attributes"]["location"]["name"], "Casa");
    let m = c.message(from, "wamid.s2").await;
    assert_eq!(m["content"], "");
    assert_eq!(
        m["attributes"]["reaction"],
        json!({ "emoji": "👍", "toExternalId": "fake-m1" })
    );
    let m = c.message(from, "wamid.s3").await;
    assert_eq!(m["content"], "Maria +5511999990000");
    assert_eq!(
        m["attributes"]["contacts"],
        json!([{ "name": "Maria", "phones": ["+5511999990000"], "emails": ["maria@example.com"] }])
    );
    let m = c.message(from, "wamid.s4").await;
    assert_eq!(m["content"], "");
    assert_eq!(m["attributes"]["unsupportedType"], "ephemeral");
    let m = c.message(from, "wamid.s5").await;
    assert_eq!(m["content"], "");
    assert_eq!(m["attributes"]["unsupportedType"], "poll");
    let m = c.message(from, "wamid.s6").await;
    assert_eq!(m["content"], "Sim");
    assert_eq!(m["attributes"]["choiceSelected"]["id"], "yes");
    assert_eq!(m["attributes"]["replyToExternalId"], "fake-m2");

    // Plain text has no attributes.
    c.customer_says("wamid.s7", from, "obrigado").await;
    let m = c.message(from, "wamid.s7").await;
    assert!(m["attributes"].is_null(), "{m}");
    c.app.shutdown().await;
}

const SEND_FILE: &str = "mutation($c: ID!, $file: Upload!, $caption: String) {
    sendAttachment(conversationId: $c, file: $file, caption: $caption) { id } }";

/// Ana sends a PNG with a caption; returns the message id.
async fn send_file(c: &Channel, conversation: &str) -> String {
    let (status, body) = c
        .app
        .gql_upload(
            Some(&c.ana.access),
            SEND_FILE,
            json!({ "c": conversation, "caption": "Segue o boleto" }),
            &UploadFile::png("boleto.png"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    str_at(&data(&body)["sendAttachment"], "id")
}

async fn agents_files_leave_as_absolute_signed_links_that_download(app: TestApp) {
    let mut c = channel_with(app, |_| {}).await;
    let from = "5511988880004";
    c.customer_says("wamid.o1", from, "manda a segunda via")
        .await;
    let conversation = c.conversation_of(from).await;
    // Without a public address, the provider could not fetch it: failed, naming the setting.
    let message = send_file(&c, &conversation).await;
    let failed = c.message_in_state(&conversation, &message, "FAILED").await;
    assert!(
        failed["deliveryError"]
            .as_str()
            .is_some_and(|e| e.contains("ISPCHAT_PUBLIC_URL")),
        "{failed}"
    );

    c.app
        .restart_with(|config| config.public_url = Some("https://chat.isp.example".into()))
        .await;
    let message = send_file(&c, &conversation).await;
    c.message_in_state(&conversation, &message, "SENT").await;
    let sent = c.sent(&message).await;
    let content = &sent["contents"][0];
    assert_eq!(content["tag"], "attachment", "{sent}");
    assert_eq!(content["val"]["mimeType"], "image/png");
    assert_eq!(content["val"]["fileName"], "boleto.png");
    assert_eq!(content["val"]["caption"], "Segue o boleto");
    let url = str_at(&content["val"], "url");
    let relative = url
        .strip_prefix("https://chat.isp.example")
        .unwrap_or_else(|| panic!("not under the public URL: {url}"));
    assert!(relative.starts_with("/attachments/"), "{url}");
    // Valid long enough for a provider that queues its download.
    let expires: i64 = relative
        .split("expires=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .and_then(|e| e.parse().ok())
        .unwrap_or_else(|| panic!("no expiry in {url}"));
    assert!(
        expires - c.app.clock.now().timestamp() >= 3600,
        "{url} expires too soon"
    );
    assert_eq!(c.download(relative).await, PNG_1X1);
    c.app.shutdown().await;
}

/// Ana offers two options; returns the message id after checking what the API shows.
async fn send_choices(c: &Channel, conversation: &str) -> String {
    let body = c
        .app
        .gql(
            Some(&c.ana.access),
            "mutation($c: ID!, $ch: ChoicesInput) { sendMessage(conversationId: $c,
               content: \"1. Segunda via 2. Suporte técnico\", choices: $ch) {
               id attributes { choices { prompt options { id title } } } } }",
            json!({ "c": conversation, "ch": { "prompt": "Qual serviço?", "options": [
                { "id": "2via", "title": "Segunda via" },
                { "id": "tecnico", "title": "Suporte técnico" }] } }),
        )
        .await;
    let message = &data(&body)["sendMessage"];
    assert_eq!(
        message["attributes"]["choices"]["options"][1]["id"], "tecnico",
        "{body}"
    );
    str_at(message, "id")
}

const SEND_TEMPLATE: &str = "mutation($c: ID!, $t: TemplateInput!) {
    sendTemplate(conversationId: $c, template: $t) { id content deliveryState
      attributes { template { name language parameters } } } }";

async fn templates_go_out_after_the_window_closed_while_text_is_refused(app: TestApp) {
    let mut c = channel_with(app, |_| {}).await;
    let from = "5511988880005";
    c.customer_says("wamid.t1", from, "oi").await;
    let conversation = c.conversation_of(from).await;

    // Within the window, a prompt reaches a channel with buttons as such.
    let id = send_choices(&c, &conversation).await;
    c.message_in_state(&conversation, &id, "SENT").await;
    let sent = c.sent(&id).await;
    assert_eq!(
        sent["contents"],
        json!([{ "tag": "choices", "val": { "prompt": "Qual serviço?", "options": [
            { "id": "2via", "title": "Segunda via", "description": null },
            { "id": "tecnico", "title": "Suporte técnico", "description": null }] } }]),
        "{sent}"
    );

    c.app.clock.advance(chrono::Duration::hours(25));
    c.ana = c.app.login("ana", "ana-password").await;

    let refused = c.reply(&conversation, "Ainda precisa de ajuda?").await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(error_field(&refused), "content", "{refused}");

    let invalid = c
        .app
        .gql(
            Some(&c.ana.access),
            SEND_TEMPLATE,
            json!({ "c": conversation, "t": { "name": "Hello World", "language": "pt_BR" } }),
        )
        .await;
    assert_eq!(error_field(&invalid), "template.name", "{invalid}");

    let body = c
        .app
        .gql(
            Some(&c.ana.access),
            SEND_TEMPLATE,
            json!({ "c": conversation, "t": {
                "name": "hello_world", "language": "pt_BR", "parameters": ["Maria", "20/12"] } }),
        )
        .await;
    let message = &data(&body)["sendTemplate"];
    assert_eq!(message["content"], "Maria, 20/12");
    assert_eq!(
        message["attributes"]["template"],
        json!({ "name": "hello_world", "language": "pt_BR", "parameters": ["Maria", "20/12"] })
    );
    let id = str_at(message, "id");
    c.message_in_state(&conversation, &id, "SENT").await;
    let sent = c.sent(&id).await;
    assert_eq!(
        sent["contents"],
        json!([{ "tag": "template", "val": {
            "name": "hello_world", "language": "pt_BR", "parameters": ["Maria", "20/12"] } }]),
        "{sent}"
    );
    c.app.shutdown().await;
}

async fn templates_and_files_are_refused_where_the_channel_has_none(app: TestApp) {
    let c = channel_with(app, |config| {
        config.preload_plugins[0]
            .1
            .settings
            .insert("plain".into(), "true".into());
    })
    .await;
    let from = "5511988880006";
    c.customer_says("wamid.p1", from, "oi").await;
    let conversation = c.conversation_of(from).await;
    let body = c
        .app
        .gql(
            Some(&c.ana.access),
            SEND_TEMPLATE,
            json!({ "c": conversation, "t": { "name": "hello_world", "language": "pt_BR" } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(error_field(&body), "template", "{body}");

    let (status, body) = c
        .app
        .gql_upload(
            Some(&c.ana.access),
            SEND_FILE,
            json!({ "c": conversation }),
            &UploadFile::png("foto.png"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(error_field(&body), "file", "{body}");
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM messages WHERE direction = 'outgoing'")
            .await,
        0
    );

    // A prompt reaches a channel without buttons as its text.
    let id = send_choices(&c, &conversation).await;
    c.message_in_state(&conversation, &id, "SENT").await;
    let sent = c.sent(&id).await;
    assert_eq!(
        sent["contents"],
        json!([{ "tag": "text", "val": "1. Segunda via 2. Suporte técnico" }]),
        "{sent}"
    );
    c.app.shutdown().await;
}

async fn bot_replies_in_a_channel_inbox_go_out_through_the_plugin(app: TestApp) {
    let c = channel_with(app, |_| {}).await;
    let admin = c.app.admin().await;
    data(
        &c.app
            .gql(
                Some(&admin.access),
                "mutation($i: ID!) { updateInbox(id: $i, input: {botPluginId: \"echo-bot\"}) { id } }",
                json!({ "i": c.inbox }),
            )
            .await,
    );
    let from = "5511988880007";
    c.customer_says("wamid.b1", from, "minha internet caiu")
        .await;
    let conversation = c.conversation_of(from).await;
    let reply = eventually("the bot's reply sent", || async {
        let body = c
            .app
            .gql(Some(&c.ana.access), MESSAGES, json!({ "c": conversation }))
            .await;
        data(&body)["conversation"]["messages"]["nodes"]
            .as_array()?
            .iter()
            .find(|m| m["direction"] == "OUTGOING" && m["deliveryState"] == "SENT")
            .cloned()
    })
    .await;
    let id = str_at(&reply, "id");
    assert_eq!(reply["externalId"], format!("fake-{id}"));
    let sent = c.sent(&id).await;
    assert_eq!(sent["contents"][0]["tag"], "text", "{sent}");
    assert!(
        sent["contents"][0]["val"]
            .as_str()
            .is_some_and(|t| t.contains("minha internet caiu")),
        "{sent}"
    );
    c.app.shutdown().await;
}
