// How apmsim ends: the one table of exit codes, and the base of every error apmsim raises on
// purpose. They live in the lowest layer so that every layer's errors can extend the base; only
// the shell (cli/main.ts) turns an error or a command's status into a code.

/**
 * Every way the process can end: its name, its code and what it means (as README.md and
 * docs/ci.md document it, word for word; a test keeps them equal).
 */
export const EXIT_CODES = {
  'success': { code: 0, meaning: 'success (compare: no regression; an inconclusive gate passes with a warning unless `--strict`)' },
  'regression': { code: 1, meaning: 'compare: a gated metric regressed or an SLO was violated' },
  'bad-input': { code: 2, meaning: 'bad input: the message names the file (and YAML path and line), what was expected and what was found' },
  'inconclusive': { code: 3, meaning: 'compare `--strict`: a gate is still inconclusive' },
  // 70 is EX_SOFTWARE of sysexits.h, "internal software error": distinct from every status above.
  'internal': { code: 70, meaning: 'internal error: a bug in apmsim, printed with its stack trace (please report it)' },
  // 73 is EX_CANTCREAT of sysexits.h: the work is done and printed, only saving it failed.
  'output-failed': { code: 73, meaning: 'an output file could not be written after the run (the message names it; the results were printed)' },
  'interrupted': { code: 130, meaning: 'interrupted (Ctrl-C, SIGINT): run writes the replications finished so far, marked partial; compare and sweep write nothing' },
  // 128 + 15, as a shell reports a process ended by SIGTERM.
  'terminated': { code: 143, meaning: 'terminated (SIGTERM): as interrupted, run writes the replications finished so far, marked partial; compare and sweep write nothing' },
} as const satisfies Record<string, { readonly code: number; readonly meaning: string }>;

export type ExitName = keyof typeof EXIT_CODES;

/**
 * The base of every error class of ours. Each subclass declares, once, the exit its errors end
 * the process with (`static exit`); the shell prints their message without a stack. Anything
 * thrown that is not an ApmsimError is a bug.
 */
export class ApmsimError extends Error {
  /** The row of EXIT_CODES errors of this class end the process with; every subclass sets its own. */
  static readonly exit: ExitName = 'internal';
  /** This error's exit: its class's, or, for an error relayed from a worker thread, that of the error it carries. */
  readonly exit: ExitName;

  constructor(message: string, exit?: ExitName) {
    super(message);
    this.name = new.target.name;
    this.exit = exit ?? (new.target as typeof ApmsimError).exit;
  }

  get exitCode(): number {
    return EXIT_CODES[this.exit].code;
  }
}

/** A model that cannot proceed while it runs (not a bug in apmsim): the user's input is at fault. */
export class SimulationError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
}

/** The file system's error codes a user meets, in words. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file is in the way',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'a read-only file system',
  EIO: 'an input/output error',
};

/**
 * Why reading or writing a file failed, for a message: `no such file or folder (ENOENT)`; a code
 * not in the table as itself, and an error without a code by its message. Here, in the lowest
 * layer, because every layer reads files a user named (the shell, reports, serving profiles).
 */
export function fileErrorReason(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return FILE_ERRORS[code] === undefined ? code : `${FILE_ERRORS[code]} (${code})`;
  return e instanceof Error ? e.message : String(e);
}
