import type { Classification } from 'ispchat:types/classifier@1.0.0';
import type { Message } from 'ispchat:types/messages@1.0.0';
import type { PluginError } from 'ispchat:types/common@1.0.0';
import { guard, isPluginError } from './errors';

/** Declare the classifier world's export: `export const classify = defineClassifier((batch) => ...)`. */
export function defineClassifier(
  handler: (batch: Message[]) => Classification[],
): (batch: Message[]) => Classification[] {
  return guard(handler, isPluginError, (message): PluginError => ({ code: 'uncaught-exception', message, retryable: false }));
}

export function classification(messageId: string, fields: Partial<Omit<Classification, 'messageId'>> = {}): Classification {
  return {
    messageId,
    labels: fields.labels ?? [],
    sentiment: fields.sentiment,
    language: fields.language,
    ext: fields.ext ?? '',
  };
}
