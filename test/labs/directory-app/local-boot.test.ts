// The local boot of an instance on LocalStack, with a stand-in program: its supervisor is the built runner's (nothing is
// compiled when an instance boots), everything it starts listens on 127.0.0.1 only, and removing the instance (as
// `lab reset` does) stops the boot for good.
import { spawnSync } from 'node:child_process';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type LabContext } from '../../../lab-runner/context.js';
import { bootLocalInstance, liveLocalInstance, readLocalInstance } from '../../../lab-runner/local-instance/index.js';
import { builtRunnerDir } from '../../../lab-runner/paths.js';
import { removeInstance } from '../../../lab-runner/resources/ec2-instances.js';
import { localSession } from '../../support/session.js';

const account = '000000002303';

/** A program that answers every request, on the port and address the boot gives it. */
const STAND_IN = new TextEncoder().encode(
  "import { createServer } from 'node:http';\n" +
    "createServer((req, res) => res.end(JSON.stringify({ status: 'ok', path: req.url }))).listen(Number(process.env.PORT), process.env.HOST);\n",
);

let ctx: LabContext;
let instanceId = '';

beforeAll(async () => {
  const session = await localSession(account);
  ctx = createContext({ target: session.target, lab: { id: 'directory-app', region: 'target' }, account });
  const { Parameter } = await ctx.clients.ssm.send(new GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }));
  const { Instances = [] } = await ctx.clients.ec2.send(
    new RunInstancesCommand({ ImageId: Parameter?.Value, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, TagSpecifications: ctx.ec2Tags('instance', 'local-boot') }),
  );
  instanceId = Instances[0]?.InstanceId ?? '';
});

afterAll(async () => {
  if (instanceId) await removeInstance(ctx.clients.ec2, instanceId, { isLocal: true });
});

/** The processes of a boot: its supervisor leads a process group with its metadata service and program. */
function groupPids(leader: number): number[] {
  const listing = spawnSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' }).stdout;
  return listing.split('\n').flatMap((line) => {
    const [pid, pgid] = line.trim().split(/\s+/).map(Number);
    return pgid === leader && pid ? [pid] : [];
  });
}

/** Every address the processes listen on for TCP, as `ss -ltnp` shows it. */
function listeningAddresses(pids: number[]): string[] {
  const table = spawnSync('ss', ['-ltnpH'], { encoding: 'utf8' }).stdout;
  return table.split('\n').flatMap((line) => {
    const owners = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    return owners.some((pid) => pids.includes(pid)) ? [line.trim().split(/\s+/)[3] ?? ''] : [];
  });
}

describe('the local boot of an instance', () => {
  it('runs the built supervisor, listens on 127.0.0.1 only, and stops for good when the instance is removed', async () => {
    const boot = await bootLocalInstance(ctx, {
      instanceId,
      program: { fileName: 'stand-in.mjs', bytes: STAND_IN },
      environment: ({ port, host }) => ({ PORT: String(port), HOST: host }),
    });
    expect(boot.reused).toBe(false);
    const supervisorArgs = spawnSync('ps', ['-o', 'args=', '-p', String(boot.pid)], { encoding: 'utf8' }).stdout;
    expect(supervisorArgs).toContain(`${builtRunnerDir}/supervisor.js`);
    expect(supervisorArgs).not.toContain('tsx');

    const addresses = listeningAddresses(groupPids(boot.pid));
    // The metadata service and the program, and nothing else.
    expect(addresses).toHaveLength(2);
    for (const address of addresses) expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(addresses).toContain(new URL(boot.url).host);
    expect(addresses).toContain(new URL(boot.imdsUrl).host);

    await removeInstance(ctx.clients.ec2, instanceId, { isLocal: true });
    expect(readLocalInstance(instanceId)).toBeUndefined();
    expect(await liveLocalInstance(instanceId)).toBeUndefined();
    expect(groupPids(boot.pid)).toEqual([]);
  });
});
