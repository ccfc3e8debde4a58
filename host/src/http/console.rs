//! The agent console (a single-page app built into `web/console/dist`) served from the binary at
//! `/`. Hashed files under `/assets/` are cached for a year; `index.html` is revalidated on every
//! load so an upgrade shows at once. Any other GET path that is not the API's answers
//! `index.html` (the console routes in the browser), while unknown API paths and missing files
//! keep answering 404, so the console never hides an API error behind a page.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use ispchat_web_assets::CONSOLE_FILES as FILES;

/// Paths the host itself answers; below them nothing falls back to the console.
const API_PREFIXES: &[&str] = &[
    "/graphql",
    "/auth",
    "/attachments",
    "/webhooks",
    "/widget.js",
    "/healthz",
    "/readyz",
    "/metrics",
];

/// The console page's Content-Security-Policy (its inline script hashed once).
static CONSOLE_POLICY: LazyLock<String> = LazyLock::new(|| {
    let index = FILES
        .iter()
        .find(|(path, _)| *path == "/index.html")
        .map_or(&[][..], |(_, body)| *body);
    super::security::console_policy(index)
});

struct Asset {
    body: &'static [u8],
    etag: String,
}

static ASSETS: LazyLock<HashMap<&'static str, Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(path, body)| {
            let etag = format!("\"{}\"", hex::encode(&Sha256::digest(body)[..12]));
            (*path, Asset { body, etag })
        })
        .collect()
});

fn under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("json" | "map") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn not_found(text: &'static str) -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The router's fallback: console files, or the console's page for its own routes.
pub async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return not_found("not found");
    }
    let path = uri.path();
    if API_PREFIXES.iter().any(|prefix| under(path, prefix)) {
        return not_found("not found");
    }
    let (path, asset) = match ASSETS.get(path) {
        Some(asset) => (path, asset),
        None => {
            // A missing script or image must not come back as HTML: the browser would try to run it.
            let last = path.rsplit('/').next().unwrap_or_default();
            if path.starts_with("/assets/") || last.contains('.') {
                return not_found("not found");
            }
            let Some(index) = ASSETS.get("/index.html") else {
                return not_found(
                    "the agent console was not built into this server: run `make web` (Node.js 20 and npm) before building it, or use `make run`; the API is at /graphql",
                );
            };
            ("/index.html", index)
        }
    };
    let cache = if path.starts_with("/assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let etag =
        HeaderValue::from_str(&asset.etag).unwrap_or(HeaderValue::from_static("\"console\""));
    let mut common = HeaderMap::new();
    common.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    common.insert(header::ETAG, etag);
    if path == "/index.html"
        && let Ok(policy) = HeaderValue::from_str(&CONSOLE_POLICY)
    {
        common.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|value| value.as_bytes() == asset.etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    common.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    (common, asset.body).into_response()
}
