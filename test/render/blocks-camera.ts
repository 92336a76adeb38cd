import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import sharp from 'sharp';
import {blocks, FRAME_1} from './fixtures/image-blocks.js';

/*
A camera for the real-terminal camtop checks (kitty-camtop.test.ts, mlterm-camtop.test.ts):
an MJPEG server on 127.0.0.1 sending a 640×360 picture of FRAME_1's blocks ten times a
second to each client until it disconnects.
*/

export type BlocksCamera = {url: string; close: () => void};

export async function startBlocksCamera(): Promise<BlocksCamera> {
	const jpeg = await sharp(blocks(FRAME_1, 640, 360), {raw: {width: 640, height: 360, channels: 3}}).jpeg({quality: 95}).toBuffer();
	const timers = new Set<NodeJS.Timeout>();
	const server = createServer((request, response) => {
		response.writeHead(200, {'Content-Type': 'multipart/x-mixed-replace; boundary=frame'});
		const timer = setInterval(() => {
			response.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
			response.write(jpeg);
			response.write('\r\n');
		}, 100);
		timers.add(timer);
		request.on('close', () => {
			clearInterval(timer);
			timers.delete(timer);
		});
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
		close() {
			for (const timer of timers) {
				clearInterval(timer);
			}

			server.closeAllConnections();
			server.close();
		},
	};
}
