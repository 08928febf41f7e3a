// One look for every chart: a colour-blind-safe palette (Okabe-Ito), readable fonts, white
// background; series are told apart by shape or dash as well as colour.

import type { Config } from 'vega-lite';

/** Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies. */
export const PALETTE: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];

export const DASHES: readonly (readonly number[])[] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [12, 4], [4, 4, 1, 4], [10, 2]];

export const SHAPES: readonly string[] = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-left', 'triangle-right'];

/** Legend for line series: a short line sample in the series' colour and dash. */
export const LINE_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 300, symbolOpacity: 1 } as const;

export const CONFIG: Config = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  padding: 8,
  view: { stroke: '#ccc' },
  // Labels closer than 4 px are hidden: vega measures text with an estimate, the browser's font may be wider.
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e8e8e8', labelLimit: 220, labelSeparation: 4 },
  legend: { orient: 'bottom', labelFontSize: 11, titleFontSize: 11, labelLimit: 220 },
  header: { labelFontSize: 12, titleFontSize: 12, labelLimit: 300 },
  range: { category: [...PALETTE] },
  line: { strokeWidth: 1.75 },
};

/** Width of a full-width chart, in px (the page column is about 1,100 px). */
export const WIDE = 640;
export const NARROW = 300;

/** Okabe-Ito colours and distinct shapes per verdict: worse reads warm, better cool. */
export const VERDICT_STYLE: Readonly<Record<string, readonly [string, string]>> = {
  regressed: ['#D55E00', 'triangle-up'],
  violated: ['#D55E00', 'triangle-up'],
  inconclusive: ['#E69F00', 'diamond'],
  'not-worse': ['#56B4E9', 'square'],
  equivalent: ['#0072B2', 'circle'],
  met: ['#0072B2', 'circle'],
  improved: ['#009E73', 'triangle-down'],
};
