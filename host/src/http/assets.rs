//! Static web assets compiled into the binary: the chat widget's script that ISPs embed on
//! their sites (`<script src="https://chat.example/widget.js" data-inbox-id="…">`).

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

use ispchat_web_assets::WIDGET_JS;

/// A strong validator, so browsers revalidate cheaply after the short cache time.
static WIDGET_ETAG: LazyLock<Option<String>> =
    LazyLock::new(|| WIDGET_JS.map(|js| format!("\"{}\"", hex::encode(&Sha256::digest(js)[..12]))));

/// Sites embed the script by a fixed URL, so it is cached briefly: an upgrade reaches visitors
/// within minutes.
pub async fn widget_js(headers: HeaderMap) -> Response {
    let (Some(js), Some(etag)) = (WIDGET_JS, WIDGET_ETAG.as_deref()) else {
        return (
            StatusCode::NOT_FOUND,
            "the chat widget was not built into this server: run `make web` before building it",
        )
            .into_response();
    };
    let cache = [
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ),
        (
            header::ETAG,
            HeaderValue::from_str(etag).unwrap_or(HeaderValue::from_static("\"widget\"")),
        ),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|value| value.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (
        cache,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        )],
        js,
    )
        .into_response()
}
