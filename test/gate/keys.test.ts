// The gate's record of the keys it saw made: in a file of its owner's only when given one, read back by a restarted
// gate, and a deleted key stays refused rather than forgotten.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyRegistry } from '../../lab-runner/gate/keys.js';

const principal = { kind: 'user' as const, account: '000000005010', arn: 'arn:aws:iam::000000005010:user/bob', name: 'bob' };

describe('the key registry', () => {
  it('keeps keys in a file only its owner can read, which a new registry reads back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gate-keys-')), 'keys.json');
    new KeyRegistry(file).learn({ secret: { accessKeyId: 'LKIAEXAMPLE', secretAccessKey: 'very-secret' }, principal, active: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new KeyRegistry(file).get('LKIAEXAMPLE')).toMatchObject({ principal: { name: 'bob' }, active: true });
  });

  it('keeps a deleted key as refused, without its secret, and does not reactivate it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gate-keys-')), 'keys.json');
    const keys = new KeyRegistry(file);
    keys.learn({ secret: { accessKeyId: 'LKIAGONE', secretAccessKey: 'gone-secret' }, principal, active: true });
    keys.forget('LKIAGONE');
    keys.setActive('LKIAGONE', true);
    expect(keys.get('LKIAGONE')).toMatchObject({ active: false, deleted: true });
    expect(readFileSync(file, 'utf8')).not.toContain('gone-secret');
  });

  it('keeps nothing on disk when given no file', () => {
    const keys = new KeyRegistry();
    keys.learn({ secret: { accessKeyId: 'LKIAMEM', secretAccessKey: 's' }, principal, active: true });
    expect(keys.get('LKIAMEM')?.secret.secretAccessKey).toBe('s');
  });
});
