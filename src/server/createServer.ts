import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import multipart from "@fastify/multipart";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { PRESET_NAMES } from "../artifacts/artifactOptions.js";
import { LAYOUTS } from "../digitize/types.js";
import { EcgkitError } from "../errors.js";
import { GRID_COLOR_NAMES } from "../render/gridColors.js";
import { PAPER_NAMES } from "../render/paper.js";
import { BUNDLED_RECORDS } from "./bundledRecords.js";
import { errorMessage } from "./errorMessage.js";
import { HttpError } from "./httpError.js";
import { JobQueue, QueueFullError, type Job } from "./jobQueue.js";
import { DIGITIZE_FIELDS, parseDigitizeForm } from "./parseDigitizeForm.js";
import { GENERATE_FIELDS, parseGenerateForm } from "./parseGenerateForm.js";
import { readForm } from "./readForm.js";
import { describeContent, sniffFileType } from "./sniffFileType.js";
import type { WorkerTask } from "./workerTask.js";
import { WorkerPool } from "./workerPool.js";

export interface ServerOptions {
  /** Largest upload accepted, bytes. Default 30 MB. */
  maxUploadBytes?: number;
  /** Jobs running at once (each in its own worker thread). Default: the number of cores. */
  maxRunningJobs?: number;
  /** Jobs waiting beyond those running; further requests get 503. Default 8. */
  maxQueuedJobs?: number;
  /** A job running longer than this is stopped, ms. Default 5 min. */
  jobTimeoutMs?: number;
  /** Host names besides localhost and the bound address that requests may be addressed to (e.g. the --host given). */
  allowedHosts?: string[];
  /** Log each request to stdout (pino). Default false. */
  logRequests?: boolean;
}

