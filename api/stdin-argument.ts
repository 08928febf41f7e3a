// What cli/main.ts hands the commands for a lone `-` argument (read the scenario from stdin): yargs
// would turn `-` into an empty string (or drop it from a list), so it cannot reach a command as typed.

export const STDIN_ARGUMENT = '\u0000stdin';
