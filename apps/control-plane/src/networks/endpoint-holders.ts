/**
 * Who holds a network's endpoints, for Docker's "has active endpoints" refusal, which names none:
 * the first few, then how many more, so the operator knows what to stop or disconnect.
 */
export function endpointHolders(
  endpoints: { sandbox: { name: string; task: { id: string } | null } }[],
): string {
  const shown = 3;
  const names = endpoints
    .slice(0, shown)
    .map(({ sandbox }) => `${sandbox.task === null ? 'container' : 'task'} ${sandbox.name}`);
  const more = endpoints.length - shown;
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
}
