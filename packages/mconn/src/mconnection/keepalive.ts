/**
 * Ping/pong keepalive: a ping every pingIntervalMs (other traffic does not
 * reset it); after a ping, a pong must arrive within pongTimeoutMs.
 */
export class Keepalive {
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly pingIntervalMs: number,
    private readonly pongTimeoutMs: number,
    private readonly sendPing: () => void,
    private readonly onPongTimeout: () => void,
  ) {}

  start(): void {
    this.pingTimer ??= setInterval(() => {
      this.sendPing();
      if (this.pongTimer === undefined) this.armPongTimer();
    }, this.pingIntervalMs);
  }

  /** (Re)starts the pong deadline from now. */
  armPongTimer(): void {
    clearTimeout(this.pongTimer);
    this.pongTimer = setTimeout(() => {
      this.pongTimer = undefined;
      this.onPongTimeout();
    }, this.pongTimeoutMs);
  }

  pongReceived(): void {
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  stop(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pingTimer = undefined;
    this.pongTimer = undefined;
  }
}
