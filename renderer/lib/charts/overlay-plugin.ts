// A chart.js plugin that shades pauses, the selection and the highlighted claim region, and draws
// the playback cursor, from an Overlay object the component keeps up to date.
import type { Chart, Plugin } from 'chart.js';
import type { Overlay, TimeSpan } from './timeline';

/** The overlay and colours a chart reads at draw time. */
export interface OverlayOptions {
  overlay: Overlay;
  colours: { pause: string; selection: string; highlight: string; cursor: string };
}

const overlays = new WeakMap<Chart, OverlayOptions>();

/** Attaches (or replaces) the overlay a chart draws. */
export function setOverlay(chart: Chart, options: OverlayOptions): void {
  overlays.set(chart, options);
}

function shade(chart: Chart, span: TimeSpan, colour: string): void {
  const { ctx, chartArea, scales } = chart;
  const x = scales.x!;
  const left = Math.max(chartArea.left, x.getPixelForValue(span.startS));
  const right = Math.min(chartArea.right, x.getPixelForValue(span.endS));
  if (right <= left) return;
  ctx.fillStyle = colour;
  ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
}

export const overlayPlugin: Plugin = {
  id: 'etOverlay',
  beforeDatasetsDraw(chart) {
    const options = overlays.get(chart);
    if (!options) return;
    const { overlay, colours } = options;
    chart.ctx.save();
    for (const pause of overlay.pauses) shade(chart, pause, colours.pause);
    if (overlay.selection) shade(chart, overlay.selection, colours.selection);
    if (overlay.highlight) shade(chart, overlay.highlight, colours.highlight);
    chart.ctx.restore();
  },
  afterDatasetsDraw(chart) {
    const options = overlays.get(chart);
    if (!options) return;
    const { ctx, chartArea, scales } = chart;
    const x = scales.x!.getPixelForValue(options.overlay.cursorS);
    if (x < chartArea.left || x > chartArea.right) return;
    ctx.save();
    ctx.strokeStyle = options.colours.cursor;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};
