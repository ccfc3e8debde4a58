//! The domain services one server runs, built once by `app` and reached by the API layers
//! (GraphQL resolvers, HTTP handlers) through [`Services`]; nothing here knows of them.

use std::sync::Arc;

use crate::attachments::AttachmentService;
use crate::audit::AuditLog;
use crate::auth::AuthService;
use crate::auth::api_keys::ApiKeyService;
use crate::canned_responses::CannedResponseService;
use crate::channels::inbound::ChannelInbound;
use crate::contacts::ContactService;
use crate::conversations::ConversationService;
use crate::inboxes::InboxService;
use crate::labels::LabelService;
use crate::plugins::PluginRegistry;
use crate::presence::PresenceService;
use crate::reports::ReportService;
use crate::sla::SlaService;
use crate::teams::TeamService;
use crate::users::UserService;
use crate::widget::WidgetService;

/// The domain services, shared by HTTP handlers and GraphQL resolvers.
pub struct Services {
    pub auth: AuthService,
    pub api_keys: ApiKeyService,
    pub users: UserService,
    pub teams: TeamService,
    pub audit: Arc<AuditLog>,
    pub contacts: Arc<ContactService>,
    pub inboxes: InboxService,
    pub labels: LabelService,
    pub sla: SlaService,
    pub conversations: Arc<ConversationService>,
    pub canned_responses: CannedResponseService,
    pub attachments: Arc<AttachmentService>,
    pub plugins: Arc<PluginRegistry>,
    pub channel_inbound: Arc<ChannelInbound>,
    pub widgets: WidgetService,
    pub presence: Arc<PresenceService>,
    pub reports: ReportService,
    /// The server's public address, for the widget's embed snippet.
    pub public_url: Option<String>,
}
