import { join } from "node:path";
import { WfdbFormatError } from "../errors.js";
import { decodeFlac } from "./codecs/decodeFlac.js";
import { FORMATS, samplesInBytes } from "./formats.js";
import { readBytes } from "./readBytes.js";
import { MAT_PRECISION_FORMATS, readMatHeader } from "./readMatHeader.js";
import type { SignalFileGroup } from "./signalFileGroups.js";

export interface LoadedSignalFile {
  path: string;
  bytes: Uint8Array;
  /** Whole frames the file holds after its byte offset. */
  framesInFile: number;
  /** The decoded sample stream, for compressed (FLAC) files. */
  decoded?: Int32Array;
}

/**
 * Reads one signal file of a record. A `.mat` file must be a MATLAB v4 matrix whose header agrees
 * with the WFDB header (byte offset, sample type, one row per sample of a frame).
 */
export async function loadSignalFile(dir: string, group: SignalFileGroup, headerFile: string, headerLine?: number): Promise<LoadedSignalFile> {
  const path = join(dir, group.fileName);
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new WfdbFormatError(
      { file: headerFile, line: headerLine, field: "file name" },
      `expected the signal file ${path} to exist and be readable, found ${code === "ENOENT" ? "no such file" : String(code)}`,
    );
  }
  const info = FORMATS[group.format]!;
  if (info.flac) {
    const decoded = await decodeFlac(bytes, path, group.frameSize, info.bits);
    return { path, bytes, framesInFile: decoded.length / group.frameSize, decoded };
  }
  if (group.fileName.toLowerCase().endsWith(".mat")) return { path, bytes, framesInFile: checkMat(bytes, path, group) };
  const available = bytes.length - group.byteOffset;
  return { path, bytes, framesInFile: available < 0 ? 0 : Math.floor(samplesInBytes(info, available) / group.frameSize) };
}

function checkMat(bytes: Uint8Array, path: string, group: SignalFileGroup): number {
  const mat = readMatHeader(bytes, path);
  const expectFormat = mat.littleEndian ? MAT_PRECISION_FORMATS[mat.precision]?.little : MAT_PRECISION_FORMATS[mat.precision]?.big;
  if (expectFormat !== group.format) {
    throw new WfdbFormatError(
      { file: path, field: "MATLAB precision" },
      `expected samples stored as WFDB format ${group.format}, found MATLAB precision ${mat.precision} (${MAT_PRECISION_FORMATS[mat.precision]?.label ?? "floating point"}, ${mat.littleEndian ? "little" : "big"}-endian)`,
    );
  }
  if (mat.dataOffset !== group.byteOffset) {
    throw new WfdbFormatError({ file: path, field: "byte offset" }, `expected the header's byte offset ${group.byteOffset} to be where the matrix data starts, found ${mat.dataOffset}`);
  }
  if (mat.rows !== group.frameSize) {
    throw new WfdbFormatError({ file: path, field: "MATLAB rows" }, `expected ${group.frameSize} rows (one per sample of a frame), found ${mat.rows}`);
  }
  const bytesPerSample = FORMATS[group.format]!.bits / 8;
  const held = Math.floor((bytes.length - mat.dataOffset) / (bytesPerSample * mat.rows));
  if (held < mat.columns) {
    throw new WfdbFormatError({ file: path, field: "MATLAB columns" }, `expected ${mat.columns} columns of data as the matrix header says, found ${held}: the file is truncated`);
  }
  return mat.columns;
}
