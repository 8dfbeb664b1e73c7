import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/**
 * Reads the OpenAPI description and returns it as JSON with the local API as its first server,
 * so tools that try requests send them here. Read on every request, so edits show at once.
 * Returns undefined when the file does not exist.
 */
export async function readOpenApiJson(path: string, localUrl: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const document = parse(text) as { servers?: unknown[] };
  const servers = (document.servers ?? []).filter((server) => (server as { url?: unknown }).url !== localUrl);
  return JSON.stringify({ ...document, servers: [{ url: localUrl, description: 'Local runtime (npm start)' }, ...servers] });
}
