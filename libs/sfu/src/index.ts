// mediasoup without Nest: the worker pool, rooms and peers of the live-session SFU live here.
export {};
