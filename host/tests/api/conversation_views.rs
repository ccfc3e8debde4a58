//! What agents see of conversations: lists with filters and pages, message history, labels,
//! typing and read receipts, and live feeds that follow team membership.

use std::time::Duration;

use serde_json::{Value, json};

use crate::conversations::{
    INBOX_EVENTS, World, conversation_events, kinds, subscribed, subscription_sent, world,
};
use crate::support::{TestApp, WAIT_LIMIT, data, error_code, error_field, str_at};

backend_tests!(
    typing_and_read_receipts_reach_the_conversations_subscribers,
    lists_filter_and_page_through_conversations,
    message_history_pages_backwards,
    labels_come_from_the_catalogue,
    removing_an_agent_from_a_team_stops_their_live_feed,
    revoked_keys_and_deactivated_users_stop_receiving,
    concurrent_writers_keep_one_order_and_one_copy,
    two_agents_claiming_at_once_never_take_the_same_conversation,
);

async fn gql(w: &World, token: &str, query: &str, variables: Value) -> Value {
    w.app.gql(Some(token), query, variables).await
}

async fn typing_and_read_receipts_reach_the_conversations_subscribers(app: TestApp) {
    let w = world(app).await;
    let (_, c) = w.post("cliente-20", "oi").await;
    w.post("cliente-20", "tem alguém?").await;
    let state = w.conversation(&w.ana.access, &c).await;
    assert_eq!(data(&state)["conversation"]["unreadCount"], 2);
    let last_seq = data(&state)["conversation"]["lastSeq"]
        .as_i64()
        .unwrap_or(-1);

    let query = format!(
        "subscription {{ conversationEvents(conversationId: \"{c}\") {{ seq kind typing actorId }} }}"
    );
    let mut bia = subscribed(&w.app, &w.bia.access, &query).await;
    let typing = gql(
        &w,
        &w.ana.access,
        "mutation($c: ID!) { sendTyping(conversationId: $c) }",
        json!({ "c": c }),
    )
    .await;
    assert_eq!(data(&typing)["sendTyping"], true);
    let read = gql(
        &w,
        &w.ana.access,
        "mutation($c: ID!) { markConversationRead(conversationId: $c) { unreadCount } }",
        json!({ "c": c }),
    )
    .await;
    assert_eq!(data(&read)["markConversationRead"]["unreadCount"], 0);
    let events = bia
        .events_until(|e| e["conversationEvents"]["kind"] == "READ")
        .await;
    assert_eq!(
        kinds(&events, "conversationEvents"),
        ["TYPING", "READ"],
        "{events:?}"
    );
    let typing = &events[0]["conversationEvents"];
    assert_eq!(typing["typing"], true);
    assert_eq!(typing["actorId"], w.ana.user_id.as_str());
    // Typing is not stored: it repeats the last stored seq; the read receipt is the next one.
    assert_eq!(typing["seq"], last_seq);
    assert_eq!(events[1]["conversationEvents"]["seq"], last_seq + 1);
    // Marking read again changes nothing and tells no one.
    gql(
        &w,
        &w.ana.access,
        "mutation($c: ID!) { markConversationRead(conversationId: $c) { unreadCount } }",
        json!({ "c": c }),
    )
    .await;
    w.app.fence(&w.admin.access, &c).await;
    let events = bia
        .events_until(|e| e["conversationEvents"]["kind"] == "TYPING")
        .await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["conversationEvents"]["typing"], false);
    assert_eq!(
        events[0]["conversationEvents"]["actorId"],
        w.admin.user_id.as_str()
    );
}

fn ids(body: &Value) -> Vec<String> {
    data(body)["conversations"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| str_at(&e["node"], "id"))
        .collect()
}

