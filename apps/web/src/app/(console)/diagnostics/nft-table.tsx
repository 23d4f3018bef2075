'use client';

import type { NftTableView } from '@switchyard/contracts';
import { useId, useState } from 'react';

/** An nft table chain by chain, the lines about the subject marked; it can narrow to just those. */
export function NftTable({ table, subject }: { table: NftTableView; subject: string }) {
  const toggleId = useId();
  const anyRelevant = table.blocks.some((block) => block.lines.some((line) => line.relevant));
  const [onlyRelevant, setOnlyRelevant] = useState(anyRelevant);
  const title = `table ${table.family} ${table.name}`;
  if (!table.present) {
    return (
      <div className="diag-nft" data-testid="nft-table" data-table={table.name}>
        <h4 className="mono">{title}</h4>
        <p className="muted">This namespace has no such table.</p>
      </div>
    );
  }
  const blocks = table.blocks.filter((block) => !onlyRelevant || block.lines.some((line) => line.relevant));
  return (
    <div className="diag-nft" data-testid="nft-table" data-table={table.name}>
      <div className="diag-nft-header">
        <h4 className="mono">{title}</h4>
        {anyRelevant && (
          <label className="checkbox-field" htmlFor={toggleId}>
            <input
              id={toggleId}
              type="checkbox"
              checked={onlyRelevant}
              onChange={(event) => setOnlyRelevant(event.target.checked)}
            />
            Only lines about {subject}
          </label>
        )}
      </div>
      {blocks.map((block) => (
        <div
          key={`${block.kind} ${block.name}`}
          className="diag-nft-block"
          data-testid={`nft-${block.kind}-${block.name}`}
        >
          <div className="mono diag-nft-name">
            {block.kind} {block.name}
          </div>
          {block.header.map((line) => (
            <div key={line} className="mono subtle diag-nft-line">
              {line}
            </div>
          ))}
          {block.lines.length === 0 && <div className="muted diag-nft-line">(empty)</div>}
          {block.lines
            .filter((line) => !onlyRelevant || line.relevant)
            .map((line, index) => (
              <div key={index} className="mono diag-nft-line" data-relevant={line.relevant}>
                {line.text}
              </div>
            ))}
        </div>
      ))}
    </div>
  );
}
