/** The part of the agent's socket.io connection that runtime requests are handled on. */
export interface RuntimeChannel {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

/** The acknowledgement of a request, when the sender asked for one. */
export function replyOf<Response>(reply: unknown): ((response: Response) => void) | undefined {
  return typeof reply === 'function' ? (reply as (response: Response) => void) : undefined;
}

export const firstIssue = (error: { issues: { message: string }[] }): string =>
  error.issues[0]?.message ?? 'invalid';
