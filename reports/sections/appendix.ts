// The closing sections: every metric of results.json in one table, how to read the report, and
// the data files written beside it.

import type { Results } from '../../models/run/results.js';
import { formatNumber } from '../format.js';
import type { RunData } from '../run-data.js';
import { metricRow } from './matching.js';
import { col, type Section } from './section.js';

export function allMetricsSection(r: Results): Section {
  const pct = `${formatNumber(r.confidence * 100)} %`;
  return {
    id: 'metrics',
    title: 'All metrics',
    blocks: [{
      kind: 'table',
      table: {
        caption: `Every metric of results.json: estimate (mean over replications), ${pct} interval, unit, and replications in which it was measured`,
        columns: [col('metric'), col('estimate', true), col(`${pct} interval`, true), col('unit'), col('measured in', true)],
        rows: Object.entries(r.metrics).map(([name, m]) => [...metricRow(name, m), `${m.values.filter((v) => v !== null).length}/${m.values.length}`]),
      },
    }],
  };
}

const FILE_NOTES: Readonly<Record<string, string>> = {
  'results.json': 'every metric with its estimate, interval and per-replication values',
  'metrics.arrow': 'one row per metric and replication',
  'timeseries.arrow': 'one row per replication, window and agent',
  'latency.arrow': 'end-to-end latency quantiles per replication and class',
  'requests.arrow': 'one row per request finished after warm-up',
  'negotiation.json': "replication 0's negotiation log: detections, plans, requests, answers, commitments, timeline events",
  'negotiation.arrow': 'the same log, one row per record',
};

export function readingSection(data: RunData): Section {
  const r = data.results;
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const files = data.files.map((f) => `${f}: ${FILE_NOTES[f] ?? 'data file'}`);
  return {
    id: 'reading',
    title: 'How to read this report',
    blocks: [
      {
        kind: 'list',
        items: [
          `Every figure comes from ${r.replications} independent replications with their own random streams. An estimate is the mean over replications of the replication's value (a p95 is computed inside each replication, then averaged); its interval is a ${pct} Student-t interval over replications. Narrow it with more replications.`,
          `The first ${formatNumber(r.warmup.seconds)} s of each replication (warm-up) are left out of every metric; the charts over time show them shaded.`,
          r.percentiles.method === 'sketch'
            ? `Percentile metrics come from a quantile sketch with relative error at most ${formatNumber(r.percentiles.relativeError * 100)} %; the latency distribution (CDF) uses exact quantiles of the recorded requests, so the two may differ by that much.`
            : 'Percentiles are exact (nearest rank).',
          'Each chart has its numbers in the table beside it; series are told apart by shape or dash as well as colour.',
          'This page is self-contained: it runs no script and loads nothing, and opens from a file, an e-mail or a CI artifact.',
        ],
      },
      ...(files.length === 0 ? [] : [{ kind: 'paragraph' as const, text: 'Data files beside this report (Arrow IPC files load in pandas, polars and DuckDB; schemas in docs/outputs.md):' }, { kind: 'list' as const, items: files }]),
    ],
  };
}
