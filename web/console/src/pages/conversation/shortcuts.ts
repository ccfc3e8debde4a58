/** The conversation's single-key shortcuts, active when focus is not in a field. */

export type ShortcutAction = 'help' | 'reply' | 'assign' | 'transfer' | 'resolve';

export const SHORTCUTS: readonly { key: string; action: ShortcutAction }[] = [
  { key: '?', action: 'help' },
  { key: 'r', action: 'reply' },
  { key: 'a', action: 'assign' },
  { key: 't', action: 'transfer' },
  { key: 'e', action: 'resolve' },
];

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/** Whether keys typed into `target` are text (so a letter must never trigger an action). */
function typingInto(target: EventTarget | null): boolean {
  if (target === null || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable;
}

/** The action a key press asks for, or null (modifiers held, typing in a field, other keys). */
export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return null;
  return SHORTCUTS.find((shortcut) => shortcut.key === event.key)?.action ?? null;
}
