//! The per-message plugin pipeline. A customer message stored in an inbox with a bot, a router
//! or any enabled classifier gets a `plugin_jobs` row in the message's own transaction; the
//! [`worker`] runs each job through:
//!
//! 1. every enabled classifier, in parallel, each bounded by the runtime's deadline (a failing
//!    one is skipped: the runtime logs and counts it); results are stored per message and labels
//!    scoring at least [`PipelineSettings::label_threshold`] that exist in the catalogue are
//!    added to the conversation by the system;
//! 2. the inbox's bot, when the conversation is with the bot (status `bot`): its answer is applied
//!    by the engine; a bot that fails (or is no longer enabled) hands the conversation to the queue;
//! 3. routing, when the conversation has just entered a queue (handed off, or new without a bot):
//!    the engine's router, [`PluginRouter`], asks the inbox's router plugin.
//!
//! A job is deleted once done and retried (with backoff) when the database failed it, so a
//! crash or restart loses no processing; applying a bot's answer twice changes nothing.

pub mod convert;
pub mod router;
pub mod worker;

use std::sync::Arc;

use futures_util::future::join_all;
use uuid::Uuid;

use crate::clock::SharedClock;
use crate::conversations::{
    BotAction, ConversationService, ConversationStatus, Handoff, TurnContext,
};
use crate::error::Result;
use crate::plugins::v1::bot::ispchat::types::bot::Turn;
use crate::plugins::v1::classifier::ispchat::types::classifier::Sentiment;
use crate::plugins::{ActivePlugins, Classification, Kind, Plugin, PluginRegistry};
use crate::storage::classifications::{ClassificationRecord, LabelScore};
use crate::storage::plugin_jobs::JobRecord;
use crate::storage::{self, Db};

pub use router::PluginRouter;

#[derive(Debug, Clone)]
pub struct PipelineSettings {
    /// A classifier's label is added to the conversation from this score on
    /// (`ISPCHAT_LABEL_THRESHOLD`, 0.6 by default: keyword-classifier's score for one keyword hit).
    pub label_threshold: f32,
    /// Earlier messages a bot sees with each turn.
    pub history: i64,
}

impl Default for PipelineSettings {
    fn default() -> Self {
        PipelineSettings {
            label_threshold: 0.6,
            history: 20,
        }
    }
}

pub struct Pipeline {
    db: Db,
    clock: SharedClock,
    conversations: Arc<ConversationService>,
    plugins: Arc<PluginRegistry>,
    settings: PipelineSettings,
}

impl Pipeline {
    pub fn new(
        db: Db,
        clock: SharedClock,
        conversations: Arc<ConversationService>,
        plugins: Arc<PluginRegistry>,
        settings: PipelineSettings,
    ) -> Self {
        Pipeline {
            db,
            clock,
            conversations,
            plugins,
            settings,
        }
    }

    /// Runs one job's stages. Plugin failures are handled inside (skipped or handed off); an
    /// error here is the database's, and the job is retried.
    pub async fn process(&self, job: &JobRecord) -> Result<()> {
        let Some(ctx) = self
            .conversations
            .turn_context(job.message_id, self.settings.history)
            .await?
        else {
            return Ok(());
        };
        self.classify(&ctx).await?;
        let mut to_route = job.route_new.then_some(ctx.conversation.id);
        if ctx.conversation.status == ConversationStatus::Bot
            && let Some(queued) = self.bot(&ctx).await?
        {
            to_route = Some(queued);
        }
        if let Some(id) = to_route {
            let mut conn = self.db.acquire().await?;
            let current = storage::conversations::find_by_id(conn.conn(), id).await?;
            drop(conn);
            if let Some(conversation) = current
                .filter(|c| c.status == ConversationStatus::Queued && c.assignee_id.is_none())
            {
                self.conversations.route(conversation).await;
            }
        }
        Ok(())
    }

