// `--help` for the commands whose own files do not answer it; cli.ts prints these before loading
// the command, so `switchyard <command> --help` never starts anything.

export const startHelp = `Usage: switchyard start [options]

Starts everything on this machine: migrates the database, starts the control plane, builds the
dashboard on first use and starts it, brings up a lab of hosts (network namespaces, each with an
agent) and prints the addresses. Ctrl-C stops it all and takes the lab down.

Options:
  --data-dir <dir>       where the database, keys and lab files live (default: $SWITCHYARD_DATA_DIR or <repo>/data)
  --port <port>          the control plane's port (default 7080)
  --web-port <port>      the dashboard's port (default 3000)
  --hosts <N>            lab hosts, 1-32 (default 3)
  --lab-prefix <name>    the lab's namespace prefix (default sy)
  --lab-subnet <cidr>    the lab's underlay (default 192.168.99.0/24)
  --docker-api <unix:///path|off>
                         the Docker Engine API's root-only socket (default <data dir>/docker.sock)
  --docker-tls <host:port|off>
                         the Engine API over TLS for client bundles (default 0.0.0.0:2376)
  -h, --help             this help`;

export const controlPlaneHelp = `Usage: switchyard control-plane [options]

Runs only the control plane (tRPC API, agent hub, Docker Engine API) in the foreground, until
Ctrl-C or SIGTERM.

Options:
  --data-dir <dir>       where the database and keys live (default: $SWITCHYARD_DATA_DIR or <repo>/data)
  --port <port>          the port (default 7080)
  --host <address>       the address it binds (default 0.0.0.0)
  --docker-api <unix:///path|off>
                         the Engine API's root-only socket (default <data dir>/docker.sock)
  --docker-tls <host:port|off>
                         the Engine API over TLS (default 0.0.0.0:2376)
  -h, --help             this help`;

export const execHelp = `Usage: switchyard exec [--data-dir <dir>] <container> -- <command> [args...]

Runs <command> inside a container's sandbox (its network namespace), through the control plane
running for the data dir, and prints its output; exits with the command's exit code.`;

export const doctorHelp = `Usage: switchyard doctor

Checks that this machine has what Switchyard needs (root, Node.js, iproute2, nftables, HAProxy,
containerd, ...) and says how to get what is missing. Exits 1 when something required is missing.`;

/** `--help` or `-h` among a command's own options (not after `--`, where the arguments are another program's). */
export function asksForHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}
