import type { HostViewSection } from '@switchyard/contracts';
import { NftTable } from './nft-table';

function FactTable<Row>({
  caption,
  columns,
  rows,
  cells,
  testId,
}: {
  caption: string;
  columns: string[];
  rows: Row[] | null;
  cells: (row: Row) => (string | number | null)[];
  testId: string;
}) {
  if (rows === null) return null;
  return (
    <div className="table-wrap">
      <table className="table diag-facts" data-testid={testId}>
        <caption>
          {caption} ({rows.length})
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="muted">
                none
              </td>
            </tr>
          )}
          {rows.map((row, index) => (
            <tr key={index} data-testid={`${testId}-row`}>
              {cells(row).map((cell, column) => (
                <td key={column} className="mono">
                  {cell ?? <span className="muted">–</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One namespace of a host: its links, routes, neighbours and FDB as tables, then its nft tables. */
export function HostViewSectionView({ section, subject }: { section: HostViewSection; subject: string }) {
  return (
    <section className="diag-host-section" data-testid="host-section" aria-label={section.title}>
      <h3>{section.title}</h3>
      <p className="subtle">
        namespace <span className="mono">{section.netns ?? 'of the host'}</span>
      </p>
      {section.errors.map((error) => (
        <p key={error} className="notice">
          {error}
        </p>
      ))}
      <FactTable
        caption="Links"
        testId="links"
        columns={['Name', 'Kind', 'MTU', 'State', 'Master', 'Addresses', 'VNI']}
        rows={section.links}
        cells={(link) => [
          link.name,
          link.kind,
          link.mtu,
          link.up ? 'up' : 'down',
          link.master,
          link.addresses.join(', ') || null,
          link.vni,
        ]}
      />
      <FactTable
        caption="Routes"
        testId="routes"
        columns={['Destination', 'Gateway', 'Device', 'Protocol', 'Scope', 'Source']}
        rows={section.routes}
        cells={(route) => [
          route.destination,
          route.gateway,
          route.device,
          route.protocol,
          route.scope,
          route.source,
        ]}
      />
      <FactTable
        caption="Neighbours"
        testId="neighbours"
        columns={['Address', 'MAC', 'Device', 'State']}
        rows={section.neighbours}
        cells={(entry) => [entry.address, entry.mac, entry.device, entry.state]}
      />
      <FactTable
        caption="Forwarding database (VXLAN remotes have a destination)"
        testId="fdb"
        columns={['MAC', 'Device', 'Destination (VTEP)', 'Master', 'State']}
        rows={section.fdb}
        cells={(entry) => [entry.mac, entry.device, entry.destination, entry.master, entry.state]}
      />
      {section.tables.map((table) => (
        <NftTable key={`${table.family} ${table.name}`} table={table} subject={subject} />
      ))}
    </section>
  );
}
