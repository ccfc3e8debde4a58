//! U+0000 in any text a client sends is refused before anything runs, naming where it was:
//! PostgreSQL cannot store it in text (the statement fails, which surfaced as INTERNAL), and no
//! person types it. Text that reaches the server from a provider instead (a channel's webhook, a
//! bot's reply) is stored with the character replaced (`channels::events::storable`,
//! `pipeline::convert::storable`). Paths are only built for the one found: a request without a
//! NUL allocates nothing here.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Positioned, ServerError, Value};

use crate::error::ErrorCode;

/// The first place a NUL appears in the request's variables.
pub fn check_variables(variables: &async_graphql::Variables) -> Result<(), ServerError> {
    for (name, value) in variables.iter() {
        if let Some(path) = find(value) {
            return Err(refused(name.as_str(), path));
        }
    }
    Ok(())
}

/// The first place a NUL appears in the document's literals.
pub fn check_document(document: &ExecutableDocument) -> Result<(), ServerError> {
    for (_, operation) in document.operations.iter() {
        check_set(&operation.node.selection_set)?;
    }
    for fragment in document.fragments.values() {
        check_set(&fragment.node.selection_set)?;
    }
    Ok(())
}

fn check_set(set: &Positioned<SelectionSet>) -> Result<(), ServerError> {
    for selection in &set.node.items {
        match &selection.node {
            Selection::Field(field) => {
                for (name, value) in &field.node.arguments {
                    if let Ok(value) = value.node.clone().into_const_with(|_| Err::<Value, ()>(()))
                        && let Some(path) = find(&value)
                    {
                        return Err(refused(name.node.as_str(), path));
                    }
                }
                check_set(&field.node.selection_set)?;
            }
            Selection::InlineFragment(inline) => check_set(&inline.node.selection_set)?,
            Selection::FragmentSpread(_) => {}
        }
    }
    Ok(())
}

/// Where the first string (or object key) containing U+0000 is, as the list indexes and object
/// keys leading to it, innermost first; `None` when there is none.
fn find(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(text) if text.contains('\0') => Some(Vec::new()),
        Value::List(items) => items.iter().enumerate().find_map(|(i, item)| {
            find(item).map(|mut path| {
                path.push(i.to_string());
                path
            })
        }),
        Value::Object(fields) => fields.iter().find_map(|(key, item): (&Name, &Value)| {
            let inner = if key.contains('\0') {
                Some(Vec::new())
            } else {
                find(item)
            };
            inner.map(|mut path| {
                path.push(key.to_string());
                path
            })
        }),
        _ => None,
    }
}

/// The refusal naming `root` and the path found under it.
fn refused(root: &str, inner: Vec<String>) -> ServerError {
    let path: String = std::iter::once(root.to_owned())
        .chain(inner.into_iter().rev())
        .collect::<Vec<_>>()
        .join(".");
    let mut err = ServerError::new(
        format!("{path}: must not contain the NUL character (U+0000)"),
        None,
    );
    let extensions = err.extensions.get_or_insert_with(Default::default);
    extensions.set("code", ErrorCode::BadUserInput.as_str());
    extensions.set("field", path);
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(query: &str, variables: serde_json::Value) -> Option<String> {
        let document = async_graphql::parser::parse_query(query).unwrap();
        let variables = async_graphql::Variables::from_json(variables);
        check_variables(&variables)
            .and_then(|()| check_document(&document))
            .err()
            .and_then(|e| e.extensions.and_then(|x| x.get("field").cloned()))
            .map(|v| v.to_string().trim_matches('"').to_owned())
    }

    #[test]
    fn a_nul_is_found_where_it_was_typed() {
        let q = "mutation($input: X) { a(input: $input) { id } }";
        assert_eq!(
            checked(
                q,
                serde_json::json!({ "input": { "tags": ["ok", "bad\u{0}"] } })
            ),
            Some("input.tags.1".into())
        );
        assert_eq!(
            checked(
                "{ search(text: \"con\\u0000exao\") { id } }",
                serde_json::json!({})
            ),
            Some("text".into())
        );
        assert_eq!(
            checked(
                "{ a(f: {name: \"x\\u0000\"}) { id } }",
                serde_json::json!({})
            ),
            Some("f.name".into())
        );
        assert_eq!(
            checked(q, serde_json::json!({ "input": { "name": "Ana" } })),
            None
        );
    }
}
