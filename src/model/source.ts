import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../core/diagnostics.ts';

export type SpecPath = ReadonlyArray<string | number>;

/**
 * Bounds that keep hostile YAML from costing unbounded time or memory, each far above what a real
 * spec needs: a spec nests about 10 collections deep (OUs 5 deep count 2 levels each; a statement
 * Condition 4 more), and anchors shared by every account of a large organization are used a few
 * thousand times.
 */
export const SPEC_LIMITS = {
  /** Collection levels; the schema check recurses per level. */
  nesting: 64,
  /** Uses of one anchor (yaml's maxAliasCount, which also weighs anchors that contain aliases). */
  aliasUses: 10_000,
  /** Values of the document once aliases are expanded: bounds every later step that walks it (an "alias bomb"). */
  expandedValues: 1_000_000,
} as const;

const keyString = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : isAlias(p.key) ? `*${p.key.source}` : undefined);

/** Where the text nests deepest (indentation, or [ { brackets): where to point when the parser itself gives up. */
function deepestPoint(text: string): { line: number; col: number } {
  let best = { depth: -1, line: 1, col: 1 };
  let brackets = 0;
  text.split('\n').forEach((row, i) => {
    const indent = /^[ -]*/.exec(row)![0].length;
    if (indent > best.depth) best = { depth: indent, line: i + 1, col: indent + 1 };
    for (let c = 0; c < row.length; c++) {
      if (row[c] === '[' || row[c] === '{') brackets++;
      else if (row[c] === ']' || row[c] === '}') brackets--;
      if (brackets > best.depth) best = { depth: brackets, line: i + 1, col: c + 1 };
    }
  });
  return best;
}

/**
 * A YAML file parsed with every node's source range kept, so any later step can
 * point at FILE:LINE:COL by the JSON path of the value it is unhappy with.
 */
