import { WfdbFormatError } from "../errors.js";

/** Where a header token came from, so errors can name file, line and field. */
export interface HeaderPlace {
  file: string;
  line: number;
}

export function fieldError(at: HeaderPlace, field: string, expected: string, found: string | undefined): WfdbFormatError {
  const got = found === undefined ? "nothing (the line ends early)" : `"${found}"`;
  return new WfdbFormatError({ file: at.file, line: at.line, field }, `expected ${expected}, found ${got}`);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** A decimal number (scientific notation allowed), or the error naming the field. */
export function parseNumberField(at: HeaderPlace, field: string, text: string | undefined, expected = "a number"): number {
  if (text === undefined || !NUMBER.test(text)) throw fieldError(at, field, expected, text);
  return Number(text);
}

export function parseIntegerField(at: HeaderPlace, field: string, text: string | undefined, expected = "an integer"): number {
  if (text === undefined || !INTEGER.test(text)) throw fieldError(at, field, expected, text);
  return Number(text);
}
