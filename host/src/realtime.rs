//! The event bus: every committed change to a conversation is published here, and subscriptions
//! (GraphQL today, outgoing webhooks and other nodes later) listen.
//!
//! The bus is a fast path, not the record: events are stored with their sequence number before
//! they are published, so a subscriber that lags or reconnects catches up from storage.

use std::sync::Arc;

use tokio::sync::broadcast;

use crate::conversations::{Conversation, ConversationEvent, Message};

/// An event as published: with the conversation as it is after the change, and the message it
/// is about, so subscribers can filter and render without a database round trip.
#[derive(Debug, Clone)]
pub struct Published {
    pub event: ConversationEvent,
    pub conversation: Conversation,
    pub message: Option<Message>,
}

pub trait EventBus: Send + Sync {
    fn publish(&self, event: Published);
    fn subscribe(&self) -> broadcast::Receiver<Arc<Published>>;
}

/// One process: a broadcast channel. A subscriber that falls further behind than `capacity`
/// events is told how many it missed and recovers from storage.
pub struct InProcessBus {
    sender: broadcast::Sender<Arc<Published>>,
}

impl InProcessBus {
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        InProcessBus { sender }
    }
}

impl EventBus for InProcessBus {
    fn publish(&self, event: Published) {
        metrics::counter!("ispchat_events_published_total", "kind" => event.event.kind.as_str())
            .increment(1);
        // No subscriber at all is normal.
        let _ = self.sender.send(Arc::new(event));
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.sender.subscribe()
    }
}
