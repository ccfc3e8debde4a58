//! Bindings for contract major 1 (`wit/v1`, packages `@1.0.0`). A later major gets its own
//! sibling module (`v2`), generated from its own folder, so old plugins keep their exact types
//! (the `since_vX` layout of Zed's extension host).
//!
//! Every world includes the same `ispchat:host/imports`; the `bot` bindings generate those
//! interfaces once and the other worlds reuse them through `with`, so the host implements each
//! import trait a single time.

pub mod bot {
    wasmtime::component::bindgen!({
        path: "../../wit/v1",
        world: "ispchat:plugin/bot",
        imports: { default: async },
        exports: { default: async },
    });
}

pub mod router {
    wasmtime::component::bindgen!({
        path: "../../wit/v1",
        world: "ispchat:plugin/router",
        imports: { default: async },
        exports: { default: async },
        with: {
            "ispchat:host/log": crate::v1::bot::ispchat::host::log,
            "ispchat:host/config": crate::v1::bot::ispchat::host::config,
            "ispchat:host/secrets": crate::v1::bot::ispchat::host::secrets,
            "ispchat:host/crypto": crate::v1::bot::ispchat::host::crypto,
            "ispchat:host/kv": crate::v1::bot::ispchat::host::kv,
            "ispchat:host/http": crate::v1::bot::ispchat::host::http,
            "ispchat:host/clock": crate::v1::bot::ispchat::host::clock,
            "ispchat:types/common": crate::v1::bot::ispchat::types::common,
            "ispchat:types/conversations": crate::v1::bot::ispchat::types::conversations,
        },
    });
}

pub mod channel {
    wasmtime::component::bindgen!({
        path: "../../wit/v1",
        world: "ispchat:plugin/channel",
        imports: { default: async },
        exports: { default: async },
        with: {
            "ispchat:host/log": crate::v1::bot::ispchat::host::log,
            "ispchat:host/config": crate::v1::bot::ispchat::host::config,
            "ispchat:host/secrets": crate::v1::bot::ispchat::host::secrets,
            "ispchat:host/crypto": crate::v1::bot::ispchat::host::crypto,
            "ispchat:host/kv": crate::v1::bot::ispchat::host::kv,
            "ispchat:host/http": crate::v1::bot::ispchat::host::http,
            "ispchat:host/clock": crate::v1::bot::ispchat::host::clock,
            "ispchat:types/common": crate::v1::bot::ispchat::types::common,
            "ispchat:types/messages": crate::v1::bot::ispchat::types::messages,
        },
    });
}

pub mod classifier {
    wasmtime::component::bindgen!({
        path: "../../wit/v1",
        world: "ispchat:plugin/classifier",
        imports: { default: async },
        exports: { default: async },
        with: {
            "ispchat:host/log": crate::v1::bot::ispchat::host::log,
            "ispchat:host/config": crate::v1::bot::ispchat::host::config,
            "ispchat:host/secrets": crate::v1::bot::ispchat::host::secrets,
            "ispchat:host/crypto": crate::v1::bot::ispchat::host::crypto,
            "ispchat:host/kv": crate::v1::bot::ispchat::host::kv,
            "ispchat:host/http": crate::v1::bot::ispchat::host::http,
            "ispchat:host/clock": crate::v1::bot::ispchat::host::clock,
            "ispchat:types/common": crate::v1::bot::ispchat::types::common,
            "ispchat:types/messages": crate::v1::bot::ispchat::types::messages,
        },
    });
}

pub use bot::ispchat::host;
