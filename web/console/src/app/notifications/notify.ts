/**
 * Browser notifications and a sound for a new conversation or customer message while the tab is
 * in the background. Off until the member turns them on (the browser only asks for permission
 * on a user gesture); the choice is kept in this browser.
 */
import { signal } from '@preact/signals';
import type { NotifyEventsSubscription } from '../../gql/graphql';
import { type Locale, translate } from '../../i18n';

export type NotifyEvent = NotifyEventsSubscription['inboxEvents'];

export interface Notice {
  title: string;
  body: string;
  /** One notice per conversation: a newer one replaces it rather than piling up. */
  tag: string;
}

const PREFERENCE_KEY = 'ispchat.notifications';
const BODY_MAX = 140;

/**
 * The notice for an event, or `null` when it concerns nobody at this console: a new conversation
 * that reached people (not one still with a bot), or a customer's message in a conversation that
 * is the member's or waits for anyone; never one of someone else's conversations.
 */
export function noticeFor(event: NotifyEvent, myId: string, locale: Locale): Notice | null {
  const { conversation } = event;
  if (conversation.status === 'BOT' || conversation.status === 'RESOLVED') return null;
  if (conversation.assignee !== null && conversation.assignee.id !== myId) return null;
  const name = conversation.contact.name.trim() === '' ? translate(locale, 'conversation.customer') : conversation.contact.name;
  const tag = `ispchat-${conversation.id}`;
  if (event.kind === 'CREATED') return { title: translate(locale, 'notify.newConversation', { name }), body: '', tag };
  const message = event.message;
  if (event.kind !== 'MESSAGE_CREATED' || message === null || message.direction !== 'INCOMING' || message.private) return null;
  const content = message.content.length > BODY_MAX ? `${message.content.slice(0, BODY_MAX - 1)}…` : message.content;
  return { title: translate(locale, 'notify.newMessage', { name }), body: content, tag };
}

export type NotifyState = 'unsupported' | 'off' | 'on' | 'blocked';

function initialState(): NotifyState {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  let wanted = false;
  try {
    wanted = localStorage.getItem(PREFERENCE_KEY) === 'on';
  } catch {
    // Private mode: off.
  }
  return wanted && Notification.permission === 'granted' ? 'on' : 'off';
}

export const notifyState = signal<NotifyState>(initialState());

function remember(on: boolean): void {
  try {
    localStorage.setItem(PREFERENCE_KEY, on ? 'on' : 'off');
  } catch {
    // Private mode: the choice lasts for this page.
  }
}

/** Turns notices on (asking the browser's permission: call it from a click) or off. */
export async function toggleNotifications(): Promise<void> {
  if (notifyState.value === 'unsupported') return;
  if (notifyState.value === 'on') {
    remember(false);
    notifyState.value = 'off';
    return;
  }
  const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  if (permission === 'granted') {
    remember(true);
    notifyState.value = 'on';
    // The click that turned them on also lets audio play later (autoplay rules).
    audio();
  } else {
    notifyState.value = permission === 'denied' ? 'blocked' : 'off';
  }
}

let context: AudioContext | null = null;
function audio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume();
  return context;
}

let lastSound = 0;

/** Two short tones, made here rather than shipped as a file; at most one every few seconds. */
export function chime(now = Date.now()): void {
  if (now - lastSound < 3_000) return;
  lastSound = now;
  const ctx = audio();
  if (ctx === null) return;
  [880, 660].forEach((frequency, index) => {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    const start = ctx.currentTime + index * 0.18;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.15, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.16);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.17);
  });
}

/** Shows the notice when the tab is hidden; clicking it brings the conversation forward. */
export function notify(notice: Notice, conversationId: string, open: (path: string) => void): void {
  if (document.visibilityState === 'visible' || notifyState.value !== 'on') return;
  const notification = new Notification(notice.title, { body: notice.body, tag: notice.tag, lang: document.documentElement.lang });
  notification.onclick = () => {
    window.focus();
    open(`/inbox/${conversationId}`);
    notification.close();
  };
  chime();
}
