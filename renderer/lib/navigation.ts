// Which area and recording are open, kept per tab so a reload lands where the user was.
const KEY = 'emotionthinker.view';

/** Areas of the app, in navigation order. */
export const AREAS = [
  { id: 'record', label: 'Record' },
  { id: 'analyze', label: 'Analyze' },
  { id: 'review', label: 'Review' },
  { id: 'library', label: 'Library' },
  { id: 'models', label: 'Models' },
  { id: 'datasets', label: 'Datasets' },
  { id: 'training', label: 'Training' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'system', label: 'System' },
] as const;
/** An area id. */
export type AreaId = (typeof AREAS)[number]['id'];

/** The open area and recording. */
export interface ViewState {
  area: AreaId;
  recordingId: string | null;
}

export function loadViewState(): ViewState {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<ViewState> | null;
    if (saved && AREAS.some((a) => a.id === saved.area)) return { area: saved.area!, recordingId: saved.recordingId ?? null };
  } catch {
    // A damaged entry just means starting at the library.
  }
  return { area: 'library', recordingId: null };
}

export function saveViewState(state: ViewState): void {
  sessionStorage.setItem(KEY, JSON.stringify(state));
}

/** True when a key press is meant for a form field, not a shortcut. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
