import assert from 'node:assert/strict';
import { isSecretPath } from '../../../../src/core/tasks/research/secretPaths';

describe('secret paths', () => {
  it('names env files, keys, credentials and anything under .git as secrets', () => {
    const secrets = [
      '.env',
      '.env.local',
      'apps/web/.env.production',
      '.envrc',
      'deploy/server.key',
      'certs/site.PEM',
      'keys/store.p12',
      'keys/store.pfx',
      'id_rsa',
      'home/.ssh/id_ed25519.pub',
      '.npmrc',
      'packages/a/.npmrc',
      '.netrc',
      '.aws/credentials',
      'credentials',
      'credentials.json',
      'google-credentials.json',
      'secrets.yaml',
      '.git',
      '.git/config',
      'vendor/lib/.git/HEAD',
      'C:\\work\\repo\\.env',
    ];
    for (const path of secrets) assert.equal(isSecretPath(path), true, path);
  });

  it('lets ordinary source and config files through', () => {
    const ordinary = ['src/env.ts', 'src/environment.ts', 'src/keyboard.ts', 'docs/keys.md', 'src/credentialsForm.tsx', 'package.json', '.gitignore', '.github/workflows/ci.yml', 'src/secretPaths.ts', 'tsconfig.json'];
    for (const path of ordinary) assert.equal(isSecretPath(path), false, path);
  });
});
