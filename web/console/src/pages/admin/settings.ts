/**
 * A plugin's settings as the admin edits them: text fields in, the JSON the server expects out
 * (`configurePlugin`'s `settings` object). Types come from the plugin's `plugin.toml`:
 * `string`, `integer`, `number`, `boolean` or `string-list` (one item per line).
 */
import type { MessageKey } from '../../i18n';

export interface SettingSpec {
  key: string;
  type: string;
  required: boolean;
  min?: number | null;
  max?: number | null;
  choices?: readonly string[] | null;
  value?: unknown;
  default?: unknown;
}

/** The text a field starts with: the operator's value, or empty when the default applies. */
export function settingText(spec: SettingSpec): string {
  const value = spec.value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(String).join('\n');
  return String(value);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: MessageKey };

/** One field's text as its JSON value; empty means "back to the default" (`null`). */
export function parseSetting(spec: SettingSpec, text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return spec.required && (spec.default === null || spec.default === undefined) ? { ok: false, error: 'admin.error.required' } : { ok: true, value: null };
  switch (spec.type) {
    case 'boolean':
      return trimmed === 'true' || trimmed === 'false' ? { ok: true, value: trimmed === 'true' } : { ok: false, error: 'admin.error.invalid' };
    case 'integer':
    case 'number': {
      const number = Number(trimmed);
      if (!Number.isFinite(number) || (spec.type === 'integer' && !Number.isInteger(number))) return { ok: false, error: 'admin.error.number' };
      if ((spec.min !== null && spec.min !== undefined && number < spec.min) || (spec.max !== null && spec.max !== undefined && number > spec.max)) {
        return { ok: false, error: 'admin.error.range' };
      }
      return { ok: true, value: number };
    }
    case 'string-list':
      return { ok: true, value: trimmed.split('\n').map((line) => line.trim()).filter((line) => line !== '') };
    default:
      if (spec.choices && spec.choices.length > 0 && !spec.choices.includes(trimmed)) return { ok: false, error: 'admin.error.invalid' };
      return { ok: true, value: trimmed };
  }
}

/**
 * The `settings` object for `configurePlugin`: only the keys whose text changed, so a save
 * never rewrites values the admin did not touch. Errors are by `settings.<key>`, the field
 * name the server uses too.
 */
export function settingsPatch(specs: readonly SettingSpec[], texts: Record<string, string>): { patch: Record<string, unknown>; errors: Record<string, MessageKey> } {
  const patch: Record<string, unknown> = {};
  const errors: Record<string, MessageKey> = {};
  for (const spec of specs) {
    const text = texts[spec.key];
    if (text === undefined || text === settingText(spec)) continue;
    const parsed = parseSetting(spec, text);
    if (parsed.ok) patch[spec.key] = parsed.value;
    else errors[`settings.${spec.key}`] = parsed.error;
  }
  return { patch, errors };
}
