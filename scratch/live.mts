import { createServer } from 'node:http';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { readAggregator, explainAggregatorError } from '../src/commands/report/aggregator.ts';
for (const [status, body] of [[500, '{"__type":"InternalFailure","message":"boom"}'], [503, '<html>Service Unavailable</html>'], [502, '']] as const) {
  const server = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(status, { 'content-type': body.startsWith('{') ? 'application/x-amz-json-1.1' : 'text/html' }); res.end(body); }); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as any).port;
  const client = new ConfigServiceClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 2 });
  try { await readAggregator({ client, aggregator: 'org', sleep: async () => {} }, () => {}); } catch (e: any) { console.log(status, e.name, e.constructor.name, JSON.stringify(e.message).slice(0, 300), e.$metadata, e.$fault, Object.keys(e)); }
  server.close();
}
