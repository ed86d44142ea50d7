/** Opens the HTML report in headless Chromium (Debian's package, installed by .ci/run): it renders, charts draw, filtering and sorting work. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, reportFromEvaluations } from '../../../src/commands/report/report.ts';
import { exampleEvaluations } from './fixtures.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs Chromium, so there this suite always runs; elsewhere it says why it is skipped.
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run must install Debian's chromium package`);

describe.skipIf(!available)('HTML report in Chromium', () => {
  let browser: Browser;
  let url: string;
  beforeAll(async () => {
    const { analysis, document } = await exampleEvaluations();
    const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'report.html');
    writeFileSync(file, renderReport(reportFromEvaluations(analysis, document, 'evaluations.json', new Date('2026-11-29T00:00:00Z')), 'html'));
    url = `file://${file}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => browser?.close());

  it('renders without errors or network requests, charts drawn, filtering and sorting working', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
    await page.goto(url);
    // The example's KMS keys are NON_COMPLIANT offline: their items carry no key policy.
    expect(await page.title()).toBe('Guardrail compliance 46.5%');

    const arcs = await page.$$eval('#donut circle.arc', (els) => els.map((e) => e.getBoundingClientRect().width));
    expect(arcs.length).toBe(4);
    expect(arcs.every((w) => w > 0)).toBe(true);
    const bars = await page.$$eval('#areas rect.bar', (els) => els.filter((e) => e.getBoundingClientRect().width > 0).length);
    expect(bars).toBeGreaterThan(3);

    const rows = () => page.$$eval('#findings tbody tr', (trs) => trs.length);
    expect(await rows()).toBe(54);
    await page.fill('#filter', 'dev-static-site');
    expect(await rows()).toBe(2);
    expect(await page.textContent('#findings tbody')).toContain('PublicRead');
    await page.fill('#filter', 'root access key');
    expect(await page.textContent('#findings tbody')).toContain('Fix: Delete the root access keys');
    await page.fill('#filter', '');
    await page.selectOption('#status', 'exempted');
    expect(await rows()).toBe(4);
    await page.selectOption('#status', '');
    await page.selectOption('#account', '777777777777');
    expect(await page.textContent('#findings-count')).toMatch(/^\d+ of 54 findings$/);
    expect(await page.$$eval('#findings tbody tr td:nth-child(3) .muted', (els) => [...new Set(els.map((e) => e.textContent))])).toEqual(['777777777777']);
    await page.selectOption('#account', '');

    await page.click('#findings thead th[data-key="resource"]');
    const resources = await page.$$eval('#findings tbody tr td:nth-child(5)', (tds) => tds.map((t) => t.textContent ?? ''));
    expect(resources).toEqual([...resources].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    await page.click('#findings thead th[data-key="resource"]');
    const reversed = await page.$$eval('#findings tbody tr td:nth-child(5)', (tds) => tds.map((t) => t.textContent ?? ''));
    expect(reversed).toEqual([...resources].reverse());

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);
});
