import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "../errors.js";

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * parseArgs with ecgkit's conventions: every command takes --help/-h, which prints `help` and
 * returns null (the command then exits 0); an unknown or malformed flag is a CliError (exit 2)
 * naming it.
 */
export function parseCommandArgs(
  command: string,
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  help: string,
): ParsedArgs | null {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true }) as ParsedArgs;
  } catch (err) {
    throw new CliError(`ecgkit ${command}: ${(err as Error).message}. Try "ecgkit ${command} --help".`, 2);
  }
  if (parsed.values.help) {
    process.stdout.write(help);
    return null;
  }
  return parsed;
}
