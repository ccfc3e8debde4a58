// Tries to read secrets and replies with a JSON object of what the host allowed:
// {"api-token": ..., "public-key": ..., "undeclared": ..., "api-token-is-set": ...,
//  "api-token-hmac-bytes": ...}; values are "value:<text>" or "error:<secret-error tag>".
import type { BotResponse, SecretError } from '@ispchat/plugin-sdk';
import { bot, crypto, defineBot, hostErrorOf, secrets } from '@ispchat/plugin-sdk';

function attempt(action: () => string): string {
  try {
    return action();
  } catch (error) {
    const payload = hostErrorOf<SecretError>(error);
    if (payload === undefined) throw error;
    return `error:${payload.tag}`;
  }
}

export const onMessage = defineBot((): BotResponse => {
  const report = {
    'api-token': attempt(() => `value:${secrets.reveal('api-token')}`),
    'public-key': attempt(() => `value:${secrets.reveal('public-key')}`),
    undeclared: attempt(() => `value:${secrets.reveal('undeclared')}`),
    'api-token-is-set': attempt(() => String(secrets.isSet('api-token'))),
    'api-token-hmac-bytes': attempt(() => String(crypto.hmac('sha256', 'api-token', 'probe').length)),
  };
  return bot.reply(JSON.stringify(report));
});
