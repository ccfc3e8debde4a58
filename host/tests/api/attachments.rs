//! Attachments over real HTTP: multipart uploads to `/graphql/upload`, signed download links, the
//! size and type limits, who may upload, and subscribers seeing the file.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{
    Backend, PNG_1X1, TestApp, UploadFile, WsClient, data, error_code, error_field, str_at,
};

/// Small, so the tests can cross it cheaply.
const MAX_SIZE: u64 = 4096;

macro_rules! attachment_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::start(crate::support::Backend::Sqlite).await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::start(crate::support::Backend::Postgres).await).await
                }
            )*
        }
    };
}

attachment_tests!(
    an_agent_sends_a_picture_that_subscribers_and_the_link_deliver,
    refused_files_leave_no_message_and_no_file,
    tampered_and_expired_links_are_refused,
    only_those_who_may_write_to_the_conversation_upload,
);

async fn start(backend: Backend) -> TestApp {
    TestApp::start_with(backend, |config| config.attachments.max_size = MAX_SIZE).await
}

const SEND: &str = "mutation($c: ID!, $file: Upload!, $caption: String, $id: String, $p: Boolean! = false) {
    sendAttachment(conversationId: $c, file: $file, caption: $caption, clientMessageId: $id, private: $p) {
        id kind content private attachments { id fileName contentType size sha256 url urlExpiresAt } } }";

const MESSAGES: &str = "query($c: ID!) { conversation(id: $c) { messages(last: 50) { edges { node {
    id kind attachments { fileName url } } } } } }";

/// The conversation tests' world (Suporte with Ana, Financeiro with Fabio, an API inbox of
/// Suporte, the integrator's key) with one customer conversation.
struct World {
    shared: crate::conversations::World,
    conversation: String,
}

impl std::ops::Deref for World {
    type Target = crate::conversations::World;
    fn deref(&self) -> &Self::Target {
        &self.shared
    }
}

async fn world(app: TestApp) -> World {
    let shared = crate::conversations::world(app).await;
    let (_, conversation) = shared.post("c-1", "Minha internet caiu").await;
    World {
        shared,
        conversation,
    }
}

impl World {
    async fn send(&self, token: Option<&str>, file: &UploadFile, extra: Value) -> (u16, Value) {
        let mut variables = json!({ "c": self.conversation });
        if let (Some(vars), Some(extra)) = (variables.as_object_mut(), extra.as_object()) {
            vars.extend(extra.clone());
        }
        self.app.gql_upload(token, SEND, variables, file).await
    }

    async fn messages(&self, token: &str) -> Vec<Value> {
        let body = self
            .app
            .gql(Some(token), MESSAGES, json!({ "c": self.conversation }))
            .await;
        data(&body)["conversation"]["messages"]["edges"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|edge| edge["node"].clone())
            .collect()
    }

    async fn download(&self, url: &str) -> reqwest::Response {
        self.app
            .http
            .get(format!("{}{url}", self.app.base_url))
            .send()
            .await
            .unwrap_or_else(|e| panic!("download failed: {e}"))
    }

    fn stored_files(&self) -> usize {
        files_under(&self.app.data_dir().join("attachments"))
    }
}

