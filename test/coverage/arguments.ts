// The coverage scripts' counts from the command line. A script run with something else (uvu given a
// pattern that matches its file passes its own arguments) stops with a usage line instead of
// simulating NaN points, which for coverage:learned also overwrote its cached truth.

/** Positional argument `index` (0 = the first after the script) as a whole number ≥ `least`, or `fallback` when absent. */
export function countArgument(index: number, name: string, fallback: number, least: number, usage: string): number {
  const text = process.argv[2 + index];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (Number.isInteger(value) && value >= least) return value;
  console.error(`${usage}\n${name}: expected a whole number of at least ${least}, found '${text}'`);
  process.exit(2);
}
