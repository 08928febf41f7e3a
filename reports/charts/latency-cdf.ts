// Latency CDF per class: for each probability level, the mean over replications of the
// replication's quantile (a line), with its interval as a band; latency on a log axis so the
// body and the tail both show.

import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, DASHES, LINE_LEGEND, PALETTE, WIDE } from './theme.js';

export interface CdfPoint {
  readonly cls: string;
  readonly probability: number;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** `legendTitle` names what the lines are: request classes by default, a comparison's sides. */
export function latencyCdfSpec(points: readonly CdfPoint[], classes: readonly string[], description: string, legendTitle = 'class', xTitle = 'end-to-end latency (s, log scale)'): TopLevelSpec {
  // A log axis cannot show 0: a band reaching 0 or below (few replications) is drawn to the axis's
  // left edge, the smallest positive latency shown, instead of losing its points.
  const shown = points.filter((p) => p.estimate > 0 && p.upper > 0);
  const edge = Math.min(...shown.map((p) => (p.lower > 0 ? p.lower : p.estimate)));
  const positive = shown.map((p) => (p.lower > 0 ? p : { ...p, lower: edge }));
  const color = { field: 'cls', type: 'nominal', title: legendTitle, sort: classes };
  const y = { field: 'probability', type: 'quantitative', title: 'fraction of requests completed within x', scale: { domain: [0, 1] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    config: CONFIG,
    width: WIDE,
    height: 300,
    data: { values: positive },
    layer: [
      {
        mark: { type: 'area', orient: 'horizontal', opacity: 0.22 },
        encoding: {
          y, x: { field: 'lower', type: 'quantitative', scale: { type: 'log', nice: false }, title: xTitle }, x2: { field: 'upper' },
          // vega-lite merges this fill legend with the lines' colour and dash: drawn as line samples.
          fill: { ...color, legend: LINE_LEGEND, scale: { range: [...PALETTE] } },
        },
      },
      {
        mark: { type: 'line' },
        encoding: {
          y, x: { field: 'estimate', type: 'quantitative', scale: { type: 'log', nice: false } }, order: { field: 'probability' }, color: { ...color, legend: LINE_LEGEND },
          strokeDash: { field: 'cls', type: 'nominal', sort: classes, scale: { range: DASHES.slice(0, Math.max(1, classes.length)) }, title: legendTitle, legend: LINE_LEGEND },
        },
      },
    ],
  } as TopLevelSpec;
}
