import { describe, expect, it, vi } from 'vitest';
import { csatForm, preChatForm, showErrors, validatePreChat } from '../src/view/forms';
import { messagesFor } from '../src/i18n';
import type { WidgetConfig } from '../src/types';

const t = messagesFor('pt-BR');
const config: WidgetConfig = {
  color: '#0a7cff',
  position: 'RIGHT',
  greeting: 'Olá!',
  offlineMessage: '',
  online: true,
  nextOpenAt: null,
  preChat: { enabled: true, requireName: true, requireEmailOrPhone: true, cpf: 'OPTIONAL' },
  csatEnabled: true,
};

describe('pre-chat form', () => {
  it('names the missing fields', () => {
    expect(validatePreChat({}, config, t)).toEqual({ name: t.required, email: t.emailOrPhone });
    expect(validatePreChat({ name: 'Maria', phone: '11987654321' }, config, t)).toEqual({});
    expect(validatePreChat({ name: 'Maria', email: 'm@x.com' }, { ...config, preChat: { ...config.preChat, cpf: 'REQUIRED' } }, t)).toEqual({ cpf: t.required });
  });

  it('submits the answers only when valid and marks invalid inputs', () => {
    const submit = vi.fn();
    const form = preChatForm(config, t, submit);
    document.body.append(form);
    form.requestSubmit();
    expect(submit).not.toHaveBeenCalled();
    expect(form.querySelector('[name="name"]')?.getAttribute('aria-invalid')).toBe('true');
    (form.querySelector('[name="name"]') as HTMLInputElement).value = 'Maria';
    (form.querySelector('[name="phone"]') as HTMLInputElement).value = '(11) 98765-4321';
    form.requestSubmit();
    expect(submit).toHaveBeenCalledWith({ name: 'Maria', email: undefined, phone: '(11) 98765-4321', cpf: undefined }, form);
  });

  it('shows a server error under the field it names', () => {
    const form = preChatForm(config, t, () => undefined);
    expect(showErrors(form, { cpf: 'CPF inválido' })).toBe(true);
    expect(form.querySelector('[data-error-for="cpf"]')?.textContent).toBe('CPF inválido');
    expect(showErrors(form, { unknown: 'x' })).toBe(false);
  });
});

describe('satisfaction form', () => {
  it('needs a score and sends it with the comment', () => {
    const submit = vi.fn();
    const form = csatForm(t, submit);
    document.body.append(form);
    form.requestSubmit();
    expect(submit).not.toHaveBeenCalled();
    const four = form.querySelector<HTMLInputElement>('input[value="4"]');
    four?.click();
    (form.querySelector('textarea') as HTMLTextAreaElement).value = ' rápido ';
    form.requestSubmit();
    expect(submit).toHaveBeenCalledWith(4, 'rápido', form);
  });
});

describe('header status', () => {
  it('says when a closed inbox opens again', async () => {
    const { statusLine } = await import('../src/widget');
    expect(statusLine(config, t, 'pt-BR')).toBe('Online agora');
    const closed = { ...config, online: false, nextOpenAt: '2026-11-30T12:00:00Z' };
    const line = statusLine(closed, t, 'pt-BR');
    expect(line.startsWith('Estamos fora do horário de atendimento. Voltamos ')).toBe(true);
    expect(line).toMatch(/segunda-feira/);
    expect(statusLine({ ...closed, nextOpenAt: null }, t, 'pt-BR')).toBe('Estamos fora do horário de atendimento');
  });
});
