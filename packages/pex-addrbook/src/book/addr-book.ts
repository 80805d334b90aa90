/**
 * AddrBook: the in-memory book plus its file (pex.md §7). `start()` loads
 * addrbook.json, a timer saves it every `saveIntervalMs`, and `stop()` saves
 * once more. Writes are crash-safe; an unusable file is moved aside.
 */
import { AddrBookCore, type AddrBookCoreOptions } from './book-core.js';
import { encodeBookFile } from './book-file.js';
import { loadBookFile, saveBookFile, type CorruptFilePolicy, type LoadedBook } from './book-storage.js';
import type { AddrBookFileCorruptError, AddrBookFileUnreadableError } from '../errors.js';
import { DEFAULT_SAVE_INTERVAL_MS } from './params.js';

export interface AddrBookOptions extends AddrBookCoreOptions {
  /** addrbook.json path; without it the book lives in memory only. */
  filePath?: string;
  /** Periodic save interval (default 2 min); 0 saves only on stop() and save(). */
  saveIntervalMs?: number;
  /** What start() does with an unreadable or corrupt file: move it aside and start empty (default), or throw. */
  corruptFile?: CorruptFilePolicy;
}

/** What start() found wrong with the file, when it had to move it aside. */
export interface AddrBookLoadProblem {
  readonly error: AddrBookFileCorruptError | AddrBookFileUnreadableError;
  readonly movedTo: string;
}

export class AddrBook extends AddrBookCore {
  readonly filePath: string | undefined;
  private readonly saveIntervalMs: number;
  private readonly corruptFile: CorruptFilePolicy;
  private timer: NodeJS.Timeout | undefined;
  private saveChain: Promise<void> = Promise.resolve();
  private started = false;
  private problem: AddrBookLoadProblem | undefined;

  constructor(options: AddrBookOptions = {}) {
    super(options);
    this.filePath = options.filePath;
    this.saveIntervalMs = options.saveIntervalMs ?? DEFAULT_SAVE_INTERVAL_MS;
    this.corruptFile = options.corruptFile ?? 'quarantine';
  }

  get isRunning(): boolean {
    return this.started;
  }

  /** Set when start() found the file unusable and moved it aside. */
  get loadProblem(): AddrBookLoadProblem | undefined {
    return this.problem;
  }

  /** Loads the file (if any) and starts periodic saving. */
  async start(): Promise<void> {
    if (this.started) return;
    if (this.filePath !== undefined) {
      const outcome = await loadBookFile(this.filePath, this.corruptFile, this.logger, new Date(this.clock.now()));
      if (outcome.book) this.restore(outcome.book);
      if (outcome.problem && outcome.movedTo) this.problem = { error: outcome.problem, movedTo: outcome.movedTo };
      if (this.saveIntervalMs > 0) {
        this.timer = setInterval(() => {
          this.save().catch((error: Error) => this.logger.error('saving the address book failed', { error: error.message }));
        }, this.saveIntervalMs);
        this.timer.unref();
      }
    }
    this.started = true;
  }

  /** Stops periodic saving and writes the file one last time. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.save();
  }

  /** Writes the file now (saves are serialised, so the newest content always lands last). */
  save(): Promise<void> {
    const path = this.filePath;
    if (path === undefined) return Promise.resolve();
    const run = async () => {
      const text = encodeBookFile(this.key, this.table.lookup.values());
      await saveBookFile(path, text);
      this.logger.debug('saved address book', { file: path, size: this.size });
    };
    const next = this.saveChain.then(run, run);
    this.saveChain = next.catch(() => {});
    return next;
  }

  protected override persist(): Promise<void> {
    return this.save();
  }

  private restore(loaded: LoadedBook): void {
    if (this.table.size === 0) this.bookKey = loaded.key;
    let skipped = 0;
    for (const { ka, buckets } of loaded.entries) {
      if (this.table.lookup.has(ka.id) || this.bans.has(ka.id)) {
        skipped++;
        continue;
      }
      for (const index of buckets) this.table.place(ka, ka.bucketType, index);
    }
    this.logger.info('loaded address book', { file: this.filePath, size: this.size, skipped });
  }
}
