// Load generator of the SFU benchmark, run as its own process (forked by bench/sfu.bench.mjs
// and pinned away from the measured core). `node loadgen.mjs sender` sends RTP like browsers
// (paced VP8 frames and Opus packets, Sender Reports, key frames on PLI/FIR); `node loadgen.mjs
// sink` counts what arrives. Both are driven by IPC messages and answer each with a reply.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { isRtcp, keyFrameRequests, rtpHeader, senderReport, vp8Payload } from './rtp.mjs';

const role = process.argv[2];
const sockets = [];

async function bind(count, recvBufferSize) {
  for (let i = 0; i < count; i += 1) {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    if (recvBufferSize) socket.setRecvBufferSize(recvBufferSize);
    sockets.push(socket);
  }
  return sockets.map((socket) => socket.address().port);
}

// ---------------------------------------------------------------------------------------------
// Sender. A stream: { socket, kind: 'video' | 'audio', ssrc, payloadType, clockRate, fps,
// packetsPerFrame, packetSize, width, height, temporalLayers (1 or 3), audioLevelId,
// speakerIndex, dtx } — video sends `fps` frames/s of `packetsPerFrame` packets; audio sends `fps`
// packets/s (20 ms Opus frames: 50).
const streams = new Map(); // ssrc -> state that survives runs (sequence numbers, picture ids)
let run = null;

function streamState(spec) {
  let state = streams.get(spec.ssrc);
  if (!state) {
    state = {
      sequence: Math.floor(Math.random() * 0xffff),
      pictureId: Math.floor(Math.random() * 0x7fff),
      tl0: 0,
      frame: 0,
      packets: 0,
      octets: 0,
      keyPending: true,
    };
    streams.set(spec.ssrc, state);
  }
  return state;
}

const TEMPORAL_PATTERN = [0, 2, 1, 2]; // L1T3 as libwebrtc sends it: 30, 15 and 7.5 fps layers

function sendFrame(spec, state, target, now, startedAt) {
  const socket = sockets[spec.socket];
  const timestamp = Math.round(((now - startedAt) * spec.clockRate) / 1000) + (spec.ssrc & 0xffff);
  state.lastTimestamp = timestamp;
  let sent = 0;
  let silentDtx = false;
  if (spec.kind === 'audio') {
    // One 20 ms Opus packet; the speaking peer's level rises and falls in syllables.
    const speaking = run.speaker === spec.speakerIndex;
    // With DTX (`spec.dtx`) a silent microphone sends one small comfort-noise packet every
    // 400 ms (every 20th frame) instead of one every 20 ms, as Opus does in the browser.
    silentDtx = Boolean(spec.dtx) && !speaking;
    if (silentDtx && state.frame++ % 20 !== 0) return 0;
    const level = speaking
      ? state.frame % 10 < 6
        ? 15 + (state.frame % 3) * 5
        : 90
      : 110 + (state.frame % 7);
    const header = rtpHeader({
      payloadType: spec.payloadType,
      ssrc: spec.ssrc,
      sequenceNumber: state.sequence++,
      timestamp,
      marker: false,
      extension: { id: spec.audioLevelId, value: 0x80 | level },
    });
    const payloadBytes = silentDtx ? 3 : spec.packetSize - header.length;
    const packet = Buffer.concat([header, Buffer.alloc(payloadBytes, 0x33)]);
    socket.send(packet, target.port, target.ip);
    state.packets += 1;
    state.octets += packet.length - header.length;
    sent = 1;
  } else {
    const keyFrame = state.keyPending;
    state.keyPending = false;
    const tid = spec.temporalLayers === 3 ? (keyFrame ? 0 : TEMPORAL_PATTERN[state.frame % 4]) : 0;
    if (tid === 0) state.tl0 = (state.tl0 + 1) & 0xff;
    state.pictureId = (state.pictureId + 1) & 0x7fff;
    for (let p = 0; p < spec.packetsPerFrame; p += 1) {
      const header = rtpHeader({
        payloadType: spec.payloadType,
        ssrc: spec.ssrc,
        sequenceNumber: state.sequence++,
        timestamp,
        marker: p === spec.packetsPerFrame - 1,
      });
      const payload = vp8Payload({
        size: spec.packetSize - header.length,
        first: p === 0,
        keyFrame,
        pictureId: state.pictureId,
        tl0PictureIndex: state.tl0,
        tid,
        layerSync: tid > 0 && state.frame % 4 !== 3,
        width: spec.width,
        height: spec.height,
      });
      socket.send([header, payload], target.port, target.ip);
      state.packets += 1;
      state.octets += payload.length;
    }
    sent = spec.packetsPerFrame;
  }
  if (!silentDtx) state.frame += 1;
  return sent;
}

