// An integrator's listener for ISP Chat: follows every conversation of one API inbox and prints
// what happens in it. Each conversation is followed with `conversationEvents(after: lastSeq)`,
// and the last `seq` handled is saved to a file, so a dropped connection or a restart of this
// script gets exactly the events it missed: none lost, none twice.
//
//   npm install
//   ISPCHAT_TOKEN=isk_… ISPCHAT_INBOX=<inbox id> node subscribe.mjs
//
// ISPCHAT_URL defaults to ws://localhost:8080/graphql (use wss:// behind TLS).

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const url = process.env.ISPCHAT_URL ?? "ws://localhost:8080/graphql";
const token = process.env.ISPCHAT_TOKEN; // an API key with `conversations:read`
const inboxId = process.env.ISPCHAT_INBOX;
const stateFile = process.env.ISPCHAT_STATE ?? "ispchat-state.json";

// conversation id -> seq of the last event handled
const lastSeq = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : {};
const following = new Set();

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  // Evaluated on every (re)connection: with a user's 15-minute access token, return a fresh one.
  connectionParams: () => ({ Authorization: `Bearer ${token}` }),
  retryAttempts: Infinity,
  on: {
    connected: () => {
      console.log("connected");
      catchUp().catch((err) => console.error("catch-up failed:", err));
    },
    closed: (event) => console.log(`disconnected (${event.code}), retrying`),
  },
});

const INBOX_EVENTS = `subscription($inboxId: ID) {
  inboxEvents(filter: {inboxId: $inboxId}) {
    kind seq conversation { id protocol status } } }`;

const CONVERSATION_EVENTS = `subscription($id: ID!, $after: Int) {
  conversationEvents(conversationId: $id, after: $after) {
    seq kind status team { name } message { direction senderKind content } } }`;

const ACTIVE = `query($inboxId: ID, $after: String) {
  conversations(filter: {inboxId: $inboxId, status: [BOT, QUEUED, OPEN, PENDING, SNOOZED]},
                first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`;

// (a) The live feed: learn about new conversations (and changes to all of them).
client.subscribe(
  { query: INBOX_EVENTS, variables: { inboxId } },
  {
    next: ({ data, errors }) => {
      if (errors) return console.error("inboxEvents:", errors);
      const { kind, seq, conversation: c } = data.inboxEvents;
      console.log(`[inbox] ${kind} #${c.protocol} (${c.status})`);
      // Follow it from this event on: the conversation stream delivers this event and the next.
      if (kind !== "TYPING" && c.status !== "RESOLVED") follow(c.id, seq - 1);
    },
    error: (err) => console.error("inboxEvents failed:", err),
    complete: () => {},
  },
);

// Conversations followed before a restart carry on from where they were.
for (const [id, seq] of Object.entries(lastSeq)) follow(id, seq);

// The live feed is not replayed: after every (re)connection, pick up the conversations that
// started while we were away, from their first event.
async function catchUp() {
  let after = null;
  do {
    const { data, errors } = await query(ACTIVE, { inboxId, after });
    if (errors) throw new Error(errors[0].message);
    for (const { id } of data.conversations.nodes) follow(id, 0);
    const page = data.conversations.pageInfo;
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
}

// Queries work over the same socket.
async function query(query, variables) {
  for await (const result of client.iterate({ query, variables })) return result;
}

// (b) One conversation's history from `after` on, then live.
function follow(id, after) {
  if (following.has(id)) return;
  following.add(id);
  // graphql-ws sends this same payload again when it reconnects: keeping `after` up to date in
  // it makes the server replay exactly the events missed while disconnected.
  const payload = { query: CONVERSATION_EVENTS, variables: { id, after: lastSeq[id] ?? after } };
  const stop = client.subscribe(payload, {
    next: ({ data, errors }) => {
      if (errors) return console.error(`conversation ${id}:`, errors);
      const e = data.conversationEvents;
      if (e.kind === "TYPING") return; // not stored: it repeats the last seq
      const what = e.message
        ? `${e.message.senderKind} ${e.message.direction}: ${e.message.content}`
        : [e.status, e.team?.name].filter(Boolean).join(" ");
      console.log(`[${id.slice(-6)}] seq ${e.seq} ${e.kind} ${what}`.trimEnd());
      payload.variables.after = lastSeq[id] = e.seq;
      if (e.kind === "STATUS_CHANGED" && e.status === "RESOLVED") {
        // Done with it; if it is reopened, the live feed brings it back.
        stop();
        following.delete(id);
        delete lastSeq[id];
      }
      writeFileSync(stateFile, JSON.stringify(lastSeq));
    },
    error: (err) => console.error(`conversation ${id} failed:`, err),
    complete: () => following.delete(id),
  });
}
