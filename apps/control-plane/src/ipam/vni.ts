import { ServiceError } from '../errors.js';

/** Docker hands VXLAN ids out from 256 upward; lower ones are left for fixed assignments. */
export const firstDynamicVni = 256;
export const maxVni = 16_777_215;

/**
 * The VNI of a new overlay: the fixed one asked for (`vxlanid_list`), refused when another network
 * holds it, else the lowest free one from 256. `used` maps the VNIs of live networks to their names,
 * so an id is never shared while its network lives.
 */
export function allocateVni(
  used: ReadonlyMap<number, string>,
  fixed: number | undefined,
  field: string,
): number {
  if (fixed !== undefined) {
    const holder = used.get(fixed);
    if (holder !== undefined) {
      throw new ServiceError('CONFLICT', `VNI ${fixed} is already in use by network ${holder}`, field);
    }
    return fixed;
  }
  for (let vni = firstDynamicVni; vni <= maxVni; vni += 1) if (!used.has(vni)) return vni;
  throw new ServiceError('CONFLICT', 'no VXLAN id left to allocate', field);
}
