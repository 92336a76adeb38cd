export {FrameSplitter, MAX_FRAME_BYTES, MAX_PART_HEADER_BYTES, type FrameSplitterOptions} from './ingest/frame-splitter.js';
export {parseContentType} from './ingest/content-type.js';
export type {Frame, PartHeader, SplitterStats, FramingMode} from './ingest/types.js';
export {CamtopError, type CamtopErrorCode} from './errors.js';
