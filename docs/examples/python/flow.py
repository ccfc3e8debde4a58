"""An integrator's flow against ISP Chat with the `gql` library (asyncio):

 1. the admin signs in;
 2. creates an API key for the integration and an API inbox;
 3. the integration (with the key) posts a customer's message, then posts it again with the
    same externalId, as a webhook retry would: one message is stored;
 4. it subscribes to the conversation's events from the start (`after: 0`);
 5. the admin replies (and retries the reply with the same clientMessageId);
 6. the subscription must have delivered exactly the expected events, in order.

Queries and mutations go over HTTP (AIOHTTPTransport), the subscription over a WebSocket with
the graphql-transport-ws subprotocol (WebsocketsTransport). Documents are validated against
the repository's schema.graphql before they are sent. Any mismatch exits with status 1.

    python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
    ISPCHAT_GRAPHQL_URL=http://localhost:8080/graphql ISPCHAT_ADMIN_PASSWORD=… .venv/bin/python flow.py
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from gql import Client, GraphQLRequest, gql
from gql.client import AsyncClientSession
from gql.transport.aiohttp import AIOHTTPTransport
from gql.transport.websockets import WebsocketsTransport

URL = os.environ.get("ISPCHAT_GRAPHQL_URL", "http://localhost:8080/graphql")
ADMIN_LOGIN = os.environ.get("ISPCHAT_ADMIN_LOGIN", "admin")
ADMIN_PASSWORD = os.environ.get("ISPCHAT_ADMIN_PASSWORD")
# The schema to validate documents against: the repository's, unless told otherwise.
SCHEMA = Path(
    os.environ.get("ISPCHAT_SCHEMA", Path(__file__).resolve().parents[2] / "schema.graphql")
)

LOGIN = gql("""
    mutation Login($login: String!, $password: String!) {
      login(login: $login, password: $password) { accessToken user { id role } }
    }
""")

CREATE_API_KEY = gql("""
    mutation CreateApiKey($input: CreateApiKeyInput!) {
      createApiKey(input: $input) { key apiKey { id prefix scopes } }
    }
""")

CREATE_API_INBOX = gql("""
    mutation CreateApiInbox($name: String!) {
      createInbox(input: {name: $name, kind: API}) { id name kind }
    }
""")

POST_INCOMING_MESSAGE = gql("""
    mutation PostIncomingMessage($inboxId: ID!, $contact: IncomingContactInput!,
                                 $content: String!, $externalId: String) {
      postIncomingMessage(inboxId: $inboxId, contact: $contact, content: $content,
                          externalId: $externalId) {
        id conversationId content direction externalId conversation { protocol status }
      }
    }
""")

SEND_MESSAGE = gql("""
    mutation SendMessage($conversationId: ID!, $content: String!, $clientMessageId: String) {
      sendMessage(conversationId: $conversationId, content: $content,
                  clientMessageId: $clientMessageId) {
        id direction deliveryState conversation { status assignee { id } }
      }
    }
""")

CONVERSATION_MESSAGES = gql("""
    query ConversationMessages($id: ID!) {
      conversation(id: $id) {
        protocol status lastSeq
        messages(last: 50) { nodes { id direction senderKind content externalId clientMessageId } }
      }
    }
""")

CONVERSATION_EVENTS = gql("""
    subscription ConversationEvents($conversationId: ID!, $after: Int) {
      conversationEvents(conversationId: $conversationId, after: $after) {
        seq kind actorKind status assignee { id } message { id direction senderKind content }
      }
    }
