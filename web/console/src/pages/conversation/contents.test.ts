import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { describeContents, failureKey } from './contents';
import type { Message } from './thread';

type Attributes = NonNullable<Message['attributes']>;
const none: Attributes = { location: null, reaction: null, template: null, contacts: [], unsupportedType: null, missingFile: null };
const said = (attributes: Partial<Attributes>, locale: 'pt-BR' | 'en' = 'pt-BR') =>
  describeContents({ attributes: { ...none, ...attributes } }).map((part) => translate(locale, part.key, part.params));

describe('what a message is, in the reader language', () => {
  it('says a location, a reaction, a template, shared contacts and what the channel cannot show', () => {
    expect(said({ location: { latitude: -23.55, longitude: -46.63, name: 'Casa', address: null } })).toEqual(['📍 Localização (-23.55000, -46.63000)']);
    expect(said({ reaction: { emoji: '👍' } })).toEqual(['Reagiu com 👍']);
    expect(said({ reaction: { emoji: '' } }, 'en')).toEqual(['Removed the reaction']);
    expect(said({ template: { name: 'fatura_vencida', language: 'pt_BR' } })).toEqual(['Modelo “fatura_vencida” (pt_BR)']);
    expect(said({ contacts: [{ name: 'Maria' }] }, 'en')).toEqual(['Shared contact (1)']);
    expect(said({ unsupportedType: 'ephemeral' })[0]).toMatch(/^O canal não mostra este tipo de mensagem \(ephemeral\)/);
    expect(said({ unsupportedType: 'empty' }, 'en')).toEqual(['Message without content']);
    expect(describeContents({ attributes: null })).toEqual([]);
  });

  it('says why a customer file did not arrive, with its name when it had one', () => {
    expect(said({ missingFile: { reason: 'REFUSED', fileName: 'fatura.pdf', detail: 'is declared as application/pdf but its content is image/png' } }))
      .toEqual(['📎 Arquivo do cliente não recebido (fatura.pdf): o servidor não aceita esse tipo ou tamanho. Peça que envie de outra forma.']);
    expect(said({ missingFile: { reason: 'UNAVAILABLE', fileName: null, detail: 'the media server answered HTTP 404' } }, 'en'))
      .toEqual(["📎 The customer's file was not received: it could not be downloaded from the channel. Ask the customer to send it again."]);
    expect(said({ missingFile: { reason: 'LOST', fileName: null, detail: '' } })[0]).toMatch(/se perdeu no envio/);
    const [part] = describeContents({ attributes: { ...none, missingFile: { reason: 'UNAVAILABLE', fileName: null, detail: 'HTTP 404' } } });
    expect(part?.hint).toBe('HTTP 404');
  });

  it('links a location to a map', () => {
    const [part] = describeContents({ attributes: { ...none, location: { latitude: -23.5, longitude: -46.25, name: null, address: null } } });
    expect(part?.href).toBe('https://www.openstreetmap.org/?mlat=-23.5&mlon=-46.25#map=17/-23.5/-46.25');
  });

  it('says why a reply failed when the host typed it', () => {
    const key = failureKey({ deliveryFailure: 'OUTSIDE_REPLY_WINDOW' });
    expect(key).not.toBeNull();
    if (key !== null) expect(translate('pt-BR', key)).toMatch(/^Não entregue: a janela de 24 horas/);
    expect(failureKey({ deliveryFailure: null })).toBeNull();
  });
});
