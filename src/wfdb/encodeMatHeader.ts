import { OptionError } from "../errors.js";
import { MAT_PRECISION_FORMATS } from "./readMatHeader.js";

/**
 * The 24-byte MATLAB v4 header of a `rows` x `columns` matrix named "val", as the PhysioNet
 * Challenge .mat signal files carry before their samples (one column per frame).
 */
export function encodeMatHeader(format: number, rows: number, columns: number): Uint8Array {
  const entry = Object.entries(MAT_PRECISION_FORMATS).find(([, f]) => f.little === format || f.big === format);
  if (!entry) throw new OptionError("format", `expected a format MATLAB v4 can hold (16, 32, 61, 80, 160) for a .mat signal file, got ${format}`);
  const bigEndian = entry[1].big === format;
  const out = new Uint8Array(24);
  const view = new DataView(out.buffer);
  const le = !bigEndian;
  view.setInt32(0, (bigEndian ? 1000 : 0) + Number(entry[0]) * 10, le);
  view.setInt32(4, rows, le);
  view.setInt32(8, columns, le);
  view.setInt32(12, 0, le);
  view.setInt32(16, 4, le);
  out.set([0x76, 0x61, 0x6c, 0], 20);
  return out;
}
