//! The supervisor dashboard: exact numbers from a known day, "today" in the ISP's time zone, and
//! who may see which teams.

use chrono::{Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use ispchat_host::clock::Clock;
use serde_json::{Value, json};

use crate::conversations::{World, world};
use crate::support::{TestApp, Tokens, data, error_code, str_at};
use crate::visitor::{visitor, web_inbox};

backend_tests!(
    the_dashboard_counts_today_in_the_isps_time_zone,
    supervisors_see_their_teams_and_agents_none,
);

const DASHBOARD: &str = "query($t: ID) { dashboard(teamId: $t) {
    since timezone team { id }
    counts { bot queued open pending snoozed }
    createdToday resolvedToday
    queues { team { id } length longestWaitSeconds }
    agents { user { username } presence activeConversations }
    firstResponse { count averageSeconds medianSeconds }
    resolution { count averageSeconds medianSeconds }
    satisfaction { count average } } }";

async fn dashboard(app: &TestApp, who: &Tokens, team: Option<&str>) -> Value {
    let body = app
        .gql(Some(&who.access), DASHBOARD, json!({ "t": team }))
        .await;
    data(&body)["dashboard"].clone()
}

/// Moves the test clock forward to the next `hh:mm` in São Paulo.
fn advance_to_local(app: &TestApp, hour: u32, minute: u32) {
    let now = app.clock.now();
    let zone = Tz::America__Sao_Paulo;
    let local = now.with_timezone(&zone);
    let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_else(|| panic!("time"));
    let mut target = zone
        .from_local_datetime(&local.date_naive().and_time(time))
        .earliest()
        .unwrap_or_else(|| panic!("no such local time"))
        .with_timezone(&Utc);
    if target <= now {
        target += Duration::days(1);
    }
    app.clock.advance(target - now);
}

async fn assign(w: &World, who: &Tokens, conversation: &str) {
    data(
        &w.app
            .gql(
                Some(&who.access),
                "mutation($c: ID!, $a: ID!) { assignConversation(conversationId: $c, agentId: $a) { id } }",
                json!({ "c": conversation, "a": who.user_id }),
            )
            .await,
    );
}

fn seconds(secs: i64) -> Duration {
    Duration::seconds(secs)
}

