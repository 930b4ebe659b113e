import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "../../../app/services/crypto";

describe(encryptSecret.name, () => {
  it("round-trips a secret and never stores it in clear", () => {
    // GIVEN a key and an API key
    const key = randomBytes(32);
    const secret = "CRM-api-key-Ωmega-🙂";
    // WHEN it is sealed and opened again
    const sealed = encryptSecret(secret, key);
    // THEN the plaintext comes back, and the sealed form does not contain it
    expect(decryptSecret(sealed, key)).toBe(secret);
    expect(sealed).not.toContain("CRM-api-key");
    expect(sealed.startsWith("v1.")).toBe(true);
  });

  it("uses a fresh IV for every value", () => {
    const key = randomBytes(32);
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("fails loudly with the wrong key", () => {
    // GIVEN a secret sealed with one key
    const sealed = encryptSecret("secret", randomBytes(32));
    // WHEN another key opens it THEN it throws an error that says what to do
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow(/APP_ENCRYPTION_KEY/);
  });

  it("rejects tampered ciphertext and unknown formats", () => {
    const key = randomBytes(32);
    const sealed = encryptSecret("secret", key);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => decryptSecret(tampered, key)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret("plain-text", key)).toThrow(SecretDecryptionError);
  });

  it("refuses a key of the wrong size", () => {
    expect(() => encryptSecret("x", randomBytes(16))).toThrow(/32 bytes/);
  });
});