/** The page's files: a fixed table, so no part of a request path is ever used as a file path. */
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/plot.js": { file: "plot.js", type: "text/javascript; charset=utf-8" },
};
const WEB_DIR = new URL("../../web/", import.meta.url);
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1048576) * 10) / 10} MB`;
}

/** Host part of a Host header or an Origin ("http://h:p"), lower case, port dropped. */
function hostName(value: string): string {
  const v = value.replace(/^[a-z]+:\/\//i, "").toLowerCase();
  return v.startsWith("[") ? v.slice(0, v.indexOf("]") + 1) : v.split(":")[0]!;
}

function jobView(job: Job, queue: JobQueue): Record<string, unknown> {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    stage: job.stage,
    position: queue.position(job.id),
    elapsedMs: (job.finishedAt ?? Date.now()) - job.createdAt,
    ...(job.error !== undefined ? { error: job.error } : {}),
    ...(job.output
      ? {
          summary: job.output.summary,
          files: job.output.files.map((f) => ({ name: f.name, bytes: f.data.byteLength, url: `/api/jobs/${job.id}/files/${f.name}` })),
        }
      : {}),
  };
}

/**
 * The web app: the page and a JSON API over the library. Work runs as queued jobs in worker
 * threads; the API answers at once with a job id that the page polls for stages and results.
 * Call `listen({ host: "127.0.0.1", port })` on the result.
 */
export async function createServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  const maxUploadBytes = options.maxUploadBytes ?? 30 * 1024 * 1024;
  const queue = new JobQueue({ maxRunning: options.maxRunningJobs ?? availableParallelism(), maxQueued: options.maxQueuedJobs ?? 8 });
  const allowedHosts = new Set((options.allowedHosts ?? []).map((h) => hostName(h.includes(":") && !h.startsWith("[") ? `[${h}]` : h)));
  const pool = new WorkerPool();
  const app = Fastify({ logger: options.logRequests ?? false, bodyLimit: 64 * 1024, requestTimeout: 5 * 60_000 });
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 2, fields: 20, fieldSize: 64 * 1024, parts: 24, headerPairs: 100 },
  });

  app.addHook("onRequest", async (request, reply) => {
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "no-referrer");
    reply.header("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; frame-ancestors 'none'");
    // DNS rebinding guard: a page elsewhere must not reach this server through a name of its own.
    const host = hostName(request.headers.host ?? "");
    const local = (request.socket.localAddress ?? "").replace(/^::ffff:/, "");
    const bound = local.includes(":") ? `[${local}]` : local;
    if (!LOCAL_HOSTS.has(host) && host !== bound && !allowedHosts.has(host)) throw new HttpError(403, "this server answers only requests addressed to localhost");
    const origin = request.headers.origin;
    if (origin && origin !== "null" && hostName(origin) !== host) throw new HttpError(403, "requests from other sites are refused");
    const length = Number(request.headers["content-length"] ?? 0);
    if (length > maxUploadBytes + 1024 * 1024) {
      throw new HttpError(413, `the upload is ${megabytes(length)}; the limit is ${megabytes(maxUploadBytes)}`);
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    let status = 500;
    let message: string;
    if (err instanceof HttpError) [status, message] = [err.status, err.message];
    else if (err instanceof QueueFullError) {
      [status, message] = [503, err.message];
      reply.header("Retry-After", "30");
    } else if (err instanceof EcgkitError) [status, message] = [400, err.message];
    else if (err.code === "FST_REQ_FILE_TOO_LARGE" || err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      [status, message] = [413, `the upload is larger than the limit of ${megabytes(maxUploadBytes)}`];
    } else if (err.code === "FST_FILES_LIMIT" || err.code === "FST_PARTS_LIMIT" || err.code === "FST_FIELDS_LIMIT") {
      [status, message] = [413, "the form has too many files or fields"];
    } else if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || err.code === "FST_INVALID_MULTIPART_CONTENT_TYPE") {
      [status, message] = [415, "send the upload as a multipart/form-data form (as the page does)"];
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      [status, message] = [err.statusCode, `bad request: ${err.message}`];
    } else {
      request.log.error(err);
      if (!options.logRequests) console.error(err);
      message = errorMessage(err, "handling the request");
    }
    void reply.code(status).type("application/json; charset=utf-8").send({ error: message });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: "not found" }));

  for (const [route, { file, type }] of Object.entries(STATIC_FILES)) {
    app.get(route, async (_request, reply) => reply.type(type).header("Cache-Control", "no-cache").send(await readFile(new URL(file, WEB_DIR))));
  }

  app.get("/api/config", async () => ({
    maxUploadBytes,
    records: BUNDLED_RECORDS,
    digitizeLayouts: LAYOUTS,
    renderLayouts: ["3x4", "6x2", "12x1", "2x1", "auto"],
    papers: PAPER_NAMES,
    gridColors: GRID_COLOR_NAMES,
    artifactPresets: PRESET_NAMES,
    queue: queue.stats(),
  }));

  const submit = (reply: FastifyReply, task: WorkerTask) => {
    const job = queue.submit(task.kind, (onStage, signal) => pool.run(task, { onStage, signal, timeoutMs: options.jobTimeoutMs }));
    return reply.code(202).header("Location", `/api/jobs/${job.id}`).send(jobView(job, queue));
  };

  app.post("/api/digitize", async (request, reply) => {
    const form = await readForm(request, ["image"], DIGITIZE_FIELDS);
    const image = form.files.get("image");
    if (!image) throw new HttpError(400, "no image was uploaded: choose an ECG image (PNG, JPEG, BMP, TIFF or WebP)");
    if (image.data.length === 0) throw new HttpError(400, "the uploaded file is empty");
    if (!sniffFileType(image.data)) {
      throw new HttpError(415, `the uploaded file is not a PNG, JPEG, BMP, TIFF or WebP image (${describeContent(image.data)}; the file name is not trusted)`);
    }
    return submit(reply, { kind: "digitize", image: image.data, options: parseDigitizeForm(form.fields) });
  });

  app.post("/api/generate", async (request, reply) => submit(reply, parseGenerateForm(await readForm(request, ["header", "signals"], GENERATE_FIELDS))));

  const findJob = (id: string): Job => {
    const job = JOB_ID.test(id) ? queue.get(id) : undefined;
    if (!job) throw new HttpError(404, "no such job (results are kept for 30 minutes)");
    return job;
  };
  app.get<{ Params: { id: string } }>("/api/jobs/:id", async (request) => jobView(findJob(request.params.id), queue));
  app.get<{ Params: { id: string; file: string } }>("/api/jobs/:id/files/:file", async (request, reply) => {
    const file = findJob(request.params.id).output?.files.find((f) => f.name === request.params.file);
    if (!file) throw new HttpError(404, "the job has no such file");
    const disposition = file.contentType.startsWith("image/") ? "inline" : "attachment";
    return reply.type(file.contentType).header("Content-Disposition", `${disposition}; filename="ecg-${file.name}"`).send(Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength));
  });

  app.addHook("onClose", async () => {
    await queue.close();
    await pool.close();
  });
  return app;
}
