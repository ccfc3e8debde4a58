//! Channels: how conversations reach customers. The API channel is built in: integrators post
//! customers' messages through GraphQL and receive the agents' replies by subscription or by a
//! signed webhook. WhatsApp and the web widget are channel plugins (a later capability).

pub mod api_webhook;
