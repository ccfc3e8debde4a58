//! Builds the domain services over one database and the background workers that serve them.
//! Every collaborator is passed to the constructor that needs it: nothing is wired later.

use std::num::NonZeroU32;
use std::sync::Arc;

use anyhow::Context as _;

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::{CONVERSATION_BUS_CAPACITY, EVENT_BUS_CAPACITY, Services, start_plugins};
use crate::attachments::AttachmentService;
use crate::audit::AuditLog;
use crate::auth::AuthService;
use crate::auth::api_keys::ApiKeyService;
use crate::auth::jwt::JwtKeys;
use crate::auth::password::Hashing;
use crate::auth::rate_limit::{LoginLimiter, LoginLimits};
use crate::canned_responses::CannedResponseService;
use crate::channels::api_webhook::WebhookSender;
use crate::channels::inbound::ChannelInbound;
use crate::channels::outbox::ChannelOutbox;
use crate::channels::signals::{ChannelSignals, SignalQueue};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::contacts::ContactService;
use crate::conversations::{ConversationParts, ConversationService};
use crate::inboxes::InboxService;
use crate::labels::LabelService;
use crate::pipeline::{Pipeline, PipelineSettings, PluginRouter};
use crate::plugins::ActivePlugins;
use crate::presence::PresenceService;
use crate::realtime::{EventBus, InProcessBus};
use crate::reports::ReportService;
use crate::sla::SlaService;
use crate::storage::Db;
use crate::teams::TeamService;
use crate::users::UserService;
use crate::widget::WidgetService;

/// The services, and the workers to start once the server listens.
pub struct Wired {
    pub services: Arc<Services>,
    pub workers: Workers,
}

/// Background work: deliveries in and out, signals, presence and the plugin pipeline.
pub struct Workers {
    webhooks: WebhookSender,
    channel_inbound: Arc<ChannelInbound>,
    channel_outbox: ChannelOutbox,
    channel_signals: ChannelSignals,
    presence: Arc<PresenceService>,
    pipeline: Arc<Pipeline>,
    jobs_ready: Arc<tokio::sync::Notify>,
}

impl Workers {
    pub fn spawn(self, config: &Config, tasks: &TaskTracker, shutdown: &CancellationToken) {
        let every = config.background_interval;
        tasks.spawn(self.webhooks.run(every, shutdown.clone()));
        tasks.spawn(self.channel_inbound.run(
            every,
            config.webhook_payload_retention,
            shutdown.clone(),
        ));
        tasks.spawn(self.channel_outbox.run(every, shutdown.clone()));
        tasks.spawn(self.channel_signals.run(shutdown.clone()));
        tasks.spawn(self.presence.run(every, shutdown.clone()));
        if config.plugin_worker {
            tasks.spawn(self.pipeline.run(every, self.jobs_ready, shutdown.clone()));
        }
    }
}

