// Pure timing for the breathing and step players: where a session is, computed
// from the pattern and the elapsed time alone, so nothing drifts and every
// function here can be tested without a page.

const MS = 1000;

/** Length of one pass through the phases, in milliseconds. */
export function cycleMs(pattern) {
  return pattern.phases.reduce((total, phase) => total + phase.seconds * MS, 0);
}

/** Whole cycles that fit the chosen minutes best (at least one). */
export function cyclesFor(pattern, minutes) {
  return Math.max(1, Math.round((minutes * 60 * MS) / cycleMs(pattern)));
}

/** Length of the whole session, in milliseconds. */
export function totalMs(pattern) {
  return cycleMs(pattern) * (pattern.cycles || 1);
}

/**
 * Where the session is after elapsedMs of running time.
 * Returns {phaseIndex, phaseName, kind, remainingSeconds, remainingMs,
 * elapsedInPhaseMs, progress (0..1 through the phase), cycle (1-based), cycles, done}.
 */
export function phaseAt(pattern, elapsedMs) {
  const phases = pattern.phases;
  const cycles = pattern.cycles || 1;
  const cycle = cycleMs(pattern);
  const t = Math.max(0, elapsedMs);
  if (t >= cycle * cycles) {
    const lastIndex = phases.length - 1;
    return {
      phaseIndex: lastIndex, phaseName: phases[lastIndex].label, kind: phases[lastIndex].kind,
      remainingSeconds: 0, remainingMs: 0, elapsedInPhaseMs: phases[lastIndex].seconds * MS,
      progress: 1, cycle: cycles, cycles, done: true,
    };
  }
  const cycleIndex = Math.floor(t / cycle);
  let within = t - cycleIndex * cycle;
  let index = 0;
  while (index < phases.length - 1 && within >= phases[index].seconds * MS) {
    within -= phases[index].seconds * MS;
    index += 1;
  }
  const length = phases[index].seconds * MS;
  const remainingMs = Math.max(0, length - within);
  return {
    phaseIndex: index,
    phaseName: phases[index].label,
    kind: phases[index].kind,
    remainingSeconds: Math.ceil(remainingMs / MS),
    remainingMs,
    elapsedInPhaseMs: within,
    progress: Math.min(1, within / length),
    cycle: cycleIndex + 1,
    cycles,
    done: false,
  };
}

const ease = (x) => (1 - Math.cos(Math.PI * x)) / 2;

/**
 * How full the lungs are, 0..1, for drawing the circle: in-breaths fill in
 * proportion to their length (a sigh's top-up adds the last part), an
 * out-breath empties, a hold keeps the level.
 */
export function breathLevel(pattern, state) {
  if (state.done) return 0;
  const phases = pattern.phases;
  const inTotal = phases.filter((p) => p.kind === "in").reduce((t, p) => t + p.seconds, 0) || 1;
  let level = 0;
  for (let i = 0; i < state.phaseIndex; i += 1) {
    if (phases[i].kind === "in") level += phases[i].seconds / inTotal;
    if (phases[i].kind === "out") level = 0;
  }
  const phase = phases[state.phaseIndex];
  if (phase.kind === "in") return Math.min(1, level + (phase.seconds / inTotal) * ease(state.progress));
  if (phase.kind === "out") return level * (1 - ease(state.progress));
  return level;
}

/** A start time, pauses that add up, and the running time between: all read
 * from the clock, never counted from timer ticks. */
export function createStopwatch(now = () => performance.now()) {
  let startedAt = null;
  let pausedAt = null;
  let pausedTotal = 0;
  return {
    start() {
      startedAt = now();
      pausedAt = null;
      pausedTotal = 0;
    },
    pause() {
      if (startedAt !== null && pausedAt === null) pausedAt = now();
    },
    resume() {
      if (pausedAt === null) return;
      pausedTotal += now() - pausedAt;
      pausedAt = null;
    },
    elapsed() {
      if (startedAt === null) return 0;
      return (pausedAt ?? now()) - startedAt - pausedTotal;
    },
    get paused() {
      return pausedAt !== null;
    },
  };
}

/** "2:05" for 125 000 ms, rounded up so the last second still shows "0:01". */
export function formatClock(ms) {
  const seconds = Math.max(0, Math.ceil(ms / MS));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
