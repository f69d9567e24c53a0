// The gate as a process of its own, which `lab up` starts detached in front of LocalStack:
//   main.ts --port 4566 --upstream http://127.0.0.1:4567 [--host 127.0.0.1] [--strict consistency,throttling] [--key-file F]
// It prints one line when it listens, and stops on SIGTERM or SIGINT.
import { parseArgs } from 'node:util';
import { parseStrict } from './behaviours.js';
import { startGate } from './server.js';

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      upstream: { type: 'string' },
      strict: { type: 'string', default: process.env.WORKBOOK_STRICT ?? '' },
      'key-file': { type: 'string' },
    },
  });
  if (!values.port || !values.upstream) throw new Error('usage: main.ts --port N --upstream URL [--host H] [--strict LIST] [--key-file F]');
  const gate = await startGate({
    host: values.host,
    port: Number(values.port),
    upstream: values.upstream,
    behaviours: parseStrict(values.strict),
    keyFile: values['key-file'],
  });
  process.stdout.write(`gate listening on ${gate.url}, in front of ${values.upstream}\n`);
  const stop = () => void gate.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`gate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
