/**
 * The console's languages: pt-BR (default) and en. Keys are typed, so a missing or misspelt
 * key fails tsc, and `en` must translate every key of `pt-BR`. The chosen language is kept in
 * localStorage for the login page and, once signed in, in the user's profile (`updateMe`).
 */
import { computed, signal } from '@preact/signals';
import type { ApiError } from '../api/errors';
import { describeReason } from '../../../shared/reasons';
import { en } from './en';
import { ptBR } from './pt-BR';

export type MessageKey = keyof typeof ptBR;
export type Dictionary = Record<MessageKey, string>;
export type Locale = 'pt-BR' | 'en';

const dictionaries: Record<Locale, Dictionary> = { 'pt-BR': ptBR, en };
export const LOCALE_KEY = 'ispchat.locale';

/** The API's `Language` enum and the console's locales. */
export const localeOfLanguage = (language: 'PT_BR' | 'EN'): Locale => (language === 'EN' ? 'en' : 'pt-BR');
export const languageOfLocale = (locale: Locale): 'PT_BR' | 'EN' => (locale === 'en' ? 'EN' : 'PT_BR');

function initialLocale(): Locale {
  try {
    return globalThis.localStorage?.getItem(LOCALE_KEY) === 'en' ? 'en' : 'pt-BR';
  } catch {
    return 'pt-BR';
  }
}

export const locale = signal<Locale>(initialLocale());

export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** `text` with `{name}` placeholders replaced. */
export function format(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(to: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return format(dictionaries[to][key], params);
}

/** Text in the current language; components that call it re-render when the language changes. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(locale.value, key, params);
}

export function hasKey(key: string): key is MessageKey {
  return key in ptBR;
}

/**
 * A readable sentence for an API error: by the rule it was refused under when the host named
 * one, else by its code and, for validation errors, its field.
 */
export function describeError(error: ApiError, to: Locale = locale.value): string {
  if (error.reason !== null) return describeReason(error.reason, to, error.bound);
  if (error.code === 'BAD_USER_INPUT' && error.field !== null) {
    const fieldKey = `field.${error.field}`;
    const field = hasKey(fieldKey) ? translate(to, fieldKey) : error.field;
    return translate(to, 'error.BAD_USER_INPUT.field', { field });
  }
  return translate(to, `error.${error.code}`);
}

export const htmlLang = computed(() => locale.value);
