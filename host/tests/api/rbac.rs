//! Who may do what: every query and mutation against every role, and API key scopes.

use serde_json::{Value, json};

use crate::conversations::create_team;
use crate::support::{TestApp, Tokens, UploadFile, data, error_code, str_at};

backend_tests!(
    every_operation_is_allowed_exactly_for_its_roles,
    api_keys_can_do_what_their_scopes_allow_and_nothing_else,
    a_revoked_api_key_is_refused,
);

struct Case {
    name: &'static str,
    query: &'static str,
    allowed: &'static [&'static str],
}

const ALL: &[&str] = &["ADMIN", "SUPERVISOR", "AGENT"];
const STAFF: &[&str] = ALL;
const SUPERVISORS: &[&str] = &["ADMIN", "SUPERVISOR"];
const ADMIN: &[&str] = &["ADMIN"];

/// Every root field of the schema. `$self` is the caller's id, `$team` an existing team, `$key` an
/// existing API key, `$role` a unique name starting with the caller's role, `$email` a unique
/// address, `$inbox` an API inbox without a team, `$conv` a conversation in it, `$contact` its
/// contact, `$message` its first message, `$canned` a global canned response, `$random` and `$other`
/// ids of nothing.
const CASES: &[Case] = &[
    Case {
        name: "me",
        query: "query { me { id } }",
        allowed: ALL,
    },
    Case {
        name: "user",
        query: "query($self: ID!) { user(id: $self) { id email } }",
        allowed: ALL,
    },
    Case {
        name: "users",
        query: "query { users { edges { node { id } } } }",
        allowed: ALL,
    },
    Case {
        name: "teams",
        query: "query { teams { id } }",
        allowed: ALL,
    },
    Case {
        name: "team",
        query: "query($team: ID!) { team(id: $team) { id members { id } } }",
        allowed: ALL,
    },
    Case {
        name: "apiKeys",
        query: "query { apiKeys { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "apiKeyScopes",
        query: "query { apiKeyScopes }",
        allowed: ALL,
    },
    Case {
        name: "auditLog",
        query: "query { auditLog { edges { node { id } } } }",
        allowed: ADMIN,
    },
    Case {
        name: "createUser",
        query: r#"mutation($role: String!, $email: String!) { createUser(input: {name: "N", email: $email, username: $role, password: "long-enough-pw", role: AGENT}) { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "updateUser",
        query: r#"mutation($self: ID!) { updateUser(id: $self, input: {name: "Renamed"}) { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "updateMe",
        query: r#"mutation { updateMe(input: {language: EN}) { language } }"#,
        allowed: ALL,
    },
    Case {
        name: "changePassword",
        // Wrong current password: allowed callers get BAD_USER_INPUT, not FORBIDDEN.
        query: r#"mutation { changePassword(currentPassword: "wrong-current", newPassword: "long-enough-pw") }"#,
        allowed: ALL,
    },
    Case {
        name: "createTeam",
        query: r#"mutation($role: String!) { createTeam(input: {name: $role}) { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "updateTeam",
        query: r#"mutation($team: ID!) { updateTeam(id: $team, input: {description: "d"}) { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "addTeamMember",
        query: "mutation($team: ID!, $self: ID!) { addTeamMember(teamId: $team, userId: $self) { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "removeTeamMember",
        query: "mutation($team: ID!, $self: ID!) { removeTeamMember(teamId: $team, userId: $self) { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "deleteTeam",
        query: "mutation($self: ID!) { deleteTeam(id: $self) }",
        allowed: ADMIN,
    },
    Case {
        name: "createApiKey",
        query: r#"mutation { createApiKey(input: {name: "k", scopes: ["users:read"]}) { key } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "revokeApiKey",
        query: "mutation($key: ID!) { revokeApiKey(id: $key) { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "inboxes",
        query: "query { inboxes { id kind } }",
        allowed: ALL,
    },
    Case {
        name: "inbox",
        query: "query($inbox: ID!) { inbox(id: $inbox) { id team { id } } }",
        allowed: ALL,
    },
    Case {
        name: "createInbox",
        query: "mutation($role: String!) { createInbox(input: {name: $role, kind: API}) { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "updateInbox",
        query: "mutation($inbox: ID!, $role: String!) { updateInbox(id: $inbox, input: {name: $role}) { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "rotateInboxWebhookSecret",
        query: "mutation($inbox: ID!) { rotateInboxWebhookSecret(id: $inbox) { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "labels",
        query: "query { labels { name color } }",
        allowed: STAFF,
    },
    Case {
        name: "createLabel",
        query: "mutation($role: String!) { createLabel(input: {name: $role, color: \"#1f9d55\"}) { name } }",
        allowed: SUPERVISORS,
    },
    Case {
        name: "updateLabel",
        query: "mutation { updateLabel(name: \"fibra\", input: {description: \"Fibra óptica\"}) { name } }",
        allowed: SUPERVISORS,
    },
    Case {
        name: "deleteLabel",
        query: "mutation($role: String!) { deleteLabel(name: $role) }",
        allowed: SUPERVISORS,
    },
    Case {
        name: "contacts",
        query: "query { contacts { edges { node { id } } } }",
        allowed: STAFF,
    },
    Case {
        name: "contact",
        query: "query($contact: ID!) { contact(id: $contact) { id identities { identifier } } }",
        allowed: STAFF,
    },
    Case {
        name: "createContact",
        query: "mutation($role: String!) { createContact(input: {name: $role}) { id } }",
        allowed: STAFF,
    },
    Case {
        name: "updateContact",
        query: r#"mutation($contact: ID!) { updateContact(id: $contact, input: {document: "529.982.247-25"}) { id } }"#,
        allowed: STAFF,
    },
    Case {
        name: "deleteContact",
        query: "mutation($random: ID!) { deleteContact(id: $random) }",
        allowed: STAFF,
    },
    Case {
        name: "mergeContacts",
        query: "mutation($random: ID!, $other: ID!) { mergeContacts(keepId: $random, mergeId: $other) { id } }",
        allowed: STAFF,
    },
    Case {
        name: "conversations",
        query: "query { conversations { edges { node { id status } } pageInfo { hasNextPage } } }",
        allowed: STAFF,
    },
    Case {
        name: "conversation",
        query: "query($conv: ID!) { conversation(id: $conv) { id protocol messages { edges { node { id } } } events { seq } } }",
        allowed: STAFF,
    },
    Case {
        name: "conversationByProtocol",
        query: r#"query { conversationByProtocol(protocol: "none") { id } }"#,
        allowed: STAFF,
    },
    Case {
        name: "searchMessages",
        query: r#"query { searchMessages(query: "internet") { edges { node { id } } } }"#,
        allowed: STAFF,
    },
    Case {
        name: "queues",
        query: "query { queues { length } }",
        allowed: STAFF,
    },
    Case {
        name: "postIncomingMessage",
        query: r#"mutation($inbox: ID!) { postIncomingMessage(inboxId: $inbox, contact: {identifier: "c-2"}, content: "oi") { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "sendMessage",
        query: r#"mutation($conv: ID!) { sendMessage(conversationId: $conv, content: "nota", private: true) { id } }"#,
        allowed: STAFF,
    },
    Case {
        name: "sendAttachment",
        query: "mutation($conv: ID!, $file: Upload!) { sendAttachment(conversationId: $conv, file: $file, private: true) { id } }",
        allowed: STAFF,
    },
    Case {
        // The fixture's inbox is an API inbox: allowed callers get BAD_USER_INPUT (`template`).
        name: "sendTemplate",
        query: r#"mutation($conv: ID!) { sendTemplate(conversationId: $conv, template: {name: "hello_world", language: "pt_BR"}) { id } }"#,
        allowed: STAFF,
    },
    Case {
        name: "transferConversation",
        query: "mutation($conv: ID!, $self: ID!) { transferConversation(conversationId: $conv, toAgentId: $self) { id } }",
        allowed: STAFF,
    },
    Case {
        name: "assignConversation",
        query: "mutation($conv: ID!, $self: ID!) { assignConversation(conversationId: $conv, agentId: $self) { id } }",
        allowed: STAFF,
    },
    Case {
        name: "setConversationStatus",
        query: "mutation($conv: ID!) { setConversationStatus(conversationId: $conv, status: PENDING) { id } }",
        allowed: STAFF,
    },
    Case {
        name: "reopenConversation",
        query: "mutation($conv: ID!) { reopenConversation(conversationId: $conv) { id } }",
        allowed: STAFF,
    },
    Case {
        name: "setConversationPriority",
        query: "mutation($conv: ID!) { setConversationPriority(conversationId: $conv, priority: HIGH) { id } }",
        allowed: STAFF,
    },
    Case {
        name: "setConversationLabels",
        query: r#"mutation($conv: ID!) { setConversationLabels(conversationId: $conv, labels: ["fibra"]) { id } }"#,
        allowed: STAFF,
    },
    Case {
        name: "markConversationRead",
        query: "mutation($conv: ID!) { markConversationRead(conversationId: $conv) { id } }",
        allowed: STAFF,
    },
    Case {
        name: "sendTyping",
        query: "mutation($conv: ID!) { sendTyping(conversationId: $conv) }",
        allowed: STAFF,
    },
    Case {
        name: "claimNextConversation",
        query: "mutation { claimNextConversation { id } }",
        allowed: STAFF,
    },
    Case {
        name: "updateMessageDelivery",
        query: "mutation($message: ID!) { updateMessageDelivery(messageId: $message, state: DELIVERED) { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "cannedResponses",
        query: "query { cannedResponses { id team { id } owner { id } } }",
        allowed: STAFF,
    },
    Case {
        name: "renderCannedResponse",
        query: "query($canned: ID!, $conv: ID!) { renderCannedResponse(id: $canned, conversationId: $conv) }",
        allowed: STAFF,
    },
    Case {
        name: "createCannedResponse",
        query: r#"mutation($role: String!) { createCannedResponse(input: {shortcut: $role, content: "Olá", scope: PERSONAL}) { id } }"#,
        allowed: STAFF,
    },
    Case {
        name: "createCannedResponse",
        query: r#"mutation($role: String!, $team: ID!) { createCannedResponse(input: {shortcut: $role, content: "Olá", scope: TEAM, teamId: $team}) { id } }"#,
        allowed: SUPERVISORS,
    },
    Case {
        name: "createCannedResponse",
        query: r#"mutation($role: String!) { createCannedResponse(input: {shortcut: $role, content: "Olá", scope: GLOBAL}) { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "updateCannedResponse",
        query: r#"mutation($canned: ID!) { updateCannedResponse(id: $canned, input: {content: "Oi"}) { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "deleteCannedResponse",
        query: "mutation($random: ID!) { deleteCannedResponse(id: $random) }",
        allowed: STAFF,
    },
    Case {
        name: "plugins",
        query: "query { plugins { id settings { key } secrets { name isSet } } }",
        allowed: ADMIN,
    },
    Case {
        name: "plugin",
        query: r#"query { plugin(id: "no-such-plugin") { id } }"#,
        allowed: ADMIN,
    },
    Case {
        // A PNG is not a package: allowed callers get BAD_USER_INPUT.
        name: "installPlugin",
        query: "mutation($file: Upload!) { installPlugin(package: $file) { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "enablePlugin",
        query: r#"mutation { enablePlugin(id: "no-such-plugin") { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "disablePlugin",
        query: r#"mutation { disablePlugin(id: "no-such-plugin") { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "configurePlugin",
        query: r#"mutation { configurePlugin(id: "no-such-plugin", input: {settings: {}}) { id } }"#,
        allowed: ADMIN,
    },
    Case {
        name: "uninstallPlugin",
        query: r#"mutation { uninstallPlugin(id: "no-such-plugin") }"#,
        allowed: ADMIN,
    },
    Case {
        name: "channelDeliveries",
        query: "query($inbox: ID!) { channelDeliveries(inboxId: $inbox) { nodes { id rawBody } } }",
        allowed: ADMIN,
    },
    Case {
        name: "retryChannelDelivery",
        query: "mutation($random: ID!) { retryChannelDelivery(id: $random) { id } }",
        allowed: ADMIN,
    },
    Case {
        name: "rotateWidgetSecret",
        query: "mutation($inbox: ID!) { rotateWidgetSecret(inboxId: $inbox) }",
        allowed: ADMIN,
    },
    // Presence and the dashboard (tests/api/presence.rs, tests/api/dashboard.rs).
    Case {
        name: "setPresence",
        query: "mutation { setPresence(presence: AWAY) { presence } }",
        allowed: ALL,
    },
    Case {
        name: "dashboard",
        query: "query { dashboard { since counts { open } agents { presence } } }",
        allowed: SUPERVISORS,
    },
    // The supervisor is in no team: another team's dashboard is an admin's.
    Case {
        name: "dashboard",
        query: "query($team: ID!) { dashboard(teamId: $team) { since } }",
        allowed: ADMIN,
    },
    // The web chat widget's visitor operations: visitor tokens only (tests/api/visitor.rs).
    Case {
        name: "visitorConversations",
        query: "query { visitorConversations { id } }",
        allowed: VISITORS_ONLY,
    },
    Case {
        name: "visitorConversation",
        query: "query($conv: ID!) { visitorConversation(id: $conv) { id } }",
        allowed: VISITORS_ONLY,
    },
    Case {
        name: "sendVisitorMessage",
        query: r#"mutation { sendVisitorMessage(input: {content: "oi", clientMessageId: "r-1"}) { id } }"#,
        allowed: VISITORS_ONLY,
    },
    Case {
        name: "sendVisitorAttachment",
        query: r#"mutation($file: Upload!) { sendVisitorAttachment(file: $file, clientMessageId: "r-2") { id } }"#,
        allowed: VISITORS_ONLY,
    },
    Case {
        name: "visitorTyping",
        query: "mutation($conv: ID!) { visitorTyping(conversationId: $conv, typing: true) }",
        allowed: VISITORS_ONLY,
    },
    Case {
        name: "visitorMarkRead",
        query: "mutation($conv: ID!) { visitorMarkRead(conversationId: $conv) }",
        allowed: VISITORS_ONLY,
    },
    Case {
        name: "rateConversation",
        query: "mutation($conv: ID!) { rateConversation(conversationId: $conv, score: 5) { score } }",
        allowed: VISITORS_ONLY,
    },
];

