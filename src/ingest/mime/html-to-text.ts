import { decodeHTML } from 'entities';

const blockTags = new Set([
  'p', 'div', 'br', 'tr', 'li', 'ul', 'ol', 'table', 'tbody', 'thead', 'tfoot', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'pre', 'hr', 'section', 'article', 'header', 'footer', 'blockquote', 'dl', 'dt', 'dd', 'title', 'caption',
]);
const cellTags = new Set(['td', 'th']);
/** Elements whose content is not text a reader sees. */
const skippedTags = new Set(['script', 'style', 'head', 'noscript', 'template', 'xml']);

/**
 * Turns report HTML into plain text that keeps the table shape: one line per row, cells separated by
 * a tab, block elements on their own lines, `<pre>` kept as it is. A single linear scan over tags and
 * text, without building a tree: mail HTML is hostile input, and tree builders can take quadratic time
 * on thousands of unclosed tags (seen: 145 KB of unclosed `<font>` took minutes).
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  const tagPattern = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![a-zA-Z][^>]*>?|<\/?([a-zA-Z][a-zA-Z0-9:-]*)[^>]*>?/g;
  let position = 0;
  let preDepth = 0;
  let skipping: string | null = null;
  for (let match = tagPattern.exec(html); match; match = tagPattern.exec(html)) {
    if (match.index > position && !skipping) pushText(out, html.slice(position, match.index), preDepth > 0);
    position = tagPattern.lastIndex;
    if (match[0].length === 0) {
      tagPattern.lastIndex += 1;
      continue;
    }
    const name = match[1]?.toLowerCase();
    if (!name) continue;
    const closing = match[0][1] === '/';
    if (skipping) {
      if (closing && name === skipping) skipping = null;
      continue;
    }
    if (skippedTags.has(name) && !closing && !match[0].endsWith('/>')) {
      skipping = name;
      continue;
    }
    if (name === 'pre') preDepth = Math.max(0, preDepth + (closing ? -1 : 1));
    if (name === 'br') out.push('\n');
    else if (blockTags.has(name)) newline(out);
    else if (closing && cellTags.has(name)) out.push('\t');
  }
  if (position < html.length && !skipping) pushText(out, html.slice(position), preDepth > 0);
  return out
    .join('')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * `entities` throws on numeric references too long for a number ("&#111…111"): such a reference
 * becomes U+FFFD first, and any other failure leaves the text undecoded rather than losing the mail.
 */
function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  try {
    return decodeHTML(raw.replace(/&#(?:x[0-9a-f]{7,}|[0-9]{8,});?/gi, '\uFFFD'));
  } catch {
    return raw;
  }
}

function pushText(out: string[], raw: string, inPre: boolean): void {
  const text = decodeEntities(raw);
  if (inPre) {
    out.push(text);
    return;
  }
  const collapsed = text.replace(/\s+/g, ' ');
  const last = out[out.length - 1];
  // Text split by a comment or an inline tag must not get two spaces where the source had one each side.
  const piece = last !== undefined && /[ \n\t]$/.test(last) ? collapsed.replace(/^ /, '') : collapsed;
  if (piece) out.push(piece);
}

function newline(out: string[]): void {
  const last = out[out.length - 1];
  if (last !== undefined && !last.endsWith('\n')) out.push('\n');
}
