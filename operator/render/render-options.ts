import { styleText } from 'node:util';

type TextFormat = Parameters<typeof styleText>[0];

/** Colours text, or returns it unchanged when the output is not a colour terminal. */
export type Paint = (format: TextFormat, text: string) => string;

export interface RenderOptions {
  paint: Paint;
  now: Date;
  /** IANA time zone for dates and times, or the machine's own zone when undefined. */
  timeZone?: string;
}

/**
 * Colours only a terminal, and not when NO_COLOR is set to a non-empty value (the no-color.org
 * convention), so redirected output and logs stay plain text.
 */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

export function createPaint(color: boolean): Paint {
  if (!color) return (_format, text) => text;
  return (format, text) => styleText(format, text, { validateStream: false });
}

export const plainPaint: Paint = createPaint(false);
