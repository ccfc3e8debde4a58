// Entry point of widget.js. The page embeds:
//   <script src="https://chat.example/widget.js" data-inbox-id="…" async></script>
// and may set, before it, `window.ispchatSettings = { locale, identifier, identifierHash }` to
// pass a logged-in subscriber's identity (the HMAC is computed on the ISP's server).

import { pickLocale } from './i18n';
import { ChatWidget } from './widget';

interface PageSettings {
  locale?: string;
  identifier?: string;
  identifierHash?: string;
  /** What the site knows of a logged-in subscriber, so the pre-chat form is not shown. */
  name?: string;
  email?: string;
  phone?: string;
}

declare global {
  interface Window {
    ispchatSettings?: PageSettings;
    ispchat?: { open(): void; close(): void };
  }
}

function boot(): void {
  const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : document.querySelector<HTMLScriptElement>('script[data-inbox-id]');
  const inboxId = script?.dataset.inboxId;
  if (script == null || inboxId === undefined || inboxId === '') {
    console.error('ISP Chat: the widget script needs a data-inbox-id attribute');
    return;
  }
  const settings = window.ispchatSettings ?? {};
  const baseUrl = new URL(script.src, document.baseURI).origin;
  const container = document.createElement('div');
  container.setAttribute('data-ispchat', '');
  const shadow = container.attachShadow({ mode: 'open' });
  const start = (): void => {
    document.body.append(container);
    const widget = new ChatWidget(shadow, {
      baseUrl,
      inboxId,
      locale: pickLocale(settings.locale ?? script.dataset.locale, navigator.languages),
      identity:
        settings.identifier !== undefined && settings.identifierHash !== undefined
          ? { identifier: settings.identifier, identifierHash: settings.identifierHash, answers: { name: settings.name, email: settings.email, phone: settings.phone } }
          : null,
      storage: safeStorage(),
    });
    window.ispchat = { open: () => widget.toggle(true), close: () => widget.toggle(false) };
    widget.start().catch((error: unknown) => console.error('ISP Chat: the widget could not start', error));
  };
  if (document.body === null) document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

boot();
