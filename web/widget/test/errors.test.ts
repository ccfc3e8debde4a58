import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api';
import { explain } from '../src/errors';
import { messagesFor } from '../src/i18n';

describe('what the visitor reads when the host refuses', () => {
  it('is the rule in the visitor language, never the host English message', () => {
    const refused = new ApiError('cpf: CPF check digits do not match', 'BAD_USER_INPUT', 'cpf', 'DOCUMENT_CHECK_DIGITS');
    const pt = explain(refused, messagesFor('pt-BR'), 'pt-BR');
    expect(pt.field).toBe('cpf');
    expect(pt.underField).toBe('Os dígitos verificadores não conferem: algum dígito foi digitado errado.');
    expect(explain(refused, messagesFor('en'), 'en').underField).toBe('The check digits do not match: a digit was mistyped.');
  });

  it('quotes the limit the rule names', () => {
    const large = new ApiError('file: must be at most 25 MiB', 'BAD_USER_INPUT', 'file', 'FILE_TOO_LARGE', 25 * 1024 * 1024);
    expect(explain(large, messagesFor('pt-BR'), 'pt-BR').banner).toBe('O arquivo passa do limite de 25 MB.');
    expect(explain(large, messagesFor('en'), 'en').banner).toBe('The file is over the 25 MB limit.');
  });

  it('falls back to plain sentences for refusals without a known reason', () => {
    const t = messagesFor('pt-BR');
    const bare = new ApiError('content: must not be empty', 'BAD_USER_INPUT', 'content');
    expect(explain(bare, t, 'pt-BR')).toEqual({ field: 'content', underField: t.invalidField, banner: t.genericError });
    expect(explain(new Error('boom'), t, 'pt-BR').banner).toBe(t.genericError);
  });
});
