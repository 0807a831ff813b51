import { randomUUID } from "node:crypto";

/** A file a finished job offers for download; `name` is fixed by the job kind, never taken from a request. */
export interface JobFile {
  name: string;
  contentType: string;
  data: Uint8Array;
}

export interface JobOutput {
  /** JSON-able summary shown by the page (what was found, warnings, file list). */
  summary: Record<string, unknown>;
  files: JobFile[];
}

export type JobState = "queued" | "running" | "done" | "failed";

export interface Job {
  id: string;
  kind: string;
  state: JobState;
  /** What the job is doing now, in words (e.g. "finding the grid"). */
  stage: string;
  createdAt: number;
  finishedAt?: number;
  output?: JobOutput;
  /** Why the job failed, in words. */
  error?: string;
}

/**
 * Runs a job; calls `onStage` as it moves on and stops when `signal` aborts (server closing).
 * Its rejection message becomes the job's error.
 */
export type JobRunner = (onStage: (stage: string) => void, signal: AbortSignal) => Promise<JobOutput>;

export interface JobQueueOptions {
  /** Jobs running at once. Default 1. */
  maxRunning?: number;
  /** Jobs waiting beyond those running; more are refused. Default 8. */
  maxQueued?: number;
  /** Finished jobs whose results are kept in memory (oldest dropped first). Default 16. */
  maxFinished?: number;
  /** How long a finished job's results are kept, in ms. Default 30 min. */
  resultTtlMs?: number;
}

/** The queue is full: the caller should answer 503. */
export class QueueFullError extends Error {
  override name = "QueueFullError";
}

/**
 * Bounded job queue: at most `maxRunning` jobs run, at most `maxQueued` wait, and finished results
 * are dropped by count and age, so a burst of requests cannot exhaust memory.
 */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: { job: Job; run: JobRunner }[] = [];
  private running = 0;
  private readonly maxRunning: number;
  private readonly maxQueued: number;
  private readonly maxFinished: number;
  private readonly resultTtlMs: number;
  private readonly idle: (() => void)[] = [];
  private readonly shutdown = new AbortController();

  constructor(options: JobQueueOptions = {}) {
    this.maxRunning = Math.max(1, options.maxRunning ?? 1);
    this.maxQueued = Math.max(0, options.maxQueued ?? 8);
    this.maxFinished = Math.max(1, options.maxFinished ?? 16);
    this.resultTtlMs = options.resultTtlMs ?? 30 * 60_000;
  }

  /** Adds a job; throws QueueFullError when `maxQueued` jobs already wait. */
  submit(kind: string, run: JobRunner): Job {
    this.prune();
    if (this.shutdown.signal.aborted) throw new QueueFullError("the server is shutting down");
    if (this.running >= this.maxRunning && this.waiting.length >= this.maxQueued) {
      throw new QueueFullError(`the server is busy (${this.running} running, ${this.waiting.length} waiting); try again in a minute`);
    }
    const job: Job = { id: randomUUID(), kind, state: "queued", stage: "waiting for a free worker", createdAt: Date.now() };
    this.jobs.set(job.id, job);
    this.waiting.push({ job, run });
    this.pump();
    return job;
  }

  get(id: string): Job | undefined {
    this.prune();
    return this.jobs.get(id);
  }

  /** 1-based place in the waiting line, 0 when not waiting. */
  position(id: string): number {
    return this.waiting.findIndex((w) => w.job.id === id) + 1;
  }

  stats(): { running: number; waiting: number; maxRunning: number; maxQueued: number } {
    return { running: this.running, waiting: this.waiting.length, maxRunning: this.maxRunning, maxQueued: this.maxQueued };
  }

  /** Resolves when nothing runs or waits (used on shutdown and in tests). */
  whenIdle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops running jobs, fails waiting ones and refuses new ones; resolves when none runs. */
  close(): Promise<void> {
    this.shutdown.abort();
    for (const { job } of this.waiting.splice(0)) {
      job.state = "failed";
      job.stage = "failed";
      job.error = "the server was shut down";
      job.finishedAt = Date.now();
    }
    return this.whenIdle();
  }

  private pump(): void {
    while (this.running < this.maxRunning && this.waiting.length > 0) {
      const { job, run } = this.waiting.shift()!;
      this.running++;
      job.state = "running";
      job.stage = "starting a worker";
      void this.execute(job, run);
    }
    if (this.running === 0 && this.waiting.length === 0) this.idle.splice(0).forEach((f) => f());
  }

  private async execute(job: Job, run: JobRunner): Promise<void> {
    try {
      job.output = await run((stage) => {
        job.stage = stage;
      }, this.shutdown.signal);
      job.state = "done";
      job.stage = "done";
    } catch (err) {
      job.state = "failed";
      job.stage = "failed";
      job.error = err instanceof Error ? err.message : String(err);
    } finally {
      job.finishedAt = Date.now();
      this.running--;
      this.prune();
      this.pump();
    }
  }

  private prune(): void {
    const now = Date.now();
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== undefined);
    finished.sort((a, b) => a.finishedAt! - b.finishedAt!);
    const excess = finished.length - this.maxFinished;
    finished.forEach((j, i) => {
      if (i < excess || now - j.finishedAt! > this.resultTtlMs) this.jobs.delete(j.id);
    });
  }
}
