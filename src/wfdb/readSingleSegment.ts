import { OptionError, WfdbFormatError } from "../errors.js";
import { checksumsMatch } from "./checksum.js";
import { FORMATS } from "./formats.js";
import { loadSignalFile, signalStreamWindow, type LoadedSignalFile } from "./loadSignalFile.js";
import { frameWindow, readFileGroup } from "./readFileGroup.js";
import { signalFileGroups } from "./signalFileGroups.js";
import type { WfdbHeader } from "./types.js";

export interface SegmentRequest {
  /** Header indices of the signals to return, in the order wanted. */
  signals: number[];
  startSample: number;
  /** Exclusive; undefined = to the end. */
  endSample?: number;
  /** Return physical values directly (no digital) for signals with one sample per frame. Default false. */
  physicalOnly?: boolean;
}

export interface SegmentDigital {
  /** Digital samples of each requested signal, every sample of each frame (undefined where `physical` has it). */
  digital: (Int32Array | undefined)[];
  /** Physical values of signals read with `physicalOnly` (one sample per frame). */
  physical: (Float64Array | undefined)[];
  /** Samples per signal in the whole record. */
  totalSamples: number;
  startSample: number;
  endSample: number;
  warnings: string[];
  /** Per requested signal: true/false when its checksum was verified (whole signal read), undefined otherwise. */
  checksumOk: (boolean | undefined)[];
}

/** Reads digital samples of a single-segment record whose header lives in headerFile (dir = its folder). */
export async function readSingleSegment(header: WfdbHeader, headerFile: string, dir: string, req: SegmentRequest): Promise<SegmentDigital> {
  // Null signals (format 0) store nothing: they read as invalid samples.
  const groups = signalFileGroups(header.signals, headerFile).filter((g) => !FORMATS[g.format]!.none);
  const lineOf = (i: number) => header.lineNumbers?.[i];
  const needed = groups.filter((g) => g.signals.some((s) => req.signals.includes(s)));
  // The length comes from the header or, when it is left out, from the first signal file.
  const probe = needed.length ? needed : groups.slice(0, 1);
  const loaded = new Map<string, LoadedSignalFile>();
  for (const g of probe) loaded.set(g.fileName, await loadSignalFile(dir, g, headerFile, lineOf(g.signals[0]!)));
  const total = header.nSamples ?? (probe.length ? loaded.get(probe[0]!.fileName)!.framesInFile : 0);
  for (const g of probe) {
    const f = loaded.get(g.fileName)!;
    if (f.framesInFile < total) {
      throw new WfdbFormatError(
        { file: f.path, field: "number of samples" },
        `expected ${total} samples per signal as ${headerFile} line ${header.recordLineNumber ?? 1} says (${g.signals.length} signal(s) in this file), found ${f.framesInFile} whole frames in ${f.size} bytes: the file is short`,
      );
    }
  }
  const start = req.startSample;
  const end = req.endSample ?? total;
  if (!(start >= 0 && start <= end && end <= total)) {
    throw new OptionError("endSample", `expected a sample range within 0..${total} (${headerFile}), found ${start}..${end}`);
  }
  const warnings: string[] = [];
  const byIndex = new Map<number, Int32Array>();
  const physByIndex = new Map<number, Float64Array>();
  const sums = new Map<number, number>();
  for (const g of needed) {
    const f = loaded.get(g.fileName)!;
    const wanted = g.signals.filter((s) => req.signals.includes(s));
    const { firstFrame, lastFrame } = frameWindow(g, header.signals, wanted, start, end, f.framesInFile);
    const { stream, streamStart } = await signalStreamWindow(f, g, firstFrame, lastFrame);
    const got = readFileGroup(g, header.signals, {
      stream,
      streamStart,
      framesInFile: f.framesInFile,
      decoded: f.decoded,
      file: f.path,
      headerFile,
      headerLine: lineOf(g.signals[0]!),
      startFrame: start,
      endFrame: end,
      wanted,
      physicalOnly: req.physicalOnly,
    });
    for (const [s, d] of got.digital) byIndex.set(s, d);
    for (const [s, p] of got.physical) physByIndex.set(s, p);
    if (start === 0 && end === total) for (const [s, sum] of got.storedChecksums) sums.set(s, sum);
  }
  for (const s of req.signals) {
    const spec = header.signals[s]!;
    if (FORMATS[spec.format]!.none) byIndex.set(s, new Int32Array((end - start) * spec.samplesPerFrame).fill(FORMATS[0]!.invalid));
  }
  const checksumOk = req.signals.map((s) => {
    const spec = header.signals[s]!;
    const sum = sums.get(s);
    if (spec.checksum === undefined || sum === undefined) return undefined;
    const ok = checksumsMatch(sum, spec.checksum);
    if (!ok) warnings.push(`${headerFile} line ${lineOf(s)}: checksum mismatch for signal ${s} (${spec.description || spec.fileName}): header says ${spec.checksum}, samples sum to ${sum}`);
    return ok;
  });
  return { digital: req.signals.map((s) => byIndex.get(s)), physical: req.signals.map((s) => physByIndex.get(s)), totalSamples: total, startSample: start, endSample: end, warnings, checksumOk };
}
