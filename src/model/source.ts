import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../core/diagnostics.ts';

export type SpecPath = ReadonlyArray<string | number>;

/**
 * A YAML file parsed with every node's source range kept, so any later step can
 * point at FILE:LINE:COL by the JSON path of the value it is unhappy with.
 */
export class SpecSource {
  private readonly lines: LineCounter;
  readonly document: Document.Parsed;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineCounter();
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** Plain JS value of the document (what the schema validates). */
  toJS(): unknown {
    return this.document.toJS({ maxAliasCount: 100 });
  }

  syntaxErrors(): Diagnostic[] {
    return [...this.document.errors, ...this.document.warnings].map((e) => {
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
        severity: this.document.errors.includes(e as never) ? 'error' : 'warning',
      };
    });
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
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === String(segment));
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
