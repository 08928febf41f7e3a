// Public face of the trace module: parsing of request traces and sample files.

export { parseTrace, parseSamples, TraceFormatError } from './parse.js';
export type { TraceOptions, ParsedTrace, PrefixBlocks } from './parse.js';
