import { Batch, isBatched } from './canvas-batch';
import { isShown, itemState, type Emphasis, type ItemState } from '../layout/topology-emphasis';
import { animating, changeAt, opacityAt, pruneFades, trackFades, type Fades } from './topology-fades';
import type { Box, Label, Point, SceneItem } from '../layout/topology-scene';
import { brokenMark, brokenMarkRadius, intersects } from '../layout/topology-scene';
import { tokens, type Token } from '../layout/tokens';
import { activeEdgeStyle, shapeStyle, type ShapeStyle } from './topology-style';
import { identity, visibleWorld, type ZoomState } from '../layout/topology-zoom';

type Palette = Record<Token, string> & { font: string; mono: string };

/** The console's colours and fonts as the page resolves them now (light or dark). */
function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const colours = Object.fromEntries(tokens.map((token) => [token, read(`--${token}`, '#888')])) as Record<
    Token,
    string
  >;
  return { ...colours, font: read('--font', 'sans-serif'), mono: read('--mono', 'monospace') };
}

/** Below this many screen pixels a text is unreadable: skipped, which keeps a zoomed-out map fast. */
const minimumTextPixels = 4.5;
const dimmed = 0.16;

/**
 * The canvas painter for large maps: draws the scene on requestAnimationFrame, only when something
 * changed (scene, emphasis, zoom, size, theme) or while objects fade, culling what is out of view.
 */
