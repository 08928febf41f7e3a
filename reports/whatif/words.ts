// The what-if panel's sentences, as the page's script writes them (script.ts: regionText,
// queryCommand): the page reads the same before its script runs, and the browser test checks
// that the script, on opening, leaves every text as it was.

import { formatNumber } from '../format.js';
import type { WhatIfData, WhatIfKnob } from './data.js';

function edgeOf(k: WhatIfKnob, position: number): '' | 'lowest' | 'highest' {
  return position === 0 ? 'lowest' : position === k.values.length - 1 ? 'highest' : '';
}

/** Whether the point is inside the trained region or on its edge, and where. */
export function regionText(data: WhatIfData, positions: readonly number[]): string {
  const edges = data.knobs.flatMap((k, i) => {
    const edge = edgeOf(k, positions[i]!);
    return edge === '' ? [] : [`${k.path} = ${formatNumber(k.values[positions[i]!])} is the ${edge} value trained`];
  });
  return edges.length === 0
    ? 'Inside the trained region: every knob is strictly between the lowest and highest values the model was trained on.'
    : `On the edge of the trained region: ${edges.join('; ')}. The model has seen no point beyond it; apmsim query declines to answer there.`;
}

function shellWord(w: string): string {
  return /^[A-Za-z0-9_.,:=/+*@%\-[\]]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
}

/**
 * The overrides that put the scenario at the sliders' point: the training ones, then the knobs,
 * then the confidence when it is not the scenario's.
 */
export function pointOverrides(data: WhatIfData, positions: readonly number[], confidence = data.confidence): string[] {
  const set = [...data.model.set, ...data.knobs.map((k, i) => `${k.path}=${String(k.values[positions[i]!])}`)];
  return confidence === data.confidence ? set : [...set, `confidence=${String(confidence)}`];
}

/** A confidence level as the page writes it: 95 %. */
export function percent(c: number): string {
  return `${String(Number((100 * c).toPrecision(4)))}\u00a0%`;
}

/** `apmsim query` asking the model the page's question at the point, as a shell command. */
export function queryCommand(data: WhatIfData, positions: readonly number[], confidence = data.confidence): string {
  return ['apmsim', 'query', data.model.scenarioFile, '--model', data.model.file, '--backend', 'learned',
    ...data.metrics.flatMap((m) => ['--metric', m.name]), ...pointOverrides(data, positions, confidence).flatMap((s) => ['--set', s])].map(shellWord).join(' ');
}
