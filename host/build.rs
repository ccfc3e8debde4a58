//! Embeds the web assets built by `make web` (the chat widget) when they exist, so one binary
//! serves everything. Without them (a `cargo build` before `make web`) the server still builds
//! and answers `/widget.js` with 404 and a hint.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(widget_built)");
    let widget = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/widget/dist/widget.js");
    println!("cargo::rerun-if-changed={}", widget.display());
    if widget.is_file() {
        println!("cargo::rustc-cfg=widget_built");
        println!("cargo::rustc-env=ISPCHAT_WIDGET_JS={}", widget.display());
    }
}