async fn lists_filter_and_page_through_conversations(app: TestApp) {
    let w = world(app).await;
    let mut created = Vec::new();
    for n in 0..5 {
        let (_, c) = w.post(&format!("lista-{n}"), "oi").await;
        w.app.clock.advance(chrono::Duration::seconds(1));
        created.push(c);
    }
    data(
        &gql(
            &w,
            &w.sofia.access,
            r##"mutation { createLabel(input: {name: "Fibra", color: "#1F9D55"}) { name color } }"##,
            json!({}),
        )
        .await,
    );
    let set = "mutation($c: ID!) { setConversationLabels(conversationId: $c, labels: [\"fibra\"]) { labels } }";
    let body = gql(&w, &w.ana.access, set, json!({ "c": created[1] })).await;
    assert_eq!(
        data(&body)["setConversationLabels"]["labels"],
        json!(["fibra"])
    );
    gql(
        &w,
        &w.ana.access,
        "mutation($c: ID!) { setConversationPriority(conversationId: $c, priority: HIGH) { id } }",
        json!({ "c": created[2] }),
    )
    .await;
    gql(
        &w,
        &w.ana.access,
        "mutation($c: ID!, $a: ID!) { assignConversation(conversationId: $c, agentId: $a) { id } }",
        json!({ "c": created[3], "a": w.ana.user_id }),
    )
    .await;

    let list = "query($f: ConversationFilterInput, $first: Int, $after: String) {
        conversations(filter: $f, first: $first, after: $after) {
            edges { node { id status } } pageInfo { hasNextPage endCursor } } }";
    let filtered = |filter: Value| {
        let w = &w;
        async move { ids(&gql(w, &w.bia.access, list, json!({ "f": filter })).await) }
    };
    assert_eq!(
        filtered(json!({ "label": "fibra" })).await,
        [created[1].clone()]
    );
    assert_eq!(
        filtered(json!({ "priority": "HIGH" })).await,
        [created[2].clone()]
    );
    assert_eq!(
        filtered(json!({ "assigneeId": w.ana.user_id })).await,
        [created[3].clone()]
    );
    assert_eq!(
        filtered(json!({ "status": "OPEN" })).await,
        [created[3].clone()]
    );
    assert_eq!(
        filtered(json!({ "unassigned": true, "inboxId": w.inbox }))
            .await
            .len(),
        4
    );
    assert_eq!(
        filtered(json!({ "status": ["QUEUED", "OPEN"], "teamId": w.suporte }))
            .await
            .len(),
        5
    );

    // Pages of two, most recent activity first, each conversation once.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let body = gql(
            &w,
            &w.bia.access,
            list,
            json!({ "first": 2, "after": after }),
        )
        .await;
        seen.extend(ids(&body));
        let page = &data(&body)["conversations"]["pageInfo"];
        if page["hasNextPage"] != true {
            break;
        }
        after = Some(str_at(page, "endCursor"));
    }
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();
    assert_eq!(seen, newest_first);
    let body = gql(&w, &w.bia.access, list, json!({ "after": "garbage" })).await;
    assert_eq!(error_field(&body), "after");
    // Another team's agent lists none of them.
    let body = gql(&w, &w.fabio.access, list, json!({})).await;
    assert!(ids(&body).is_empty(), "{body}");
}

async fn message_history_pages_backwards(app: TestApp) {
    let w = world(app).await;
    let (_, c) = w.post("historico", "m0").await;
    for n in 1..5 {
        w.post("historico", &format!("m{n}")).await;
    }
    let query = "query($c: ID!, $before: String) { conversation(id: $c) {
        messages(last: 2, before: $before) { edges { cursor node { content } }
                                             pageInfo { hasPreviousPage startCursor } } } }";
    let mut pages = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let body = gql(
            &w,
            &w.ana.access,
            query,
            json!({ "c": c, "before": before }),
        )
        .await;
        let messages = &data(&body)["conversation"]["messages"];
        let contents: Vec<String> = messages["edges"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|e| str_at(&e["node"], "content"))
            .collect();
        pages.push(contents);
        if messages["pageInfo"]["hasPreviousPage"] != true {
            break;
        }
        before = Some(str_at(&messages["pageInfo"], "startCursor"));
    }
    assert_eq!(pages, [vec!["m3", "m4"], vec!["m1", "m2"], vec!["m0"]]);
}

async fn labels_come_from_the_catalogue(app: TestApp) {
    let w = world(app).await;
    let (_, c) = w.post("rotulos", "oi").await;
    let set = "mutation($c: ID!, $l: [String!]!) { setConversationLabels(conversationId: $c, labels: $l) { labels } }";
    let body = gql(&w, &w.ana.access, set, json!({ "c": c, "l": ["boleto"] })).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(error_field(&body), "labels");
    let create = "mutation($n: String!, $color: String) { createLabel(input: {name: $n, color: $color}) { name color } }";
    let body = gql(&w, &w.ana.access, create, json!({ "n": "boleto" })).await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    let body = gql(
        &w,
        &w.sofia.access,
        create,
        json!({ "n": "boleto", "color": "vermelho" }),
    )
    .await;
    assert_eq!(error_field(&body), "input.color");
    let body = gql(
        &w,
        &w.sofia.access,
        create,
        json!({ "n": " Boleto ", "color": "#E3342F" }),
    )
    .await;
    assert_eq!(
        data(&body)["createLabel"],
        json!({ "name": "boleto", "color": "#e3342f" })
    );
    let body = gql(&w, &w.sofia.access, create, json!({ "n": "boleto" })).await;
    assert_eq!(error_code(&body), "CONFLICT");
    let body = gql(
        &w,
        &w.ana.access,
        set,
        json!({ "c": c, "l": ["Boleto", "boleto"] }),
    )
    .await;
    assert_eq!(
        data(&body)["setConversationLabels"]["labels"],
        json!(["boleto"])
    );
    // Deleting a label takes it off conversations.
    let body = gql(
        &w,
        &w.admin.access,
        "mutation { deleteLabel(name: \"boleto\") }",
        json!({}),
    )
    .await;
    assert_eq!(data(&body)["deleteLabel"], true);
    let state = w.conversation(&w.ana.access, &c).await;
    assert_eq!(data(&state)["conversation"]["labels"], json!([]));
}

