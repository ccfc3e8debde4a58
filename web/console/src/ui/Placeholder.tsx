import { t, type MessageKey } from '../i18n';

/** A screen that is planned but not built yet: says so plainly rather than showing fake data. */
export function Placeholder({ text }: { text: MessageKey }) {
  return (
    <section aria-labelledby="placeholder-title" class="mx-auto mt-16 max-w-lg rounded-lg border border-dashed border-line bg-panel p-8 text-center">
      <h1 id="placeholder-title" class="text-xl font-semibold">{t('page.soonTitle')}</h1>
      <p class="mt-2 text-muted">{t(text)}</p>
    </section>
  );
}
