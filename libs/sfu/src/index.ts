// mediasoup without Nest: the worker pool, rooms and peers of the live-session SFU live here.
export {
  CAMERA_LAYER_SIZES,
  CAMERA_MAX_TEMPORAL_LAYER,
  MAX_TILE_PIXEL_RATIO,
  layersForTile,
  type LayerChoice,
  type LayerSize,
  type TileSize,
} from './tile-layers';
export {
  kindOfSource,
  type ConsumerAppData,
  type MediaSource,
  type PeerConsumer,
  type PeerInfo,
  type PeerProducer,
  type PeerRole,
  type ProducerAppData,
  type TransportAppData,
  type TransportDirection,
} from './media-types';
export { Peer } from './peer';
export {
  DYNACAST_OFF_DELAY_MS,
  Dynacast,
  demandOf,
  sentLayers,
  type LayerDemand,
  type ProducerLayers,
} from './dynacast';
export type {
  ConsumeOptions,
  ConsumerCloseReason,
  ConsumerHold,
  ConsumerParameters,
  ConsumerRef,
  PeerContext,
  PeerEvents,
  PlainRemoteAddress,
  PlainTransportParameters,
  PlainTransportRequest,
  ProduceRequest,
  ProducerCloseReason,
  WebRtcTransportParameters,
} from './peer-types';
export {
  Room,
  type ActiveSpeakerEvent,
  type RoomCloseReason,
  type RoomEvents,
  type RoomOptions,
  type RoomRouterAppData,
} from './room';
export { RoomRegistry, type RoomRegistryEvents } from './room-registry';
export { CONGESTION_CONTROL_EXTENSIONS, withoutCongestionControl } from './rtp-capabilities';
export {
  DEFAULT_MEDIA_CODECS,
  defaultSfuConfig,
  resolveSfuConfig,
  type SfuConfig,
  type SfuConfigInput,
  type SfuListenConfig,
  type SfuPortRange,
  type SfuWorkerLogLevel,
  type SfuWorkerLogTag,
} from './sfu-config';
export {
  SfuError,
  isSfuError,
  sfuErrorCodes,
  type SfuErrorCode,
  type SfuErrorDetails,
} from './sfu-error';
export {
  PooledWorker,
  WorkerPool,
  type HostedRoom,
  type PoolWorkerAppData,
  type PoolWorkerInfo,
  type WorkerDiedEvent,
  type WorkerLoad,
  type WorkerPoolEvents,
  type WorkerPoolOptions,
  type WorkerReplacedEvent,
  type WorkerRespawnFailedEvent,
} from './worker-pool';