async fn removing_an_agent_from_a_team_stops_their_live_feed(app: TestApp) {
    let w = world(app).await;
    let (_, c) = w.post("membro", "oi").await;
    let mut bia_live = subscribed(&w.app, &w.bia.access, INBOX_EVENTS).await;
    let mut bia_conv = subscribed(&w.app, &w.bia.access, &conversation_events(&c, None)).await;
    w.post("membro", "primeira").await;
    w.app.fence(&w.admin.access, &c).await;
    assert_eq!(bia_live.until_fence().await.len(), 1);
    assert_eq!(bia_conv.until_fence().await.len(), 1);

    data(
        &gql(
            &w,
            &w.admin.access,
            "mutation($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { id } }",
            json!({ "t": w.suporte, "u": w.bia.user_id }),
        )
        .await,
    );
    // Past the re-check interval, the next events are no longer hers. Time is the subject: a
    // subscriber's access is read again once 200 ms (in tests) of real time have passed.
    tokio::time::sleep(Duration::from_millis(400)).await;
    w.post("membro", "segunda").await;
    // Until the conversation is given to her: then she follows it again, and hears of that first.
    data(
        &gql(
            &w,
            &w.admin.access,
            "mutation($c: ID!, $a: ID!) { assignConversation(conversationId: $c, agentId: $a) { id } }",
            json!({ "c": c, "a": w.bia.user_id }),
        )
        .await,
    );
    for (feed, events) in [
        (
            "inboxEvents",
            bia_live
                .events_until(|e| e["inboxEvents"]["kind"] == "ASSIGNED")
                .await,
        ),
        (
            "conversationEvents",
            bia_conv
                .events_until(|e| e["conversationEvents"]["kind"] == "ASSIGNED")
                .await,
        ),
    ] {
        assert_eq!(kinds(&events, feed), ["ASSIGNED"], "{feed}: {events:?}");
    }
    let mut ana_conv =
        subscription_sent(&w.app, &w.ana.access, &conversation_events(&c, Some(0))).await;
    let mut replayed = 0;
    ana_conv
        .events_until(|_| {
            replayed += 1;
            replayed == 3
        })
        .await;
}

async fn revoked_keys_and_deactivated_users_stop_receiving(app: TestApp) {
    let w = world(app).await;
    let (_, c) = w.post("revogado", "oi").await;
    let mut integrator = subscribed(&w.app, &w.key, &conversation_events(&c, None)).await;
    let mut sofia = subscribed(&w.app, &w.sofia.access, INBOX_EVENTS).await;
    let keys = gql(
        &w,
        &w.admin.access,
        "query { apiKeys { id name } }",
        json!({}),
    )
    .await;
    let key_id = data(&keys)["apiKeys"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|k| k["name"] == "portal")
        .map(|k| str_at(&k, "id"))
        .unwrap_or_else(|| panic!("no key: {keys}"));
    data(
        &gql(
            &w,
            &w.admin.access,
            "mutation($k: ID!) { revokeApiKey(id: $k) { id } }",
            json!({ "k": key_id }),
        )
        .await,
    );
    data(
        &gql(
            &w,
            &w.admin.access,
            "mutation($u: ID!) { updateUser(id: $u, input: {status: INACTIVE}) { id } }",
            json!({ "u": w.sofia.user_id }),
        )
        .await,
    );
    // Time is the subject: a subscriber's access is read again once 200 ms (in tests) of real
    // time have passed.
    tokio::time::sleep(Duration::from_millis(400)).await;
    w.send(&w.ana.access, &c, "depois da revogação").await;
    // Either the subscription completes, or the whole connection is closed with graphql-ws's
    // Forbidden (whichever re-check notices first); nothing is delivered.
    for (who, client) in [("integrator", &mut integrator), ("sofia", &mut sofia)] {
        match client.message_or_close_within(WAIT_LIMIT).await {
            None => panic!("{who}'s subscription neither ended nor sent"),
            Some(Ok(ended)) => {
                assert_eq!(ended["type"], "complete", "{who} still receives: {ended}")
            }
            Some(Err(code)) => assert_eq!(code, 4403, "{who}'s connection closed with {code}"),
        }
    }
}

