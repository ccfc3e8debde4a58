//! The event bus: every committed change to a conversation is published here, and subscriptions
//! (GraphQL today, outgoing webhooks and other nodes later) listen.
//!
//! The bus is a fast path, not the record: events are stored with their sequence number before
//! they are published, so a subscriber that lags or reconnects catches up from storage.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;
use uuid::Uuid;

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
    /// Every conversation's events.
    fn subscribe(&self) -> broadcast::Receiver<Arc<Published>>;
    /// One conversation's events only. A subscriber of one conversation is not woken by the
    /// others': with thousands of followed conversations, waking every follower for every
    /// message costs more than the message itself.
    fn subscribe_conversation(&self, conversation_id: Uuid) -> broadcast::Receiver<Arc<Published>>;
    /// How many receivers listen now, of every conversation or of one: a subscription counts
    /// from the moment what is published reaches it (tests wait for theirs to register).
    fn listeners(&self) -> usize;
}

/// One process: broadcast channels. A subscriber that falls further behind than its channel's
/// capacity is told how many it missed and recovers from storage.
pub struct InProcessBus {
    everything: broadcast::Sender<Arc<Published>>,
    conversations: Mutex<Topics>,
    conversation_capacity: usize,
}

/// The channels of conversations someone follows. A channel whose last receiver is gone is
/// dropped when its conversation next publishes, or by a sweep once the map has doubled.
#[derive(Default)]
struct Topics {
    senders: HashMap<Uuid, broadcast::Sender<Arc<Published>>>,
    swept_at_len: usize,
}

impl InProcessBus {
    pub fn new(capacity: usize, conversation_capacity: usize) -> Self {
        let (everything, _) = broadcast::channel(capacity);
        InProcessBus {
            everything,
            conversations: Mutex::default(),
            conversation_capacity,
        }
    }

    fn topics(&self) -> std::sync::MutexGuard<'_, Topics> {
        // The map stays consistent whatever panicked while it was held.
        self.conversations.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl EventBus for InProcessBus {
    fn publish(&self, event: Published) {
        metrics::counter!("ispchat_events_published_total", "kind" => event.event.kind.as_str())
            .increment(1);
        let event = Arc::new(event);
        let id = event.event.conversation_id;
        {
            let mut topics = self.topics();
            if let Some(sender) = topics.senders.get(&id)
                && sender.send(event.clone()).is_err()
            {
                topics.senders.remove(&id);
            }
        }
        // No subscriber at all is normal.
        let _ = self.everything.send(event);
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.everything.subscribe()
    }

    fn subscribe_conversation(&self, conversation_id: Uuid) -> broadcast::Receiver<Arc<Published>> {
        let mut topics = self.topics();
        if topics.senders.len() >= 1024 && topics.senders.len() >= 2 * topics.swept_at_len {
            topics
                .senders
                .retain(|_, sender| sender.receiver_count() > 0);
            topics.swept_at_len = topics.senders.len();
        }
        let capacity = self.conversation_capacity;
        topics
            .senders
            .entry(conversation_id)
            .or_insert_with(|| broadcast::channel(capacity).0)
            .subscribe()
    }

    fn listeners(&self) -> usize {
        let followers: usize = self
            .topics()
            .senders
            .values()
            .map(broadcast::Sender::receiver_count)
            .sum();
        self.everything.receiver_count() + followers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversations::{EventActor, EventDetails, EventKind};

    fn conversation() -> Conversation {
        Conversation {
            id: Uuid::now_v7(),
            ..Conversation::example(chrono::Utc::now())
        }
    }

    fn published(conversation: &Conversation, seq: i64) -> Published {
        Published {
            event: ConversationEvent {
                conversation_id: conversation.id,
                seq,
                kind: EventKind::MessageCreated,
                actor: EventActor::System,
                message_id: None,
                details: EventDetails::default(),
                at: chrono::Utc::now(),
            },
            conversation: conversation.clone(),
            message: None,
        }
    }

    #[test]
    fn a_conversation_subscriber_hears_its_conversation_only() {
        let bus = InProcessBus::new(16, 16);
        let (mine, other) = (conversation(), conversation());
        let mut followed = bus.subscribe_conversation(mine.id);
        let everything = bus.subscribe();
        bus.publish(published(&other, 1));
        bus.publish(published(&mine, 1));
        let heard = followed.try_recv().map(|p| p.event.conversation_id);
        assert_eq!(heard.ok(), Some(mine.id));
        assert!(
            followed.try_recv().is_err(),
            "only one event is for this conversation"
        );
        assert_eq!(everything.len(), 2);
    }

    #[test]
    fn listeners_count_every_receiver_until_it_is_dropped() {
        let bus = InProcessBus::new(16, 16);
        let (one, other) = (conversation(), conversation());
        assert_eq!(bus.listeners(), 0);
        let everything = bus.subscribe();
        let first = bus.subscribe_conversation(one.id);
        let second = bus.subscribe_conversation(one.id);
        let third = bus.subscribe_conversation(other.id);
        assert_eq!(bus.listeners(), 4);
        drop(everything);
        drop(first);
        assert_eq!(bus.listeners(), 2);
        drop((second, third));
        // Channels left without receivers count nothing, before and after they are dropped.
        assert_eq!(bus.listeners(), 0);
        bus.publish(published(&one, 1));
        assert_eq!(bus.listeners(), 0);
    }

    #[test]
    fn a_channel_nobody_listens_to_is_dropped() {
        let bus = InProcessBus::new(16, 16);
        let conversation = conversation();
        drop(bus.subscribe_conversation(conversation.id));
        bus.publish(published(&conversation, 1));
        assert!(bus.topics().senders.is_empty());
        let mut again = bus.subscribe_conversation(conversation.id);
        bus.publish(published(&conversation, 2));
        assert_eq!(again.try_recv().map(|p| p.event.seq).ok(), Some(2));
    }
}
