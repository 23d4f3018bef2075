/**
 * Forms that remount when their object changes (keyed by its version, as a service's update and scale
 * forms are) would drop keyboard focus on success: the instance that had it is gone. The old instance
 * hands focus over by key, and the new one's submit button takes it as it mounts.
 */
const handedOver = new Set<string>();

export function handOverFocus(key: string): void {
  handedOver.add(key);
}

/** A ref callback: focuses the element if focus was handed over under this key. */
export function takeFocus(key: string): (element: HTMLElement | null) => void {
  return (element) => {
    if (element !== null && handedOver.delete(key)) element.focus();
  };
}
