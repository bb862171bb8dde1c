// One shape for every figure of every harness, so the combined result (bench/results/latest.json)
// reads the same way throughout:
//   { id, harness, name, unit, better: 'higher' | 'lower',
//     value,                                 Hearth's figure
//     baseline: { name, value } | null,      the same metric of the baseline, same run
//     ratio,                                 value / baseline.value (null without a baseline)
//     target: { text, on: 'value' | 'ratio', op: '<=' | '>=', value } | null,
//     met }                                  target met; null when there is no target
import { audioFigures } from '../processing/audio.mjs';

const round = (n, digits = 2) =>
  Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : null;

function figure({ harness, id, name, unit, better, value, baseline = null, target = null, note }) {
  const ratio =
    baseline && Number.isFinite(value) && Number.isFinite(baseline.value) && baseline.value !== 0
      ? round(value / baseline.value)
      : null;
  let met = null;
  if (target) {
    const x = target.on === 'ratio' ? ratio : value;
    met = Number.isFinite(x) ? (target.op === '<=' ? x <= target.value : x >= target.value) : false;
  }
  return {
    id: `${harness}.${id}`,
    harness,
    name,
    unit,
    better,
    value: Number.isFinite(value) ? value : null,
    baseline,
    ratio,
    target,
    met,
    ...(note ? { note } : {}),
  };
}

function memoryFigures(harness, memory, processName) {
  if (!memory) return [];
  const list = [
    figure({
      harness,
      id: 'memory.process',
      name: `${harness}: peak RSS, ${processName}`,
      unit: 'MiB',
      better: 'lower',
      value: memory.process.peakRssMiB,
    }),
  ];
  if (memory.mediasoupWorkers.length) {
    list.push(
      figure({
        harness,
        id: 'memory.worker',
        name: `${harness}: peak RSS, largest mediasoup worker (of ${memory.mediasoupWorkers.length})`,
        unit: 'MiB',
        better: 'lower',
        value: memory.mediasoupWorkersPeakRssMiBMax,
      }),
    );
  }
  return list;
}

