//! The conversation engine through GraphQL over HTTP and graphql-ws: who receives what, transfer,
//! replay after reconnecting, idempotency, search, the status workflow, queues and protocols.

use std::time::Duration;

use ispchat_host::clock::Clock;
use serde_json::{Value, json};

use crate::support::{TestApp, Tokens, WsClient, data, error_code, error_field, str_at};

backend_tests!(
    a_message_reaches_each_allowed_subscriber_once_and_no_other_team,
    transfer_moves_the_conversation_and_notifies_both_teams,
    reconnecting_with_after_replays_exactly_the_missed_events,
    repeated_client_ids_and_external_ids_store_one_message,
    search_finds_messages_by_a_word_within_what_the_caller_may_read,
    status_transitions_follow_the_rules,
    snoozed_conversations_wake_up_when_their_time_comes,
    queues_order_by_priority_then_age_and_claim_next_takes_the_head,
    protocol_numbers_are_sequential_per_day_and_findable,
    integrators_post_and_follow_replies_but_never_see_private_notes,
    contacts_are_validated_found_again_and_merged,
    api_inbox_replies_reach_the_integrators_webhook_signed_and_retried,
);

/// Two teams with their agents, a supervisor, an API inbox routed to Suporte and an integrator key.
pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) admin: Tokens,
    pub(crate) suporte: String,
    pub(crate) financeiro: String,
    /// Agents of Suporte.
    pub(crate) ana: Tokens,
    pub(crate) bia: Tokens,
    /// Agent of Financeiro.
    pub(crate) fabio: Tokens,
    pub(crate) sofia: Tokens,
    pub(crate) inbox: String,
    pub(crate) key: String,
}

pub(crate) async fn world(app: TestApp) -> World {
    let admin = app.admin().await;
    let suporte = create_team(&app, &admin.access, "Suporte").await;
    let financeiro = create_team(&app, &admin.access, "Financeiro").await;
    let ana = app.user(&admin.access, "AGENT", "ana").await;
    let bia = app.user(&admin.access, "AGENT", "bia").await;
    let fabio = app.user(&admin.access, "AGENT", "fabio").await;
    let sofia = app.user(&admin.access, "SUPERVISOR", "sofia").await;
    for (team, member) in [(&suporte, &ana), (&suporte, &bia), (&financeiro, &fabio)] {
        data(
            &app.gql(
                Some(&admin.access),
                "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }",
                json!({ "t": team, "u": member.user_id }),
            )
            .await,
        );
    }
    let body = app
        .gql(
            Some(&admin.access),
            "mutation($t: ID!) { createInbox(input: {name: \"Portal do assinante\", kind: API, teamId: $t}) { id kind team { id } } }",
            json!({ "t": suporte }),
        )
        .await;
    let inbox = str_at(&data(&body)["createInbox"], "id");
    let body = app
        .gql(
            Some(&admin.access),
            r#"mutation { createApiKey(input: {name: "portal", scopes: ["messages:write", "conversations:read"]}) { key } }"#,
            json!({}),
        )
        .await;
    let key = str_at(&data(&body)["createApiKey"], "key");
    World {
        app,
        admin,
        suporte,
        financeiro,
        ana,
        bia,
        fabio,
        sofia,
        inbox,
        key,
    }
}

pub(crate) async fn create_team(app: &TestApp, admin: &str, name: &str) -> String {
    let body = app
        .gql(
            Some(admin),
            "mutation($n: String!) { createTeam(input: {name: $n}) { id } }",
            json!({ "n": name }),
        )
        .await;
    str_at(&data(&body)["createTeam"], "id")
}

impl World {
    /// A customer's message through the API inbox; returns the whole response.
    pub(crate) async fn post_raw(
        &self,
        identifier: &str,
        content: &str,
        external_id: Option<&str>,
    ) -> Value {
        self.app
            .gql(
                Some(&self.key),
                "mutation($i: ID!, $id: String!, $c: String!, $e: String) {
                    postIncomingMessage(inboxId: $i, contact: {name: \"Cliente\", identifier: $id},
                                        content: $c, externalId: $e) {
                        id conversationId content direction } }",
                json!({ "i": self.inbox, "id": identifier, "c": content, "e": external_id }),
            )
            .await
    }

    /// Posts and returns `(message id, conversation id)`.
    pub(crate) async fn post(&self, identifier: &str, content: &str) -> (String, String) {
        let body = self.post_raw(identifier, content, None).await;
        let message = &data(&body)["postIncomingMessage"];
        assert_eq!(message["direction"], "INCOMING");
        (str_at(message, "id"), str_at(message, "conversationId"))
    }

    pub(crate) async fn send(&self, token: &str, conversation: &str, content: &str) -> Value {
        self.app
            .gql(
                Some(token),
                "mutation($c: ID!, $t: String!) { sendMessage(conversationId: $c, content: $t) { id content direction } }",
                json!({ "c": conversation, "t": content }),
            )
            .await
    }

