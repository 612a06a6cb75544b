// When the editor autosaves: a few seconds after the last change, never while an IME composition is open (the
// composed syllable is not text yet; saving then would also make the page re-render mid-composition), one request at
// a time, again after it when more was typed meanwhile, and retried on its own after a network or server failure.
// Framework-free so it can be tested on its own; the page wires it to React state and to the autosave endpoint.

export type AutosaveStatus =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; status: number; message: string | null };

export type SendResult = { ok: true; at: string } | { ok: false; status: number; message: string | null };

export interface AutosaverOptions {
  /** Quiet time after the last change before saving. */
  delayMs: number;
  /** Saves the page's current fields (read at call time). */
  send: () => Promise<SendResult>;
  onStatus: (status: AutosaveStatus) => void;
  /** Pause before an automatic retry after a failure the server may get over (network, 5xx, 429). */
  retryMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Autosaver {
  /** Counts changes; `savedSeq` is the last change a completed save covered. */
  private seq = 0;
  private savedSeq = 0;
  private composing = false;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private paused = 0;
  private disposed = false;
  private status: AutosaveStatus = { kind: 'idle' };
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly opts: AutosaverOptions) {
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get dirty(): boolean {
    return this.seq > this.savedSeq;
  }

  /** The change counter now: an explicit save notes it before it sends, and passes it to markSaved when it succeeds. */
  get changeSeq(): number {
    return this.seq;
  }

  get current(): AutosaveStatus {
    return this.status;
  }

  changed(): void {
    if (this.disposed) return;
    this.seq++;
    if (this.status.kind !== 'error' && this.status.kind !== 'saving') this.set({ kind: 'dirty' });
    this.schedule(this.opts.delayMs);
  }

  setComposing(composing: boolean): void {
    this.composing = composing;
    if (composing) this.cancel();
    else if (this.dirty) this.schedule(this.opts.delayMs);
  }

  /** An explicit save is running: no autosave starts until resume(). Returns once a running autosave has finished. */
  async pause(): Promise<void> {
    this.paused++;
    this.cancel();
    await this.inFlight;
  }

  resume(): void {
    this.paused = Math.max(0, this.paused - 1);
    if (this.dirty) this.schedule(this.opts.delayMs);
  }

  /** An explicit save (or a discard, a restore) covered every change up to `seq`. */
  markSaved(seq: number, at?: string): void {
    this.savedSeq = Math.max(this.savedSeq, seq);
    if (!this.dirty && at) this.set({ kind: 'saved', at });
    else if (!this.dirty) this.set({ kind: 'idle' });
  }

  /** Saves now when there is anything to save (the retry button; leaving the page uses a beacon instead). */
  async flush(): Promise<void> {
    this.cancel();
    await this.inFlight;
    if (this.dirty && !this.paused) await this.run();
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private set(status: AutosaveStatus) {
    this.status = status;
    this.opts.onStatus(status);
  }

  private cancel() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private schedule(ms: number) {
    this.cancel();
    if (this.disposed || this.composing || this.paused) return;
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    if (this.disposed || this.composing || this.paused || !this.dirty) return;
    if (this.inFlight) {
      // Saved again when the running one ends (see below).
      return;
    }
    const seq = this.seq;
    this.set({ kind: 'saving' });
    let result: SendResult;
    const done = (async () => {
      try {
        result = await this.opts.send();
      } catch (err) {
        result = { ok: false, status: 0, message: err instanceof Error ? err.message : null };
      }
    })();
    this.inFlight = done;
    await done;
    this.inFlight = null;
    if (this.disposed) return;
    const r = result!;
    if (r.ok) {
      this.savedSeq = Math.max(this.savedSeq, seq);
      this.set(this.dirty ? { kind: 'dirty' } : { kind: 'saved', at: r.at });
      if (this.dirty) this.schedule(this.opts.delayMs);
    } else {
      this.set({ kind: 'error', status: r.status, message: r.message });
      const transient = r.status === 0 || r.status === 429 || r.status >= 500;
      if (transient) this.schedule(this.opts.retryMs ?? 15_000);
    }
  }
}
