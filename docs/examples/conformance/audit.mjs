// Runs the GraphQL over HTTP server audit of the `graphql-http` package against an ISP Chat
// server and prints every result. Exits 1 if any audit is an error (a failed MUST) or a warning
// (a failed SHOULD); notices (MAYs) are printed but do not fail the run.
//
//   npm ci
//   ISPCHAT_GRAPHQL_URL=http://127.0.0.1:8080/graphql node audit.mjs
//
// For each audit that did not pass, the audit is run once more on its own with a recording
// `fetch`, and the request it sent and the response it got are printed.

import { auditServer, serverAudits } from "graphql-http";

const url = process.env.ISPCHAT_GRAPHQL_URL;
if (!url) {
  console.error("set ISPCHAT_GRAPHQL_URL, e.g. http://127.0.0.1:8080/graphql");
  process.exit(2);
}

const results = await auditServer({ url });

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] += 1;
  const line = `${result.status.toUpperCase().padEnd(6)} ${result.id}  ${result.name}`;
  console.log(result.status === "ok" ? line : `${line}\n         reason: ${result.reason}`);
}
console.log(
  `\n${results.length} audits: ${counts.ok} ok, ${counts.notice} notice, ` +
    `${counts.warn} warn, ${counts.error} error`,
);

const failed = results.filter((r) => r.status !== "ok");
if (failed.length > 0) {
  console.log("\nDetails of the audits that did not pass:");
  const byId = new Map(serverAudits({ url }).map((a) => [a.id, a]));
  for (const result of failed) {
    const exchanges = [];
    const recording = async (input, init = {}) => {
      const response = await fetch(input, init);
      const body = await response.clone().text();
      exchanges.push({ input: String(input), init, response, body });
      return response;
    };
    const audit = serverAudits({ url, fetchFn: recording }).find((a) => a.id === result.id);
    const again = audit ? await audit.fn() : undefined;
    console.log(`\n--- ${result.id} ${byId.get(result.id)?.name ?? result.name}`);
    console.log(`    first run: ${result.status} (${result.reason}); rerun: ${again?.status}`);
    for (const { input, init, response, body } of exchanges) {
      console.log(`    > ${init.method ?? "GET"} ${input}`);
      for (const [name, value] of Object.entries(init.headers ?? {})) {
        console.log(`    > ${name}: ${value}`);
      }
      if (init.body !== undefined) console.log(`    > ${truncate(String(init.body))}`);
      console.log(`    < ${response.status} ${response.statusText}`);
      for (const [name, value] of response.headers) console.log(`    < ${name}: ${value}`);
      console.log(`    < ${truncate(body)}`);
    }
  }
}

process.exit(counts.error + counts.warn > 0 ? 1 : 0);

function truncate(text, max = 600) {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
