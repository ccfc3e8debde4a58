import { describe, expect, it } from 'vitest';
import { ApiError, fromGraphQLErrors } from '../api/errors';
import { describeError, format, setLocale, t, translate } from './index';
import { en } from './en';
import { ptBR } from './pt-BR';

describe('i18n', () => {
  it('has every pt-BR text in English too, none empty, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(en).sort()).toEqual(Object.keys(ptBR).sort());
    for (const [key, text] of Object.entries(ptBR)) {
      const english = en[key as keyof typeof ptBR];
      expect(english.trim(), key).not.toBe('');
      expect(placeholders(english), key).toEqual(placeholders(text));
    }
  });

  it('speaks Portuguese by default and switches language', () => {
    expect(t('nav.inbox')).toBe('Caixa de entrada');
    setLocale('en');
    expect(t('nav.inbox')).toBe('Inbox');
    expect(localStorage.getItem('ispchat.locale')).toBe('en');
    setLocale('pt-BR');
    expect(t('header.signedInAs', { name: 'Ana' })).toBe('Conectado como Ana');
  });

  it('leaves unknown placeholders visible rather than inventing text', () => {
    expect(format('Olá {name}, {missing}', { name: 'Ana' })).toBe('Olá Ana, {missing}');
  });

  it('says a refusal by its reason, in the chosen language, never in the host English', () => {
    const closed = fromGraphQLErrors([{ message: 'content: the 24-hour reply window closed: only a template can be sent', extensions: { code: 'BAD_USER_INPUT', field: 'content', reason: 'OUTSIDE_REPLY_WINDOW' } }]);
    expect(closed.reason).toBe('OUTSIDE_REPLY_WINDOW');
    expect(describeError(closed, 'pt-BR')).toMatch(/^A janela de resposta do canal fechou/);
    expect(describeError(closed, 'en')).toMatch(/^The channel's reply window has closed/);
    const short = fromGraphQLErrors([{ message: 'newPassword: must be at least 10 characters long', extensions: { code: 'BAD_USER_INPUT', field: 'newPassword', reason: 'PASSWORD_TOO_SHORT', bound: 10 } }]);
    expect(describeError(short, 'pt-BR')).toBe('A senha precisa ter pelo menos 10 caracteres.');
    // A reason newer than this console is read by its code.
    const newer = fromGraphQLErrors([{ message: 'x', extensions: { code: 'CONFLICT', reason: 'SOMETHING_NEWER' } }]);
    expect(newer.reason).toBeNull();
    expect(describeError(newer, 'pt-BR')).toBe(translate('pt-BR', 'error.CONFLICT'));
  });

  it('says API errors by code and field in the chosen language', () => {
    const invalid = fromGraphQLErrors([{ message: 'password: too short', extensions: { code: 'BAD_USER_INPUT', field: 'password' } }]);
    expect(describeError(invalid, 'pt-BR')).toBe('Verifique o campo “Senha”.');
    expect(describeError(invalid, 'en')).toBe('Please check the “Password” field.');
    const odd = new ApiError('BAD_USER_INPUT', 'webhookUrl', 'bad url');
    expect(describeError(odd, 'en')).toBe('Please check the “webhookUrl” field.');
    expect(describeError(new ApiError('RATE_LIMITED', null, ''), 'pt-BR')).toBe(translate('pt-BR', 'error.RATE_LIMITED'));
    // The database being away is not a signed-out session: said as such, in both languages.
    const away = fromGraphQLErrors([{ message: 'credentials could not be checked', extensions: { code: 'UNAVAILABLE' } }]);
    expect(away.code).toBe('UNAVAILABLE');
    expect(describeError(away, 'en')).toContain('your session is fine');
    expect(describeError(away, 'pt-BR')).toContain('sua sessão continua valendo');
    const unknown = fromGraphQLErrors([{ message: 'boom', extensions: { code: 'SOMETHING_NEW' } }]);
    expect(unknown.code).toBe('UNKNOWN');
    expect(describeError(unknown, 'en')).toBe('Something went wrong. Try again.');
  });
});