""")

failures: list[str] = []


def check(ok: bool, what: str, detail: Any = None) -> None:
    if ok:
        print(f"ok   {what}")
    else:
        failures.append(what)
        extra = "" if detail is None else f": {json.dumps(detail, ensure_ascii=False)}"
        print(f"FAIL {what}{extra}")


def websocket_url(http_url: str) -> str:
    parts = urlsplit(http_url)
    return urlunsplit(parts._replace(scheme="wss" if parts.scheme == "https" else "ws"))


def request(document: GraphQLRequest, **variables: Any) -> GraphQLRequest:
    return GraphQLRequest(document, variable_values=variables)


class Events:
    """A subscription read in the background, with a way to wait for what one expects."""

    def __init__(self, session: AsyncClientSession, document: GraphQLRequest) -> None:
        self.received: list[dict[str, Any]] = []
        self.failure: BaseException | None = None
        self.completed = False
        self._changed = asyncio.Event()
        self._task = asyncio.create_task(self._read(session, document))

    async def _read(self, session: AsyncClientSession, document: GraphQLRequest) -> None:
        try:
            async for result in session.subscribe(document):
                self.received.append(result)
                self._changed.set()
            self.completed = True
        except Exception as err:  # a TransportQueryError carries the GraphQL errors
            self.failure = err
        self._changed.set()

    async def until(self, done: Callable[[list[dict[str, Any]]], bool], seconds: float = 10) -> None:
        async def wait() -> None:
            while not done(self.received):
                if self.failure is not None:
                    raise self.failure
                if self.completed:
                    raise RuntimeError("the subscription completed early")
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(wait(), seconds)

    async def close(self) -> None:
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass


async def http_session(stack: AsyncExitStack, schema: str | None, token: str | None = None):
    headers = {"Accept": "application/graphql-response+json, application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    client = Client(transport=AIOHTTPTransport(url=URL, headers=headers), schema=schema)
    return await stack.enter_async_context(client)


async def main() -> int:
    if not ADMIN_PASSWORD:
        print("set ISPCHAT_ADMIN_PASSWORD (and ISPCHAT_GRAPHQL_URL)", file=sys.stderr)
        return 2
    schema = SCHEMA.read_text() if SCHEMA.is_file() else None
    run = uuid.uuid4().hex[:8]  # names unique to this run

    async with AsyncExitStack() as stack:
        # 1. The admin signs in.
        anonymous = await http_session(stack, schema)
        login = (
            await anonymous.execute(request(LOGIN, login=ADMIN_LOGIN, password=ADMIN_PASSWORD))
        )["login"]
        check(login["user"]["role"] == "ADMIN", "signed in as an admin", login["user"])
        admin = await http_session(stack, schema, login["accessToken"])

        # 2. A key with only what the integration needs, and the inbox it posts to.
        created = (
            await admin.execute(
                request(
                    CREATE_API_KEY,
                    input={
                        "name": f"Python example {run}",
                        # messages:write posts customers' messages; conversations:read follows
                        # the conversations.
                        "scopes": ["messages:write", "conversations:read"],
                    },
                )
            )
        )["createApiKey"]
        api_key = created["key"]
        print(f"API key {created['apiKey']['prefix']}… with {', '.join(created['apiKey']['scopes'])}")
        app = await http_session(stack, schema, api_key)
        inbox = (
            await admin.execute(
                request(CREATE_API_INBOX, name=f"App Minha Conta (Python example {run})")
            )
        )["createInbox"]
        check(inbox["kind"] == "API", "created an API inbox", inbox)

        # 3. The customer writes; the integration posts the message, and posts it again (a retry
        # after a timeout): the externalId makes the second post return the first.
        customer_text = "Oi, minha internet está caindo toda noite desde ontem."
        incoming = {
            "inboxId": inbox["id"],
            "contact": {
                "name": "João da Silva",
                "phone": "(11) 98765-4321",
                "identifier": f"cliente-{run}",
            },
            "content": customer_text,
            "externalId": f"app-msg-{run}-1",
        }
        posted = (await app.execute(request(POST_INCOMING_MESSAGE, **incoming)))[
            "postIncomingMessage"
        ]
        retried = (await app.execute(request(POST_INCOMING_MESSAGE, **incoming)))[
            "postIncomingMessage"
        ]
        conversation_id = posted["conversationId"]
        print(f"conversation {conversation_id}, protocol {posted['conversation']['protocol']}")
        check(posted["direction"] == "INCOMING", "the customer's message is INCOMING")
        check(posted["externalId"] == incoming["externalId"], "it keeps its externalId")
        check(
            retried["id"] == posted["id"],
            "posting the same externalId again returns the stored message",
            {"first": posted["id"], "again": retried["id"]},
        )

        # 4. Follow the conversation from its first event: `after: 0` replays what is stored,
        # then goes on live, each event once.
        ws = WebsocketsTransport(
            url=websocket_url(URL),
            subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],  # graphql-transport-ws
            init_payload={"Authorization": f"Bearer {api_key}"},
        )
        live = await stack.enter_async_context(Client(transport=ws, schema=schema))
        events = Events(live, request(CONVERSATION_EVENTS, conversationId=conversation_id, after=0))
        stack.push_async_callback(events.close)

        # 5. The admin answers; the console retries with the same clientMessageId.
        reply_text = "Olá, João! Vou verificar o sinal da sua ONU."
        reply = {
            "conversationId": conversation_id,
            "content": reply_text,
            "clientMessageId": f"admin-{run}-1",
        }
        answer = (await admin.execute(request(SEND_MESSAGE, **reply)))["sendMessage"]
        answer_again = (await admin.execute(request(SEND_MESSAGE, **reply)))["sendMessage"]
        check(answer_again["id"] == answer["id"], "resending a reply with its clientMessageId stores it once")
        check(answer["direction"] == "OUTGOING", "the reply is OUTGOING")
        conversation_now = answer["conversation"]
        check(
            conversation_now["status"] == "OPEN"
            and (conversation_now["assignee"] or {}).get("id") == login["user"]["id"],
            "replying opened the conversation and assigned it to the admin",
            conversation_now,
        )

        # 6. What the subscription delivered.
        await events.until(
            lambda received: any(
                (r["conversationEvents"]["message"] or {}).get("id") == answer["id"]
                for r in received
            )
        )
        await asyncio.sleep(0.5)  # anything unexpected after the reply would arrive by now
        stored = [
            r["conversationEvents"]
            for r in events.received
            if r["conversationEvents"]["kind"] != "TYPING"
        ]
        for e in stored:
            m = e["message"]
            what = f"{m['direction']}: {m['content']}" if m else (e["status"] or "")
            print(f"  event seq {e['seq']} {e['kind']} {what}".rstrip())
        expected = ["CREATED", "MESSAGE_CREATED", "ASSIGNED", "STATUS_CHANGED", "MESSAGE_CREATED"]
        check(
            [e["kind"] for e in stored] == expected,
            f"the subscription delivered {', '.join(expected)}",
            [e["kind"] for e in stored],
        )
        check(
            [e["seq"] for e in stored] == list(range(1, len(stored) + 1)),
            "events are numbered 1, 2, 3… with no gap and no repeat",
            [e["seq"] for e in stored],
        )
        messages = [e["message"] for e in stored if e["message"]]
        check(
            [(m["id"], m["direction"], m["senderKind"], m["content"]) for m in messages]
            == [
                (posted["id"], "INCOMING", "CONTACT", customer_text),
                (answer["id"], "OUTGOING", "AGENT", reply_text),
            ],
            "the events carry the customer's message once, then the reply",
            messages,
        )
        assigned = next((e for e in stored if e["kind"] == "ASSIGNED"), None)
        check(
            assigned is not None
            and (assigned["assignee"] or {}).get("id") == login["user"]["id"],
            "ASSIGNED names the admin",
            assigned,
        )
        status = next((e for e in stored if e["kind"] == "STATUS_CHANGED"), None)
        check(status is not None and status["status"] == "OPEN", "STATUS_CHANGED says OPEN", status)

        # 7. The stored history agrees.
        conversation = (
            await app.execute(request(CONVERSATION_MESSAGES, id=conversation_id))
        )["conversation"]
        nodes = conversation["messages"]["nodes"]
        incoming_stored = [m for m in nodes if m["direction"] == "INCOMING"]
        outgoing_stored = [m for m in nodes if m["direction"] == "OUTGOING"]
        check(
            len(incoming_stored) == 1 and incoming_stored[0]["externalId"] == incoming["externalId"],
            "the conversation stores the customer's message once",
            incoming_stored,
        )
        check(
            len(outgoing_stored) == 1
            and outgoing_stored[0]["clientMessageId"] == reply["clientMessageId"],
            "the conversation stores the reply once",
            outgoing_stored,
        )
        check(
            bool(stored) and conversation["lastSeq"] == stored[-1]["seq"],
            "lastSeq is the last event received",
            {"lastSeq": conversation["lastSeq"]},
        )

    if failures:
        print(f"\n{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
