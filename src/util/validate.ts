import { OptionError } from "../errors.js";

/** The one place option values are checked: names the option, the range and the value received. */
export function checkNumber(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new OptionError(option, `expected a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  if (value < min || value > max) {
    throw new OptionError(option, `expected a number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export function checkInteger(option: string, value: unknown, min: number, max: number): number {
  const n = checkNumber(option, value, min, max);
  if (!Number.isInteger(n)) throw new OptionError(option, `expected a whole number from ${min} to ${max}, got ${n}`);
  return n;
}

export function checkChoice<T extends string>(option: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    throw new OptionError(option, `expected one of ${choices.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Parses a command-line number, with the same error as checkNumber. */
export function parseNumberOption(option: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === "" || Number.isNaN(n)) throw new OptionError(option, `expected a number from ${min} to ${max}, got "${text}"`);
  return checkNumber(option, n, min, max);
}
