import { write } from 'ispchat:host/log@1.0.0';
import type { Level } from 'ispchat:host/log@1.0.0';

/** Extra fields; values are stringified (objects as JSON). */
export type LogFields = Record<string, string | number | boolean | null | undefined | object>;

function emit(level: Level, message: string, fields?: LogFields): void {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value === undefined) continue;
    pairs.push([key, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)]);
  }
  write(level, message, pairs);
}

/** The host's structured log (tagged with the plugin and conversation by the host). */
export const log = {
  trace: (message: string, fields?: LogFields): void => emit('trace', message, fields),
  debug: (message: string, fields?: LogFields): void => emit('debug', message, fields),
  info: (message: string, fields?: LogFields): void => emit('info', message, fields),
  warn: (message: string, fields?: LogFields): void => emit('warn', message, fields),
  error: (message: string, fields?: LogFields): void => emit('error', message, fields),
};
