const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `Y-m-d H:i:s`, the API's zone-less date format. The simulator's account time zone is UTC. */
export function formatCrmDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function isCrmDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(`${value.replace(" ", "T")}Z`));
}

export function isCrmDate(value: string): boolean {
  return DATE_ONLY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