    pub(crate) async fn conversation(&self, token: &str, id: &str) -> Value {
        self.app
            .gql(
                Some(token),
                "query($id: ID!) { conversation(id: $id) { id status protocol priority lastSeq
                    unreadCount team { id } assignee { id } labels snoozedUntil queuedAt
                    messages(last: 50) { edges { node { id content private } } } } }",
                json!({ "id": id }),
            )
            .await
    }

    pub(crate) async fn set_status(
        &self,
        token: &str,
        id: &str,
        status: &str,
        until: Option<String>,
    ) -> Value {
        self.app
            .gql(
                Some(token),
                "mutation($id: ID!, $s: ConversationStatus!, $u: DateTime) {
                    setConversationStatus(conversationId: $id, status: $s, snoozedUntil: $u) {
                        status assignee { id } snoozedUntil } }",
                json!({ "id": id, "s": status, "u": until }),
            )
            .await
    }
}

pub(crate) const INBOX_EVENTS: &str = "subscription { inboxEvents { kind seq conversation { id status team { id } assignee { id } } message { id content } event { note previousTeam { id } } } }";

pub(crate) fn conversation_events(id: &str, after: Option<i64>) -> String {
    let after = after.map_or(String::new(), |n| format!(", after: {n}"));
    format!(
        "subscription {{ conversationEvents(conversationId: \"{id}\"{after}) {{ seq conversationId kind message {{ id content private }} note }} }}"
    )
}

