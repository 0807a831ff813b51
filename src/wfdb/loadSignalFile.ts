import { stat } from "node:fs/promises";
import { join } from "node:path";
import { WfdbFormatError } from "../errors.js";
import { decodeFlac } from "./codecs/decodeFlac.js";
import { bytesForSamples, FORMATS, samplesInBytes } from "./formats.js";
import { readBytes } from "./readBytes.js";
import { readFileRange } from "./readFileRange.js";
import { MAT_PRECISION_FORMATS, readMatHeader } from "./readMatHeader.js";
import type { SignalFileGroup } from "./signalFileGroups.js";

/** Files up to this size are read whole; larger ones only in the window a read needs. */
const WHOLE_FILE_BYTES = 4 << 20;

export interface LoadedSignalFile {
  path: string;
  /** File size in bytes. */
  size: number;
  /** Whole frames the file holds after its byte offset. */
  framesInFile: number;
  /** The file's samples from its byte offset on, when read whole (small files, format 8). */
  stream?: Uint8Array;
  /** The decoded sample stream, for compressed (FLAC) files. */
  decoded?: Int32Array;
}

/**
 * Opens one signal file of a record: its length in frames, and its bytes when the file is small
 * (or must be decoded from its start: format 8, FLAC). A `.mat` file must be a MATLAB v4 matrix
 * whose header agrees with the WFDB header (byte offset, sample type, one row per sample of a frame).
 */
export async function loadSignalFile(dir: string, group: SignalFileGroup, headerFile: string, headerLine?: number): Promise<LoadedSignalFile> {
  const path = join(dir, group.fileName);
  const info = FORMATS[group.format]!;
  let size: number;
  let bytes: Uint8Array | undefined;
  try {
    size = (await stat(path)).size;
    if (size <= WHOLE_FILE_BYTES || info.flac || group.format === 8) bytes = await readBytes(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new WfdbFormatError(
      { file: headerFile, line: headerLine, field: "file name" },
      `expected the signal file ${path} to exist and be readable, found ${code === "ENOENT" ? "no such file" : String(code)}`,
    );
  }
  if (info.flac) {
    const decoded = await decodeFlac(bytes!, path, group.frameSize, info.bits);
    return { path, size, framesInFile: decoded.length / group.frameSize, decoded };
  }
  const isMat = group.fileName.toLowerCase().endsWith(".mat");
  const matColumns = isMat ? checkMat(bytes ?? (await readFileRange(path, 0, 512)), size, path, group) : Infinity;
  if (group.byteOffset > size) {
    throw new WfdbFormatError(
      { file: path, field: "byte offset" },
      `expected at least ${group.byteOffset} bytes before the samples (${headerFile} line ${headerLine}), found a file of ${size} bytes`,
    );
  }
  const available = size - group.byteOffset;
  const framesInFile = Math.floor(samplesInBytes(info, available) / group.frameSize);
  return { path, size, framesInFile: Math.min(framesInFile, matColumns), stream: bytes?.subarray(group.byteOffset) };
}

/** The bytes holding frames [firstFrame, lastFrame), and the stream sample index they start at. */
export async function signalStreamWindow(file: LoadedSignalFile, group: SignalFileGroup, firstFrame: number, lastFrame: number): Promise<{ stream: Uint8Array; streamStart: number }> {
  if (file.stream || file.decoded) return { stream: file.stream ?? new Uint8Array(0), streamStart: 0 };
  const info = FORMATS[group.format]!;
  // Start at a packing group's first sample so that the decoders see whole groups.
  const first = Math.floor((firstFrame * group.frameSize) / info.groupSamples) * info.groupSamples;
  const byteStart = (first / info.groupSamples) * info.groupBytes;
  const byteEnd = bytesForSamples(info, lastFrame * group.frameSize);
  return { stream: await readFileRange(file.path, group.byteOffset + byteStart, byteEnd - byteStart), streamStart: first };
}

/** Checks a MATLAB v4 header against the WFDB header; returns its number of columns (frames). */
function checkMat(bytes: Uint8Array, size: number, path: string, group: SignalFileGroup): number {
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
  const held = Math.floor((size - mat.dataOffset) / (bytesPerSample * mat.rows));
  if (held < mat.columns) {
    throw new WfdbFormatError({ file: path, field: "MATLAB columns" }, `expected ${mat.columns} columns of data as the matrix header says, found ${held}: the file is truncated`);
  }
  return mat.columns;
}
