//! ISP Chat host: the one server process. It owns storage, authentication, the GraphQL API, the
//! conversation engine and its real-time fan-out and, in later capabilities, the WebAssembly
//! plugin runtime.
//!
//! `main.rs` only parses the command line; everything else lives here so that integration tests
//! start the very same server ([`app::start`]) on a random port with a fresh database.

pub mod app;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod canned_responses;
pub mod channels;
pub mod config;
pub mod contacts;
pub mod conversations;
pub mod graphql;
pub mod http;
pub mod inboxes;
pub mod labels;
pub mod pipeline;
pub mod plugins;
pub mod presence;
pub mod realtime;
pub mod reports;
pub mod routing;
pub mod services;
pub mod sla;
pub mod teams;
pub mod telemetry;
pub mod users;
pub mod widget;

pub use ispchat_core::{Error, Result, clock, error, text_enum};
pub use ispchat_storage as storage;
