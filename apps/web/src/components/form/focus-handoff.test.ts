import { describe, expect, it, vi } from 'vitest';
import { handOverFocus, takeFocus } from './focus-handoff';

const element = () => ({ focus: vi.fn() }) as unknown as HTMLElement & { focus: ReturnType<typeof vi.fn> };

describe('focus hand-over', () => {
  it('focuses the next instance once, and only under the same key', () => {
    handOverFocus('service-update-a');
    const other = element();
    takeFocus('service-update-b')(other);
    expect(other.focus).not.toHaveBeenCalled();

    const next = element();
    takeFocus('service-update-a')(next);
    expect(next.focus).toHaveBeenCalledTimes(1);

    const later = element();
    takeFocus('service-update-a')(later);
    expect(later.focus).not.toHaveBeenCalled();
  });

  it('ignores the detach call React makes with null', () => {
    handOverFocus('scale-a');
    takeFocus('scale-a')(null);
    const next = element();
    takeFocus('scale-a')(next);
    expect(next.focus).toHaveBeenCalledTimes(1);
  });
});
