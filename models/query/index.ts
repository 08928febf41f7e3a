// Public face of counterfactual queries: prepare a query from a scenario source, answer it with a
// backend (analytic, sampled, learned or auto), train learned models.

export { prepareQuery, DEFAULT_PRECISION } from './prepare.js';
export type { QueryRequest } from './prepare.js';
export { answerQuery } from './answer.js';
export type { AnswerOptions } from './answer.js';
export { QueryError } from './errors.js';
export type { Answer, BackendChoice, BackendName, EstimateAnswer, Query, ScenarioSource } from './types.js';
export { inProcessExecutor } from './sampled/executor.js';
export type { ReplicationExecutor, ReplicationJob } from './sampled/executor.js';
export { trainModel, EVALUATION_LEVEL } from './learned/train.js';
export type { RoundReport, TrainOptions } from './learned/train.js';
export { evaluatePredictor } from './learned/evaluate.js';
export type { Evaluation, Polynomial, PredictorJson } from './learned/evaluate.js';
export { loadModel } from './learned/model-file.js';
export type { LearnedModel, LearnedModelJson } from './learned/model-file.js';
export { parseVary } from './learned/knobs.js';
export type { Knob } from './learned/knobs.js';
