// Agents: utilisation with intervals, where each visit's time goes (waiting vs service), and the
// per-agent table (servers, queue, wait, service, sojourn p95, throughput, blocking).

import type { Results } from '../../models/run/results.js';
import { intervalDotsSpec, type IntervalRow } from '../charts/interval-dots.js';
import { stackedBarsSpec, type StackRow } from '../charts/stacked-bars.js';
import { formatInterval, formatNumber, formatPercent } from '../format.js';
import { agentNames, metricOf } from '../metric-names.js';
import type { RunData } from '../run-data.js';
import { withInterval } from './summary.js';
import { col, type Block, type Section } from './section.js';
import { intervalEnds } from '../../models/run/results.js';

const m = (r: Results, a: string, stat: string) => metricOf(r, `agent.${a}.${stat}`);

export function agentsSection(data: RunData): Section | undefined {
  const r = data.results;
  const agents = agentNames(r);
  if (agents.length === 0) return undefined;
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const servers = new Map((data.series?.agents ?? []).map((a) => [a.name, a.servers]));
  const blocks: Block[] = [];

  const utilRows: IntervalRow[] = agents.flatMap((a) => {
    const u = m(r, a, 'utilization');
    return u?.estimate === null || u?.estimate === undefined ? [] : [{ item: a, series: 'utilisation', estimate: u.estimate, lower: intervalEnds(u)[0], upper: intervalEnds(u)[1] }];
  });
  if (utilRows.length > 0) {
    const top = [...utilRows].sort((x, y) => y.estimate - x.estimate)[0]!;
    blocks.push({
      kind: 'figure',
      figure: {
        id: 'utilisation',
        title: 'Utilisation per agent',
        caption: `Time-average fraction of each agent's servers busy after warm-up, with its ${pct} interval. The busiest is ${top.item} at ${formatPercent(top.estimate)}; near 100 % queues grow without bound.`,
        spec: intervalDotsSpec(utilRows, { description: 'Utilisation per agent with intervals', xTitle: 'utilisation (fraction of servers busy)', itemTitle: 'agent', seriesTitle: 'statistic', domain: [0, 1], reference: 1 }),
        table: {
          caption: `Per agent after warm-up: estimate and ${pct} interval (times per visit)`,
          columns: [col('agent'), col('servers', true), col('utilisation', true), col('queue (waiting)', true), col('wait (s)', true), col('service (s)', true), col('sojourn p95 (s)', true), col('throughput (1/s)', true), col('blocking', true)],
          rows: agents.map((a) => {
            const sv = servers.get(a);
            return [a, sv === undefined || sv === null ? '—' : formatNumber(sv), withInterval(m(r, a, 'utilization')), withInterval(m(r, a, 'queue.mean')),
              withInterval(m(r, a, 'wait.mean')), withInterval(m(r, a, 'service.mean')), withInterval(m(r, a, 'sojourn.p95')),
              withInterval(m(r, a, 'throughput')), withInterval(m(r, a, 'blocking'))];
          }),
        },
      },
    });
  }

  const stack: StackRow[] = [];
  const timeRows: string[][] = [];
  for (const a of agents) {
    const wait = m(r, a, 'wait.mean'), service = m(r, a, 'service.mean');
    if (wait?.estimate == null || service?.estimate == null) continue;
    stack.push({ item: a, part: 'waiting', value: wait.estimate }, { item: a, part: 'in service', value: service.estimate });
    timeRows.push([a, formatNumber(wait.estimate), formatInterval(intervalEnds(wait)[0], intervalEnds(wait)[1]), formatNumber(service.estimate), formatInterval(intervalEnds(service)[0], intervalEnds(service)[1]),
      formatPercent(wait.estimate / (wait.estimate + service.estimate))]);
  }
  if (stack.length > 0) {
    blocks.push({
      kind: 'figure',
      figure: {
        id: 'time-per-visit',
        title: 'Where the time goes, per visit',
        caption: 'Mean time per visit at each agent, split into waiting for a server (dark) and service (light). A long dark part means the agent is short of servers; a long light part, that its work is slow.',
        spec: stackedBarsSpec(stack, ['waiting', 'in service'], { description: 'Mean wait and service per visit per agent', xTitle: 'mean time per visit (s)', itemTitle: 'agent' }),
        table: {
          caption: `Mean time per visit (s) with ${pct} intervals`,
          columns: [col('agent'), col('wait (s)', true), col('interval', true), col('service (s)', true), col('interval', true), col('share waiting', true)],
          rows: timeRows,
        },
      },
    });
  }
  return blocks.length === 0 ? undefined : { id: 'agents', title: 'Agents', blocks };
}
