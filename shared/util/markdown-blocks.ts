// A model card's markdown as plain data (issue 15): headings, paragraphs, lists, quotes, tables and
// code, with bold / italic / code / link spans. The page renders these as elements with escaped text,
// so a card can format itself but never inject HTML: raw HTML in the card stays visible text.

/** A run of text inside a block. */
export type MarkdownSpan =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: MarkdownSpan[] }
  | { kind: 'em'; children: MarkdownSpan[] }
  | { kind: 'code'; text: string }
  /** A link, shown as its text and address; never followed from a model card. */
  | { kind: 'link'; children: MarkdownSpan[]; href: string };

/** One block of a markdown document. */
export type MarkdownBlock =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; spans: MarkdownSpan[] }
  | { kind: 'paragraph'; spans: MarkdownSpan[] }
  | { kind: 'list'; ordered: boolean; items: MarkdownSpan[][] }
  | { kind: 'quote'; blocks: MarkdownBlock[] }
  | { kind: 'table'; header: MarkdownSpan[][]; rows: MarkdownSpan[][][] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

const LIST_ITEM = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/;
const TABLE_DIVIDER = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** Splits a markdown document into blocks (CommonMark's common subset; no HTML). */
export function parseMarkdown(source: string): MarkdownBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i += 1;
      continue;
    }
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) body.push(lines[i++]!);
      i += 1;
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length as 1, spans: parseSpans(heading[2]!) });
      i += 1;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ kind: 'rule' });
      i += 1;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i]!)) body.push(lines[i++]!.replace(/^\s*>\s?/, ''));
      blocks.push({ kind: 'quote', blocks: parseMarkdown(body.join('\n')) });
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_DIVIDER.test(lines[i + 1]!)) {
      const header = tableCells(line);
      i += 2;
      const rows: MarkdownSpan[][][] = [];
      while (i < lines.length && lines[i]!.includes('|') && lines[i]!.trim()) rows.push(tableCells(lines[i++]!));
      blocks.push({ kind: 'table', header, rows });
      continue;
    }
    const first = LIST_ITEM.exec(line);
    if (first) {
      const ordered = first[2] !== undefined;
      const items: string[] = [];
      while (i < lines.length && lines[i]!.trim()) {
        const item = LIST_ITEM.exec(lines[i]!);
        if (item && (item[2] !== undefined) === ordered) items.push(item[3]!);
        else if (items.length && /^\s+/.test(lines[i]!)) items[items.length - 1] += ` ${lines[i]!.trim()}`;
        else break;
        i += 1;
      }
      blocks.push({ kind: 'list', ordered, items: items.map(parseSpans) });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() && !startsBlock(lines, i)) body.push(lines[i++]!.trim());
    blocks.push({ kind: 'paragraph', spans: parseSpans(body.join(' ')) });
  }
  return blocks;
}

function startsBlock(lines: string[], i: number): boolean {
  const line = lines[i]!;
  return (
    /^(#{1,6}\s|\s*>|\s*(```|~~~))/.test(line) ||
    LIST_ITEM.test(line) ||
    (line.includes('|') && i + 1 < lines.length && TABLE_DIVIDER.test(lines[i + 1]!))
  );
}

function tableCells(line: string): MarkdownSpan[][] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => parseSpans(cell.trim()));
}

const SPAN =
  /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*([^*\s](?:[^*]*[^*\s])?)\*|(?<![A-Za-z0-9])_([^_\s](?:[^_]*[^_\s])?)_(?![A-Za-z0-9])|\[([^\]]+)\]\(([^)\s]+)\)/;

/** Bold, italic, code and link spans of one line of text. */
export function parseSpans(text: string): MarkdownSpan[] {
  const spans: MarkdownSpan[] = [];
  let rest = text;
  while (rest) {
    const match = SPAN.exec(rest);
    if (!match) {
      spans.push({ kind: 'text', text: rest });
      break;
    }
    if (match.index > 0) spans.push({ kind: 'text', text: rest.slice(0, match.index) });
    const [, code, strong, strongAlt, em, emAlt, linkText, href] = match;
    if (code !== undefined) spans.push({ kind: 'code', text: code });
    else if (strong !== undefined || strongAlt !== undefined) spans.push({ kind: 'strong', children: parseSpans(strong ?? strongAlt!) });
    else if (em !== undefined || emAlt !== undefined) spans.push({ kind: 'em', children: parseSpans(em ?? emAlt!) });
    else spans.push({ kind: 'link', children: parseSpans(linkText!), href: href! });
    rest = rest.slice(match.index + match[0].length);
  }
  return spans;
}
