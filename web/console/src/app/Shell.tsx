import type { ComponentChildren } from 'preact';
import { changeLanguage, logout, me } from './auth';
import { ConnectionBanner } from './Banner';
import { Presence } from './Presence';
import { onLinkClick, path } from './router';
import { allowedRoutes } from './routes';
import { setTheme, theme } from './theme';
import { locale, type Locale, t } from '../i18n';

/** The frame around every signed-in screen: navigation by role, preferences, sign-out. */
export function Shell({ children }: { children: ComponentChildren }) {
  const user = me.value;
  if (user === null) return null;
  const dark = theme.value === 'dark';
  return (
    <div class="flex min-h-screen flex-col">
      <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-panel focus:px-3 focus:py-2">
        {t('app.skipToContent')}
      </a>
      <header class="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-line bg-panel px-4 py-2">
        <span class="font-semibold text-accent">{t('app.name')}</span>
        <nav aria-label={t('nav.label')} class="flex gap-1">
          {allowedRoutes(user.role).map((route) => {
            const current = path.value === route.path || path.value.startsWith(`${route.path}/`);
            return (
              <a key={route.path} href={route.path} onClick={onLinkClick} aria-current={current ? 'page' : undefined}
                class={`rounded-md px-3 py-1.5 text-sm font-medium ${current ? 'bg-accent text-accent-fg' : 'text-fg hover:bg-surface'}`}>
                {t(route.label)}
              </a>
            );
          })}
        </nav>
        <div class="ml-auto flex items-center gap-3">
          <Presence />
          <label class="flex items-center gap-1 text-sm">
            <span class="sr-only">{t('header.language')}</span>
            <select value={locale.value} onChange={(e) => void changeLanguage(e.currentTarget.value as Locale)}
              class="rounded-md border border-line bg-panel px-2 py-1 text-sm" aria-label={t('header.language')}>
              <option value="pt-BR">Português (Brasil)</option>
              <option value="en">English</option>
            </select>
          </label>
          <button type="button" onClick={() => setTheme(dark ? 'light' : 'dark')} aria-pressed={dark}
            aria-label={dark ? t('header.toLight') : t('header.toDark')} title={dark ? t('header.toLight') : t('header.toDark')}
            class="rounded-md border border-line px-2 py-1 text-sm">
            <span aria-hidden="true">{dark ? '☀' : '☾'}</span>
          </button>
          <span class="hidden text-sm text-muted md:inline" title={t(`role.${user.role}`)}>{t('header.signedInAs', { name: user.name })}</span>
          <button type="button" onClick={() => void logout()} class="rounded-md border border-line px-3 py-1 text-sm font-medium">
            {t('header.logout')}
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1} class="flex min-h-0 flex-1 flex-col">{children}</main>
    </div>
  );
}
