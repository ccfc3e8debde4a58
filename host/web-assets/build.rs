//! Embeds the web assets built by `make web` (the chat widget and the agent console) when they
//! exist, so one binary serves everything. Without them (a `cargo build` before `make web`) the
//! server still builds and answers `/widget.js` and `/` with 404 and a hint.
//!
//! The console is a directory of hashed files: this writes a table of `include_bytes!` into
//! `OUT_DIR` rather than pulling in an embedding crate, the same mechanism as the widget's.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web");
    println!("cargo::rustc-check-cfg=cfg(widget_built)");
    let widget = web.join("widget/dist/widget.js");
    println!("cargo::rerun-if-changed={}", widget.display());
    if widget.is_file() {
        println!("cargo::rustc-cfg=widget_built");
        println!("cargo::rustc-env=ISPCHAT_WIDGET_JS={}", widget.display());
    }
    console_table(&web.join("console"));
}

fn console_table(console: &Path) {
    let dist = console.join("dist");
    // Watching the console's folder while `dist` is missing notices when it gets built.
    let watched = if dist.is_dir() { &dist } else { console };
    println!("cargo::rerun-if-changed={}", watched.display());
    let mut files = Vec::new();
    if dist.join("index.html").is_file() {
        collect(&dist, &mut files);
    }
    files.sort();
    let mut table = String::from("&[\n");
    for file in &files {
        let Ok(relative) = file.strip_prefix(&dist) else {
            continue;
        };
        let url = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let _ = writeln!(
            table,
            "    ({:?}, include_bytes!({:?})),",
            format!("/{url}"),
            file.display().to_string()
        );
    }
    table.push(']');
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("console_assets.rs");
    if let Err(error) = fs::write(&out, table) {
        println!("cargo::error=cannot write {}: {error}", out.display());
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.is_file() {
            files.push(path);
        }
    }
}
