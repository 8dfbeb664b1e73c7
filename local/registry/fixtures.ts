import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Fixtures of the criminal-record registry simulator, keyed by passport number. The bundled
 * fixtures.json defines:
 *   000001  RECORD_FOUND
 *   000503  always 503 (registry unavailable)
 *   000429  503 for the first two requests of each requestId, then NO_RECORD
 *   000504  NO_RECORD after a 15 s delay, longer than a client's timeout should allow
 * Every other passport number gets NO_RECORD at once.
 *
 * A fixture may combine its fields: `status` is the HTTP status to fail with (always, or only
 * for the first `failTimes` requests of a requestId), `delayMs` delays every response, and
 * `result` replaces NO_RECORD in a successful response.
 */
export const fixtureSchema = z
  .object({
    result: z.enum(['NO_RECORD', 'RECORD_FOUND']).optional(),
    status: z.number().int().min(400).max(599).optional(),
    failTimes: z.number().int().positive().optional(),
    delayMs: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((fixture) => fixture.failTimes === undefined || fixture.status !== undefined, {
    message: 'failTimes needs a status to fail with',
  });

export type RegistryFixture = z.infer<typeof fixtureSchema>;

const fixturesSchema = z.record(z.string().regex(/^\d{6}$/), fixtureSchema);

export const DEFAULT_FIXTURES_PATH = fileURLToPath(new URL('./fixtures.json', import.meta.url));

/** Reads and checks a fixtures file; throws naming the file when it is not valid. */
export async function loadFixtures(path = DEFAULT_FIXTURES_PATH): Promise<Map<string, RegistryFixture>> {
  const parsed = fixturesSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Registry fixtures in ${path} are invalid: ${problems}`);
  }
  return new Map(Object.entries(parsed.data));
}