const collectors = {
  scheduling(r) {
    const harness = 'scheduling';
    return [
      figure({
        harness,
        id: 'schedule16.p95',
        name: 'schedule a 16-session course among 10k, p95',
        unit: 'ms',
        better: 'lower',
        value: r.schedule16.api.p95,
        baseline: { name: 'raw SQL through pg', value: r.schedule16.rawSql.p95 },
        target: { text: 'p95 ≤ 25 ms', on: 'value', op: '<=', value: 25 },
      }),
      figure({
        harness,
        id: 'schedule16.p50',
        name: 'schedule a 16-session course among 10k, p50',
        unit: 'ms',
        better: 'lower',
        value: r.schedule16.api.p50,
        baseline: { name: 'raw SQL through pg', value: r.schedule16.rawSql.p50 },
      }),
      figure({
        harness,
        id: 'sessionRead.reqPerSec',
        name: 'GET a session with roster, throughput',
        unit: 'req/s',
        better: 'higher',
        value: r.sessionRead.api.reqPerSec,
        baseline: {
          name: 'hello-world route, same server',
          value: r.sessionRead.helloWorld.reqPerSec,
        },
        target: { text: '≥ 3,000 req/s', on: 'value', op: '>=', value: 3000 },
      }),
      figure({
        harness,
        id: 'sessionRead.p99',
        name: 'GET a session with roster, p99 under load',
        unit: 'ms',
        better: 'lower',
        value: r.sessionRead.api.p99,
        baseline: { name: 'hello-world route, same server', value: r.sessionRead.helloWorld.p99 },
        target: { text: 'p99 ≤ 20 ms', on: 'value', op: '<=', value: 20 },
      }),
      ...memoryFigures(harness, r.memory, 'API server'),
    ];
  },

  sfu(r) {
    const harness = 'sfu';
    const list = [];
    const f = r.forwarding;
    if (f) {
      // When the ramp ended because the load generator could not offer more, the figure is a
      // lower bound: the SFU's own limit was not reached, so the target is not decided either
      // way, and a ratio of two such bounds says nothing about the systems.
      const generatorBound = (side) => side.limitedBy?.startsWith('the load generator');
      const maxPps = figure({
        harness,
        id: 'forwarding.maxPps',
        name: 'SFU forwarding at ≤ 85% CPU, < 0.5% loss',
        unit: 'pps',
        better: 'higher',
        value: f.sfu.maxForwardedPps,
        baseline: { name: 'Node UDP relay', value: f.relay.maxForwardedPps },
        target: { text: '≥ 60,000 pps', on: 'value', op: '>=', value: 60000 },
        note: `ramp stopped for the SFU by ${f.sfu.limitedBy}; for the relay by ${f.relay.limitedBy}`,
      });
      if (generatorBound(f.sfu) && maxPps.met === false) {
        maxPps.met = null;
        maxPps.lowerBound = true;
      }
      if (generatorBound(f.sfu) || generatorBound(f.relay)) maxPps.ratioIsBetweenLowerBounds = true;
      list.push(maxPps);
      // The cost comparison the harness headlines: at the highest rate both passed, else the
      // common rate whose ratio is the median.
      const compared = f.costAtSameRate ?? [];
      const at =
        compared.find((c) => c.targetPps === f.costRatioAtPps) ??
        compared.find((c) => c.ratio === f.costRatioMedian);
      if (at) {
        list.push(
          figure({
            harness,
            id: 'forwarding.cpuMicrosPerPacket',
            name: `SFU CPU per forwarded packet (at ${at.targetPps} pps)`,
            unit: 'µs',
            better: 'lower',
            value: at.sfuMicrosPerPacket,
            baseline: { name: 'Node UDP relay, same rate', value: at.relayMicrosPerPacket },
            target: { text: '≤ 1.1× the relay', on: 'ratio', op: '<=', value: 1.1 },
          }),
        );
      }
    }
    const s = r.session;
    if (s) {
      list.push(
        figure({
          harness,
          id: 'session.cpuPercent',
          name: '8-person simulcast session, worker CPU',
          unit: '% of a core',
          better: 'lower',
          value: s.sfu.cpuPercentOfOneCore,
          baseline: { name: 'Node UDP relay, same packets', value: s.relay.cpuPercentOfOneCore },
          target: { text: '≤ 15% of one core', on: 'value', op: '<=', value: 15 },
        }),
      );
      if (s.talkPattern) {
        list.push(
          figure({
            harness,
            id: 'session.talkPattern.cpuPercent',
            name: '8-person session, one speaker, DTX + dynacast, worker CPU',
            unit: '% of a core',
            better: 'lower',
            value: s.talkPattern.cpuPercentOfOneCore,
            baseline: { name: 'same session, always-on pattern', value: s.sfu.cpuPercentOfOneCore },
            target: { text: '≤ 0.5× the always-on pattern', on: 'ratio', op: '<=', value: 0.5 },
            note: `${s.talkSessionsPerCoreAt85} sessions per worker core at 85%`,
          }),
        );
      }
    }
    list.push(...memoryFigures(harness, r.memory, 'harness with libs/sfu'));
    return list;
  },

  join(r) {
    const harness = 'join';
    const j = r.joinToFirstRemoteFrame;
    return [
      figure({
        harness,
        id: 'p95',
        name: `join → first remote frame, p95 (${j.hearth.n} joins)`,
        unit: 'ms',
        better: 'lower',
        value: j.hearth.p95,
        baseline: {
          name: 'two RTCPeerConnections, one page',
          value: j.baselineTwoPeerConnections.p95,
        },
        target: { text: 'p95 ≤ 400 ms', on: 'value', op: '<=', value: 400 },
      }),
      figure({
        harness,
        id: 'p50',
        name: `join → first remote frame, p50 (${j.hearth.n} joins)`,
        unit: 'ms',
        better: 'lower',
        value: j.hearth.p50,
        baseline: {
          name: 'two RTCPeerConnections, one page',
          value: j.baselineTwoPeerConnections.p50,
        },
      }),
      ...memoryFigures(harness, r.memory, 'API server'),
    ];
  },

  uplink(r) {
    const harness = 'uplink';
    const limited = r.baselineLimited
      ? 'the baseline was limited by bandwidth or CPU (it sent less than it wanted)'
      : undefined;
    return [
      figure({
        harness,
        id: 'camera.kbps',
        name: 'camera upload per person, 3 phones in a couple call (dynacast)',
        unit: 'kbps',
        better: 'lower',
        value: r.dynacast.cameraKbpsMean,
        baseline: {
          name: 'every simulcast layer sent',
          value: r.baselineEveryLayer.cameraKbpsMean,
        },
        target: { text: '≤ 0.4× every layer', on: 'ratio', op: '<=', value: 0.4 },
        note: limited,
      }),
      ...(r.downlinkPhoneKbpsMean === undefined
        ? []
        : [
            figure({
              harness,
              id: 'downlink.kbps',
              name: 'video received per client phone, same call',
              unit: 'kbps',
              better: 'lower',
              value: r.downlinkPhoneKbpsMean,
              baseline: {
                name: 'every consumer at the top layer',
                value: r.downlinkTopLayerKbpsMean,
              },
              target: { text: '≤ 0.35× the top layer', on: 'ratio', op: '<=', value: 0.35 },
              note: limited,
            }),
          ]),
    ];
  },

  agenda(r) {
    const harness = 'agenda';
    const a = r.agendaFanOut;
    return [
      figure({
        harness,
        id: 'p99',
        name: `agenda update to ${r.connections} socket.io clients, p99`,
        unit: 'ms',
        better: 'lower',
        value: a.hearth.p99,
        baseline: { name: 'plain ws relay', value: a.baselinePlainWs.p99 },
        target: { text: 'p99 ≤ 30 ms', on: 'value', op: '<=', value: 30 },
      }),
      figure({
        harness,
        id: 'p50',
        name: `agenda update to ${r.connections} socket.io clients, p50`,
        unit: 'ms',
        better: 'lower',
        value: a.hearth.p50,
        baseline: { name: 'plain ws relay', value: a.baselinePlainWs.p50 },
      }),
      ...memoryFigures(harness, r.memory, 'API server'),
    ];
  },
};

