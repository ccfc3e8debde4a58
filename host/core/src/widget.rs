//! A web inbox's widget settings: how the widget looks and greets, when the ISP is open, what the
//! pre-chat form asks, which sites may embed it. Stored as one JSON document per inbox; every
//! field has a default so older documents keep loading when fields are added.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The widget's languages; the first is the fallback.
pub const LOCALES: [&str; 2] = ["pt-BR", "en"];
pub const DEFAULT_TIMEZONE: &str = "America/Sao_Paulo";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, async_graphql::Enum)]
#[serde(rename_all = "lowercase")]
#[graphql(name = "WidgetPosition")]
pub enum Position {
    Left,
    Right,
}

/// Whether the pre-chat form asks for the CPF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, async_graphql::Enum)]
#[serde(rename_all = "lowercase")]
pub enum CpfField {
    Hidden,
    Optional,
    Required,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PreChatForm {
    pub enabled: bool,
    pub require_name: bool,
    pub require_email_or_phone: bool,
    pub cpf: CpfField,
}

impl Default for PreChatForm {
    fn default() -> Self {
        PreChatForm {
            enabled: true,
            require_name: true,
            require_email_or_phone: false,
            cpf: CpfField::Hidden,
        }
    }
}

/// Open intervals of one weekday, `HH:MM-HH:MM` in the inbox's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub weekday: u8,
    pub intervals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessHours {
    pub timezone: String,
    /// Empty: always open. Otherwise a weekday that is not listed is closed all day.
    pub days: Vec<DayHours>,
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours {
            timezone: DEFAULT_TIMEZONE.to_owned(),
            days: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct WidgetSettings {
    /// `#rrggbb`.
    pub color: String,
    pub position: Position,
    /// Locale → text.
    pub greeting: BTreeMap<String, String>,
    pub offline_message: BTreeMap<String, String>,
    pub business_hours: BusinessHours,
    pub pre_chat_form: PreChatForm,
    /// Empty: any site may embed the widget.
    pub allowed_origins: Vec<String>,
    pub csat_enabled: bool,
}

impl Default for WidgetSettings {
    fn default() -> Self {
        let texts = |pt: &str, en: &str| {
            BTreeMap::from([
                ("pt-BR".to_owned(), pt.to_owned()),
                ("en".to_owned(), en.to_owned()),
            ])
        };
        WidgetSettings {
            color: "#1f6feb".to_owned(),
            position: Position::Right,
            greeting: texts("Olá! Como podemos ajudar?", "Hi! How can we help?"),
            offline_message: texts(
                "Estamos fora do horário de atendimento. Deixe sua mensagem que responderemos assim que possível.",
                "We are closed right now. Leave a message and we will answer as soon as we can.",
            ),
            business_hours: BusinessHours::default(),
            pre_chat_form: PreChatForm::default(),
            allowed_origins: Vec::new(),
            csat_enabled: true,
        }
    }
}

impl WidgetSettings {
    /// Checks every field; errors name it under `prefix` (e.g. `widget.color`).
    pub fn validate(&self, prefix: &str) -> Result<()> {
        let field = |name: &str| format!("{prefix}.{name}");
        let hex = self.color.strip_prefix('#').unwrap_or("");
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::invalid(&field("color"), "must look like #1f6feb"));
        }
        for (name, texts) in [
            ("greeting", &self.greeting),
            ("offlineMessage", &self.offline_message),
        ] {
            for (locale, text) in texts {
                if !LOCALES.contains(&locale.as_str()) {
                    return Err(Error::invalid(
                        &field(name),
                        format!("unsupported locale {locale:?}; use pt-BR or en"),
                    ));
                }
                if text.chars().count() > 1000 {
                    return Err(Error::invalid(
                        &field(name),
                        "must be at most 1000 characters long",
                    ));
                }
            }
        }
        zone(&self.business_hours.timezone)
            .ok_or_else(|| Error::invalid(&field("businessHours.timezone"), TIMEZONES_HINT))?;
        for day in &self.business_hours.days {
            if !(1..=7).contains(&day.weekday) {
                return Err(Error::invalid(
                    &field("businessHours.days"),
                    "weekday must be 1 (Monday) to 7 (Sunday)",
                ));
            }
            for interval in &day.intervals {
                parse_interval(interval).ok_or_else(|| {
                    Error::invalid(
                        &field("businessHours.days"),
                        format!("{interval:?} is not an interval like 08:00-18:00"),
                    )
                })?;
            }
        }
        if self.allowed_origins.len() > 50 {
            return Err(Error::invalid(
                &field("allowedOrigins"),
                "at most 50 origins",
            ));
        }
        for origin in &self.allowed_origins {
            let valid = url::Url::parse(origin).is_ok_and(|url| {
                matches!(url.scheme(), "http" | "https")
                    && url.host().is_some()
                    && url.origin().ascii_serialization() == *origin
            });
            if !valid {
                return Err(Error::invalid(
                    &field("allowedOrigins"),
                    format!("{origin:?} is not an origin like https://www.example.com.br"),
                ));
            }
        }
        Ok(())
    }

    /// The text in `locale`, else in pt-BR, else empty.
    pub fn text<'a>(texts: &'a BTreeMap<String, String>, locale: &str) -> &'a str {
        texts
            .get(locale)
            .or_else(|| texts.get(LOCALES[0]))
            .map_or("", String::as_str)
    }

    /// Whether `origin` may use the widget of this inbox.
    pub fn allows_origin(&self, origin: Option<&str>) -> bool {
        self.allowed_origins.is_empty()
            || origin.is_some_and(|o| self.allowed_origins.iter().any(|a| a == o))
    }

    /// Whether the ISP is open at `now`; when closed, the next opening time (`None` if there
    /// is none in the coming week).
    pub fn open_at(&self, now: DateTime<Utc>) -> (bool, Option<DateTime<Utc>>) {
        let hours = &self.business_hours;
        if hours.days.is_empty() {
            return (true, None);
        }
        let Some(zone) = zone(&hours.timezone) else {
            return (true, None);
        };
        let local = now.with_timezone(&zone);
        let intervals_on = |weekday: Weekday| {
            hours
                .days
                .iter()
                .filter(move |d| u32::from(d.weekday) == weekday.number_from_monday())
                .flat_map(|d| d.intervals.iter().filter_map(|i| parse_interval(i)))
        };
        let time = local.time();
        if intervals_on(local.weekday()).any(|(from, to)| from <= time && time < to) {
            return (true, None);
        }
        let mut next = None::<DateTime<Utc>>;
        for days_ahead in 0..=7 {
            let date = local.date_naive() + Duration::days(days_ahead);
            for (from, _) in intervals_on(date.weekday()) {
                // A time skipped by a daylight-saving change does not exist that day.
                let Some(start) = zone.from_local_datetime(&date.and_time(from)).earliest() else {
                    continue;
                };
                let start = start.with_timezone(&Utc);
                if start > now && next.is_none_or(|n| start < n) {
                    next = Some(start);
                }
            }
            if next.is_some() {
                break;
            }
        }
        (false, next)
    }
}

