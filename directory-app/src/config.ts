// The app's settings, read from the environment the user data (or a test) provides.
import type { ServerConfig } from './server.js';

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; message: string };

export function readConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const photosBucket = env.PHOTOS_BUCKET?.trim();
  if (!photosBucket) {
    return { ok: false, message: 'PHOTOS_BUCKET is not set: give the name of the S3 bucket for employee photos' };
  }
  const port = Number(env.PORT ?? '80');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { ok: false, message: `PORT must be a whole number from 0 to 65535, not "${env.PORT}"` };
  }
  return {
    ok: true,
    config: {
      port,
      host: env.HOST || '0.0.0.0',
      photosBucket,
      dataDir: env.DATA_DIR || './data',
      region: env.AWS_REGION || undefined,
      s3Endpoint: env.AWS_ENDPOINT_URL || undefined,
      metadataEndpoint: env.AWS_EC2_METADATA_SERVICE_ENDPOINT || undefined,
    },
  };
}
