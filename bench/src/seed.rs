//! The people and conversations a scenario needs, created through the host's GraphQL API: a
//! team of agents (each signed in, so online), an API inbox, an integrator key, and one
//! conversation per customer.

use anyhow::Result;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;

use crate::host::{ADMIN_PASSWORD, Host, text};

pub struct Agent {
    pub id: String,
    pub token: String,
}

pub struct Conversation {
    pub id: String,
    pub customer: String,
    /// Index into `Seeded::agents`: the one who follows it.
    pub agent: usize,
}

pub struct Seeded {
    pub admin: String,
    pub agents: Vec<Agent>,
    pub inbox: String,
    pub api_key: String,
    pub conversations: Vec<Conversation>,
}

pub struct Plan {
    pub agents: usize,
    pub customers: usize,
    /// echo-bot as the inbox's bot and round-robin as its router; conversations then start with
    /// the bot and agents follow them as team members instead of assignees.
    pub with_bot: bool,
}

const AGENT_PASSWORD: &str = "bench-agent-password";

pub async fn seed(host: &Host, plan: &Plan) -> Result<Seeded> {
    let admin = host.login("admin", ADMIN_PASSWORD).await?;
    let body = host
        .gql(
            Some(&admin),
            "mutation { createTeam(input: {name: \"Suporte\"}) { id } }",
            json!({}),
        )
        .await?;
    let team = text(&body, "/data/createTeam/id")?;
    let agents: Vec<Agent> = futures_util::stream::iter(0..plan.agents)
        .map(|i| create_agent(host, &admin, &team, i))
        .buffered(4)
        .try_collect()
        .await?;
    let (bot, router) = if plan.with_bot {
        (Some("echo-bot"), Some("round-robin"))
    } else {
        (None, None)
    };
    let body = host
        .gql(
            Some(&admin),
            "mutation($t: ID!, $b: String, $r: String) { createInbox(input: {name: \"Portal\",
                kind: API, teamId: $t, botPluginId: $b, routerPluginId: $r}) { id } }",
            json!({ "t": team, "b": bot, "r": router }),
        )
        .await?;
    let inbox = text(&body, "/data/createInbox/id")?;
    let body = host
        .gql(
            Some(&admin),
            "mutation { createApiKey(input: {name: \"bench\", scopes: [\"messages:write\"]}) { key } }",
            json!({}),
        )
        .await?;
    let api_key = text(&body, "/data/createApiKey/key")?;
    let mut seeded = Seeded {
        admin,
        agents,
        inbox,
        api_key,
        conversations: Vec::new(),
    };
    seeded.conversations = futures_util::stream::iter(0..plan.customers)
        .map(|i| open_conversation(host, &seeded, i, !plan.with_bot))
        .buffered(8)
        .try_collect()
        .await?;
    Ok(seeded)
}

async fn create_agent(host: &Host, admin: &str, team: &str, i: usize) -> Result<Agent> {
    let username = format!("agent{i}");
    let body = host
        .gql(
            Some(admin),
            "mutation($u: String!, $e: String!, $p: String!) { createUser(input: {name: $u,
                email: $e, username: $u, password: $p, role: AGENT}) { id } }",
            json!({ "u": username, "e": format!("{username}@provedor.test"), "p": AGENT_PASSWORD }),
        )
        .await?;
    let id = text(&body, "/data/createUser/id")?;
    host.gql(
        Some(admin),
        "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }",
        json!({ "t": team, "u": id }),
    )
    .await?;
    let token = host.login(&username, AGENT_PASSWORD).await?;
    Ok(Agent { id, token })
}

/// The customer's first message opens the conversation; without a bot it is assigned to its
/// agent as a supervisor would.
async fn open_conversation(
    host: &Host,
    seeded: &Seeded,
    i: usize,
    assign: bool,
) -> Result<Conversation> {
    let customer = format!("cliente-{i}");
    let body = host
        .gql(
            Some(&seeded.api_key),
            "mutation($i: ID!, $c: String!) { postIncomingMessage(inboxId: $i,
                contact: {name: $c, identifier: $c}, content: \"Olá\") { conversationId } }",
            json!({ "i": seeded.inbox, "c": customer }),
        )
        .await?;
    let id = text(&body, "/data/postIncomingMessage/conversationId")?;
    let agent = i % seeded.agents.len();
    if assign {
        host.gql(
            Some(&seeded.admin),
            "mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) { id } }",
            json!({ "c": id, "a": seeded.agents[agent].id }),
        )
        .await?;
    }
    Ok(Conversation {
        id,
        customer,
        agent,
    })
}
