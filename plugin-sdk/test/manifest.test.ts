import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostAllowed, ManifestError, parseManifest } from '../lib/manifest.mjs';

const base = 'id = "acme-bot"\nname = "Acme"\nversion = "1.2.3"\nkind = "bot"\nwit = "1.0.0"\n';

function problems(text: string): string[] {
  try {
    parseManifest(text);
    return [];
  } catch (error) {
    assert.ok(error instanceof ManifestError);
    return error.problems;
  }
}

test('a minimal manifest gets safe defaults', () => {
  const m = parseManifest(base);
  assert.equal(m.entry, 'src/index.ts');
  assert.deepEqual(m.capabilities, { kv: false, http: { hosts: [] }, secrets: {} });
  assert.deepEqual(m.settings, {});
  assert.equal(m.prepare, undefined);
  assert.equal(m.enabledByDefault, true);
});

test('build keys: a prepare step and a bundled copy that starts disabled', () => {
  const m = parseManifest(`${base}prepare = "train/prepare.ts"\nenabled-by-default = false\n`);
  assert.equal(m.prepare, 'train/prepare.ts');
  assert.equal(m.enabledByDefault, false);
  assert.deepEqual(problems(`${base}enabled-by-default = "no"\n`), ['`enabled-by-default` must be true or false']);
  assert.deepEqual(problems(`${base}prepare = ""\n`), ['`prepare` must be a non-empty string']);
});

test('capabilities, secrets and settings are read', () => {
  const m = parseManifest(`${base}
[capabilities]
kv = true
[capabilities.http]
hosts = ["graph.facebook.com", "*.Example.com:8443"]
[capabilities.secrets.app-secret]
hosts = ["graph.facebook.com"]
[capabilities.secrets.signing-key]
reveal = true
[settings.language]
enum = ["pt-BR", "en"]
default = "en"
[settings.max-turns]
type = "integer"
min = 1
default = 5
`);
  assert.equal(m.capabilities.kv, true);
  assert.deepEqual(m.capabilities.http.hosts, ['graph.facebook.com', '*.example.com:8443']);
  assert.deepEqual(m.capabilities.secrets['app-secret'], { reveal: false, hosts: ['graph.facebook.com'], description: undefined });
  assert.equal(m.capabilities.secrets['signing-key']?.reveal, true);
  assert.equal(m.settings['language']?.type, 'string');
  assert.equal(m.settings['max-turns']?.default, 5);
});

test('mistakes are all reported at once', () => {
  const found = problems(`id = "Bad Id"
name = ""
version = "1"
kind = "robot"
wit = "2.0.0"
colour = "blue"
[component]
file = "x.wasm"
[capabilities]
kv = "yes"
net = true
[capabilities.http]
hosts = ["https://api.example.com/v1"]
[capabilities.secrets.token]
hosts = ["elsewhere.example.com"]
[settings.language]
type = "string"
enum = ["pt-BR"]
default = "fr"
`);
  const expected = [/`id`/, /`name`/, /`version`/, /`kind`/, /`wit` 2.0.0/, /unknown key `colour`/, /\[component\]/, /capabilities.kv/, /unknown capability `net`/, /not a host name/, /not in capabilities.http.hosts/, /expected one of pt-BR/];
  for (const pattern of expected) assert.ok(found.some((p) => pattern.test(p)), `${pattern} not in:\n${found.join('\n')}`);
});

test('not TOML at all', () => {
  assert.match(problems('id = ')[0] ?? '', /not valid TOML/);
});

test('host patterns: exact, wildcard subdomains, ports', () => {
  assert.ok(hostAllowed(['api.example.com'], 'api.example.com', undefined, 'https:'));
  assert.ok(hostAllowed(['api.example.com'], 'api.example.com', 443, 'https:'));
  assert.ok(!hostAllowed(['api.example.com'], 'api.example.com', 8443, 'https:'));
  assert.ok(!hostAllowed(['api.example.com'], 'evil-api.example.com', undefined, 'https:'));
  assert.ok(hostAllowed(['*.example.com'], 'a.b.example.com', undefined, 'https:'));
  assert.ok(!hostAllowed(['*.example.com'], 'example.com', undefined, 'https:'));
  assert.ok(!hostAllowed(['*.example.com'], 'notexample.com', undefined, 'https:'));
  assert.ok(hostAllowed(['example.com:8080'], 'example.com', 8080, 'http:'));
  assert.ok(hostAllowed(['[::1]'], '[::1]', undefined, 'http:'));
});
