// Plan validation through the performance interface: the objectives' metrics on the scenario as it
// stands, plus a plan's effects, answered by models/query (auto: analytic when its closed form is
// exact, else sampled). A plan meets an objective only when the far end of the interval does.

import type { ControlView } from '../../sim/network/control.js';
import type { Unit } from '../run/metrics.js';
import { answerQuery, inProcessExecutor, type Answer, type Query } from '../query/index.js';
import { type Scenario, scenarioFingerprint } from '../scenario/index.js';
import { scenarioNow, type ControlState } from './state.js';
import { boundOf, type ActionEffect, type CoordinationSettings, type Objective } from './types.js';

/** The results.json metric an objective's window metric is predicted by. */
export function objectiveMetricName(s: Scenario, o: Objective): { name: string; unit: Unit } {
  const c = `class.${s.network.classes[o.cls]!.name}`;
  switch (o.metric) {
    case 'throughput': return { name: `${c}.throughput`, unit: '1/s' };
    case 'rejected': return { name: `${c}.rejected.fraction`, unit: '' };
    default: return { name: `${c}.e2e.${o.metric}`, unit: 's' };
  }
}

/** An objective's predicted value under a plan, and whether it is met at the validation confidence. */
export interface Prediction {
  readonly objective: Objective;
  readonly threshold: number;
  /** [estimate, low, high]; undefined when the interface gave no estimate (unstable or declined). */
  readonly interval: readonly [number, number, number] | undefined;
  readonly met: boolean;
  /** The backend's account: how it answered, or why there is no estimate. */
  readonly why: string;
  readonly backend: string;
}

/** Answers predictions; identical questions within one replication are asked once. */
export class Validator {
  private readonly cache = new Map<string, Promise<Answer[]>>();

  constructor(private readonly scenario: Scenario, private readonly settings: CoordinationSettings) {}

  async predict(
    state: ControlState, view: ControlView, effects: readonly ActionEffect[],
    objectives: readonly { objective: Objective; threshold: number }[],
  ): Promise<Prediction[]> {
    const what = scenarioNow(this.scenario, state, view, effects, this.settings);
    const metrics = objectives.map(({ objective }) => objectiveMetricName(this.scenario, objective));
    const names = [...new Set(metrics.map((m) => m.name))];
    // The scenario's fingerprint covers everything that shapes what is simulated: equal keys, equal questions.
    const key = `${scenarioFingerprint(what)} ${names.join(',')}`;
    let pending = this.cache.get(key);
    if (pending === undefined) {
      const query: Query = {
        scenario: what, versus: undefined, metrics: names, units: new Map(metrics.map((m) => [m.name, m.unit])),
        confidence: this.settings.confidence,
        // The first stage is the whole run: `validationReplications` replications, no more.
        precision: Number.MAX_VALUE, budgetMs: Infinity, isolated: undefined, origin: undefined,
      };
      pending = answerQuery(query, { backend: 'auto', executor: inProcessExecutor, clock: () => 0, maxReplications: this.settings.validationReplications });
      this.cache.set(key, pending);
    }
    const answers = await pending;
    return objectives.map(({ objective, threshold }, i) => {
      const a = answers[names.indexOf(metrics[i]!.name)]!;
      if (a.kind !== 'estimate') return { objective, threshold, interval: undefined, met: false, why: `${a.kind}: ${a.reason}`, backend: a.backend };
      const [lo, hi] = a.interval;
      const met = boundOf(objective.metric) === 'max' ? hi <= threshold : lo >= threshold;
      return { objective, threshold, interval: [a.estimate, lo, hi], met, why: a.reason, backend: a.backend };
    });
  }
}
