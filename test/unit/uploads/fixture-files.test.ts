import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURE_NAMES, readFixture } from '../../fixtures/files.ts';
import { FIXTURE_DIRECTORY, buildFixtureFiles } from '../../fixtures/make-files.ts';

describe('upload fixture files', () => {
  it('match a fresh run of make-files.ts', async () => {
    const generated = await buildFixtureFiles();

    expect([...generated.keys()].sort()).toEqual([...FIXTURE_NAMES].sort());
    for (const name of FIXTURE_NAMES) {
      expect(Buffer.from(readFixture(name)).equals(Buffer.from(generated.get(name) ?? [])), `${name} differs; run npx tsx test/fixtures/make-files.ts`).toBe(true);
    }
  });

  it('are all listed in files.ts', () => {
    expect(readdirSync(FIXTURE_DIRECTORY).sort()).toEqual([...FIXTURE_NAMES].sort());
  });
});
