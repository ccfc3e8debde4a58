// The host's requests on behalf of visitors. The public webhook route refuses web inboxes, so
// only the host reaches this; a refusal answers `{field, message}` with a 4xx that the host turns
// into the visitor's BAD_USER_INPUT.
import type { WebhookRequest, WebhookResult } from '@ispchat/plugin-sdk';
import { log, parseJson, webhookBodyText, webhookHeader, webhookReply } from '@ispchat/plugin-sdk';
import { config } from './config';
import { localeOf } from './texts';
import type { Outcome } from './visitor';
import { visitorMessage, visitorRead } from './visitor';

export const LOCALE_HEADER = 'x-ispchat-locale';

function parse(request: WebhookRequest): unknown {
  try {
    return parseJson(webhookBodyText(request));
  } catch {
    return undefined;
  }
}

function answer(outcome: Outcome): WebhookResult {
  if (!outcome.ok) {
    const { status, field, message } = outcome.refusal;
    log.info('visitor input refused', { status, field });
    return { response: webhookReply(status, { field, message }), events: [] };
  }
  return { response: webhookReply(200, { accepted: outcome.events.length }), events: outcome.events };
}

export function handle(request: WebhookRequest): WebhookResult {
  if (request.method !== 'POST') return { response: webhookReply(405, { field: 'input', message: 'method not allowed' }), events: [] };
  const body = parse(request);
  switch (request.path) {
    case '/visitor/messages':
      return answer(visitorMessage(body, config(), localeOf(webhookHeader(request, LOCALE_HEADER)), request.receivedAt));
    case '/visitor/read':
      return answer(visitorRead(body, request.receivedAt));
    default:
      return { response: webhookReply(404, { field: 'input', message: `no route ${request.path}` }), events: [] };
  }
}
