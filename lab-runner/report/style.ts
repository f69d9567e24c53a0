// Colour and spinners only on a terminal; NO_COLOR respected; CI logs stay plain.
import { createColors } from 'picocolors';

export function colourWanted(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb' && !env.CI;
}

export const colour = createColors(colourWanted());
export const interactive = colourWanted() && Boolean(process.stdout.isTTY);
