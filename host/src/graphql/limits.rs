//! Bounds on the work a GraphQL document may cause *before* it executes.
//!
//! async-graphql's own depth and complexity checks walk fragment spreads without remembering
//! what they found, so a ~1 KB document whose fragments each spread the previous one twice
//! (`fragment F2 on Query { ...F1 ...F1 }`) costs 2^N steps before any limit answers: N = 25 took
//! seconds and gigabytes. This module runs first, on every request (HTTP and WebSocket), and in
//! time linear in the document:
//!
//! 1. the document's size in bytes and in lexical tokens, counted without building anything;
//! 2. the parse (pest, with async-graphql's nesting limit);
//! 3. the number of field selections the document would have once every fragment is expanded,
//!    counted with aliases and `__typename`, each fragment's count computed once (memoized), and
//!    fragment cycles refused here rather than followed.
//!
//! A refusal is a request error with code `GRAPHQL_VALIDATION_FAILED` (parse failures keep
//! `GRAPHQL_PARSE_FAILED`) and `extensions.limit` naming the bound, answered 400 over HTTP.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Request, ServerError, ServerResult};

use super::errors::{PARSE_FAILED, VALIDATION_FAILED};

/// Largest document, in bytes. The console's largest query is under 3 KiB and the standard
/// introspection query about 1.5 KiB; long texts belong in variables.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024;
/// Largest document in lexical tokens (names, punctuators, values). Bounds the parser's work
/// and memory whatever the byte count (`{a:__typename a:__typename …}` is 4 tokens a field).
pub const MAX_TOKENS: usize = 10_000;
/// Field selections once every fragment is expanded, `__typename` and aliases included.
/// Twice the complexity limit: any document that can pass complexity passes this.
pub const MAX_SELECTIONS: usize = 2 * super::MAX_COMPLEXITY;

/// Which bound a refused document broke, for `extensions.limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    DocumentBytes,
    Tokens,
    Selections,
    FragmentCycle,
}

impl Limit {
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::DocumentBytes => "documentBytes",
            Limit::Tokens => "tokens",
            Limit::Selections => "selections",
            Limit::FragmentCycle => "fragmentCycle",
        }
    }
}

/// Checks `request`'s document against the bounds and leaves it parsed in the request.
pub fn check(request: &mut Request) -> ServerResult<()> {
    let bytes = request.query.len();
    if bytes > MAX_DOCUMENT_BYTES {
        return Err(refused(
            Limit::DocumentBytes,
            format!("the document is {bytes} bytes; the limit is {MAX_DOCUMENT_BYTES}"),
        ));
    }
    if count_tokens(&request.query, MAX_TOKENS) > MAX_TOKENS {
        return Err(refused(
            Limit::Tokens,
            format!("the document has more than {MAX_TOKENS} tokens"),
        ));
    }
    let document = request.parsed_query().map_err(|mut err| {
        err.extensions
            .get_or_insert_with(Default::default)
            .set("code", PARSE_FAILED);
        err
    })?;
    match expanded_selections(document, MAX_SELECTIONS) {
        Ok(count) if count <= MAX_SELECTIONS => Ok(()),
        Ok(_) => Err(refused(
            Limit::Selections,
            format!(
                "the document selects more than {MAX_SELECTIONS} fields once its fragments are \
                 expanded"
            ),
        )),
        Err(name) => Err(refused(
            Limit::FragmentCycle,
            format!("fragment {name} spreads itself"),
        )),
    }
}

/// Whether an error is one of this module's refusals (answered 400 whatever the media type).
pub fn is_refusal(err: &ServerError) -> bool {
    err.extensions
        .as_ref()
        .is_some_and(|ext| ext.get("limit").is_some())
}

fn refused(limit: Limit, message: String) -> ServerError {
    let mut err = ServerError::new(message, None);
    let ext = err.extensions.get_or_insert_with(Default::default);
    ext.set("code", VALIDATION_FAILED);
    ext.set("limit", limit.as_str());
    metrics::counter!("ispchat_graphql_refused_documents_total", "limit" => limit.as_str())
        .increment(1);
    err
}

/// Lexical tokens of a GraphQL document, counting stops once past `stop_after`. Follows the
/// spec's lexical grammar closely enough to count: whitespace, commas and comments are ignored;
/// names, numbers, strings (block strings included) and `...` are one token each; any other
/// character is a punctuator.
fn count_tokens(source: &str, stop_after: usize) -> usize {
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut tokens = 0;
    while i < bytes.len() && tokens <= stop_after {
        let byte = bytes[i];
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 3;
                tokens += 1;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                tokens += 1;
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                i += 3;
                tokens += 1;
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < bytes.len() && is_number_part(bytes[i]) {
                    i += 1;
                }
                tokens += 1;
            }
            _ if is_name_part(byte) => {
                while i < bytes.len() && is_name_part(bytes[i]) {
                    i += 1;
                }
                tokens += 1;
            }
            _ => {
                i += 1;
                tokens += 1;
            }
        }
    }
    tokens
}