/// A socket of `token`'s caller with subscription "1" to `query`, registered: whatever is
/// published after this returns reaches it.
pub(crate) async fn subscribed(app: &TestApp, token: &str, query: &str) -> WsClient {
    let (mut client, ack) = WsClient::connect(app, Some(token)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    client.subscribe_live(app, "1", query).await;
    client
}

/// [`subscribed`] without waiting for the server to register it: for a subscription it refuses,
/// or one that shows it is live by replaying stored events first.
pub(crate) async fn subscription_sent(app: &TestApp, token: &str, query: &str) -> WsClient {
    let (mut client, ack) = WsClient::connect(app, Some(token)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    client.subscribe("1", query).await;
    client
}

pub(crate) fn kinds(events: &[Value], field: &str) -> Vec<String> {
    events
        .iter()
        .map(|e| e[field]["kind"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn a_message_reaches_each_allowed_subscriber_once_and_no_other_team(app: TestApp) {
    let w = world(app).await;
    let (_, conversation) = w.post("cliente-1", "Minha internet caiu").await;

    let mut ana_live = subscribed(&w.app, &w.ana.access, INBOX_EVENTS).await;
    let mut bia_live = subscribed(&w.app, &w.bia.access, INBOX_EVENTS).await;
    let mut sofia_live = subscribed(&w.app, &w.sofia.access, INBOX_EVENTS).await;
    let mut fabio_live = subscribed(&w.app, &w.fabio.access, INBOX_EVENTS).await;
    let mut bia_conv = subscribed(
        &w.app,
        &w.bia.access,
        &conversation_events(&conversation, None),
    )
    .await;
    // Another team's agent cannot even subscribe to the conversation.
    let mut fabio_conv = subscription_sent(
        &w.app,
        &w.fabio.access,
        &conversation_events(&conversation, None),
    )
    .await;
    let refused = fabio_conv.next().await.unwrap_or_default();
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "{refused}"
    );

    let sent = w
        .send(&w.ana.access, &conversation, "Vou verificar, um momento")
        .await;
    let message_id = str_at(&data(&sent)["sendMessage"], "id");

    // Everything the reply caused reaches each subscriber before this.
    w.app.fence(&w.admin.access, &conversation).await;
    for (who, client) in [
        ("ana", &mut ana_live),
        ("bia", &mut bia_live),
        ("sofia", &mut sofia_live),
    ] {
        let events = client.until_fence().await;
        let created: Vec<&Value> = events
            .iter()
            .filter(|e| e["inboxEvents"]["kind"] == "MESSAGE_CREATED")
            .collect();
        assert_eq!(created.len(), 1, "{who} got {events:?}");
        assert_eq!(
            created[0]["inboxEvents"]["message"]["id"],
            message_id.as_str()
        );
        // Ana replied to an unassigned conversation of her team: she took it.
        assert!(
            events.iter().any(|e| e["inboxEvents"]["kind"] == "ASSIGNED"
                && e["inboxEvents"]["conversation"]["assignee"]["id"] == w.ana.user_id.as_str()),
            "{who} got {events:?}"
        );
    }
    // Fabio's feed works: he hears of his own team's conversations, and of nothing before.
    let (_, theirs) = w.post("cliente-fin", "segunda via").await;
    data(
        &w.app
            .gql(
                Some(&w.sofia.access),
                "mutation($c: ID!, $t: ID!) { transferConversation(conversationId: $c, toTeamId: $t) { id } }",
                json!({ "c": theirs, "t": w.financeiro }),
            )
            .await,
    );
    w.app.fence(&w.admin.access, &theirs).await;
    let events = fabio_live.until_fence().await;
    assert!(
        events
            .iter()
            .all(|e| e["inboxEvents"]["conversation"]["id"] != conversation.as_str()),
        "an agent of another team received events: {events:?}"
    );
    assert_eq!(kinds(&events, "inboxEvents"), ["TRANSFERRED"], "{events:?}");
    // The conversation's own feed had the fence above after the reply's events.
    let events = bia_conv.until_fence().await;
    let messages: Vec<&Value> = events
        .iter()
        .filter(|e| e["conversationEvents"]["kind"] == "MESSAGE_CREATED")
        .collect();
    assert_eq!(messages.len(), 1, "{events:?}");
    assert_eq!(
        messages[0]["conversationEvents"]["message"]["content"],
        "Vou verificar, um momento"
    );
    // Sequence numbers are consecutive.
    let seqs: Vec<i64> = events
        .iter()
        .map(|e| e["conversationEvents"]["seq"].as_i64().unwrap_or(-1))
        .collect();
    assert!(seqs.windows(2).all(|p| p[1] == p[0] + 1), "{seqs:?}");

    let state = w.conversation(&w.ana.access, &conversation).await;
    assert_eq!(data(&state)["conversation"]["status"], "OPEN");
    assert_eq!(
        data(&state)["conversation"]["assignee"]["id"],
        w.ana.user_id.as_str()
    );
    assert_eq!(
        error_code(&w.conversation(&w.fabio.access, &conversation).await),
        "NOT_FOUND"
    );
}

async fn transfer_moves_the_conversation_and_notifies_both_teams(app: TestApp) {
    let w = world(app).await;
    let (_, conversation) = w.post("cliente-2", "Quero negociar uma fatura").await;
    let mut ana_live = subscribed(&w.app, &w.ana.access, INBOX_EVENTS).await;
    let mut fabio_live = subscribed(&w.app, &w.fabio.access, INBOX_EVENTS).await;

    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            "mutation($c: ID!, $t: ID!) { transferConversation(conversationId: $c, toTeamId: $t, note: \"Cliente quer parcelar\") { status team { id } assignee { id } } }",
            json!({ "c": conversation, "t": w.financeiro }),
        )
        .await;
    let moved = &data(&body)["transferConversation"];
    assert_eq!(moved["team"]["id"], w.financeiro.as_str());
    assert_eq!(moved["status"], "QUEUED");
    assert!(moved["assignee"].is_null());

    for (who, client) in [("ana", &mut ana_live), ("fabio", &mut fabio_live)] {
        let events = client
            .events_until(|e| e["inboxEvents"]["kind"] == "TRANSFERRED")
            .await;
        let transfer = events
            .last()
            .unwrap_or_else(|| panic!("{who} was not told of the transfer"));
        assert_eq!(
            transfer["inboxEvents"]["event"]["note"],
            "Cliente quer parcelar"
        );
        assert_eq!(
            transfer["inboxEvents"]["event"]["previousTeam"]["id"],
            w.suporte.as_str()
        );
        assert_eq!(
            transfer["inboxEvents"]["conversation"]["team"]["id"],
            w.financeiro.as_str()
        );
    }
    // Suporte no longer sees it; Financeiro does, in its queue.
    assert_eq!(
        error_code(&w.conversation(&w.ana.access, &conversation).await),
        "NOT_FOUND"
    );
    let queues = w
        .app
        .gql(
            Some(&w.fabio.access),
            "query { queues { team { id } length } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data(&queues)["queues"],
        json!([{ "team": { "id": w.financeiro }, "length": 1 }])
    );
    // The next customer message goes to Financeiro, not back to Suporte.
    w.post("cliente-2", "Alguém aí?").await;
    w.app.fence(&w.admin.access, &conversation).await;
    let events = fabio_live.until_fence().await;
    assert_eq!(
        kinds(&events, "inboxEvents"),
        ["MESSAGE_CREATED"],
        "{events:?}"
    );
    // Ana hears no more of it: the next she hears of is a new conversation of her team.
    let (_, next) = w.post("cliente-novo", "Boa tarde").await;
    let events = ana_live
        .events_until(|e| e["inboxEvents"]["conversation"]["id"] == next.as_str())
        .await;
    assert_eq!(events.len(), 1, "{events:?}");

    // Transfer to an agent: assigned and open; the history keeps both transfers.
    let body = w
        .app
        .gql(
            Some(&w.sofia.access),
            "mutation($c: ID!, $a: ID!) { transferConversation(conversationId: $c, toAgentId: $a) { status assignee { id } } }",
            json!({ "c": conversation, "a": w.fabio.user_id }),
        )
        .await;
    assert_eq!(data(&body)["transferConversation"]["status"], "OPEN");
    let body = w
        .app
        .gql(
            Some(&w.sofia.access),
            "query($c: ID!) { conversation(id: $c) { events { kind note } } }",
            json!({ "c": conversation }),
        )
        .await;
    let history = data(&body)["conversation"]["events"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let transfers: Vec<&Value> = history
        .iter()
        .filter(|e| e["kind"] == "TRANSFERRED")
        .collect();
    assert_eq!(transfers.len(), 2, "{history:?}");
    assert_eq!(transfers[0]["note"], "Cliente quer parcelar");

    // A transfer needs a destination.
    let body = w
        .app
        .gql(
            Some(&w.sofia.access),
            "mutation($c: ID!) { transferConversation(conversationId: $c) { id } }",
            json!({ "c": conversation }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(error_field(&body), "toTeamId");
}

async fn reconnecting_with_after_replays_exactly_the_missed_events(app: TestApp) {
    let w = world(app).await;
    let (_, conversation) = w.post("cliente-3", "primeira").await;
    let mut first = subscribed(
        &w.app,
        &w.bia.access,
        &conversation_events(&conversation, None),
    )
    .await;
    w.post("cliente-3", "segunda").await;
    w.app.fence(&w.admin.access, &conversation).await;
    let seen = first.until_fence().await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    let last_seen = seen[0]["conversationEvents"]["seq"].as_i64().unwrap_or(-1);
    drop(first);

    // While disconnected: three more events.
    w.post("cliente-3", "terceira").await;
    w.send(&w.ana.access, &conversation, "resposta").await;
    let state = data(&w.conversation(&w.ana.access, &conversation).await).clone();
    let last_stored = state["conversation"]["lastSeq"].as_i64().unwrap_or(-1);
    assert!(last_stored >= last_seen + 3, "{state}");

    // Live once it replays: it listens before it reads what is stored.
    let mut again = subscription_sent(
        &w.app,
        &w.bia.access,
        &conversation_events(&conversation, Some(last_seen)),
    )
    .await;
    let replayed = again
        .events_until(|e| e["conversationEvents"]["seq"].as_i64() >= Some(last_stored))
        .await;
    let seqs: Vec<i64> = replayed
        .iter()
        .map(|e| e["conversationEvents"]["seq"].as_i64().unwrap_or(-1))
        .collect();
    assert_eq!(seqs, ((last_seen + 1)..=last_stored).collect::<Vec<_>>());
    let contents: Vec<&str> = replayed
        .iter()
        .filter_map(|e| e["conversationEvents"]["message"]["content"].as_str())
        .collect();
    assert_eq!(contents, ["terceira", "resposta"]);

    // Then live, continuing the sequence with no gap and no repeat.
    w.send(&w.ana.access, &conversation, "mais uma").await;
    w.app.fence(&w.admin.access, &conversation).await;
    let live = again.until_fence().await;
    assert_eq!(live.len(), 1, "{live:?}");
    assert_eq!(live[0]["conversationEvents"]["seq"], last_stored + 1);
}

async fn repeated_client_ids_and_external_ids_store_one_message(app: TestApp) {
    let w = world(app).await;
    let first = w.post_raw("cliente-4", "oi", Some("wamid.1")).await;
    let again = w.post_raw("cliente-4", "oi", Some("wamid.1")).await;
    assert_eq!(
        data(&first)["postIncomingMessage"]["id"],
        data(&again)["postIncomingMessage"]["id"]
    );
    let conversation = str_at(&data(&first)["postIncomingMessage"], "conversationId");
    let send = "mutation($c: ID!) { sendMessage(conversationId: $c, content: \"Olá!\", clientMessageId: \"tab-1-msg-1\") { id } }";
    let one = w
        .app
        .gql(Some(&w.ana.access), send, json!({ "c": conversation }))
        .await;
    let two = w
        .app
        .gql(Some(&w.ana.access), send, json!({ "c": conversation }))
        .await;
    assert_eq!(
        data(&one)["sendMessage"]["id"],
        data(&two)["sendMessage"]["id"]
    );
    let state = w.conversation(&w.ana.access, &conversation).await;
    let messages = data(&state)["conversation"]["messages"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let contents: Vec<&str> = messages
        .iter()
        .filter_map(|e| e["node"]["content"].as_str())
        .collect();
    assert_eq!(contents, ["oi", "Olá!"]);
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            "mutation($c: ID!) { sendMessage(conversationId: $c, content: \"   \") { id } }",
            json!({ "c": conversation }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(error_field(&body), "content");
}

async fn search_finds_messages_by_a_word_within_what_the_caller_may_read(app: TestApp) {
    let w = world(app).await;
    let (message, conversation) = w
        .post("cliente-5", "Preciso da segunda via do boleto de novembro")
        .await;
    w.post("cliente-6", "A fibra está sem sinal").await;
    let search =
        "query($q: String!) { searchMessages(query: $q) { edges { node { id conversationId } } } }";
    let body = w
        .app
        .gql(Some(&w.bia.access), search, json!({ "q": "boleto" }))
        .await;
    let hits = data(&body)["searchMessages"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(hits.len(), 1, "{body}");
    assert_eq!(hits[0]["node"]["id"], message.as_str());
    // The conversation list finds it by a word of its messages too.
    let body = w
        .app
        .gql(
            Some(&w.bia.access),
            "query { conversations(filter: {search: \"boleto\"}) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data(&body)["conversations"]["edges"],
        json!([{ "node": { "id": conversation } }])
    );
    // Financeiro's agent cannot find Suporte's messages.
    let body = w
        .app
        .gql(Some(&w.fabio.access), search, json!({ "q": "boleto" }))
        .await;
    assert_eq!(data(&body)["searchMessages"]["edges"], json!([]));
    // Query syntax in the input is just text.
    for q in ["\"boleto OR *", "\" \"", "NEAR(boleto"] {
        let body = w
            .app
            .gql(Some(&w.bia.access), search, json!({ "q": q }))
            .await;
        assert!(body.get("errors").is_none(), "{q}: {body}");
        let body = w
            .app
            .gql(
                Some(&w.bia.access),
                "query($q: String!) { conversations(filter: {search: $q}) { edges { node { id } } } }",
                json!({ "q": q }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{q}: {body}");
    }
}

async fn status_transitions_follow_the_rules(app: TestApp) {
    let w = world(app).await;
    let (_, c) = w.post("cliente-7", "oi").await;
    let bad = |body: &Value| {
        assert_eq!(error_code(body), "BAD_USER_INPUT", "{body}");
        error_field(body).to_owned()
    };
    // Queued and unassigned: it cannot wait for the customer, nor become a bot's.
    assert_eq!(
        bad(&w.set_status(&w.bia.access, &c, "PENDING", None).await),
        "status"
    );
    assert_eq!(
        bad(&w.set_status(&w.bia.access, &c, "BOT", None).await),
        "status"
    );
    assert_eq!(
        bad(&w.set_status(&w.bia.access, &c, "QUEUED", None).await),
        "status"
    );
    // Opening it assigns the agent who does it.
    let body = w.set_status(&w.bia.access, &c, "OPEN", None).await;
    assert_eq!(
        data(&body)["setConversationStatus"]["assignee"]["id"],
        w.bia.user_id.as_str()
    );
    let body = w.set_status(&w.bia.access, &c, "PENDING", None).await;
    assert_eq!(data(&body)["setConversationStatus"]["status"], "PENDING");
    // The customer answers: back to open.
    w.post("cliente-7", "voltei").await;
    let state = w.conversation(&w.bia.access, &c).await;
    assert_eq!(data(&state)["conversation"]["status"], "OPEN");

    let past = (w.app.clock.now() - chrono::Duration::minutes(1)).to_rfc3339();
    assert_eq!(
        bad(&w.set_status(&w.bia.access, &c, "SNOOZED", Some(past)).await),
        "snoozedUntil"
    );
    assert_eq!(
        bad(&w.set_status(&w.bia.access, &c, "SNOOZED", None).await),
        "snoozedUntil"
    );
    let body = w.set_status(&w.bia.access, &c, "RESOLVED", None).await;
    assert_eq!(data(&body)["setConversationStatus"]["status"], "RESOLVED");
    assert_eq!(
        bad(&w.set_status(&w.bia.access, &c, "RESOLVED", None).await),
        "status"
    );
    let future = (w.app.clock.now() + chrono::Duration::hours(1)).to_rfc3339();
    assert_eq!(
        bad(&w
            .set_status(&w.bia.access, &c, "SNOOZED", Some(future))
            .await),
        "status"
    );
    // No replies to a resolved conversation; a private note is fine.
    assert_eq!(
        bad(&w.send(&w.bia.access, &c, "ainda aí?").await),
        "conversationId"
    );
    let note = w
        .app
        .gql(
            Some(&w.bia.access),
            "mutation($c: ID!) { sendMessage(conversationId: $c, content: \"resolvido com reset da ONU\", private: true) { private } }",
            json!({ "c": c }),
        )
        .await;
    assert_eq!(data(&note)["sendMessage"]["private"], true);

    let reopen =
        "mutation($c: ID!) { reopenConversation(conversationId: $c) { status assignee { id } } }";
    let body = w
        .app
        .gql(Some(&w.bia.access), reopen, json!({ "c": c }))
        .await;
    assert_eq!(data(&body)["reopenConversation"]["status"], "OPEN");
    let body = w
        .app
        .gql(Some(&w.bia.access), reopen, json!({ "c": c }))
        .await;
    assert_eq!(bad(&body), "conversationId");

    // Unassigning sends it back to the queue; a new message after resolving opens a new
    // conversation with a new protocol.
    let body = w
        .app
        .gql(
            Some(&w.bia.access),
            "mutation($c: ID!) { assignConversation(conversationId: $c) { status assignee { id } } }",
            json!({ "c": c }),
        )
        .await;
    assert_eq!(data(&body)["assignConversation"]["status"], "QUEUED");
    data(&w.set_status(&w.bia.access, &c, "RESOLVED", None).await);
    let (_, next) = w.post("cliente-7", "outro problema").await;
    assert_ne!(next, c);
}

async fn snoozed_conversations_wake_up_when_their_time_comes(app: TestApp) {
    let w = world(app).await;
    let (_, c) = w.post("cliente-8", "me liga amanhã").await;
    data(&w.set_status(&w.ana.access, &c, "OPEN", None).await);
    let until = w.app.clock.now() + chrono::Duration::hours(20);
    let body = w
        .set_status(&w.ana.access, &c, "SNOOZED", Some(until.to_rfc3339()))
        .await;
    assert_eq!(data(&body)["setConversationStatus"]["status"], "SNOOZED");
    let mut ana_conv = subscribed(&w.app, &w.ana.access, &conversation_events(&c, None)).await;
    // Not yet. Time is the subject: the waker (every 100 ms of real time) gets a few turns with
    // the clock short of the snooze, and a turn that wakes nothing leaves no trace to wait for.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let state = w.conversation(&w.ana.access, &c).await;
    assert_eq!(data(&state)["conversation"]["status"], "SNOOZED");

    w.app.clock.advance(chrono::Duration::hours(21));
    let events = ana_conv
        .events_until(|e| e["conversationEvents"]["kind"] == "STATUS_CHANGED")
        .await;
    // Access tokens expired meanwhile.
    let ana = w.app.login("ana", "ana-password").await;
    w.app.fence(&ana.access, &c).await;
    let events = [events, ana_conv.until_fence().await].concat();
    assert_eq!(
        kinds(&events, "conversationEvents"),
        ["STATUS_CHANGED"],
        "{events:?}"
    );
    let state = w.conversation(&ana.access, &c).await;
    assert_eq!(data(&state)["conversation"]["status"], "OPEN");
    assert!(data(&state)["conversation"]["snoozedUntil"].is_null());

    // Snoozed without an assignee, the customer's message puts it back in the queue.
    let (_, other) = w.post("cliente-9", "oi").await;
    let later = w.app.clock.now() + chrono::Duration::hours(2);
    data(
        &w.set_status(&ana.access, &other, "SNOOZED", Some(later.to_rfc3339()))
            .await,
    );
    w.post("cliente-9", "alguém?").await;
    let state = w.conversation(&ana.access, &other).await;
    assert_eq!(data(&state)["conversation"]["status"], "QUEUED");
}

async fn queues_order_by_priority_then_age_and_claim_next_takes_the_head(app: TestApp) {
    let w = world(app).await;
    let (_, oldest) = w.post("cliente-10", "primeiro").await;
    w.app.clock.advance(chrono::Duration::minutes(5));
    let (_, middle) = w.post("cliente-11", "segundo").await;
    w.app.clock.advance(chrono::Duration::minutes(5));
    let (_, urgent) = w.post("cliente-12", "terceiro, mas urgente").await;
    data(
        &w.app
            .gql(
                Some(&w.sofia.access),
                "mutation($c: ID!) { setConversationPriority(conversationId: $c, priority: URGENT) { priority } }",
                json!({ "c": urgent }),
            )
            .await,
    );
    w.app.clock.advance(chrono::Duration::minutes(1));
    let body = w
        .app
        .gql(
            Some(&w.sofia.access),
            "query { queues { team { id } length longestWaitSeconds averageWaitSeconds } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data(&body)["queues"],
        json!([{ "team": { "id": w.suporte }, "length": 3,
                 "longestWaitSeconds": 660, "averageWaitSeconds": 360 }])
    );
    let claim = "mutation { claimNextConversation { id status assignee { id } } }";
    let mut order = Vec::new();
    for _ in 0..3 {
        let body = w.app.gql(Some(&w.bia.access), claim, json!({})).await;
        let claimed = &data(&body)["claimNextConversation"];
        assert_eq!(claimed["status"], "OPEN");
        assert_eq!(claimed["assignee"]["id"], w.bia.user_id.as_str());
        order.push(str_at(claimed, "id"));
    }
    assert_eq!(order, [urgent, oldest, middle]);
    let body = w.app.gql(Some(&w.bia.access), claim, json!({})).await;
    assert!(data(&body)["claimNextConversation"].is_null());
    // Fabio serves Financeiro only.
    let body = w
        .app
        .gql(
            Some(&w.fabio.access),
            "mutation($t: ID!) { claimNextConversation(teamId: $t) { id } }",
            json!({ "t": w.suporte }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
}

async fn protocol_numbers_are_sequential_per_day_and_findable(app: TestApp) {
    let w = world(app).await;
    let (_, first) = w.post("cliente-13", "a").await;
    let (_, second) = w.post("cliente-14", "b").await;
    let protocol = |id: String| {
        let w = &w;
        async move {
            // A fresh token: the test moves the clock by a day.
            let admin = w.app.admin().await;
            let body = w.conversation(&admin.access, &id).await;
            str_at(&data(&body)["conversation"], "protocol")
        }
    };
    let (p1, p2) = (protocol(first.clone()).await, protocol(second).await);
    let today = w
        .app
        .clock
        .now()
        .with_timezone(&chrono::FixedOffset::west_opt(3 * 3600).unwrap_or_else(|| panic!()))
        .format("%Y%m%d")
        .to_string();
    assert_eq!(p1, format!("{today}000001"));
    assert_eq!(p2, format!("{today}000002"));
    let body = w
        .app
        .gql(
            Some(&w.bia.access),
            "query($p: String!) { conversationByProtocol(protocol: $p) { id } }",
            json!({ "p": p1 }),
        )
        .await;
    assert_eq!(data(&body)["conversationByProtocol"]["id"], first.as_str());
    let body = w
        .app
        .gql(
            Some(&w.bia.access),
            "query($p: String!) { conversations(filter: {search: $p}) { edges { node { id } } } }",
            json!({ "p": p1 }),
        )
        .await;
    assert_eq!(
        data(&body)["conversations"]["edges"],
        json!([{ "node": { "id": first } }])
    );
    // A new day starts a new sequence.
    w.app.clock.advance(chrono::Duration::days(1));
    let (_, third) = w.post("cliente-15", "c").await;
    assert!(protocol(third).await.ends_with("000001"));
}

async fn integrators_post_and_follow_replies_but_never_see_private_notes(app: TestApp) {
    let w = world(app).await;
    let (_, c) = w.post("cliente-16", "Quero mudar de plano").await;
    let mut integrator = subscribed(&w.app, &w.key, &conversation_events(&c, None)).await;
    let note = w
        .app
        .gql(
            Some(&w.ana.access),
            "mutation($c: ID!) { sendMessage(conversationId: $c, content: \"cliente inadimplente\", private: true) { id } }",
            json!({ "c": c }),
        )
        .await;
    data(&note);
    let reply = w.send(&w.ana.access, &c, "Claro! Qual plano?").await;
    let reply_id = str_at(&data(&reply)["sendMessage"], "id");
    w.app.fence(&w.admin.access, &c).await;
    let events = integrator.until_fence().await;
    let contents: Vec<&str> = events
        .iter()
        .filter_map(|e| e["conversationEvents"]["message"]["content"].as_str())
        .collect();
    assert_eq!(contents, ["Claro! Qual plano?"], "{events:?}");

    // The integrator reports delivery; staff see the update.
    let body = w
        .app
        .gql(
            Some(&w.key),
            "mutation($m: ID!) { updateMessageDelivery(messageId: $m, state: DELIVERED) { deliveryState } }",
            json!({ "m": reply_id }),
        )
        .await;
    assert_eq!(
        data(&body)["updateMessageDelivery"]["deliveryState"],
        "DELIVERED"
    );
    w.app.fence(&w.admin.access, &c).await;
    let events = integrator.until_fence().await;
    assert_eq!(
        kinds(&events, "conversationEvents"),
        ["DELIVERY_UPDATED"],
        "{events:?}"
    );
    // The history an API key reads has no notes either.
    let body = w
        .app
        .gql(
            Some(&w.key),
            "query($c: ID!) { conversation(id: $c) { messages { edges { node { content } } } } }",
            json!({ "c": c }),
        )
        .await;
    assert!(!body.to_string().contains("inadimplente"), "{body}");
    // A key without messages:write cannot post; one without conversations:read cannot read.
    let body = w
        .app
        .gql(
            Some(&w.key),
            "mutation($c: ID!) { sendMessage(conversationId: $c, content: \"x\") { id } }",
            json!({ "c": c }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
}

async fn contacts_are_validated_found_again_and_merged(app: TestApp) {
    let w = world(app).await;
    let post = "mutation($i: ID!, $p: String) { postIncomingMessage(inboxId: $i, contact: {name: \"Carla\", phone: $p}, content: \"oi\") { conversationId } }";
    let body = w
        .app
        .gql(Some(&w.key), post, json!({ "i": w.inbox, "p": "12345" }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(error_field(&body), "contact.phone");
    let body = w
        .app
        .gql(Some(&w.key), post, json!({ "i": w.inbox, "p": null }))
        .await;
    assert_eq!(error_field(&body), "contact.identifier");
    // The same phone written two ways is one contact and one conversation.
    let one = w
        .app
        .gql(
            Some(&w.key),
            post,
            json!({ "i": w.inbox, "p": "(11) 98765-4321" }),
        )
        .await;
    let two = w
        .app
        .gql(
            Some(&w.key),
            post,
            json!({ "i": w.inbox, "p": "+55 11 98765-4321" }),
        )
        .await;
    assert_eq!(
        data(&one)["postIncomingMessage"]["conversationId"],
        data(&two)["postIncomingMessage"]["conversationId"]
    );

    let create = "mutation($d: String) { createContact(input: {name: \"Duda\", document: $d}) { id document documentFormatted } }";
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            create,
            json!({ "d": "529.982.247-26" }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(error_field(&body), "input.document");
    let body = w
        .app
        .gql(Some(&w.ana.access), create, json!({ "d": "52998224725" }))
        .await;
    assert_eq!(
        data(&body)["createContact"]["documentFormatted"],
        "529.982.247-25"
    );
    let duda = str_at(&data(&body)["createContact"], "id");

    let carla = w
        .app
        .gql(
            Some(&w.ana.access),
            "query { contacts(search: \"98765\") { edges { node { id phone } } } }",
            json!({}),
        )
        .await;
    let carla_node = &data(&carla)["contacts"]["edges"][0]["node"];
    assert_eq!(carla_node["phone"], "+5511987654321");
    let carla = str_at(carla_node, "id");
    // Merging moves conversations and identities and keeps the document.
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            "mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { id phone document identities { identifier } } }",
            json!({ "k": duda, "m": carla }),
        )
        .await;
    let merged = &data(&body)["mergeContacts"];
    assert_eq!(merged["phone"], "+5511987654321");
    assert_eq!(merged["document"], "52998224725");
    assert_eq!(
        merged["identities"],
        json!([{ "identifier": "+5511987654321" }])
    );
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            "query($k: ID!) { conversations(filter: {contactId: $k}) { edges { node { id } } } }",
            json!({ "k": duda }),
        )
        .await;
    assert_eq!(
        data(&body)["conversations"]["edges"][0]["node"]["id"],
        data(&one)["postIncomingMessage"]["conversationId"]
    );
    // A contact with conversations cannot be deleted.
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            "mutation($k: ID!) { deleteContact(id: $k) }",
            json!({ "k": duda }),
        )
        .await;
    assert_eq!(error_code(&body), "CONFLICT");
}

/// What the integrator's webhook receiver saw.
#[derive(Clone, Default)]
struct Receiver {
    requests: std::sync::Arc<std::sync::Mutex<Vec<(axum::http::HeaderMap, String)>>>,
    /// Status codes to answer, in order; 200 once they run out.
    answers: std::sync::Arc<std::sync::Mutex<Vec<u16>>>,
}

impl Receiver {
    async fn start(answers: Vec<u16>) -> (Receiver, String) {
        let receiver = Receiver {
            answers: std::sync::Arc::new(std::sync::Mutex::new(answers)),
            ..Default::default()
        };
        let state = receiver.clone();
        let app = axum::Router::new()
            .route(
                "/hook",
                axum::routing::post(
                    |axum::extract::State(state): axum::extract::State<Receiver>,
                     headers: axum::http::HeaderMap,
                     body: String| async move {
                        state.lock_requests().push((headers, body));
                        let mut answers = state.answers.lock().unwrap_or_else(|p| p.into_inner());
                        let code = if answers.is_empty() {
                            200
                        } else {
                            answers.remove(0)
                        };
                        axum::http::StatusCode::from_u16(code)
                            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
                    },
                ),
            )
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (receiver, url)
    }

    fn lock_requests(&self) -> std::sync::MutexGuard<'_, Vec<(axum::http::HeaderMap, String)>> {
        self.requests.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for `count` requests (bounded, then the test fails).
    async fn wait_for(&self, count: usize) -> Vec<(axum::http::HeaderMap, String)> {
        crate::support::eventually(&format!("{count} webhook requests"), || async {
            let requests = self.lock_requests().clone();
            (requests.len() >= count).then_some(requests)
        })
        .await
    }
}

fn header<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

async fn api_inbox_replies_reach_the_integrators_webhook_signed_and_retried(app: TestApp) {
    use hmac::Mac;
    let mut w = world(app).await;
    let (receiver, url) = Receiver::start(vec![500]).await;
    // The receiver is on loopback, which only the operator's list lets the server reach.
    let trusted = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    w.app
        .restart_with(|config| config.plugins_allow_private_hosts = vec![trusted])
        .await;
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            "mutation($i: ID!, $u: String!) { updateInbox(id: $i, input: {webhookUrl: $u}) { webhookUrl webhookSecret } }",
            json!({ "i": w.inbox, "u": url }),
        )
        .await;
    let inbox = &data(&body)["updateInbox"];
    assert_eq!(inbox["webhookUrl"], url.as_str());
    let secret = str_at(inbox, "webhookSecret");
    // Agents may see the inbox but not its secret.
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            "query($i: ID!) { inbox(id: $i) { webhookSecret } }",
            json!({ "i": w.inbox }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");

    let (_, c) = w.post("cliente-webhook", "Qual meu vencimento?").await;
    let mut integrator = subscribed(&w.app, &w.key, &conversation_events(&c, None)).await;
    let note = w
        .app
        .gql(
            Some(&w.ana.access),
            "mutation($c: ID!) { sendMessage(conversationId: $c, content: \"nota interna\", private: true) { id } }",
            json!({ "c": c }),
        )
        .await;
    data(&note);
    let sent = w
        .app
        .gql(
            Some(&w.ana.access),
            "mutation($c: ID!) { sendMessage(conversationId: $c, content: \"Dia 10\") { id deliveryState } }",
            json!({ "c": c }),
        )
        .await;
    let sent = &data(&sent)["sendMessage"];
    assert_eq!(sent["deliveryState"], "PENDING");
    let message_id = str_at(sent, "id");

    // The first attempt gets a 500; the retry comes once its time has passed.
    let first = receiver.wait_for(1).await;
    assert_eq!(first.len(), 1);
    // Time is the subject: the worker (every 100 ms of real time) gets a few turns before the
    // retry is due, and a turn with nothing due leaves no trace to wait for.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.lock_requests().len(), 1, "retried too early");
    w.app.clock.advance(chrono::Duration::seconds(11));
    let requests = receiver.wait_for(2).await;
    assert_eq!(requests.len(), 2, "no retry");
    let (headers, body) = &requests[1];
    assert_eq!(
        header(headers, "x-ispchat-delivery"),
        header(&requests[0].0, "x-ispchat-delivery")
    );
    assert_eq!(header(headers, "x-ispchat-event"), "message.created");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{}.{body}", header(headers, "x-ispchat-timestamp")).as_bytes());
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    assert_eq!(header(headers, "x-ispchat-signature"), expected);
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["message"]["id"], message_id.as_str());
    assert_eq!(payload["message"]["content"], "Dia 10");
    assert_eq!(payload["contact"]["identifier"], "cliente-webhook");
    assert_eq!(payload["conversation"]["id"], c.as_str());
    // The private note never left.
    assert!(requests.iter().all(|(_, b)| !b.contains("nota interna")));

    // Delivered: the message is SENT and the integrator's subscription heard it.
    let mut events = integrator
        .events_until(|e| e["conversationEvents"]["kind"] == "DELIVERY_UPDATED")
        .await;
    w.app.fence(&w.admin.access, &c).await;
    events.extend(integrator.until_fence().await);
    let kinds = kinds(&events, "conversationEvents");
    // Ana took the conversation by replying; the note's event is not shown to the integrator.
    assert_eq!(
        kinds,
        [
            "ASSIGNED",
            "STATUS_CHANGED",
            "MESSAGE_CREATED",
            "DELIVERY_UPDATED"
        ],
        "{events:?}"
    );
    assert_eq!(
        events[3]["conversationEvents"]["message"]["id"],
        message_id.as_str()
    );
    // Marked delivered before the event above: nothing is left that the worker would send.
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM webhook_deliveries WHERE state <> 'delivered'")
            .await,
        0
    );
    assert_eq!(receiver.lock_requests().len(), 2, "delivered twice");

    // Rotating the secret changes what signs the next delivery.
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            "mutation($i: ID!) { rotateInboxWebhookSecret(id: $i) { webhookSecret } }",
            json!({ "i": w.inbox }),
        )
        .await;
    assert_ne!(
        str_at(&data(&body)["rotateInboxWebhookSecret"], "webhookSecret"),
        secret
    );
    // Only API inboxes have webhooks, and URLs are checked.
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            "mutation($i: ID!) { updateInbox(id: $i, input: {webhookUrl: \"ftp://x\"}) { id } }",
            json!({ "i": w.inbox }),
        )
        .await;
    assert_eq!(error_field(&body), "input.webhookUrl");
}
