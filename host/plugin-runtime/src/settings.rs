//! Operator settings checked against the manifest's `[settings]` schema, with the same rules as
//! the SDK's `checkSettingValue`, and turned into the text the `config` interface serves.

use std::collections::BTreeMap;

use serde_json::Value;

use super::manifest::{Manifest, Setting};
use ispchat_core::error::{Error, Result};

/// Stored operator values: only declared keys, each valid for its type.
pub type SettingValues = BTreeMap<String, Value>;

/// Applies `changes` (a JSON object; `null` resets a key to its default) over `current` and
/// checks the result. Errors name the field as `settings.<key>`.
pub fn apply(
    manifest: &Manifest,
    current: &SettingValues,
    changes: &Value,
) -> Result<SettingValues> {
    let Value::Object(changes) = changes else {
        return Err(Error::invalid("settings", "must be a JSON object"));
    };
    let mut values = current.clone();
    for (key, value) in changes {
        let field = format!("settings.{key}");
        let Some(spec) = manifest.settings.get(key) else {
            return Err(Error::invalid(&field, "is not a setting of this plugin"));
        };
        if value.is_null() {
            values.remove(key);
            continue;
        }
        if let Some(problem) = check(spec, value) {
            return Err(Error::invalid(&field, problem));
        }
        values.insert(key.clone(), value.clone());
    }
    // Settings the manifest no longer declares (after an upgrade) are dropped.
    values.retain(|key, _| manifest.settings.contains_key(key));
    for (key, spec) in &manifest.settings {
        if spec.required && spec.default.is_none() && !values.contains_key(key) {
            return Err(Error::invalid(&format!("settings.{key}"), "is required"));
        }
    }
    Ok(values)
}

/// Why `value` does not fit `spec`, as the SDK words it.
fn check(spec: &Setting, value: &Value) -> Option<String> {
    match spec.kind.as_str() {
        "string" => {
            let Value::String(text) = value else {
                return Some("expected a string".into());
            };
            match &spec.choices {
                Some(choices) if !choices.contains(text) => {
                    Some(format!("expected one of {}", choices.join(", ")))
                }
                _ => None,
            }
        }
        kind @ ("integer" | "number") => {
            let Some(n) = value.as_f64() else {
                return Some("expected a number".into());
            };
            if kind == "integer" && n.fract() != 0.0 {
                return Some("expected an integer".into());
            }
            if let Some(min) = spec.min.filter(|min| n < *min) {
                return Some(format!("below the minimum {min}"));
            }
            if let Some(max) = spec.max.filter(|max| n > *max) {
                return Some(format!("above the maximum {max}"));
            }
            None
        }
        "boolean" => (!value.is_boolean()).then(|| "expected true or false".into()),
        "string-list" => match value {
            Value::Array(items) if items.iter().all(Value::is_string) => None,
            _ => Some("expected a list of strings".into()),
        },
        other => Some(format!("has an unknown type {other:?} in plugin.toml")),
    }
}

/// The operator's values as the `config` interface serves them: strings as written, lists as
/// JSON, numbers and booleans in their usual spelling.
pub fn as_text(values: &SettingValues) -> BTreeMap<String, String> {
    values
        .iter()
        .map(|(key, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (key.clone(), text)
        })
        .collect()
}

/// The stored text (a JSON object); anything unreadable counts as no values.
pub fn parse_stored(text: &str) -> SettingValues {
    serde_json::from_str(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn manifest() -> Manifest {
        Manifest::parse(
            r#"
            id = "t"
            version = "1.0.0"
            kind = "bot"
            wit = "1.0.0"
            [settings.language]
            type = "string"
            enum = ["pt-BR", "en"]
            default = "pt-BR"
            [settings.limit]
            type = "integer"
            min = 1
            max = 10
            [settings.words]
            type = "string-list"
            [component]
            file = "t.wasm"
            sha256 = "00"
            "#,
        )
        .unwrap()
    }

    fn field(result: Result<SettingValues>) -> String {
        match result {
            Err(err) => err.field().unwrap_or_default().to_owned(),
            Ok(values) => panic!("accepted {values:?}"),
        }
    }

    #[test]
    fn plugins_settings_are_checked_against_the_schema_and_name_the_bad_field() {
        let m = manifest();
        let none = SettingValues::new();
        assert_eq!(
            field(apply(&m, &none, &json!({"language": "fr"}))),
            "settings.language"
        );
        assert_eq!(
            field(apply(&m, &none, &json!({"limit": 11}))),
            "settings.limit"
        );
        assert_eq!(
            field(apply(&m, &none, &json!({"limit": 2.5}))),
            "settings.limit"
        );
        assert_eq!(
            field(apply(&m, &none, &json!({"words": [1]}))),
            "settings.words"
        );
        assert_eq!(
            field(apply(&m, &none, &json!({"nope": 1}))),
            "settings.nope"
        );
        assert_eq!(field(apply(&m, &none, &json!([1]))), "settings");
        let ok = apply(
            &m,
            &none,
            &json!({"language": "en", "limit": 3, "words": ["a"]}),
        )
        .unwrap();
        assert_eq!(as_text(&ok)["limit"], "3");
        assert_eq!(as_text(&ok)["words"], r#"["a"]"#);
        let reset = apply(&m, &ok, &json!({"language": null})).unwrap();
        assert!(!reset.contains_key("language"));
    }
}
