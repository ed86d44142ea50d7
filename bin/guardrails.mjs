#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so there is no build step after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
