/**
A Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) in ms from `now`;
undefined when absent or unreadable. A date in the past is 0.
*/
export function parseRetryAfter(value: string | readonly string[] | undefined, now = Date.now()): number | undefined {
	const text = (typeof value === 'string' ? value : value?.[0])?.trim();
	if (text === undefined || text === '') {
		return undefined;
	}

	if (/^\d{1,10}$/.test(text)) {
		return Number(text) * 1000;
	}

	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