async fn concurrent_writers_keep_one_order_and_one_copy(app: TestApp) {
    let w = world(app).await;
    let (_, c) = w.post("concorrente", "oi").await;
    let query = conversation_events(&c, None);
    let mut first = subscribed(&w.app, &w.bia.access, &query).await;
    let mut second = subscribed(&w.app, &w.sofia.access, &query).await;

    // Two agents and the customer write at once; one client retries a send in parallel.
    let send = "mutation($c: ID!, $t: String!, $id: String) { sendMessage(conversationId: $c, content: $t, clientMessageId: $id) { id } }";
    let mut writes = Vec::new();
    for n in 0..8 {
        let (token, id) = if n % 2 == 0 {
            (w.ana.access.clone(), None)
        } else {
            (w.bia.access.clone(), None)
        };
        writes.push((token, format!("msg {n}"), id));
    }
    for _ in 0..3 {
        writes.push((w.ana.access.clone(), "retry".to_owned(), Some("same-id")));
    }
    let agents = futures_util::future::join_all(
        writes
            .iter()
            .map(|(token, text, id)| gql(&w, token, send, json!({ "c": c, "t": text, "id": id }))),
    );
    let texts: Vec<String> = (0..4).map(|n| format!("cliente {n}")).collect();
    let customer =
        futures_util::future::join_all(texts.iter().map(|text| w.post("concorrente", text)));
    let (replies, _) = tokio::join!(agents, customer);
    let retried: Vec<String> = replies[8..]
        .iter()
        .map(|body| str_at(&data(body)["sendMessage"], "id"))
        .collect();
    assert!(retried.windows(2).all(|p| p[0] == p[1]), "{retried:?}");

    w.app.fence(&w.admin.access, &c).await;
    let one = first.until_fence().await;
    let two = second.until_fence().await;
    let order = |events: &[Value]| -> Vec<(i64, String)> {
        events
            .iter()
            .map(|e| {
                let e = &e["conversationEvents"];
                (
                    e["seq"].as_i64().unwrap_or(-1),
                    e["kind"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        order(&one),
        order(&two),
        "subscribers disagree on the order"
    );
    let seqs: Vec<i64> = order(&one).into_iter().map(|(seq, _)| seq).collect();
    assert!(
        seqs.windows(2).all(|p| p[1] == p[0] + 1),
        "gap or repeat: {seqs:?}"
    );
    let messages = one
        .iter()
        .filter(|e| e["conversationEvents"]["kind"] == "MESSAGE_CREATED")
        .count();
    // 8 replies, 1 retried reply stored once, 4 customer messages.
    assert_eq!(messages, 13, "{one:?}");
    // The stored history is the same sequence.
    let body = gql(
        &w,
        &w.sofia.access,
        "query($c: ID!, $after: Int!) { conversation(id: $c) { events(after: $after, first: 100) { seq kind } } }",
        json!({ "c": c, "after": seqs[0] - 1 }),
    )
    .await;
    let stored: Vec<(i64, String)> = data(&body)["conversation"]["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["seq"].as_i64().unwrap_or(-1),
                e["kind"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(stored, order(&one));
}

async fn two_agents_claiming_at_once_never_take_the_same_conversation(app: TestApp) {
    let w = world(app).await;
    for n in 0..6 {
        w.post(&format!("fila-{n}"), "oi").await;
    }
    let claim = "mutation { claimNextConversation { id } }";
    let tokens: Vec<String> = (0..6)
        .map(|n| {
            if n % 2 == 0 {
                w.ana.access.clone()
            } else {
                w.bia.access.clone()
            }
        })
        .collect();
    let claims =
        futures_util::future::join_all(tokens.iter().map(|t| gql(&w, t, claim, json!({})))).await;
    let mut claimed: Vec<String> = claims
        .iter()
        .map(|body| str_at(&data(body)["claimNextConversation"], "id"))
        .collect();
    claimed.sort();
    claimed.dedup();
    assert_eq!(claimed.len(), 6, "a conversation was claimed twice");
}
