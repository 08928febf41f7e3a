// Renders a vega-lite spec to a static SVG string in Node (vega-lite compile, then a vega View
// with no renderer): the report page then carries no script and loads nothing.

import { parse, View, type Spec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface Rendered {
  readonly svg: string;
  /** What vega-lite or vega warned about while building the chart (tests expect none). */
  readonly warnings: readonly string[];
}

/** A logger for vega-lite and vega that keeps warnings rather than printing them. */
function collector(warnings: string[]) {
  let level = 2;
  const keep = (...args: readonly unknown[]) => { warnings.push(args.map(String).join(' ')); };
  const logger = {
    level(l?: number): any { if (l === undefined) return level; level = l; return logger; },
    error: keep,
    warn: keep,
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/**
 * A name that is an Object.prototype member (`constructor`, `valueOf`, `toString`, ...) followed by
 * a zero-width space, which looks the same on the page. vega 6 looks string literals up in plain
 * objects, where such a name finds the prototype's member: a chart whose sort list, scale domain or
 * data names a class or agent `valueOf` fails to build ("Operator not defined"). Other strings, and
 * so every chart without such names, are left as they are.
 */
const ALIAS = '\u200B';
function aliasPrototypeNames(spec: unknown): unknown {
  if (typeof spec === 'string') return Object.hasOwn(Object.prototype, spec) ? `${spec}${ALIAS}` : spec;
  if (Array.isArray(spec)) return spec.map(aliasPrototypeNames);
  if (spec === null || typeof spec !== 'object') return spec;
  // A plain object (vega-lite needs its prototype); an aliased key can no longer be `__proto__`.
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) out[aliasPrototypeNames(k) as string] = aliasPrototypeNames(v);
  return out;
}

export async function renderSvg(spec: TopLevelSpec): Promise<Rendered> {
  const warnings: string[] = [];
  const logger = collector(warnings);
  const vg = compile(aliasPrototypeNames(spec) as TopLevelSpec, { logger: logger as never }).spec as Spec;
  const view = new View(parse(vg), { renderer: 'none', logger: logger as never });
  try {
    const svg = await view.toSVG();
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}
