/** Resolves on the first SIGINT or SIGTERM, so a command can clean up before it exits. */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function printAdminPassword(password: string | null): void {
  if (password === null) return;
  console.log(
    [
      '',
      'First start: created the user "admin" with this password (shown once, stored only as a hash):',
      '',
      `    ${password}`,
      '',
      'Set SWITCHYARD_ADMIN_PASSWORD before the first start to choose it yourself.',
      '',
    ].join('\n'),
  );
}
