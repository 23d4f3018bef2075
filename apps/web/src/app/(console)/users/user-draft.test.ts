import { describe, expect, it } from 'vitest';
import { emptyUserDraft, isRole, validateUserDraft } from './user-draft';

describe('the create-user draft', () => {
  it('checks the username and password as the server does', () => {
    expect([...validateUserDraft(emptyUserDraft()).keys()]).toEqual(['username', 'password']);
    const errors = validateUserDraft({ username: 'Bad Name', password: 'short', role: 'viewer' });
    expect(errors.get('username')).toContain('lower-case');
    expect(errors.get('password')).toBe('must be at least 12 characters');
    expect(validateUserDraft({ username: 'alice', password: 'twelve chars', role: 'operator' }).size).toBe(0);
  });

  it('takes only the three roles', () => {
    expect(['viewer', 'operator', 'admin'].every(isRole)).toBe(true);
    expect(isRole('root')).toBe(false);
  });
});
