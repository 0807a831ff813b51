import { WfdbFormatError } from "../errors.js";
import { parseHeader } from "../wfdb/parseHeader.js";
import type { UploadedRecord } from "./workerTask.js";

/** The record name every uploaded record is stored under; its signal file is this plus .dat/.mat. */
export const UPLOAD_RECORD_NAME = "upload";

const MAX_HEADER_BYTES = 256 * 1024;

/**
 * Checks an uploaded .hea and its signal file and rewrites the header so that it names only
 * server-made files: the names inside an uploaded header (which could be "../x") never reach the
 * file system. Only single-segment records with all signals in one file are accepted.
 * `headerFileName` and `dataFileName` are the names the browser sent, used only in messages and
 * to catch a header paired with the wrong signal file.
 */
export function prepareUploadedRecord(headerBytes: Uint8Array, headerFileName: string, data: Uint8Array, dataFileName: string): UploadedRecord {
  const file = "uploaded header";
  if (headerBytes.length === 0) throw new WfdbFormatError({ file }, "the header file is empty");
  if (headerBytes.length > MAX_HEADER_BYTES) throw new WfdbFormatError({ file }, `a header is a short text file; this one is ${headerBytes.length} bytes`);
  if (data.length === 0) throw new WfdbFormatError({ file: "uploaded signal file" }, "the signal file is empty");
  const text = new TextDecoder("utf-8", { fatal: false }).decode(headerBytes);
  if (text.includes("\u0000")) throw new WfdbFormatError({ file }, `"${headerFileName}" is not a text header (.hea)`);
  const header = parseHeader(text, file);
  if (header.segments) throw new WfdbFormatError({ file, field: "segments" }, "multi-segment records cannot be uploaded; upload a single-segment record");
  const files = [...new Set(header.signals.map((s) => s.fileName))];
  if (files.length !== 1) {
    throw new WfdbFormatError({ file, field: "file name" }, `expected all signals in one file, found ${files.length} files (${files.join(", ")})`);
  }
  const expected = files[0]!;
  const expectedBase = expected.split(/[\\/]/).pop()!;
  if (expectedBase !== dataFileName) {
    throw new WfdbFormatError({ file, field: "file name" }, `the header's signals are in "${expectedBase}", but the signal file uploaded is "${dataFileName}"`);
  }
  const dataExtension = /\.mat$/i.test(expected) ? ".mat" : ".dat";
  let line = 0;
  const rewritten = text.split(/\r?\n/).map((raw) => {
    const t = raw.trim();
    if (!t || t.startsWith("#") || line > header.nSignals) return raw;
    const name = line === 0 ? UPLOAD_RECORD_NAME : UPLOAD_RECORD_NAME + dataExtension;
    line++;
    return raw.replace(/^(\s*)\S+/, `$1${name}`);
  });
  return { header: rewritten.join("\n"), data, dataExtension, recordName: header.recordName };
}
