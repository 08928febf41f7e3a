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
