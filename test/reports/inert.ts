// The inertness check of report pages: markup that could run or load anything, found by reading
// every tag (escaped text holds no `<`, so every tag found is real markup).

import * as assert from 'uvu/assert';

const FORBIDDEN_TAGS = new Set(['script', 'img', 'image', 'iframe', 'frame', 'object', 'embed', 'link', 'base', 'form', 'input', 'foreignobject', 'audio', 'video', 'source', 'use', 'animate', 'set']);
const LOADING_ATTRIBUTES = new Set(['src', 'srcset', 'action', 'formaction', 'background', 'poster', 'data']);

/**
 * Markup that could run or load something. Escaped text holds no `<`, so every tag found is real
 * markup: its name, its attributes' names and values are checked (text is not, hostile or not).
 */
export function inertProblems(html: string): string[] {
  const problems: string[] = [];
  for (const m of html.matchAll(/<\/?([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const tag = m[1]!.toLowerCase();
    if (FORBIDDEN_TAGS.has(tag)) problems.push(`<${tag}>`);
    for (const a of m[2]!.matchAll(/([^\s=/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = a[1]!.toLowerCase();
      const value = (a[2] ?? '').replace(/^["']|["']$/g, '');
      if (name.startsWith('on') || LOADING_ATTRIBUTES.has(name)) problems.push(`${tag} ${name}=`);
      if ((name === 'href' || name === 'xlink:href') && !value.startsWith('#')) problems.push(`${tag} ${name}="${value}"`);
      if (name.startsWith('xmlns')) { if (!value.startsWith('http://www.w3.org/')) problems.push(`${name}="${value}"`); continue; }
      const urlBearing = ['style', 'fill', 'stroke', 'clip-path', 'mask', 'filter', 'cursor'].includes(name) || name.startsWith('marker');
      if (urlBearing && /url\((?!#)|javascript:|https?:|data:/i.test(value)) problems.push(`${tag} ${name}="${value}"`);
    }
  }
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  if (/url\(|@import/i.test(style)) problems.push('style loads something');
  return problems;
}

export function assertInert(html: string): void {
  assert.equal(inertProblems(html), [], 'no markup that runs or loads anything');
}

