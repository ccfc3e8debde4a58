//! Subscriptions: a conversation's events from a given `seq` on, then live, in order and each
//! exactly once; and the live feed of every conversation a caller may read.
//!
//! The subscriber listens to the bus before it reads the stored history, so nothing committed in
//! between is missed; the sequence number drops what was already delivered, and a gap (an event
//! published out of order by a concurrent commit, or a subscriber that fell behind) is filled
//! from storage.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Instant;

use futures_util::Stream;
use tokio::sync::broadcast::{self, error::RecvError};
use uuid::Uuid;

use super::{
    Conversation, ConversationEvent, ConversationService, EventKind, Message, ReadScope, sees_notes,
};
use crate::auth::{Caller, Principal};
use crate::error::Result;
use crate::realtime::Published;
use crate::storage::{self, Conn, Db};

const REPLAY_BATCH: i64 = 500;

/// What a subscriber receives.
#[derive(Debug, Clone)]
pub struct EventView {
    pub event: ConversationEvent,
    pub message: Option<Message>,
    /// The conversation right after the event, for live events; replayed ones read it anew.
    pub conversation: Option<Conversation>,
}

/// What a subscriber may see.
#[derive(Clone)]
struct Audience {
    scope: ReadScope,
    sees_notes: bool,
    /// Who to re-check now and then: a user's status and teams, an API key's revocation.
    principal: Principal,
    checked_at: Instant,
    service: Arc<ConversationService>,
}

impl Audience {
    async fn new(service: &Arc<ConversationService>, caller: &Caller) -> Result<Audience> {
        Ok(Audience {
            scope: service.read_scope(caller).await?,
            sees_notes: sees_notes(caller),
            principal: caller.principal()?.clone(),
            checked_at: Instant::now(),
            service: service.clone(),
        })
    }

    /// Re-reads a user's scope when it is stale; `false` once they may no longer read anything.
    async fn still_valid(&mut self) -> bool {
        if self.checked_at.elapsed() < self.service.access_recheck {
            return true;
        }
        let current = match &self.principal {
            Principal::User { id, .. } => self.service.current_scope_of(*id).await,
            Principal::ApiKey { id, .. } => self
                .service
                .api_key_active(*id)
                .await
                .map(|active| active.then(|| self.scope.clone())),
            // Never admitted here: visitors hold no permission (they use `visitor_events`).
            Principal::Visitor { .. } => Ok(None),
        };
        match current {
            Ok(Some(scope)) => {
                self.scope = scope;
                self.checked_at = Instant::now();
                true
            }
            Ok(None) => false,
            Err(err) => {
                tracing::warn!(%err, "cannot re-check a subscriber's access; closing");
                false
            }
        }
    }

    fn admits(&self, published: &Published) -> bool {
        let conversation = &published.conversation;
        let details = &published.event.details;
        let sees_after = self
            .scope
            .allows(conversation.team_id, conversation.assignee_id);
        // Those a transfer or reassignment takes a conversation away from hear about it too.
        let saw_before = matches!(
            published.event.kind,
            EventKind::Transferred | EventKind::Assigned
        ) && self.scope.allows(
            details.previous_team_id.or(conversation.team_id),
            details.previous_assignee_id,
        );
        sees_after || saw_before
    }

    /// Private notes vanish for integrators; a transfer note too.
    fn redact(&self, mut view: EventView) -> Option<EventView> {
        if self.sees_notes {
            return Some(view);
        }
        if view.message.as_ref().is_some_and(Message::is_private) {
            return None;
        }
        view.event.details.note = None;
        Some(view)
    }
}

struct Replay {
    db: Db,
    live: broadcast::Receiver<Arc<Published>>,
    conversation_id: Uuid,
    last_seq: i64,
    pending: VecDeque<EventView>,
    audience: Audience,
}

