import { WfdbFormatError } from "../errors.js";

/** The header of a MATLAB v4 matrix, as the PhysioNet Challenge .mat signal files hold one ("val"). */
export interface MatV4Header {
  rows: number;
  columns: number;
  /** MATLAB precision code P: 0 double, 1 single, 2 int32, 3 int16, 4 uint16, 5 uint8. */
  precision: number;
  littleEndian: boolean;
  name: string;
  /** Byte offset of the first matrix element (20 + name length). */
  dataOffset: number;
}

/** The WFDB format a MATLAB v4 precision corresponds to (for the header's format field). */
export const MAT_PRECISION_FORMATS: Record<number, { little: number; big?: number; label: string }> = {
  2: { little: 32, label: "int32" },
  3: { little: 16, big: 61, label: "int16" },
  4: { little: 160, label: "uint16" },
  5: { little: 80, label: "uint8" },
};

/**
 * Reads the 20-byte MATLAB v4 matrix header (type MOPT, rows, columns, imaginary flag, name length)
 * and the name that follows. Anything else (e.g. a MATLAB 5 file) is a WfdbFormatError.
 */
export function readMatHeader(bytes: Uint8Array, file: string): MatV4Header {
  const err = (field: string, msg: string) => new WfdbFormatError({ file, field }, msg);
  if (bytes.length < 20) throw err("MATLAB header", `expected a MATLAB v4 file with a 20-byte matrix header, found ${bytes.length} bytes`);
  if (bytes[0] === 0x4d && bytes[1] === 0x41 && bytes[2] === 0x54) {
    throw err("MATLAB header", "expected a MATLAB v4 file, found a MATLAB 5 or later file (save it with -v4)");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = view.getInt32(0, true);
  const be = view.getInt32(0, false);
  const littleEndian = le >= 0 && le < 5000;
  const type = littleEndian ? le : be;
  const m = Math.floor(type / 1000);
  const o = Math.floor(type / 100) % 10;
  const p = Math.floor(type / 10) % 10;
  const t = type % 10;
  if (!(type >= 0 && type < 5000) || (m !== 0 && m !== 1) || o !== 0 || t !== 0 || p > 5 || (m === 1) === littleEndian) {
    throw err("MATLAB type", `expected a MATLAB v4 full numeric matrix type code (MOPT with O=0, T=0), found ${littleEndian ? le : be}`);
  }
  const rows = view.getInt32(4, littleEndian);
  const columns = view.getInt32(8, littleEndian);
  const imag = view.getInt32(12, littleEndian);
  const nameLength = view.getInt32(16, littleEndian);
  if (rows < 0 || columns < 0) throw err("MATLAB dimensions", `expected non-negative rows and columns, found ${rows} x ${columns}`);
  if (imag !== 0) throw err("MATLAB imaginary flag", `expected a real matrix (flag 0), found ${imag}`);
  if (nameLength < 1 || nameLength > 64 || 20 + nameLength > bytes.length) {
    throw err("MATLAB name length", `expected a name length from 1 to 64 within the file, found ${nameLength}`);
  }
  let name = "";
  for (let i = 0; i < nameLength - 1; i++) name += String.fromCharCode(bytes[20 + i]!);
  return { rows, columns, precision: p, littleEndian, name, dataOffset: 20 + nameLength };
}
