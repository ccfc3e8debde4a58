// The operator's settings, read once per call (module state does not persist between calls).
import { settings } from '@ispchat/plugin-sdk';

export const ACCESS_TOKEN = 'access-token';
export const APP_SECRET = 'app-secret';
export const VERIFY_TOKEN = 'verify-token';
export const DEFAULT_VERSION = 'v21.0';
export const DEFAULT_BASE = 'https://graph.facebook.com';

export interface Config {
  phoneNumberId: string;
  /** `https://graph.facebook.com/v21.0`, without a trailing slash. */
  graphUrl: string;
  listButtonLabel: string;
}

export function config(): Config {
  const base = settings.string('graph-api-base', DEFAULT_BASE).trim().replace(/\/+$/, '');
  const version = settings.string('graph-api-version', DEFAULT_VERSION).trim().replace(/^\/+|\/+$/g, '');
  return {
    phoneNumberId: settings.string('phone-number-id', '').trim(),
    graphUrl: `${base || DEFAULT_BASE}/${version || DEFAULT_VERSION}`,
    listButtonLabel: settings.string('list-button-label', 'Ver opções'),
  };
}
