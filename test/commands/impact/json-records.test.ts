import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES, RecordSplitter } from '../../../src/commands/impact/json-records.ts';

/** Feeds a document in chunks of the given size and returns the records. */
function split(text: string, chunk = text.length): unknown[] {
  const out: unknown[] = [];
  const splitter = new RecordSplitter('f.json', (t) => out.push(t));
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) splitter.push(bytes.subarray(i, i + chunk));
  splitter.end();
  return out;
}

const tricky = { eventName: 'Put{Object}', note: 'a "quoted" ] and } and \\ inside', nested: { list: [{ a: [1, 2] }, []] }, unicode: 'é漢字' };
const s3File = JSON.stringify({ Records: [{ eventID: '1' }, tricky, { eventID: '3' }] }, null, 2);

describe('RecordSplitter', () => {
  it('yields each record of an S3 log file whole, wherever the chunks break (every split point)', () => {
    const expected = [{ eventID: '1' }, tricky, { eventID: '3' }];
    for (let chunk = 1; chunk <= 40; chunk++) expect(split(s3File, chunk)).toEqual(expected);
  });

  it("reads CloudTrail's own layout (records beginning with eventVersion) alike, the marker nested or quoted included", () => {
    const records = [
      { eventVersion: '1.11', eventID: 'a' },
      { eventVersion: '1.11', requestParameters: { items: [{ x: 1 }, { eventVersion: 'nested' }] }, eventID: 'b' },
      { eventVersion: '1.11', note: 'x,{"eventVersion":"in a string"}', eventID: 'c' },
      { eventVersion: '1.11', eventID: 'd', unicode: 'é漢字' },
      { eventVersion: '1.11', eventID: 'e' },
    ];
    const text = JSON.stringify({ Records: records });
    for (let chunk = 1; chunk <= text.length; chunk += chunk < 60 ? 1 : 17) expect(split(text, chunk), `chunk ${chunk}`).toEqual(records);
    // Elements that are not objects are no records, on either path.
    expect(split('{"Records":[{"eventVersion":1},7,{"eventVersion":2},[3],{"eventVersion":4}]}')).toEqual([
      { eventVersion: 1 },
      { eventVersion: 2 },
      { eventVersion: 4 },
    ]);
  });

  it('names the file of a record that is not JSON, whichever path reads it', () => {
    expect(() => split('{"Records":[{"eventVersion":1},{"eventVersion":nope},{"eventVersion":3}]}')).toThrow('f.json: a record is not valid JSON');
  });

  it('reads the Events array of lookup-events output and ignores other top-level keys', () => {
    const text = JSON.stringify({ Other: [{ eventID: 'no' }], Events: [{ EventId: 'x', CloudTrailEvent: '{"eventID":"x"}' }], NextToken: 'abc{' });
    expect(split(text, 7)).toEqual([{ EventId: 'x', CloudTrailEvent: '{"eventID":"x"}' }]);
  });

  it('reads a bare array of records', () => {
    expect(split('[{"eventID":"a"},{"eventID":"b"}]', 3)).toEqual([{ eventID: 'a' }, { eventID: 'b' }]);
  });

  it('reads past a UTF-8 byte-order mark', () => {
    expect(split('\ufeff{"Records":[{"a":1}]}', 1)).toEqual([{ a: 1 }]);
  });

  it('a key named Records inside a record is not the record array', () => {
    expect(split('{"Records":[{"x":{"Records":[{"y":1}]}}]}')).toEqual([{ x: { Records: [{ y: 1 }] } }]);
  });

  it('a digest file (no record array) has no records', () => {
    expect(split('{"awsAccountId":"111122223333","logFiles":[{"s3Object":"x"}]}')).toEqual([]);
  });

  it('refuses truncated, empty and non-JSON input with the file named', () => {
    expect(() => split('{"Records":[{"a":1}')).toThrow('f.json: truncated JSON');
    expect(() => split('   ')).toThrow('f.json: empty file');
    expect(() => split('hello')).toThrow('f.json: not valid JSON at byte 0');
  });

  it('bounds memory: a record larger than the cap is refused instead of buffered', () => {
    const splitter = new RecordSplitter('big.json', () => {});
    splitter.push(Buffer.from('{"Records":[{"a":"'));
    const block = Buffer.alloc(1024 * 1024, 0x61);
    expect(() => {
      for (let i = 0; i <= MAX_RECORD_BYTES / block.length; i++) splitter.push(block);
    }).toThrow(/big.json: .*larger than/);
  });
});