fn files_under(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| {
                    let path = entry.path();
                    if path.is_dir() { files_under(&path) } else { 1 }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

async fn an_agent_sends_a_picture_that_subscribers_and_the_link_deliver(app: TestApp) {
    let w = world(app).await;
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            "query($c: ID!) { conversation(id: $c) { lastSeq } }",
            json!({ "c": w.conversation }),
        )
        .await;
    let last_seq = data(&body)["conversation"]["lastSeq"]
        .as_i64()
        .unwrap_or_default();
    let (mut live, ack) = WsClient::connect(&w.app, Some(&w.ana.access)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    live.subscribe(
        "1",
        &format!(
            "subscription {{ conversationEvents(conversationId: \"{}\", after: {last_seq}) {{ kind message {{ id attachments {{ fileName contentType url }} }} }} }}",
            w.conversation
        ),
    )
    .await;

    let file = UploadFile::png("../fotos/roteador.png");
    let extra = json!({ "caption": "Segue a foto", "id": "up-1" });
    let (status, body) = w.send(Some(&w.ana.access), &file, extra.clone()).await;
    assert_eq!(status, 200, "{body}");
    let message = data(&body)["sendAttachment"].clone();
    assert_eq!(message["kind"], "ATTACHMENT");
    assert_eq!(message["content"], "Segue a foto");
    let attachment = &message["attachments"][0];
    assert_eq!(attachment["fileName"], "roteador.png");
    assert_eq!(attachment["contentType"], "image/png");
    assert_eq!(attachment["size"], PNG_1X1.len());
    assert_eq!(attachment["sha256"].as_str().map(str::len), Some(64));
    let url = str_at(attachment, "url");
    assert!(url.starts_with("/attachments/"), "{url}");

    // The link needs no token: an <img> can use it.
    let response = w.download(&url).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "content-type"), "image/png");
    assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&response, "content-disposition"),
        "inline; filename=\"roteador.png\"; filename*=UTF-8''roteador.png"
    );
    let bytes = response.bytes().await.unwrap_or_default();
    assert_eq!(bytes.as_ref(), PNG_1X1);

    let events = live
        .events_until(|e| e["conversationEvents"]["kind"] == "MESSAGE_CREATED")
        .await;
    let created = &events[events.len() - 1]["conversationEvents"];
    assert_eq!(created["message"]["id"], message["id"]);
    assert_eq!(
        created["message"]["attachments"][0]["contentType"],
        "image/png"
    );
    assert!(
        created["message"]["attachments"][0]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("/attachments/"))
    );

    // A retry with the same client id returns the first message and keeps one file.
    let (_, again) = w.send(Some(&w.ana.access), &file, extra).await;
    assert_eq!(data(&again)["sendAttachment"]["id"], message["id"]);
    assert_eq!(w.stored_files(), 1);

    // A private file is a note: the integrator sees the picture, never the note.
    let (_, note) = w
        .send(
            Some(&w.ana.access),
            &UploadFile::png("interno.png"),
            json!({ "p": true }),
        )
        .await;
    let note = &data(&note)["sendAttachment"];
    assert_eq!(note["kind"], "NOTE");
    assert_eq!(note["attachments"][0]["fileName"], "interno.png");
    let seen: Vec<Value> = w.messages(&w.key).await;
    assert!(
        seen.iter()
            .any(|m| m["id"] == message["id"] && m["attachments"][0]["fileName"] == "roteador.png")
    );
    assert!(!seen.iter().any(|m| m["id"] == note["id"]), "{seen:?}");
    assert_eq!(w.messages(&w.ana.access).await.len(), 3);
}

async fn refused_files_leave_no_message_and_no_file(app: TestApp) {
    let w = world(app).await;
    let mut large = PNG_1X1.to_vec();
    large.resize(MAX_SIZE as usize + 1, 0);
    let cases = [
        (
            "too large",
            UploadFile::new("big.png", "image/png", &large),
            "at most 4 KiB",
        ),
        (
            "not what it claims",
            UploadFile::new(
                "foto.png",
                "image/png",
                b"<html><script>alert(1)</script></html>",
            ),
            "declared as image/png",
        ),
        (
            "a type off the list",
            UploadFile::new(
                "planilha.zip",
                "application/zip",
                b"PK\x03\x04\x14\0\0\0\x08\0rest",
            ),
            "not accepted",
        ),
        (
            "empty",
            UploadFile::new("vazio.txt", "text/plain", b""),
            "empty",
        ),
    ];
    for (case, file, reason) in cases {
        let (_, body) = w.send(Some(&w.ana.access), &file, json!({})).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{case}: {body}");
        assert_eq!(error_field(&body), "file", "{case}: {body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains(reason)),
            "{case}: {body}"
        );
    }
    // A body announced beyond the limit is refused before it is read.
    let mut stream = tokio::net::TcpStream::connect(w.app.base_url.trim_start_matches("http://"))
        .await
        .unwrap();
    let head = format!(
        "POST /graphql/upload HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {}\r\n\
         Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000000\r\n\
         Connection: close\r\n\r\n",
        w.ana.access
    );
    let reply = raw_exchange(&mut stream, head.as_bytes()).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(reply.contains("BAD_USER_INPUT"), "{reply}");

    // Nothing was stored: only the customer's message, no file, no partial file.
    let messages = w.messages(&w.ana.access).await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(w.stored_files(), 0);
    // A file of exactly the limit is fine.
    let mut exact = PNG_1X1.to_vec();
    exact.resize(MAX_SIZE as usize, 0);
    let (_, body) = w
        .send(
            Some(&w.ana.access),
            &UploadFile::new("exato.png", "image/png", &exact),
            json!({}),
        )
        .await;
    assert_eq!(
        data(&body)["sendAttachment"]["attachments"][0]["size"],
        MAX_SIZE
    );
    assert_eq!(w.stored_files(), 1);
}