impl ConversationService {
    /// The conversation's events with `seq > after` (none when `after` is absent), then live.
    pub async fn conversation_events(
        self: &Arc<Self>,
        caller: &Caller,
        conversation_id: Uuid,
        after: Option<i64>,
    ) -> Result<impl Stream<Item = EventView> + Send + 'static> {
        let audience = Audience::new(self, caller).await?;
        let live = self.bus.subscribe_conversation(conversation_id);
        let conversation = self.get(caller, conversation_id).await?;
        let last_seq = after
            .unwrap_or(conversation.last_seq)
            .clamp(0, conversation.last_seq);
        let mut replay = Replay {
            db: self.db.clone(),
            live,
            conversation_id,
            last_seq,
            pending: VecDeque::new(),
            audience,
        };
        replay.catch_up().await?;
        Ok(futures_util::stream::unfold(
            replay,
            |mut replay| async move {
                let next = replay.next().await?;
                Some((next, replay))
            },
        ))
    }

    /// Every event of every conversation the caller may read, live only: a client that
    /// reconnects reloads its lists, then follows single conversations with `after`.
    pub async fn inbox_events(
        self: &Arc<Self>,
        caller: &Caller,
    ) -> Result<impl Stream<Item = EventView> + Send + 'static> {
        let audience = Audience::new(self, caller).await?;
        let live = self.bus.subscribe();
        Ok(futures_util::stream::unfold(
            (live, audience),
            |(mut live, mut audience)| async move {
                loop {
                    match live.recv().await {
                        Ok(published) => {
                            if !Box::pin(audience.still_valid()).await {
                                return None;
                            }
                            if !audience.admits(&published) {
                                continue;
                            }
                            let view = EventView {
                                event: published.event.clone(),
                                message: published.message.clone(),
                                conversation: Some(published.conversation.clone()),
                            };
                            if let Some(view) = audience.redact(view) {
                                return Some((view, (live, audience)));
                            }
                        }
                        Err(RecvError::Lagged(missed)) => {
                            metrics::counter!("ispchat_subscriber_lagged_events_total")
                                .increment(missed);
                            tracing::warn!(missed, "an inbox subscriber fell behind");
                        }
                        Err(RecvError::Closed) => return None,
                    }
                }
            },
        ))
    }
}

impl Replay {
    async fn next(&mut self) -> Option<EventView> {
        loop {
            if let Some(view) = self.pending.pop_front() {
                return Some(view);
            }
            let received = self.live.recv().await;
            // Boxed, like the catch-up below: inline, their database futures would be part of
            // every idle subscription's state (docs/performance.md).
            if !Box::pin(self.audience.still_valid()).await {
                return None;
            }
            match received {
                Ok(published) if published.event.conversation_id != self.conversation_id => {}
                Ok(published) if published.event.kind == EventKind::Typing => {
                    if self.audience.admits(&published) {
                        return Some(EventView {
                            event: published.event.clone(),
                            message: None,
                            conversation: Some(published.conversation.clone()),
                        });
                    }
                }
                Ok(published) if published.event.seq <= self.last_seq => {}
                Ok(published) if published.event.seq == self.last_seq + 1 => {
                    self.last_seq = published.event.seq;
                    if !self.audience.admits(&published) {
                        continue;
                    }
                    let view = EventView {
                        event: published.event.clone(),
                        message: published.message.clone(),
                        conversation: Some(published.conversation.clone()),
                    };
                    if let Some(view) = self.audience.redact(view) {
                        return Some(view);
                    }
                }
                // A gap: events committed but not yet seen here. Storage has them.
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    if let Err(err) = Box::pin(self.catch_up()).await {
                        tracing::warn!(%err, "cannot replay conversation events; closing");
                        return None;
                    }
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// Queues every stored event after `last_seq`.
    async fn catch_up(&mut self) -> Result<()> {
        let mut conn = self.db.acquire().await?;
        loop {
            let events = storage::events::list_after(
                conn.conn(),
                self.conversation_id,
                self.last_seq,
                REPLAY_BATCH,
            )
            .await?;
            let full = events.len() as i64 == REPLAY_BATCH;
            if let Some(last) = events.last() {
                self.last_seq = last.seq;
            }
            let views = stored_views(conn.conn(), events, self.audience.sees_notes).await?;
            self.pending.extend(views);
            if !full {
                return Ok(());
            }
        }
    }
}

/// Stored events as a caller sees them: with their messages, without what they may not read.
pub(super) async fn stored_views(
    mut conn: Conn<'_>,
    events: Vec<ConversationEvent>,
    sees_notes: bool,
) -> Result<Vec<EventView>> {
    let mut views = Vec::with_capacity(events.len());
    for mut event in events {
        let message = match event.message_id {
            Some(id) => storage::messages::find_by_id(conn.reborrow(), id).await?,
            None => None,
        };
        if !sees_notes {
            if message.as_ref().is_some_and(Message::is_private) {
                continue;
            }
            event.details.note = None;
        }
        views.push(EventView {
            event,
            message,
            conversation: None,
        });
    }
    Ok(views)
}
