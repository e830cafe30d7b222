// One date format on the whole page, day before month as in the bot's messages ("Mon 1 Mar 2027").
// A browser's <input type="date"> shows its own locale's order (mm/dd/yyyy in an American
// Chromium), so date fields are text fields that show and read day-month.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
export const DATE_EXAMPLE = "1 Mar 2027";

// "2027-03-01" -> "1 Mar 2027" ("" stays "").
export function dayMonth(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}` : "";
}

// "1 Mar 2027", "Mon 1 March 2027", "1/3/2027" or "2027-03-01" -> "2027-03-01"; "" -> null.
// Throws an Error that shows an example for anything else.
export function parseDay(text) {
  const typed = String(text || "").trim();
  if (!typed) return null;
  let year, month, day;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(typed);
  if (match) [year, month, day] = [match[1], match[2], match[3]].map(Number);
  match = match || /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})$/i.exec(typed);
  if (match && month === undefined) {
    month = MONTHS.findIndex((m) => match[2].toLowerCase().startsWith(m.toLowerCase())) + 1;
    [day, year] = [Number(match[1]), Number(match[3])];
  }
  match = match || /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed);
  if (match && month === undefined) [day, month, year] = [match[1], match[2], match[3]].map(Number);
  const date = new Date(Date.UTC(year, (month || 0) - 1, day));
  if (!match || !month || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    throw new Error(`“${typed}” is not a date I can read: type the day first, e.g. ${DATE_EXAMPLE}`);
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
