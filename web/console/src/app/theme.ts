/**
 * Light and dark themes: Tailwind's `dark:` variant keys off the `dark` class on <html>
 * (index.html sets it before the first paint from the same storage key).
 */
import { signal } from '@preact/signals';

export type Theme = 'light' | 'dark';
export const THEME_KEY = 'ispchat.theme';

function initialTheme(): Theme {
  if (typeof document === 'undefined') return 'light';
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

export const theme = signal<Theme>(initialTheme());

export function setTheme(next: Theme): void {
  theme.value = next;
  document.documentElement.classList.toggle('dark', next === 'dark');
  try {
    localStorage.setItem(THEME_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page.
  }
}
