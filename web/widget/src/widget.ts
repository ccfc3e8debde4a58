// The widget's controller: loads the inbox's settings, resumes or starts the visitor's session,
// keeps the conversation live over graphql-ws (fetching what was missed after a reconnection and
// re-sending what was not confirmed), and renders the launcher and the window.

import { ApiError, VisitorApi } from './api';
import { explain } from './errors';
import { Conversation } from './conversation';
import { type Locale, type Messages, messagesFor } from './i18n';
import { clearSession, loadSession, saveSession } from './session';
import type { PreChatAnswers, VisitorEvent, WidgetConfig } from './types';
import { h, replaceChildren } from './view/dom';
import { csatForm, offlineForm, preChatForm, showErrors } from './view/forms';
import { chatIcon, clipIcon, sendIcon } from './view/icons';
import { renderEntries } from './view/messages';
import { styles } from './view/styles';
import { Alerts } from './alerts';

export interface WidgetOptions {
  baseUrl: string;
  inboxId: string;
  locale: Locale;
  identity: { identifier: string; identifierHash: string; answers: PreChatAnswers } | null;
  storage: Storage | null;
}

type Screen = 'loading' | 'prechat' | 'offline' | 'offline-sent' | 'chat';

const TYPING_EVERY_MS = 3000;
const TYPING_IDLE_MS = 5000;

export class ChatWidget {
  private readonly t: Messages;
  private readonly api: VisitorApi;
  private readonly conversation = new Conversation();
  private readonly alerts: Alerts;
  private config: WidgetConfig | null = null;
  private screen: Screen = 'loading';
  private open = false;
  private connected = true;
  private rated = false;
  private unsubscribe: (() => void) | null = null;
  private typingSentAt = 0;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly root = h('div', { class: 'root' });
  private readonly panel = h('section', { class: 'panel', role: 'dialog', hidden: true });
  private readonly body = h('div', { class: 'body', role: 'log', 'aria-live': 'polite' });
  private readonly typingLine = h('div', { class: 'typing', 'aria-live': 'polite' });
  private readonly banner = h('div', { class: 'banner', role: 'status', hidden: true });
  private readonly launcher = h('button', { type: 'button', class: 'launcher' });
  private readonly textarea = h('textarea', { rows: 1 });
  private readonly composer = h('form', { class: 'composer' });

  constructor(
    private readonly shadow: ShadowRoot,
    private readonly options: WidgetOptions,
  ) {
    this.t = messagesFor(options.locale);
    this.api = new VisitorApi(options.baseUrl, options.inboxId);
    this.alerts = new Alerts(this.t);
  }

  async start(): Promise<void> {
    this.config = await this.api.config(this.options.locale);
    this.build(this.config);
    const session = loadSession(this.options.storage, this.options.inboxId, this.options.identity?.identifier ?? null, new Date());
    if (session !== null) {
      this.api.setToken(session.token);
      try {
        await this.resume();
        return;
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') throw error;
        clearSession(this.options.storage, this.options.inboxId);
        this.api.setToken(null);
      }
    }
    if (this.options.identity !== null) {
      // The site vouches for the subscriber: no pre-chat form.
      await this.startSession(this.options.identity.answers);
      return;
    }
    this.screen = this.config.online ? (this.config.preChat.enabled ? 'prechat' : 'chat') : 'offline';
    this.render();
  }

