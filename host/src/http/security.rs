//! Headers every response carries, so that a browser treats what the server sends as what it is:
//!
//! - `X-Content-Type-Options: nosniff`: a file is never run as a script because it looks like one;
//! - `Referrer-Policy: strict-origin-when-cross-origin`: links out of the console do not carry
//!   conversation ids in the URL they leave from;
//! - `X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`: no page of ours can be framed
//!   (clickjacking the console);
//! - `Strict-Transport-Security` when the public URL is https;
//! - a `Content-Security-Policy` on every response that has none of its own: nothing may load
//!   or run, and a file served inline (an attachment someone uploaded) is sandboxed, so an HTML
//!   or SVG "picture" cannot run script in our origin. The console and GraphiQL set their own
//!   policies ([`CONSOLE_POLICY`], [`super::graphiql`]).

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::AppState;

/// For responses that set no policy of their own.
const DEFAULT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_POLICY),
        );
    }
    if state
        .services
        .public_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"))
    {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// The console's policy: its own scripts and styles only (plus the inline theme script of
/// `index.html`, by hash), connections to its own origin (HTTP and WebSocket), pictures and
/// sounds from its own origin, `data:` and `blob:` (previews of files being sent).
pub fn console_policy(index_html: &[u8]) -> String {
    let hashes: Vec<String> = inline_scripts(&String::from_utf8_lossy(index_html))
        .into_iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' {}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'",
        hashes.join(" ")
    )
}

/// The contents of `<script>` elements without a `src`, as the browser hashes them.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            scripts.push(&after[body_start..body_start + close]);
        }
        rest = &after[body_start + close..];
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed_into_the_console_policy() {
        let html = "<script>var a = 1;</script><script type=\"module\" src=\"/x.js\"></script>";
        assert_eq!(inline_scripts(html), ["var a = 1;"]);
        let policy = console_policy(html.as_bytes());
        let expected =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"var a = 1;"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