/// Operations no staff role may use: they act as a web chat visitor.
const VISITORS_ONLY: &[&str] = &[];

const PUBLIC: &[&str] = &[
    "login",
    "refreshToken",
    "logout",
    "apiKeyScopes",
    // The web chat widget's entry points (tests/api/visitor.rs).
    "widgetConfig",
    "startVisitorSession",
];

/// Cases that take a file: sent as multipart requests to `/graphql/upload`.
const UPLOADS: &[&str] = &["sendAttachment", "installPlugin", "sendVisitorAttachment"];

async fn call(app: &TestApp, token: Option<&str>, case: &Case, vars: Value) -> Value {
    if UPLOADS.contains(&case.name) {
        app.gql_upload(token, case.query, vars, &UploadFile::png("rbac.png"))
            .await
            .1
    } else {
        app.gql(token, case.query, vars).await
    }
}

/// Objects the cases work on.
struct Fixture {
    team: String,
    key: String,
    inbox: String,
    conversation: String,
    contact: String,
    message: String,
    canned: String,
}

fn variables(query: &str, caller: &Tokens, role: &str, fixture: &Fixture) -> Value {
    let mut vars = serde_json::Map::new();
    for (name, value) in [
        ("$self", caller.user_id.clone()),
        ("$team", fixture.team.clone()),
        ("$key", fixture.key.clone()),
        ("$inbox", fixture.inbox.clone()),
        ("$conv", fixture.conversation.clone()),
        ("$contact", fixture.contact.clone()),
        ("$message", fixture.message.clone()),
        ("$canned", fixture.canned.clone()),
        ("$random", uuid::Uuid::new_v4().to_string()),
        ("$other", uuid::Uuid::new_v4().to_string()),
        (
            "$role",
            format!("{role}-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]).to_lowercase(),
        ),
        (
            "$email",
            format!("{}@provedor.test", uuid::Uuid::new_v4().simple()),
        ),
    ] {
        if query.contains(&format!("{name}:")) {
            vars.insert(name.trim_start_matches('$').to_owned(), json!(value));
        }
    }
    Value::Object(vars)
}

async fn every_operation_is_allowed_exactly_for_its_roles(app: TestApp) {
    let admin = app.admin().await;
    let team = create_team(&app, &admin.access, "Suporte").await;
    let key = data(&app.gql(Some(&admin.access), r#"mutation { createApiKey(input: {name: "crm", scopes: ["users:read"]}) { apiKey { id } } }"#, json!({})).await)
        ["createApiKey"]["apiKey"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let inbox = data(
        &app.gql(
            Some(&admin.access),
            r#"mutation { createInbox(input: {name: "CRM", kind: API}) { id } }"#,
            json!({}),
        )
        .await,
    )["createInbox"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    data(
        &app.gql(
            Some(&admin.access),
            r#"mutation { createLabel(input: {name: "fibra"}) { name } }"#,
            json!({}),
        )
        .await,
    );
    let posted = app
        .gql(
            Some(&admin.access),
            r#"mutation($inbox: ID!) { postIncomingMessage(inboxId: $inbox, contact: {name: "Ana", identifier: "c-1"}, content: "sem internet") { id conversation { id contact { id } } } }"#,
            json!({ "inbox": inbox }),
        )
        .await;
    let posted = &data(&posted)["postIncomingMessage"];
    let canned = app
        .gql(
            Some(&admin.access),
            r#"mutation { createCannedResponse(input: {shortcut: "ola", content: "Olá!", scope: GLOBAL}) { id } }"#,
            json!({}),
        )
        .await;
    let fixture = Fixture {
        team,
        key,
        inbox,
        conversation: str_at(&posted["conversation"], "id"),
        contact: str_at(&posted["conversation"]["contact"], "id"),
        message: str_at(posted, "id"),
        canned: str_at(&data(&canned)["createCannedResponse"], "id"),
    };
    let callers = [
        (
            "ADMIN",
            app.user(&admin.access, "ADMIN", "second-admin").await,
        ),
        (
            "SUPERVISOR",
            app.user(&admin.access, "SUPERVISOR", "sofia").await,
        ),
        ("AGENT", app.user(&admin.access, "AGENT", "artur").await),
    ];
    // The table must cover every root field of the schema, so a new one cannot skip RBAC review.
    let schema = app
        .gql(
            None,
            "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }",
            json!({}),
        )
        .await;
    for kind in ["queryType", "mutationType"] {
        for field in data(&schema)["__schema"][kind]["fields"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            let name = field["name"].as_str().unwrap_or_default();
            assert!(
                CASES.iter().any(|c| c.name == name) || PUBLIC.contains(&name),
                "root field {name} has no RBAC case"
            );
        }
    }
    for case in CASES {
        for (role, caller) in &callers {
            let vars = variables(case.query, caller, role, &fixture);
            let body = call(&app, Some(&caller.access), case, vars).await;
            let code = body["errors"][0]["extensions"]["code"].as_str();
            if case.allowed.contains(role) {
                assert!(
                    !matches!(code, Some("FORBIDDEN" | "UNAUTHENTICATED")),
                    "{role} should be allowed {}: {body}",
                    case.name
                );
            } else {
                assert_eq!(
                    code,
                    Some("FORBIDDEN"),
                    "{role} should be refused {}: {body}",
                    case.name
                );
            }
        }
        if !PUBLIC.contains(&case.name) {
            let vars = variables(case.query, &callers[0].1, "anonymous", &fixture);
            let body = call(&app, None, case, vars).await;
            assert_eq!(
                error_code(&body),
                "UNAUTHENTICATED",
                "anonymous {}: {body}",
                case.name
            );
        }
    }

    // A web chat visitor's token opens none of the staff operations.
    let web = app
        .gql(
            Some(&admin.access),
            r#"mutation { createInbox(input: {name: "Site", kind: WEB}) { id } }"#,
            json!({}),
        )
        .await;
    let session = app
        .gql(
            None,
            "mutation($i: ID!) { startVisitorSession(input: {inboxId: $i, name: \"Vi\"}) { token } }",
            json!({ "i": str_at(&data(&web)["createInbox"], "id") }),
        )
        .await;
    let visitor = Tokens {
        access: str_at(&data(&session)["startVisitorSession"], "token"),
        refresh: String::new(),
        user_id: uuid::Uuid::new_v4().to_string(),
    };
    for case in CASES
        .iter()
        .filter(|c| !c.allowed.is_empty() && !PUBLIC.contains(&c.name))
    {
        let vars = variables(case.query, &visitor, "visitor", &fixture);
        let body = call(&app, Some(&visitor.access), case, vars).await;
        assert_eq!(
            error_code(&body),
            "FORBIDDEN",
            "visitor {}: {body}",
            case.name
        );
    }
}

async fn create_key(app: &TestApp, admin: &str, scopes: &[&str]) -> (String, String) {
    let body = app
        .gql(
            Some(admin),
            "mutation($s: [String!]!) { createApiKey(input: {name: \"integration\", scopes: $s}) { key apiKey { id prefix scopes } } }",
            json!({ "s": scopes }),
        )
        .await;
    let created = &data(&body)["createApiKey"];
    let key = created["key"].as_str().unwrap_or_default().to_owned();
    assert!(key.starts_with("isk_"));
    assert!(key.starts_with(created["apiKey"]["prefix"].as_str().unwrap_or("-")));
    (
        key,
        created["apiKey"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

async fn api_keys_can_do_what_their_scopes_allow_and_nothing_else(app: TestApp) {
    let admin = app.admin().await;
    let (key, _) = create_key(&app, &admin.access, &["users:read"]).await;
    let users = app
        .gql(
            Some(&key),
            "{ users { edges { node { username } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data(&users)["users"]["edges"][0]["node"]["username"],
        "admin"
    );
    for forbidden in [
        "{ teams { id } }",
        "{ auditLog { edges { node { id } } } }",
        "{ me { id } }",
        "{ dashboard { since } }",
        "mutation { setPresence(presence: ONLINE) { id } }",
        r#"mutation { createTeam(input: {name: "x"}) { id } }"#,
        r#"mutation { createApiKey(input: {name: "y", scopes: ["users:read"]}) { key } }"#,
    ] {
        let body = app.gql(Some(&key), forbidden, json!({})).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{forbidden}: {body}");
    }
    let (writer, _) = create_key(&app, &admin.access, &["teams:write", "teams:read"]).await;
    let team = app
        .gql(
            Some(&writer),
            r#"mutation { createTeam(input: {name: "Financeiro"}) { name } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data(&team)["createTeam"]["name"], "Financeiro");
    // The audit log names the key as the actor.
    let audit = app
        .gql(Some(&admin.access), r#"{ auditLog(filter: {action: "team.create"}) { edges { node { actorKind actorLabel } } } }"#, json!({}))
        .await;
    assert_eq!(
        data(&audit)["auditLog"]["edges"][0]["node"]["actorKind"],
        "api_key"
    );
    assert_eq!(
        data(&audit)["auditLog"]["edges"][0]["node"]["actorLabel"],
        "integration"
    );
    // Unknown scopes are refused, naming the field.
    let bad = app
        .gql(
            Some(&admin.access),
            r#"mutation { createApiKey(input: {name: "z", scopes: ["users:delete"]}) { key } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "input.scopes");
}

async fn a_revoked_api_key_is_refused(app: TestApp) {
    let admin = app.admin().await;
    let (key, id) = create_key(&app, &admin.access, &["users:read"]).await;
    data(
        &app.gql(Some(&key), "{ users { edges { node { id } } } }", json!({}))
            .await,
    );
    let revoked = app
        .gql(
            Some(&admin.access),
            "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }",
            json!({ "id": id }),
        )
        .await;
    assert!(data(&revoked)["revokeApiKey"]["revokedAt"].is_string());
    let body = app
        .gql(Some(&key), "{ users { edges { node { id } } } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    assert_eq!(body["errors"][0]["message"], "invalid API key");
}