// Media back after a fault (bench/resilience.bench.mjs); the baseline reloads the page.
collectors.resilience = (r) => {
  const harness = 'resilience';
  const list = [];
  for (const [id, what, data, limit] of [
    ['cut', `media back after a ${r.cutSeconds} s media cut`, r.afterCut, 3000],
    ['worker-kill', 'media back after a worker SIGKILL', r.afterWorkerKill, 5000],
  ]) {
    const failed = data.hearth.failed ? `, ${data.hearth.failed} never by itself` : '';
    list.push(
      figure({
        harness,
        id: `${id}.p95`,
        name: `${what}, p95 (${data.hearth.n} rounds${failed})`,
        unit: 'ms',
        better: 'lower',
        value: data.hearth.p95,
        baseline: { name: 'the page reloaded', value: data.baselineReload.p95 },
        target: { text: `p95 ≤ ${limit / 1000} s`, on: 'value', op: '<=', value: limit },
      }),
      figure({
        harness,
        id: `${id}.p50`,
        name: `${what}, p50 (${data.hearth.n} rounds${failed})`,
        unit: 'ms',
        better: 'lower',
        value: data.hearth.p50,
        baseline: { name: 'the page reloaded', value: data.baselineReload.p50 },
      }),
    );
  }
  return list;
};

