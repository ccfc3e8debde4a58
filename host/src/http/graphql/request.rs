//! Reading a GraphQL-over-HTTP request: the response media type from `Accept`, and the request
//! from a JSON body or from URL parameters, with every malformed part named.

use async_graphql::Variables;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Map, Value};

use super::refusal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    GraphqlResponse,
    Json,
}

impl Media {
    pub(super) fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Media::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Media::Json => "application/json; charset=utf-8",
        })
    }
}

/// The media ranges of `Accept`, lower-cased, with their quality (1 when not given).
fn media_ranges(headers: &HeaderMap) -> impl Iterator<Item = (String, f32)> + '_ {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter(|range| !range.trim().is_empty())
        .map(|range| {
            let mut parts = range.split(';');
            let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (essence, quality)
        })
}

/// The response media type for a request's `Accept`, or None when nothing it accepts is served.
pub fn negotiate(headers: &HeaderMap) -> Option<Media> {
    let mut ranges = media_ranges(headers).peekable();
    if ranges.peek().is_none() {
        return Some(Media::Json);
    }
    let mut best: Option<(f32, Media)> = None;
    for (essence, quality) in ranges {
        let media = match essence.as_str() {
            "application/graphql-response+json" => Media::GraphqlResponse,
            "application/json" | "application/*" | "*/*" => Media::Json,
            _ => continue,
        };
        let better = match best {
            None => true,
            Some((q, current)) => {
                quality > q || (quality == q && media == Media::GraphqlResponse && current != media)
            }
        };
        if quality > 0.0 && better {
            best = Some((quality, media));
        }
    }
    best.map(|(_, media)| media)
}

/// Whether GraphiQL is what a `GET /graphql` wants: a browser asking for `text/html`, with no
/// `query` (nor a persisted query's `extensions`) in the URL.
pub fn wants_graphiql(headers: &HeaderMap, query: Option<&str>) -> bool {
    let html =
        media_ranges(headers).any(|(essence, quality)| essence == "text/html" && quality > 0.0);
    let asks_query = query.is_some_and(|q| {
        form_urlencoded::parse(q.as_bytes()).any(|(key, _)| key == "query" || key == "extensions")
    });
    html && !asks_query
}

/// Whether the body is JSON in UTF-8 (`application/json`, no other charset).
pub(in crate::http) fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    let utf8 = parts
        .filter_map(|p| {
            p.trim()
                .to_ascii_lowercase()
                .strip_prefix("charset=")
                .map(str::to_owned)
        })
        .all(|charset| matches!(charset.trim_matches('"'), "utf-8" | "utf8"));
    essence.eq_ignore_ascii_case("application/json") && utf8
}

/// A malformed request: 400 under either media type, naming the parameter.
pub(super) struct BadRequest {
    field: &'static str,
    message: String,
}

impl BadRequest {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        BadRequest {
            field,
            message: message.into(),
        }
    }

    pub(super) fn respond(self, media: Media) -> Response {
        refusal(media, StatusCode::BAD_REQUEST, self.field, &self.message)
    }
}

pub(super) fn parse_body(body: &Bytes) -> Result<async_graphql::Request, BadRequest> {
    if body.is_empty() {
        return Err(BadRequest::new(
            "body",
            "is empty; send a JSON object with a query",
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| BadRequest::new("body", format!("is not valid JSON: {e}")))?;
    let Value::Object(fields) = value else {
        return Err(BadRequest::new("body", "must be a JSON object"));
    };
    let text = |name: &'static str| match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(BadRequest::new(name, "must be a string")),
    };
    let object = |name: &'static str| match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map.clone())),
        Some(_) => Err(BadRequest::new(name, "must be an object")),
    };
    build(
        text("query")?,
        text("operationName")?,
        object("variables")?,
        object("extensions")?,
    )
}

