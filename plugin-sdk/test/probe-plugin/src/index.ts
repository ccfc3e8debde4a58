import type { BotResponse, Turn } from '@ispchat/plugin-sdk';
import { bot, defineBot, http, kv, now, secretPlaceholder, settings, textOf } from '@ispchat/plugin-sdk';

function run(command: string): unknown {
  switch (command) {
    case 'clock':
      return { dateNow: Date.now(), iso: new Date().toISOString(), hostNow: now(), parsed: new Date('2020-01-02T03:04:05Z').getTime() };
    case 'console':
      console.log('from console', { a: 1 });
      console.error('bad', 42);
      return 'logged';
    case 'text': {
      const bytes = new TextEncoder().encode('ação ✓');
      return { length: bytes.length, back: new TextDecoder().decode(bytes) };
    }
    case 'kv': {
      const missing = kv.get('missing');
      kv.setJson('doc', { n: 1 }, { ttlMs: 60_000 });
      const counter = kv.updateJson<number>('counter', (n) => (n ?? 0) + 1);
      return { missing: missing === undefined ? 'undefined' : 'other', doc: kv.getJson('doc'), counter };
    }
    case 'http': {
      const reply = http.request('https://api.example.com/echo', {
        method: 'post',
        headers: { 'x-key': secretPlaceholder('token') },
        body: { hello: 'mundo' },
      });
      return { status: reply.status, body: reply.json(), type: reply.header('content-type') };
    }
    case 'settings':
      return { greeting: settings.string('greeting', '?'), missing: settings.raw('nope') === undefined };
    case 'host-error':
      return kv.get('');
    default:
      throw new Error(`unknown command ${command}`);
  }
}

export const onMessage = defineBot((turn: Turn): BotResponse => bot.reply(JSON.stringify(run(textOf(turn.message).trim()))));
