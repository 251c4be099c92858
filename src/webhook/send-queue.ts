import { Pacer } from './pacer';

export interface QueueLimits {
  /** Jobs running at once (requests in flight, retries and their waits included). */
  readonly parallel: number;
  /** Jobs that may wait behind them; beyond that a job is refused. */
  readonly queueSize: number;
  /** Job starts per minute; 0 = no limit. */
  readonly perMinute: number;
}

/** What became of an offered job: running, waiting its turn, or refused because the queue is full. */
export type Admission = 'started' | 'queued' | 'full';

// Below this many taken slots the array is not compacted: shifting a short array costs nothing.
const COMPACT_AFTER = 1024;

/**
 * First in, first out, at most `parallel` at a time, starts spaced by the rate limit. Jobs are run by
 * `run`, which must settle; close() hands back every job that never started, and clears its timer.
 */
export class SendQueue<Job> {
  readonly pacer: Pacer;
  private readonly waiting: Array<Job | undefined> = [];
  private head = 0;
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly limits: QueueLimits,
    private readonly run: (job: Job) => Promise<void>,
    now?: () => number,
  ) {
    this.pacer = new Pacer(limits.perMinute, now);
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length - this.head;
  }

  offer(job: Job): Admission {
    if (this.closed) return 'full';
    if (this.queued === 0 && this.running < this.limits.parallel && this.pacer.waitMs() === 0) {
      this.start(job);
      return 'started';
    }
    if (this.queued >= this.limits.queueSize) return 'full';
    this.waiting.push(job);
    this.pump();
    return 'queued';
  }

  /** Stops starting jobs and returns those that waited, oldest first. Jobs in flight are the caller's to end. */
  close(): Job[] {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const left = this.waiting.slice(this.head) as Job[];
    this.waiting.length = 0;
    this.head = 0;
    return left;
  }

  private start(job: Job): void {
    this.running++;
    this.pacer.reserve();
    const settle = (): void => {
      this.running--;
      this.pump();
    };
    this.run(job).then(settle, settle);
  }

  private pump(): void {
    while (!this.closed && this.queued > 0 && this.running < this.limits.parallel) {
      const wait = this.pacer.waitMs();
      if (wait > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.start(this.take());
    }
  }

  private take(): Job {
    const job = this.waiting[this.head] as Job;
    this.waiting[this.head] = undefined;
    this.head++;
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    return job;
  }
}
