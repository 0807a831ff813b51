import { commands } from "./commands.js";
import { CliError, EcgkitError } from "../errors.js";

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: ecgkit <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun "ecgkit <command> --help" for a command's options.\n`;
}

/** Runs the CLI in-process and returns the exit code; errors are printed, never thrown. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === "--version") {
    process.stdout.write("ecgkit 0.1.0\n");
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`ecgkit: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await entry.load();
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof EcgkitError) {
      process.stderr.write(`ecgkit ${name}: ${err.message}\n`);
      return 1;
    }
    const e = err as NodeJS.ErrnoException;
    if (e && (e.code === "ENOENT" || e.code === "EACCES" || e.code === "EISDIR")) {
      process.stderr.write(`ecgkit ${name}: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`ecgkit ${name}: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 70;
  }
}
