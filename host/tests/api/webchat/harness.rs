//! The web chat tests' harness: the webchat plugin bundled, a WEB inbox it serves, visitors,
//! and polling helpers.

use serde_json::{Value, json};

use crate::channels::eventually;
use crate::plugins::fixture::dist;
use crate::support::{TestApp, Tokens, data, str_at};

pub(super) const MAX_TEXT: usize = 40;

pub(super) struct WebChat {
    pub(super) app: TestApp,
    pub(super) admin: Tokens,
    pub(super) ana: Tokens,
    pub(super) inbox: String,
    _bundled: tempfile::TempDir,
}

/// A WEB inbox created without a plugin choice, with the webchat plugin bundled (as a server
/// started from the repository has it) and configured for texts up to [`MAX_TEXT`] characters and
/// PNG and PDF files, routed to Suporte where Ana works.
pub(super) async fn webchat(mut app: TestApp) -> WebChat {
    let bundled = tempfile::tempdir().unwrap();
    let plugin = dist("webchat").dist_dir;
    let plugin = plugin.parent().unwrap_or_else(|| panic!("{plugin:?}"));
    std::os::unix::fs::symlink(plugin, bundled.path().join("webchat")).unwrap();
    let dir = bundled.path().to_owned();
    app.restart_with(|config| config.plugins_dir = Some(dir))
        .await;
    let admin = app.admin().await;
    let settings = json!({
        "max-text-length": MAX_TEXT,
        "allowed-file-types": ["image/png", "application/pdf"],
    });
    data(
        &app.gql(
            Some(&admin.access),
            "mutation($s: JSON) { configurePlugin(id: \"webchat\", input: {settings: $s}) { id } }",
            json!({ "s": settings }),
        )
        .await,
    );
    let (team, ana) = app.team_with_agent(&admin.access, "Suporte", "ana").await;
    let body = app
        .gql(
            Some(&admin.access),
            "mutation($t: ID!) { createInbox(input: {name: \"Site\", kind: WEB, teamId: $t}) { id pluginId } }",
            json!({ "t": team }),
        )
        .await;
    let created = &data(&body)["createInbox"];
    assert_eq!(created["pluginId"], "webchat", "{body}");
    WebChat {
        inbox: str_at(created, "id"),
        app,
        admin,
        ana,
        _bundled: bundled,
    }
}

pub(super) const SEND: &str = "mutation($c: String!, $id: String!, $choice: String) { sendVisitorMessage(input: \
                    {content: $c, clientMessageId: $id, choiceId: $choice}) { id conversationId content deliveryState } }";

impl WebChat {
    /// Rewrites the stored rows as if the request that stored them (for client id `from`, now
    /// `to`) had died before applying them: pending again, unleased.
    pub(super) async fn as_if_died(&self, from: &str, to: &str) {
        let postgres = matches!(
            self.app.server.as_ref().map(|s| &s.db),
            Some(ispchat_host::storage::Db::Postgres(_))
        );
        let events = if postgres {
            format!("REPLACE(events::text, ':{from}', ':{to}')::jsonb")
        } else {
            format!("REPLACE(events, ':{from}', ':{to}')")
        };
        let changed = self
            .app
            .execute(&format!(
                "UPDATE channel_inbound SET events = {events}, state = 'pending', \
                 processed_at = NULL, locked_until = NULL"
            ))
            .await;
        assert!(changed >= 1);
    }

    /// Waits until the worker stored the message the visitor sent as `client_id`.
    pub(super) async fn stored(&self, contact: &str, client_id: &str) -> Value {
        let external = format!("web:{contact}:{client_id}");
        eventually("the worker applying the row", || async {
            let found = self
                .app
                .count(&format!(
                    "SELECT COUNT(*) FROM messages WHERE external_id = '{external}'"
                ))
                .await;
            (found == 1).then_some(())
        })
        .await;
        let body = self
            .app
            .gql(
                Some(&self.ana.access),
                "query { conversations { nodes { messages(last: 50) { nodes { externalId content \
                   attachments { fileName } attributes { missingFile { reason } } } } } } }",
                json!({}),
            )
            .await;
        data(&body)["conversations"]["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| {
                c["messages"]["nodes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .find(|m| m["externalId"] == external.as_str())
            .unwrap_or_else(|| panic!("{external} not visible: {body}"))
    }
    /// A visitor session in `locale`: token and contact id.
    pub(super) async fn visitor(&self, name: &str, locale: &str) -> (String, String) {
        let body = self
            .app
            .gql(
                None,
                "mutation($i: StartVisitorSessionInput!) { startVisitorSession(input: $i) { token contact { id } } }",
                json!({ "i": { "inboxId": self.inbox, "name": name, "locale": locale } }),
            )
            .await;
        let session = &data(&body)["startVisitorSession"];
        (str_at(session, "token"), str_at(&session["contact"], "id"))
    }

    pub(super) async fn send(
        &self,
        token: &str,
        content: &str,
        id: &str,
        choice: Option<&str>,
    ) -> Value {
        self.app
            .gql(
                Some(token),
                SEND,
                json!({ "c": content, "id": id, "choice": choice }),
            )
            .await
    }

    pub(super) async fn rows(&self) -> i64 {
        self.app.count("SELECT COUNT(*) FROM channel_inbound").await
    }

    pub(super) async fn messages(&self) -> i64 {
        self.app.count("SELECT COUNT(*) FROM messages").await
    }

    pub(super) async fn deliveries(&self) -> Vec<Value> {
        let body = self
            .app
            .gql(
                Some(&self.admin.access),
                "query($i: ID!) { channelDeliveries(inboxId: $i, first: 10) { nodes { state events rawBody } } }",
                json!({ "i": self.inbox }),
            )
            .await;
        data(&body)["channelDeliveries"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The conversation's messages as Ana sees them, oldest first.
    pub(super) async fn staff_messages(&self, conversation: &str) -> Vec<Value> {
        let body = self
            .app
            .gql(
                Some(&self.ana.access),
                "query($c: ID!) { conversation(id: $c) { messages(last: 50) { nodes { id content direction \
                   deliveryState deliveryError externalId \
                   attributes { choiceSelected { id title } missingFile { reason detail } } \
                   attachments { fileName contentType } } } } }",
                json!({ "c": conversation }),
            )
            .await;
        data(&body)["conversation"]["messages"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub(super) async fn reply(&self, conversation: &str, text: &str) -> String {
        let body = self
            .app
            .gql(
                Some(&self.ana.access),
                "mutation($c: ID!, $t: String!) { sendMessage(conversationId: $c, content: $t) { id } }",
                json!({ "c": conversation, "t": text }),
            )
            .await;
        str_at(&data(&body)["sendMessage"], "id")
    }

    pub(super) async fn reply_where(&self, conversation: &str, id: &str, state: &str) -> Value {
        eventually(&format!("reply {id} {state}"), || async {
            self.staff_messages(conversation)
                .await
                .into_iter()
                .find(|m| m["id"] == id && m["deliveryState"] == state)
        })
        .await
    }
}

/// Every file below `dir`, `partial/` excluded.
pub(super) fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "partial") {
                found.extend(walk(&path));
            }
        } else {
            found.push(path);
        }
    }
    found
}
