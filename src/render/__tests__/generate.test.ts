import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { readRecord } from "../../wfdb/readRecord.js";
import { generateImages } from "../generateImages.js";
import { generateRecord } from "../generateRecord.js";
import type { PageAnnotation } from "../types.js";

const run = promisify(execFile);
const REPO = new URL("../../../", import.meta.url).pathname;
const RECORDS = ["E07500", "HR06000", "JS20000"];
let input: string;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "ecgkit-gen-"));
  input = join(tmp, "in");
  await mkdir(join(input, "sub"), { recursive: true });
  for (const r of RECORDS) {
    const dir = r === "JS20000" ? join(input, "sub") : input;
    for (const ext of [".hea", ".mat"]) await copyFile(sharedPath("wfdb", "cinc2021", r + ext), join(dir, r + ext));
  }
  await writeFile(join(input, "broken.hea"), "broken 2 500 5000\nbroken.dat 16 200 16 0 0 0 0 I\n");
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("generateImages", () => {
  it("writes every output per page, reports a bad record, and resumes without redoing work", async () => {
    const out = join(tmp, "out1");
    const s = await generateImages(input, out, { workers: 1, seed: 5, maskUnplotted: true, mask16: true, render: { resolutionDpi: 100 } });
    expect(s.records).toBe(4);
    expect(s.generated).toBe(3);
    expect(s.images).toBe(3);
    expect(s.failed.map((f) => f.relPath)).toEqual(["broken.hea"]);
    expect(s.failed[0]!.error).toMatch(/broken/);
    const files = (await readdir(out)).sort();
    expect(files).toEqual(
      ["E07500-0", "HR06000-0"].flatMap((s) => [`${s}-mask.png`, `${s}-mask16.png`, `${s}.dat`, `${s}.hea`, `${s}.json`, `${s}.png`, `${s}.txt`]).concat("sub", "generate-summary.json").sort(),
    );
    expect((await readdir(join(out, "sub"))).filter((f) => f.endsWith(".json"))).toEqual(["JS20000-0.json"]);
    const summary = JSON.parse(await readFile(join(out, "generate-summary.json"), "utf8"));
    expect(summary).toMatchObject({ input, images: 3, failed: [{ relPath: "broken.hea" }], options: { seed: 5, maskUnplotted: true } });

    const ann = JSON.parse(await readFile(join(out, "E07500-0.json"), "utf8")) as PageAnnotation;
    const idx = await sharp(join(out, "E07500-0-mask.png")).toColourspace("b-w").raw().toBuffer();
    expect(idx.length).toBe(ann.width * ann.height);
    const bitsRaw = await sharp(join(out, "E07500-0-mask16.png")).toColourspace("grey16").raw({ depth: "ushort" }).toBuffer();
    const bits = new Uint16Array(bitsRaw.buffer, bitsRaw.byteOffset, ann.width * ann.height);
    // index image = highest bit of the 16-bit mask; overlaps listed in the JSON are the pixels with several bits
    let several = 0;
    bits.forEach((b, i) => {
      expect(idx[i]).toBe(b ? 32 - Math.clz32(b) : 0);
      if (b & (b - 1)) several++;
    });
    const overlaps = ann.ecgkit.mask_overlaps as [number, number, number][];
    expect(overlaps).toHaveLength(several);
    for (const [r, c, b] of overlaps) expect(bits[r * ann.width + c]).toBe(b);
    for (const lead of ann.leads.slice(0, 12)) {
      // the index image names this lead's cell (or a later, overlapping one) under each plotted point
      for (const [y, x] of lead.plotted_pixels.filter((_, i) => i % 50 === 0)) expect(idx[Math.floor(y) * ann.width + Math.floor(x)]).toBeGreaterThanOrEqual(lead.cell + 1);
    }

    // the written record shows what the page shows: lead I only in its 2.5 s cell, II in full (rhythm strip)
    const shown = await readRecord(join(out, "E07500-0.hea"));
    const source = await readRecord(join(input, "E07500.hea"));
    const I = shown.physical[0]!;
    const II = shown.physical[1]!;
    expect(I.slice(0, 1250).every(Number.isFinite)).toBe(true);
    expect(I.slice(1250).every(Number.isNaN)).toBe(true);
    expect(II.every(Number.isFinite)).toBe(true);
    expect(Math.max(...II.map((v, i) => Math.abs(v - source.physical[1]![i]!)))).toBeLessThan(1e-9);

    const again = await generateImages(input, out, { workers: 1, seed: 5, resume: true, render: { resolutionDpi: 100 } });
    expect(again.skipped).toBe(3);
    expect(again.generated).toBe(0);
    expect(again.failed).toHaveLength(1);
  });

  it("gives identical files whatever the worker count or sharding (built CLI)", async () => {
    const cli = join(REPO, "bin", "ecgkit.js");
    const a = join(tmp, "a");
    const b = join(tmp, "b");
    const base = ["generate", "-i", input, "--seed", "9", "--dpi", "80", "--grid", "random", "--header", "full", "--quiet"];
    const code = await run("node", [cli, ...base, "-o", a, "--workers", "1"]).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    expect(code).toBe(1); // the broken record fails: exit code 1
    await run("node", [cli, ...base, "-o", b, "--workers", "2", "--shard", "0/2"]).catch(() => undefined);
    await run("node", [cli, ...base, "-o", b, "--workers", "2", "--shard", "1/2"]).catch(() => undefined);
    for (const f of ["E07500-0.png", "E07500-0.json", "HR06000-0-mask.png", "sub/JS20000-0.png", "sub/JS20000-0.json"]) {
      const [x, y] = await Promise.all([readFile(join(a, f)), readFile(join(b, f))]);
      expect(x.equals(y), f).toBe(true);
    }
    const j1 = JSON.parse(await readFile(join(a, "E07500-0.json"), "utf8"));
    const j2 = JSON.parse(await readFile(join(a, "HR06000-0.json"), "utf8"));
    expect(j1.ecgkit.grid.major_rgb).not.toEqual(j2.ecgkit.grid.major_rgb);
  });

  it("splits a record longer than a page into pages, honouring maxPages and the start offset", async () => {
    const out = join(tmp, "long");
    const rec = sharedPath("wfdb", "100s.hea"); // 2 leads, 360 Hz, 60 s
    const all = await generateRecord(rec, "100s.hea", out, { render: { resolutionDpi: 50 }, record: false, masks: false });
    expect(all.pages).toBe(6);
    const three = await generateRecord(rec, "100s.hea", join(tmp, "long3"), { render: { resolutionDpi: 50, startS: 5 }, maxPages: 3, record: false });
    expect(three.pages).toBe(3);
    const starts = [];
    for (let p = 0; p < 3; p++) {
      const a = JSON.parse(await readFile(join(tmp, "long3", `100s-${p}.json`), "utf8")) as PageAnnotation;
      starts.push(a.leads.map((l) => [l.lead_name, l.start_sample, l.end_sample]));
    }
    expect(starts).toEqual([0, 1, 2].map((p) => [["MLII", 1800 + p * 3600, 5400 + p * 3600], ["V5", 1800 + p * 3600, 5400 + p * 3600]]));
    const again = await generateRecord(rec, "100s.hea", out, { render: { resolutionDpi: 50 }, resume: true });
    expect(again).toMatchObject({ skipped: true, pages: 6 });
  });
});
