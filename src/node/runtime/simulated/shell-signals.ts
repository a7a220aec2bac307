/** The signals a simulated script can name, with their Linux numbers. */
export const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15 };

/** A signal as trap names it (TERM, SIGTERM, 15) → its name without SIG, or undefined. */
export function signalName(spec: string): string | undefined {
  const name = spec.replace(/^SIG/i, "").toUpperCase();
  if (SIGNAL_NUMBERS[name] !== undefined) return name;
  return Object.keys(SIGNAL_NUMBERS).find((k) => String(SIGNAL_NUMBERS[k]) === name);
}

/** Applies `trap ACTION SIGNAL…` to a table of traps ('' ignores the signal, - restores the default). */
export function applyTrap(traps: Map<string, string>, args: readonly string[]): void {
  const [action, ...signals] = args;
  if (action === undefined) return;
  for (const spec of signals) {
    const name = signalName(spec);
    if (!name) continue;
    if (action === "-") traps.delete(name);
    else traps.set(name, action);
  }
}
