/** nft 1.0.6 needs `;` after a rule that is directly followed by `}`. */
export function chain(name: string, hook: string | undefined, rules: readonly string[]): string {
  const lines = [...(hook === undefined ? [] : [hook]), ...rules];
  const body = lines.map(
    (line, i) => `\t\t${line}${i === lines.length - 1 && !line.endsWith(';') ? ';' : ''}\n`,
  );
  return `\tchain ${name} {\n${body.join('')}\t}\n`;
}
