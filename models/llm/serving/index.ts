// Measured serving profiles, benchmark runs and the vLLM-faithful replay that checks one against
// the other (`apmsim calibrate serving`).

export { SERVED_ARCHITECTURES, type ServedArchitecture } from './architectures.js';
export { ServingDataError } from './errors.js';
export { parseProfileFolder, parseProfileMeta, readProfileFolder, type MeasuredProfile, type ProfileFiles } from './profile-folder.js';
export { parseRunFolder, type BenchmarkRun, type RunFiles } from './run-folder.js';
export { StepTimeModel, type Overheads, type StepShape, type StepTimer } from './step-time.js';
export { RooflineStep, RTX_PRO_6000 } from './roofline.js';
export { replayVllm, BLOCK_TOKENS, type ReplayResult } from './vllm-replay.js';
export { fidelityTable, FIDELITY_METRICS, FIDELITY_STATS, type FidelityRow } from './fidelity.js';
export { checkProfileForRun, DEFAULT_OVERHEADS, fidelityOf, kvBlocks, predictRun, predictRunRoofline } from './calibrate.js';
export { fitOverheads, type FitCase } from './fit.js';
export { calibrationOutputs, CALIBRATION_FORMAT, type Calibration, type CalibrationDocument } from './outputs.js';