pub async fn wire(
    config: &Config,
    db: &Db,
    clock: &SharedClock,
    jwt_secret: &str,
) -> anyhow::Result<Wired> {
    let db = db.clone();
    let clock = clock.clone();
    let jwt = JwtKeys::new(jwt_secret.as_bytes(), config.access_token_ttl)?;
    let at_least_one = |n: u32| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
    let limiter = LoginLimiter::new(LoginLimits {
        per_account_and_address_per_minute: at_least_one(config.login_attempts_per_account),
        per_address_per_minute: at_least_one(config.login_attempts_per_ip),
        per_account_per_hour: at_least_one(config.login_attempts_per_account_per_hour),
    });
    let audit = Arc::new(
        AuditLog::new(db.clone(), clock.clone())
            .with_access_recheck(config.access_recheck_interval),
    );
    let contacts = Arc::new(ContactService::new(
        db.clone(),
        clock.clone(),
        audit.clone(),
    ));
    let bus: Arc<dyn EventBus> = Arc::new(InProcessBus::new(
        EVENT_BUS_CAPACITY,
        CONVERSATION_BUS_CAPACITY,
    ));
    let attachments = Arc::new(
        AttachmentService::new(
            db.clone(),
            clock.clone(),
            &config.data_dir,
            config.attachments.clone(),
            jwt_secret.as_bytes(),
        )
        .context("cannot prepare attachment storage")?,
    );
    let plugins = start_plugins(config, db.clone(), clock.clone(), audit.clone()).await?;
    let active: Arc<dyn ActivePlugins> = plugins.clone();
    let presence = Arc::new(PresenceService::new(
        db.clone(),
        clock.clone(),
        config.presence_timeout,
        config.background_interval,
    ));
    let jobs_ready = Arc::new(tokio::sync::Notify::new());
    let outbox_wake = Arc::new(tokio::sync::Notify::new());
    let (signals, channel_signals) = SignalQueue::new(db.clone(), clock.clone(), plugins.clone());
    let conversations = Arc::new(ConversationService::new(ConversationParts {
        db: db.clone(),
        clock: clock.clone(),
        bus,
        contacts: contacts.clone(),
        router: Arc::new(PluginRouter::new(
            db.clone(),
            clock.clone(),
            plugins.clone(),
            presence.clone(),
        )),
        protocol: config.protocol.clone(),
        attachments: attachments.clone(),
        plugins: active.clone(),
        jobs_ready: jobs_ready.clone(),
        outbox_ready: outbox_wake.clone(),
        signals,
        access_recheck: config.access_recheck_interval,
    }));
    let pipeline = Arc::new(Pipeline::new(
        db.clone(),
        clock.clone(),
        conversations.clone(),
        plugins.clone(),
        PipelineSettings {
            label_threshold: config.label_threshold,
            ..PipelineSettings::default()
        },
    ));
    let webhooks = WebhookSender::new(
        db.clone(),
        clock.clone(),
        conversations.clone(),
        config.plugins_allow_private_hosts.clone(),
    )?;
    let channel_inbound = Arc::new(ChannelInbound::new(
        db.clone(),
        clock.clone(),
        conversations.clone(),
        plugins.clone(),
        audit.clone(),
        attachments.clone(),
    ));
    let channel_outbox = ChannelOutbox::new(
        db.clone(),
        clock.clone(),
        conversations.clone(),
        plugins.clone(),
        outbox_wake,
        attachments.clone(),
        config.public_url.clone(),
    );
    let widgets = WidgetService::new(
        db.clone(),
        clock.clone(),
        audit.clone(),
        conversations.clone(),
        channel_inbound.clone(),
        attachments.clone(),
        config.visitor_sessions_per_ip,
    );
    let hashing = Arc::new(Hashing::for_this_machine());
    let services = Arc::new(Services {
        auth: AuthService::new(
            db.clone(),
            clock.clone(),
            jwt,
            config.refresh_token_ttl,
            limiter,
            hashing.clone(),
            audit.clone(),
        )?
        .with_visitor_ttl(config.visitor_token_ttl)?,
        api_keys: ApiKeyService::new(db.clone(), clock.clone(), audit.clone()),
        users: UserService::new(db.clone(), clock.clone(), audit.clone(), hashing),
        teams: TeamService::new(db.clone(), clock.clone(), audit.clone()),
        inboxes: InboxService::new(db.clone(), clock.clone(), audit.clone(), active.clone()),
        labels: LabelService::new(db.clone(), clock.clone(), audit.clone()),
        sla: SlaService::new(db.clone(), clock.clone(), audit.clone()),
        canned_responses: CannedResponseService::new(
            db.clone(),
            clock.clone(),
            audit.clone(),
            conversations.clone(),
        ),
        conversations: conversations.clone(),
        attachments,
        contacts,
        audit,
        plugins: plugins.clone(),
        channel_inbound: channel_inbound.clone(),
        widgets,
        reports: ReportService::new(db.clone(), clock.clone(), presence.clone(), config.timezone),
        presence: presence.clone(),
        public_url: config.public_url.clone(),
    });
    Ok(Wired {
        services,
        workers: Workers {
            webhooks,
            channel_inbound,
            channel_outbox,
            channel_signals,
            presence,
            pipeline,
            jobs_ready,
        },
    })
}
