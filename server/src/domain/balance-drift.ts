/**
 * Balance drift: the bank's balance of an account against the closing balance of its
 * journal's latest statement, after a run. One rule for what is stored and when it clears.
 */
export interface DriftState {
  /** Bank minus statements, minor units; null when they agree. */
  driftAmount: string | null;
  driftSinceRunId: number | null;
  driftSinceAt: Date | null;
  balanceAgreedAt: Date | null;
}

export interface DriftCheck {
  bankBalance: bigint;
  statementsBalance: bigint;
  runId: number;
  now: Date;
}

/**
 * The state after a check: a drift keeps the run that first found it (even when its amount
 * changes); agreement clears it and records when they last agreed.
 */
export function nextDriftState(previous: DriftState, check: DriftCheck): DriftState {
  const difference = check.bankBalance - check.statementsBalance;
  if (difference === 0n) {
    return { driftAmount: null, driftSinceRunId: null, driftSinceAt: null, balanceAgreedAt: check.now };
  }
  const ongoing = previous.driftAmount !== null && previous.driftSinceRunId !== null;
  return {
    driftAmount: difference.toString(),
    driftSinceRunId: ongoing ? previous.driftSinceRunId : check.runId,
    driftSinceAt: ongoing ? previous.driftSinceAt : check.now,
    balanceAgreedAt: previous.balanceAgreedAt,
  };
}

/** A run brought no line while the bank's balance moved since the last check. */
export function balanceMovedWithoutLines(previousBank: bigint | null, bank: bigint, newLines: number): boolean {
  return previousBank !== null && previousBank !== bank && newLines === 0;
}
