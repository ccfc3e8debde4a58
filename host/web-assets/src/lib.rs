//! The web assets `make web` builds, embedded so one binary serves everything: the agent
//! console (`web/console/dist`) and the chat widget's script (`web/widget/dist/widget.js`).
//!
//! A crate of its own so that rebuilding the web only recompiles these bytes and relinks the
//! host, and editing the host never re-reads them. How they are served (caching, security
//! headers, the console's fallback) is the host's `http::console` and `http::assets`.

/// `(URL path, contents)` of every file of the built console; empty when it was not built.
pub static CONSOLE_FILES: &[(&str, &[u8])] =
    include!(concat!(env!("OUT_DIR"), "/console_assets.rs"));

/// The widget's script, or `None` when `make web` did not build it before this crate.
#[cfg(widget_built)]
pub const WIDGET_JS: Option<&[u8]> = Some(include_bytes!(env!("ISPCHAT_WIDGET_JS")));
#[cfg(not(widget_built))]
pub const WIDGET_JS: Option<&[u8]> = None;
