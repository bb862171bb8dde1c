// Just enough RTP/RTCP for the SFU benchmark's load generator: VP8 frames with the payload
// descriptor a browser writes (picture id, TL0PICIDX, temporal layer), Opus packets with the
// audio level extension, compound Sender Reports, and reading PLI/FIR requests back.

/** RTP header (version 2, no CSRCs), optionally with one one-byte header extension element. */
export function rtpHeader({ payloadType, ssrc, sequenceNumber, timestamp, marker, extension }) {
  const header = Buffer.alloc(extension ? 20 : 12);
  header[0] = 0x80 | (extension ? 0x10 : 0);
  header[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  header.writeUInt16BE(sequenceNumber & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  if (extension) {
    // 0xBEDE one-byte form, one 32-bit word: [id | len-1] [value] [pad] [pad].
    header[12] = 0xbe;
    header[13] = 0xde;
    header.writeUInt16BE(1, 14);
    header[16] = extension.id << 4;
    header[17] = extension.value & 0xff;
  }
  return header;
}

/**
 * One VP8 RTP payload: the payload descriptor (RFC 7741) with a 15-bit picture id, TL0PICIDX
 * and TID, then (first packet of a frame only) the VP8 payload header, for a key frame with its
 * start code and dimensions. Padded with filler to `size` bytes.
 */
export function vp8Payload({
  size,
  first,
  keyFrame,
  pictureId,
  tl0PictureIndex,
  tid,
  layerSync,
  width,
  height,
}) {
  const payload = Buffer.alloc(Math.max(size, 16), 0x5a);
  payload[0] = first ? 0x90 : 0x80; // X=1, S on the first packet, partition 0
  payload[1] = 0xe0; // I, L, T present
  payload[2] = 0x80 | ((pictureId >> 8) & 0x7f);
  payload[3] = pictureId & 0xff;
  payload[4] = tl0PictureIndex & 0xff;
  payload[5] = ((tid & 0x03) << 6) | (layerSync ? 0x20 : 0);
  if (first) {
    payload[6] = keyFrame ? 0x10 : 0x11; // show_frame; P=0 marks a key frame
    payload[7] = 0x02;
    payload[8] = 0x00;
    if (keyFrame) {
      payload[9] = 0x9d;
      payload[10] = 0x01;
      payload[11] = 0x2a;
      payload.writeUInt16LE(width & 0x3fff, 12);
      payload.writeUInt16LE(height & 0x3fff, 14);
    }
  }
  return payload;
}

/** An RTCP Sender Report (RFC 3550 §6.4.1) with no report blocks. */
export function senderReport({ ssrc, wallTimeMs, rtpTimestamp, packetCount, octetCount }) {
  const packet = Buffer.alloc(28);
  packet[0] = 0x80;
  packet[1] = 200;
  packet.writeUInt16BE(6, 2);
  packet.writeUInt32BE(ssrc >>> 0, 4);
  packet.writeUInt32BE((Math.floor(wallTimeMs / 1000) + 2_208_988_800) >>> 0, 8);
  packet.writeUInt32BE(Math.floor(((wallTimeMs % 1000) / 1000) * 2 ** 32) >>> 0, 12);
  packet.writeUInt32BE(rtpTimestamp >>> 0, 16);
  packet.writeUInt32BE(packetCount >>> 0, 20);
  packet.writeUInt32BE(octetCount >>> 0, 24);
  return packet;
}

/** True for RTCP sharing the port with RTP (rtcp-mux, RFC 5761: second byte 192–223). */
export function isRtcp(packet) {
  return packet.length >= 8 && packet[1] >= 192 && packet[1] <= 223;
}

/** SSRCs a (compound) RTCP packet asks a key frame of: PLI (PSFB FMT 1) and FIR (FMT 4). */
export function keyFrameRequests(packet) {
  const ssrcs = [];
  let offset = 0;
  while (offset + 4 <= packet.length) {
    const fmt = packet[offset] & 0x1f;
    const type = packet[offset + 1];
    const length = (packet.readUInt16BE(offset + 2) + 1) * 4;
    if (type === 206 && fmt === 1 && offset + 12 <= packet.length) {
      ssrcs.push(packet.readUInt32BE(offset + 8));
    } else if (type === 206 && fmt === 4) {
      for (
        let fci = offset + 12;
        fci + 8 <= offset + length && fci + 4 <= packet.length;
        fci += 8
      ) {
        ssrcs.push(packet.readUInt32BE(fci));
      }
    }
    offset += length;
  }
  return ssrcs;
}
