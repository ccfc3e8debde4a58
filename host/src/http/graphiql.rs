//! GraphiQL for a browser at `GET /graphql`: exact versions from unpkg, each checked by the
//! browser against its Subresource Integrity hash (a compromised CDN or a changed file is not
//! run), and a Content-Security-Policy that lets only those files and this page's own script
//! (by a per-response nonce) run. The hashes are those of the files in the npm packages
//! (`npm pack graphiql@3.9.0`; unpkg serves them unchanged).

use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine as _;
use rand::RngCore as _;

const REACT: (&str, &str) = (
    "https://unpkg.com/react@18.3.1/umd/react.production.min.js",
    "sha384-DGyLxAyjq0f9SPpVevD6IgztCFlnMF6oW/XQGmfe+IsZ8TqEiDrcHkMLKI6fiB/Z",
);
const REACT_DOM: (&str, &str) = (
    "https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js",
    "sha384-gTGxhz21lVGYNMcdJOyq01Edg0jhn/c22nsx0kyqP0TxaV5WVdsSH1fSDUf5YJj1",
);
const GRAPHIQL_JS: (&str, &str) = (
    "https://unpkg.com/graphiql@3.9.0/graphiql.min.js",
    "sha384-8NGfVj4CVlqHajlZj+bPJT4thxPMHMJYn7DWK2CvtopLd02E7qsPHazniBYvVjOO",
);
const GRAPHIQL_CSS: (&str, &str) = (
    "https://unpkg.com/graphiql@3.9.0/graphiql.min.css",
    "sha384-QMux00XgRtwRLSYIY3kw2rj1ovk5AuuliAchk+HSQbqdbGFnz9GYuqIlOqxhwCE2",
);

pub fn page() -> Response {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = base64::engine::general_purpose::STANDARD.encode(bytes);
    let script = |(src, integrity): (&str, &str)| {
        format!(r#"<script src="{src}" integrity="{integrity}" crossorigin="anonymous"></script>"#)
    };
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="robots" content="noindex">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>ISP Chat · GraphiQL</title>
    <style>body {{ height: 100%; margin: 0; width: 100%; overflow: hidden; }} #graphiql {{ height: 100vh; }}</style>
    <link rel="stylesheet" href="{css}" integrity="{css_integrity}" crossorigin="anonymous">
    {react}
    {react_dom}
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    {graphiql}
    <script nonce="{nonce}">
      const url = (subscription) => {{
        const u = new URL('/graphql', window.location.origin);
        if (subscription) u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
        return u.toString();
      }};
      ReactDOM.createRoot(document.getElementById('graphiql')).render(
        React.createElement(GraphiQL, {{
          fetcher: GraphiQL.createFetcher({{ url: url(false), subscriptionUrl: url(true) }}),
          defaultEditorToolsVisibility: true,
        }}),
      );
    </script>
  </body>
</html>"#,
        css = GRAPHIQL_CSS.0,
        css_integrity = GRAPHIQL_CSS.1,
        react = script(REACT),
        react_dom = script(REACT_DOM),
        graphiql = script(GRAPHIQL_JS),
    );
    let policy = format!(
        "default-src 'none'; script-src 'nonce-{nonce}' https://unpkg.com; \
         style-src 'unsafe-inline' https://unpkg.com; img-src 'self' data: https://unpkg.com; \
         font-src data: https://unpkg.com; connect-src 'self'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    );
    let mut response = Html(html).into_response();
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
