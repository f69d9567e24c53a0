// Starts the employee directory from environment variables; the entry of the bundle.
import { readConfig } from './config.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  const result = readConfig(process.env);
  if (!result.ok) {
    console.error(`directory-app: ${result.message}`);
    process.exit(1);
  }
  const { config } = result;
  let server;
  try {
    server = await startServer(config);
  } catch (error) {
    console.error(`directory-app: could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.log(`directory-app: listening on ${server.url}, photos in bucket ${config.photosBucket}, records in ${config.dataDir}`);

  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
