/**
 * Turbopack loader for @switchyard/contracts: its sources import each other NodeNext-style
 * (`./nodes.js` for nodes.ts), which Turbopack resolves only when the app's own tsconfig uses NodeNext.
 * Dropping the `.js` from relative specifiers lets the ordinary extension lookup find the `.ts` file.
 */
export default function stripJsSpecifiers(source) {
  return source.replace(/(from\s+['"]\.{1,2}\/[^'"]+)\.js(['"])/g, '$1$2');
}
