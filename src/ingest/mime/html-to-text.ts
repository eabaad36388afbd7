import { parse, NodeType, type Node, type HTMLElement } from 'node-html-parser';

const blockTags = new Set([
  'p', 'div', 'br', 'tr', 'li', 'ul', 'ol', 'table', 'tbody', 'thead', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'pre', 'hr', 'section', 'article', 'header', 'footer', 'blockquote', 'dl', 'dt', 'dd', 'title',
]);
const cellTags = new Set(['td', 'th']);
const skippedTags = new Set(['script', 'style', 'head', 'noscript', 'template']);

/**
 * Turns report HTML into plain text that keeps the table shape: one line per row, cells separated by
 * a tab, block elements on their own lines. Parsers of HTML-only products read this text.
 */
export function htmlToText(html: string): string {
  const root = parse(html, { comment: false, blockTextElements: { pre: true, script: false, style: false } });
  const out: string[] = [];
  walk(root, out, false);
  return out
    .join('')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function walk(node: Node, out: string[], inPre: boolean): void {
  if (node.nodeType === NodeType.TEXT_NODE) {
    // `text` decodes HTML entities (&eacute;, &#228;) where `rawText` would keep them.
    const text = node.text;
    out.push(inPre ? text : text.replace(/\s+/g, ' '));
    return;
  }
  if (node.nodeType !== NodeType.ELEMENT_NODE) return;
  const element = node as HTMLElement;
  const tag = element.rawTagName?.toLowerCase() ?? '';
  if (skippedTags.has(tag)) return;
  if (tag === 'br') {
    out.push('\n');
    return;
  }
  const block = blockTags.has(tag);
  if (block) newline(out);
  for (const child of element.childNodes) walk(child, out, inPre || tag === 'pre');
  if (cellTags.has(tag)) out.push('\t');
  if (block) newline(out);
}

function newline(out: string[]): void {
  const last = out[out.length - 1];
  if (last !== undefined && !last.endsWith('\n')) out.push('\n');
}
