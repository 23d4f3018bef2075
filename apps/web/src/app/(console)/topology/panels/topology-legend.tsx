import type { ReactNode } from 'react';
import {
  containerStyle,
  cssVar,
  hostStyle,
  linkStyle,
  meshLinkStyle,
  meshStyle,
  networkStyle,
  serviceStyle,
  spanStyle,
  taskStyle,
  tunnelStyle,
  vtepStyle,
  type ShapeStyle,
} from '../painters/topology-style';

const paint = (style: ShapeStyle) => ({
  fill: style.fill === null ? 'none' : cssVar(style.fill),
  stroke: cssVar(style.stroke),
  strokeWidth: style.lineWidth,
  strokeDasharray: style.dash?.join(' '),
  opacity: style.opacity,
});

function Swatch({ width = 34, children }: { width?: number; children: ReactNode }) {
  return (
    <svg width={width} height="18" aria-hidden="true">
      {children}
    </svg>
  );
}

const box = (style: ShapeStyle, width: number, height: number) => (
  <rect
    x="1.5"
    y={(18 - height) / 2}
    width={width - 3}
    height={height}
    rx={Math.min(style.radius, height / 2)}
    style={paint(style)}
  />
);

const line = (style: ShapeStyle) => <line x1="2" y1="9" x2="30" y2="9" style={paint(style)} />;

const containerEntry = (status: Parameters<typeof containerStyle>[0], label: string): [ReactNode, string] => [
  <Swatch key={status} width={18}>
    <circle cx="9" cy="9" r="6.5" style={paint(containerStyle(status))} />
  </Swatch>,
  label,
];

/** What the shapes and colours mean, drawn with the painters' own styles so the two always agree. */
export function TopologyLegend() {
  const entries: [ReactNode, string][] = [
    [<Swatch key="host">{box(hostStyle('ready'), 30, 15)}</Swatch>, 'Host'],
    [<Swatch key="down">{box(hostStyle('down'), 30, 15)}</Swatch>, 'Host down'],
    [
      <Swatch key="bridge">
        {box(networkStyle({ predefined: false, driver: 'bridge', status: 'ready' }, 13), 34, 13)}
      </Swatch>,
      'Bridge network',
    ],
    [
      <Swatch key="predef">
        {box(networkStyle({ predefined: true, driver: 'bridge', status: 'ready' }, 13), 34, 13)}
      </Swatch>,
      'Predefined network',
    ],
    [
      <Swatch key="macvlan">
        {box(networkStyle({ predefined: false, driver: 'macvlan', status: 'ready' }, 13), 34, 13)}
      </Swatch>,
      'Macvlan (on its parent)',
    ],
    [
      <Swatch key="span" width={40}>
        {box(spanStyle({ ingress: false, status: 'ready' }, 12), 40, 12)}
      </Swatch>,
      'Overlay across hosts',
    ],
    [
      <Swatch key="ingress" width={40}>
        {box(spanStyle({ ingress: true, status: 'ready' }, 12), 40, 12)}
      </Swatch>,
      'Routing mesh (ingress)',
    ],
    [
      <Swatch key="vtep" width={30}>
        <rect
          x="1"
          y="3"
          width="28"
          height="12"
          rx="3"
          style={paint(vtepStyle({ status: 'ready', ingress: false }))}
        />
      </Swatch>,
      'VTEP: its overlay and VNI',
    ],
    [
      <Swatch key="tunnel" width={32}>
        {line(tunnelStyle('ready'))}
      </Swatch>,
      'VXLAN tunnel',
    ],
    containerEntry('running', 'Running'),
    containerEntry('created', 'Created / restarting'),
    containerEntry('exited', 'Exited / dead'),
    [
      <Swatch key="task" width={18}>
        <circle cx="9" cy="9" r="6.5" style={paint(containerStyle('running'))} />
        <circle className="tp-task-dot" cx="9" cy="9" r="2.5" />
      </Swatch>,
      'Service task',
    ],
    [
      <Swatch key="link" width={32}>
        {line(linkStyle)}
      </Swatch>,
      'Endpoint (hover: address)',
    ],
    [
      <Swatch key="service" width={34}>
        {box(serviceStyle('healthy'), 34, 15)}
      </Swatch>,
      'Service (VIPs, ports)',
    ],
    [
      <Swatch key="tasklink" width={32}>
        {line(taskStyle)}
      </Swatch>,
      'Service → task',
    ],
    [
      <Swatch key="mesh" width={40}>
        {box(meshStyle('ready', 14), 40, 14)}
      </Swatch>,
      'HTTP routing mesh (HRM)',
    ],
    [
      <Swatch key="meshlink" width={32}>
        {line(meshLinkStyle('ready'))}
      </Swatch>,
      'Routed hostnames',
    ],
    [
      <Swatch key="failing">
        {box(networkStyle({ predefined: false, driver: 'bridge', status: 'failing' }, 13), 34, 13)}
      </Swatch>,
      'Not realised (hover: why)',
    ],
    [
      <Swatch key="broken" width={18}>
        <circle className="tp-broken-dot" cx="9" cy="9" r="6.5" />
        <text className="tp-broken-text" x="9" y="12.5" textAnchor="middle" fontSize="10">
          !
        </text>
      </Swatch>,
      'Broken (hover: why)',
    ],
  ];
  return (
    <figure className="tp-legend" aria-label="Legend">
      <ul>
        {entries.map(([swatch, text]) => (
          <li key={text}>
            {swatch}
            {text}
          </li>
        ))}
      </ul>
    </figure>
  );
}
