//! Canned responses through GraphQL: who sees and manages each scope, validation, unique
//! shortcuts, search, placeholders and the audit trail.

use serde_json::{Value, json};

use crate::support::{TestApp, Tokens, data, error_code, error_field, str_at};

backend_tests!(
    canned_each_scope_is_listed_exactly_for_who_may_use_it,
    canned_team_ones_need_a_supervisor_and_global_ones_an_admin,
    canned_others_responses_cannot_be_changed_or_deleted,
    canned_input_is_validated_naming_the_field,
    canned_shortcuts_are_unique_per_owner_team_and_global,
    canned_search_matches_shortcut_prefixes_and_content_words,
    canned_placeholders_are_filled_in_for_a_readable_conversation,
    canned_every_change_is_audited,
);

// The conversation tests' world: Suporte (Ana, Bia), Financeiro (Fábio), supervisor Sofia.
use crate::conversations::{World, world};

const FIELDS: &str = "id shortcut content scope team { id name } owner { id name }";

impl World {
    async fn create_raw(
        &self,
        who: &Tokens,
        shortcut: &str,
        scope: &str,
        team: Option<&str>,
    ) -> Value {
        self.create_with(who, shortcut, &format!("Texto de {shortcut}"), scope, team)
            .await
    }

    async fn create_with(
        &self,
        who: &Tokens,
        shortcut: &str,
        content: &str,
        scope: &str,
        team: Option<&str>,
    ) -> Value {
        let query = format!(
            "mutation($s: String!, $c: String!, $scope: CannedResponseScope!, $t: ID) {{
                createCannedResponse(input: {{shortcut: $s, content: $c, scope: $scope, teamId: $t}}) {{ {FIELDS} }} }}"
        );
        self.app
            .gql(
                Some(&who.access),
                &query,
                json!({ "s": shortcut, "c": content, "scope": scope, "t": team }),
            )
            .await
    }

    /// Creates and returns the new response.
    async fn create(&self, who: &Tokens, shortcut: &str, scope: &str, team: Option<&str>) -> Value {
        let body = self.create_raw(who, shortcut, scope, team).await;
        data(&body)["createCannedResponse"].clone()
    }

    async fn list_raw(&self, token: &str, search: Option<&str>) -> Value {
        let query = format!("query($q: String) {{ cannedResponses(search: $q) {{ {FIELDS} }} }}");
        self.app
            .gql(Some(token), &query, json!({ "q": search }))
            .await
    }

    /// The shortcuts the caller gets, in the order listed.
    async fn shortcuts(&self, who: &Tokens, search: Option<&str>) -> Vec<String> {
        let body = self.list_raw(&who.access, search).await;
        data(&body)["cannedResponses"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|r| str_at(r, "shortcut"))
            .collect()
    }

    async fn update(&self, who: &Tokens, id: &str, input: Value) -> Value {
        let query = format!(
            "mutation($id: ID!, $input: UpdateCannedResponseInput!) {{
                updateCannedResponse(id: $id, input: $input) {{ {FIELDS} }} }}"
        );
        self.app
            .gql(
                Some(&who.access),
                &query,
                json!({ "id": id, "input": input }),
            )
            .await
    }

    async fn delete(&self, who: &Tokens, id: &str) -> Value {
        self.app
            .gql(
                Some(&who.access),
                "mutation($id: ID!) { deleteCannedResponse(id: $id) }",
                json!({ "id": id }),
            )
            .await
    }
}

async fn canned_each_scope_is_listed_exactly_for_who_may_use_it(app: TestApp) {
    let w = world(app).await;
    let mine = w.create(&w.ana, "oi-ana", "PERSONAL", None).await;
    assert_eq!(mine["scope"], "PERSONAL");
    assert_eq!(mine["owner"]["id"], w.ana.user_id.as_str());
    assert!(mine["team"].is_null());
    w.create(&w.fabio, "oi-fabio", "PERSONAL", None).await;
    w.create(&w.sofia, "sofia", "PERSONAL", None).await;
    let team = w
        .create(&w.sofia, "reset-modem", "TEAM", Some(&w.suporte))
        .await;
    assert_eq!(team["team"]["name"], "Suporte");
    assert!(team["owner"].is_null());
    w.create(&w.admin, "boleto", "TEAM", Some(&w.financeiro))
        .await;
    let global = w.create(&w.admin, "boas-vindas", "GLOBAL", None).await;
    assert!(global["team"].is_null() && global["owner"].is_null());

    for (who, expected) in [
        (&w.ana, vec!["boas-vindas", "oi-ana", "reset-modem"]),
        (&w.bia, vec!["boas-vindas", "reset-modem"]),
        (&w.fabio, vec!["boas-vindas", "boleto", "oi-fabio"]),
        (
            &w.sofia,
            vec!["boas-vindas", "boleto", "reset-modem", "sofia"],
        ),
        (&w.admin, vec!["boas-vindas", "boleto", "reset-modem"]),
    ] {
        assert_eq!(w.shortcuts(who, None).await, expected, "{}", who.user_id);
    }

    // Leaving the team takes its responses away at once.
    data(
        &w.app
            .gql(
                Some(&w.admin.access),
                "mutation($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { id } }",
                json!({ "t": w.suporte, "u": w.bia.user_id }),
            )
            .await,
    );
    assert_eq!(w.shortcuts(&w.bia, None).await, ["boas-vindas"]);
}

