import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { navigate, onLinkClick, path } from '../../app/router';
import { t, type MessageKey } from '../../i18n';
import { AuditPage } from './AuditPage';
import { CannedPage } from './CannedPage';
import { InboxesPage } from './InboxesPage';
import { PluginsPage } from './PluginsPage';
import { TeamsPage } from './TeamsPage';
import { UsersPage } from './UsersPage';

const sections: readonly { path: string; label: MessageKey; Page: ComponentType }[] = [
  { path: '/admin/users', label: 'admin.nav.users', Page: UsersPage },
  { path: '/admin/teams', label: 'admin.nav.teams', Page: TeamsPage },
  { path: '/admin/inboxes', label: 'admin.nav.inboxes', Page: InboxesPage },
  { path: '/admin/plugins', label: 'admin.nav.plugins', Page: PluginsPage },
  { path: '/admin/canned', label: 'admin.nav.canned', Page: CannedPage },
  { path: '/admin/audit', label: 'admin.nav.audit', Page: AuditPage },
];

/** Administration: one sub-page per concept, each at its own address (`/admin/users`…). */
export default function AdminPage() {
  const current = sections.find((section) => path.value === section.path || path.value.startsWith(`${section.path}/`));
  useEffect(() => {
    if (current === undefined) navigate('/admin/users', true);
  }, [current]);
  if (current === undefined) return null;
  const { Page } = current;
  return (
    <div class="flex min-h-0 flex-1 flex-col md:flex-row">
      <nav aria-label={t('admin.nav.label')} class="border-b border-line bg-panel p-2 md:w-52 md:border-b-0 md:border-r">
        <ul class="flex flex-wrap gap-1 md:flex-col">
          {sections.map((section) => (
            <li key={section.path}>
              <a href={section.path} onClick={onLinkClick} aria-current={section === current ? 'page' : undefined}
                class={`block rounded-md px-3 py-1.5 text-sm font-medium ${section === current ? 'bg-accent text-accent-fg' : 'hover:bg-surface'}`}>
                {t(section.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="min-w-0 flex-1 overflow-auto p-4">
        <Page />
      </div>
    </div>
  );
}
