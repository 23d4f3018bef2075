import { describe, expect, it } from 'vitest';
import { resolveUser } from './user.js';

const passwd =
  'root:x:0:0:root:/root:/bin/sh\nweb:x:101:102:web:/home/web:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n';
const group = 'root:x:0:\nwww:x:102:\nlogs:x:200:web,other\nnogroup:x:65534:\n';

describe('resolveUser', () => {
  it('is root when empty', () => {
    expect(resolveUser('', passwd, group)).toEqual({ ok: true, uid: 0, gid: 0, additionalGids: [] });
  });

  it('reads a name from passwd, its primary group, and the groups listing it', () => {
    expect(resolveUser('web', passwd, group)).toEqual({
      ok: true,
      uid: 101,
      gid: 102,
      additionalGids: [200],
    });
  });

  it('takes numbers as given, a uid absent from passwd with gid 0', () => {
    expect(resolveUser('1234', passwd, group)).toEqual({ ok: true, uid: 1234, gid: 0, additionalGids: [] });
    expect(resolveUser('1234:77', passwd, group)).toEqual({
      ok: true,
      uid: 1234,
      gid: 77,
      additionalGids: [],
    });
    expect(resolveUser('65534', passwd, group)).toMatchObject({ uid: 65534, gid: 65534 });
  });

  it('resolves name:group and uid:group', () => {
    expect(resolveUser('web:www', passwd, group)).toMatchObject({ uid: 101, gid: 102 });
    expect(resolveUser('0:logs', passwd, group)).toMatchObject({ uid: 0, gid: 200 });
  });

  it('names what is missing', () => {
    expect(resolveUser('ghost', passwd, group)).toEqual({
      ok: false,
      error: 'no user "ghost" in the image\'s /etc/passwd',
    });
    expect(resolveUser('web:ghosts', passwd, group)).toEqual({
      ok: false,
      error: 'no group "ghosts" in the image\'s /etc/group',
    });
    expect(resolveUser('web', '', '')).toMatchObject({ ok: false });
  });
});
