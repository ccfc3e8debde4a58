//! The echo bot in Rust: repeats the customer's text and hands the conversation to a human when
//! asked, with texts in pt-BR or en (setting `language`). It shows a Rust guest of the `bot`
//! world; the TypeScript echo-bot in plugins/ is the first-party one.
//!
//! `no_std` on purpose: Rust's std for wasm32-wasip2 imports WASI (cli, io, environment), which
//! the ISP Chat host does not provide. Without std the component imports only `ispchat:*`.
#![no_std]

extern crate alloc;

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// A panic aborts the call: the host sees a trap, counts it and isolates the plugin.
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
wit_bindgen::generate!({
    path: "../../../wit/v1",
    world: "ispchat:plugin/bot@1.0.0",
    generate_all,
});

use ispchat::host::{config, log};
// `Turn`, `BotResponse` and `PluginError` come from the world's own `use`.
use ispchat::types::bot::{Action, Handoff, ReplyAndHandoff};
use ispchat::types::messages::Content;

struct EchoBot;

const KEYWORDS: [&str; 3] = ["atendente", "humano", "agent"];

fn text_of(turn: &Turn) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for content in &turn.message.contents {
        if let Content::Text(text) = content {
            parts.push(text);
        }
    }
    parts.join("\n").trim().to_string()
}

/// Whole-word, case-insensitive match (accents are not folded here, unlike the TypeScript bot).
fn asks_for_human(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| KEYWORDS.iter().any(|k| word.to_lowercase() == *k))
}

impl Guest for EchoBot {
    fn on_message(turn: Turn) -> Result<BotResponse, PluginError> {
        let english = config::get("language").as_deref() == Some("en");
        let text = text_of(&turn);
        let action = if asks_for_human(&text) {
            log::write(log::Level::Info, "customer asked for a human", &[]);
            let reply = if english {
                "Sure! I'm transferring you to an agent. Please hold on."
            } else {
                "Certo! Vou transferir você para um atendente. Aguarde um momento, por favor."
            };
            Action::ReplyAndHandoff(ReplyAndHandoff {
                reply: vec![Content::Text(reply.to_string())],
                handoff: Handoff {
                    team: config::get("handoff-team"),
                    reason: "customer-asked-for-human".to_string(),
                    summary: Some(text),
                    priority: None,
                },
            })
        } else if english {
            Action::Reply(vec![Content::Text(format!("You said: \"{text}\""))])
        } else {
            Action::Reply(vec![Content::Text(format!("Você disse: \"{text}\""))])
        };
        Ok(BotResponse {
            action,
            add_labels: Vec::new(),
            ext: String::new(),
        })
    }
}

export!(EchoBot);
