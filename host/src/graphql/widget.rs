//! The web chat widget's settings on web inboxes (admins), the public `widgetConfig` and the
//! identity secret's rotation. What visitors call is in `visitors.rs`.

use std::collections::BTreeMap;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::errors::GqlResult;
use super::{caller, parse_id, request_info, services};
use crate::widget::settings::{BusinessHours, DayHours, Position, PreChatForm};
use crate::widget::{CpfField, WidgetSettings};

/// A text in one language.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "LocalizedTextInput")]
pub struct LocalizedText {
    /// `pt-BR` or `en`.
    locale: String,
    text: String,
}

fn texts_out(map: &BTreeMap<String, String>) -> Vec<LocalizedText> {
    map.iter()
        .map(|(locale, text)| LocalizedText {
            locale: locale.clone(),
            text: text.clone(),
        })
        .collect()
}

fn texts_in(list: Vec<LocalizedText>) -> BTreeMap<String, String> {
    list.into_iter().map(|t| (t.locale, t.text)).collect()
}

/// Open intervals of one weekday.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "WidgetDayHoursInput", name = "WidgetDayHours")]
pub struct DayHoursObject {
    /// 1 = Monday … 7 = Sunday.
    weekday: i32,
    /// `HH:MM-HH:MM` in the inbox's time zone.
    intervals: Vec<String>,
}

#[derive(SimpleObject)]
#[graphql(name = "WidgetBusinessHours")]
pub struct BusinessHoursObject {
    timezone: String,
    /// Empty: always open. A weekday not listed is closed all day.
    days: Vec<DayHoursObject>,
}

#[derive(InputObject)]
pub struct WidgetBusinessHoursInput {
    /// IANA time zone, e.g. `America/Manaus` (daylight saving applied) [default: America/Sao_Paulo].
    timezone: Option<String>,
    #[graphql(default)]
    days: Vec<DayHoursObject>,
}

#[derive(SimpleObject)]
pub struct WidgetPreChatForm {
    enabled: bool,
    require_name: bool,
    require_email_or_phone: bool,
    cpf: CpfField,
}

#[derive(InputObject)]
pub struct WidgetPreChatFormInput {
    #[graphql(default = true)]
    enabled: bool,
    #[graphql(default = true)]
    require_name: bool,
    #[graphql(default)]
    require_email_or_phone: bool,
    #[graphql(default_with = "CpfField::Hidden")]
    cpf: CpfField,
}

/// A web inbox's widget. Fields left out of an input keep their current value.
#[derive(InputObject, Default)]
pub struct WidgetSettingsInput {
    /// `#rrggbb`.
    color: Option<String>,
    position: Option<Position>,
    greeting: Option<Vec<LocalizedText>>,
    offline_message: Option<Vec<LocalizedText>>,
    business_hours: Option<WidgetBusinessHoursInput>,
    pre_chat_form: Option<WidgetPreChatFormInput>,
    /// Origins such as `https://www.example.com.br`; empty lets any site embed the widget.
    allowed_origins: Option<Vec<String>>,
    csat_enabled: Option<bool>,
}

impl WidgetSettingsInput {
    pub fn apply(self, settings: &mut WidgetSettings) {
        if let Some(color) = self.color {
            settings.color = color.trim().to_ascii_lowercase();
        }
        if let Some(position) = self.position {
            settings.position = position;
        }
        if let Some(greeting) = self.greeting {
            settings.greeting = texts_in(greeting);
        }
        if let Some(offline) = self.offline_message {
            settings.offline_message = texts_in(offline);
        }
        if let Some(hours) = self.business_hours {
            settings.business_hours = BusinessHours {
                timezone: hours
                    .timezone
                    .unwrap_or_else(|| crate::widget::settings::DEFAULT_TIMEZONE.to_owned()),
                days: hours
                    .days
                    .into_iter()
                    .map(|d| DayHours {
                        weekday: u8::try_from(d.weekday).unwrap_or(0),
                        intervals: d.intervals,
                    })
                    .collect(),
            };
        }
        if let Some(form) = self.pre_chat_form {
            settings.pre_chat_form = PreChatForm {
                enabled: form.enabled,
                require_name: form.require_name,
                require_email_or_phone: form.require_email_or_phone,
                cpf: form.cpf,
            };
        }
        if let Some(origins) = self.allowed_origins {
            settings.allowed_origins = origins.into_iter().map(|o| o.trim().to_owned()).collect();
        }
        if let Some(csat) = self.csat_enabled {
            settings.csat_enabled = csat;
        }
    }
}

