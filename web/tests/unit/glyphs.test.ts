import { describe, expect, it } from 'vitest';

// Every source file of the page, as text.
const sources = import.meta.glob('../../src/**/*.{ts,tsx,css}', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

// The characters beyond ASCII that DejaVu Sans draws (checked with `fc-list ':charset=<hex>'` on
// Debian with only fonts-dejavu installed, no emoji font). A character outside this list may
// show as an empty box: draw it as an inline SVG (see ClockIcon) or write it out in words.
const FONT_SAFE = new Set([
  '±',
  '·',
  '×',
  '–',
  '—',
  '•',
  '…',
  '‼',
  '↻',
  '⌫',
  '▲',
  '◆',
  '◇',
  '○',
  '●',
  '◔',
  '⚠',
  '⚡',
  '✓',
  '✕',
  '⟲',
  '⟳',
]);

describe('glyphs on the page', () => {
  it('finds the sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });

  it('uses only characters that a plain font draws, without an emoji font', () => {
    const unsafe: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const ch of text.match(/[^\x00-\x7f]/gu) ?? []) {
        if (!FONT_SAFE.has(ch)) unsafe.push(`${file}: ${ch} U+${ch.codePointAt(0)!.toString(16)}`);
      }
    }
    expect(unsafe).toEqual([]);
  });
});
