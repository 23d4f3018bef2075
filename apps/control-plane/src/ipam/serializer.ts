/**
 * Runs tasks one at a time, in arrival order. Allocation reads what is taken and writes what it
 * took; serialising those transactions is what keeps two requests from taking the same subnet,
 * address or port (the unique constraints are the backstop).
 */
export class Serializer {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
