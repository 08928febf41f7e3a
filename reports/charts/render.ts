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

export async function renderSvg(spec: TopLevelSpec): Promise<Rendered> {
  const warnings: string[] = [];
  const logger = collector(warnings);
  const vg = compile(spec, { logger: logger as never }).spec as Spec;
  const view = new View(parse(vg), { renderer: 'none', logger: logger as never });
  try {
    const svg = await view.toSVG();
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}
