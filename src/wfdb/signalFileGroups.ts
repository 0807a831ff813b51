import { WfdbFormatError } from "../errors.js";
import type { SignalSpec } from "./types.js";

/** Signals stored in one file: their header indices, frame layout and shared format. */
export interface SignalFileGroup {
  fileName: string;
  format: number;
  byteOffset: number;
  /** Header indices of the file's signals, in frame order. */
  signals: number[];
  /** Offset of each signal's first sample within a frame. */
  slotOffsets: number[];
  /** Samples per frame of the whole file (sum of the signals' samples per frame). */
  frameSize: number;
}

/** Groups the header's signals by file, in order of first appearance, checking that each file has one format and offset. */
export function signalFileGroups(signals: SignalSpec[], headerFile: string): SignalFileGroup[] {
  const byName = new Map<string, SignalFileGroup>();
  signals.forEach((s, i) => {
    let g = byName.get(s.fileName);
    if (!g) {
      g = { fileName: s.fileName, format: s.format, byteOffset: s.byteOffset, signals: [], slotOffsets: [], frameSize: 0 };
      byName.set(s.fileName, g);
    } else if (g.format !== s.format || g.byteOffset !== s.byteOffset) {
      throw new WfdbFormatError(
        { file: headerFile, line: undefined, field: "format" },
        `expected every signal of ${s.fileName} to share one format and byte offset (${g.format}+${g.byteOffset}), found ${s.format}+${s.byteOffset} for signal ${i}`,
      );
    }
    g.signals.push(i);
    g.slotOffsets.push(g.frameSize);
    g.frameSize += s.samplesPerFrame;
  });
  return [...byName.values()];
}
