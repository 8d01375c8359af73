/** Applies the theme setting; "system" follows the OS and keeps following it. */
import type { Settings } from '../main/common/contract';

export type Shown = 'light' | 'sepia' | 'dark';
const dark = window.matchMedia('(prefers-color-scheme: dark)');

export function applyTheme(theme: Settings['theme']): Shown {
  const shown: Shown = theme === 'system' ? (dark.matches ? 'dark' : 'light') : theme;
  document.documentElement.dataset.theme = shown;
  document.documentElement.style.colorScheme = shown === 'dark' ? 'dark' : 'light';
  return shown;
}

export function onSystemThemeChange(listener: () => void): () => void {
  dark.addEventListener('change', listener);
  return () => dark.removeEventListener('change', listener);
}
