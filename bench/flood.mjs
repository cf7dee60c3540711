// bench/flood.mjs — the slow-header flood and the /healthz probe of bench/flood.sh.
//
//   node bench/flood.mjs flood PORT CONNECTIONS ADDRESSES SECONDS
//     keeps CONNECTIONS connections open from 127.0.0.2 … 127.0.0.(ADDRESSES+1), each
//     sending a request's headers one byte a second and never finishing them; a
//     connection the server closes is opened again. Prints one JSON line at the end:
//     {opened, closed_by_server, open_at_end}.
//   node bench/flood.mjs probe PORT SECONDS
//     GET /healthz from 127.0.0.1 every 100 ms, each on a new connection; prints one JSON
//     line: {n, failed, p50_ms, p99_ms, max_ms, over_100ms}.
import net from 'node:net';
import http from 'node:http';

const [mode, portS, ...rest] = process.argv.slice(2);
const port = Number(portS);

function flood(total, addresses, seconds) {
  let opened = 0, closedByServer = 0, open = 0, stopping = false;
  const head = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: flood\r\nX-Slow: ';
  const one = (i) => {
    if (stopping) return;
    const sock = net.connect({ host: '127.0.0.1', port, localAddress: `127.0.0.${2 + (i % addresses)}` });
    let pos = 0, timer = null;
    opened++;
    open++;
    sock.on('connect', () => {
      timer = setInterval(() => {
        if (!sock.writable) return;
        sock.write(pos < head.length ? head[pos] : 'a');
        pos++;
      }, 1000);
      timer.unref();
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      clearInterval(timer);
      open--;
      if (stopping) return;
      closedByServer++;
      setTimeout(() => one(i), 50);
    });
    sock.setNoDelay(true);
    flood.socks.push(sock);
  };
  flood.socks = [];
  for (let i = 0; i < total; i++) one(i);
  setTimeout(() => {
    stopping = true;
    const atEnd = open;
    for (const s of flood.socks) s.destroy();
    console.log(JSON.stringify({ opened, closed_by_server: closedByServer, open_at_end: atEnd }));
    process.exit(0);
  }, seconds * 1000);
}

function probe(seconds) {
  const lat = [];
  let failed = 0;
  const end = Date.now() + seconds * 1000;
  const tick = () => {
    if (Date.now() >= end) return finish();
    const t0 = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, localAddress: '127.0.0.1' }, (res) => {
      res.resume();
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.statusCode === 200) lat.push(ms); else failed++;
      });
    });
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
    req.on('error', () => { failed++; });
    setTimeout(tick, 100);
  };
  const finish = () => setTimeout(() => {
    lat.sort((a, b) => a - b);
    const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : 0);
    console.log(JSON.stringify({
      n: lat.length, failed, p50_ms: +q(0.5).toFixed(2), p99_ms: +q(0.99).toFixed(2),
      max_ms: +(lat.length ? lat[lat.length - 1] : 0).toFixed(2), over_100ms: lat.filter((x) => x > 100).length,
    }));
    process.exit(0);
  }, 1000);
  tick();
}

if (mode === 'flood') flood(Number(rest[0]), Number(rest[1]), Number(rest[2]));
else if (mode === 'probe') probe(Number(rest[0]));
else { console.error('usage: flood.mjs flood PORT N ADDRESSES SECONDS | probe PORT SECONDS'); process.exit(2); }