/// `query`, `operationName`, and `variables` and `extensions` as URL-encoded JSON.
pub(super) fn parse_params(query_string: &str) -> Result<async_graphql::Request, BadRequest> {
    let mut query = None;
    let mut operation_name = None;
    let mut variables = None;
    let mut extensions = None;
    for (key, value) in form_urlencoded::parse(query_string.as_bytes()) {
        let json_object = |name: &'static str| -> Result<Option<Map<String, Value>>, BadRequest> {
            if value.is_empty() {
                return Ok(None);
            }
            match serde_json::from_str::<Value>(&value) {
                Ok(Value::Object(map)) => Ok(Some(map)),
                Ok(Value::Null) => Ok(None),
                _ => Err(BadRequest::new(name, "must be a JSON object")),
            }
        };
        match key.as_ref() {
            "query" => query = Some(value.into_owned()),
            "operationName" => operation_name = Some(value.into_owned()).filter(|n| !n.is_empty()),
            "variables" => variables = json_object("variables")?,
            "extensions" => extensions = json_object("extensions")?,
            _ => {}
        }
    }
    build(query, operation_name, variables, extensions)
}

fn build(
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<Map<String, Value>>,
    extensions: Option<Map<String, Value>>,
) -> Result<async_graphql::Request, BadRequest> {
    let persisted = extensions
        .as_ref()
        .is_some_and(|e| e.contains_key("persistedQuery"));
    let query = match query {
        Some(query) if !query.trim().is_empty() => query,
        // With a persisted query's hash the document may be left out.
        _ if persisted => String::new(),
        _ => return Err(BadRequest::new("query", "is required")),
    };
    let mut request = async_graphql::Request::new(query);
    request.operation_name = operation_name;
    if let Some(variables) = variables {
        request.variables = Variables::from_json(Value::Object(variables));
    }
    if let Some(extensions) = extensions {
        for (name, value) in extensions {
            let value = async_graphql::Value::from_json(value)
                .map_err(|_| BadRequest::new("extensions", "must be a JSON object"))?;
            request.extensions.insert(name, value);
        }
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_media_type_follows_accept() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(Media::Json));
        assert_eq!(negotiate(&accept("application/json")), Some(Media::Json));
        assert_eq!(negotiate(&accept("*/*")), Some(Media::Json));
        assert_eq!(
            negotiate(&accept(
                "application/graphql-response+json, application/json"
            )),
            Some(Media::GraphqlResponse)
        );
        assert_eq!(
            negotiate(&accept(
                "application/json, application/graphql-response+json;q=0.9"
            )),
            Some(Media::Json)
        );
        assert_eq!(
            negotiate(&accept("application/graphql-response+json;charset=utf-8")),
            Some(Media::GraphqlResponse)
        );
        assert_eq!(negotiate(&accept("text/html")), None);
        assert_eq!(negotiate(&accept("application/json;q=0")), None);
    }

    #[test]
    fn a_body_must_be_an_object_with_a_string_query() {
        let parse = |text: &str| parse_body(&Bytes::from(text.to_owned()));
        assert!(parse("{\"query\":\"{ me { id } }\"}").is_ok());
        for (body, field) in [
            ("", "body"),
            ("{", "body"),
            ("[]", "body"),
            ("{}", "query"),
            ("{\"query\": 7}", "query"),
            ("{\"query\":\"{a}\",\"variables\":\"x\"}", "variables"),
            ("{\"query\":\"{a}\",\"operationName\":[]}", "operationName"),
            ("{\"query\":\"{a}\",\"extensions\":1}", "extensions"),
        ] {
            let err = parse(body)
                .err()
                .unwrap_or_else(|| panic!("{body} accepted"));
            assert_eq!(err.field, field, "{body}");
        }
        let persisted = parse("{\"extensions\":{\"persistedQuery\":{\"version\":1}}}");
        assert!(persisted.is_ok_and(|r| r.query.is_empty()));
    }

    #[test]
    fn get_parameters_carry_json_variables() {
        let request = parse_params(
            "query=query%20Q(%24n%3AInt)%7Bx%7D&variables=%7B%22n%22%3A1%7D&operationName=Q",
        )
        .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(request.query, "query Q($n:Int){x}");
        assert_eq!(request.operation_name.as_deref(), Some("Q"));
        assert!(parse_params("variables=%7B%7D").is_err_and(|e| e.field == "query"));
        assert!(
            parse_params("query=%7Bx%7D&variables=%5B%5D").is_err_and(|e| e.field == "variables")
        );
    }

    #[test]
    fn only_utf8_json_bodies_are_json() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
            is_json(&headers)
        };
        assert!(with("application/json"));
        assert!(with("application/json; charset=utf-8"));
        assert!(with("Application/JSON;charset=\"UTF-8\""));
        assert!(!with("application/json; charset=latin1"));
        assert!(!with("text/plain"));
        assert!(!is_json(&HeaderMap::new()));
    }
}
