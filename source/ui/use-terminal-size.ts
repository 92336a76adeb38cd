import {useEffect, useState} from 'react';

/** The real terminal's size. Ink itself writes to a virtual stdout, so it cannot tell us. */
export type TerminalSizeSource = {
	readonly columns: number | undefined;
	readonly rows: number | undefined;
	on(event: 'resize', listener: () => void): unknown;
	off(event: 'resize', listener: () => void): unknown;
};

export type TerminalSize = {columns: number; rows: number};

const fallback: TerminalSize = {columns: 80, rows: 24};

function read(source: TerminalSizeSource): TerminalSize {
	return {columns: source.columns ?? fallback.columns, rows: source.rows ?? fallback.rows};
}

export function useTerminalSize(source: TerminalSizeSource): TerminalSize {
	const [size, setSize] = useState(() => read(source));
	useEffect(() => {
		const onResize = () => {
			setSize(read(source));
		};

		source.on('resize', onResize);
		onResize();
		return () => {
			source.off('resize', onResize);
		};
	}, [source]);
	return size;
}
