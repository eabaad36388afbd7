import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text.js';

describe('htmlToText', () => {
  it('keeps table rows as lines and cells separated by tabs, decoding entities', () => {
    const html = '<html><head><style>td{}</style><title>T</title></head><body><p>a&amp;b &eacute;<br>c</p>' +
      '<table><tr><td>x</td><td>y &nbsp;z</td></tr><tr><td>1</td></tr></table><pre>  a\n  b</pre><script>no()</script></body></html>';
    expect(htmlToText(html)).toBe('a&b é\nc\nx\ty z\n1\n  a\n  b');
  });

  it('reads text and numeric entities and drops comments', () => {
    expect(htmlToText('<div>50&#37; &#x263A; <!-- hidden --> done</div>')).toBe('50% ☺ done');
  });

  it('converts thousands of unclosed tags in linear time', () => {
    const html = `<html><body>${'<font color=red>line ok<br>\n'.repeat(20_000)}</body></html>`;
    const text = htmlToText(html);
    expect(text.split('\n')).toHaveLength(20_000);
  });

  it('survives a tag that never closes and a stray "<"', () => {
    expect(htmlToText('a < b and <b>bold')).toBe('a < b and bold');
    expect(htmlToText('<div class="x')).toBe('');
  });
});

describe('htmlToText on hostile entities', () => {
  it('turns a numeric reference too long for a number into U+FFFD instead of throwing', () => {
    expect(htmlToText(`<p>a &#${'1'.repeat(400)} b &#x${'f'.repeat(300)}; c &#65;</p>`)).toBe('a \uFFFD b \uFFFD c A');
  });
});
