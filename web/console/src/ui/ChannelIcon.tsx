import type { InboxKind } from '../gql/graphql';
import { t } from '../i18n';

const paths: Record<InboxKind, string> = {
  // A globe: the chat widget on the ISP's site.
  WEB: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm0 0c2.5 2.7 4 6.2 4 10s-1.5 7.3-4 10m0-20C9.5 4.7 8 8.2 8 12s1.5 7.3 4 10M2 12h20',
  // A speech bubble with a phone's tail.
  WHATSAPP: 'M3 21l1.6-4.6A8.5 8.5 0 1 1 8 19.6L3 21Zm6-12.5c0 3.5 3 6.5 6.5 6.5l1.5-1.8-2.3-1.2-1 .9c-1.3-.5-2.4-1.6-2.9-2.9l.9-1L9.5 7 9 8.5Z',
  // Angle brackets: an integration over the API.
  API: 'M8 6l-6 6 6 6m8-12 6 6-6 6M14 4l-4 16',
};

/** The conversation's channel, with its name for screen readers and as a tooltip. */
export function ChannelIcon({ kind }: { kind: InboxKind }) {
  const label = t(`inbox.channel.${kind}`);
  return (
    <svg role="img" aria-label={label} viewBox="0 0 24 24" class="h-5 w-5 shrink-0 text-muted" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
      <title>{label}</title>
      <path d={paths[kind]} />
    </svg>
  );
}
