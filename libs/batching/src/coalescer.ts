/**
 * Natural batching ("group commit") of one kind of database request within a process: while one
 * batch is in flight, the requests that arrive wait for it to come back and then go together as
 * the next batch. With nothing in flight a request goes out once the I/O callbacks of its
 * event-loop turn and of the two after it have run (`afterGatheringTurns`), so that the requests
 * that reach the process over those turns share it. Nothing is ever held back on a timer: a
 * request waits at most for the one round trip already under way, or, with none, for those turns.
 *
 * `flush` answers each request of a batch in order; a rejected flush rejects its whole batch.
 */
import { afterGatheringTurns } from './gathering-turns';

export class Coalescer<Request, Answer> {
  private waiting: { request: Request; resolve: (answer: Answer) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = false;

  constructor(
    private readonly flush: (requests: Request[]) => Promise<Answer[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (!this.inFlight && this.waiting.length === 1) afterGatheringTurns(() => this.next());
    });
  }

  private next(): void {
    if (this.inFlight || this.waiting.length === 0) return;
    this.inFlight = true;
    const batch = this.waiting.splice(0, this.maxBatch);
    this.flush(batch.map((item) => item.request))
      .then(
        (answers) => batch.forEach((item, index) => item.resolve(answers[index])),
        (error: unknown) => batch.forEach((item) => item.reject(error)),
      )
      .finally(() => {
        this.inFlight = false;
        this.next();
      });
  }
}