  private build(config: WidgetConfig): void {
    const style = h('style');
    style.textContent = styles(config.color, config.position);
    this.launcher.append(chatIcon());
    this.launcher.addEventListener('click', () => this.toggle());
    const panelId = `ispchat-panel-${this.options.inboxId}`;
    this.panel.id = panelId;
    this.launcher.setAttribute('aria-controls', panelId);
    const title = h('h2', { id: `${panelId}-title` }, this.t.title);
    this.panel.setAttribute('aria-labelledby', title.id);
    const header = h(
      'div',
      { class: 'header' },
      h('div', { style: 'flex:1' }, title, h('p', {}, statusLine(config, this.t, this.options.locale))),
      h('button', { type: 'button', class: 'close', 'aria-label': this.t.close, onclick: () => this.toggle(false) }, '×'),
    );
    this.textarea.id = `${panelId}-composer`;
    this.textarea.setAttribute('aria-label', this.t.composerLabel);
    this.textarea.placeholder = this.t.composerPlaceholder;
    this.textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.composer.requestSubmit();
      }
    });
    this.textarea.addEventListener('input', () => this.visitorTyping());
    const file = h('input', { type: 'file', hidden: true, 'aria-hidden': 'true', tabindex: -1 });
    file.addEventListener('change', () => {
      const picked = file.files?.[0];
      file.value = '';
      if (picked !== undefined) void this.sendFile(picked);
    });
    const attach = h('button', { type: 'button', class: 'icon', 'aria-label': this.t.attach, onclick: () => file.click() }, clipIcon());
    const send = h('button', { type: 'submit', class: 'icon send', 'aria-label': this.t.send }, sendIcon());
    this.composer.append(attach, file, this.textarea, send);
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.textarea.value.trim();
      if (text === '') return;
      this.textarea.value = '';
      void this.send(text);
    });
    this.panel.append(header, this.banner, this.body, this.typingLine, this.composer);
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.toggle(false);
    });
    this.root.append(this.panel, this.launcher);
    this.shadow.append(style, this.root);
    this.paintLauncher();
  }

  toggle(open = !this.open): void {
    this.open = open;
    this.panel.hidden = !open;
    this.paintLauncher();
    if (open) {
      this.render();
      this.seen();
      (this.screen === 'chat' ? this.textarea : this.panel.querySelector<HTMLElement>('input, textarea, button'))?.focus();
    } else {
      this.launcher.focus();
    }
  }

  private paintLauncher(): void {
    const unread = this.open ? 0 : this.conversation.unreadCount();
    this.launcher.setAttribute('aria-expanded', String(this.open));
    this.launcher.setAttribute('aria-label', `${this.open ? this.t.launcherClose : this.t.launcherOpen}${unread > 0 ? ` (${this.t.unreadBadge(unread)})` : ''}`);
    this.launcher.querySelector('.badge')?.remove();
    if (unread > 0) this.launcher.append(h('span', { class: 'badge', 'aria-hidden': 'true' }, String(unread)));
  }

  private render(): void {
    const config = this.config;
    if (config === null) return;
    this.composer.hidden = this.screen !== 'chat' || this.conversation.status === 'RESOLVED';
    switch (this.screen) {
      case 'loading':
        replaceChildren(this.body);
        return;
      case 'prechat':
        replaceChildren(this.body, this.greeting(config), preChatForm(config, this.t, (answers, form) => void this.startSession(answers, form)));
        return;
      case 'offline':
        replaceChildren(this.body, offlineForm(config, this.t, (answers, message, form) => void this.leaveOfflineMessage(answers, message, form)));
        return;
      case 'offline-sent':
        replaceChildren(this.body, h('p', { class: 'notice', role: 'status' }, this.t.offlineThanks));
        return;
      case 'chat':
        this.renderChat(config);
        return;
    }
  }

  private greeting(config: WidgetConfig): HTMLElement | null {
    return config.greeting === '' ? null : h('div', { class: 'greeting' }, config.greeting);
  }

  private renderChat(config: WidgetConfig): void {
    const atBottom = this.body.scrollHeight - this.body.scrollTop - this.body.clientHeight < 40;
    const entries = renderEntries(this.conversation.entries(), this.t, { retry: (id) => void this.retry(id), choose: (choice) => void this.send(choice.title, choice.id) }, this.options.locale);
    const resolved = this.conversation.status === 'RESOLVED';
    const footer: (HTMLElement | null)[] = [];
    if (resolved) {
      footer.push(h('p', { class: 'notice' }, this.t.resolved));
      if (config.csatEnabled && !this.rated) footer.push(csatForm(this.t, (score, comment, form) => void this.rate(score, comment, form)));
      else if (this.rated) footer.push(h('p', { class: 'notice', role: 'status' }, this.t.csatThanks));
      footer.push(h('button', { type: 'button', class: 'primary', onclick: () => this.newConversation() }, this.t.newConversation));
    }
    replaceChildren(this.body, this.greeting(config), ...entries, ...footer);
    const typing = this.conversation.typingAgent();
    this.typingLine.textContent = typing.typing ? this.t.typing(typing.name ?? this.t.agent) : '';
    if (atBottom || entries.length < 3) this.body.scrollTop = this.body.scrollHeight;
  }

  private async startSession(answers: PreChatAnswers, form?: HTMLFormElement): Promise<boolean> {
    try {
      const identity = this.options.identity === null ? null : { identifier: this.options.identity.identifier, identifierHash: this.options.identity.identifierHash };
      const session = await this.api.startSession(answers, this.options.locale, identity);
      saveSession(this.options.storage, this.options.inboxId, { ...session, identifier: this.options.identity?.identifier ?? null });
      this.api.setToken(session.token);
      await this.resume();
      return true;
    } catch (error) {
      this.showError(error, form);
      return false;
    }
  }

  /** With a token: the latest conversation, then live events. */
  private async resume(): Promise<void> {
    await this.refresh();
    this.screen = 'chat';
    this.unsubscribe?.();
    let first = true;
    this.unsubscribe = this.api.subscribe(
      (event) => this.onEvent(event),
      () => {
        this.setConnected(true);
        if (!first) void this.catchUp();
        first = false;
      },
      () => this.setConnected(false),
    );
    this.render();
    this.paintLauncher();
  }

  private async refresh(): Promise<void> {
    const latest = await this.api.latestConversation();
    if (latest === null) return;
    if (this.conversation.id !== null && this.conversation.id !== latest.id) this.conversation.reset();
    this.conversation.id = latest.id;
    this.conversation.status = latest.status;
    this.rated = latest.rated;
    this.conversation.merge(latest.messages);
  }

  /** After a reconnection: what arrived meanwhile, then what the visitor wrote offline. */
  private async catchUp(): Promise<void> {
    try {
      await this.refresh();
      for (const pending of this.conversation.unconfirmed()) await this.deliver(pending.clientMessageId, pending.content, pending.choiceId);
      this.render();
      this.paintLauncher();
    } catch {
      // The next reconnection tries again.
    }
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.banner.hidden = connected;
    this.banner.textContent = connected ? '' : this.t.reconnecting;
  }

  private onEvent(event: VisitorEvent): void {
    if (this.conversation.id === null && event.kind === 'MESSAGE') this.conversation.id = event.conversationId;
    if (!this.conversation.apply(event)) return;
    if (event.kind === 'MESSAGE' && event.message.direction === 'OUTGOING') {
      if (!this.open || document.hidden) this.alerts.newMessage(event.message.content);
      else this.seen();
    }
    if (this.open) this.render();
    this.paintLauncher();
  }

  private seen(): void {
    if (this.conversation.markSeen() && this.conversation.id !== null) void this.api.markRead(this.conversation.id).catch(() => undefined);
    this.paintLauncher();
  }

  private async send(content: string, choiceId: string | null = null): Promise<void> {
    if (this.screen !== 'chat') return;
    this.alerts.askPermission();
    if (!this.hasToken()) {
      if (!(await this.startSession({}))) return;
    }
    const clientMessageId = newClientId();
    this.conversation.addLocal(clientMessageId, content, new Date(), choiceId);
    this.render();
    await this.deliver(clientMessageId, content, choiceId);
  }

  private async deliver(clientMessageId: string, content: string, choiceId: string | null): Promise<void> {
    try {
      const result = await this.api.send(content, clientMessageId, this.conversation.status === 'RESOLVED' ? null : this.conversation.id, choiceId);
      if (this.conversation.id !== result.conversationId) {
        this.conversation.id = result.conversationId;
        this.conversation.status = null;
      }
      this.conversation.confirm(clientMessageId, result.message);
    } catch (error) {
      this.conversation.fail(clientMessageId);
      if (error instanceof ApiError && error.code !== 'NETWORK') this.showError(error);
    }
    this.render();
  }

  private async retry(clientMessageId: string): Promise<void> {
    const message = this.conversation.retry(clientMessageId);
    this.render();
    if (message !== undefined) await this.deliver(clientMessageId, message.content, message.choiceId);
  }

  private async sendFile(file: File): Promise<void> {
    if (!this.hasToken() && !(await this.startSession({}))) return;
    try {
      const result = await this.api.upload(file, newClientId(), this.conversation.status === 'RESOLVED' ? null : this.conversation.id);
      this.conversation.id = result.conversationId;
      this.conversation.merge([result.message]);
      this.render();
    } catch (error) {
      this.showError(error);
    }
  }

  private visitorTyping(): void {
    const id = this.conversation.id;
    if (id === null || !this.hasToken()) return;
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_EVERY_MS) {
      this.typingSentAt = now;
      void this.api.typing(id, true).catch(() => undefined);
    }
    if (this.typingTimer !== null) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.typingSentAt = 0;
      void this.api.typing(id, false).catch(() => undefined);
    }, TYPING_IDLE_MS);
  }

  private async leaveOfflineMessage(answers: PreChatAnswers, message: string, form: HTMLFormElement): Promise<void> {
    if (!(await this.startSession(answers, form))) return;
    this.screen = 'chat';
    await this.send(message);
    this.screen = 'offline-sent';
    this.render();
  }

  private async rate(score: number, comment: string, form: HTMLFormElement): Promise<void> {
    const id = this.conversation.id;
    if (id === null) return;
    try {
      await this.api.rate(id, score, comment);
      this.rated = true;
      this.render();
    } catch (error) {
      this.showError(error, form);
    }
  }

  private newConversation(): void {
    this.conversation.reset();
    this.rated = false;
    this.render();
    this.textarea.focus();
  }

  private hasToken(): boolean {
    return this.api.hasToken();
  }

  /**
   * A field error goes under its field; anything else to the banner. Both in the visitor's
   * language: the host's reason translated, never its English message or raw JSON.
   */
  private showError(error: unknown, form?: HTMLFormElement): void {
    const { field, underField, banner } = explain(error, this.t, this.options.locale);
    if (form !== undefined && field !== null && showErrors(form, { [field]: underField })) return;
    this.banner.hidden = false;
    this.banner.textContent = banner;
  }
}

/** "Online agora", or when closed the next opening: "… Voltamos segunda, 09:00". */
export function statusLine(config: WidgetConfig, t: Messages, locale: string): string {
  if (config.online) return t.online;
  const next = config.nextOpenAt === null ? Number.NaN : Date.parse(config.nextOpenAt);
  if (Number.isNaN(next)) return t.offline;
  const when = new Date(next).toLocaleString(locale, { weekday: 'long', hour: '2-digit', minute: '2-digit' });
  return `${t.offline}. ${t.nextOpen(when)}`;
}

function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
