const controls =
  'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** Puts focus on the first control inside `root`: where a panel or an inline editor that just opened starts. */
export function focusFirstControl(root: HTMLElement | null): void {
  root?.querySelector<HTMLElement>(controls)?.focus();
}
