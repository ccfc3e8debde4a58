//! The GraphQL API: one schema merged from a module per domain. Resolvers are thin: they parse
//! arguments, call a domain service with the [`Caller`], and map its error once
//! ([`errors::GqlResult::gql`]).

pub mod admission;
mod api_keys;
mod attachments;
mod audit;
mod auth;
mod canned_responses;
mod channels;
mod contacts;
mod conversation_ops;
mod conversations;
pub mod errors;
mod inboxes;
mod labels;
pub mod limits;
mod message_content;
mod metrics;
mod nul;
pub mod persisted;
mod plugins;
mod presence;
mod realtime;
mod reports;
mod sla;
mod teams;
mod users;
mod visitors;
mod widget;

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, MergedObject, MergedSubscription, Schema, SchemaBuilder};
use uuid::Uuid;

use self::persisted::PersistedQueries;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::services::Services;
use crate::storage::Page;

#[derive(MergedObject, Default)]
pub struct Query(
    auth::AuthQuery,
    users::UserQuery,
    teams::TeamQuery,
    api_keys::ApiKeyQuery,
    audit::AuditQuery,
    inboxes::InboxQuery,
    contacts::ContactQuery,
    conversations::ConversationQuery,
    labels::LabelQuery,
    sla::SlaQuery,
    canned_responses::CannedResponseQuery,
    plugins::PluginQuery,
    channels::ChannelQuery,
    widget::WidgetQuery,
    visitors::VisitorQuery,
    reports::ReportQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    auth::AuthMutation,
    users::UserMutation,
    teams::TeamMutation,
    api_keys::ApiKeyMutation,
    inboxes::InboxMutation,
    contacts::ContactMutation,
    conversation_ops::ConversationMutation,
    message_content::TemplateMutation,
    labels::LabelMutation,
    sla::SlaMutation,
    canned_responses::CannedResponseMutation,
    attachments::AttachmentMutation,
    plugins::PluginMutation,
    channels::ChannelMutation,
    widget::WidgetMutation,
    visitors::VisitorMutation,
    presence::PresenceMutation,
);

#[derive(MergedSubscription, Default)]
pub struct Subscription(
    audit::AuditSubscription,
    realtime::ConversationSubscription,
    visitors::VisitorSubscription,
    presence::PresenceSubscription,
);

pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// Deep enough for the introspection query of GraphiQL and code generators (graphql-js 16: depth
/// 14; graphql-js 17's default: 15), too shallow for users → teams → members → teams… to blow up.
pub const MAX_DEPTH: usize = 16;
/// Introspection costs about 200; real screens well under that.
pub const MAX_COMPLEXITY: usize = 500;

fn builder(persisted: Arc<PersistedQueries>) -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    // First: nothing else may look at a document before its limits are checked.
    .extension(admission::Admission::new(persisted))
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .extension(errors::ErrorCodes)
    .extension(metrics::OperationMetrics)
    // No field returns it: it documents `extensions.reason` and feeds the clients' code generation.
    .register_output_type::<crate::error::Reason>()
}

pub fn build(services: Arc<Services>, persisted: Arc<PersistedQueries>) -> AppSchema {
    builder(persisted).data(services).finish()
}

/// The schema's SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    builder(Arc::default()).finish().sdl()
}

fn services<'a>(ctx: &'a Context<'_>) -> &'a Services {
    ctx.data_unchecked::<Arc<Services>>()
}

/// Every request carries its caller; a request without one (never built by our HTTP layer) is
/// treated as anonymous.
fn caller<'a>(ctx: &'a Context<'_>) -> &'a Caller {
    static ANONYMOUS: Caller = Caller {
        identity: crate::auth::Identity::Anonymous,
        ip: None,
    };
    ctx.data_opt::<Caller>().unwrap_or(&ANONYMOUS)
}

/// The HTTP request (or WebSocket upgrade) behind an operation, as far as resolvers need it.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    /// The `Origin` header a browser sends.
    pub origin: Option<String>,
    /// `scheme://host` as the client addressed the server.
    pub base_url: Option<String>,
}

fn request_info<'a>(ctx: &'a Context<'_>) -> &'a RequestInfo {
    static NONE: RequestInfo = RequestInfo {
        origin: None,
        base_url: None,
    };
    ctx.data_opt::<RequestInfo>().unwrap_or(&NONE)
}

fn parse_id(field: &str, id: &ID) -> Result<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| Error::invalid(field, "is not a valid id"))
}

/// Page size: 20 unless asked, at most 100.
fn page_size(first: Option<i32>) -> Result<usize> {
    match first {
        None => Ok(20),
        Some(n @ 1..=100) => Ok(n as usize),
        Some(_) => Err(Error::invalid("first", "must be between 1 and 100")),
    }
}

/// A Relay connection over one page of id-ordered items; an item's cursor is its id.
fn connection<T, N: async_graphql::OutputType>(
    page: Page<T>,
    after: Option<Uuid>,
    id: impl Fn(&T) -> Uuid,
    node: impl Fn(T) -> N,
) -> Connection<String, N> {
    let mut connection = Connection::new(after.is_some(), page.has_next_page);
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|item| Edge::new(id(&item).to_string(), node(item))),
    );
    connection
}

fn parse_cursor(after: Option<&str>) -> Result<Option<Uuid>> {
    after
        .map(|cursor| {
            Uuid::parse_str(cursor).map_err(|_| Error::invalid("after", "is not a valid cursor"))
        })
        .transpose()
}
