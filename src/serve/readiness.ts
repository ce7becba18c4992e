// What /readyz asks before it says "ready": each part of the server that can fail on its own (the
// log writer, the registry, each champion's artifact) registers a named probe that says what is
// wrong, or nothing when all is well.

/** One reason the server is not ready, as /readyz lists it. */
export interface ReadinessProblem {
  /** The part that failed: 'log', 'registry', 'model:<name>', … */
  readonly check: string;
  /** What is wrong and, where it helps, what to do, in one sentence. */
  readonly problem: string;
}

/** Says what is wrong with its part, or undefined when the part is fine. Must be quick and never throw. */
export type ReadinessProbe = () => string | undefined;

export class Readiness {
  private readonly probes = new Map<string, ReadinessProbe>();

  /** Adds (or replaces) the probe for one part. */
  add(check: string, probe: ReadinessProbe): void {
    this.probes.set(check, probe);
  }

  remove(check: string): void {
    this.probes.delete(check);
  }

  /** Every part's problem now, in the order the probes were added; a probe that throws counts as its problem. */
  problems(): ReadinessProblem[] {
    const found: ReadinessProblem[] = [];
    for (const [check, probe] of this.probes) {
      let problem: string | undefined;
      try {
        problem = probe();
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (problem !== undefined) found.push({ check, problem });
    }
    return found;
  }
}
