/** Docker's overlay and macvlan option keys, as `docker network create -o` and `inspect` spell them. */
export const overlayOptions = {
  encrypted: 'encrypted',
} as const;

export const macvlanOptions = {
  parent: 'parent',
  mode: 'macvlan_mode',
} as const;

export const macvlanModes = ['bridge', 'private', 'vepa', 'passthru'] as const;
export type MacvlanMode = (typeof macvlanModes)[number];
