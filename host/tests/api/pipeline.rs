//! The per-message plugin pipeline on the real server with the real components: classifiers,
//! bot and router applied to customers' messages, and jobs that survive a restart.

use std::time::Duration;

use serde_json::{Value, json};

use ispchat_host::plugins::OperatorConfig;

use crate::conversations::{World, create_team, world};
use crate::plugins::fixture::dist;
use crate::presence::set_presence;
use crate::support::{Backend, TestApp, data, error_code, error_field, str_at};

/// Runs each `async fn(Backend)` on SQLite and PostgreSQL (the tests start their own server, with
/// plugins preloaded).
macro_rules! pipeline_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::Backend::Postgres).await
                }
            )*
        }
    };
}

pipeline_tests!(
    echo_bot_answers_as_the_bot_and_hands_off_when_asked_for_a_human,
    a_crashing_bot_hands_the_conversation_to_the_queue,
    keyword_classifier_labels_the_conversation_and_its_reading_is_readable,
    isp_intents_labels_the_intent_and_the_sentiment_trend_is_readable,
    round_robin_assigns_new_conversations_alternately,
    round_robin_moves_what_nobody_can_take_to_the_overflow_team,
    routing_gives_conversations_only_to_online_agents,
    a_job_left_by_a_stopped_server_runs_after_restart,
);

/// A server with these plugin builds (paths under `plugins/`) loaded and enabled.
async fn world_with(backend: Backend, plugins: &[&str]) -> World {
    let dirs: Vec<_> = plugins
        .iter()
        .map(|p| (dist(p).dist_dir, OperatorConfig::default()))
        .collect();
    let app = TestApp::start_with(backend, |config| config.preload_plugins = dirs).await;
    world(app).await
}

async fn set_automation(w: &World, field: &str, plugin: Option<&str>) -> Value {
    w.app
        .gql(
            Some(&w.admin.access),
            &format!(
                "mutation($i: ID!, $p: String) {{ updateInbox(id: $i, input: {{{field}: $p}}) {{
                    botPluginId routerPluginId }} }}"
            ),
            json!({ "i": w.inbox, "p": plugin }),
        )
        .await
}

const CONVERSATION: &str = "query($id: ID!) { conversation(id: $id) { status priority labels
    assignee { id } messages(last: 50) { edges { node { id content private senderKind direction
    classifications { pluginId labels { label score } sentiment language } } } } } }";

async fn conversation(w: &World, id: &str) -> Value {
    let body = w
        .app
        .gql(Some(&w.admin.access), CONVERSATION, json!({ "id": id }))
        .await;
    data(&body)["conversation"].clone()
}

