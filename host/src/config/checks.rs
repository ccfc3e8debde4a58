//! The checks `Config::from_layers` composes: each reads one setting (or two that go together)
//! after layering, applies its default and refuses a value the server cannot use, naming the
//! setting as the operator types it.

use std::path::Path;
use std::time::Duration;

use chrono::FixedOffset;
use chrono_tz::Tz;

use super::{ConfigError, DatabaseConfig, Secret, absolute, bad, parse_database_url};
use crate::conversations::ProtocolSettings;
use crate::conversations::protocol::ProtocolFormat;

/// A count that must be at least 1.
pub(super) fn positive(
    value: Option<u32>,
    setting: &'static str,
    default: u32,
) -> Result<u32, ConfigError> {
    match value {
        Some(0) => Err(bad(setting, "must be at least 1")),
        Some(n) => Ok(n),
        None => Ok(default),
    }
}

/// A duration within `range`, or `default`.
pub(super) fn within(
    value: Option<Duration>,
    default: Duration,
    range: std::ops::RangeInclusive<Duration>,
    setting: &'static str,
    reason: &str,
) -> Result<Duration, ConfigError> {
    let value = value.unwrap_or(default);
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(bad(setting, reason))
    }
}

/// A secret at least `min_bytes` long, when given.
pub(super) fn secret(
    value: Option<String>,
    min_bytes: usize,
    setting: &'static str,
    reason: &str,
) -> Result<Option<Secret>, ConfigError> {
    match value {
        Some(text) if text.len() < min_bytes => Err(bad(setting, reason)),
        other => Ok(other.map(Secret::new)),
    }
}

/// SQLite under the data directory unless a URL says otherwise; a SQLite path made absolute.
pub(super) fn database(
    url: Option<String>,
    data_dir: &Path,
) -> Result<DatabaseConfig, ConfigError> {
    Ok(match url {
        None => DatabaseConfig::Sqlite {
            path: data_dir.join("ispchat.db"),
        },
        Some(url) => match parse_database_url(&url)? {
            DatabaseConfig::Sqlite { path } => DatabaseConfig::Sqlite {
                path: absolute(path, "DATABASE_URL")?,
            },
            postgres => postgres,
        },
    })
}

pub(super) fn redis_url(url: Option<String>) -> Result<Option<Secret>, ConfigError> {
    match url {
        Some(url) if !(url.starts_with("redis://") || url.starts_with("rediss://")) => {
            Err(bad("REDIS_URL", "must start with redis:// or rediss://"))
        }
        other => Ok(other.map(Secret::new)),
    }
}

pub(super) fn admin_password(password: Option<String>) -> Result<Option<Secret>, ConfigError> {
    match password {
        Some(password) if password.chars().count() < 12 => Err(bad(
            "ISPCHAT_ADMIN_PASSWORD",
            "must be at least 12 characters long",
        )),
        other => Ok(other.map(Secret::new)),
    }
}

pub(super) fn admin_email(email: Option<String>) -> Result<String, ConfigError> {
    let email = email.unwrap_or_else(|| "admin@ispchat.local".into());
    if crate::users::validate_email(&email).is_err() {
        return Err(bad("ISPCHAT_ADMIN_EMAIL", "is not an e-mail address"));
    }
    Ok(email)
}

/// How protocol numbers are made: the template, and the UTC offset of their date.
pub(super) fn protocol(
    format: Option<String>,
    utc_offset: Option<String>,
) -> Result<ProtocolSettings, ConfigError> {
    let format = match format {
        None => ProtocolFormat::default(),
        Some(template) => ProtocolFormat::parse(&template)
            .map_err(|reason| bad("ISPCHAT_PROTOCOL_FORMAT", reason))?,
    };
    let utc_offset = match utc_offset {
        None => FixedOffset::west_opt(3 * 3600),
        Some(text) => text.parse::<FixedOffset>().ok(),
    }
    .ok_or_else(|| bad("ISPCHAT_PROTOCOL_UTC_OFFSET", "must look like -03:00"))?;
    Ok(ProtocolSettings { format, utc_offset })
}

pub(super) fn timezone(name: Option<String>) -> Result<Tz, ConfigError> {
    match name {
        None => Ok(Tz::America__Sao_Paulo),
        Some(name) => name.trim().parse::<Tz>().map_err(|_| {
            bad(
                "ISPCHAT_TIMEZONE",
                "must be an IANA time zone such as America/Sao_Paulo",
            )
        }),
    }
}

pub(super) fn secrets_key(key: Option<String>) -> Result<Option<Secret>, ConfigError> {
    if let Some(key) = &key
        && let Err(err) = crate::plugins::SecretsKey::from_base64(key)
    {
        return Err(bad("ISPCHAT_SECRETS_KEY", err.to_string()));
    }
    Ok(key.map(Secret::new))
}
