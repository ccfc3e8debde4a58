import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

/** A page loaded on first visit, so the first load stays small (Chart.js lives on the dashboard). */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): ComponentType {
  let loaded: ComponentType | null = null;
  return function LazyPage() {
    const [Page, setPage] = useState<ComponentType | null>(() => loaded);
    useEffect(() => {
      if (Page !== null) return;
      void load().then((module) => {
        loaded = module.default;
        setPage(() => module.default);
      });
    }, [Page]);
    return Page === null ? <p class="p-6 text-muted">{t('page.loading')}</p> : <Page />;
  };
}
