import {useEffect, useLayoutEffect, useMemo, useReducer, useRef} from 'react';
import {Box, useInput} from 'ink';
import {chromeRows, compactRect, type ChromeRows} from './chrome-rows.js';
import {computeLayout, type ScreenLayout} from './layout.js';
import {actionsForInput} from './key-bindings.js';
import {initialUiState, uiReducer, type CaptureKind, type RenderChange} from './ui-reducer.js';
import {useMonitor, type MonitorSource} from './use-monitor.js';
import {useTerminalSize, type TerminalSizeSource} from './use-terminal-size.js';
import {Tile} from './tile.js';
import {StatsPanel} from './stats-panel.js';
import {StatusLine} from './status-line.js';
import {HelpOverlay, helpSize} from './help-overlay.js';

export type AppProps = {
	readonly store: MonitorSource;
	readonly terminal: TerminalSizeSource;
	/** Where the cameras came from, shown in the status line. */
	readonly origin: string;
	/**
	Called with every new layout, so video can be painted into the tile rectangles, and with
	the chrome rows: Ink renders only those (chrome-rows.ts); expandFrame puts them back in place.
	*/
	readonly onLayout: (layout: ScreenLayout, chrome: ChromeRows) => void;
	readonly onQuit: () => void;
	/** Reconnect camera `index` now (key `r`). */
	readonly onReconnect?: (index: number) => void;
	/** Change the render mode or fps cap (keys `m`, `+`, `-`). */
	readonly onRender?: (change: RenderChange) => void;
	/** Save camera `index`'s current frame, or start/stop recording it (keys `c`, `R`). */
	readonly onCapture?: (kind: CaptureKind, index: number) => void;
	readonly now?: () => number;
};

export function App({store, terminal, origin, onLayout, onQuit, onReconnect, onRender, onCapture, now = Date.now}: AppProps) {
	const {cameras, render} = useMonitor(store);
	const size = useTerminalSize(terminal);
	const [ui, dispatch] = useReducer(uiReducer, cameras.length, initialUiState);

	useEffect(() => {
		dispatch({type: 'camera-count', count: cameras.length});
	}, [cameras.length]);

	useInput((input, key) => {
		for (const action of actionsForInput(input, key)) {
			dispatch(action);
		}
	});

	useEffect(() => {
		if (ui.reconnect) {
			onReconnect?.(ui.reconnect.index);
		}
	}, [ui.reconnect, onReconnect]);

	useEffect(() => {
		if (ui.render) {
			onRender?.(ui.render.change);
		}
	}, [ui.render, onRender]);

	const capturesDone = useRef(0);
	useEffect(() => {
		for (const request of ui.captures) {
			if (request.serial > capturesDone.current) {
				capturesDone.current = request.serial;
				onCapture?.(request.kind, request.index);
			}
		}
	}, [ui.captures, onCapture]);

	useEffect(() => {
		if (ui.quitting) {
			onQuit();
		}
	}, [ui.quitting, onQuit]);

	const layout = useMemo(() => computeLayout({
		columns: size.columns,
		rows: size.rows,
		cameraCount: cameras.length,
		view: ui.view,
		selected: ui.selected,
		helpOpen: ui.helpOpen,
		helpSize: helpSize(),
		statsOpen: ui.statsOpen,
	}), [size.columns, size.rows, cameras.length, ui.view, ui.selected, ui.helpOpen, ui.statsOpen]);

	// Which tiles show a placeholder (no picture yet): those rows are chrome too.
	const placeholders = cameras.map(camera => camera.frames === 0 ? '1' : '0').join('');
	const rows = useMemo(() => chromeRows(layout, index => placeholders[index] === '1'), [layout, placeholders]);

	// A layout effect runs in the same commit as Ink's write of the frame, so the video
	// rectangles and the chrome that surrounds them reach the compositor together.
	useLayoutEffect(() => {
		onLayout(layout, rows);
	}, [layout, rows, onLayout]);

	const focused = layout.stats === undefined ? undefined : cameras[ui.selected];
	return (
		<Box width={layout.columns} height={rows.live.length} flexDirection="column">
			{layout.tiles.map(tile => {
				const camera = cameras[tile.index];
				return camera && <Tile key={tile.index} title={compactRect(rows, tile.title)} placeholder={camera.frames === 0 ? compactRect(rows, tile.video) : undefined} camera={camera} selected={ui.view === 'grid' && tile.index === ui.selected}/>;
			})}
			{layout.stats && focused && <StatsPanel rect={compactRect(rows, layout.stats)} camera={focused} now={now()}/>}
			<StatusLine rect={compactRect(rows, layout.statusLine)} origin={origin} cameraCount={cameras.length} render={render}/>
			{layout.overlays.map(rect => <HelpOverlay key="help" rect={compactRect(rows, rect)}/>)}
		</Box>
	);
}
