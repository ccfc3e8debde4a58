// Keyword classifier: topic labels for ISP support (financeiro, suporte-tecnico, cancelamento,
// comercial) from keyword lists, plus sentiment and language, for each incoming text message.
import type { Classification, Message } from '@ispchat/plugin-sdk';
import { defineClassifier, fail, settings } from '@ispchat/plugin-sdk';
import { classifyMessage } from './classify';
import { keywordLists } from './keywords';
import type { KeywordLists } from './keywords';

export function classifyBatch(batch: Message[]): Classification[] {
  let lists: KeywordLists;
  try {
    lists = keywordLists(settings.raw('keywords'));
  } catch (error) {
    fail('invalid-setting', error instanceof Error ? error.message : String(error));
  }
  return batch.flatMap((message) => classifyMessage(message, lists) ?? []);
}

export const classify = defineClassifier(classifyBatch);