/// Yesterday evening (local) one conversation is answered and resolved; today from 01:00 one is
/// answered after 120 s and resolved after 300 s, one waits in the queue, one is answered after
/// 60 s and stays open, and a web chat visitor rates a resolved conversation 4.
async fn the_dashboard_counts_today_in_the_isps_time_zone(app: TestApp) {
    advance_to_local(&app, 23, 0);
    let w = world(app).await;
    let (_, yesterday) = w.post("ontem", "sem sinal").await;
    assign(&w, &w.ana, &yesterday).await;
    data(&w.send(&w.ana.access, &yesterday, "Vou verificar").await);
    w.app.clock.advance(Duration::minutes(10));
    // 23:10 in São Paulo is 02:10 UTC: already "today" in UTC, still yesterday for the ISP.
    data(
        &w.set_status(&w.ana.access, &yesterday, "RESOLVED", None)
            .await,
    );

    advance_to_local(&w.app, 1, 0);
    // Access tokens lasted 15 minutes: everyone signs in again.
    let admin = w.app.admin().await;
    let ana = w.app.login("ana", "ana-password").await;
    let bia = w.app.login("bia", "bia-password").await;
    let sofia = w.app.login("sofia", "sofia-password").await;

    let (_, answered) = w.post("c-2", "internet lenta").await;
    assign(&w, &ana, &answered).await;
    w.app.clock.advance(seconds(120));
    data(&w.send(&ana.access, &answered, "Reiniciei sua ONU").await);
    w.app.clock.advance(seconds(180));
    data(&w.set_status(&ana.access, &answered, "RESOLVED", None).await);

    w.post("c-3", "boleto").await;
    let (_, open) = w.post("c-4", "mudança de endereço").await;
    assign(&w, &bia, &open).await;
    w.app.clock.advance(seconds(60));
    data(&w.send(&bia.access, &open, "Qual o novo endereço?").await);

    // A web chat visitor (an inbox without a team) rates their resolved conversation.
    let (web, _) = web_inbox(&w.app, &admin.access, Value::Null).await;
    let (visitor, _) = visitor(&w.app, &web, "Vi").await;
    let sent = w
        .app
        .gql(
            Some(&visitor),
            r#"mutation { sendVisitorMessage(input: {content: "oi", clientMessageId: "v-1"}) { conversationId } }"#,
            json!({}),
        )
        .await;
    let rated = str_at(&data(&sent)["sendVisitorMessage"], "conversationId");
    data(&w.set_status(&admin.access, &rated, "RESOLVED", None).await);
    data(
        &w.app
            .gql(
                Some(&visitor),
                "mutation($c: ID!) { rateConversation(conversationId: $c, score: 4) { score } }",
                json!({ "c": rated }),
            )
            .await,
    );

    let suporte = dashboard(&w.app, &admin, Some(&w.suporte)).await;
    assert_eq!(suporte["timezone"], "America/Sao_Paulo");
    assert_eq!(suporte["team"]["id"], json!(w.suporte));
    assert_eq!(
        suporte["counts"],
        json!({ "bot": 0, "queued": 1, "open": 1, "pending": 0, "snoozed": 0 })
    );
    assert_eq!(suporte["createdToday"], 3);
    assert_eq!(
        suporte["resolvedToday"], 1,
        "yesterday's resolution counted"
    );
    let today = chrono::DateTime::parse_from_rfc3339(suporte["since"].as_str().unwrap_or(""))
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}: {suporte}"));
    // Midnight in São Paulo (UTC-3), one hour and a few minutes before now.
    assert_eq!(today.format("%H:%M").to_string(), "03:00");
    assert_eq!(
        suporte["firstResponse"],
        json!({ "count": 2, "averageSeconds": 90.0, "medianSeconds": 90.0 })
    );
    assert_eq!(
        suporte["resolution"],
        json!({ "count": 1, "averageSeconds": 300.0, "medianSeconds": 300.0 })
    );
    assert_eq!(
        suporte["satisfaction"],
        json!({ "count": 0, "average": null })
    );
    assert_eq!(
        suporte["queues"],
        json!([{ "team": { "id": w.suporte }, "length": 1, "longestWaitSeconds": 60 }])
    );
    assert_eq!(
        suporte["agents"],
        json!([
            { "user": { "username": "ana" }, "presence": "ONLINE", "activeConversations": 0 },
            { "user": { "username": "bia" }, "presence": "ONLINE", "activeConversations": 1 },
        ])
    );

    // Every conversation: the web chat's too, and Fabio of Financeiro (offline: not seen since
    // yesterday).
    let all = dashboard(&w.app, &admin, None).await;
    assert_eq!(all["team"], Value::Null);
    assert_eq!(all["createdToday"], 4);
    assert_eq!(all["resolvedToday"], 2);
    assert_eq!(all["satisfaction"], json!({ "count": 1, "average": 4.0 }));
    assert_eq!(all["resolution"]["count"], 2);
    let agents: Vec<(String, String)> = all["agents"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| {
            (
                str_at(&a["user"], "username"),
                a["presence"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        agents,
        [
            ("ana".to_owned(), "ONLINE".to_owned()),
            ("bia".to_owned(), "ONLINE".to_owned()),
            ("fabio".to_owned(), "OFFLINE".to_owned()),
        ]
    );

    // Sofia supervises Suporte: her dashboard is Suporte's.
    data(
        &w.app
            .gql(
                Some(&admin.access),
                "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }",
                json!({ "t": w.suporte, "u": sofia.user_id }),
            )
            .await,
    );
    let hers = dashboard(&w.app, &sofia, None).await;
    assert_eq!(hers["createdToday"], 3);
    assert_eq!(hers["resolvedToday"], 1);
    assert_eq!(hers["counts"], suporte["counts"]);
    w.app.shutdown().await;
}

async fn supervisors_see_their_teams_and_agents_none(app: TestApp) {
    let w = world(app).await;
    data(
        &w.app
            .gql(
                Some(&w.admin.access),
                "mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }",
                json!({ "t": w.suporte, "u": w.sofia.user_id }),
            )
            .await,
    );
    w.post("c-1", "oi").await;
    let body = w
        .app
        .gql(Some(&w.ana.access), DASHBOARD, json!({ "t": null }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = w
        .app
        .gql(
            Some(&w.sofia.access),
            DASHBOARD,
            json!({ "t": w.financeiro }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = w
        .app
        .gql(
            Some(&w.admin.access),
            DASHBOARD,
            json!({ "t": uuid::Uuid::new_v4().to_string() }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let body = w.app.gql(Some(&w.key), DASHBOARD, json!({})).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Financeiro's queue and agents are not hers.
    let hers = dashboard(&w.app, &w.sofia, None).await;
    assert_eq!(hers["counts"]["queued"], 1);
    let names: Vec<String> = hers["agents"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| str_at(&a["user"], "username"))
        .collect();
    assert_eq!(names, ["ana", "bia", "sofia"]);
    let financeiro = dashboard(&w.app, &w.admin, Some(&w.financeiro)).await;
    assert_eq!(financeiro["counts"]["queued"], 0);
    assert_eq!(financeiro["queues"], json!([]));
    w.app.shutdown().await;
}
