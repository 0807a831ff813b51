import { parentPort, Worker, type ResourceLimits } from "node:worker_threads";

export type JobOutcome<R> = { ok: true; result: R } | { ok: false; error: string };

export interface RunJobsOptions<J extends object, R> {
  /** Threads to use; 1 runs every job in this thread with `runHere`. */
  workers: number;
  /** How one job runs in this thread. */
  runHere: (job: J) => Promise<R>;
  /** Worker module that calls `serveJobs` with the same work as `runHere`. */
  workerUrl: URL;
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
  /** Called after each job, in completion order, with the job's index. */
  onDone?: (index: number, outcome: JobOutcome<R>) => void;
}

function failure(err: unknown): { ok: false; error: string } {
  return { ok: false, error: (err as Error)?.message ?? String(err) };
}

/**
 * Runs jobs on a pool of worker threads (or in this thread), one job per worker at a time.
 * A failing job is reported in its outcome; a crashed worker fails only its job and a fresh
 * worker takes over the queue. Outcomes come back in job order.
 */
export async function runJobs<J extends object, R>(jobs: J[], options: RunJobsOptions<J, R>): Promise<JobOutcome<R>[]> {
  const outcomes = new Array<JobOutcome<R>>(jobs.length);
  const done = (k: number, o: JobOutcome<R>) => {
    outcomes[k] = o;
    options.onDone?.(k, o);
  };
  const size = Math.max(1, Math.min(options.workers, jobs.length));
  if (size === 1) {
    for (let k = 0; k < jobs.length; k++) {
      try {
        done(k, { ok: true, result: await options.runHere(jobs[k]!) });
      } catch (err) {
        done(k, failure(err));
      }
    }
    return outcomes;
  }
  await new Promise<void>((resolve) => {
    let next = 0;
    let finished = 0;
    const settle = (k: number, o: JobOutcome<R>) => {
      done(k, o);
      if (++finished === jobs.length) resolve();
    };
    const start = () => {
      const worker = new Worker(options.workerUrl, { workerData: options.workerData, resourceLimits: options.resourceLimits });
      let current = -1;
      const feed = () => {
        if (next >= jobs.length) {
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ id: current, job: jobs[current]! });
      };
      worker.on("message", (m: { id: number } & JobOutcome<R>) => {
        settle(m.id, m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error });
        current = -1;
        feed();
      });
      worker.on("error", (err) => {
        if (current >= 0) settle(current, { ok: false, error: `worker crashed: ${err.message}` });
        current = -1;
        if (next < jobs.length) start();
      });
      feed();
    };
    for (let i = 0; i < size; i++) start();
  });
  return outcomes;
}

/** The worker side of runJobs: answers each job sent to this thread with `work(job)`'s outcome. */
export function serveJobs<J, R>(work: (job: J) => Promise<R>): void {
  parentPort!.on("message", async ({ id, job }: { id: number; job: J }) => {
    try {
      parentPort!.postMessage({ id, ok: true, result: await work(job) });
    } catch (err) {
      parentPort!.postMessage({ id, ...failure(err) });
    }
  });
}