async fn canned_team_ones_need_a_supervisor_and_global_ones_an_admin(app: TestApp) {
    let w = world(app).await;
    for (who, scope, team) in [
        (&w.ana, "TEAM", Some(&w.suporte)),
        (&w.ana, "GLOBAL", None),
        (&w.sofia, "GLOBAL", None),
    ] {
        let body = w
            .create_raw(who, "proibido", scope, team.map(String::as_str))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{scope}: {body}");
    }
    // Supervisors manage any team's responses, not only their own teams'.
    let team = w
        .create(&w.sofia, "segunda-via", "TEAM", Some(&w.financeiro))
        .await;
    let team_id = str_at(&team, "id");
    let global = w.create(&w.admin, "horario", "GLOBAL", None).await;
    let global_id = str_at(&global, "id");

    // Fábio uses his team's response but may not change it; Sofia may not change a global one.
    assert_eq!(
        w.shortcuts(&w.fabio, None).await,
        ["horario", "segunda-via"]
    );
    for (who, id) in [
        (&w.fabio, &team_id),
        (&w.fabio, &global_id),
        (&w.sofia, &global_id),
    ] {
        let body = w.update(who, id, json!({ "content": "mudado" })).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
        let body = w.delete(who, id).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let changed = w
        .update(&w.admin, &team_id, json!({ "content": "Segue a 2ª via" }))
        .await;
    assert_eq!(
        data(&changed)["updateCannedResponse"]["content"],
        "Segue a 2ª via"
    );
    let changed = w
        .update(&w.admin, &global_id, json!({ "shortcut": "Horarios" }))
        .await;
    assert_eq!(
        data(&changed)["updateCannedResponse"]["shortcut"],
        "horarios"
    );
    assert_eq!(
        data(&w.delete(&w.sofia, &team_id).await)["deleteCannedResponse"],
        true
    );
    assert_eq!(w.shortcuts(&w.fabio, None).await, ["horarios"]);

    // Integrators have no composer: an API key gets no canned responses whatever its scopes.
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            r#"mutation { createApiKey(input: {name: "crm", scopes: ["conversations:read", "conversations:write"]}) { key } }"#,
            json!({}),
        )
        .await;
    let key = str_at(&data(&body)["createApiKey"], "key");
    assert_eq!(error_code(&w.list_raw(&key, None).await), "FORBIDDEN");
    let body = w
        .app
        .gql(
            Some(&key),
            r#"mutation { createCannedResponse(input: {shortcut: "k", content: "k", scope: GLOBAL}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
}

async fn canned_others_responses_cannot_be_changed_or_deleted(app: TestApp) {
    let w = world(app).await;
    let personal = str_at(&w.create(&w.ana, "minha", "PERSONAL", None).await, "id");
    let team = str_at(
        &w.create(&w.sofia, "do-suporte", "TEAM", Some(&w.suporte))
            .await,
        "id",
    );
    // Someone else's personal response, or a team response of a team one is not in, does not
    // exist as far as the caller can tell: not even an admin reaches a personal one.
    for (who, id) in [
        (&w.bia, &personal),
        (&w.sofia, &personal),
        (&w.admin, &personal),
        (&w.fabio, &team),
    ] {
        let body = w.update(who, id, json!({ "content": "invadido" })).await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
        let body = w.delete(who, id).await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    }
    let body = w.list_raw(&w.ana.access, None).await;
    let listed = &data(&body)["cannedResponses"];
    assert_eq!(listed[0]["shortcut"], "do-suporte");
    assert_eq!(listed[1]["content"], "Texto de minha");

    let changed = w
        .update(&w.ana, &personal, json!({ "content": "  Já volto!  " }))
        .await;
    let changed = &data(&changed)["updateCannedResponse"];
    assert_eq!(changed["content"], "Já volto!");
    assert_eq!(changed["shortcut"], "minha");
    assert_eq!(
        data(&w.delete(&w.ana, &personal).await)["deleteCannedResponse"],
        true
    );
    assert_eq!(w.shortcuts(&w.ana, None).await, ["do-suporte"]);
    assert_eq!(error_code(&w.delete(&w.ana, &personal).await), "NOT_FOUND");
}

async fn canned_input_is_validated_naming_the_field(app: TestApp) {
    let w = world(app).await;
    let long_shortcut = "a".repeat(33);
    for bad in [
        "",
        "   ",
        "boas vindas",
        "/oi",
        "conexão",
        long_shortcut.as_str(),
    ] {
        let body = w.create_raw(&w.ana, bad, "PERSONAL", None).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{bad:?}: {body}");
        assert_eq!(error_field(&body), "input.shortcut", "{bad:?}");
    }
    let too_long = "x".repeat(5001);
    for bad in ["", "  \n ", too_long.as_str()] {
        let body = w.create_with(&w.ana, "ok", bad, "PERSONAL", None).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(error_field(&body), "input.content");
    }
    let random = uuid::Uuid::new_v4().to_string();
    for (scope, team) in [
        ("TEAM", None),
        ("TEAM", Some(random.as_str())),
        ("TEAM", Some("not-an-id")),
        ("PERSONAL", Some(w.suporte.as_str())),
        ("GLOBAL", Some(w.suporte.as_str())),
    ] {
        let body = w.create_raw(&w.admin, "ok", scope, team).await;
        assert_eq!(
            error_code(&body),
            "BAD_USER_INPUT",
            "{scope} {team:?}: {body}"
        );
        assert_eq!(error_field(&body), "input.teamId");
    }

    let created = w
        .create_with(
            &w.ana,
            " Boas-Vindas_2 ",
            &"x".repeat(5000),
            "PERSONAL",
            None,
        )
        .await;
    let created = &data(&created)["createCannedResponse"];
    assert_eq!(created["shortcut"], "boas-vindas_2");
    let id = str_at(created, "id");
    let body = w.update(&w.ana, &id, json!({ "shortcut": "a b" })).await;
    assert_eq!(error_field(&body), "input.shortcut");
    let body = w.update(&w.ana, &id, json!({ "content": "" })).await;
    assert_eq!(error_field(&body), "input.content");
    // A refused update changes nothing.
    let body = w.list_raw(&w.ana.access, None).await;
    assert_eq!(
        data(&body)["cannedResponses"][0]["shortcut"],
        "boas-vindas_2"
    );
}

async fn canned_shortcuts_are_unique_per_owner_team_and_global(app: TestApp) {
    let w = world(app).await;
    // The same shortcut once per person, per team and globally.
    w.create(&w.ana, "oi", "PERSONAL", None).await;
    w.create(&w.bia, "oi", "PERSONAL", None).await;
    w.create(&w.sofia, "oi", "TEAM", Some(&w.suporte)).await;
    w.create(&w.sofia, "oi", "TEAM", Some(&w.financeiro)).await;
    w.create(&w.admin, "oi", "GLOBAL", None).await;
    for (who, scope, team) in [
        (&w.ana, "PERSONAL", None),
        (&w.admin, "TEAM", Some(&w.suporte)),
        (&w.admin, "GLOBAL", None),
    ] {
        let body = w
            .create_raw(who, "OI", scope, team.map(String::as_str))
            .await;
        assert_eq!(error_code(&body), "CONFLICT", "{scope}: {body}");
        assert_eq!(error_field(&body), "input.shortcut", "{scope}");
    }
    assert_eq!(w.shortcuts(&w.ana, None).await, ["oi", "oi", "oi"]);
    let body = w.list_raw(&w.ana.access, None).await;
    let scopes: Vec<&Value> = data(&body)["cannedResponses"]
        .as_array()
        .map(|rs| rs.iter().map(|r| &r["scope"]).collect())
        .unwrap_or_default();
    assert_eq!(
        scopes,
        [&json!("PERSONAL"), &json!("TEAM"), &json!("GLOBAL")]
    );

    // Renaming into a taken shortcut is refused too.
    let other = str_at(&w.create(&w.admin, "ola", "GLOBAL", None).await, "id");
    let body = w
        .update(&w.admin, &other, json!({ "shortcut": "oi" }))
        .await;
    assert_eq!(error_code(&body), "CONFLICT", "{body}");
    assert_eq!(error_field(&body), "input.shortcut");
}

async fn canned_search_matches_shortcut_prefixes_and_content_words(app: TestApp) {
    let w = world(app).await;
    w.create_with(
        &w.ana,
        "sem-internet",
        "Vamos verificar sua CONEXÃO agora.",
        "PERSONAL",
        None,
    )
    .await;
    w.create_with(
        &w.admin,
        "segunda-via",
        "Segue a segunda via do boleto.",
        "GLOBAL",
        None,
    )
    .await;
    w.create_with(&w.fabio, "sem-sinal", "Só do Fábio.", "PERSONAL", None)
        .await;
    for (search, expected) in [
        ("sem", vec!["sem-internet"]),
        ("SEGUNDA-V", vec!["segunda-via"]),
        ("conexao", vec!["sem-internet"]),
        ("verif agora", vec!["sem-internet"]),
        ("via boleto", vec!["segunda-via"]),
        ("/se", vec!["segunda-via", "sem-internet"]),
        ("/conexao", vec![]),
        ("boleto internet", vec![]),
        ("", vec!["segunda-via", "sem-internet"]),
    ] {
        assert_eq!(
            w.shortcuts(&w.ana, Some(search)).await,
            expected,
            "{search:?}"
        );
    }
}

async fn canned_placeholders_are_filled_in_for_a_readable_conversation(app: TestApp) {
    let w = world(app).await;
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            "mutation($t: ID!) { createInbox(input: {name: \"Portal\", kind: API, teamId: $t}) { id } }",
            json!({ "t": w.suporte }),
        )
        .await;
    let inbox = str_at(&data(&body)["createInbox"], "id");
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            r#"mutation($i: ID!) { postIncomingMessage(inboxId: $i, contact: {name: "Maria da Silva", identifier: "c-1"}, content: "sem internet") { conversation { id protocol } } }"#,
            json!({ "i": inbox }),
        )
        .await;
    let conversation = &data(&body)["postIncomingMessage"]["conversation"];
    let (conversation_id, protocol) =
        (str_at(conversation, "id"), str_at(conversation, "protocol"));
    let response = w
        .create_with(
            &w.admin,
            "saudacao",
            "Olá {{contact.first_name}}, sou {{ agent.name }}. Protocolo {{conversation.protocol}}. {{contato.nome}}",
            "GLOBAL",
            None,
        )
        .await;
    let id = str_at(&data(&response)["createCannedResponse"], "id");
    let render = "query($id: ID!, $c: ID!) { renderCannedResponse(id: $id, conversationId: $c) }";
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            render,
            json!({ "id": id, "c": conversation_id }),
        )
        .await;
    assert_eq!(
        data(&body)["renderCannedResponse"],
        format!("Olá Maria, sou Test ana. Protocolo {protocol}. {{{{contato.nome}}}}")
    );
    // Fábio is not in Suporte: the conversation is not his to answer.
    let body = w
        .app
        .gql(
            Some(&w.fabio.access),
            render,
            json!({ "id": id, "c": conversation_id }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    // Nor can anyone render somebody else's personal response.
    let personal = w.create(&w.bia, "pessoal", "PERSONAL", None).await;
    let body = w
        .app
        .gql(
            Some(&w.ana.access),
            render,
            json!({ "id": str_at(&personal, "id"), "c": conversation_id }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
}

async fn canned_every_change_is_audited(app: TestApp) {
    let w = world(app).await;
    let id = str_at(&w.create(&w.ana, "audit", "PERSONAL", None).await, "id");
    data(
        &w.update(&w.ana, &id, json!({ "shortcut": "auditado" }))
            .await,
    );
    data(&w.delete(&w.ana, &id).await);
    let team = str_at(
        &w.create(&w.sofia, "do-time", "TEAM", Some(&w.suporte))
            .await,
        "id",
    );
    // Refused changes leave no entry.
    let body = w.delete(&w.bia, &team).await;
    assert_eq!(error_code(&body), "FORBIDDEN");

    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            r#"{ auditLog(filter: {action: "canned_response."}) { edges { node { action actorLabel targetType targetId details } } } }"#,
            json!({}),
        )
        .await;
    let entries: Vec<Value> = data(&body)["auditLog"]["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|e| e["node"].clone()).collect())
        .unwrap_or_default();
    let summary: Vec<(&str, &str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or_default(),
                e["actorLabel"].as_str().unwrap_or_default(),
                e["targetId"].as_str().unwrap_or_default(),
                e["details"]["shortcut"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("canned_response.create", "sofia", team.as_str(), "do-time"),
            ("canned_response.delete", "ana", id.as_str(), "auditado"),
            ("canned_response.update", "ana", id.as_str(), "auditado"),
            ("canned_response.create", "ana", id.as_str(), "audit"),
        ]
    );
    assert!(entries.iter().all(|e| e["targetType"] == "canned_response"));
    assert_eq!(entries[0]["details"]["scope"], "team");
    assert_eq!(entries[0]["details"]["teamId"], w.suporte.as_str());
}
