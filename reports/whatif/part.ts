// The what-if part of a report page (`apmsim report --whatif MODEL.json`): the interactive panel,
// the model it evaluates (what it was trained on, how it did on held-out points) and how to read
// it. The panel opens at the scenario's own knob values with the learned backend's answers there.

import { answerLearned } from '../../models/query/learned/backend.js';
import type { LearnedModel } from '../../models/query/learned/model-file.js';
import { prepareQuery } from '../../models/query/prepare.js';
import type { ScenarioSource } from '../../models/query/types.js';
import { formatNumber, formatPercent } from '../format.js';
import type { PartDraft } from '../page.js';
import { col, type Section } from '../sections/section.js';
import { whatIfData, type WhatIfData } from './data.js';
import type { Prediction, WhatIfPanel } from './html.js';
import { pointOverrides, queryCommand } from './words.js';

/** What `apmsim query --model FILE --backend learned --set …` answers at the sliders' positions. */
export function learnedAnswers(model: LearnedModel, data: WhatIfData, source: ScenarioSource, positions: readonly number[], confidence = data.confidence): Prediction[] {
  const q = prepareQuery(source, { metrics: data.metrics.map((m) => m.name), set: pointOverrides(data, positions, confidence) });
  return answerLearned(q, { model, modelFile: data.model.file, clock: () => 0 }).map((a): Prediction => (a.kind === 'estimate'
    ? { kind: 'ok', estimate: a.estimate, lo: a.interval[0], hi: a.interval[1] }
    : { kind: 'declined', why: a.reason }));
}

export function whatIfPanel(model: LearnedModel, modelFile: string, source: ScenarioSource): WhatIfPanel {
  const data = whatIfData(model, modelFile, source);
  const start = data.knobs.map((k) => k.start);
  return { data, start: learnedAnswers(model, data, source, start), command: queryCommand(data, start) };
}

function whatIfSections(panel: WhatIfPanel, model: LearnedModel): Section[] {
  const { data } = panel;
  const { json } = model;
  const s = json.samples;
  const target = json.target === null ? 'none' : `±${formatPercent(json.target.precision)} at ${formatPercent(json.target.confidence)}: ${json.target.met ? 'met' : 'not met'}`;
  return [
    {
      id: 'whatif', title: 'What if',
      blocks: [
        { kind: 'paragraph', text: `Move a knob: the learned model predicts ${data.metrics.map((m) => m.name).join(', ')} at that point, each with an interval for its expected value at the confidence chosen. Each slider spans the region the model was trained on, no further; the region's edges are its ends.` },
        { kind: 'whatif', whatif: panel },
      ],
    },
    {
      id: 'model', title: 'The model',
      blocks: [
        {
          kind: 'facts', facts: [
            ['model file', data.model.file],
            ['format', data.model.format],
            ['scenario', `${json.scenario.name} (${data.model.scenarioFile}; trained on ${json.scenario.file})`],
            ['fingerprint', json.scenario.fileFingerprint],
            ['trained with', json.scenario.set.length === 0 ? 'the scenario as written' : json.scenario.set.map((x) => `--set ${x}`).join(' ')],
            ['knobs', json.knobs.map((k) => `${k.path} ${formatNumber(k.lo)}..${formatNumber(k.hi)}${k.integer ? ' (whole numbers)' : ''}`).join('; ')],
            ['points', `${s.total} simulated${s.rounds > 1 ? ` in ${s.rounds} rounds` : ''}, ${s.replications} replications each, seed ${s.seed}; ${s.folds}-fold cross-validation, ${s.resamples} bootstrap fits`],
            ['target precision', target],
            ['apmsim', json.apmsim],
          ],
        },
        {
          kind: 'table', table: {
            caption: "How the model did out of fold (each point predicted by the fit that did not see it): the error is against each point's simulated mean, whose own sampling noise (its standard error, relative) is the next column; the half-width is of the interval for the expected value, free of that noise",
            columns: [col('metric'), col('median error', true), col("the points' noise", true), col('median half-width', true), col('points', true)],
            rows: data.metrics.map((m) => [
              m.name, formatPercent(m.crossValidated.medianAbsolutePercentageError),
              m.crossValidated.medianRelativeNoise === undefined ? 'not recorded' : formatPercent(m.crossValidated.medianRelativeNoise),
              `±${formatPercent(m.crossValidated.medianRelativeHalfWidth)} at ${formatPercent(m.crossValidated.level)}`,
              String(m.crossValidated.points),
            ]),
          },
        },
      ],
    },
    {
      id: 'reading', title: 'Reading this page',
      blocks: [{
        kind: 'list', items: [
          'The learned model is a polynomial in the knobs fitted to simulated points; its interval is for the metric\'s expected value (what a long simulation converges to), sized by how much the cross-validation fits disagree at that point (docs/learned-models.md says how).',
          'The page evaluates the model by its one inline script, from the numbers of the model file embedded in it, with no network access.',
          'The numbers are those of apmsim query --model with --backend learned at the same point and confidence: the command under the table asks it.',
          'Outside the trained region the model does not answer; changes to anything but the knobs need a new model (apmsim train).',
        ],
      }],
    },
  ];
}

export function whatIfPart(panel: WhatIfPanel, model: LearnedModel): PartDraft {
  const knobs = panel.data.knobs.map((k) => k.path).join(' × ');
  return {
    kind: 'whatif', sections: whatIfSections(panel, model), name: `what-if ${model.json.scenario.name}`,
    heading: `What if: ${model.json.scenario.name} over ${knobs}`,
    title: `apmsim what-if: ${model.json.scenario.name}`, subtitle: `learned model ${panel.data.model.file} over ${knobs}`, version: model.json.apmsim,
  };
}