export class SpecSource {
  private lines: LineCounter;
  readonly document: Document.Parsed;
  /** Problems of the document's shape (duplicate keys, nesting, aliases), found in one linear walk. */
  private readonly structure: Diagnostic[] = [];
  private readonly keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
  private firstAlias: Node | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineCounter();
    // yaml's own uniqueKeys check compares each key with every earlier one (quadratic: 40,000 keys
    // took 38 s); walk() finds duplicates with one Set per mapping instead.
    try {
      this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: false });
    } catch (e) {
      // yaml's parser recurses per level: thousands of levels exhaust the stack before any walk can count them.
      if (!(e instanceof RangeError)) throw e;
      this.document = parseDocument('', { lineCounter: (this.lines = new LineCounter()) });
      const { line, col } = deepestPoint(text);
      this.structure.push({ file, line, col, message: `the document nests too deeply to read (more than ${SPEC_LIMITS.nesting} levels)`, severity: 'error' });
      return;
    }
    this.walk();
  }

  private diagnostic(node: { range?: [number, number, number] | null } | null | undefined, message: string, hint?: string): Diagnostic {
    const { line, col } = this.lines.linePos(node?.range?.[0] ?? 0);
    return { file: this.file, line, col, message, hint, severity: 'error' };
  }

  /** One pass over every node in document order, without recursion (a hostile file may nest thousands deep). */
  private walk(): void {
    const anchors = new Set<string>();
    const stack: { node: unknown; depth: number }[] = [{ node: this.document.contents, depth: 0 }];
    while (stack.length) {
      const { node, depth } = stack.pop()!;
      if (!node) continue;
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor) anchors.add(anchor);
      if (isAlias(node)) {
        this.firstAlias ??= node;
        if (!anchors.has(node.source))
          this.structure.push(
            this.diagnostic(node, `alias *${node.source} refers to no anchor defined before it`, `define &${node.source} earlier in the file`),
          );
        continue;
      }
      if (!isCollection(node)) continue;
      if (depth >= SPEC_LIMITS.nesting) {
        this.structure.push(
          this.diagnostic(node, `the document nests more than ${SPEC_LIMITS.nesting} levels deep here`, 'a spec needs about 10; check the indentation'),
        );
        continue;
      }
      const children: unknown[] = [];
      if (isMap(node)) {
        const seen = new Map<string, Pair>();
        for (const pair of node.items) {
          const key = keyString(pair);
          if (key !== undefined && seen.has(key))
            this.structure.push(this.diagnostic(pair.key as Node, `duplicate key "${key}" in this mapping`, 'YAML keys must be unique; merge the two entries'));
          else if (key !== undefined) seen.set(key, pair);
          children.push(pair.key, pair.value);
        }
        this.keyIndex.set(node, seen);
      } else {
        for (const item of node.items) children.push(isPair(item) ? item.value : item);
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
    }
  }

  /** Plain JS value of the document (what the schema validates); aliases beyond SPEC_LIMITS are a positioned error. */
  toJS(): { value: unknown } | { error: Diagnostic } {
    let value: unknown;
    try {
      value = this.document.toJS({ maxAliasCount: SPEC_LIMITS.aliasUses });
    } catch (e) {
      if (!(e instanceof ReferenceError)) throw e;
      return {
        error: this.diagnostic(
          this.firstAlias,
          `aliases are used too often (more than ${SPEC_LIMITS.aliasUses} expansions)`,
          'write the repeated part out, or share fewer levels',
        ),
      };
    }
    // toJS shares one object per anchor; count what a walker of the value would visit, within the budget.
    let budget = SPEC_LIMITS.expandedValues;
    const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
    while (stack.length) {
      const { v, depth } = stack.pop()!;
      if (--budget < 0)
        return {
          error: this.diagnostic(
            this.firstAlias,
            `aliases expand the document to more than ${SPEC_LIMITS.expandedValues.toLocaleString('en-US')} values`,
            'an alias of an alias multiplies; write the repeated part out',
          ),
        };
      if (!v || typeof v !== 'object') continue;
      // Aliases inside anchors nest deeper than the text shows.
      if (depth >= SPEC_LIMITS.nesting)
        return {
          error: this.diagnostic(this.firstAlias, `aliases nest the document more than ${SPEC_LIMITS.nesting} levels deep`, 'write the repeated part out'),
        };
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, depth: depth + 1 });
    }
    return { value };
  }

  syntaxErrors(): Diagnostic[] {
    // Deep enough, yaml's composer may catch its own stack overflow per node: one nesting error says it (walk() or below).
    const overflow = (e: { message: string }) => e.message.includes('Maximum call stack size exceeded');
    const overflows = this.document.errors.filter(overflow);
    if (overflows.length && !this.structure.some((d) => d.message.includes('nests')))
      this.structure.push(
        this.diagnostic({ range: [overflows[0].pos[0], 0, 0] }, `the document nests too deeply to read (more than ${SPEC_LIMITS.nesting} levels)`),
      );
    const parsed = [...this.document.errors.filter((e) => !overflow(e)), ...this.document.warnings].map((e) => {
      const { line, col } = this.lines.linePos(e.pos[0]);
      return {
        file: this.file,
        line,
        col,
        // The library's own wording points at its API; say what to do with the file instead.
        message:
          e.code === 'MULTIPLE_DOCS'
            ? 'a spec is one YAML document; remove the second "---" and what follows it, or merge the documents'
            : e.message.split('\n')[0],
        severity: this.document.errors.includes(e as never) ? ('error' as const) : ('warning' as const),
      };
    });
    return [...parsed, ...this.structure];
  }

  /**
   * Position of the node at `path`; with `key`, the position of the mapping key
   * naming it (better for "unknown property" errors). Falls back to the nearest
   * existing ancestor so a missing property points at the mapping that lacks it.
   */
  positionOf(path: SpecPath, opts: { key?: boolean } = {}): { line: number; col: number } {
    let node: Node | null = this.document.contents as Node | null;
    let offset = node?.range?.[0] ?? 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = this.keyIndex.get(node)?.get(String(segment));
        if (!pair) break;
        const keyNode = pair.key as Node;
        offset =
          opts.key && segment === path[path.length - 1]
            ? (keyNode.range?.[0] ?? offset)
            : ((pair.value as Node | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset);
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
        node = node.items[segment] as Node;
        offset = node.range?.[0] ?? offset;
      } else {
        break;
      }
    }
    return this.lines.linePos(offset);
  }

  at(path: SpecPath, message: string, hint?: string, opts: { key?: boolean; severity?: 'error' | 'warning' } = {}): Diagnostic {
    const { line, col } = this.positionOf(path, opts);
    return { file: this.file, line, col, message, hint, severity: opts.severity ?? 'error' };
  }
}
