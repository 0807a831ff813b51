import { join } from "node:path";
import { writeFilesAtomic } from "../util/atomicWrite.js";
import type { EncodedRecord } from "./encodeDigitalRecord.js";
import { encodeRecord, type WriteRecordOptions } from "./encodeRecord.js";
import type { WfdbWriteInput } from "./types.js";

export { encodeRecord, type WriteRecordOptions } from "./encodeRecord.js";

/** Writes an encoded record's header and signal files into dir, all or nothing (temporary names, then rename). */
export async function writeEncodedRecord(dir: string, encoded: EncodedRecord): Promise<{ headerPath: string; warnings: string[] }> {
  const headerPath = join(dir, `${encoded.spec.recordName}.hea`);
  await writeFilesAtomic([...encoded.signalFiles.map((f) => ({ path: join(dir, f.name), data: f.data })), { path: headerPath, data: encoded.header }]);
  return { headerPath, warnings: encoded.warnings };
}

/** Writes physical signals as dir/<name>.hea + dir/<name>.dat (see encodeRecord); warnings say what was clipped. */
export async function writeRecord(dir: string, input: WfdbWriteInput, options: WriteRecordOptions = {}): Promise<{ headerPath: string; warnings: string[] }> {
  return writeEncodedRecord(dir, encodeRecord(input, options));
}
