import { afterEach } from 'vitest';

// Vitest's worker waits at most 60 s for the main process to acknowledge each progress report. A file of
// CPU-bound tests that only await promises never lets the worker's event loop read that answer, and on a
// loaded machine the run then fails with "Timeout calling onTaskUpdate". Yield to the event loop after each test.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
