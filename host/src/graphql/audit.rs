//! The audit log, paginated and live (admins, or API keys with `audit:read`).

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, Json, Object, Subscription};
use chrono::{DateTime, Utc};
use futures_util::Stream;
use tokio_stream::StreamExt;

use super::errors::GqlResult;
use super::{caller, connection, page_size, parse_cursor, parse_id, services};
use crate::audit::AuditEntry;
use crate::storage::audit::AuditFilter as StoreFilter;

pub struct AuditEntryObject(AuditEntry);

#[Object(name = "AuditEntry")]
impl AuditEntryObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// `user`, `api_key`, `anonymous` (failed logins) or `system`.
    async fn actor_kind(&self) -> &str {
        &self.0.actor_kind
    }
    async fn actor_id(&self) -> Option<ID> {
        self.0.actor_id.map(|id| ID(id.to_string()))
    }
    /// Username, API key name, or the login tried.
    async fn actor_label(&self) -> &str {
        &self.0.actor_label
    }
    /// `<object>.<verb>`, e.g. `user.create`, `auth.login_failed`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    async fn target_type(&self) -> Option<&str> {
        self.0.target_type.as_deref()
    }
    async fn target_id(&self) -> Option<&str> {
        self.0.target_id.as_deref()
    }
    async fn ip(&self) -> Option<&str> {
        self.0.ip.as_deref()
    }
    async fn details(&self) -> Json<serde_json::Value> {
        Json(self.0.details.0.clone())
    }
}

#[derive(InputObject, Default)]
pub struct AuditFilter {
    actor_id: Option<ID>,
    /// An action (`user.create`) or a prefix ending in a dot (`auth.`).
    action: Option<String>,
    target_type: Option<String>,
    target_id: Option<String>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Audit entries, newest first.
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, AuditEntryObject>> {
        let filter = filter.unwrap_or_default();
        let store_filter = StoreFilter {
            actor_id: filter
                .actor_id
                .as_ref()
                .map(|id| parse_id("filter.actorId", id))
                .transpose()
                .gql()?,
            action: filter.action,
            target_type: filter.target_type,
            target_id: filter.target_id,
            since: filter.since,
            until: filter.until,
        };
        let first = page_size(first).gql()?;
        let cursor = parse_cursor(after.as_deref()).gql()?;
        let page = services(ctx)
            .audit
            .list(caller(ctx), &store_filter, cursor, first)
            .await
            .gql()?;
        Ok(connection(page, cursor, |item| item.id, AuditEntryObject))
    }
}

#[derive(Default)]
pub struct AuditSubscription;

#[Subscription]
impl AuditSubscription {
    /// Audit entries as they are written.
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = AuditEntryObject>> {
        let entries = services(ctx).audit.subscribe(caller(ctx)).gql()?;
        Ok(entries.map(AuditEntryObject))
    }
}
