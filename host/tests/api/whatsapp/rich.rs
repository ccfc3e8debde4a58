//! Rich WhatsApp content end to end: incoming media the host downloads in Meta's two steps, and
//! templates, the only messages allowed once the 24-hour window closed.

use serde_json::json;

use super::harness::{ACCESS_TOKEN, CUSTOMER, WhatsApp, customer_message, eventually, whatsapp};
use crate::support::{TestApp, data, str_at};

async fn incoming_media_is_downloaded_in_two_steps_with_the_token(app: TestApp) {
    let w = whatsapp(app).await;
    let mut payload = customer_message("image", "wamid.IMG1", CUSTOMER, "Lucas Rocha", w.now());
    // The fake serves a PNG; say so, as Meta would for this file.
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["image"]["mime_type"] =
        json!("image/png");
    w.deliver(&payload).await;
    let conversation = w.conversation_of("Lucas Rocha").await;
    let message = w
        .message_where(&conversation, "the image stored", |m| {
            m["attachments"].as_array().is_some_and(|a| !a.is_empty())
        })
        .await;
    assert_eq!(message["attachments"][0]["contentType"], "image/png");
    assert_eq!(
        message["attachments"][0]["size"],
        super::fake_graph::MEDIA_BYTES.len()
    );
    let gets: Vec<_> = w
        .graph
        .received()
        .into_iter()
        .filter(|r| r.method == axum::http::Method::GET)
        .collect();
    assert_eq!(gets.len(), 2, "{gets:?}");
    assert_eq!(gets[0].path_and_query, "/v21.0/1003383421387256");
    assert!(
        gets[1]
            .path_and_query
            .starts_with("/whatsapp_business/attachments/?mid=1003383421387256")
    );
    for get in &gets {
        assert_eq!(
            get.authorization.as_deref(),
            Some(format!("Bearer {}", ACCESS_TOKEN).as_str())
        );
    }
    w.shutdown().await;
}

async fn a_template_opens_a_closed_window(app: TestApp) {
    let mut w: WhatsApp = whatsapp(app).await;
    w.customer_says("wamid.T1", CUSTOMER, "Bia Costa").await;
    let conversation = w.conversation_of("Bia Costa").await;
    w.app.clock.advance(chrono::Duration::hours(30));
    w.ana = w.app.login("ana", "ana-password").await;
    let sent = w
        .app
        .gql(
            Some(&w.ana.access),
            "mutation($c: ID!) { sendTemplate(conversationId: $c, template: {name: \"fatura_disponivel\", language: \"pt_BR\", parameters: [\"Bia\", \"R$ 99,90\"]}) { id } }",
            json!({ "c": conversation }),
        )
        .await;
    let id = str_at(&data(&sent)["sendTemplate"], "id");
    w.message_where(&conversation, "the template sent", |m| {
        m["id"] == id.as_str() && m["deliveryState"] == "SENT"
    })
    .await;
    let bodies = eventually("the template at the Graph API", || async {
        let sent = w.graph.sent_messages();
        (!sent.is_empty()).then_some(sent)
    })
    .await;
    assert_eq!(
        bodies[0],
        json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": CUSTOMER,
            "type": "template",
            "template": {
                "name": "fatura_disponivel",
                "language": { "code": "pt_BR" },
                "components": [{ "type": "body", "parameters": [
                    { "type": "text", "text": "Bia" },
                    { "type": "text", "text": "R$ 99,90" },
                ]}],
            },
        })
    );
    w.shutdown().await;
}

backend_tests!(
    incoming_media_is_downloaded_in_two_steps_with_the_token,
    a_template_opens_a_closed_window,
);
