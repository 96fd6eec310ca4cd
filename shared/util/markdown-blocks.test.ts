import { describe, expect, it } from 'vitest';
import { parseMarkdown, parseSpans } from './markdown-blocks';

describe('a model card’s markdown as blocks', () => {
  it('reads headings, quotes, lists, tables and paragraphs', () => {
    const blocks = parseMarkdown(
      '# Model\n\n> **NON-COMMERCIAL USE ONLY.** Trained on\n> RAVDESS.\n\nSpeech in, `<think>` out.\nSecond line.\n\n## Data\n- Train: *actors 1–16*\n- Validation\n\n1. Stage one\n   continued\n2. Stage two\n\n| accuracy | UAR |\n|---|---|\n| 54.6 % | 51.6 % |\n',
    );
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'quote', 'paragraph', 'heading', 'list', 'list', 'table']);
    expect(blocks[1]).toEqual({
      kind: 'quote',
      blocks: [
        {
          kind: 'paragraph',
          spans: [
            { kind: 'strong', children: [{ kind: 'text', text: 'NON-COMMERCIAL USE ONLY.' }] },
            { kind: 'text', text: ' Trained on RAVDESS.' },
          ],
        },
      ],
    });
    expect(blocks[2]).toEqual({
      kind: 'paragraph',
      spans: [
        { kind: 'text', text: 'Speech in, ' },
        { kind: 'code', text: '<think>' },
        { kind: 'text', text: ' out. Second line.' },
      ],
    });
    expect(blocks[5]).toMatchObject({
      kind: 'list',
      ordered: true,
      items: [[{ kind: 'text', text: 'Stage one continued' }], [{ kind: 'text', text: 'Stage two' }]],
    });
    expect(blocks[6]).toMatchObject({
      kind: 'table',
      header: [[{ text: 'accuracy' }], [{ text: 'UAR' }]],
      rows: [[[{ text: '54.6 %' }], [{ text: '51.6 %' }]]],
    });
  });

  it('keeps raw HTML as text and links as text with their address', () => {
    expect(parseSpans('<img src=x onerror=alert(1)> see [the paper](https://example.org/p)')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> see ' },
      { kind: 'link', children: [{ kind: 'text', text: 'the paper' }], href: 'https://example.org/p' },
    ]);
    expect(parseSpans('snake_case_name stays')).toEqual([{ kind: 'text', text: 'snake_case_name stays' }]);
  });
});
