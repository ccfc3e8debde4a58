// Starts a real ISP Chat server (the binary `cargo test` built, with the widget embedded) on a
// free port with a fresh SQLite data directory, and talks GraphQL to it as an admin would.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function binary() {
  const target = process.env.CARGO_TARGET_DIR ?? join(repo, 'target');
  const path = join(target, 'debug', 'ispchat');
  if (!existsSync(path)) throw new Error(`${path} is missing: run cargo build -p ispchat-host first (make test does)`);
  return path;
}

/**
 * The bundled plugins the server starts with: `webchat`, so web inboxes run through the channel
 * plugin as in production, and any `extra` ones (e.g. `whatsapp`). `ISPCHAT_E2E_PLUGINS=none`
 * starts without plugins, to test the host's own web chat path.
 */
function pluginsDir(dataDir, extra) {
  const dir = join(dataDir, 'plugins');
  mkdirSync(dir);
  if (process.env.ISPCHAT_E2E_PLUGINS === 'none') return dir;
  for (const name of ['webchat', ...extra]) {
    const plugin = join(repo, 'plugins', name);
    if (!existsSync(join(plugin, 'dist', `${name}.wasm`))) throw new Error(`${plugin}/dist is missing: run plugins/build-all.sh first`);
    symlinkSync(plugin, join(dir, name));
  }
  return dir;
}

export async function startHost({ corsOrigin = '', env: extraEnv = {}, plugins = [] } = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ispchat-e2e-'));
  const password = randomBytes(12).toString('base64url');
  const env = {
    ...process.env,
    ISPCHAT_LISTEN: `127.0.0.1:${port}`,
    ISPCHAT_DATA_DIR: dataDir,
    ISPCHAT_ADMIN_PASSWORD: password,
    ISPCHAT_PLUGINS_DIR: pluginsDir(dataDir, plugins),
    ...(corsOrigin ? { ISPCHAT_CORS_ORIGINS: corsOrigin } : {}),
    ISPCHAT_LOG_FORMAT: 'json',
    RUST_LOG: 'warn',
    ...extraEnv,
  };
  const url = `http://127.0.0.1:${port}`;
  let child = null;
  let log = '';
  const spawnServer = async () => {
    child = spawn(binary(), ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${log}`);
      try {
        if ((await fetch(`${url}/readyz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      if (i > 300) throw new Error(`the server did not become ready: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const kill = async () => {
    const running = child;
    if (running === null || running.exitCode !== null) return;
    running.kill('SIGTERM');
    await new Promise((resolve) => (running.exitCode !== null ? resolve() : running.once('exit', resolve)));
  };
  await spawnServer();
  const host = {
    url,
    /** The admin's password (`admin@ispchat.local`), for logging in through a browser. */
    password,
    token: null,
    log: () => log,
    async gql(query, variables = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(host.token ? { authorization: `Bearer ${host.token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = await response.json();
      if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    /** Stops the server, waits `downMs`, starts it again on the same port and data. */
    async restart(downMs = 0) {
      await kill();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await spawnServer();
    },
    async stop() {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const login = await host.gql('mutation($p: String!) { login(login: "admin@ispchat.local", password: $p) { accessToken } }', { p: password });
  host.token = login.login.accessToken;
  return host;
}

/** Polls `probe` until it returns something (about 15 s). */
export async function eventually(what, probe) {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}
