//! Integration tests: each starts the real server on 127.0.0.1:0 with a fresh database and talks
//! to it over HTTP and WebSocket like a client. One test binary, to link once.
//!
//! `backend_tests!` runs each listed test twice: on SQLite and on a fresh PostgreSQL database.

// A failing test should just fail (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

mod attachments;
mod audit;
mod auth;
mod canned_responses;
mod channel_content;
mod channels;
mod cli;
mod console_session;
mod conversation_views;
mod conversations;
mod dashboard;
mod graphql_http;
mod hardening;
mod ops;
mod pipeline;
mod plugins;
mod presence;
mod rbac;
mod sla;
mod storage;
mod subscriptions;
mod teams_and_users;
mod validation;
mod visitor;
mod webchat;
mod whatsapp;
