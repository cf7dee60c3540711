// A minimal SMTP server (RFC 5321) for the black-box tests: greeting,
// EHLO/HELO, MAIL FROM, RCPT TO, DATA (with dot-unstuffing), RSET, NOOP,
// QUIT. It records every message it accepts. Stop it to simulate an outage,
// start it again on the same port to end it.
//
//   const sink = new SmtpSink();
//   await sink.start();            // sink.port
//   await sink.stop();             // connections refused
//   await sink.start(sink.port);
//   sink.messages                  // [{from, to: [..], data, headers, subject, body}]
//
// Also: decodeHeader() (RFC 2047 "B" and "Q" words) and parseMessage()
// (headers, decoded subject, quoted-printable or base64 or 8bit body).

import net from 'node:net';

const MAX_DATA = 32 * 1024 * 1024;

export class SmtpSink {
  constructor() {
    this.messages = [];
    this.port = 0;
    this.server = null;
    this.sockets = new Set();
    this.waiters = [];
  }

  /** Listens on 127.0.0.1:port (0: any free port); resolves with the port. */
  start(port = 0) {
    return new Promise((resolve, reject) => {
      const server = net.createServer((sock) => this.#session(sock));
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.server = server;
        this.port = server.address().port;
        resolve(this.port);
      });
    });
  }

  /** Stops listening and drops every open connection. */
  stop() {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the first recorded message that satisfies pred (bounded wait). */
  waitFor(pred, timeoutMs = 10000) {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve };
      w.timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`smtp-sink: no matching message within ${timeoutMs} ms; got ${this.messages.length}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  #record(msg) {
    Object.assign(msg, parseMessage(msg.data));
    this.messages.push(msg);
    for (const w of [...this.waiters]) {
      if (w.pred(msg)) {
        clearTimeout(w.timer);
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(msg);
      }
    }
  }

  #session(sock) {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => {});
    let pending = Buffer.alloc(0);
    let tx = null;        // {from, to: []}
    let data = null;      // lines of DATA, when reading it
    let size = 0;
    const reply = (s) => { if (!sock.destroyed) sock.write(s + '\r\n'); };
    reply('220 smtp-sink ESMTP ready');

    const line = (l) => {
      if (data) {
        if (l === '.') {
          const msg = { from: tx.from, to: tx.to, data: data.join('\r\n') + '\r\n' };
          data = null;
          tx = null;
          this.#record(msg);
          reply('250 2.0.0 OK queued');
          return;
        }
        const unstuffed = l.startsWith('..') ? l.slice(1) : l;
        size += unstuffed.length + 2;
        if (size > MAX_DATA) { reply('552 5.3.4 message too big'); sock.end(); return; }
        data.push(unstuffed);
        return;
      }
      const verb = l.slice(0, 4).toUpperCase();
      const arg = l.slice(4).trim();
      switch (verb) {
        case 'EHLO':
          reply('250-smtp-sink greets ' + (arg || 'you'));
          reply('250-8BITMIME');
          reply('250-SIZE 33554432');
          reply('250 SMTPUTF8');
          break;
        case 'HELO': reply('250 smtp-sink'); break;
        case 'MAIL': {
          const m = /^FROM:\s*<([^>]*)>/i.exec(arg);
          if (!m) { reply('501 5.5.4 syntax: MAIL FROM:<address>'); break; }
          tx = { from: m[1], to: [] };
          reply('250 2.1.0 OK');
          break;
        }
        case 'RCPT': {
          const m = /^TO:\s*<([^>]+)>/i.exec(arg);
          if (!tx) { reply('503 5.5.1 MAIL first'); break; }
          if (!m) { reply('501 5.5.4 syntax: RCPT TO:<address>'); break; }
          tx.to.push(m[1]);
          reply('250 2.1.5 OK');
          break;
        }
        case 'DATA':
          if (!tx || !tx.to.length) { reply('503 5.5.1 RCPT first'); break; }
          data = [];
          size = 0;
          reply('354 End data with <CR><LF>.<CR><LF>');
          break;
        case 'RSET': tx = null; reply('250 2.0.0 OK'); break;
        case 'NOOP': reply('250 2.0.0 OK'); break;
        case 'QUIT': reply('221 2.0.0 Bye'); sock.end(); break;
        default: reply('502 5.5.2 command not implemented');
      }
    };

    sock.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      let i;
      while ((i = pending.indexOf('\r\n')) >= 0) {
        const l = pending.subarray(0, i).toString('utf8');
        pending = pending.subarray(i + 2);
        line(l);
      }
      if (pending.length > MAX_DATA) sock.destroy();
    });
  }
}

/** Decodes RFC 2047 encoded words ("=?UTF-8?B?...?=", "=?UTF-8?Q?...?=") in a header value. */
export function decodeHeader(v) {
  // White space between two encoded words is not part of the text.
  const joined = v.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
    let bytes;
    if (enc.toUpperCase() === 'B') bytes = Buffer.from(text, 'base64');
    else {
      bytes = Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g,
        (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    }
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  });
}

function decodeQP(s) {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'latin1'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits a raw message: {headers: {lower-case name: [values]}, subject, body}. */
export function parseMessage(data) {
  const sep = data.indexOf('\r\n\r\n');
  const head = sep >= 0 ? data.slice(0, sep) : data;
  const rawBody = sep >= 0 ? data.slice(sep + 4) : '';
  const headers = {};
  for (const h of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const c = h.indexOf(':');
    if (c <= 0) continue;
    const name = h.slice(0, c).trim().toLowerCase();
    (headers[name] ||= []).push(h.slice(c + 1).trim());
  }
  const cte = (headers['content-transfer-encoding'] || [''])[0].toLowerCase();
  let body = rawBody;
  if (cte === 'quoted-printable') body = decodeQP(rawBody);
  else if (cte === 'base64') body = Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8');
  // 8bit or 7bit: the lines were read as UTF-8 already.
  body = body.replace(/\r\n/g, '\n');
  const subject = decodeHeader((headers.subject || [''])[0]);
  return { headers, subject, body };
}
