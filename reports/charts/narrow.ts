// A phone-width version of a chart: the same spec drawn PHONE pixels wide, small multiples in one
// column, axis and legend labels cut shorter, fixed labels (events, thresholds) cut to LABEL px and
// labels drawn beside data points left out (the table beside the chart has them), so that at 390 px
// the SVG scales by about 0.9 and no text falls under 9 px or lands on another. The page shows it
// instead of the wide one on narrow screens (CSS only).

import type { TopLevelSpec } from 'vega-lite';

/** Plot width of a phone chart, in px. */
export const PHONE = 210;
/** Longest fixed label on a phone chart, in px (vega ends a longer one with an ellipsis). */
const LABEL = 120;
/** Longest axis label on a phone chart, in px. */
const AXIS_LABEL = 110;

type Json = Record<string, unknown>;

const isText = (layer: Json): boolean => {
  const mark = layer['mark'];
  return mark === 'text' || (typeof mark === 'object' && mark !== null && (mark as Json)['type'] === 'text');
};

/** Axes for phones: labels cut to AXIS_LABEL px, slanted ones turned upright (they then need only their height). */
function phoneEncoding(encoding: Json | undefined): Json | undefined {
  if (encoding === undefined) return undefined;
  return Object.fromEntries(Object.entries(encoding).map(([channel, def]) => {
    if (typeof def !== 'object' || def === null || typeof (def as Json)['axis'] !== 'object' || (def as Json)['axis'] === null) return [channel, def];
    const axis = (def as Json)['axis'] as Json;
    const limit = typeof axis['labelLimit'] === 'number' ? Math.min(axis['labelLimit'], AXIS_LABEL) : AXIS_LABEL;
    const angle = typeof axis['labelAngle'] === 'number' && axis['labelAngle'] !== 0 ? { labelAngle: -90 } : {};
    return [channel, { ...(def as Json), axis: { ...axis, labelLimit: limit, ...angle } }];
  }));
}

/**
 * Layers for phones: labels drawn at data points dropped (their x is a field and their y not a fixed
 * line), other text (events, thresholds, a row's verdict at the right edge) cut to LABEL px; axes as
 * phoneEncoding.
 */
function phoneLayers(layers: readonly Json[]): Json[] {
  return layers.flatMap((layer): Json[] => {
    const own = withPhoneParts(layer);
    if (!isText(own)) return [own];
    const enc = (own['encoding'] ?? {}) as Json;
    const text = enc['text'] as Json | undefined, x = enc['x'] as Json | undefined, y = enc['y'] as Json | undefined;
    // Event labels sit at a data x too, but on a fixed line (y a value): those are kept and cut.
    const atDataPoint = x !== undefined && 'field' in x && !(y !== undefined && 'value' in y);
    if (text !== undefined && 'field' in text && atDataPoint) return [];
    const mark = typeof own['mark'] === 'object' ? (own['mark'] as Json) : { type: 'text' };
    const limit = typeof mark['limit'] === 'number' ? Math.min(mark['limit'], LABEL) : LABEL;
    return [{ ...own, mark: { ...mark, limit } }];
  });
}

function withPhoneParts(spec: Json): Json {
  const encoding = phoneEncoding(spec['encoding'] as Json | undefined);
  return {
    ...spec,
    ...(encoding === undefined ? {} : { encoding }),
    ...(Array.isArray(spec['layer']) ? { layer: phoneLayers(spec['layer'] as Json[]) } : {}),
  };
}

/** The spec at phone width, or undefined when it is already that narrow (one SVG serves both). */
export function narrowSpec(spec: TopLevelSpec): TopLevelSpec | undefined {
  const s = spec as unknown as Json;
  const config = (s['config'] ?? {}) as Json;
  const narrowConfig = {
    ...config,
    axis: { ...(config['axis'] as Json | undefined), labelLimit: AXIS_LABEL },
    legend: { ...(config['legend'] as Json | undefined), labelLimit: 200, columns: 2 },
    header: { ...(config['header'] as Json | undefined), labelLimit: 240 },
  };
  if (typeof s['width'] === 'number') {
    if (s['width'] <= PHONE) return undefined;
    return withPhoneParts({ ...s, width: PHONE, config: narrowConfig }) as unknown as TopLevelSpec;
  }
  // Rows of small charts (a comparison's gates): each row at phone width, its title cut to match.
  if (Array.isArray(s['vconcat']) && (s['vconcat'] as Json[]).every((r) => typeof r['width'] === 'number')) {
    const rows = s['vconcat'] as Json[];
    if (rows.every((r) => (r['width'] as number) <= PHONE)) return undefined;
    const phoneRow = (r: Json): Json => {
      const title = typeof r['title'] === 'object' && r['title'] !== null ? { title: { ...(r['title'] as Json), limit: PHONE + LABEL } } : {};
      return withPhoneParts({ ...r, width: Math.min(PHONE, r['width'] as number), ...title });
    };
    return { ...s, vconcat: rows.map(phoneRow), config: narrowConfig } as unknown as TopLevelSpec;
  }
  const inner = s['spec'] as Json | undefined;
  if (s['facet'] !== undefined && inner !== undefined && typeof inner['width'] === 'number') {
    return { ...s, columns: 1, spec: withPhoneParts({ ...inner, width: Math.min(PHONE, inner['width']) }), config: narrowConfig } as unknown as TopLevelSpec;
  }
  return undefined;
}
