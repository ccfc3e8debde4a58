// An integrator's flow against ISP Chat, typed end to end:
//
//  1. the admin signs in;
//  2. creates an API key for the integration and an API inbox;
//  3. the integration (with the key) posts a customer's message, then posts it again with the
//     same externalId, as a webhook retry would: one message is stored;
//  4. it subscribes to the conversation's events from the start (`after: 0`);
//  5. the admin replies (and retries the reply with the same clientMessageId);
//  6. the subscription must have delivered exactly the expected events, in order.
//
// Any mismatch exits with status 1.
//
//   npm ci && npm run generate
//   ISPCHAT_GRAPHQL_URL=http://localhost:8080/graphql ISPCHAT_ADMIN_PASSWORD=… npm start

import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { httpExecutor, subscriptionClient, Subscription, webSocketUrl } from "./client.js";
import {
  ConversationEvents,
  ConversationMessages,
  CreateApiInbox,
  CreateApiKey,
  Login,
  PostIncomingMessage,
  SendMessage,
} from "./operations.js";

const url = process.env.ISPCHAT_GRAPHQL_URL ?? "http://localhost:8080/graphql";
const adminLogin = process.env.ISPCHAT_ADMIN_LOGIN ?? "admin";
const adminPassword = process.env.ISPCHAT_ADMIN_PASSWORD;
if (!adminPassword) {
  console.error("set ISPCHAT_ADMIN_PASSWORD (and ISPCHAT_GRAPHQL_URL)");
  process.exit(2);
}

const failures: string[] = [];
function check(ok: boolean, what: string, detail?: unknown): void {
  if (ok) {
    console.log(`ok   ${what}`);
  } else {
    failures.push(what);
    console.log(`FAIL ${what}${detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`);
  }
}

// Names unique to this run, so that it can run again against the same server.
const run = randomUUID().slice(0, 8);

// 1. The admin signs in.
const anonymous = httpExecutor(url);
const { login: session } = await anonymous(Login, { login: adminLogin, password: adminPassword });
check(session.user.role === "ADMIN", "signed in as an admin", session.user.role);
const asAdmin = httpExecutor(url, () => session.accessToken);

// 2. A key with only what the integration needs, and the inbox it posts to.
const { createApiKey } = await asAdmin(CreateApiKey, {
  input: {
    name: `TypeScript example ${run}`,
    // messages:write posts customers' messages; conversations:read follows the conversations.
    scopes: ["messages:write", "conversations:read"],
  },
});
const apiKey = createApiKey.key;
console.log(`API key ${createApiKey.apiKey.prefix}… with ${createApiKey.apiKey.scopes.join(", ")}`);
const asApp = httpExecutor(url, () => apiKey);

const { createInbox: inbox } = await asAdmin(CreateApiInbox, {
  name: `App Minha Conta (TypeScript example ${run})`,
});
check(inbox.kind === "API", "created an API inbox", inbox);

// 3. The customer writes; the integration's webhook handler posts the message, and posts it
// again (a retry after a timeout): the externalId makes the second post return the first.
const customerText = "Oi, minha internet está caindo toda noite desde ontem.";
const incoming = {
  inboxId: inbox.id,
  contact: { name: "João da Silva", phone: "(11) 98765-4321", identifier: `cliente-${run}` },
  content: customerText,
  externalId: `app-msg-${run}-1`,
};
const { postIncomingMessage: posted } = await asApp(PostIncomingMessage, incoming);
const { postIncomingMessage: retried } = await asApp(PostIncomingMessage, incoming);
const conversationId = posted.conversationId;
console.log(`conversation ${conversationId}, protocol ${posted.conversation.protocol}`);
check(posted.direction === "INCOMING", "the customer's message is INCOMING", posted.direction);
check(posted.externalId === incoming.externalId, "it keeps its externalId", posted.externalId);
check(retried.id === posted.id, "posting the same externalId again returns the stored message", {
  first: posted.id,
  again: retried.id,
});

