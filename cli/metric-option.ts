// --metric, worded once for query, train and compare: repeatable, and a comma-separated list is the
// same as repeating it (`--metric e2e.mean,e2e.p95`, as users type it; metric names hold no commas).

const metricList = (values: readonly string[]): string[] =>
  values.flatMap((v) => String(v).split(',')).map((m) => m.trim()).filter((m) => m !== '');

export const metricOption = (describe: string) =>
  ({ type: 'string', array: true, describe: `${describe} (repeatable, or a comma-separated list)`, coerce: metricList }) as const;
