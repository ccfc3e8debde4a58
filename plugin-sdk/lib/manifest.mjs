// @ts-check
// plugin.toml: parsing and validation shared by the build command and the test harness, so a
// manifest the build accepts is exactly the one the fake host enforces. The format is documented
// in docs/plugins.md; the host validates the same rules when a plugin is installed.
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';

/** @typedef {'channel' | 'bot' | 'classifier' | 'router'} PluginKind */
/** @typedef {'string' | 'integer' | 'number' | 'boolean' | 'string-list'} SettingType */
/**
 * @typedef {object} SettingSpec
 * @property {SettingType} type
 * @property {string | number | boolean | string[] | undefined} default
 * @property {string[] | undefined} enum
 * @property {number | undefined} min
 * @property {number | undefined} max
 * @property {boolean} required
 * @property {string | undefined} label
 * @property {string | undefined} description
 */
/**
 * @typedef {object} SecretSpec
 * @property {boolean} reveal
 * @property {string[] | undefined} hosts
 * @property {string | undefined} description
 */
/**
 * @typedef {object} Manifest
 * @property {string} id
 * @property {string} name
 * @property {string} version
 * @property {PluginKind} kind
 * @property {string} wit
 * @property {string | undefined} description
 * @property {string} entry
 * @property {string | undefined} prepare  a module run before bundling (its default export), e.g. to generate sources such as trained weights
 * @property {boolean} enabledByDefault  whether a bundled copy starts enabled on a new server (`enabled-by-default`, true unless set)
 * @property {{ kv: boolean, http: { hosts: string[] }, secrets: Record<string, SecretSpec> }} capabilities
 * @property {Record<string, SettingSpec>} settings
 */

export const KINDS = /** @type {const} */ (['channel', 'bot', 'classifier', 'router']);
/** Contract majors this SDK builds for. */
export const SUPPORTED_WIT_MAJORS = ['1'];
/** The exports each world requires from the plugin's module (JavaScript names). */
export const WORLD_EXPORTS = {
  channel: ['describe', 'handleWebhook', 'send'],
  bot: ['onMessage'],
  classifier: ['classify'],
  router: ['route'],
};

const ID = /^[a-z][a-z0-9-]{1,62}$/;
const NAME_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
// A host name or `*.` wildcard of one, or an IP literal ([v6] in brackets), with an optional port.
const HOST_PATTERN = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/;
const SETTING_TYPES = ['string', 'integer', 'number', 'boolean', 'string-list'];
const TOP_KEYS = ['id', 'name', 'version', 'kind', 'wit', 'description', 'entry', 'prepare', 'enabled-by-default', 'capabilities', 'settings', 'authors', 'license', 'homepage'];

