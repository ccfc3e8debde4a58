//! The host side of `ispchat:host/imports`, shared by every world. Each function checks the
//! calling plugin's manifest itself: a refused call returns the WIT error value, never a trap.

mod basic;
mod http;

pub(crate) use http::host_get;
pub(crate) mod http_policy;
mod kv;
mod secrets;