    /// Stage 1: every enabled classifier at once; results stored, confident labels added.
    async fn classify(&self, ctx: &TurnContext) -> Result<()> {
        let classifiers = self.plugins.enabled(Kind::Classifier);
        if classifiers.is_empty() {
            return Ok(());
        }
        let batch = [convert::message(&ctx.message)];
        let calls = classifiers.iter().map(|plugin| {
            let batch = &batch;
            async move { (plugin, self.plugins.classify(plugin, batch).await) }
        });
        let now = self.clock.now();
        let mut confident = Vec::new();
        for (plugin, outcome) in join_all(calls).await {
            let results = match outcome {
                Ok(Ok(results)) => results,
                Ok(Err(guest)) => {
                    tracing::warn!(plugin = plugin.id(), code = %guest.code, message = %guest.message, "classifier returned an error; skipped");
                    continue;
                }
                // Logged and counted by the runtime.
                Err(_) => continue,
            };
            let id = ctx.message.id.to_string();
            for result in results.into_iter().filter(|r| r.message_id == id) {
                let record = record(plugin, ctx.message.id, result, now);
                confident.extend(
                    record
                        .labels
                        .iter()
                        .filter(|l| l.score >= self.settings.label_threshold)
                        .map(|l| l.label.clone()),
                );
                let mut conn = self.db.writer().await?;
                storage::classifications::insert(conn.conn(), &record).await?;
            }
        }
        self.conversations
            .add_system_labels(ctx.conversation.id, &confident)
            .await
    }

    /// Stage 2: the bot's turn. Returns the conversation's id when it entered a queue.
    async fn bot(&self, ctx: &TurnContext) -> Result<Option<Uuid>> {
        let plugin = ctx
            .inbox
            .bot_plugin_id
            .as_deref()
            .and_then(|id| self.plugins.get(id))
            .filter(|p| p.manifest().kind == Kind::Bot);
        let answer = match plugin {
            Some(plugin) => self.ask_bot(&plugin, ctx).await,
            None => None,
        };
        let (action, labels) = match answer {
            Some(answer) => answer,
            None => (
                BotAction::Handoff(Handoff {
                    reason: "bot-unavailable".into(),
                    ..Handoff::default()
                }),
                Vec::new(),
            ),
        };
        let queued = self
            .conversations
            .apply_bot_action(ctx.conversation.id, ctx.message.id, action, &labels)
            .await?;
        Ok(queued.map(|c| c.id))
    }

    /// The bot's answer, or none when it failed (logged; the runtime counts crashes).
    async fn ask_bot(
        &self,
        plugin: &Arc<Plugin>,
        ctx: &TurnContext,
    ) -> Option<(BotAction, Vec<String>)> {
        let turn = Turn {
            conversation: convert::conversation(
                &ctx.conversation,
                ctx.inbox.kind.as_str(),
                ctx.contact.as_ref(),
                ctx.labels.clone(),
            ),
            message: convert::message(&ctx.message),
            history: ctx.history.iter().map(convert::message).collect(),
            ext: "{}".into(),
        };
        match self.plugins.on_message(plugin, &turn).await {
            Ok(Ok(response)) => {
                let teams = match self.teams().await {
                    Ok(teams) => teams,
                    Err(err) => {
                        tracing::warn!(%err, "cannot read teams for a bot's handoff");
                        Vec::new()
                    }
                };
                Some((
                    convert::bot_action(response.action, &teams),
                    response.add_labels,
                ))
            }
            Ok(Err(guest)) => {
                tracing::warn!(plugin = plugin.id(), code = %guest.code, message = %guest.message, "bot returned an error; handing off");
                None
            }
            Err(_) => None,
        }
    }

    async fn teams(&self) -> Result<Vec<crate::teams::Team>> {
        let mut conn = self.db.acquire().await?;
        Ok(storage::teams::list(conn.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

fn record(
    plugin: &Plugin,
    message_id: Uuid,
    result: Classification,
    now: chrono::DateTime<chrono::Utc>,
) -> ClassificationRecord {
    let mut labels: Vec<LabelScore> = result
        .labels
        .into_iter()
        .filter(|l| l.score.is_finite())
        .map(|l| LabelScore {
            label: l.label,
            score: l.score.clamp(0.0, 1.0),
        })
        .collect();
    labels.sort_by(|a, b| b.score.total_cmp(&a.score));
    ClassificationRecord {
        message_id,
        plugin_id: plugin.id().to_owned(),
        labels: sqlx::types::Json(labels),
        sentiment: result.sentiment.map(|s| {
            match s {
                Sentiment::VeryNegative => "very-negative",
                Sentiment::Negative => "negative",
                Sentiment::Neutral => "neutral",
                Sentiment::Positive => "positive",
                Sentiment::VeryPositive => "very-positive",
            }
            .to_owned()
        }),
        language: result.language,
        created_at: now,
    }
}