const TIMEZONES_HINT: &str =
    "must be an IANA time zone such as America/Sao_Paulo, America/Manaus or UTC";

/// An IANA zone from the tz database compiled into the binary (daylight saving included).
fn zone(timezone: &str) -> Option<Tz> {
    timezone.parse().ok()
}

/// `08:00-18:00` → the two times; the end must come after the start (`24:00` is not accepted:
/// close at `23:59`).
fn parse_interval(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (from, to) = text.trim().split_once('-')?;
    let from = NaiveTime::parse_from_str(from.trim(), "%H:%M").ok()?;
    let to = NaiveTime::parse_from_str(to.trim(), "%H:%M").ok()?;
    (from < to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays_8_to_18() -> WidgetSettings {
        WidgetSettings {
            business_hours: BusinessHours {
                timezone: DEFAULT_TIMEZONE.into(),
                days: (1..=5)
                    .map(|weekday| DayHours {
                        weekday,
                        intervals: vec!["08:00-18:00".into()],
                    })
                    .collect(),
            },
            ..WidgetSettings::default()
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn business_hours_follow_the_inbox_time_zone() {
        let settings = weekdays_8_to_18();
        // Wednesday 2026-11-25 10:00 in São Paulo is 13:00 UTC.
        assert_eq!(settings.open_at(at("2026-11-25T13:00:00Z")), (true, None));
        // 07:59 local: opens at 08:00 local the same day.
        assert_eq!(
            settings.open_at(at("2026-11-25T10:59:00Z")),
            (false, Some(at("2026-11-25T11:00:00Z")))
        );
        // Friday 18:00 local: closed until Monday 08:00.
        assert_eq!(
            settings.open_at(at("2026-11-27T21:00:00Z")),
            (false, Some(at("2026-11-30T11:00:00Z")))
        );
        assert_eq!(
            WidgetSettings::default().open_at(at("2026-11-29T03:00:00Z")),
            (true, None)
        );
    }

    #[test]
    fn daylight_saving_zones_keep_local_opening_hours() {
        let mut settings = weekdays_8_to_18();
        settings.business_hours.timezone = "Europe/Lisbon".into();
        // Lisbon is UTC+1 in July and UTC+0 in November: 08:00 local either way.
        assert_eq!(
            settings.open_at(at("2026-07-15T06:30:00Z")),
            (false, Some(at("2026-07-15T07:00:00Z")))
        );
        assert_eq!(
            settings.open_at(at("2026-11-25T07:30:00Z")),
            (false, Some(at("2026-11-25T08:00:00Z")))
        );
        assert_eq!(settings.open_at(at("2026-07-15T07:30:00Z")), (true, None));
    }

    #[test]
    fn invalid_settings_name_their_field() {
        let field = |settings: WidgetSettings| match settings.validate("widget") {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let bad = WidgetSettings {
            color: "blue".into(),
            ..WidgetSettings::default()
        };
        assert_eq!(field(bad), "widget.color");
        let mut bad = weekdays_8_to_18();
        bad.business_hours.days[0].intervals = vec!["18:00-08:00".into()];
        assert_eq!(field(bad), "widget.businessHours.days");
        let mut bad = WidgetSettings::default();
        bad.business_hours.timezone = "Mars/Olympus".into();
        assert_eq!(field(bad), "widget.businessHours.timezone");
        let bad = WidgetSettings {
            allowed_origins: vec!["https://isp.com.br/path".into()],
            ..WidgetSettings::default()
        };
        assert_eq!(field(bad), "widget.allowedOrigins");
        assert!(WidgetSettings::default().validate("widget").is_ok());
    }

    #[test]
    fn texts_fall_back_to_portuguese() {
        let settings = WidgetSettings::default();
        assert_eq!(
            WidgetSettings::text(&settings.greeting, "en"),
            "Hi! How can we help?"
        );
        assert_eq!(
            WidgetSettings::text(&settings.greeting, "es"),
            "Olá! Como podemos ajudar?"
        );
    }
}