fn is_name_part(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn is_number_part(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'+')
}

/// Field selections of every operation with fragments expanded, saturating past `cap`. Each
/// fragment's own count is computed once. `Err(name)` for a fragment that reaches itself.
fn expanded_selections(document: &ExecutableDocument, cap: usize) -> Result<usize, Name> {
    let mut counter = Counter {
        document,
        cap,
        fragments: HashMap::new(),
    };
    let mut total = 0usize;
    for (_, operation) in document.operations.iter() {
        total = total.saturating_add(counter.selection_set(&operation.node.selection_set.node)?);
        if total > cap {
            break;
        }
    }
    Ok(total)
}

enum Visit {
    InProgress,
    Done(usize),
}

struct Counter<'a> {
    document: &'a ExecutableDocument,
    cap: usize,
    fragments: HashMap<&'a Name, Visit>,
}

impl<'a> Counter<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> Result<usize, Name> {
        let mut count = 0usize;
        for selection in &set.items {
            let own = match &selection.node {
                Selection::Field(field) => {
                    1usize.saturating_add(self.selection_set(&field.node.selection_set.node)?)
                }
                Selection::InlineFragment(inline) => {
                    self.selection_set(&inline.node.selection_set.node)?
                }
                Selection::FragmentSpread(spread) => {
                    self.fragment(&spread.node.fragment_name.node)?
                }
            };
            count = count.saturating_add(own);
            if count > self.cap {
                return Ok(count);
            }
        }
        Ok(count)
    }

    fn fragment(&mut self, name: &'a Name) -> Result<usize, Name> {
        match self.fragments.get(name) {
            Some(Visit::Done(count)) => return Ok(*count),
            Some(Visit::InProgress) => return Err(name.clone()),
            None => {}
        }
        // An unknown fragment is the validator's to report; it selects nothing here.
        let Some(fragment) = self.document.fragments.get(name) else {
            return Ok(0);
        };
        self.fragments.insert(name, Visit::InProgress);
        let count = self.selection_set(&fragment.node.selection_set.node)?;
        self.fragments.insert(name, Visit::Done(count));
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bomb(levels: usize) -> String {
        let mut doc = String::from("query { ...F0 }\nfragment F0 on Query { __typename }\n");
        for n in 1..=levels {
            doc.push_str(&format!(
                "fragment F{n} on Query {{ ...F{m} ...F{m} }}\n",
                m = n - 1
            ));
        }
        doc.replace("query { ...F0 }", &format!("query {{ ...F{levels} }}"))
    }

    fn selections(doc: &str) -> Result<usize, Name> {
        let document = async_graphql::parser::parse_query(doc).unwrap();
        expanded_selections(&document, usize::MAX)
    }

    #[test]
    fn doubling_fragments_are_counted_without_being_expanded() {
        assert_eq!(selections(&bomb(3)), Ok(8));
        // 2^40 selections, counted in 41 steps; saturates instead of overflowing past 2^64.
        assert_eq!(selections(&bomb(40)), Ok(1 << 40));
        assert_eq!(selections(&bomb(70)), Ok(usize::MAX));
    }

    #[test]
    fn aliases_typename_and_nested_fields_all_count() {
        assert_eq!(
            selections("{ a: __typename b: __typename __typename }"),
            Ok(3)
        );
        assert_eq!(
            selections("{ me { id teams { id name } } ... on Query { __typename } }"),
            Ok(6)
        );
    }

    #[test]
    fn a_fragment_cycle_is_refused_not_followed() {
        let doc = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
        assert!(selections(doc).is_err());
    }

    #[test]
    fn tokens_count_names_punctuators_and_strings_once() {
        assert_eq!(count_tokens("{ a: b(x: \"one, two } ]\") }", 100), 10);
        assert_eq!(count_tokens("# comment { } \n { ...F }", 100), 4);
        assert_eq!(
            count_tokens("{ a(t: \"\"\"block \\\"\"\" { \"\"\") }", 100),
            8
        );
        assert_eq!(count_tokens("{ n(x: -1.5e10) }", 100), 8);
        // Counting stops early on a huge document.
        assert_eq!(count_tokens(&"a ".repeat(1_000_000), 10), 11);
    }

    #[test]
    fn the_checks_refuse_with_the_limit_named() {
        let mut request = Request::new(bomb(40));
        let err = check(&mut request)
            .err()
            .unwrap_or_else(|| panic!("accepted"));
        assert_eq!(
            err.extensions
                .as_ref()
                .and_then(|e| e.get("limit"))
                .cloned(),
            Some(async_graphql::Value::from("selections"))
        );
        let aliases: String = (0..3000).map(|i| format!("a{i}: __typename ")).collect();
        let mut request = Request::new(format!("{{ {aliases} }}"));
        assert!(check(&mut request).is_err_and(|e| is_refusal(&e)));
        let mut request = Request::new("{ me { id } }");
        assert!(check(&mut request).is_ok());
    }
}
