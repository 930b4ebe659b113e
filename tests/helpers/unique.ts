import { randomUUID } from "node:crypto";

/** An e-mail no other test uses, so CRM look-ups by e-mail never find another test's customer. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}
