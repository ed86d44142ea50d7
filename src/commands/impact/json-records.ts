/**
 * Splits one JSON document, fed as byte chunks, into the texts of the objects of its record
 * array, so a CloudTrail file of any size is read in bounded memory: `{"Records": [...]}` as
 * CloudTrail delivers to S3, `{"Events": [...]}` as `aws cloudtrail lookup-events` prints, or a
 * bare top-level array. Each record is then given whole to JSON.parse, which is several times
 * faster than a token-by-token streaming parser (bench/impact.ts measures it against the floor).
 *
 * Finding where a record ends means following every string of it, which costs about as much again
 * as parsing it. So where a chunk shows CloudTrail's own layout (records one after the other, each
 * beginning `{"eventVersion":`), the records up to the last such beginning are parsed at once, as
 * one array, without being followed: a text that begins between two elements parses as an array
 * only if it also ends between two elements (JSON's tokenization from a known state is unique; a
 * `"` inside a string is always escaped, so `{"eventVersion"` never starts inside one). When that
 * parse fails (the marker was a nested key), the chunk is followed byte by byte as before.
 */
import { UserError } from '../../core/errors.ts';

/** The keys whose array holds the records (S3 delivery; lookup-events). */
export const RECORD_ARRAY_KEYS: ReadonlySet<string> = new Set(['Records', 'Events']);
/** CloudTrail caps an event at 256 KB; anything far larger is not a CloudTrail record. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** How every record of a file CloudTrail delivers to S3 begins (and how one begins after the previous: `,`). */
const NEXT_RECORD = Buffer.from(',{"eventVersion":');
/** After this many failed whole-run parses in a file, its chunks are only followed byte by byte. */
const MAX_FAILED_RUNS = 8;

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

export class RecordSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth at which an element of the record array opens (0 when not inside one). */
  private elementDepth = 0;
  /** The last string seen directly in the top-level object (a key once a colon follows). */
  private topString: number[] = [];
  private topKey = '';
  private parts: Buffer[] = [];
  private partsLength = 0;
  private recordStart = -1;
  private started = false;
  private offset = 0;
  private failedRuns = 0;
  /** Where the last record beginning in CloudTrail's layout is in the chunk being read (-1: none), found once per chunk. */
  private lastMarker = -1;

  constructor(
    private readonly file: string,
    private readonly onRecord: (record: Record<string, unknown>) => void,
  ) {}

  push(chunk: Buffer): void {
    // Searched once per chunk, not after every record: a file in another layout (lookup-events output) has no marker.
    this.lastMarker = this.failedRuns < MAX_FAILED_RUNS ? chunk.lastIndexOf(NEXT_RECORD) : -1;
    // Most bytes of a record are inside strings: jump from quote to quote with indexOf (native)
    // instead of looking at each byte, remembering where the next backslash is.
    let nextBackslash = -2;
    for (let i = 0; i < chunk.length; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(BACKSLASH, i);
        const quote = chunk.indexOf(QUOTE, i);
        const end = nextBackslash >= 0 && (quote < 0 || nextBackslash < quote) ? nextBackslash : quote < 0 ? chunk.length : quote;
        if (this.depth === 1 && this.topString.length < 64) this.topString.push(...chunk.subarray(i, Math.min(end, i + 64)));
        if (end === chunk.length) break;
        if (end === quote) this.inString = false;
        else this.escaped = true;
        i = end;
        continue;
      }
      const c = chunk[i];
      if (!this.started && c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
        // Before the document: white space, or a byte-order mark as some Windows tools write before JSON.
        if (c > 0x20 && !(this.offset + i < 3 && c === UTF8_BOM[this.offset + i])) throw this.error(i, 'not a JSON object or array');
      } else if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1) this.topString = [];
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (!this.started) {
          this.started = true;
          // A bare top-level array is itself the record array.
          if (c === OPEN_ARRAY) this.elementDepth = 2;
        } else if (this.depth === 1 && c === OPEN_ARRAY && RECORD_ARRAY_KEYS.has(this.topKey)) this.elementDepth = 3;
        this.depth++;
        if (this.depth === this.elementDepth && c === OPEN_OBJECT) this.recordStart = i;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.depth === this.elementDepth && this.recordStart >= 0) {
          this.emit(chunk, i + 1);
          this.depth--;
          // Between two records: the complete ones that follow in this chunk may go at once.
          i = this.run(chunk, i + 1) - 1;
          continue;
        }
        this.depth--;
        if (this.depth < 0) throw this.error(i, `unexpected "${String.fromCharCode(c)}"`);
        if (this.depth === this.elementDepth - 2) this.elementDepth = 0;
      } else if (c === COLON && this.depth === 1) {
        this.topKey = Buffer.from(this.topString).toString('utf8');
      }
    }
    if (this.recordStart >= 0) {
      this.parts.push(chunk.subarray(this.recordStart));
      this.partsLength += chunk.length - this.recordStart;
      this.recordStart = 0;
      if (this.partsLength > MAX_RECORD_BYTES) throw this.error(chunk.length, `a record is larger than ${MAX_RECORD_BYTES} bytes`);
    }
    this.offset += chunk.length;
  }

  /** Call after the last chunk: the document must be complete. */
  end(): void {
    if (!this.started) throw new UserError(`${this.file}: empty file`, 'expected CloudTrail records: {"Records": [...]} or lookup-events output');
    if (this.depth !== 0 || this.inString) throw new UserError(`${this.file}: truncated JSON (the document does not end)`);
  }

  private emit(chunk: Buffer, end: number): void {
    const text =
      this.parts.length === 0
        ? chunk.toString('utf8', this.recordStart, end)
        : Buffer.concat([...this.parts, chunk.subarray(0, end)], this.partsLength + end).toString('utf8');
    this.parts = [];
    this.partsLength = 0;
    this.recordStart = -1;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (e) {
      throw new UserError(`${this.file}: a record is not valid JSON (${(e as Error).message})`);
    }
    this.onRecord(record as Record<string, unknown>);
  }

  /**
   * From `from`, between two elements of the record array, the elements before the last record
   * beginning in CloudTrail's layout, parsed as one array; returns where to go on byte by byte
   * (`from` when there are none, or they do not parse).
   */
  private run(chunk: Buffer, from: number): number {
    const end = this.lastMarker;
    if (end <= from) return from;
    let start = from;
    while (start < end && (chunk[start] === 0x2c || chunk[start] <= 0x20)) start++;
    let elements: unknown;
    try {
      elements = JSON.parse(`[${chunk.toString('utf8', start, end)}]`);
    } catch {
      // The marker was a nested key: the rest of this chunk is followed byte by byte.
      this.failedRuns++;
      this.lastMarker = -1;
      return from;
    }
    // Like the byte-by-byte path, only objects are records.
    for (const e of elements as unknown[]) if (e !== null && typeof e === 'object' && !Array.isArray(e)) this.onRecord(e as Record<string, unknown>);
    return end;
  }

  private error(i: number, message: string): UserError {
    return new UserError(`${this.file}: not valid JSON at byte ${this.offset + i}: ${message}`);
  }
}
