/** What the shapes and colours mean; drawn with the same classes as the map so the two always agree. */
export function TopologyLegend() {
  return (
    <figure className="topo-legend" aria-label="Legend">
      <ul>
        <li>
          <svg width="30" height="18" aria-hidden="true">
            <g className="topo-host" data-status="ready">
              <rect x="1" y="1" width="28" height="16" rx="5" />
            </g>
          </svg>
          Host
        </li>
        <li>
          <svg width="34" height="18" aria-hidden="true">
            <g className="topo-network" data-status="ready">
              <rect x="1" y="2" width="32" height="14" rx="7" />
            </g>
          </svg>
          Network
        </li>
        <li>
          <svg width="34" height="18" aria-hidden="true">
            <g className="topo-network" data-status="ready" data-predefined="true">
              <rect x="1" y="2" width="32" height="14" rx="7" />
            </g>
          </svg>
          Predefined network
        </li>
        <li>
          <svg width="40" height="18" aria-hidden="true">
            <g className="topo-span" data-status="ready">
              <rect x="1" y="3" width="38" height="12" rx="6" />
            </g>
          </svg>
          Overlay across hosts
        </li>
        <li>
          <svg width="40" height="18" aria-hidden="true">
            <g className="topo-span" data-status="ready" data-ingress="true">
              <rect x="1" y="3" width="38" height="12" rx="6" />
            </g>
          </svg>
          Routing mesh (ingress)
        </li>
        <li>
          <svg width="40" height="18" aria-hidden="true">
            <g className="topo-mesh" data-status="ready">
              <rect x="1" y="2" width="38" height="14" rx="7" />
            </g>
          </svg>
          HTTP routing mesh (HRM)
        </li>
        <li>
          <svg width="30" height="18" aria-hidden="true">
            <g className="topo-mesh-link">
              <path d="M2 9 L28 9" />
            </g>
          </svg>
          Routed hostnames (hover: which)
        </li>
        <li>
          <svg width="34" height="18" aria-hidden="true">
            <g className="topo-service" data-health="healthy">
              <rect x="1" y="1" width="32" height="16" rx="4" />
            </g>
          </svg>
          Service (VIPs)
        </li>
        <li>
          <svg width="30" height="18" aria-hidden="true">
            <line className="topo-task-link" x1="2" y1="9" x2="28" y2="9" />
          </svg>
          Service task
        </li>
        <li>
          <svg width="18" height="18" aria-hidden="true">
            <g className="topo-vtep" data-status="ready">
              <rect x="4" y="4" width="10" height="10" rx="2" />
            </g>
          </svg>
          VTEP (underlay IP)
        </li>
        <li>
          <svg width="18" height="18" aria-hidden="true">
            <g className="topo-container" data-status="running">
              <circle cx="9" cy="9" r="7" />
            </g>
          </svg>
          Running
        </li>
        <li>
          <svg width="18" height="18" aria-hidden="true">
            <g className="topo-container" data-status="created">
              <circle cx="9" cy="9" r="7" />
            </g>
          </svg>
          Created / restarting
        </li>
        <li>
          <svg width="18" height="18" aria-hidden="true">
            <g className="topo-container" data-status="exited">
              <circle cx="9" cy="9" r="7" />
            </g>
          </svg>
          Exited / dead
        </li>
        <li>
          <svg width="34" height="18" aria-hidden="true">
            <g className="topo-network" data-status="failing">
              <rect x="1" y="2" width="32" height="14" rx="7" />
            </g>
          </svg>
          Not realised (hover: why)
        </li>
        <li>
          <svg width="30" height="18" aria-hidden="true">
            <g className="topo-link">
              <line x1="2" y1="9" x2="28" y2="9" />
            </g>
          </svg>
          Endpoint (hover: address)
        </li>
      </ul>
    </figure>
  );
}
