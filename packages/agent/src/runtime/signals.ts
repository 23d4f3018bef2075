import { constants } from 'node:os';

/** `SIGUSR1`, `usr1` or `10`, as `--stop-signal` and `docker kill -s` take them; null if unknown. */
export function parseSignal(name: string): NodeJS.Signals | number | null {
  if (/^\d{1,2}$/.test(name)) {
    const number = Number(name);
    return Object.values(constants.signals).includes(number) ? number : null;
  }
  const upper = name.toUpperCase();
  const full = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return full in constants.signals ? (full as NodeJS.Signals) : null;
}
