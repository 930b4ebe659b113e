import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Secrets at rest (the CRM API key) are sealed with AES-256-GCM: a fresh 12-byte IV per value and the
// 16-byte tag, stored as "v1.<iv>.<tag>.<ciphertext>" in base64url.

const VERSION = "v1";

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(
      `Could not decrypt a stored secret (${reason}). APP_ENCRYPTION_KEY is not the key it was stored with: ` +
        "restore the previous key, or reconnect the CRM so the API key is stored again.",
    );
    this.name = "SecretDecryptionError";
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error("The encryption key must be exactly 32 bytes (AES-256).");
}

export function encryptSecret(plaintext: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export function decryptSecret(sealed: string, key: Buffer): string {
  assertKey(key);
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new SecretDecryptionError("unknown format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("authentication failed");
  }
}
