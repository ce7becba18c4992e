// A time budget for work that must finish by a deadline: how much is left, and whether a step
// of a given estimated length still fits.

export class Budget {
  private readonly start = performance.now();
  private readonly totalMs: number;

  constructor(seconds: number) {
    this.totalMs = seconds * 1000;
  }

  get elapsedSeconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  get totalSeconds(): number {
    return this.totalMs / 1000;
  }

  /** Seconds left (negative once over). */
  get remainingSeconds(): number {
    return (this.totalMs - (performance.now() - this.start)) / 1000;
  }

  /** Whether a step estimated at `seconds` ends before the deadline, keeping `reserveSeconds` spare. */
  fits(seconds: number, reserveSeconds = 0): boolean {
    return seconds <= this.remainingSeconds - reserveSeconds;
  }
}
