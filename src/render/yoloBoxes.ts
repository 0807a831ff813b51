import { STANDARD_LEADS } from "./leads.js";
import type { PageAnnotation, Quad } from "./types.js";

/**
 * YOLO classes: 0-11 trace of lead I, II, III, aVR, aVL, aVF, V1-V6; 12 trace of another lead;
 * 13-24 printed label of those leads; 25 label of another lead. An inverted lead ("-aVR") is its lead's class.
 */
export const YOLO_CLASSES: readonly string[] = [
  ...STANDARD_LEADS.map((l) => `trace_${l}`),
  "trace_other",
  ...STANDARD_LEADS.map((l) => `label_${l}`),
  "label_other",
];

function leadClass(name: string): number {
  const i = STANDARD_LEADS.findIndex((l) => l.toLowerCase() === name.replace(/^-/, "").toLowerCase());
  return i < 0 ? STANDARD_LEADS.length : i;
}

function line(cls: number, q: Quad, width: number, height: number): string | undefined {
  const ys = q.map((p) => p[0]);
  const xs = q.map((p) => p[1]);
  const x0 = Math.max(0, Math.min(...xs)), x1 = Math.min(width, Math.max(...xs));
  const y0 = Math.max(0, Math.min(...ys)), y1 = Math.min(height, Math.max(...ys));
  if (x1 <= x0 || y1 <= y0) return undefined;
  const f = (v: number) => v.toFixed(6);
  return `${cls} ${f((x0 + x1) / 2 / width)} ${f((y0 + y1) / 2 / height)} ${f((x1 - x0) / width)} ${f((y1 - y0) / height)}`;
}

/** YOLO label file text (one "class cx cy w h" line per box, normalized to the image size). */
export function yoloBoxes(annotation: PageAnnotation): string {
  const { width, height } = annotation;
  const lines: string[] = [];
  const labelBase = STANDARD_LEADS.length + 1;
  for (const lead of annotation.leads) {
    const c = leadClass(lead.lead_name);
    const t = line(c, lead.lead_bounding_box, width, height);
    if (t) lines.push(t);
    if (lead.text_bounding_box) {
      const l = line(labelBase + c, lead.text_bounding_box, width, height);
      if (l) lines.push(l);
    }
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}
