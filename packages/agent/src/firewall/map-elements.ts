/** One `nft -j` map element: its key (a value or a concatenation) and its verdict. */
type JsonValue = string | number | { concat: (string | number)[] };
type JsonElement = [JsonValue, { goto?: { target: string }; jump?: { target: string } }];

interface JsonListing {
  nftables?: { map?: { elem?: JsonElement[] } }[];
}

function keyText(key: JsonValue): string {
  return typeof key === 'object' ? key.concat.join(' . ') : String(key);
}

/**
 * A verdict map's elements from `nft -j list map`, written as the agent writes them:
 * `10.0.2.2 . tcp . 80 : goto svc-abc`.
 */
export function parseMapElements(json: string): string[] {
  const listing = JSON.parse(json) as JsonListing;
  const map = listing.nftables?.find((entry) => entry.map !== undefined)?.map;
  return (map?.elem ?? []).map(([key, verdict]) => {
    const target = verdict.goto?.target ?? verdict.jump?.target;
    const how = verdict.goto !== undefined ? 'goto' : 'jump';
    return `${keyText(key)} : ${how} ${target ?? ''}`;
  });
}
