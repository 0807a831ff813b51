import { EcgkitError } from "../errors.js";

/**
 * An error as words for a browser: ecgkit's own errors say what was wrong with the input; anything
 * else is a bug and is reported as such, without a stack trace (the server log keeps that).
 */
export function errorMessage(err: unknown, doing: string): string {
  if (err instanceof EcgkitError) return err.message;
  const e = err as NodeJS.ErrnoException | undefined;
  if (e?.code === "ENOENT") return `${doing}: a file it needs was not found`;
  const message = err instanceof Error ? err.message : String(err);
  return `internal error while ${doing}: ${message.split("\n")[0]}`;
}
