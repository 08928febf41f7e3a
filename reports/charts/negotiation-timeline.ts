// A negotiation over simulated time: one lane per participant, split into rows for what it
// detects, asks, answers and commits to. Detections, requests and answers are points told apart
// by shape as well as colour; commitments are bars from their start to their end; timeline events
// are dotted vertical rules labelled at the top; the warm-up is shaded.

import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, WIDE } from './theme.js';

/** What a mark shows, in legend order. */
export const TIMELINE_KINDS = ['detection', 'request', 'accept', 'asks further', 'deny', 'no plan kept', 'commitment'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The row within a participant's lane ('asks further': an answer that first asks the recipient's own relations). */
export const TIMELINE_ROWS = ['detects', 'asks', 'asks further', 'answers', 'commits'] as const;
export type TimelineRow = (typeof TIMELINE_ROWS)[number];

const STYLE: Readonly<Record<TimelineKind, readonly [string, string]>> = {
  detection: ['triangle-up', '#E69F00'],
  request: ['triangle-right', '#0072B2'],
  accept: ['circle', '#009E73'],
  'asks further': ['diamond', '#CC79A7'],
  deny: ['cross', '#D55E00'],
  'no plan kept': ['triangle-down', '#000000'],
  commitment: ['square', '#56B4E9'],
};

export interface TimelineMark {
  readonly lane: string;
  readonly row: TimelineRow;
  readonly kind: TimelineKind;
  readonly t: number;
  /** End of a commitment's bar. */
  readonly t2?: number;
  /** Text drawn beside the mark (a commitment's action, a denial's reason). */
  readonly label?: string;
}

export interface TimelineOptions {
  readonly description: string;
  readonly lanes: readonly string[];
  readonly horizon: number;
  readonly warmup: number;
  readonly events: readonly { readonly t: number; readonly label: string }[];
}

export interface EventLabel {
  readonly align: 'left' | 'right';
  readonly dx: number;
  /** Line of labels, 0 at the top: a label that would overlap an earlier one goes a line lower. */
  readonly line: number;
  readonly limit: number;
}

/** Approximate width of a label in px at the given font size (about what vega assumes without a browser). */
const labelWidth = (text: string, fontSize: number): number => Math.min(text.length, 90) * fontSize * 0.58;

/**
 * Where each event's label goes beside its rule (events in time order): to the right in the left
 * part of the chart, to the left near its end, so that it stays over the plot; on the first line
 * where it overlaps no earlier label. Labels are cut at 90 characters: captions give them whole.
 */
export function eventLabels(events: readonly { readonly t: number; readonly label: string }[], horizon: number, width: number, fontSize = 10): EventLabel[] {
  const ends: number[] = [];
  return events.map((e) => {
    const x = horizon > 0 ? (e.t / horizon) * width : 0;
    const w = labelWidth(e.label, fontSize) + 6;
    const left = x <= 0.6 * width;
    const [from, to] = left ? [x, x + w] : [x - w, x];
    let line = ends.findIndex((end) => from >= end);
    if (line < 0) { line = ends.length; ends.push(to); } else ends[line] = to;
    return { align: left ? 'left' : 'right', dx: left ? 3 : -3, line, limit: labelWidth('x'.repeat(90), fontSize) };
  });
}

/** Label lines drawn above or below a chart: labels of events further down would leave the chart. */
export const MAX_LABEL_LINES = 8;

/**
 * The rules marking timeline events, and their labels, in a few layers however many events there
 * are: one rule layer, and one text layer per side and line of labels (a layer per event overflowed
 * vega-lite's stack at about 3,000 events). `dy(line)`: a label line's offset from y = 0; labels
 * beyond MAX_LABEL_LINES lines keep their rule only.
 */
