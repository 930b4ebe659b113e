import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js";
import type { CountryCode } from "libphonenumber-js";
import type { MappingNote } from "./result";

export interface PhoneReading {
  /** E.164 (plus " ext. N" when the number had an extension), or the text as typed when it could not be read. */
  readonly number: string;
  readonly normalised: boolean;
}

/** One phone found somewhere on a Shopify record, with the country of the address it came with. */
export interface PhoneCandidate {
  readonly raw: string | null | undefined;
  readonly country?: string | null;
  readonly path: string;
}

function toRegion(country: string | null | undefined): CountryCode | undefined {
  const code = country?.trim().toUpperCase();
  return code && isSupportedCountry(code) ? code : undefined;
}

/**
 * Normalises a phone to E.164 with the address country as the default region. A number of plausible length
 * is normalised even when its range is not assigned (555 numbers, new ranges the metadata does not know):
 * the goal is one spelling per number, not validation. Undefined for an empty value.
 */
export function normalisePhone(raw: string | null | undefined, country?: string | null): PhoneReading | undefined {
  const typed = raw?.trim();
  if (!typed) return undefined;
  const parsed = parsePhoneNumberFromString(typed, toRegion(country));
  if (!parsed?.isPossible()) return { number: typed, normalised: false };
  const number = parsed.ext ? `${parsed.number} ext. ${parsed.ext}` : parsed.number;
  return { number, normalised: true };
}

/**
 * Reads every candidate, keeps one entry per number (compared after normalising) in the order found, and
 * adds a note for each number that had to be sent as typed. Nothing is dropped.
 */
export function collectPhones(candidates: readonly PhoneCandidate[], notes: MappingNote[]): string[] {
  const numbers: string[] = [];
  for (const candidate of candidates) {
    const reading = normalisePhone(candidate.raw, candidate.country);
    if (!reading || numbers.includes(reading.number)) continue;
    numbers.push(reading.number);
    if (!reading.normalised) notes.push(describeUnreadablePhone(reading.number, candidate.path));
  }
  return numbers;
}

/** Reads one phone for a single-value CRM field; notes it when it had to be sent as typed. */
export function readPhone(candidate: PhoneCandidate, notes: MappingNote[]): string | undefined {
  const reading = normalisePhone(candidate.raw, candidate.country);
  if (reading && !reading.normalised) notes.push(describeUnreadablePhone(reading.number, candidate.path));
  return reading?.number;
}

function describeUnreadablePhone(typed: string, path: string): MappingNote {
  return {
    path,
    message: `Phone "${typed}" could not be read as a phone number; sent to the CRM as typed. Correct it in Shopify if it is wrong.`,
  };
}
