import { describe, expect, it, vi } from 'vitest';
import { Conversation } from '../src/conversation';
import { messagesFor } from '../src/i18n';
import type { ServerMessage } from '../src/types';
import { renderEntries } from '../src/view/messages';

const prompt: ServerMessage = {
  id: 'm1',
  clientMessageId: null,
  direction: 'OUTGOING',
  senderKind: 'BOT',
  senderName: 'Provedor',
  content: 'Como posso ajudar?',
  deliveryState: 'SENT',
  createdAt: '2026-11-27T10:00:00Z',
  attachments: [],
  choices: [
    { id: 'boleto', title: '2ª via do boleto' },
    { id: 'suporte', title: 'Suporte técnico' },
  ],
  fileMissing: false,
};

describe('prompt choices', () => {
  it('a clicked button hands over the option id with its title', () => {
    const c = new Conversation();
    c.merge([prompt]);
    const choose = vi.fn();
    const [entry] = renderEntries(c.entries(), messagesFor('pt-BR'), { retry: vi.fn(), choose }, 'pt-BR');
    const buttons = entry?.querySelectorAll('.choices button') ?? [];
    expect([...buttons].map((b) => b.textContent)).toEqual(['2ª via do boleto', 'Suporte técnico']);
    (buttons[1] as HTMLButtonElement).click();
    expect(choose).toHaveBeenCalledWith({ id: 'suporte', title: 'Suporte técnico' });
  });

  it('an unconfirmed choice keeps its option id, so a re-send answers the same option', () => {
    const c = new Conversation();
    c.addLocal('client-1', '2ª via do boleto', new Date('2026-11-27T10:00:01Z'), 'boleto');
    c.addLocal('client-2', 'obrigado', new Date('2026-11-27T10:00:02Z'));
    c.fail('client-1');
    expect(c.unconfirmed().map((m) => [m.clientMessageId, m.content, m.choiceId])).toEqual([
      ['client-1', '2ª via do boleto', 'boleto'],
      ['client-2', 'obrigado', null],
    ]);
    expect(c.retry('client-1')?.choiceId).toBe('boleto');
  });
});

describe('a file the server did not keep', () => {
  it('says so in the visitor language instead of an empty bubble', () => {
    const lost: ServerMessage = { ...prompt, id: 'm2', direction: 'INCOMING', senderKind: 'CONTACT', content: '', choices: [], fileMissing: true };
    const c = new Conversation();
    c.merge([lost]);
    const [pt] = renderEntries(c.entries(), messagesFor('pt-BR'), { retry: vi.fn(), choose: vi.fn() }, 'pt-BR');
    expect(pt?.querySelector('.bubble')?.textContent).toBe('Não recebemos este arquivo. Envie de novo, por favor.');
    const [en] = renderEntries(c.entries(), messagesFor('en'), { retry: vi.fn(), choose: vi.fn() }, 'en');
    expect(en?.querySelector('.bubble')?.textContent).toBe('We did not receive this file. Please send it again.');
  });
});
