import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api } from '../../app/auth';
import { onLinkClick } from '../../app/router';
import type { ContactPanelQuery } from '../../gql/graphql';
import { t } from '../../i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { attributeEntries } from './contact';
import { ContactPanelDocument } from './operations';

/** Who the customer is: contact details, custom attributes and their other conversations. */
export function ContactPanel({ contactId, conversationId }: { contactId: string; conversationId: string }) {
  const data = useSignal<ContactPanelQuery | null>(null);
  const error = useSignal<unknown>(null);
  useEffect(() => {
    data.value = null;
    void api.request(ContactPanelDocument, { contactId }).then((loaded) => (data.value = loaded)).catch((failure: unknown) => (error.value = failure));
  }, [contactId]);

  const contact = data.value?.contact;
  const past = data.value?.conversations.nodes.filter((row) => row.id !== conversationId) ?? [];
  const rows: [string, string | null | undefined][] = [
    [t('conversation.contact.phone'), contact?.phone],
    [t('conversation.contact.email'), contact?.email],
    [t('conversation.contact.document'), contact?.documentFormatted ?? contact?.document],
  ];
  return (
    <aside aria-labelledby="contact-title" class="hidden w-72 shrink-0 overflow-y-auto border-l border-line bg-panel p-4 text-sm lg:block">
      <h3 id="contact-title" class="font-semibold">{t('conversation.contact.title')}</h3>
      {error.value !== null && <ErrorMessage error={error.value} />}
      {contact !== undefined && (
        <>
          <p class="mt-2 text-base font-medium">{contact.name}</p>
          <dl class="mt-2 space-y-2">
            {rows.map(([label, value]) => (
              <div key={label}>
                <dt class="text-xs text-muted">{label}</dt>
                <dd class="break-words">{value ?? '—'}</dd>
              </div>
            ))}
          </dl>
          <h4 class="mt-4 text-xs font-semibold uppercase text-muted">{t('conversation.contact.attributes')}</h4>
          {attributeEntries(contact.customAttributes).length === 0
            ? <p class="text-muted">{t('conversation.contact.noAttributes')}</p>
            : (
              <dl class="mt-1 space-y-1">
                {attributeEntries(contact.customAttributes).map(([key, value]) => (
                  <div key={key}><dt class="inline text-muted">{key}: </dt><dd class="inline break-words">{value}</dd></div>
                ))}
              </dl>
            )}
          <h4 class="mt-4 text-xs font-semibold uppercase text-muted">{t('conversation.contact.past')}</h4>
          {past.length === 0
            ? <p class="text-muted">{t('conversation.contact.noPast')}</p>
            : (
              <ul aria-label={t('conversation.contact.past')} class="mt-1 space-y-1">
                {past.map((row) => (
                  <li key={row.id}>
                    <a href={`/inbox/${row.id}`} onClick={onLinkClick} class="underline">
                      {t('inbox.protocol', { protocol: row.protocol })}
                    </a>
                    <span class="text-muted"> · {t(`inbox.status.${row.status}`)} · {new Date(row.createdAt).toLocaleDateString()}</span>
                  </li>
                ))}
              </ul>
            )}
        </>
      )}
    </aside>
  );
}
