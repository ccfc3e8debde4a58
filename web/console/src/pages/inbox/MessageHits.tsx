import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api } from '../../app/auth';
import { onLinkClick } from '../../app/router';
import { locale, t } from '../../i18n';
import { ChannelIcon } from '../../ui/ChannelIcon';
import type { SearchMessagesQuery } from '../../gql/graphql';
import { SearchMessagesDocument } from './operations';

type Hit = SearchMessagesQuery['searchMessages']['nodes'][number];

/** Messages of the whole history matching the search (`searchMessages`), each linking to its conversation. */
export function MessageHits({ search }: { search: string }) {
  const hits = useSignal<Hit[]>([]);
  useEffect(() => {
    const query = search.trim();
    if (query === '') {
      hits.value = [];
      return;
    }
    let stale = false;
    api.request(SearchMessagesDocument, { query, first: 10 }).then(
      (data) => !stale && (hits.value = data.searchMessages.nodes),
      () => !stale && (hits.value = []),
    );
    return () => {
      stale = true;
    };
  }, [search]);
  if (hits.value.length === 0) return null;
  return (
    <section aria-labelledby="message-hits" class="border-t border-line">
      <h2 id="message-hits" class="px-3 pt-2 text-xs font-semibold uppercase text-muted">{t('inbox.messageHits')}</h2>
      <ul class="max-h-60 overflow-y-auto" data-testid="message-hits">
        {hits.value.map((hit) => (
          <li key={hit.id}>
            <a href={`/inbox/${hit.conversation.id}`} onClick={onLinkClick} class="flex gap-2 px-3 py-1.5 text-sm hover:bg-surface">
              <ChannelIcon kind={hit.conversation.inbox.kind} />
              <span class="min-w-0">
                <span class="block truncate font-medium">{hit.conversation.contact.name} · {new Date(hit.createdAt).toLocaleDateString(locale.value)}</span>
                <span class="block truncate text-muted">{hit.content}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
