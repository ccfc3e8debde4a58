import type { Action, BotResponse, Handoff, Turn } from 'ispchat:types/bot@1.0.0';
import type { Content } from 'ispchat:types/messages@1.0.0';
import type { PluginError } from 'ispchat:types/common@1.0.0';
import { text } from './content';
import { guard, isPluginError } from './errors';

type Reply = string | Content | Content[];

function contents(reply: Reply): Content[] {
  if (typeof reply === 'string') return [text(reply)];
  return Array.isArray(reply) ? reply : [reply];
}

export interface ResponseOptions {
  /** Labels to add to the conversation. */
  labels?: string[];
}

function respond(action: Action, options: ResponseOptions = {}): BotResponse {
  return { action, addLabels: options.labels ?? [], ext: '' };
}

/** Builders for the bot's answer; a plain string reply becomes one text message. */
export const bot = {
  reply: (reply: Reply, options?: ResponseOptions): BotResponse =>
    respond({ tag: 'reply', val: contents(reply) }, options),
  replyAndHandoff: (reply: Reply, handoff: Handoff, options?: ResponseOptions): BotResponse =>
    respond({ tag: 'reply-and-handoff', val: { reply: contents(reply), handoff } }, options),
  handoff: (handoff: Handoff, options?: ResponseOptions): BotResponse => respond({ tag: 'handoff', val: handoff }, options),
  escalate: (handoff: Handoff, options?: ResponseOptions): BotResponse =>
    respond({ tag: 'escalate', val: handoff }, options),
  close: (reply: Reply = [], reason?: string, options?: ResponseOptions): BotResponse =>
    respond({ tag: 'close', val: { reply: contents(reply), reason } }, options),
  noAction: (options?: ResponseOptions): BotResponse => respond({ tag: 'no-action' }, options),
};

/**
 * Declare the bot world's export: `export const onMessage = defineBot((turn) => ...)`. Exceptions
 * the handler does not turn into `fail(...)` reach the host as `plugin-error`
 * `uncaught-exception` instead of trapping the instance.
 */
export function defineBot(handler: (turn: Turn) => BotResponse): (turn: Turn) => BotResponse {
  return guard(handler, isPluginError, (message): PluginError => ({ code: 'uncaught-exception', message, retryable: false }));
}
