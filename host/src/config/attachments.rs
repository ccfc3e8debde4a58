//! The attachment settings: a size with an optional unit, and the allow-list of types.

use serde::{Deserialize, Deserializer};

use super::{ConfigError, bad};
use crate::attachments::{AttachmentSettings, DEFAULT_MAX_SIZE, normalize_type, recognisable};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
/// Below this nothing useful fits; above it a local disk and one request body are the wrong tools.
const MIN_SIZE: u64 = KIB;
const MAX_SIZE: u64 = 100 * MIB;

/// `16777216`, `16MiB`, `16M`, `512KiB`: K, KB and KiB all mean 1024 bytes, as operators write
/// them.
pub fn parse_byte_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let invalid = || format!("{text:?} is not a size such as 16MiB");
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits.parse().map_err(|_| invalid())?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => KIB,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => 1024 * MIB,
        _ => return Err(invalid()),
    };
    number.checked_mul(factor).ok_or_else(invalid)
}

/// In TOML, a size is a number of bytes or a string with a unit.
pub mod byte_size_opt {
    use super::*;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Size {
        Bytes(u64),
        Text(String),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        match Option::<Size>::deserialize(d)? {
            None => Ok(None),
            Some(Size::Bytes(bytes)) => Ok(Some(bytes)),
            Some(Size::Text(text)) => parse_byte_size(&text)
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}

pub fn settings(
    max_size: Option<u64>,
    types: Option<Vec<String>>,
) -> Result<AttachmentSettings, ConfigError> {
    let max_size = max_size.unwrap_or(DEFAULT_MAX_SIZE);
    if !(MIN_SIZE..=MAX_SIZE).contains(&max_size) {
        return Err(bad(
            "ISPCHAT_MAX_ATTACHMENT_SIZE",
            "must be between 1KiB and 100MiB",
        ));
    }
    let Some(types) = types else {
        return Ok(AttachmentSettings {
            max_size,
            ..AttachmentSettings::default()
        });
    };
    let mut allowed_types: Vec<String> = Vec::new();
    for content_type in types.iter().map(|t| normalize_type(t)) {
        if content_type.is_empty() || allowed_types.contains(&content_type) {
            continue;
        }
        // A type the content check can never confirm would refuse every such file.
        if !recognisable(&content_type) {
            return Err(bad(
                "ISPCHAT_ATTACHMENT_TYPES",
                format!("{content_type} cannot be recognised from a file's content"),
            ));
        }
        allowed_types.push(content_type);
    }
    if allowed_types.is_empty() {
        return Err(bad(
            "ISPCHAT_ATTACHMENT_TYPES",
            "must list at least one type",
        ));
    }
    Ok(AttachmentSettings {
        max_size,
        allowed_types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_units() {
        assert_eq!(parse_byte_size("16MiB"), Ok(16 * MIB));
        assert_eq!(parse_byte_size("16 mb"), Ok(16 * MIB));
        assert_eq!(parse_byte_size("512K"), Ok(512 * KIB));
        assert_eq!(parse_byte_size("2048"), Ok(2048));
        assert!(parse_byte_size("16 megas").is_err());
        assert!(parse_byte_size("-1").is_err());
        assert!(parse_byte_size("99999999999999999999G").is_err());
    }

    #[test]
    fn toml_takes_a_number_or_a_string() {
        for (text, bytes) in [
            ("max_attachment_size = 2048", 2048),
            ("max_attachment_size = \"8MiB\"", 8 * MIB),
        ] {
            let args: crate::config::ServeArgs =
                toml::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(args.max_attachment_size, Some(bytes));
        }
        let args: crate::config::ServeArgs =
            toml::from_str("attachment_types = [\"image/png\"]").unwrap();
        assert_eq!(args.attachment_types, Some(vec!["image/png".to_owned()]));
        assert!(
            toml::from_str::<crate::config::ServeArgs>("max_attachment_size = \"big\"").is_err()
        );
    }

    #[test]
    fn the_defaults_are_whatsapps() {
        let defaults = settings(None, None).unwrap();
        assert_eq!(defaults.max_size, 16 * MIB);
        assert!(defaults.allowed_types.iter().any(|t| t == "audio/ogg"));
        assert!(!defaults.allowed_types.iter().any(|t| t == "text/html"));
    }

    #[test]
    fn types_are_normalized_and_checked() {
        let list = vec!["image/JPG".to_owned(), "application/pdf".into(), "".into()];
        let chosen = settings(Some(MIB), Some(list)).unwrap();
        assert_eq!(chosen.allowed_types, ["image/jpeg", "application/pdf"]);
        let err = settings(None, Some(vec!["text/csv".into()])).err();
        assert!(err.is_some_and(|e| e.setting == "ISPCHAT_ATTACHMENT_TYPES"));
        let err = settings(None, Some(vec![" ".into()])).err();
        assert!(err.is_some_and(|e| e.setting == "ISPCHAT_ATTACHMENT_TYPES"));
        let err = settings(Some(10), None).err();
        assert!(err.is_some_and(|e| e.setting == "ISPCHAT_MAX_ATTACHMENT_SIZE"));
    }
}