export function eventLayers(
  events: readonly { readonly t: number; readonly label: string }[], horizon: number, labelled: boolean,
  text: { readonly baseline: 'top' | 'bottom'; readonly dy: (line: number) => number },
): unknown[] {
  if (events.length === 0) return [];
  const layers: unknown[] = [{
    data: { values: events.map((e) => ({ t: e.t })) },
    mark: { type: 'rule', color: '#222', strokeDash: [1, 2], strokeWidth: 1.5 },
    encoding: { x: { field: 't', type: 'quantitative' } },
  }];
  if (!labelled) return layers;
  const labels = eventLabels(events, horizon, WIDE);
  const groups = new Map<string, { place: Omit<EventLabel, 'line'>; line: number; rows: { t: number; label: string }[] }>();
  events.forEach((e, i) => {
    const { line, ...place } = labels[i]!;
    if (line >= MAX_LABEL_LINES) return;
    const key = `${place.align} ${line}`;
    const group = groups.get(key) ?? { place, line, rows: [] };
    group.rows.push({ t: e.t, label: e.label });
    groups.set(key, group);
  });
  for (const { place, line, rows } of groups.values()) {
    layers.push({
      data: { values: rows },
      mark: { type: 'text', ...place, baseline: text.baseline, dy: text.dy(line), fontSize: 10, color: '#222' },
      encoding: { x: { field: 't', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label', type: 'nominal' } },
    });
  }
  return layers;
}

export function negotiationTimelineSpec(marks: readonly TimelineMark[], o: TimelineOptions): TopLevelSpec {
  const kinds = TIMELINE_KINDS.filter((k) => marks.some((m) => m.kind === k));
  const x = { field: 't', type: 'quantitative', title: 'simulated time (s)', scale: { domain: [0, o.horizon], nice: false } };
  const y = { field: 'lane', type: 'nominal', title: 'participant', sort: [...o.lanes], axis: { labelLimit: 200 } };
  const yOffset = { field: 'row', type: 'nominal', sort: [...TIMELINE_ROWS], scale: { domain: [...TIMELINE_ROWS] } };
  const legend = { title: 'what', symbolStrokeWidth: 2, symbolSize: 80 };
  const color = { field: 'kind', type: 'nominal', title: 'what', scale: { domain: kinds, range: kinds.map((k) => STYLE[k][1]) }, legend };
  const shape = { field: 'kind', type: 'nominal', title: 'what', scale: { domain: kinds, range: kinds.map((k) => STYLE[k][0]) }, legend };
  const once = { values: [{}] };
  const bars = marks.filter((m) => m.kind === 'commitment');
  const points = marks.filter((m) => m.kind !== 'commitment');
  const labelled = marks.filter((m) => m.label !== undefined);
  const layers: unknown[] = [];
  if (o.warmup > 0) {
    layers.push({ data: once, mark: { type: 'rect', color: '#f1f1f1' }, encoding: { x: { datum: 0, type: 'quantitative' }, x2: { datum: o.warmup } } });
  }
  if (bars.length > 0) {
    layers.push({
      data: { values: bars }, mark: { type: 'bar', opacity: 0.75, stroke: '#1f4e6b', strokeWidth: 0.75 },
      encoding: { x, x2: { field: 't2' }, y, yOffset, color },
    });
  }
  if (points.length > 0) {
    layers.push({
      data: { values: points }, mark: { type: 'point', filled: true, size: 55, opacity: 1, strokeWidth: 1.5 },
      encoding: { x, y, yOffset, color, shape },
    });
  }
  if (labelled.length > 0) {
    layers.push({
      data: { values: labelled }, mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: 9, color: '#222', limit: 220 },
      encoding: { x, y, yOffset, text: { field: 'label', type: 'nominal' } },
    });
  }
  const lines = Math.min(MAX_LABEL_LINES, eventLabels(o.events, o.horizon, WIDE).reduce((n, l) => Math.max(n, l.line + 1), 0));
  layers.push(...eventLayers(o.events, o.horizon, true, { baseline: 'bottom', dy: (line) => -3 - 12 * (lines - 1 - line) }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: o.description,
    config: { ...CONFIG, axisY: { grid: true, tickBand: 'extent' } },
    width: WIDE,
    height: { step: 11, for: 'offset' },
    layer: layers,
  } as TopLevelSpec;
}