export class CanvasRenderer {
  private readonly context: CanvasRenderingContext2D;
  private items: readonly SceneItem[] = [];
  private fades: Fades | null = null;
  private emphasis: Emphasis = { shown: null, matches: null, focus: new Set() };
  private zoom: ZoomState = identity;
  private palette: Palette;
  private size = { width: 0, height: 0 };
  private frame: number | null = null;
  /** The context's font now: setting it is costly, and most labels share one. */
  private font = '';
  private readonly resize: ResizeObserver;
  private readonly theme: MutationObserver;
  private readonly scheme: MediaQueryList;
  private readonly repaint = (): void => {
    this.palette = readPalette();
    this.invalidate();
  };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onDrawn: () => void,
  ) {
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('this browser cannot draw on a canvas');
    this.context = context;
    this.palette = readPalette();
    this.resize = new ResizeObserver(([entry]) => {
      if (!entry) return;
      this.size = { width: entry.contentRect.width, height: entry.contentRect.height };
      this.invalidate();
    });
    this.resize.observe(canvas);
    this.theme = new MutationObserver(this.repaint);
    this.theme.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class'],
    });
    this.scheme = window.matchMedia('(prefers-color-scheme: dark)');
    this.scheme.addEventListener('change', this.repaint);
  }

  dispose(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.theme.disconnect();
    this.scheme.removeEventListener('change', this.repaint);
  }

  setItems(items: readonly SceneItem[]): void {
    if (items === this.items) return;
    this.items = items;
    this.fades = trackFades(this.fades, items, performance.now());
    this.invalidate();
  }

  setEmphasis(emphasis: Emphasis): void {
    this.emphasis = emphasis;
    this.invalidate();
  }

  setZoom(zoom: ZoomState): void {
    this.zoom = zoom;
    this.invalidate();
  }

  private invalidate = (): void => {
    if (this.frame === null) this.frame = requestAnimationFrame(this.draw);
  };

  private draw = (): void => {
    this.frame = null;
    const now = performance.now();
    const { context, canvas, size, zoom } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(size.width * ratio);
    const height = Math.round(size.height * ratio);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, width, height);
    this.font = context.font;
    if (this.fades === null) return;
    context.setTransform(ratio * zoom.k, 0, 0, ratio * zoom.k, ratio * zoom.x, ratio * zoom.y);
    const view = visibleWorld(zoom, size);
    let batch = null as Batch | null;
    for (const fade of this.fades.values()) {
      const { item } = fade;
      if (!isShown(item, this.emphasis.shown) || !intersects(item.box, view)) continue;
      const state = fade.leftAt === null ? itemState(item, this.emphasis) : 'normal';
      const opacity = opacityAt(fade, now) * (state === 'dim' ? dimmed : 1);
      const change = fade.previous === null ? 1 : changeAt(fade, now);
      if (isBatched(item) && state !== 'focus' && state !== 'match' && change === 1) {
        if (batch?.kind !== item.kind) {
          if (batch) this.flush(batch);
          batch = new Batch(item.kind);
        }
        batch.add(item, shapeStyle(item), opacity);
        continue;
      }
      if (batch) this.flush(batch);
      batch = null;
      if (fade.previous !== null && change < 1) this.drawItem(fade.previous, state, opacity * (1 - change));
      this.drawItem(item, state, opacity * change);
    }
    if (batch) this.flush(batch);
    if (this.items.length > 0) this.onDrawn();
    if (animating(this.fades, now)) this.invalidate();
    else this.fades = pruneFades(this.fades, now);
  };

  private flush(batch: Batch): void {
    const { context, palette } = this;
    for (const { style, opacity, path } of batch.groups.values()) {
      if (style.fill !== null) {
        context.globalAlpha = opacity;
        context.fillStyle = palette[style.fill];
        context.fill(path);
      }
      this.stroke(style, opacity);
      context.stroke(path);
    }
    context.fillStyle = palette.ok;
    for (const { at, opacity } of batch.dots) {
      context.globalAlpha = opacity;
      context.beginPath();
      context.arc(at.x, at.y, 2.5, 0, 2 * Math.PI);
      context.fill();
    }
    for (const { label, opacity } of batch.labels) this.text(label, opacity);
  }

  private stroke(style: ShapeStyle, opacity: number): void {
    const { context } = this;
    context.globalAlpha = opacity * style.opacity;
    context.strokeStyle = this.palette[style.stroke];
    context.lineWidth = style.lineWidth;
    context.setLineDash(style.dash ?? []);
  }

  private shape(style: ShapeStyle, opacity: number, path: () => void): void {
    const { context } = this;
    context.beginPath();
    path();
    if (style.fill !== null) {
      context.globalAlpha = opacity;
      context.fillStyle = this.palette[style.fill];
      context.fill();
    }
    this.stroke(style, opacity);
    context.stroke();
  }

  private rect(box: Box, radius: number): () => void {
    return () =>
      this.context.roundRect(box.x, box.y, box.width, box.height, Math.min(radius, box.height / 2));
  }

  private text(label: Label, opacity: number): void {
    if (label.size * this.zoom.k < minimumTextPixels || label.text === '') return;
    const { context, palette } = this;
    context.globalAlpha = opacity;
    const font = `${label.weight} ${label.size}px ${label.face === 'mono' ? palette.mono : palette.font}`;
    if (font !== this.font) {
      context.font = font;
      this.font = font;
    }
    context.textAlign = label.anchor === 'middle' ? 'center' : label.anchor === 'end' ? 'right' : 'left';
    context.textBaseline = 'alphabetic';
    if (label.halo !== null) {
      context.setLineDash([]);
      context.lineWidth = 3;
      context.lineJoin = 'round';
      context.strokeStyle = palette[label.halo];
      context.strokeText(label.text, label.x, label.y);
    }
    context.fillStyle = palette[label.tone];
    context.fillText(label.text, label.x, label.y);
  }

  private curve(from: Point, to: Point): () => void {
    return () => {
      const middle = (from.y + to.y) / 2;
      this.context.moveTo(from.x, from.y);
      this.context.bezierCurveTo(from.x, middle, to.x, middle, to.x, to.y);
    };
  }

  private line(from: Point, to: Point): () => void {
    return () => {
      this.context.moveTo(from.x, from.y);
      this.context.lineTo(to.x, to.y);
    };
  }

  private drawItem(item: SceneItem, state: ItemState, opacity: number): void {
    if (opacity <= 0.01) return;
    const base = shapeStyle(item);
    const style = state === 'focus' && item.ends.length > 1 ? activeEdgeStyle(base) : base;
    const ring = state === 'focus' || state === 'match';
    switch (item.kind) {
      case 'host':
        this.shape(style, opacity, this.rect(item.box, style.radius));
        this.text(item.title, opacity);
        this.text(item.subtitle, opacity);
        break;
      case 'network':
        this.shape(style, opacity, this.rect(item.pill, style.radius));
        this.text(item.label, opacity);
        this.text(item.sublabel, opacity);
        break;
      case 'span':
        this.shape(style, opacity, this.rect(item.box, style.radius));
        this.text(item.label, opacity);
        break;
      case 'vtep':
        this.shape(style, opacity, this.rect(item.badge, style.radius));
        this.text(item.label, opacity);
        break;
      case 'tunnel':
        this.shape(style, opacity, this.line(item.from, item.to));
        break;
      case 'link':
        this.shape(style, opacity, () => {
          for (const [index, point] of item.points.entries())
            if (index === 0) this.context.moveTo(point.x, point.y);
            else this.context.lineTo(point.x, point.y);
        });
        if (state === 'focus' && item.addressLabel) this.text(item.addressLabel, opacity);
        break;
      case 'task':
        this.shape(style, opacity, () => {
          this.curve(item.from, item.to)();
          for (const point of item.tail) this.context.lineTo(point.x, point.y);
        });
        break;
      case 'meshLink':
        this.shape(style, opacity, this.curve(item.from, item.to));
        this.text(item.label, opacity);
        break;
      case 'container':
        this.shape(style, opacity, () => this.context.arc(item.cx, item.cy, item.r, 0, 2 * Math.PI));
        if (item.task) {
          this.context.beginPath();
          this.context.arc(item.cx, item.cy, 2.5, 0, 2 * Math.PI);
          this.context.fillStyle = this.palette.ok;
          this.context.fill();
        }
        this.text(item.label, opacity);
        if (item.ports) this.text(item.ports, opacity);
        break;
      case 'service':
        this.shape(style, opacity, this.rect(item.box, style.radius));
        this.text(item.title, opacity);
        this.text(item.replicasLabel, opacity);
        for (const line of item.lines) this.text(line, opacity);
        break;
      case 'mesh':
        this.shape(style, opacity, this.rect(item.box, style.radius));
        this.text(item.label, opacity);
        break;
    }
    const mark = brokenMark(item);
    if (mark !== null) {
      const { context, palette } = this;
      context.globalAlpha = opacity;
      context.beginPath();
      context.arc(mark.x, mark.y, brokenMarkRadius, 0, 2 * Math.PI);
      context.fillStyle = palette.bad;
      context.fill();
      this.text(
        {
          x: mark.x,
          y: mark.y + 3.5,
          text: '!',
          anchor: 'middle',
          size: 9.5,
          face: 'sans',
          weight: 600,
          tone: 'surface',
          halo: null,
        },
        opacity,
      );
    }
    if (ring && item.ends.length === 1 && item.kind !== 'host') {
      this.stroke({ ...base, stroke: 'accent', lineWidth: 2, dash: null, opacity: 1 }, opacity);
      this.context.beginPath();
      this.rect(
        { x: item.box.x - 2, y: item.box.y - 2, width: item.box.width + 4, height: item.box.height + 4 },
        6,
      )();
      this.context.stroke();
    }
  }
}
