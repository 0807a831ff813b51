import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "../errors.js";

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** parseArgs with ecgkit's error: an unknown or malformed flag is a CliError (exit 2) naming it. */
export function parseCommandArgs(command: string, argv: string[], options: NonNullable<ParseArgsConfig["options"]>): ParsedArgs {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as ParsedArgs;
  } catch (err) {
    throw new CliError(`ecgkit ${command}: ${(err as Error).message}. Try "ecgkit ${command} --help".`, 2);
  }
}
