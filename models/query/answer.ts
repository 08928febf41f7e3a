// Answering a query with the backend asked for, or with `auto`: per metric the cheapest backend
// that meets the precision: analytic when its closed form is exact, learned inside its trained
// region when its interval is narrow enough, else sampled. `reason` says which and why.

import { answerAnalytic } from './analytic-backend.js';
import { answerLearned, type LearnedOptions } from './learned/backend.js';
import type { LearnedModel } from './learned/model-file.js';
import { answerSampled } from './sampled/backend.js';
import type { ReplicationExecutor } from './sampled/executor.js';
import type { Answer, BackendChoice, Query } from './types.js';

export interface AnswerOptions {
  readonly backend: BackendChoice;
  readonly executor: ReplicationExecutor;
  readonly clock: () => number;
  readonly model?: { readonly model: LearnedModel; readonly file: string };
  readonly maxReplications?: number;
}

function learnedOptions(o: AnswerOptions): LearnedOptions | undefined {
  return o.model === undefined ? undefined : { model: o.model.model, modelFile: o.model.file, clock: o.clock };
}

export async function answerQuery(q: Query, o: AnswerOptions): Promise<Answer[]> {
  const sampled = (sub: Query) => answerSampled(sub, { executor: o.executor, clock: o.clock, ...(o.maxReplications === undefined ? {} : { maxReplications: o.maxReplications }) });
  switch (o.backend) {
    case 'analytic': return answerAnalytic(q, o.clock);
    case 'sampled': return sampled(q);
    case 'learned': {
      const lo = learnedOptions(o);
      if (lo === undefined) return q.metrics.map((metric) => declinedNoModel(q, metric));
      return answerLearned(q, lo);
    }
    case 'auto': return answerAuto(q, o, sampled);
  }
}

function declinedNoModel(q: Query, metric: string): Answer {
  return {
    metric, unit: q.units.get(metric) ?? '', of: q.versus === undefined ? 'value' : 'difference', confidence: q.confidence,
    backend: 'learned', kind: 'declined', reason: 'no model given (--model model.json, from apmsim train)', elapsedMs: 0,
  };
}

async function answerAuto(q: Query, o: AnswerOptions, sampled: (q: Query) => Promise<Answer[]>): Promise<Answer[]> {
  const start = o.clock();
  const analytic = answerAnalytic(q, o.clock);
  const lo = learnedOptions(o);
  const learned = lo === undefined ? undefined : answerLearned(q, lo);
  const chosen = new Map<string, Answer>();
  const why = new Map<string, string[]>();
  q.metrics.forEach((metric, i) => {
    const a = analytic[i]!;
    if (a.kind === 'unstable' || (a.kind === 'estimate' && a.exact)) {
      chosen.set(metric, { ...a, reason: `auto chose analytic: ${a.kind === 'unstable' ? `unstable: ${a.reason}` : `${a.reason}, no cheaper or more precise answer exists`}` });
      return;
    }
    const notes = [`analytic ${a.kind === 'estimate' ? `only approximates (precision ${a.precision.toPrecision(2)})` : `declined (${a.reason})`}`];
    const l = learned?.[i];
    if (l === undefined) notes.push('no learned model given');
    else if (l.kind === 'estimate' && l.precision <= q.precision) {
      chosen.set(metric, { ...l, reason: `auto chose learned: inside its trained region with precision ${l.precision.toPrecision(2)} <= ${q.precision} asked; ${notes[0]}; ${l.reason}` });
      return;
    } else notes.push(l.kind === 'estimate' ? `learned interval too wide (precision ${l.precision.toPrecision(2)} > ${q.precision})` : `learned declined (${l.reason})`);
    why.set(metric, notes);
  });
  const rest = q.metrics.filter((m) => !chosen.has(m));
  if (rest.length > 0) {
    const answers = await sampled({ ...q, metrics: rest, budgetMs: q.budgetMs - (o.clock() - start) });
    answers.forEach((a) => chosen.set(a.metric, { ...a, reason: `auto chose sampled: ${why.get(a.metric)!.join('; ')}; ${a.reason}` }));
  }
  return q.metrics.map((m) => chosen.get(m)!);
}
