// Echo bot: repeats the customer's text; hands the conversation to a human when the customer asks
// for one ("atendente", "humano", "agent" by default).
import type { BotResponse, Turn } from '@ispchat/plugin-sdk';
import { bot, defineBot, log, mentionsAny, settings, textOf } from '@ispchat/plugin-sdk';
import { LANGUAGES, replies } from './replies';

const DEFAULT_KEYWORDS = ['atendente', 'humano', 'agent'];
/** Long enough for any real message, short enough that an echo never exceeds a channel's limit. */
const MAX_ECHO = 1000;

export function decide(turn: Turn): BotResponse {
  const language = settings.oneOf('language', LANGUAGES, 'pt-BR');
  const texts = replies[language];
  const text = textOf(turn.message).trim();

  if (mentionsAny(text, settings.list('handoff-keywords', DEFAULT_KEYWORDS))) {
    log.info('customer asked for a human', { conversation: turn.conversation.id });
    return bot.replyAndHandoff(texts.handoff, {
      team: settings.raw('handoff-team'),
      reason: 'customer-asked-for-human',
      summary: texts.summary(text),
      priority: undefined,
    });
  }
  if (text === '') return bot.reply(texts.nothingToEcho);
  const echoed = text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
  return bot.reply(texts.echo(echoed));
}

export const onMessage = defineBot(decide);
