// How benchmarks report: one JSON line per benchmark with --json, else a readable line.

export type BenchRecord = Readonly<Record<string, string | number | boolean>>;
export type Emit = (record: BenchRecord, text: string) => void;

export function createEmit(json: boolean): Emit {
  return (record, text) => { process.stdout.write(json ? `${JSON.stringify(record)}\n` : `${text}\n`); };
}
