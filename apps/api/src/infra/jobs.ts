// Background jobs and schedules. On BullMQ when Redis is configured (any number of API and
// worker processes share one queue; a schedule fires once across all of them), in-process
// timers otherwise (single-machine mode). Same job functions either way; jobs are written to be
// safe to run twice, since both modes deliver at least once.
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from './logger';
import { logConnectionErrors } from './redis';

export type JobRun = (data: unknown) => Promise<void>;

export interface EnqueueOptions {
  delayMs?: number;
  /** While a job with this id waits, enqueuing it again does nothing. */
  id?: string;
}

export interface Jobs {
  readonly mode: 'bullmq' | 'in-process';
  /** Registers what a job name does. Every process that may run jobs defines the same ones. */
  define(name: string, run: JobRun): void;
  /** Runs `name` every `everyMs`, once per interval across all processes. */
  every(name: string, everyMs: number): Promise<void>;
  enqueue(name: string, data?: unknown, options?: EnqueueOptions): Promise<void>;
  /** Starts taking jobs in this process (the API does unless a separate worker runs them). */
  start(): Promise<void>;
  close(): Promise<void>;
}

const ATTEMPTS = 5;
export const SCHEDULE_CHECK_MS = 15_000;
/** Retry delay after a failed attempt: 1 s, 2 s, 4 s… capped at 5 minutes. */
export function jobRetryDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 300_000);
}

export function bullmqJobs(redisUrl: string, keyPrefix: string, logger: Logger): Jobs {
  const definitions = new Map<string, JobRun>();
  // BullMQ wants connections that retry forever, and namespaces keys itself (no ioredis prefix).
  const connect = () =>
    logConnectionErrors(new Redis(redisUrl, { maxRetriesPerRequest: null }), logger, 'jobs');
  const prefix = `${keyPrefix}bull`;
  const queueConnection = connect();
  const queue = new Queue('jobs', {
    connection: queueConnection,
    prefix,
    defaultJobOptions: {
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    },
  });
  let worker: Worker | null = null;
  let workerConnection: Redis | null = null;

  // Schedulers live in Redis: a Redis restarted without its data (or flushed) has none, and
  // all background work would stop. They are re-created as soon as the connection is back,
  // and checked every SCHEDULE_CHECK_MS in case the data went while the connection stayed.
  const schedules = new Map<string, number>();
  const restoreSchedules = async () => {
    for (const [name, everyMs] of schedules) {
      if (!(await queue.getJobScheduler(name))) {
        await queue.upsertJobScheduler(name, { every: everyMs }, { name });
        logger.info({ job: name }, 'job schedule re-created');
      }
    }
  };
  const restore = () =>
    void restoreSchedules().catch((error: unknown) =>
      logger.warn({ err: error }, 'job schedules could not be checked; trying again later'),
    );
  let connectedOnce = false;
  queueConnection.on('ready', () => {
    if (connectedOnce) restore();
    connectedOnce = true;
  });
  const checker = setInterval(restore, SCHEDULE_CHECK_MS);
  checker.unref();

  return {
    mode: 'bullmq',
    define: (name, run) => {
      definitions.set(name, run);
    },
    async every(name, everyMs) {
      schedules.set(name, everyMs);
      await queue.upsertJobScheduler(name, { every: everyMs }, { name });
    },
    async enqueue(name, data = null, options = {}) {
      await queue.add(name, data, { delay: options.delayMs, jobId: options.id });
    },
    async start() {
      if (worker) return;
      workerConnection = connect();
      worker = new Worker(
        'jobs',
        async (job: Job) => {
          const run = definitions.get(job.name);
          if (!run) throw new Error(`No job is defined as "${job.name}"`);
          await run(job.data);
        },
        { connection: workerConnection, prefix, concurrency: 4 },
      );
      worker.on('failed', (job, error) =>
        logger.warn({ err: error, job: job?.name, attempts: job?.attemptsMade }, 'job failed'),
      );
      worker.on('error', (error) => logger.error({ err: error }, 'job worker error'));
    },
    async close() {
      clearInterval(checker);
      await worker?.close();
      await queue.close();
      for (const connection of [workerConnection, queueConnection]) {
        await connection?.quit().catch(() => connection.disconnect());
      }
    },
  };
}

export function inProcessJobs(logger: Logger): Jobs {
  const definitions = new Map<string, JobRun>();
  const schedules = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const waiting = new Set<string>();
  // Enqueued before start: like jobs in a queue with no worker yet, they wait.
  const held: (() => void)[] = [];
  let started = false;
  let closed = false;

  const later = (ms: number, fn: () => void) => {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  async function attempt(name: string, data: unknown, attemptNo: number, id?: string) {
    const run = definitions.get(name);
    try {
      if (!run) throw new Error(`No job is defined as "${name}"`);
      await run(data);
      if (id) waiting.delete(id);
    } catch (error) {
      logger.warn({ err: error, job: name, attempts: attemptNo }, 'job failed');
      if (attemptNo < ATTEMPTS)
        later(jobRetryDelayMs(attemptNo), () => void attempt(name, data, attemptNo + 1, id));
      else if (id) waiting.delete(id);
    }
  }

  // A schedule's next run starts only after the last one ended, so runs never overlap.
  function tick(name: string, everyMs: number) {
    later(everyMs, async () => {
      await attempt(name, null, ATTEMPTS);
      tick(name, everyMs);
    });
  }

  return {
    mode: 'in-process',
    define: (name, run) => {
      definitions.set(name, run);
    },
    async every(name, everyMs) {
      schedules.set(name, everyMs);
      if (started) tick(name, everyMs);
    },
    async enqueue(name, data = null, options = {}) {
      if (options.id) {
        if (waiting.has(options.id)) return;
        waiting.add(options.id);
      }
      const run = () => later(options.delayMs ?? 0, () => void attempt(name, data, 1, options.id));
      if (started) run();
      else held.push(run);
    },
    async start() {
      if (started) return;
      started = true;
      for (const [name, everyMs] of schedules) tick(name, everyMs);
      for (const run of held.splice(0)) run();
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
