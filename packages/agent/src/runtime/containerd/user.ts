/** A container's user as the runtime spec needs it. */
export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

export type UserResolution = ({ ok: true } & ResolvedUser) | { ok: false; error: string };

interface Entry {
  name: string;
  id: number;
  rest: string[];
}

function entries(file: string): Entry[] {
  return file
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [name = '', , id = '', ...rest] = line.split(':');
      return { name, id: Number(id), rest };
    })
    .filter((entry) => entry.name !== '' && Number.isInteger(entry.id) && entry.id >= 0);
}

const numeric = (value: string) => /^\d+$/.test(value);

/**
 * Docker's rules for `-u` / USER against the image's /etc/passwd and /etc/group: `uid`, `uid:gid`,
 * `name` or `name:group`; a numeric uid absent from passwd runs with gid 0, a name must exist. The
 * primary group's members' other groups become additional gids. Empty: root.
 */
export function resolveUser(user: string, passwd: string, group: string): UserResolution {
  const [userPart = '', groupPart] = user === '' ? ['0'] : user.split(':', 2);
  const users = entries(passwd);
  const groups = entries(group);
  let uid: number;
  let gid = 0;
  let name: string | undefined;
  if (numeric(userPart)) {
    uid = Number(userPart);
    const found = users.find((entry) => entry.id === uid);
    if (found !== undefined) {
      name = found.name;
      gid = Number(found.rest[0] ?? 0);
    }
  } else {
    const found = users.find((entry) => entry.name === userPart);
    if (found === undefined) return { ok: false, error: `no user "${userPart}" in the image's /etc/passwd` };
    uid = found.id;
    name = found.name;
    gid = Number(found.rest[0] ?? 0);
  }
  if (groupPart !== undefined && groupPart !== '') {
    if (numeric(groupPart)) gid = Number(groupPart);
    else {
      const found = groups.find((entry) => entry.name === groupPart);
      if (found === undefined)
        return { ok: false, error: `no group "${groupPart}" in the image's /etc/group` };
      gid = found.id;
    }
  }
  const additionalGids =
    name === undefined
      ? []
      : groups
          .filter((entry) => entry.id !== gid && (entry.rest[0] ?? '').split(',').includes(name))
          .map((entry) => entry.id);
  return { ok: true, uid, gid: Number.isInteger(gid) ? gid : 0, additionalGids };
}
