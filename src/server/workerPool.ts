import { Worker } from "node:worker_threads";
import type { JobOutput } from "./jobQueue.js";
import type { WorkerTask } from "./workerTask.js";

export interface WorkerPoolOptions {
  /** Heap limit of each worker in MB (pixel buffers live outside it). Default 2048. */
  maxHeapMb?: number;
  /** A worker is replaced after this many jobs, so a slow leak cannot grow for ever. Default 50. */
  jobsPerWorker?: number;
  /** An idle worker exits after this many ms, giving its memory back. Default 2 min. */
  idleMs?: number;
}

export interface RunTaskOptions {
  /** Called with each stage the worker reports. */
  onStage?: (stage: string) => void;
  /** The job is stopped (its worker ended) after this many ms. Default 5 min. */
  timeoutMs?: number;
  /** Stops the job (its worker ended) when aborted. */
  signal?: AbortSignal;
}

type WorkerMessage = { type: "stage"; stage: string } | { type: "done"; output: JobOutput } | { type: "error"; message: string };

interface PooledWorker {
  worker: Worker;
  jobs: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Job worker threads, kept alive between jobs: starting one and loading the library costs about
 * a second, more than many jobs. The server stays responsive while they work, and a crash,
 * runaway or out-of-memory job ends only its own worker. Concurrency is the caller's (JobQueue).
 */
export class WorkerPool {
  private readonly idle: PooledWorker[] = [];
  private readonly busy = new Set<PooledWorker>();
  private readonly maxHeapMb: number;
  private readonly jobsPerWorker: number;
  private readonly idleMs: number;

  constructor(options: WorkerPoolOptions = {}) {
    this.maxHeapMb = options.maxHeapMb ?? 2048;
    this.jobsPerWorker = options.jobsPerWorker ?? 50;
    this.idleMs = options.idleMs ?? 120_000;
  }

  /** Runs one task in a free (or new) worker. */
  run(task: WorkerTask, options: RunTaskOptions = {}): Promise<JobOutput> {
    const pooled = this.take();
    const { worker } = pooled;
    const timeoutMs = options.timeoutMs ?? 5 * 60_000;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | undefined, output?: JobOutput) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        this.busy.delete(pooled);
        // A worker that failed in a way it did not report itself is not trusted with another job.
        if (err && !reported) void worker.terminate();
        else this.release(pooled);
        if (err) reject(err);
        else resolve(output!);
      };
      let reported = false;
      const onMessage = (m: WorkerMessage) => {
        if (m.type === "stage") options.onStage?.(m.stage);
        else if (m.type === "done") finish(undefined, m.output);
        else {
          reported = true;
          finish(new Error(m.message));
        }
      };
      const onError = (err: Error) => {
        const oom = /heap|memory/i.test(err.message);
        finish(new Error(oom ? "the job ran out of memory; try a smaller image" : `the job stopped unexpectedly: ${err.message.split("\n")[0]}`));
      };
      const onExit = (code: number) => finish(new Error(`the job stopped unexpectedly (worker exit code ${code})`));
      const onAbort = () => finish(new Error("the job was stopped: the server is shutting down"));
      const timer = setTimeout(() => finish(new Error(`the job took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`)), timeoutMs);
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      worker.postMessage(task);
    });
  }

  /** Ends every worker (running jobs fail). */
  async close(): Promise<void> {
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(all.map((p) => p.worker.terminate()));
  }

  private take(): PooledWorker {
    const pooled = this.idle.pop() ?? { worker: startWorker(this.maxHeapMb), jobs: 0 };
    clearTimeout(pooled.idleTimer);
    pooled.worker.ref();
    pooled.jobs++;
    this.busy.add(pooled);
    return pooled;
  }

  private release(pooled: PooledWorker): void {
    if (pooled.jobs >= this.jobsPerWorker) {
      void pooled.worker.terminate();
      return;
    }
    pooled.idleTimer = setTimeout(() => {
      const i = this.idle.indexOf(pooled);
      if (i >= 0) this.idle.splice(i, 1);
      void pooled.worker.terminate();
    }, this.idleMs);
    pooled.idleTimer.unref();
    // An idle worker must not keep the process alive.
    pooled.worker.unref();
    this.idle.push(pooled);
  }
}

/**
 * Starts a job worker for this source layout: compiled .js under dist, or .ts through tsx when
 * the server itself runs from source (tests, `tsx src/...`).
 */
function startWorker(maxHeapMb: number): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(`./jobWorker.${fromSource ? "ts" : "js"}`, import.meta.url).href;
  const boot = fromSource
    ? `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`
    : `import(${JSON.stringify(entry)});`;
  return new Worker(boot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
}
