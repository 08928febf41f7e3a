// --json and --quiet, worded once so they mean the same in every command: --json prints the
// command's document (the same JSON it writes to files) on stdout instead of the text; --quiet
// prints nothing on stdout. Warnings and errors go to stderr either way, and progress is shown only
// on a terminal, never with either flag.

export const JSON_OPTION = { type: 'boolean', default: false, describe: "print the command's document as JSON on stdout instead of the text" } as const;
export const QUIET_OPTION = { type: 'boolean', alias: 'q', default: false, describe: 'print nothing on stdout (warnings and errors still go to stderr)' } as const;

export interface OutputFlags {
  readonly json: boolean;
  readonly quiet: boolean;
}

/** Whether to print the text (and progress): neither --json nor --quiet. */
export const printsText = (f: Partial<OutputFlags>): boolean => f.json !== true && f.quiet !== true;
