import { decodeFormat8 } from "./codecs/decodeFormat8.js";
import { decodeSamples } from "./codecs/decodeSamples.js";
import { FORMATS } from "./formats.js";
import type { SignalFileGroup } from "./signalFileGroups.js";
import type { SignalSpec } from "./types.js";

export interface FileGroupRead {
  /** Digital samples of each wanted signal (all samples of each frame), keyed by header index. */
  digital: Map<number, Int32Array>;
  /** Physical values instead, for signals with one sample per frame when `physicalOnly` was asked. */
  physical: Map<number, Float64Array>;
  /** When reading from frame 0: checksum of each wanted signal's stored samples in frames [0, endFrame). */
  storedChecksums: Map<number, number>;
}

export interface FileGroupRequest {
  /** Bytes of the sample stream (after the file's byte offset), from stream sample `streamStart` on. */
  stream: Uint8Array;
  /** Stream sample index of the first byte of `stream`; a multiple of the format's packing group. */
  streamStart: number;
  /** Whole frames the file holds. */
  framesInFile: number;
  /** The whole sample stream when the file was decoded up front (FLAC). */
  decoded?: Int32Array;
  /** Path of the signal file (for errors) and of the header with its signal lines. */
  file: string;
  headerFile: string;
  headerLine?: number;
  startFrame: number;
  endFrame: number;
  /** Header indices of the group's signals to return. */
  wanted: number[];
  /** Return physical values straight from the stream (one pass) for signals with one sample per frame. */
  physicalOnly?: boolean;
}

/** The sample stream of frames [firstFrame, lastFrame): a view when the bytes are already 16-bit little-endian integers. */
function sampleStream(group: SignalFileGroup, specs: SignalSpec[], req: FileGroupRequest, firstFrame: number, lastFrame: number): Int32Array | Int16Array {
  const F = group.frameSize;
  const bytes = req.stream;
  const first = firstFrame * F - req.streamStart;
  if (req.decoded) return req.decoded.subarray(firstFrame * F, lastFrame * F);
  if (group.format === 16 && (bytes.byteOffset & 1) === 0) {
    return new Int16Array(bytes.buffer, bytes.byteOffset + first * 2, (lastFrame - firstFrame) * F);
  }
  if (group.format === 8) {
    const all = new Int32Array(lastFrame * F);
    const slotSignal = new Int32Array(F);
    group.signals.forEach((s, k) => slotSignal.fill(k, group.slotOffsets[k]!, group.slotOffsets[k]! + specs[s]!.samplesPerFrame));
    const init = Int32Array.from(group.signals, (s) => specs[s]!.initialValue);
    decodeFormat8(bytes, lastFrame * F, all, slotSignal, init);
    return all.subarray(firstFrame * F);
  }
  const flat = new Int32Array((lastFrame - firstFrame) * F);
  decodeSamples(group.format, bytes, first, flat.length, flat, req.file);
  return flat;
}

/** Copies one signal's samples out of the interleaved stream; returns the sum of what it copied (for the checksum). */
function gather(flat: Int32Array | Int16Array, out: Int32Array, frames: number, first: number, F: number, spf: number): number {
  let sum = 0;
  if (spf === 1) {
    for (let t = 0, p = first; t < frames; t++, p += F) {
      const v = flat[p]!;
      out[t] = v;
      sum = (sum + v) | 0;
    }
  } else {
    for (let t = 0; t < frames; t++) {
      const p = first + t * F;
      for (let j = 0; j < spf; j++) {
        const v = flat[p + j]!;
        out[t * spf + j] = v;
        sum = (sum + v) | 0;
      }
    }
  }
  return sum;
}

/** The frames of the file a read needs: [start, end) plus the largest skew, within the file. */
export function frameWindow(group: SignalFileGroup, specs: SignalSpec[], wanted: number[], startFrame: number, endFrame: number, framesInFile: number): { firstFrame: number; lastFrame: number } {
  let maxSkew = 0;
  for (const i of wanted) maxSkew = Math.max(maxSkew, specs[i]!.skew);
  const lastFrame = Math.min(endFrame + maxSkew, framesInFile);
  return { firstFrame: Math.min(startFrame, lastFrame), lastFrame };
}

/** gather() straight to physical values (NaN for the invalid sample); returns the digital sum. */
function gatherPhysical(flat: Int32Array | Int16Array, out: Float64Array, frames: number, first: number, F: number, gain: number, baseline: number, invalid: number): number {
  let sum = 0;
  for (let t = 0, p = first; t < frames; t++, p += F) {
    const v = flat[p]!;
    out[t] = (v - baseline) / gain;
    // A separate store keeps the common path free of a NaN-or-number select, which V8 compiles slowly.
    if (v === invalid) out[t] = NaN;
    sum = (sum + v) | 0;
  }
  return sum;
}

/**
 * Decodes frames [startFrame, endFrame) of one signal file. A skewed signal reads `skew` frames
 * later; its samples past the end of the file are returned as the invalid sample.
 */
export function readFileGroup(group: SignalFileGroup, specs: SignalSpec[], req: FileGroupRequest): FileGroupRead {
  const info = FORMATS[group.format]!;
  const F = group.frameSize;
  const { firstFrame, lastFrame } = frameWindow(group, specs, req.wanted, req.startFrame, req.endFrame, req.framesInFile);
  const flat = sampleStream(group, specs, req, firstFrame, lastFrame);
  const digital = new Map<number, Int32Array>();
  const physical = new Map<number, Float64Array>();
  const storedChecksums = new Map<number, number>();
  const n = req.endFrame - req.startFrame;
  for (const s of req.wanted) {
    const { samplesPerFrame: spf, skew, adcGain, baseline } = specs[s]!;
    const slot = group.slotOffsets[group.signals.indexOf(s)]!;
    const from = req.startFrame + skew;
    const have = Math.max(0, Math.min(n, lastFrame - from));
    let sum: number;
    if (req.physicalOnly && spf === 1) {
      const out = new Float64Array(n);
      sum = gatherPhysical(flat, out, have, (from - firstFrame) * F + slot, F, adcGain, baseline, info.invalid);
      out.fill(NaN, have);
      physical.set(s, out);
    } else {
      const out = new Int32Array(n * spf);
      sum = gather(flat, out, have, (from - firstFrame) * F + slot, F, spf);
      out.fill(info.invalid, have * spf);
      digital.set(s, out);
    }
    if (req.startFrame === 0) {
      // The checksum covers the stored samples of frames [0, endFrame), which a skew shifts away from `out`.
      const stored = skew === 0 ? sum : gather(flat, new Int32Array(Math.min(req.endFrame, lastFrame) * spf), Math.min(req.endFrame, lastFrame), slot, F, spf);
      storedChecksums.set(s, (stored << 16) >> 16);
    }
  }
  return { digital, physical, storedChecksums };
}
