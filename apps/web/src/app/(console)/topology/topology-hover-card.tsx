import type { TopoHover } from './topology-canvas';
import type { TopologyModel } from './topology-model';

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="key-value">
      <dt>{label}</dt>
      <dd className="mono">{value}</dd>
    </div>
  );
}

function HoverDetails({ hover, model }: { hover: TopoHover; model: TopologyModel }) {
  const { kind, key } = hover.target;
  if (kind === 'host') {
    const host = model.hosts.find((candidate) => candidate.id === key);
    if (!host) return null;
    return (
      <>
        <h3>Host {host.name}</h3>
        <dl className="key-values">
          <Row label="State" value={host.status} />
          <Row label="Underlay" value={host.underlayAddress} />
          <Row
            label="Networks"
            value={String(model.networks.filter((network) => network.hostId === key).length)}
          />
          <Row label="Containers" value={String(model.containers.filter((c) => c.hostId === key).length)} />
        </dl>
      </>
    );
  }
  if (kind === 'network') {
    const network = model.networks.find((candidate) => candidate.key === key);
    if (!network) return null;
    const spannedHosts = model.vteps.filter((vtep) => vtep.networkKey === key).map((vtep) => vtep.hostName);
    return (
      <>
        <h3>Network {network.name}</h3>
        <dl className="key-values">
          <Row label="Driver" value={`${network.driver}${network.internal ? ' (internal)' : ''}`} />
          {network.hostId === null && <Row label="Hosts" value={spannedHosts.join(', ') || '–'} />}
          {network.vni !== null && <Row label="VNI" value={String(network.vni)} />}
          {network.parent && <Row label="Parent" value={network.parent} />}
          <Row label="Subnets" value={network.subnets.join(', ') || '–'} />
          <Row label="Containers" value={String(network.containerCount)} />
          <Row
            label="Realised"
            value={network.reason ? `${network.realised}: ${network.reason}` : network.realised}
          />
        </dl>
      </>
    );
  }
  if (kind === 'vtep') {
    const vtep = model.vteps.find((candidate) => candidate.key === key);
    if (!vtep) return null;
    return (
      <>
        <h3>
          VTEP of {vtep.networkName} on {vtep.hostName}
        </h3>
        <dl className="key-values">
          <Row label="Underlay" value={vtep.underlayAddress} />
          <Row
            label="Containers"
            value={String(model.links.filter((link) => link.networkKey === key).length)}
          />
          <Row label="Realised" value={vtep.reason ? `${vtep.realised}: ${vtep.reason}` : vtep.realised} />
        </dl>
      </>
    );
  }
  if (kind === 'mesh') {
    const routes = model.mesh?.routes ?? [];
    return (
      <>
        <h3>HTTP routing mesh (HRM)</h3>
        <p className="subtle topo-card-note">Port 80 on every host, by the request&apos;s Host</p>
        <dl className="key-values">
          {routes.map((route) => (
            <Row
              key={route.hostname}
              label={route.hostname}
              value={`→ ${route.serviceName}:${route.port} · ${route.state}`}
            />
          ))}
        </dl>
      </>
    );
  }
  if (kind === 'service') {
    const service = model.services.find((candidate) => candidate.key === key);
    if (!service) return null;
    return (
      <>
        <h3>Service {service.name}</h3>
        <dl className="key-values">
          <Row label="Image" value={service.image} />
          <Row label="Replicas" value={`${service.replicas} (${service.health})`} />
          {service.vips.map((vip) => (
            <Row key={vip} label="VIP" value={vip} />
          ))}
          {service.ports.length > 0 && <Row label="Ports" value={service.ports.join(', ')} />}
          {service.hostnames.length > 0 && <Row label="Hostnames" value={service.hostnames.join(', ')} />}
        </dl>
      </>
    );
  }
  const container = model.containers.find((candidate) => candidate.key === key);
  if (!container) return null;
  const endpoints = model.links.filter((link) => link.containerKey === key);
  return (
    <>
      <h3>Container {container.name}</h3>
      <dl className="key-values">
        <Row label="Image" value={container.image} />
        <Row label="Status" value={container.status} />
        {endpoints.map((link) => (
          <Row key={link.key} label={link.networkName} value={link.address ?? 'no address'} />
        ))}
        {container.ports.length > 0 && <Row label="Ports" value={container.ports.join(', ')} />}
        {container.error && <Row label="Error" value={container.error} />}
      </dl>
    </>
  );
}

/** The summary beside the hovered or focused element; enough to decide whether to open it. */
export function TopologyHoverCard({ hover, model }: { hover: TopoHover | null; model: TopologyModel }) {
  if (!hover) return null;
  return (
    <div
      className="topo-card"
      style={{ left: hover.x, top: hover.y }}
      role="status"
      data-testid="topo-hover-card"
    >
      <HoverDetails hover={hover} model={model} />
    </div>
  );
}
