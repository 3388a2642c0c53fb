import type { GatePhase, GateProgress } from './report';

export type PhaseProgress = (message: string, pkg?: string) => void;

export interface ProgressClock {
  elapsed: () => number;
  phase(phase: GatePhase): PhaseProgress;
}

/** Progress callbacks per phase, each stamped with the time since the validation started. */
export function progressReporter(onProgress: ((progress: GateProgress) => void) | undefined, started = Date.now()): ProgressClock {
  return {
    elapsed: () => Date.now() - started,
    phase(phase: GatePhase): PhaseProgress {
      return (message, pkg) => onProgress?.({ phase, message, ...(pkg ? { package: pkg } : {}), elapsedMs: Date.now() - started });
    },
  };
}
