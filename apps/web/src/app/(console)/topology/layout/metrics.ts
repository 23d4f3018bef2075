/** World units (pixels at zoom 1). Fixed cells: a label can never reach into its neighbour's. */
export const metrics = {
  cellWidth: 112,
  cellHeight: 58,
  hostPadding: 14,
  headerHeight: 46,
  railHeight: 46,
  vtepRowHeight: 34,
  /** A VTEP badge: tall enough for its VNI, at least this wide, no wider than the widest. */
  vtepHeight: 16,
  vtepMinStep: 34,
  vtepMaxStep: 120,
  hostGap: 36,
  laneGap: 26,
  laneHeight: 30,
  bandHeight: 22,
  serviceWidth: 236,
  serviceHeight: 62,
  serviceRowHeight: 80,
  servicesGap: 56,
  meshGap: 52,
  /** How far above its host a task's edge turns down into the host. */
  taskEntry: 14,
  meshHeight: 30,
  containerRadius: 9,
  /** Between two buses (and two gutters) of endpoints. */
  busGap: 4,
} as const;

/** One host's width: its grid of `columns` cells and the padding around it. */
export const hostWidth = (columns: number) => columns * metrics.cellWidth + 2 * metrics.hostPadding;
