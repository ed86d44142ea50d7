import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main.ts';
import { EXAMPLE_FILE, exampleText } from '../../helpers.ts';

describe('vend CLI', () => {
  it('without AWS credentials: one line, exit 1, spec untouched', async () => {
    const saved = { ...process.env };
    for (const k of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    ])
      delete process.env[k];
    Object.assign(process.env, {
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    try {
      const err: string[] = [];
      const code = await main(['vend', EXAMPLE_FILE, '--name', 'new-one', '--email', 'new-one@example.com', '--ou', 'Workloads/Dev'], {
        out: () => {},
        err: (t) => err.push(t),
      });
      expect(code).toBe(1);
      expect(err).toEqual([expect.stringMatching(/^error: no AWS credentials found/)]);
      expect(exampleText()).not.toContain('new-one');
    } finally {
      process.env = saved;
    }
  });
});
