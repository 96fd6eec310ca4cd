// What a reader sees of an element's text: every run of whitespace as one space. Prettier wraps long
// text in the Svelte sources and puts elements on their own lines; the browser collapses that
// whitespace when it renders, while textContent keeps it. Tests match what the page shows.
export function squash(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
