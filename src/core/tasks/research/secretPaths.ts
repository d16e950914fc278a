/*
 * Which workspace files hold secrets and must never reach a model: the research tools, the research
 * context and the host's workspace reader all ask here, so the rule is written once.
 */

/** File names (case-insensitive) that hold keys, tokens or passwords by convention. */
const SECRET_NAMES: readonly RegExp[] = [
  /^\.env/, // .env, .env.local, .env.production, .envrc
  /\.(pem|key|p12|pfx|jks|keystore)$/,
  /^id_(rsa|dsa|ecdsa|ed25519)/, // SSH private keys (and their .pub twins: no reason to send them either)
  /^\.(npmrc|netrc|pypirc|pgpass|git-credentials)$/,
  /^(_netrc|\.htpasswd)$/,
  /^credentials(\.[a-z0-9]+)?$/, // ~/.aws/credentials-style files, credentials.json
  /(^|[._-])credentials?\.(json|ya?ml|xml|ini|toml)$/, // google-credentials.json, db.credentials.yml
  /^secrets?\.(json|ya?ml|toml|ini)$/,
];

/** Folders whose whole content is private to the tools that own them. */
const SECRET_FOLDERS: readonly string[] = ['.git', '.ssh', '.gnupg', '.aws'];

/**
 * Whether `path` (workspace-relative or absolute, `/` or `\` separated) names a secret: a secret file
 * name, or anything inside `.git/` (or another private folder) at any depth.
 */
export function isSecretPath(path: string): boolean {
  const parts = path.split(/[\\/]+/).filter((p) => p.length > 0);
  const name = parts.at(-1)?.toLowerCase();
  if (name === undefined) return false;
  if (parts.slice(0, -1).some((p) => SECRET_FOLDERS.includes(p.toLowerCase()))) return true;
  if (SECRET_FOLDERS.includes(name)) return true;
  return SECRET_NAMES.some((re) => re.test(name));
}
