//! A fake of Meta's Graph API for the WhatsApp plugin: a real HTTP server on 127.0.0.1:0 that
//! answers in the documented shapes and records every request it gets.
//!
//! - `POST /{version}/{phone-number-id}/messages` → `{"messaging_product":"whatsapp",
//!   "contacts":[{"input","wa_id"}],"messages":[{"id":"wamid.fake.<n>"}]}`
//!   (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages); a read receipt
//!   → `{"success":true}`; recipient [`OUTSIDE_WINDOW`] → the 131047 error body of
//!   https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes.
//! - `GET /{version}/{media-id}` → `{url, mime_type, sha256, file_size, id}` with `url` on this
//!   server, and `GET /whatsapp_business/attachments/?mid=…` → the bytes
//!   (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media). Both demand the
//!   bearer token, as Meta does.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A customer whose 24-hour window Meta considers closed.
pub const OUTSIDE_WINDOW: &str = "5511900000000";
/// The media the fake serves: the smallest valid PNG (1×1), so content checks pass.
pub const MEDIA_BYTES: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: Method,
    pub path_and_query: String,
    pub authorization: Option<String>,
    pub body: Value,
}

#[derive(Clone)]
struct Shared {
    log: Arc<Mutex<Vec<Received>>>,
    port: u16,
    token: String,
}

pub struct FakeGraph {
    pub port: u16,
    log: Arc<Mutex<Vec<Received>>>,
}

impl FakeGraph {
    /// Starts the server; it accepts `token` as the only valid bearer token.
    pub async fn start(token: &str) -> FakeGraph {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            log: log.clone(),
            port,
            token: token.to_owned(),
        };
        let app = Router::new().fallback(handle).with_state(shared);
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeGraph { port, log }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The bodies of the message sends (read receipts excluded), oldest first.
    pub fn sent_messages(&self) -> Vec<Value> {
        self.received()
            .into_iter()
            .filter(|r| r.method == Method::POST && r.body["status"].is_null())
            .map(|r| r.body)
            .collect()
    }
}

async fn handle(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let count = {
        let mut log = shared.log.lock().unwrap_or_else(|e| e.into_inner());
        log.push(Received {
            method: method.clone(),
            path_and_query: uri
                .path_and_query()
                .map(ToString::to_string)
                .unwrap_or_default(),
            authorization: authorization.clone(),
            body: json.clone(),
        });
        // Message ids count message sends only, not read receipts.
        log.iter()
            .filter(|r| r.method == Method::POST && r.body["status"].is_null())
            .count()
    };
    if authorization.as_deref() != Some(format!("Bearer {}", shared.token).as_str()) {
        return graph_error(
            StatusCode::UNAUTHORIZED,
            190,
            "Invalid OAuth access token - Cannot parse access token",
            None,
        );
    }
    let segments: Vec<&str> = uri.path().trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (Method::POST, [_version, _phone_number_id, "messages"]) => send(&json, count),
        (Method::GET, ["whatsapp_business", "attachments"]) => {
            ([("content-type", "image/png")], MEDIA_BYTES).into_response()
        }
        (Method::GET, [_version, media_id]) => {
            let url = format!(
                "http://127.0.0.1:{}/whatsapp_business/attachments/?mid={media_id}&ext=1750000000&hash=ATuA2Ey5",
                shared.port
            );
            axum::Json(json!({
                "messaging_product": "whatsapp",
                "url": url,
                "mime_type": "image/png",
                "sha256": hex::encode(Sha256::digest(MEDIA_BYTES)),
                "file_size": MEDIA_BYTES.len(),
                "id": media_id,
            }))
            .into_response()
        }
        _ => graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) Unsupported request",
            Some("no such endpoint in the fake"),
        ),
    }
}

fn send(body: &Value, count: usize) -> Response {
    if body["status"] == "read" {
        return axum::Json(json!({ "success": true })).into_response();
    }
    let to = body["to"].as_str().unwrap_or_default();
    if to == OUTSIDE_WINDOW {
        return graph_error(
            StatusCode::BAD_REQUEST,
            131047,
            "(#131047) Re-engagement message",
            Some(
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
            ),
        );
    }
    axum::Json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": to, "wa_id": to }],
        "messages": [{ "id": format!("wamid.fake.{count}") }],
    }))
    .into_response()
}

fn graph_error(status: StatusCode, code: i64, message: &str, details: Option<&str>) -> Response {
    let mut error = json!({
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam",
    });
    if let Some(details) = details {
        error["error_data"] = json!({ "messaging_product": "whatsapp", "details": details });
    }
    (status, axum::Json(json!({ "error": error }))).into_response()
}
