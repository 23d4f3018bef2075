/**
 * Refreshes on request, never more than one at a time: requests while one runs make exactly one more
 * run after it, no sooner than `spacingMs` after the last one started. A burst of changes costs a few
 * fetches and redraws a second, and the last change is always fetched (a refetch that restarts on
 * every change would show nothing until the burst ends).
 */
export function coalescedRefresh(run: () => Promise<unknown>, spacingMs = 0): { request: () => void } {
  let running = false;
  let again = false;
  let startedAt = -Infinity;
  const start = () => {
    running = true;
    again = false;
    startedAt = Date.now();
    void run()
      .catch(() => undefined)
      .finally(() => {
        if (!again) {
          running = false;
          return;
        }
        setTimeout(start, Math.max(0, startedAt + spacingMs - Date.now()));
      });
  };
  return {
    request() {
      if (running) again = true;
      else start();
    },
  };
}
