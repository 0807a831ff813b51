import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { readImage } from "../../util/image.js";
import { readRecord } from "../../wfdb/readRecord.js";
import { fileOf, rawGet, startTestServer, waitForJob, type JobView, type TestServer } from "./harness.js";

const IMAGE = sharedPath("images", "reference-renders", "clean", "E07500-0.png");
const EXAMPLES = new URL("../../../examples/", import.meta.url);
const MB = 1024 * 1024;

function imageForm(data: Uint8Array | Blob, name = "ecg.png", fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("image", data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>]), name);
  return form;
}

async function post(base: string, path: string, body: FormData | undefined): Promise<{ status: number; json: any }> {
  const response = await fetch(base + path, { method: "POST", body });
  return { status: response.status, json: await response.json() };
}

async function uploadTempDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith("ecgkit-upload-"));
}

describe("web API over real HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ maxRunningJobs: 2 });
  });
  afterAll(async () => {
    await server.close();
  });

  it("serves the page, its scripts and security headers", async () => {
    const page = await fetch(server.base + "/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await page.text()).toContain("Drop an ECG image here");
    for (const path of ["/app.js", "/plot.js"]) {
      const r = await fetch(server.base + path);
      expect(r.headers.get("content-type")).toMatch(/javascript/);
      expect(await r.text()).toMatch(/export|import/);
    }
    const config = await (await fetch(server.base + "/api/config")).json();
    expect(config.maxUploadBytes).toBe(30 * MB);
    expect(config.records.map((r: { name: string }) => r.name)).toEqual(["E07500", "HR06000", "JS20000", "ludb-ecg"]);
  });

  it("answers paths outside its fixed table with 404 in words, never a file", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    for (const path of ["/../package.json", "/..%2fpackage.json", "/web/app.js", "/examples/E07500.hea", `/api/jobs/${id}`, `/api/jobs/${id}/files/..%2f..%2fpackage.json`, "/api/jobs/..%2f..%2fetc%2fpasswd"]) {
      const r = await rawGet(server.port, path);
      expect(r.status, path).toBe(404);
      expect(JSON.parse(r.body).error, path).toMatch(/not found|no such job/);
      expect(r.body).not.toContain('"name": "ecgkit"');
    }
  });

  it("refuses a text file renamed .png by its content (415)", async () => {
    const { status, json } = await post(server.base, "/api/digitize", imageForm(new TextEncoder().encode("lead I: 0.1, 0.2, 0.3\n"), "ecg.png"));
    expect(status).toBe(415);
    expect(json.error).toBe("the uploaded file is not a PNG, JPEG, BMP, TIFF or WebP image (it looks like text; the file name is not trusted)");
  });

  it("refuses empty uploads in words (400)", async () => {
    const none = await post(server.base, "/api/digitize", undefined);
    expect(none).toEqual({ status: 400, json: { error: "the request is empty: choose a file to upload" } });
    const emptyFile = await post(server.base, "/api/digitize", imageForm(new Uint8Array(0)));
    expect(emptyFile).toEqual({ status: 400, json: { error: "the uploaded file is empty" } });
    const noFile = new FormData();
    noFile.append("layout", "auto");
    const missing = await post(server.base, "/api/digitize", noFile);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(/^no image was uploaded/);
  });

  it("refuses a 100 MB upload with 413, with or without a declared length", async () => {
    const big = new Uint8Array(100 * MB);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const declared = await post(server.base, "/api/digitize", imageForm(big, "big.png"));
    expect(declared).toEqual({ status: 413, json: { error: "the upload is 100 MB; the limit is 30 MB" } });
    // Streamed without Content-Length: the multipart reader stops at the limit.
    const body = new Response(imageForm(big, "big.png"));
    const type = body.headers.get("content-type")!;
    const response = await fetch(server.base + "/api/digitize", {
      method: "POST",
      body: body.body,
      headers: { "content-type": type },
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "the upload is larger than the limit of 30 MB" });
  });

  it("reports a corrupt image as a failed job with words, not a stack trace", async () => {
    const corrupt = new Uint8Array(4000).fill(7);
    corrupt.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { status, json } = await post(server.base, "/api/digitize", imageForm(corrupt));
    expect(status).toBe(202);
    const { job } = await waitForJob(server.base, json);
    expect(job.state).toBe("failed");
    expect(job.error).toMatch(/^uploaded image: /);
    expect(job.error).not.toMatch(/\n|    at /);
  });

  it("answers a bad option at once (400) naming it", async () => {
    const png = await readFile(IMAGE);
    const bad = await post(server.base, "/api/digitize", imageForm(png, "ecg.png", { layout: "9x9" }));
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/^option "layout": expected one of auto, 3x4/);
    const unknown = await post(server.base, "/api/digitize", imageForm(png, "ecg.png", { dpi: "300" }));
    expect(unknown).toEqual({ status: 400, json: { error: 'unknown form field "dpi"; expected layout, paperSpeedMmPerS, gainMmPerMv, samplingFrequencyHz' } });
    const form = new FormData();
    form.append("record", "E07500");
    form.append("artifacts", JSON.stringify({ preset: "bogus" }));
    const art = await post(server.base, "/api/generate", form);
    expect(art).toEqual({ status: 400, json: { error: 'option "artifacts.preset": expected one of clean, scan, fax, photo, random, got "bogus"' } });
    const rec = new FormData();
    rec.append("record", "../../package");
    const r = await post(server.base, "/api/generate", rec);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/^option "record": expected one of E07500/);
  });

  it("digitizes a page: stages, 12 leads, and WFDB zip, CSV and JSON that agree", async () => {
    const { status, json } = await post(server.base, "/api/digitize", imageForm(await readFile(IMAGE)));
    expect(status).toBe(202);
    const { job, stages } = await waitForJob(server.base, json);
    expect(job.error).toBeUndefined();
    expect(job.state).toBe("done");
    expect(stages).toContain("digitizing: finding the grid, the layout and the traces");
    expect(job.summary!.leads).toEqual(["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]);
    expect(job.summary!.report.calibration.found).toBe(true);

    const result = JSON.parse(strFromU8(await fileOf(server.base, job, "result.json")));
    const zip = unzipSync(await fileOf(server.base, job, "record.zip"));
    expect(Object.keys(zip).sort()).toEqual(["digitized.dat", "digitized.hea"]);
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-test-"));
    try {
      for (const [name, data] of Object.entries(zip)) await writeFile(join(dir, name), data);
      const record = await readRecord(join(dir, "digitized.hea"));
      expect(record.signalNames).toEqual(job.summary!.leads);
      expect(record.samplingFrequencyHz).toBe(500);
      // The WFDB file holds the JSON's values to within one ADC step; NaN where JSON has null.
      record.physical.forEach((signal, k) => {
        const samples: (number | null)[] = result.signals[k].physical;
        expect(signal.length).toBe(samples.length);
        const step = 1 / record.header.signals[k]!.adcGain;
        samples.forEach((v, i) => {
          if (v === null) expect(Number.isNaN(signal[i])).toBe(true);
          else expect(Math.abs(signal[i]! - v)).toBeLessThanOrEqual(step);
        });
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const csv = strFromU8(await fileOf(server.base, job, "signals.csv")).trimEnd().split("\n");
    expect(csv[0]).toBe("time_s,I (mV),II (mV),III (mV),aVR (mV),aVL (mV),aVF (mV),V1 (mV),V2 (mV),V3 (mV),V4 (mV),V5 (mV),V6 (mV)");
    expect(csv.length).toBe(1 + result.signals[0].physical.length);
    const row = csv[1000]!.split(",");
    expect(Number(row[0])).toBeCloseTo(999 / 500, 12);
    row.slice(1).forEach((cell, k) => {
      const v = result.signals[k].physical[999];
      expect(cell === "" ? null : Number(cell)).toBe(v);
    });
    const overlay = await readImage(await fileOf(server.base, job, "overlay.png"));
    expect(overlay.width).toBe(2200);
  });

  it("generates a page from a bundled record: image of the annotated size and one mask per cell", async () => {
    const form = new FormData();
    form.append("record", "E07500");
    form.append("seed", "7");
    form.append("render", JSON.stringify({ resolutionDpi: 100, layout: "3x4" }));
    form.append("artifacts", JSON.stringify({ preset: "clean" }));
    const { status, json } = await post(server.base, "/api/generate", form);
    expect(status).toBe(202);
    const { job } = await waitForJob(server.base, json);
    expect(job.error).toBeUndefined();
    const annotation = JSON.parse(strFromU8(await fileOf(server.base, job, "annotation.json")));
    const image = await readImage(await fileOf(server.base, job, "image.png"));
    expect([image.width, image.height]).toEqual([annotation.width, annotation.height]);
    expect([image.width, image.height]).toEqual([1100, 850]);
    expect(annotation.leads).toHaveLength(13);
    const masks = unzipSync(await fileOf(server.base, job, "masks.zip"));
    expect(Object.keys(masks)).toHaveLength(14);
    expect(masks["cell12-II.png"]).toBeDefined();
    // Each plotted sample of lead I lies on (or within a pixel of) its own mask.
    const mask = await readImage(masks["cell00-I.png"]!);
    const lead = annotation.leads.find((l: { cell: number }) => l.cell === 0);
    let hits = 0;
    for (const [y, x] of lead.plotted_pixels as [number, number][]) {
      let near = false;
      for (let dy = -1; dy <= 1 && !near; dy++) {
        for (let dx = -1; dx <= 1 && !near; dx++) {
          const r = Math.floor(y) + dy, c = Math.floor(x) + dx;
          near = r >= 0 && c >= 0 && r < mask.height && c < mask.width && mask.data[(r * mask.width + c) * 4]! === 255;
        }
      }
      if (near) hits++;
    }
    expect(hits / lead.plotted_pixels.length).toBeGreaterThan(0.99);
  });

  it("generates from an uploaded record without letting its file names reach the file system", async () => {
    const before = await uploadTempDirs();
    const header = (await readFile(new URL("E07500.hea", EXAMPLES), "utf8")).replaceAll("E07500.mat", "../../../etc/E07500.mat");
    const render = JSON.stringify({ resolutionDpi: 100 });
    const upload = new FormData();
    upload.append("record", "upload");
    upload.append("render", render);
    upload.append("header", new Blob([header]), "E07500.hea");
    upload.append("signals", new Blob([await readFile(new URL("E07500.mat", EXAMPLES))]), "E07500.mat");
    const bundled = new FormData();
    bundled.append("record", "E07500");
    bundled.append("render", render);
    const [a, b] = await Promise.all([post(server.base, "/api/generate", upload), post(server.base, "/api/generate", bundled)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const [ja, jb] = await Promise.all([waitForJob(server.base, a.json), waitForJob(server.base, b.json)]);
    expect(ja.job.error).toBeUndefined();
    expect(ja.job.summary!.record.name).toBe("E07500");
    const annA = JSON.parse(strFromU8(await fileOf(server.base, ja.job, "annotation.json")));
    const annB = JSON.parse(strFromU8(await fileOf(server.base, jb.job, "annotation.json")));
    expect(annA.leads.map((l: { plotted_pixels: unknown }) => l.plotted_pixels)).toEqual(annB.leads.map((l: { plotted_pixels: unknown }) => l.plotted_pixels));
    expect(await uploadTempDirs()).toEqual(before);

    const wrong = new FormData();
    wrong.append("record", "upload");
    wrong.append("header", new Blob([header]), "E07500.hea");
    wrong.append("signals", new Blob([new Uint8Array(100)]), "E07501.mat");
    const w = await post(server.base, "/api/generate", wrong);
    expect(w).toEqual({ status: 400, json: { error: 'uploaded header, field "file name": the header\'s signals are in "E07500.mat", but the signal file uploaded is "E07501.mat"' } });
  });

  it("refuses requests addressed to another host name or sent from another site (403)", async () => {
    const rebinding = await rawGet(server.port, "/api/config", { host: "attacker.example:80" });
    expect(rebinding).toEqual({ status: 403, body: JSON.stringify({ error: "this server answers only requests addressed to localhost" }) });
    const crossSite = await fetch(server.base + "/api/config", { headers: { origin: "http://attacker.example" } });
    expect(crossSite.status).toBe(403);
    expect((await rawGet(server.port, "/api/config", { host: `localhost:${server.port}` })).status).toBe(200);
  });
});

describe("job queue over HTTP", () => {
  it("runs one job, queues one, and refuses the next with 503 until there is room", async () => {
    const server = await startTestServer({ maxRunningJobs: 1, maxQueuedJobs: 1 });
    try {
      const form = () => {
        const f = new FormData();
        f.append("record", "ludb-ecg");
        f.append("render", JSON.stringify({ resolutionDpi: 60 }));
        return f;
      };
      const first = await post(server.base, "/api/generate", form());
      const second = await post(server.base, "/api/generate", form());
      const third = await fetch(server.base + "/api/generate", { method: "POST", body: form() });
      expect([first.status, second.status, third.status]).toEqual([202, 202, 503]);
      expect(third.headers.get("retry-after")).toBe("30");
      expect((await third.json()).error).toBe("the server is busy (1 running, 1 waiting); try again in a minute");
      expect(second.json).toMatchObject({ state: "queued", position: 1 });
      const results = await Promise.all([waitForJob(server.base, first.json as JobView), waitForJob(server.base, second.json as JobView)]);
      expect(results.map((r) => r.job.state)).toEqual(["done", "done"]);
      expect(results[1]!.stages[0]).toBe("waiting for a free worker");
      expect((await post(server.base, "/api/generate", form())).status).toBe(202);
    } finally {
      await server.close();
    }
  });
});