/// Reads the conversation until `done` holds: the pipeline runs in the background. Bounded, so
/// a pipeline that never gets there fails the test with what it last saw.
async fn until(w: &World, id: &str, done: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..600 {
        last = conversation(w, id).await;
        if done(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the pipeline did not get there; last seen: {last:#}");
}

fn messages(conversation: &Value) -> Vec<Value> {
    conversation["messages"]["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|e| e["node"].clone()).collect())
        .unwrap_or_default()
}

fn bot_messages(conversation: &Value) -> Vec<Value> {
    messages(conversation)
        .into_iter()
        .filter(|m| m["senderKind"] == "BOT")
        .collect()
}

async fn echo_bot_answers_as_the_bot_and_hands_off_when_asked_for_a_human(backend: Backend) {
    let w = world_with(backend, &["echo-bot", "round-robin"]).await;
    // Only a live plugin of the right kind can be attached.
    let body = set_automation(&w, "botPluginId", Some("round-robin")).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(error_field(&body), "input.botPluginId");
    let body = set_automation(&w, "routerPluginId", Some("nao-existe")).await;
    assert_eq!(error_field(&body), "input.routerPluginId");
    let body = set_automation(&w, "botPluginId", Some("echo-bot")).await;
    assert_eq!(data(&body)["updateInbox"]["botPluginId"], "echo-bot");

    let (_, c) = w.post("maria", "minha internet caiu").await;
    let seen = until(&w, &c, |c| !bot_messages(c).is_empty()).await;
    assert_eq!(seen["status"], "BOT");
    let replies = bot_messages(&seen);
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["content"], "Você disse: \"minha internet caiu\"");
    assert_eq!(replies[0]["direction"], "OUTGOING");
    assert_eq!(replies[0]["private"], false);

    w.post("maria", "quero falar com um atendente").await;
    let seen = until(&w, &c, |c| c["status"] == "QUEUED").await;
    let replies = bot_messages(&seen);
    assert!(
        replies.iter().any(|m| m["private"] == false
            && m["content"]
                .as_str()
                .is_some_and(|t| t.contains("transferir você para um atendente"))),
        "{replies:#?}"
    );
    let note = replies
        .iter()
        .find(|m| m["private"] == true)
        .unwrap_or_else(|| panic!("no summary note: {replies:#?}"));
    assert!(
        note["content"]
            .as_str()
            .is_some_and(|t| t.contains("quero falar com um atendente")),
        "{note}"
    );
    // With a human now, the bot stays quiet.
    w.post("maria", "alô?").await;
    drained(&w.app).await;
    let after = conversation(&w, &c).await;
    assert_eq!(bot_messages(&after).len(), replies.len());
    // The integrator never sees the note.
    let body = w
        .app
        .gql(
            Some(&w.key),
            "query($id: ID!) { conversation(id: $id) { messages(last: 50) { edges { node { private } } } } }",
            json!({ "id": c }),
        )
        .await;
    assert!(
        messages(&data(&body)["conversation"])
            .iter()
            .all(|m| m["private"] == false)
    );
    // Each job's time is on /metrics (the recorder is per process, so only its presence is ours).
    let metrics = w
        .app
        .http
        .get(format!("{}/metrics", w.app.base_url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("ispchat_pipeline_job_seconds_bucket{outcome=\"ok\",le=\"0.0005\"}"),
        "{metrics}"
    );
    w.app.shutdown().await;
}

async fn a_crashing_bot_hands_the_conversation_to_the_queue(backend: Backend) {
    let w = world_with(backend, &["testing/trapper"]).await;
    data(&set_automation(&w, "botPluginId", Some("trapper")).await);
    let (_, c) = w.post("joao", "crash").await;
    let seen = until(&w, &c, |c| c["status"] != "BOT").await;
    assert_eq!(seen["status"], "QUEUED");
    assert!(bot_messages(&seen).is_empty());
    // A plugin-error answer hands off too.
    let (_, c) = w.post("jose", "error").await;
    let seen = until(&w, &c, |c| c["status"] != "BOT").await;
    assert_eq!(seen["status"], "QUEUED");
    w.app.shutdown().await;
}

async fn keyword_classifier_labels_the_conversation_and_its_reading_is_readable(backend: Backend) {
    let w = world_with(backend, &["keyword-classifier"]).await;
    data(
        &w.app
            .gql(
                Some(&w.admin.access),
                r#"mutation { createLabel(input: {name: "financeiro"}) { name } }"#,
                json!({}),
            )
            .await,
    );
    let (message, c) = w.post("carla", "meu boleto venceu").await;
    let seen = until(&w, &c, |c| c["labels"] == json!(["financeiro"])).await;
    let incoming = messages(&seen)
        .into_iter()
        .find(|m| m["id"] == message)
        .unwrap_or_else(|| panic!("message missing: {seen:#}"));
    let readings = incoming["classifications"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(readings.len(), 1, "{incoming:#}");
    assert_eq!(readings[0]["pluginId"], "keyword-classifier");
    assert_eq!(readings[0]["labels"][0]["label"], "financeiro");
    assert_eq!(readings[0]["labels"][0]["score"], 0.6);
    assert_eq!(readings[0]["language"], "pt-BR");
    // No bot in this inbox: the conversation waits in the queue as before.
    assert_eq!(seen["status"], "QUEUED");

    // A label that is not in the catalogue is recorded but not added.
    let (_, c) = w.post("davi", "quero cancelar o contrato").await;
    let seen = until(&w, &c, |c| {
        messages(c).first().is_some_and(|m| {
            m["classifications"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        })
    })
    .await;
    assert_eq!(seen["labels"], json!([]));
    w.app.shutdown().await;
}

async fn isp_intents_labels_the_intent_and_the_sentiment_trend_is_readable(backend: Backend) {
    let w = world_with(backend, &["isp-intents"]).await;
    data(
        &w.app
            .gql(
                Some(&w.admin.access),
                r#"mutation { createLabel(input: {name: "no_connection"}) { name } }"#,
                json!({}),
            )
            .await,
    );
    let (first, c) = w
        .post(
            "carla",
            "Bom dia, estou sem internet desde ontem, a luz da ONU está vermelha",
        )
        .await;
    let seen = until(&w, &c, |c| c["labels"] == json!(["no_connection"])).await;
    let incoming = messages(&seen)
        .into_iter()
        .find(|m| m["id"] == first)
        .unwrap_or_else(|| panic!("message missing: {seen:#}"));
    let reading = &incoming["classifications"][0];
    assert_eq!(reading["pluginId"], "isp-intents", "{incoming:#}");
    assert_eq!(reading["labels"][0]["label"], "no_connection");
    assert!(reading["labels"][0]["score"].as_f64().unwrap_or(0.0) >= 0.6);
    assert_eq!(reading["language"], "pt-BR");

    // The same customer, angrier: the trend shows both messages, oldest first.
    let (second, again) = w
        .post(
            "carla",
            "ABSURDO!!! terceiro dia sem internet, vou reclamar no Procon",
        )
        .await;
    assert_eq!(again, c, "the same open conversation");
    let trend = "query($id: ID!, $last: Int!) { conversation(id: $id) {
        sentimentTrend(last: $last) { messageId sentiment score } } }";
    let mut points = Value::Null;
    for _ in 0..600 {
        let body = w
            .app
            .gql(Some(&w.admin.access), trend, json!({ "id": c, "last": 5 }))
            .await;
        points = data(&body)["conversation"]["sentimentTrend"].clone();
        if points.as_array().is_some_and(|p| p.len() == 2) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(points[0]["messageId"], first.as_str(), "{points:#}");
    assert!(
        ["NEGATIVE", "VERY_NEGATIVE"].contains(&points[0]["sentiment"].as_str().unwrap_or("")),
        "an outage is negative: {points:#}"
    );
    assert_eq!(points[1]["messageId"], second.as_str());
    assert_eq!(points[1]["sentiment"], "VERY_NEGATIVE", "{points:#}");
    assert_eq!(points[1]["score"], -2);
    // Only the last one when asked for one; out of range names the argument.
    let body = w
        .app
        .gql(Some(&w.admin.access), trend, json!({ "id": c, "last": 1 }))
        .await;
    let only = &data(&body)["conversation"]["sentimentTrend"];
    assert_eq!(only.as_array().map(Vec::len), Some(1));
    assert_eq!(only[0]["messageId"], second.as_str());
    let refused = w
        .app
        .gql(Some(&w.admin.access), trend, json!({ "id": c, "last": 51 }))
        .await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(error_field(&refused), "last");
    w.app.shutdown().await;
}

async fn round_robin_assigns_new_conversations_alternately(backend: Backend) {
    let w = world_with(backend, &["round-robin"]).await;
    data(&set_automation(&w, "routerPluginId", Some("round-robin")).await);
    let mut assignees = Vec::new();
    for customer in ["c1", "c2", "c3", "c4"] {
        // The rotation remembers when each agent was last given a conversation: time must pass.
        w.app.clock.advance(chrono::Duration::seconds(5));
        let (_, c) = w.post(customer, "preciso de ajuda").await;
        let seen = until(&w, &c, |c| !c["assignee"].is_null()).await;
        assert_eq!(seen["status"], "OPEN");
        assignees.push(str_at(&seen["assignee"], "id"));
    }
    let team = [w.ana.user_id.clone(), w.bia.user_id.clone()];
    assert!(assignees.iter().all(|a| team.contains(a)), "{assignees:?}");
    assert_ne!(assignees[0], assignees[1]);
    assert_eq!(assignees[0], assignees[2]);
    assert_eq!(assignees[1], assignees[3]);
    w.app.shutdown().await;
}

/// Away and offline agents (chosen, or not seen for the presence timeout) are never offered to
/// the router: the online one gets everything, and with nobody online it waits in the queue.
async fn routing_gives_conversations_only_to_online_agents(backend: Backend) {
    let w = world_with(backend, &["round-robin"]).await;
    data(&set_automation(&w, "routerPluginId", Some("round-robin")).await);
    set_presence(&w.app, &w.ana, "AWAY").await;
    for customer in ["c1", "c2", "c3"] {
        w.app.clock.advance(chrono::Duration::seconds(5));
        let (_, c) = w.post(customer, "preciso de ajuda").await;
        let seen = until(&w, &c, |c| !c["assignee"].is_null()).await;
        assert_eq!(str_at(&seen["assignee"], "id"), w.bia.user_id, "{customer}");
    }
    // Ana is back and Bia leaves: Bia keeps her three, new ones go to Ana.
    set_presence(&w.app, &w.ana, "ONLINE").await;
    set_presence(&w.app, &w.bia, "OFFLINE").await;
    w.app.clock.advance(chrono::Duration::seconds(5));
    let (_, c) = w.post("c4", "preciso de ajuda").await;
    let seen = until(&w, &c, |c| !c["assignee"].is_null()).await;
    assert_eq!(str_at(&seen["assignee"], "id"), w.ana.user_id);
    let bias = w
        .app
        .gql(
            Some(&w.admin.access),
            "query($a: ID!) { conversations(filter: {assigneeId: $a}) { edges { node { id } } } }",
            json!({ "a": w.bia.user_id }),
        )
        .await;
    assert_eq!(
        data(&bias)["conversations"]["edges"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    // Ana closes the console: 91 s later she counts as offline, and nobody online means the
    // conversation waits for a claim once the router has had its turn.
    w.app.clock.advance(chrono::Duration::seconds(91));
    let (_, c) = w.post("c5", "preciso de ajuda").await;
    drained(&w.app).await;
    let last = conversation(&w, &c).await;
    assert_eq!(last["status"], "QUEUED", "{last}");
    assert!(last["assignee"].is_null(), "{last}");
    w.app.shutdown().await;
}

/// A router's `enqueue` into another team: the conversation moves (at the priority it asked for)
/// and that team's routing gets its turn.
async fn round_robin_moves_what_nobody_can_take_to_the_overflow_team(backend: Backend) {
    let operator = OperatorConfig {
        settings: [
            ("overflow-team", "Financeiro"),
            ("overflow-priority", "high"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
        ..OperatorConfig::default()
    };
    let dir = dist("round-robin").dist_dir;
    let app = TestApp::start_with(backend, |config| {
        config.preload_plugins = vec![(dir, operator)];
    })
    .await;
    let w = world(app).await;
    // The inbox's conversations go to a team with nobody in it.
    let night = create_team(&w.app, &w.admin.access, "Noturno").await;
    data(
        &w.app
            .gql(
                Some(&w.admin.access),
                "mutation($i: ID!, $t: ID!) { updateInbox(id: $i, input: {teamId: $t}) { id } }",
                json!({ "i": w.inbox, "t": night }),
            )
            .await,
    );
    data(&set_automation(&w, "routerPluginId", Some("round-robin")).await);

    let (_, c) = w.post("madrugada", "sem internet desde ontem").await;
    let seen = until(&w, &c, |c| !c["assignee"].is_null()).await;
    assert_eq!(str_at(&seen["assignee"], "id"), w.fabio.user_id);
    assert_eq!(seen["priority"], "HIGH");
    let team = data(
        &w.app
            .gql(
                Some(&w.admin.access),
                "query($id: ID!) { conversation(id: $id) { team { id } } }",
                json!({ "id": c }),
            )
            .await,
    )["conversation"]["team"]["id"]
        .clone();
    assert_eq!(team, json!(w.financeiro));
    w.app.shutdown().await;
}

async fn a_job_left_by_a_stopped_server_runs_after_restart(backend: Backend) {
    let dir = dist("echo-bot").dist_dir;
    let app = TestApp::start_with(backend, |config| {
        config.preload_plugins = vec![(dir, OperatorConfig::default())];
        config.plugin_worker = false;
    })
    .await;
    let mut w = world(app).await;
    data(&set_automation(&w, "botPluginId", Some("echo-bot")).await);
    let said = ["oi", "tudo bem?", "preciso de ajuda", "obrigada"];
    let mut c = String::new();
    for text in said {
        c = w.post("rita", text).await.1;
    }
    let (_, other) = w.post("caio", "olá").await;
    let before = conversation(&w, &c).await;
    assert_eq!(before["status"], "BOT");
    assert!(bot_messages(&before).is_empty());
    assert_eq!(pending_jobs(&w.app).await, 5);

    // The five jobs are leased together: the two conversations' run at the same time, each
    // conversation's in the order its messages came.
    w.app
        .restart_with(|config| config.plugin_worker = true)
        .await;
    let token = w.app.admin().await;
    w.admin = token;
    let seen = until(&w, &c, |c| bot_messages(c).len() == said.len()).await;
    let replies: Vec<Value> = bot_messages(&seen)
        .iter()
        .map(|m| m["content"].clone())
        .collect();
    let expected: Vec<Value> = said
        .iter()
        .map(|text| json!(format!("Você disse: \"{text}\"")))
        .collect();
    assert_eq!(replies, expected);
    let seen = until(&w, &other, |c| !bot_messages(c).is_empty()).await;
    assert_eq!(bot_messages(&seen)[0]["content"], "Você disse: \"olá\"");
    // Done jobs are deleted (right after the reply is committed).
    drained(&w.app).await;
    w.app.shutdown().await;
}

async fn pending_jobs(app: &TestApp) -> i64 {
    let server = app
        .server
        .as_ref()
        .unwrap_or_else(|| panic!("server stopped"));
    let mut conn = server.db.acquire().await.unwrap();
    ispchat_host::storage::plugin_jobs::count(conn.conn())
        .await
        .unwrap()
}

/// Waits until every pipeline job has run (bounded, like [`until`]).
async fn drained(app: &TestApp) {
    for _ in 0..600 {
        if pending_jobs(app).await == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("pipeline jobs still pending");
}

/// A bot that spends most of its deadline on every message (so it is never stopped) must slow
/// only its own inbox: another inbox's bot answers at once, and the slow one shows as `SLOW`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_bot_slows_only_its_own_inbox() {
    let echo = (dist("echo-bot").dist_dir, OperatorConfig::default());
    let app = TestApp::start_with(Backend::Sqlite, |config| {
        config.preload_plugins = vec![echo];
        // Each slow call runs for ~0.5 s here: three times that, so that a slower machine
        // stays under it too.
        config.plugin_call_deadline = Duration::from_secs(3);
        // One call at a time: the slow bot's customers queue for it, the other inbox's do not.
        config.plugin_concurrent_calls = 1;
    })
    .await;
    let w = world(app).await;
    // Installed through the admin API, so that its health is listed.
    let slow = crate::plugins::registry::package("testing/slow-bot", str::to_owned);
    let body =
        crate::plugins::registry::install(&w.app, &w.admin.access, &slow, ", enable: true").await;
    assert_eq!(data(&body)["installPlugin"]["enabled"], true, "{body}");
    let body = set_automation(&w, "botPluginId", Some("slow-bot")).await;
    assert_eq!(data(&body)["updateInbox"]["botPluginId"], "slow-bot");
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            "mutation($t: ID!) { createInbox(input: {name: \"Site\", kind: API, teamId: $t}) { id } }",
            json!({ "t": w.suporte }),
        )
        .await;
    let other = str_at(&data(&body)["createInbox"], "id");
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            "mutation($i: ID!) { updateInbox(id: $i, input: {botPluginId: \"echo-bot\"}) { botPluginId } }",
            json!({ "i": other }),
        )
        .await;
    assert_eq!(data(&body)["updateInbox"]["botPluginId"], "echo-bot");

    // Twelve customers keep the slow bot busy for ~6 s of CPU...
    let mut slow_conversations = Vec::new();
    for n in 0..12 {
        let (_, c) = w.post(&format!("lento-{n}"), "busy 4").await;
        slow_conversations.push(c);
    }
    // ...while a customer of the other inbox gets the echo bot's answer at once.
    let started = std::time::Instant::now();
    let body = w
        .app
        .gql(
            Some(&w.key),
            "mutation($i: ID!) { postIncomingMessage(inboxId: $i,
                contact: {name: \"Cliente\", identifier: \"rapido\"}, content: \"oi\") { conversationId } }",
            json!({ "i": other }),
        )
        .await;
    let c = str_at(&data(&body)["postIncomingMessage"], "conversationId");
    until(&w, &c, |c| !bot_messages(c).is_empty()).await;
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(2),
        "the other inbox's reply waited {waited:?} behind the slow bot"
    );
    let slow = slow_bot(&w, "health metrics { waitingCalls recentDurationMs }").await;
    assert_eq!(slow["health"], "SLOW", "{slow}");
    assert!(
        slow["metrics"]["waitingCalls"]
            .as_u64()
            .is_some_and(|n| n > 0),
        "{slow}"
    );
    // Every slow customer is answered in the end: slow, not broken, never disabled.
    for c in &slow_conversations {
        let seen = until(&w, c, |c| !bot_messages(c).is_empty()).await;
        assert_eq!(seen["status"], "BOT", "{seen}");
    }
    let slow = slow_bot(&w, "enabled metrics { calls failures }").await;
    assert_eq!(slow["enabled"], true, "{slow}");
    assert_eq!(slow["metrics"]["failures"], 0, "{slow}");
    assert_eq!(slow["metrics"]["calls"], 12, "{slow}");
}

/// The admin API's view of the slow bot, with `fields`.
async fn slow_bot(w: &World, fields: &str) -> Value {
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            &format!("{{ plugins {{ id {fields} }} }}"),
            json!({}),
        )
        .await;
    data(&body)["plugins"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["id"] == "slow-bot"))
        .cloned()
        .unwrap_or_else(|| panic!("no slow-bot in {body}"))
}
