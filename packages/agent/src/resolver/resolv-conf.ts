import type { DesiredSandbox } from '@switchyard/contracts';

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
}

export const embeddedAddress = '127.0.0.11';

export function parseResolvConf(text: string): ResolvConf {
  const parsed: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const line of text.split('\n')) {
    const [keyword, ...values] = line
      .replace(/[#;].*$/, '')
      .trim()
      .split(/\s+/);
    if (keyword === 'nameserver' && values[0] !== undefined) parsed.nameservers.push(values[0]);
    // The last search or domain line wins, as in libc.
    else if (keyword === 'search' || keyword === 'domain') parsed.search = values;
    else if (keyword === 'options') parsed.options.push(...values);
  }
  return parsed;
}

function render(conf: ResolvConf): string {
  const lines = conf.nameservers.map((server) => `nameserver ${server}`);
  if (conf.search.length > 0) lines.push(`search ${conf.search.join(' ')}`);
  if (conf.options.length > 0) lines.push(`options ${conf.options.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The sandbox's /etc/resolv.conf, as Docker writes it: the embedded resolver for sandboxes on
 * user-defined networks; otherwise `--dns` or the host's own servers, minus loopback ones that
 * cannot be reached from another namespace. `--dns-search` replaces the host's search list.
 */
export function renderSandboxResolvConf(sandbox: DesiredSandbox, host: ResolvConf): string {
  const search = sandbox.dns.search.length > 0 ? sandbox.dns.search : host.search;
  if (sandbox.dns.embedded) return render({ nameservers: [embeddedAddress], search, options: ['ndots:0'] });
  const servers = sandbox.dns.servers.length > 0 ? sandbox.dns.servers : host.nameservers;
  return render({
    nameservers: servers.filter((server) => !server.startsWith('127.')),
    search,
    options: host.options,
  });
}

/** The sandbox's /etc/hosts: localhost, and its own hostname at its first address. */
export function renderHosts(sandbox: DesiredSandbox): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  const first = sandbox.endpoints[0];
  if (first !== undefined) lines.push(`${first.address}\t${sandbox.hostname}`);
  return `${lines.join('\n')}\n`;
}
