import { join } from "node:path";
import { OptionError, WfdbFormatError } from "../errors.js";
import { averageFrames } from "./averageFrames.js";
import { FORMATS } from "./formats.js";
import { readHeader } from "./readHeader.js";
import { readSingleSegment } from "./readSingleSegment.js";
import type { SignalSpec, WfdbHeader } from "./types.js";

export interface MultiSegmentRead {
  /** The record's signals: the layout segment's (variable layout) or the first segment's (fixed layout), one sample per frame. */
  signals: SignalSpec[];
  /** Indices into `signals` of the returned ones. */
  picked: number[];
  physical: Float64Array[];
  digital: Int32Array[];
  totalSamples: number;
  startSample: number;
  warnings: string[];
}

/**
 * Reads a multi-segment record. Gaps ("~" segments) and signals a segment lacks read as NaN (the
 * invalid digital sample). In a variable layout, segment signals are matched to the layout by name
 * and digital values are re-expressed in the layout's gain and baseline.
 */
export async function readMultiSegment(
  header: WfdbHeader,
  headerPath: string,
  dir: string,
  selectFrom: (names: string[]) => number[],
  startSample: number,
  endSample: number | undefined,
): Promise<MultiSegmentRead> {
  const segments = header.segments!;
  const variable = segments[0]!.nSamples === 0;
  const firstReal = segments.find((s) => s.name !== "~" && s.nSamples > 0);
  const layoutName = variable ? segments[0]!.name : firstReal?.name;
  if (!layoutName) throw new WfdbFormatError({ file: headerPath, field: "segment" }, "expected at least one segment that is not a gap, found none");
  const layout = (await readHeader(join(dir, layoutName))).header;
  const names = layout.signals.map((s, i) => s.description || `signal ${i}`);
  const picked = selectFrom(names);
  const specs = picked.map((i) => layout.signals[i]!);
  const total = header.nSamples ?? segments.reduce((a, s) => a + s.nSamples, 0);
  const end = endSample ?? total;
  if (!(startSample >= 0 && startSample <= end && end <= total)) {
    throw new OptionError("endSample", `expected a sample range within 0..${total} (${headerPath}), found ${startSample}..${end}`);
  }
  const n = end - startSample;
  const physical = specs.map(() => new Float64Array(n).fill(NaN));
  const digital = specs.map((s) => new Int32Array(n).fill(FORMATS[s.format]?.invalid ?? -32768));
  const warnings: string[] = [];
  let segStart = 0;
  for (const seg of segments.slice(variable ? 1 : 0)) {
    const segEnd = segStart + seg.nSamples;
    const from = Math.max(segStart, startSample);
    const to = Math.min(segEnd, end);
    if (seg.name !== "~" && to > from) {
      const segHeaderPath = join(dir, `${seg.name}.hea`);
      const sh = seg.name === layoutName && !variable ? layout : (await readHeader(join(dir, seg.name))).header;
      const segNames = sh.signals.map((s, i) => s.description || `signal ${i}`);
      const map = picked.map((p, k) => ({ i: variable ? segNames.indexOf(names[p]!) : p < sh.signals.length ? p : -1, k }));
      const present = map.filter((m) => m.i >= 0);
      if (present.length) {
        const got = await readSingleSegment(sh, segHeaderPath, dir, { signals: present.map((m) => m.i), startSample: from - segStart, endSample: to - segStart });
        warnings.push(...got.warnings);
        present.forEach(({ i, k }, j) => {
          const s = sh.signals[i]!;
          const inv = FORMATS[s.format]!.invalid;
          const d = averageFrames(got.digital[j]!, s.samplesPerFrame, inv);
          const target = specs[k]!;
          const same = s.adcGain === target.adcGain && s.baseline === target.baseline;
          for (let t = 0; t < d.length; t++) {
            const v = d[t]!;
            const o = from - startSample + t;
            if (v === inv) continue;
            const p = (v - s.baseline) / s.adcGain;
            physical[k]![o] = p;
            digital[k]![o] = same ? v : Math.round(p * target.adcGain + target.baseline);
          }
        });
      }
    }
    segStart = segEnd;
  }
  // Frames with several samples were averaged, so the signals are returned at one sample per frame.
  return { signals: layout.signals.map((s) => ({ ...s, samplesPerFrame: 1 })), picked, physical, digital, totalSamples: total, startSample, warnings };
}
