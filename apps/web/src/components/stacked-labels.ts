export interface Column {
  label: string;
  numeric?: boolean;
  /** A header only screen readers need (an actions column): no visible name, no label when stacked. */
  hidden?: boolean;
}

/**
 * The rule that gives each cell of a stacked table (a phone's) its column's name: the nth cell of a
 * row is the nth column. A row header (`th`) is the card's title and goes unlabelled; so does a
 * hidden column's cell.
 */
export function stackedLabelsCss(scope: string, columns: readonly (string | Column)[]): string {
  return columns
    .map((column, index) => {
      const { label, hidden = false } = typeof column === 'string' ? { label: column } : column;
      if (hidden) return '';
      return `.${scope}>tbody>tr>td:nth-child(${index + 1}){--label:${JSON.stringify(label)}}`;
    })
    .join('');
}
