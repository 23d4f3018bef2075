/**
 * Set inside every new sandbox, as Docker does: any user may ping, and any user may bind ports
 * below 1024 (the sandbox has its own port space).
 */
export const sandboxSysctls: Record<string, string> = {
  'net.ipv4.ping_group_range': '0 2147483647',
  'net.ipv4.ip_unprivileged_port_start': '0',
};
