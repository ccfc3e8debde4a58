// A small typed GraphQL client for ISP Chat: queries and mutations over HTTP POST, subscriptions
// over WebSocket (graphql-transport-ws, the `graphql-ws` client on the `ws` package).

import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { TypedDocumentString } from "./gql/graphql.js";

/** One entry of a response's `errors`. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** The server answered with errors (or not with GraphQL at all). */
export class RequestFailed extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly errors: readonly GraphQLErrorEntry[],
  ) {
    const first = errors[0];
    const code = first?.extensions?.code ? ` [${first.extensions.code}]` : "";
    super(`${operation}: HTTP ${status}: ${first?.message ?? "no GraphQL response"}${code}`);
  }

  /** `extensions.code` of the first error: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT… */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** The variables argument: required when the operation has required variables. */
type VariablesOf<V> = V extends Record<string, never> ? [] | [V] : [V];

const ACCEPT = "application/graphql-response+json, application/json";

function operationName(document: string): string {
  return /(?:query|mutation|subscription)\s+(\w+)/.exec(document)?.[1] ?? "anonymous";
}

/**
 * Runs queries and mutations with POST. `token` is read on every request, so a caller that
 * refreshes its access token only has to update what the function returns.
 */
export function httpExecutor(url: string, token: () => string | undefined = () => undefined) {
  return async function execute<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    ...[variables]: VariablesOf<TVariables>
  ): Promise<TResult> {
    const query = document.toString();
    const name = operationName(query);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: ACCEPT,
    };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;

    const response = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables: variables ?? {}, operationName: name }),
    });
    const type = response.headers.get("content-type") ?? "";
    if (!/^application\/(graphql-response\+)?json/.test(type)) {
      // A proxy's error page, a 502…: not a GraphQL response.
      throw new RequestFailed(name, response.status, [
        { message: `unexpected content-type ${JSON.stringify(type)}` },
      ]);
    }
    const body = (await response.json()) as {
      data?: TResult | null;
      errors?: GraphQLErrorEntry[];
    };
    // Any error fails the call: this integration never selects fields whose failure it could
    // live with. (A partial `data` is still in `body.data` if one wanted it.)
    if (body.errors?.length || !response.ok || body.data == null) {
      throw new RequestFailed(name, response.status, body.errors ?? []);
    }
    return body.data;
  };
}

export type Execute = ReturnType<typeof httpExecutor>;

/** `http(s)://host/graphql` → `ws(s)://host/graphql`. */
export function webSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/** A graphql-transport-ws client that signs in with `token` in `connection_init`. */
export function subscriptionClient(url: string, token: () => string): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    // Evaluated on every (re)connection: return a fresh token when using a user's access token.
    connectionParams: () => ({ Authorization: `Bearer ${token()}` }),
    retryAttempts: 5,
  });
}

/**
 * A typed subscription whose results are collected as they come, with a way to wait for what
 * one expects.
 */
export class Subscription<TResult, TVariables extends Record<string, unknown>> {
  readonly received: TResult[] = [];
  private failure: unknown = undefined;
  private completed = false;
  private wake: () => void = () => {};
  private readonly stop: () => void;

  constructor(
    client: Client,
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
  ) {
    const query = document.toString();
    const name = operationName(query);
    this.stop = client.subscribe<TResult>(
      { query, variables, operationName: name },
      {
        next: (result) => {
          if (result.errors?.length) {
            this.failure = new RequestFailed(
              name,
              200,
              result.errors.map((e) => ({ message: e.message, extensions: e.extensions ?? {} })),
            );
          } else if (result.data) {
            this.received.push(result.data);
          }
          this.wake();
        },
        error: (err) => {
          this.failure = err;
          this.wake();
        },
        complete: () => {
          this.completed = true;
          this.wake();
        },
      },
    );
  }

  /** Waits until `done(received)` holds; fails on an error, on completion, or after `ms`. */
  async until(done: (received: readonly TResult[]) => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done(this.received)) {
      if (this.failure !== undefined) throw this.failure;
      if (this.completed) throw new Error("the subscription completed early");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  close(): void {
    this.stop();
  }
}
