// The shared time axis of the Analyze view: every chart shows the same window, cursor and regions.

/** A stretch of time in seconds. */
export interface TimeSpan {
  startS: number;
  endS: number;
}

/** What a chart shades or marks on top of its data. */
export interface Overlay {
  /** Pauses, shaded lightly. */
  pauses: TimeSpan[];
  /** The user's selection. */
  selection: TimeSpan | null;
  /** The region of the claim under the pointer. */
  highlight: TimeSpan | null;
  /** Playback position. */
  cursorS: number;
}

/** Zooms `window` by `factor` (< 1 zooms in) around `centreS`, kept inside [0, durationS]. */
export function zoomWindow(window: TimeSpan, factor: number, centreS: number, durationS: number, minSpanS = 0.05): TimeSpan {
  const span = Math.min(durationS, Math.max(minSpanS, (window.endS - window.startS) * factor));
  const ratio = (centreS - window.startS) / (window.endS - window.startS || 1);
  let startS = centreS - ratio * span;
  startS = Math.max(0, Math.min(durationS - span, startS));
  return { startS, endS: startS + span };
}

/**
 * Every time-axis chart of the Analyze view (waveform, spectrogram, pitch, intensity, emotion
 * timeline) draws its time axis between these margins of the same column, so one instant is at the
 * same pixel in all of them; the left margin holds each chart's value axis.
 */
export const PLOT_MARGIN = { leftPx: 56, rightPx: 16 } as const;

/** The x pixel (CSS px from the element's left edge) of time `t` in an element `width` px wide showing `window`. */
export function plotX(t: number, window: TimeSpan, width: number): number {
  const inner = Math.max(1, width - PLOT_MARGIN.leftPx - PLOT_MARGIN.rightPx);
  return PLOT_MARGIN.leftPx + ((t - window.startS) / (window.endS - window.startS || 1)) * inner;
}

/** Time at an x pixel of an element showing `window` between the plot margins (clamped to the window). */
export function timeAt(clientX: number, element: Element, window: TimeSpan): number {
  const box = element.getBoundingClientRect();
  const inner = Math.max(1, box.width - PLOT_MARGIN.leftPx - PLOT_MARGIN.rightPx);
  const fraction = Math.min(1, Math.max(0, (clientX - box.left - PLOT_MARGIN.leftPx) / inner));
  return window.startS + fraction * (window.endS - window.startS);
}

/** Reads a theme colour from the CSS variables, so charts follow light/dark. */
export function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Sizes a canvas's backing store to its CSS box at the device pixel ratio (sharp on HiDPI) and
 *  returns a context that draws in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const ratio = devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}
