/** Commands a path step may end with, as the operator would type them on the host. */
const commandStart = /: ((?:ip|bridge|nft|sysctl|docker) .*)$/;

/**
 * A step's sentence and the command that fixes it (after the last `: `), so the command can be
 * shown as code on its own line; null when the sentence names no fix.
 */
export function splitFix(message: string): { text: string; fix: string | null } {
  const match = commandStart.exec(message);
  if (match === null || match[1] === undefined) return { text: message, fix: null };
  return { text: message.slice(0, match.index + 1), fix: match[1] };
}
