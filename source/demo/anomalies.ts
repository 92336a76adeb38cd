import type {DemoAnomalies, DemoAnomalyCounters} from './types.js';

/** How one part is bent by the camera's anomalies. */
export type PartPlan = {
	/** The JPEG bytes sent (cut short for a corrupt frame). */
	readonly body: Uint8Array;
	/** The Content-Length written; undefined: no Content-Length header. */
	readonly declaredLength: number | undefined;
	/** Bytes written right after the JPEG, before the line end and the next delimiter. */
	readonly garbage: Uint8Array | undefined;
};

export function emptyAnomalyCounters(): DemoAnomalyCounters {
	return {wrongLength: 0, missingLength: 0, garbageParts: 0, garbageBytes: 0, corrupt: 0};
}

const hits = (rule: {readonly every: number} | undefined, sequence: number): boolean =>
	rule !== undefined && sequence % rule.every === 0;

/** Letters only: no line end, no `-`, no 0xFF, so garbage can never look like a delimiter or a JPEG marker. */
function garbageBytes(count: number): Uint8Array {
	return Uint8Array.from({length: count}, (_, index) => 0x41 + (index % 26));
}

/**
The plan for part number `sequence` (from 1, counting every frame the camera made).
`lengthInHeader` is false for the `no-content-length` quirk.
*/
export function planPart(jpeg: Uint8Array, sequence: number, anomalies: DemoAnomalies | undefined, lengthInHeader: boolean): PartPlan {
	const body = hits(anomalies?.corrupt, sequence) ? jpeg.subarray(0, Math.max(4, Math.floor(jpeg.length / 2))) : jpeg;
	let declaredLength: number | undefined = lengthInHeader ? body.length : undefined;
	if (hits(anomalies?.missingLength, sequence)) {
		declaredLength = undefined;
	} else if (declaredLength !== undefined && anomalies?.wrongLength && hits(anomalies.wrongLength, sequence)) {
		declaredLength = Math.max(0, declaredLength + anomalies.wrongLength.delta);
	}

	const garbage = anomalies?.garbage && hits(anomalies.garbage, sequence) ? garbageBytes(anomalies.garbage.bytes) : undefined;
	return {body, declaredLength, garbage};
}

/** Count what one written part carried. */
export function countPart(counters: DemoAnomalyCounters, plan: PartPlan, jpegLength: number, lengthInHeader: boolean): void {
	if (plan.body.length !== jpegLength) {
		counters.corrupt++;
	}

	if (plan.declaredLength === undefined) {
		if (lengthInHeader) {
			counters.missingLength++;
		}
	} else if (plan.declaredLength !== plan.body.length) {
		counters.wrongLength++;
	}

	if (plan.garbage) {
		counters.garbageParts++;
		counters.garbageBytes += plan.garbage.length;
	}
}

/** Why the anomaly options are unusable, or undefined. */
export function anomalyProblem(anomalies: DemoAnomalies | undefined): string | undefined {
	if (anomalies === undefined) {
		return undefined;
	}

	const rules = [anomalies.wrongLength, anomalies.missingLength, anomalies.garbage, anomalies.corrupt];
	if (rules.some(rule => rule !== undefined && !(Number.isInteger(rule.every) && rule.every > 0))) {
		return 'anomalies: every must be a positive integer';
	}

	if (anomalies.wrongLength && (!Number.isInteger(anomalies.wrongLength.delta) || anomalies.wrongLength.delta === 0)) {
		return 'anomalies: wrongLength.delta must be a non-zero integer';
	}

	if (anomalies.garbage && !(Number.isInteger(anomalies.garbage.bytes) && anomalies.garbage.bytes > 0 && anomalies.garbage.bytes <= 65_536)) {
		return 'anomalies: garbage.bytes must be an integer from 1 to 65536';
	}

	if (anomalies.declaredBoundary !== undefined && !/^[\w'()+,./:=?-]{1,70}$/.test(anomalies.declaredBoundary)) {
		return 'anomalies: declaredBoundary must be 1-70 boundary characters (RFC 2046)';
	}

	return undefined;
}
