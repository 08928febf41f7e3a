// What a rate expression may use: its functions, operators and names. The private mathjs instance
// (core/mathjs.ts) is built from exactly these (plus the parser), and the whitelist check
// (core/expr.ts) refuses anything else, so a function added here is both allowed and built.

export const ALLOWED_FUNCTIONS: readonly string[] = [
  'sin', 'cos', 'tan', 'exp', 'log', 'log10', 'sqrt', 'abs', 'min', 'max', 'floor', 'ceil', 'round', 'mod', 'pow', 'sign', 'tanh',
];

/** mathjs names of the operators an expression may use (`a < b` is `smaller`, `-a` is `unaryMinus`). */
export const ALLOWED_OPERATORS: readonly string[] = [
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not',
];

export const COMPARISONS: readonly string[] = ['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal'];

/** Names an expression may refer to: the time, and two constants. */
export const ALLOWED_SYMBOLS: readonly string[] = ['t', 'pi', 'e'];

/** The constants among the symbols, by their mathjs factory names. */
export const CONSTANTS: readonly string[] = ['pi', 'e'];
