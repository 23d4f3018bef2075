import { randomBytes } from 'node:crypto';

/** 64 hex digits, as Docker's network, container and endpoint ids. */
export function newDockerId(): string {
  return randomBytes(32).toString('hex');
}