collectors.processing = (r) => {
  const harness = 'processing';
  const gaveUp = r.blur.gaveUp ? `the pipeline gave up: ${r.blur.gaveUp}` : undefined;
  const list = [
    figure({
      harness,
      id: 'frame.p95',
      name: 'background blur, time per 640x360 frame, p95',
      unit: 'ms',
      better: 'lower',
      value: r.blur.frameMs.p95,
      baseline: {
        name: 'same pipeline, frames passed through',
        value: r.baselinePassThrough.frameMs.p95,
      },
      target: { text: 'p95 ≤ 20 ms', on: 'value', op: '<=', value: 20 },
      note: gaveUp,
    }),
    figure({
      harness,
      id: 'frame.p50',
      name: 'background blur, time per 640x360 frame, p50',
      unit: 'ms',
      better: 'lower',
      value: r.blur.frameMs.p50,
      baseline: {
        name: 'same pipeline, frames passed through',
        value: r.baselinePassThrough.frameMs.p50,
      },
    }),
    figure({
      harness,
      id: 'sentFps',
      name: 'background blur, frames sent per second (camera 30 fps)',
      unit: 'fps',
      better: 'higher',
      value: r.blur.sentFps,
      baseline: {
        name: 'same pipeline, frames passed through',
        value: r.baselinePassThrough.sentFps,
      },
      target: { text: '≥ 24 fps', on: 'value', op: '>=', value: 24 },
    }),
    figure({
      harness,
      id: 'cpu',
      name: 'background blur, CPU of all Chromium processes',
      unit: 'CPU s/s',
      better: 'lower',
      value: r.blur.cpuSecondsPerSecond,
      baseline: {
        name: 'same pipeline, frames passed through',
        value: r.baselinePassThrough.cpuSecondsPerSecond,
      },
    }),
    figure({
      harness,
      id: 'mask.p95',
      name: 'background blur, segmentation per mask, p95',
      unit: 'ms',
      better: 'lower',
      value: r.blur.maskMs?.p95 ?? null,
    }),
  ];
  // The microphone's noise suppressor, measured in the same harness.
  if (r.audio) list.push(...audioFigures(figure, harness, r.audio));
  return list;
};
// Video back after a crash of the hosting node, behind one address (bench/failover.bench.mjs);
// the baseline reloads both pages.
collectors.failover = (r) => {
  const harness = 'failover';
  const data = r.afterCrash;
  const failed = data.hearth.failed ? `, ${data.hearth.failed} never by itself` : '';
  const rounds = `${data.hearth.n} crashes of ${r.nodes} nodes${failed}`;
  return [
    figure({
      harness,
      id: 'video-back.p95',
      name: `video back after SIGKILL of the hosting node, p95 (${rounds})`,
      unit: 'ms',
      better: 'lower',
      value: data.hearth.p95,
      baseline: { name: 'both pages reloaded', value: data.baselineReload.p95 },
      target: { text: 'p95 ≤ 20 s', on: 'value', op: '<=', value: 20_000 },
    }),
    figure({
      harness,
      id: 'video-back.p50',
      name: `video back after SIGKILL of the hosting node, p50 (${rounds})`,
      unit: 'ms',
      better: 'lower',
      value: data.hearth.p50,
      baseline: { name: 'both pages reloaded', value: data.baselineReload.p50 },
    }),
    figure({
      harness,
      id: 'taken-over.p95',
      name: `another node hosts the session after SIGKILL of its node, p95 (${rounds})`,
      unit: 'ms',
      better: 'lower',
      value: data.takenOver.p95,
      baseline: { name: 'the lease lapsed', value: data.leaseLapsed.p95 },
    }),
  ];
};

// End-to-end encrypted sessions beside the same call without encryption (bench/e2ee.bench.mjs).
collectors.e2ee = (r) => {
  const harness = 'e2ee';
  const j = r.joinToFirstRemoteFrame;
  const c = r.steadyCallCpu;
  const unchecked = r.encryptionChecked
    ? undefined
    : 'the E2EE call did not show one safety code on both pages';
  const baseline = (value) => ({ name: 'same call, LIVE_E2EE=false', value });
  return [
    figure({
      harness,
      id: 'join.p95',
      name: `E2EE: join → first decoded remote frame, p95 (${j.e2ee.n} joins)`,
      unit: 'ms',
      better: 'lower',
      value: j.e2ee.p95,
      baseline: baseline(j.baseline.p95),
      target: {
        text: 'p95 ≤ baseline + 100 ms',
        on: 'value',
        op: '<=',
        value: j.baseline.p95 + 100,
      },
      note: unchecked,
    }),
    figure({
      harness,
      id: 'join.p50',
      name: `E2EE: join → first decoded remote frame, p50 (${j.e2ee.n} joins)`,
      unit: 'ms',
      better: 'lower',
      value: j.e2ee.p50,
      baseline: baseline(j.baseline.p50),
    }),
    figure({
      harness,
      id: 'cpu',
      name: `E2EE: Chromium CPU, therapist and client in a steady call (${c.seconds} s)`,
      unit: 'CPU s/s',
      better: 'lower',
      value: c.e2ee.cpuSecondsPerSecond,
      baseline: baseline(c.baseline.cpuSecondsPerSecond),
      target: { text: '≤ 1.15× the baseline', on: 'ratio', op: '<=', value: 1.15 },
      note: `client presented ${c.e2ee.clientPresentedFps} fps with E2EE, ${c.baseline.clientPresentedFps} fps without`,
    }),
  ];
};