async fn raw_exchange(stream: &mut tokio::net::TcpStream, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.write_all(request).await.unwrap();
    let mut reply = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut reply)).await;
    assert!(read.is_ok(), "no reply within 5 s");
    String::from_utf8_lossy(&reply).into_owned()
}

async fn tampered_and_expired_links_are_refused(app: TestApp) {
    let w = world(app).await;
    let (_, body) = w
        .send(
            Some(&w.ana.access),
            &UploadFile::new("nota.txt", "text/plain", "Obrigado!".as_bytes()),
            json!({}),
        )
        .await;
    let attachment = &data(&body)["sendAttachment"]["attachments"][0];
    assert_eq!(attachment["contentType"], "text/plain");
    let url = str_at(attachment, "url");
    let response = w.download(&url).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "text/plain; charset=utf-8"
    );
    assert!(header(&response, "content-disposition").starts_with("attachment; "));

    let (path, query) = url.split_once('?').unwrap_or_default();
    let signature = query.split("signature=").nth(1).unwrap_or_default();
    let expires = query
        .split('&')
        .find_map(|p| p.strip_prefix("expires="))
        .unwrap_or_default();
    let flipped = if signature.starts_with('A') { "B" } else { "A" };
    let other_id = uuid::Uuid::now_v7();
    let later: i64 = expires.parse::<i64>().unwrap_or_default() + 86_400;
    for forged in [
        format!(
            "{path}?expires={expires}&signature={flipped}{}",
            &signature[1..]
        ),
        format!("/attachments/{other_id}?{query}"),
        format!("{path}?expires={later}&signature={signature}"),
        format!("{path}?expires={expires}"),
        path.to_owned(),
    ] {
        let response = w.download(&forged).await;
        assert_eq!(response.status().as_u16(), 403, "{forged}");
        assert!(
            response.bytes().await.unwrap_or_default().is_empty(),
            "no detail for {forged}"
        );
    }
    w.app.clock.advance(chrono::Duration::minutes(21));
    assert_eq!(w.download(&url).await.status().as_u16(), 403);
    // Asking again gives a fresh link (with the key: Ana's session expired meanwhile).
    let fresh = w.messages(&w.key).await;
    let fresh_url = fresh
        .iter()
        .find_map(|m| m["attachments"][0]["url"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert_ne!(fresh_url, url);
    assert_eq!(w.download(&fresh_url).await.status().as_u16(), 200);
}

async fn only_those_who_may_write_to_the_conversation_upload(app: TestApp) {
    let w = world(app).await;
    let png = UploadFile::png("foto.png");
    let (_, body) = w.send(Some(&w.fabio.access), &png, json!({})).await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let (_, body) = w.send(None, &png, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    // The integrator's key may read, not write, conversations.
    let (_, body) = w.send(Some(&w.key), &png, json!({})).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    assert_eq!(w.stored_files(), 0);

    // Files go to /graphql/upload; /graphql says so instead of half-accepting them.
    let form = reqwest::multipart::Form::new().text("operations", "{}");
    let response = w
        .app
        .http
        .post(format!("{}/graphql", w.app.base_url))
        .bearer_auth(&w.ana.access)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 415);
    // A forged file reference in plain JSON is bad input, not a crash.
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            SEND,
            json!({ "c": w.conversation, "file": "#__graphql_file__:x" }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            SEND,
            json!({ "c": w.conversation, "file": "#__graphql_file__:0" }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(w.messages(&w.ana.access).await.len(), 1);
}
