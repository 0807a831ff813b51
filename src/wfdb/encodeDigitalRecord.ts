import { OptionError } from "../errors.js";
import { checksumsMatch, computeChecksum } from "./checksum.js";
import { encodeFormat8 } from "./codecs/encodeFormat8.js";
import { ENCODERS } from "./codecs/encodeSamples.js";
import { encodeMatHeader } from "./encodeMatHeader.js";
import { formatHeader } from "./formatHeader.js";
import { FORMATS } from "./formats.js";
import { signalFileGroups } from "./signalFileGroups.js";
import type { WfdbHeader } from "./types.js";

export interface EncodedRecord {
  /** Text of the .hea file. */
  header: string;
  /** The header as written (checksums and initial values filled in). */
  spec: WfdbHeader;
  signalFiles: { name: string; data: Uint8Array }[];
  warnings: string[];
}

/**
 * Encodes digital samples under a header: signal i holds nSamples * samplesPerFrame values. Each
 * signal file interleaves its signals frame by frame, after `byteOffset` zero bytes (a `.mat` file
 * gets its MATLAB v4 header there). Checksums are computed from the samples; initial values are
 * kept (format 8 differences start from them); skews are written as 0 (samples are stored aligned).
 * `like`: a header from parseHeader whose spelling (field forms, line order, comments) is kept for
 * unchanged fields; by default `header` itself.
 */
export function encodeDigitalRecord(header: WfdbHeader, digitalIn: Int32Array[], like: WfdbHeader = header): EncodedRecord {
  const digital = [...digitalIn];
  const n = header.nSamples ?? (header.signals.length ? digital[0]!.length / header.signals[0]!.samplesPerFrame : 0);
  const warnings: string[] = [];
  const spec: WfdbHeader = { ...header, nSignals: header.signals.length };
  spec.signals = header.signals.map((s, i) => {
    let d = digital[i]!;
    if (d.length !== n * s.samplesPerFrame) {
      throw new OptionError("digital", `expected ${n * s.samplesPerFrame} samples for signal ${i} (${s.description}), got ${d.length}`);
    }
    const clipped = clipToFormat(d, s.format);
    if (clipped.count) {
      warnings.push(`signal ${i} (${s.description}): ${clipped.count} digital values outside format ${s.format}'s range were clipped to it`);
      d = digital[i] = clipped.samples;
    }
    // A matching checksum keeps its spelling (signed or unsigned 16-bit).
    const sum = computeChecksum(d);
    return { ...s, skew: 0, checksum: s.checksum !== undefined && checksumsMatch(s.checksum, sum) ? s.checksum : sum };
  });
  delete spec.segments;
  delete spec.lineNumbers;
  delete spec.recordLineNumber;
  const signalFiles = signalFileGroups(spec.signals, `${header.recordName}.hea`).map((g) => {
    const F = g.frameSize;
    const flat = new Int32Array(n * F);
    g.signals.forEach((s, k) => {
      const spf = spec.signals[s]!.samplesPerFrame;
      const d = digital[s]!;
      const slot = g.slotOffsets[k]!;
      for (let t = 0; t < n; t++) for (let j = 0; j < spf; j++) flat[t * F + slot + j] = d[t * spf + j]!;
    });
    let body: Uint8Array;
    if (g.format === 8) {
      const slotSignal = new Int32Array(F);
      g.signals.forEach((s, k) => slotSignal.fill(k, g.slotOffsets[k]!, g.slotOffsets[k]! + spec.signals[s]!.samplesPerFrame));
      // Differences start from each signal's initial value, as the reader expects.
      const enc = encodeFormat8(flat, slotSignal, Int32Array.from(g.signals, (s) => spec.signals[s]!.initialValue));
      if (enc.limited) warnings.push(`${g.fileName}: ${enc.limited} steps exceed format 8's -128..127 per sample and were limited (the stored signal lags there)`);
      body = enc.bytes;
    } else {
      const encode = ENCODERS[g.format];
      if (!encode) throw new OptionError("format", `expected a writable format (8, 16, 24, 32, 61, 80, 160, 212, 310, 311), got ${g.format}`);
      body = encode(flat);
    }
    const data = new Uint8Array(g.byteOffset + body.length);
    if (g.fileName.toLowerCase().endsWith(".mat")) {
      const mat = encodeMatHeader(g.format, F, n);
      if (g.byteOffset !== mat.length) throw new OptionError("byteOffset", `expected ${mat.length} for the MATLAB v4 file ${g.fileName}, got ${g.byteOffset}`);
      data.set(mat);
    }
    data.set(body, g.byteOffset);
    return { name: g.fileName, data };
  });
  return { header: formatHeader(spec, like), spec, signalFiles, warnings };
}

/** Values beyond the format's range (the invalid sample is allowed) clamped, with their count. */
function clipToFormat(d: Int32Array, format: number): { samples: Int32Array; count: number } {
  const info = FORMATS[format];
  if (!info || format === 8) return { samples: d, count: 0 };
  const lo = info.invalid;
  const hi = -info.invalid - 1;
  let count = 0;
  for (let i = 0; i < d.length; i++) if (d[i]! < lo || d[i]! > hi) count++;
  if (!count) return { samples: d, count };
  const out = Int32Array.from(d, (v) => (v < lo ? lo + 1 : v > hi ? hi : v));
  return { samples: out, count };
}
