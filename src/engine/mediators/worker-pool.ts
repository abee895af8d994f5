/**
 * Run `task(0)` … `task(count - 1)` with at most `limit` running at once, in index order.
 * A task that throws, or returns true, stops new tasks from starting; the running ones are
 * waited for, then the first error (if any) is rethrown.
 */
export async function runPool(count: number, limit: number, task: (index: number) => unknown): Promise<void> {
  let next = 0;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!stopped && next < count) {
      const index = next++;
      try {
        if ((await task(index)) === true) stopped = true;
      } catch (error) {
        failure ??= { error };
        stopped = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  if (failure) throw failure.error;
}