export class ManifestError extends Error {
  /** @param {string} file @param {string[]} problems */
  constructor(file, problems) {
    super(`${file}:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

/**
 * @param {string | URL} path
 * @returns {Manifest}
 */
export function readManifest(path) {
  const text = readFileSync(path, 'utf8');
  return parseManifest(text, String(path));
}

/**
 * @param {string} text
 * @param {string} [file]
 * @returns {Manifest}
 */
export function parseManifest(text, file = 'plugin.toml') {
  /** @type {Record<string, unknown>} */
  let doc;
  try {
    doc = parse(text);
  } catch (error) {
    throw new ManifestError(file, [`not valid TOML: ${error instanceof Error ? error.message : String(error)}`]);
  }
  /** @type {string[]} */
  const problems = [];
  const str = (/** @type {unknown} */ v, /** @type {string} */ key, required = true) => {
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`\`${key}\` must be a non-empty string`);
      return '';
    }
    return v;
  };

  for (const key of Object.keys(doc)) {
    if (key === 'component') problems.push('`[component]` is written by `ispchat-plugin build` into dist/plugin.toml; remove it from the source manifest');
    else if (!TOP_KEYS.includes(key)) problems.push(`unknown key \`${key}\``);
  }

  const id = str(doc.id, 'id') ?? '';
  if (id && !ID.test(id)) problems.push('`id` must be 2-63 characters of a-z, 0-9 and -, starting with a letter');
  const name = str(doc.name, 'name') ?? '';
  const version = str(doc.version, 'version') ?? '';
  if (version && !SEMVER.test(version)) problems.push('`version` must be a semantic version such as 1.0.0');
  const kind = /** @type {PluginKind} */ (str(doc.kind, 'kind') ?? '');
  if (kind && !KINDS.includes(kind)) problems.push(`\`kind\` must be one of ${KINDS.join(', ')}`);
  const wit = str(doc.wit, 'wit') ?? '';
  if (wit && !SEMVER.test(wit)) problems.push('`wit` must be the contract version the plugin targets, such as 1.0.0');
  else if (wit && !SUPPORTED_WIT_MAJORS.includes(wit.split('.')[0] ?? '')) {
    problems.push(`\`wit\` ${wit} is not supported by this SDK (majors: ${SUPPORTED_WIT_MAJORS.join(', ')})`);
  }
  const description = str(doc.description, 'description', false);
  const entry = str(doc.entry, 'entry', false) ?? 'src/index.ts';
  const prepare = str(doc.prepare, 'prepare', false);
  const enabledByDefault = doc['enabled-by-default'] ?? true;
  if (typeof enabledByDefault !== 'boolean') problems.push('`enabled-by-default` must be true or false');

  const caps = table(doc.capabilities, 'capabilities', problems);
  for (const key of Object.keys(caps)) {
    if (!['kv', 'http', 'secrets'].includes(key)) problems.push(`unknown capability \`${key}\``);
  }
  if (caps.kv !== undefined && typeof caps.kv !== 'boolean') problems.push('`capabilities.kv` must be true or false');
  const httpTable = table(caps.http, 'capabilities.http', problems);
  for (const key of Object.keys(httpTable)) if (key !== 'hosts') problems.push(`unknown key \`capabilities.http.${key}\``);
  const hosts = stringList(httpTable.hosts, 'capabilities.http.hosts', problems).map((h) => h.toLowerCase());
  for (const h of hosts) if (!HOST_PATTERN.test(h)) problems.push(`\`capabilities.http.hosts\`: \`${h}\` is not a host name, \`*.domain\` or IP literal (no scheme or path)`);

  /** @type {Record<string, SecretSpec>} */
  const secrets = {};
  for (const [secretName, raw] of Object.entries(table(caps.secrets, 'capabilities.secrets', problems))) {
    const where = `capabilities.secrets.${secretName}`;
    if (!NAME_KEY.test(secretName)) problems.push(`\`${where}\`: secret names use a-z, 0-9, - and _`);
    const spec = table(raw, where, problems);
    for (const key of Object.keys(spec)) if (!['reveal', 'hosts', 'description'].includes(key)) problems.push(`unknown key \`${where}.${key}\``);
    if (spec.reveal !== undefined && typeof spec.reveal !== 'boolean') problems.push(`\`${where}.reveal\` must be true or false`);
    const only = spec.hosts === undefined ? undefined : stringList(spec.hosts, `${where}.hosts`, problems).map((h) => h.toLowerCase());
    for (const h of only ?? []) if (!hosts.includes(h)) problems.push(`\`${where}.hosts\`: \`${h}\` is not in capabilities.http.hosts`);
    secrets[secretName] = {
      reveal: spec.reveal === true,
      hosts: only,
      description: typeof spec.description === 'string' ? spec.description : undefined,
    };
  }

  /** @type {Record<string, SettingSpec>} */
  const settings = {};
  for (const [key, raw] of Object.entries(table(doc.settings, 'settings', problems))) {
    const where = `settings.${key}`;
    if (!NAME_KEY.test(key)) problems.push(`\`${where}\`: setting names use a-z, 0-9, - and _`);
    const spec = table(raw, where, problems);
    for (const k of Object.keys(spec)) {
      if (!['type', 'default', 'enum', 'min', 'max', 'required', 'label', 'description'].includes(k)) problems.push(`unknown key \`${where}.${k}\``);
    }
    const type = /** @type {SettingType} */ (spec.type ?? 'string');
    if (!SETTING_TYPES.includes(type)) problems.push(`\`${where}.type\` must be one of ${SETTING_TYPES.join(', ')}`);
    const allowed = spec.enum === undefined ? undefined : stringList(spec.enum, `${where}.enum`, problems);
    if (allowed && type !== 'string') problems.push(`\`${where}.enum\` is only for string settings`);
    const setting = {
      type,
      default: /** @type {SettingSpec['default']} */ (spec.default),
      enum: allowed,
      min: typeof spec.min === 'number' ? spec.min : undefined,
      max: typeof spec.max === 'number' ? spec.max : undefined,
      required: spec.required === true,
      label: typeof spec.label === 'string' ? spec.label : undefined,
      description: typeof spec.description === 'string' ? spec.description : undefined,
    };
    if (setting.default !== undefined) {
      const problem = checkSettingValue(setting, setting.default);
      if (problem) problems.push(`\`${where}.default\`: ${problem}`);
    }
    settings[key] = setting;
  }

  if (problems.length > 0) throw new ManifestError(file, problems);
  return {
    id,
    name,
    version,
    kind,
    wit,
    description,
    entry,
    prepare,
    enabledByDefault: enabledByDefault === true,
    capabilities: { kv: caps.kv === true, http: { hosts }, secrets },
    settings,
  };
}

