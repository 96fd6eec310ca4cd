// Times on a recording as a person reads them: "m:ss", or "m:ss.s…" with decimals. The time is
// rounded first, so 59.6 s reads "1:00" and never "0:60".

/** `s` seconds as "m:ss" (rounded to whole seconds) or, with `decimals`, "m:ss.s…". */
export function clockTime(s: number, decimals = 0): string {
  const scale = 10 ** decimals;
  const rounded = Math.round(s * scale) / scale;
  const minutes = Math.floor(rounded / 60);
  const seconds = (rounded - minutes * 60).toFixed(decimals).padStart(decimals ? 3 + decimals : 2, '0');
  return `${minutes}:${seconds}`;
}
