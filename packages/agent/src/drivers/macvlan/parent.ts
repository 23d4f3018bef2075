/** A macvlan parent such as `eth0`, or `eth0.10`: an 802.1Q sub-interface of `eth0` for VLAN 10. */
export interface ParentName {
  name: string;
  vlan: { base: string; id: number } | undefined;
}

export function parseParent(parent: string): ParentName {
  const match = /^(.+)\.(\d+)$/.exec(parent);
  const id = Number(match?.[2]);
  if (match?.[1] === undefined || !(id >= 1 && id <= 4094)) return { name: parent, vlan: undefined };
  return { name: parent, vlan: { base: match[1], id } };
}