/**
 * Why `value` is not acceptable for `setting`, or undefined when it is.
 * @param {SettingSpec} setting
 * @param {unknown} value
 * @returns {string | undefined}
 */
export function checkSettingValue(setting, value) {
  switch (setting.type) {
    case 'string':
      if (typeof value !== 'string') return 'expected a string';
      if (setting.enum && !setting.enum.includes(value)) return `expected one of ${setting.enum.join(', ')}`;
      return undefined;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
      if (setting.type === 'integer' && !Number.isInteger(value)) return 'expected an integer';
      if (setting.min !== undefined && value < setting.min) return `below the minimum ${setting.min}`;
      if (setting.max !== undefined && value > setting.max) return `above the maximum ${setting.max}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'string-list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'expected a list of strings';
  }
}

/**
 * How the host hands a setting's value to the plugin through `ispchat:host/config` (text).
 * @param {string | number | boolean | string[]} value
 */
export function settingText(value) {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/**
 * Whether `host` (lowercase, with an optional :port) is covered by one of the manifest patterns.
 * A pattern without a port allows only the scheme's default port; `*.example.com` allows any
 * subdomain of example.com but not example.com itself.
 * @param {string[]} patterns
 * @param {string} hostname
 * @param {number | undefined} port  explicit port in the URL, if any
 * @param {'http:' | 'https:'} scheme
 */
export function hostAllowed(patterns, hostname, port, scheme) {
  const defaultPort = scheme === 'https:' ? 443 : 80;
  const effective = port ?? defaultPort;
  return patterns.some((pattern) => {
    const m = /^(.*?)(?::(\d+))?$/.exec(pattern);
    const patHost = m?.[1] ?? pattern;
    const patPort = m?.[2] === undefined ? defaultPort : Number(m[2]);
    if (patPort !== effective) return false;
    if (patHost.startsWith('*.')) return hostname.endsWith(patHost.slice(1)) && hostname.length > patHost.length - 1;
    return patHost === hostname;
  });
}

/**
 * @param {unknown} value
 * @param {string} where
 * @param {string[]} problems
 * @returns {Record<string, unknown>}
 */
function table(value, where, problems) {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`\`${where}\` must be a table`);
    return {};
  }
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * @param {unknown} value
 * @param {string} where
 * @param {string[]} problems
 * @returns {string[]}
 */
function stringList(value, where, problems) {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    problems.push(`\`${where}\` must be a list of strings`);
    return [];
  }
  return value;
}
