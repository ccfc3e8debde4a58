// The operator's settings, read once per call (module state does not persist between calls).
import { settings } from '@ispchat/plugin-sdk';

export const DEFAULT_MAX_TEXT = 4096;
export const DEFAULT_FILE_TYPES = ['image/*', 'application/pdf', 'audio/*', 'video/*'];

export interface Config {
  maxTextLength: number;
  /** Lower-case MIME patterns: `type/subtype` or `type/*`. */
  allowedFileTypes: string[];
  stripControl: boolean;
}

export function config(): Config {
  const max = Math.floor(settings.number('max-text-length', DEFAULT_MAX_TEXT));
  return {
    maxTextLength: max >= 1 ? max : DEFAULT_MAX_TEXT,
    allowedFileTypes: settings
      .list('allowed-file-types', DEFAULT_FILE_TYPES)
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== ''),
    stripControl: settings.boolean('strip-control-characters', true),
  };
}
