/** One figure with its name, e.g. "Na fila 3"; `testId` lets browser tests read the value. */
export function Stat({ label, value, hint, testId }: { label: string; value: string | number; hint?: string; testId?: string }) {
  return (
    <div class="rounded-md border border-line px-3 py-2">
      <dt class="text-xs text-muted">{label}</dt>
      <dd class="text-2xl font-semibold tabular-nums" data-testid={testId}>{value}</dd>
      {hint !== undefined && <dd class="text-xs text-muted">{hint}</dd>}
    </div>
  );
}
