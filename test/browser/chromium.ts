// The browser side of the report tests: Debian's Chromium driven by playwright-core, a page visit
// that records console errors, dialogs and every request, and checks run inside the page.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env['APMSIM_CHROMIUM'] ?? '/usr/bin/chromium';
export const OUT = fileURLToPath(new URL('../../../out/', import.meta.url));
const SHOTS = join(OUT, 'screenshots');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser | undefined;

export async function openBrowser(): Promise<Browser> {
  if (browser !== undefined) return browser;
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the report tests need a real browser. Install Debian's package (apt-get install -y chromium, as .ci/run does) or set APMSIM_CHROMIUM to a Chromium binary.`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export interface PageVisit {
  readonly page: Page;
  readonly problems: string[];
  close(): Promise<void>;
}

/** Opens a report, recording console errors and warnings, page errors, dialogs and every request. */
export async function visit(file: string): Promise<PageVisit> {
  const b = await openBrowser();
  const context = await b.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
  page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, close: () => context.close() };
}

/** A full-page screenshot in out/screenshots/ (git-ignored), for people to look at. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

export interface ChartCheck {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** Visible data marks: elements of the marks with a non-empty box. */
  readonly marks: number;
  readonly rows: number;
  /** The chart is drawn within its figure (not cut at the right edge). */
  readonly inside: boolean;
}

// Browser-side code as text: the test tree compiles without the DOM library.
const CHECK_CHARTS = `[...document.querySelectorAll('figure.chart-figure')].map((f) => {
  const svg = f.querySelector('.chart svg');
  const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0, right: 0 };
  const marks = svg ? [...svg.querySelectorAll('.role-mark > *')] : [];
  const visible = marks.filter((m) => { const b = m.getBBox(); return b.width > 0 || b.height > 0; });
  return { id: f.id, width: box.width, height: box.height, marks: visible.length, rows: f.querySelectorAll('tbody tr').length,
    inside: box.right <= f.getBoundingClientRect().right + 1 };
})`;

export const checkCharts = (page: Page): Promise<ChartCheck[]> => page.evaluate<ChartCheck[]>(CHECK_CHARTS);

/** The ids of the page's sections, in order (parts' sections included). */
export const sectionIds = (page: Page): Promise<string[]> => page.$$eval('main section', (s) => s.map((x) => x.id));

export interface HostileCheck { readonly title: string; readonly h1: string; readonly h1Elements: number; readonly subtitle: string; readonly active: number; readonly handlers: string[] }

/** What a hostile page shows and holds. */
const CHECK_HOSTILE = `({
  title: document.title,
  h1: document.querySelector('h1')?.textContent ?? '',
  h1Elements: document.querySelector('h1')?.children.length ?? -1,
  subtitle: document.querySelector('p.subtitle')?.textContent ?? '',
  active: document.querySelectorAll('script, img, iframe, object, embed, foreignObject, use').length,
  handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => e.tagName + ' ' + a.name)),
})`;

export const checkHostile = (page: Page): Promise<HostileCheck> => page.evaluate<HostileCheck>(CHECK_HOSTILE);

/** The page's visible text, as a reader (or a screen reader) gets it. */
export const pageText = (page: Page): Promise<string> => page.evaluate<string>('document.body.innerText');

/** The level (ok, warn or fail) of the page's first verdict banner; '' without one. */
export const bannerLevel = (page: Page): Promise<string> => page.evaluate<string>(
  `(() => { const b = document.querySelector('.verdict'); return b ? ['ok', 'warn', 'fail'].find((l) => b.classList.contains(l)) ?? '' : ''; })()`,
);

export interface LayoutCheck {
  /** The page's width when wider than the viewport (horizontal overflow); 0 otherwise. */
  readonly overflow: number;
  /** Text drawn under 9 px: where and how small. */
  readonly small: string[];
  /** Pairs of chart texts whose boxes overlap. */
  readonly overlaps: string[];
}

// In the page: texts of the visible charts (scaled as drawn), the page's own text, and overlaps
// between texts of one chart (boxes intersecting by more than 1.5 px both ways).
const CHECK_LAYOUT = `(() => {
  const small = [], overlaps = [];
  const vw = document.documentElement.clientWidth;
  const overflow = document.documentElement.scrollWidth > vw + 1 ? document.documentElement.scrollWidth : 0;
  for (const svg of document.querySelectorAll('.chart svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    const fig = svg.closest('figure')?.id ?? '?';
    const scale = box.width / (svg.viewBox.baseVal.width || svg.width.baseVal.value);
    // vega hides the labels it found overlapping with opacity 0: they are not drawn.
    const shown = (t) => t.getBoundingClientRect().width > 0 && !t.closest('[opacity="0"]') && getComputedStyle(t).opacity !== '0' && getComputedStyle(t).visibility !== 'hidden';
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '' && shown(t));
    const boxes = texts.map((t) => ({ text: t.textContent.trim(), b: t.getBoundingClientRect(), size: parseFloat(getComputedStyle(t).fontSize) * scale }));
    for (const x of boxes) if (x.size < 8.95) small.push(fig + ': "' + x.text + '" at ' + x.size.toFixed(1) + ' px');
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].b, b = boxes[j].b;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1.5 && h > 1.5) overlaps.push(fig + ': "' + boxes[i].text + '" and "' + boxes[j].text + '"');
    }
  }
  for (const el of document.querySelectorAll('body *:not(svg):not(svg *)')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!own || el.getClientRects().length === 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 9) small.push(el.tagName.toLowerCase() + ': "' + el.textContent.trim().slice(0, 40) + '" at ' + size + ' px');
  }
  return { overflow, small: small.slice(0, 20), overlaps: overlaps.slice(0, 20) };
})()`;

export const checkLayout = (page: Page): Promise<LayoutCheck> => page.evaluate<LayoutCheck>(CHECK_LAYOUT);

/** Page widths every report is checked at: a desktop and a phone. */
export const WIDTHS = [1400, 390] as const;

/** Lays the page out at each width in turn and checks it: no overflow, no text under 9 px, no overlapping chart text. */
export async function assertLayout(page: Page, name: string): Promise<void> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const c = await checkLayout(page);
    if (c.overflow > 0) problems.push(`${name} at ${width} px: the page is ${c.overflow} px wide`);
    problems.push(...c.small.map((x) => `${name} at ${width} px: small text ${x}`), ...c.overlaps.map((x) => `${name} at ${width} px: overlap ${x}`));
    if (width === 390) await screenshot(page, `${name}-390`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
