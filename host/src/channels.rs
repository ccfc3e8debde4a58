//! Channels: how conversations reach customers. The API channel is built in: integrators post
//! customers' messages through GraphQL and receive the agents' replies by subscription or by a
//! signed webhook. Other channels (WhatsApp, the web widget) are channel plugins: their
//! providers' webhooks arrive through [`inbound`] and replies leave through [`outbox`]
//! (docs/channels.md).

pub mod api_webhook;
pub mod contents;
pub mod events;
pub mod inbound;
pub mod media;
pub mod outbox;
pub mod outgoing;
pub mod signals;
