// A chart.js plugin that draws labelled vertical markers (the step the reasoning reward switched on,
// a guardrail's first step) across a training chart, from values the component keeps up to date.
import type { Chart, Plugin } from 'chart.js';

/** A vertical line at x, with a short label. */
export interface StepMarker {
  x: number;
  label: string;
  colour: string;
}

const markers = new WeakMap<Chart, StepMarker[]>();

export function setStepMarkers(chart: Chart, list: StepMarker[]): void {
  markers.set(chart, list);
}

export const stepMarkerPlugin: Plugin = {
  id: 'etStepMarkers',
  afterDatasetsDraw(chart) {
    const list = markers.get(chart);
    if (!list || list.length === 0) return;
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    for (const marker of list) {
      const x = scales.x!.getPixelForValue(marker.x);
      if (x < chartArea.left || x > chartArea.right) continue;
      ctx.strokeStyle = marker.colour;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = marker.colour;
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillText(marker.label, Math.min(x + 4, chartArea.right - ctx.measureText(marker.label).width), chartArea.top + 11);
    }
    ctx.restore();
  },
};