// 4. Follow the conversation from its first event: `after: 0` replays what is stored, then
// goes on live, each event once, so nothing is missed between the post and the subscription.
const ws = subscriptionClient(webSocketUrl(url), () => apiKey);
const events = new Subscription(ws, ConversationEvents, { conversationId, after: 0 });

try {
  // 5. The admin answers from the console; the console retries with the same clientMessageId.
  const replyText = "Olá, João! Vou verificar o sinal da sua ONU.";
  const reply = { conversationId, content: replyText, clientMessageId: `admin-${run}-1` };
  const { sendMessage: answer } = await asAdmin(SendMessage, reply);
  const { sendMessage: answerAgain } = await asAdmin(SendMessage, reply);
  check(answerAgain.id === answer.id, "resending a reply with its clientMessageId stores it once");
  check(answer.direction === "OUTGOING", "the reply is OUTGOING", answer.direction);
  check(
    answer.conversation.status === "OPEN" && answer.conversation.assignee?.id === session.user.id,
    "replying opened the conversation and assigned it to the admin",
    answer.conversation,
  );

  // 6. What the subscription delivered.
  await events.until((r) => r.some((e) => e.conversationEvents.message?.id === answer.id));
  await sleep(500); // anything unexpected after the reply would arrive by now
  const stored = events.received.map((r) => r.conversationEvents).filter((e) => e.kind !== "TYPING");
  for (const e of stored) {
    const what = e.message ? `${e.message.direction}: ${e.message.content}` : (e.status ?? "");
    console.log(`  event seq ${e.seq} ${e.kind} ${what}`.trimEnd());
  }
  const expected = ["CREATED", "MESSAGE_CREATED", "ASSIGNED", "STATUS_CHANGED", "MESSAGE_CREATED"];
  check(
    JSON.stringify(stored.map((e) => e.kind)) === JSON.stringify(expected),
    `the subscription delivered ${expected.join(", ")}`,
    stored.map((e) => e.kind),
  );
  check(
    stored.every((e, i) => e.seq === i + 1),
    "events are numbered 1, 2, 3… with no gap and no repeat",
    stored.map((e) => e.seq),
  );
  const messages = stored.flatMap((e) => (e.message ? [e.message] : []));
  check(
    messages.length === 2 &&
      messages[0]?.id === posted.id &&
      messages[0].direction === "INCOMING" &&
      messages[0].senderKind === "CONTACT" &&
      messages[0].content === customerText &&
      messages[1]?.id === answer.id &&
      messages[1].direction === "OUTGOING" &&
      messages[1].senderKind === "AGENT" &&
      messages[1].content === replyText,
    "the events carry the customer's message once, then the reply",
    messages,
  );
  const assigned = stored.find((e) => e.kind === "ASSIGNED");
  check(assigned?.assignee?.id === session.user.id, "ASSIGNED names the admin", assigned);
  const status = stored.find((e) => e.kind === "STATUS_CHANGED");
  check(status?.status === "OPEN", "STATUS_CHANGED says OPEN", status);

  // 7. The stored history agrees.
  const { conversation } = await asApp(ConversationMessages, { id: conversationId });
  const incomingStored = conversation.messages.nodes.filter((m) => m.direction === "INCOMING");
  const outgoingStored = conversation.messages.nodes.filter((m) => m.direction === "OUTGOING");
  check(
    incomingStored.length === 1 && incomingStored[0]?.externalId === incoming.externalId,
    "the conversation stores the customer's message once",
    incomingStored,
  );
  check(
    outgoingStored.length === 1 && outgoingStored[0]?.clientMessageId === reply.clientMessageId,
    "the conversation stores the reply once",
    outgoingStored,
  );
  check(
    conversation.lastSeq === stored.at(-1)?.seq,
    "lastSeq is the last event received",
    { lastSeq: conversation.lastSeq },
  );
} finally {
  events.close();
  await ws.dispose();
}

if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("\nall checks passed");