/// A web inbox's widget settings (admins and staff).
pub struct WidgetSettingsObject(pub WidgetSettings);

#[Object(name = "WidgetSettings")]
impl WidgetSettingsObject {
    async fn color(&self) -> &str {
        &self.0.color
    }
    async fn position(&self) -> Position {
        self.0.position
    }
    async fn greeting(&self) -> Vec<LocalizedText> {
        texts_out(&self.0.greeting)
    }
    async fn offline_message(&self) -> Vec<LocalizedText> {
        texts_out(&self.0.offline_message)
    }
    async fn business_hours(&self) -> BusinessHoursObject {
        hours_out(&self.0.business_hours)
    }
    async fn pre_chat_form(&self) -> WidgetPreChatForm {
        form_out(&self.0.pre_chat_form)
    }
    async fn allowed_origins(&self) -> &[String] {
        &self.0.allowed_origins
    }
    async fn csat_enabled(&self) -> bool {
        self.0.csat_enabled
    }
}

fn hours_out(hours: &BusinessHours) -> BusinessHoursObject {
    BusinessHoursObject {
        timezone: hours.timezone.clone(),
        days: hours
            .days
            .iter()
            .map(|d| DayHoursObject {
                weekday: i32::from(d.weekday),
                intervals: d.intervals.clone(),
            })
            .collect(),
    }
}

fn form_out(form: &PreChatForm) -> WidgetPreChatForm {
    WidgetPreChatForm {
        enabled: form.enabled,
        require_name: form.require_name,
        require_email_or_phone: form.require_email_or_phone,
        cpf: form.cpf,
    }
}

/// What the widget shows before a session: public, in the requested language.
#[derive(SimpleObject)]
pub struct WidgetConfig {
    inbox_id: ID,
    /// The language the texts are in: the requested one, else pt-BR.
    locale: String,
    color: String,
    position: Position,
    greeting: String,
    offline_message: String,
    /// Within business hours now.
    online: bool,
    /// When closed: the next opening, if any in the coming week.
    next_open_at: Option<DateTime<Utc>>,
    pre_chat_form: WidgetPreChatForm,
    csat_enabled: bool,
}

#[derive(Default)]
pub struct WidgetQuery;

#[Object]
impl WidgetQuery {
    /// Public: the widget's look, texts in `locale`, and whether the ISP is open now.
    async fn widget_config(
        &self,
        ctx: &Context<'_>,
        inbox_id: ID,
        locale: Option<String>,
    ) -> async_graphql::Result<WidgetConfig> {
        let id = parse_id("inboxId", &inbox_id).gql()?;
        let config = services(ctx)
            .widgets
            .config(id, locale.as_deref(), request_info(ctx).origin.as_deref())
            .await
            .gql()?;
        let s = &config.settings;
        Ok(WidgetConfig {
            inbox_id,
            color: s.color.clone(),
            position: s.position,
            greeting: WidgetSettings::text(&s.greeting, &config.locale).to_owned(),
            offline_message: WidgetSettings::text(&s.offline_message, &config.locale).to_owned(),
            online: config.online,
            next_open_at: config.next_open_at,
            pre_chat_form: form_out(&s.pre_chat_form),
            csat_enabled: s.csat_enabled,
            locale: config.locale,
        })
    }
}

#[derive(Default)]
pub struct WidgetMutation;

#[Object]
impl WidgetMutation {
    /// A new identity-verification secret for a web inbox's widget (admins); hashes made with
    /// the old one stop working at once.
    async fn rotate_widget_secret(
        &self,
        ctx: &Context<'_>,
        inbox_id: ID,
    ) -> async_graphql::Result<String> {
        let id = parse_id("inboxId", &inbox_id).gql()?;
        let services = services(ctx);
        let caller = caller(ctx);
        caller
            .require(crate::auth::Permission::InboxesWrite)
            .gql()?;
        let inbox = services.inboxes.load(id).await.gql()?;
        services.widgets.rotate_secret(caller, &inbox).await.gql()
    }
}
