// Canvas checks for the e2e tests: are the charts really drawn with data, not just axes?
import type { Page } from 'playwright-core';

/** How many pixels of a canvas are near `rgb` (±tolerance per channel). */
export function pixelsNear(page: Page, selector: string, rgb: [number, number, number], tolerance = 40): Promise<number> {
  return page.$eval(
    selector,
    (canvas, [target, tol]) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          data[i + 3]! > 0 &&
          Math.abs(data[i]! - target[0]!) <= tol &&
          Math.abs(data[i + 1]! - target[1]!) <= tol &&
          Math.abs(data[i + 2]! - target[2]!) <= tol
        )
          count++;
      }
      return count;
    },
    [rgb, tolerance] as const,
  );
}

/** How many distinct colours (quantised) a canvas shows: a drawn spectrogram has many. */
export function distinctColours(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 16) seen.add(((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4));
    return seen.size;
  });
}