function sendReports(now) {
  const bySocket = new Map();
  for (const spec of run.streams) {
    const state = streams.get(spec.ssrc);
    if (state.lastTimestamp === undefined) continue;
    const report = senderReport({
      ssrc: spec.ssrc,
      wallTimeMs: now,
      rtpTimestamp: state.lastTimestamp,
      packetCount: state.packets,
      octetCount: state.octets,
    });
    const list = bySocket.get(spec.socket) ?? [];
    list.push(report);
    bySocket.set(spec.socket, list);
  }
  for (const [index, reports] of bySocket) {
    const target = run.targets[index];
    sockets[index].send(Buffer.concat(reports), target.port, target.ip);
  }
}

function startRun({ targets, streams: specs, speakerSeconds = 5 }) {
  const startedAt = Date.now();
  run = {
    targets,
    streams: specs,
    startedAt,
    sent: 0,
    speaker: 0,
    // A random phase per stream, so peers' frames do not all leave in the same millisecond.
    phase: specs.map(() => Math.random()),
    frames: specs.map(() => 0),
    nextReport: startedAt + 1000,
  };
  for (const spec of specs) streamState(spec);
  const tick = () => {
    if (!run) return;
    const now = Date.now();
    const elapsed = now - startedAt;
    run.speaker = Math.floor(elapsed / (speakerSeconds * 1000)) % 8;
    for (let i = 0; i < specs.length; i += 1) {
      const spec = specs[i];
      const due = Math.floor((elapsed / 1000) * spec.fps + run.phase[i]);
      // After a stall (a busy machine) catch up at most 20 ms worth and skip the rest, as an
      // encoder drops frames; only packets really sent are counted.
      const behind = due - run.frames[i];
      const send = Math.min(behind, Math.max(1, Math.ceil(spec.fps / 50)));
      for (let f = 0; f < send; f += 1) {
        run.sent += sendFrame(spec, streams.get(spec.ssrc), targets[spec.socket], now, startedAt);
      }
      run.frames[i] = due;
    }
    if (now >= run.nextReport) {
      sendReports(now);
      run.nextReport += 1000;
    }
    run.timer = setTimeout(tick, 1);
  };
  tick();
}

function stopRun() {
  if (!run) return { sent: 0, seconds: 0 };
  clearTimeout(run.timer);
  const result = { sent: run.sent, seconds: (Date.now() - run.startedAt) / 1000 };
  run = null;
  return result;
}

let keyFrameRequestsSeen = 0;
function listenForKeyFrameRequests() {
  for (const socket of sockets) {
    socket.on('message', (message) => {
      if (!isRtcp(message)) return;
      for (const ssrc of keyFrameRequests(message)) {
        const state = streams.get(ssrc);
        if (state) {
          state.keyPending = true;
          keyFrameRequestsSeen += 1;
        }
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Sink: counts RTP (and, separately, RTCP) per socket; optionally per SSRC.
let rtpCounts = [];
let rtcpCounts = [];
let perSsrc = null;

function startSink(countSsrcs) {
  rtpCounts = sockets.map(() => 0);
  rtcpCounts = sockets.map(() => 0);
  perSsrc = countSsrcs ? new Map() : null;
  sockets.forEach((socket, index) => {
    socket.on('message', (message) => {
      if (isRtcp(message)) {
        rtcpCounts[index] += 1;
        return;
      }
      rtpCounts[index] += 1;
      if (perSsrc && message.length >= 12) {
        const ssrc = message.readUInt32BE(8);
        perSsrc.set(ssrc, (perSsrc.get(ssrc) ?? 0) + 1);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
process.on('message', async (message) => {
  const reply = (body) => process.send({ id: message.id, ...body });
  try {
    switch (message.type) {
      case 'bind': {
        const ports = await bind(message.count, message.recvBufferSize);
        if (role === 'sender') listenForKeyFrameRequests();
        else startSink(message.countSsrcs);
        reply({ ports });
        break;
      }
      case 'start':
        startRun(message);
        reply({});
        break;
      case 'stop':
        reply({ ...stopRun(), keyFrameRequests: keyFrameRequestsSeen });
        break;
      case 'counts':
        reply({
          rtp: [...rtpCounts],
          rtcp: [...rtcpCounts],
          perSsrc: perSsrc ? Object.fromEntries(perSsrc) : undefined,
        });
        break;
      case 'exit':
        for (const socket of sockets) socket.close();
        reply({});
        process.disconnect();
        break;
      default:
        reply({ error: `unknown message ${message.type}` });
    }
  } catch (error) {
    reply({ error: String(error?.stack ?? error) });
  }
});
