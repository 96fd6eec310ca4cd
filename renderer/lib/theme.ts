import type { Theme } from '../../shared/types/settings';

/** Applies a theme choice to the document; 'system' defers to prefers-color-scheme via CSS. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