/** The figures of one harness's result file, in the common shape. */
// Memory and start-up of the server on the embedded database (bench/footprint.bench.mjs); the
// baseline is the same server on PostgreSQL, in the same run.
collectors.footprint = (r) => {
  const harness = 'footprint';
  const pg = r.baselinePostgres;
  const list = [];
  for (const [id, what, data] of [
    ['restart', 'restart', r.embeddedRestart],
    ['first-start', 'first start', r.embeddedFirstStart],
  ]) {
    list.push(
      figure({
        harness,
        id: `${id}.idle`,
        name: `embedded database, ${what}: idle RSS of the process tree`,
        unit: 'MiB',
        better: 'lower',
        value: data.idleMiB.tree,
        baseline: { name: 'same server on PostgreSQL', value: pg.idleMiB.tree },
        target: { text: '≤ 1.5× on PostgreSQL', on: 'ratio', op: '<=', value: 1.5 },
        note: `PSS of the tree ${data.idleMiB.treeProportional} MiB (PostgreSQL ${pg.idleMiB.treeProportional} MiB)`,
      }),
      figure({
        harness,
        id: `${id}.peak`,
        name: `embedded database, ${what}: peak of the process tree (sum of VmHWM)`,
        unit: 'MiB',
        better: 'lower',
        value: data.peakMiB.sumOfProcessPeaks,
        baseline: { name: 'same server on PostgreSQL', value: pg.peakMiB.sumOfProcessPeaks },
        target: { text: '≤ 500 MiB', on: 'value', op: '<=', value: 500 },
      }),
      figure({
        harness,
        id: `${id}.ready`,
        name: `embedded database, ${what}: time to ready`,
        unit: 'ms',
        better: 'lower',
        value: data.readyMs,
        baseline: { name: 'same server on PostgreSQL', value: pg.readyMs },
      }),
    );
  }
  return list;
};

// The first page's JavaScript and Lighthouse's mobile score (bench/firstpage.bench.mjs); the
// baseline is a hello-world page served by the same server.
collectors.firstpage = (r) => {
  const harness = 'firstpage';
  const floor = r.pages.floor;
  const kb = (bytes) => round(bytes / 1024, 1);
  const list = [];
  for (const [key, label] of [
    ['signIn', '/sign-in'],
    ['home', "a client's /home"],
  ]) {
    const page = r.pages[key];
    const lh = page.lighthouse;
    list.push(
      figure({
        harness,
        id: `${key}.jsBeforeRender`,
        name: `${label}: gzip JavaScript needed before it renders`,
        unit: 'KB',
        better: 'lower',
        value: kb(page.neededBeforeRender.gzipBytes),
        baseline: { name: 'hello-world page', value: kb(floor.neededBeforeRender.gzipBytes) },
        target: { text: '≤ 90 KB', on: 'value', op: '<=', value: 90 },
      }),
      figure({
        harness,
        id: `${key}.jsBeforeReady`,
        name: `${label}: gzip JavaScript fetched before it showed its content`,
        unit: 'KB',
        better: 'lower',
        value: kb(page.beforeReady.gzipBytes),
        baseline: { name: 'hello-world page', value: kb(floor.beforeReady.gzipBytes) },
      }),
      figure({
        harness,
        id: `${key}.lighthouse.score`,
        name: `${label}: Lighthouse performance, mobile (median of ${lh.runs})`,
        unit: 'points',
        better: 'higher',
        value: lh.score,
        baseline: { name: 'hello-world page', value: floor.lighthouse.score },
        target: { text: '≥ 95', on: 'value', op: '>=', value: 95 },
      }),
      figure({
        harness,
        id: `${key}.lighthouse.lcp`,
        name: `${label}: Lighthouse LCP, mobile`,
        unit: 'ms',
        better: 'lower',
        value: lh.lcpMs,
        baseline: { name: 'hello-world page', value: floor.lighthouse.lcpMs },
      }),
      figure({
        harness,
        id: `${key}.lighthouse.tbt`,
        name: `${label}: Lighthouse total blocking time, mobile`,
        unit: 'ms',
        better: 'lower',
        value: lh.tbtMs,
        baseline: { name: 'hello-world page', value: floor.lighthouse.tbtMs },
      }),
    );
  }
  return list;
};

export function collectFigures(harness, result) {
  return collectors[harness](result);
}
