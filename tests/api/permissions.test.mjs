// Route × role permissions, generated from the server's own route table
// (`minhbach routes --json`): every registered route is requested as every
// demo role (and anonymously), with its path parameters filled from the demo
// data, and the outcome class is compared with the EXPECTED table below. A
// route the binary registers but the table lacks fails the test: a new route
// cannot ship without a decision about who may call it.
//
// Requests carry no meaningful body (an empty form or `{}`), so a role the
// route admits gets past the permission checks and is stopped by validation
// ("bad"), while a role it does not admit is stopped before ("forbidden",
// "notfound", "unauth"). Unsafe requests that would change something real use
// a resource that does not exist (a login, a holiday) where that is the only
// way to keep the demo data intact.
//
// The overseer (giamsat: People's Council, Fatherland Front, press) reads
// public information plus non-personal case data: 404 on every dossier route,
// and no personal data (ID number, phone, address, reporter identity) in any
// answer it can read.
//
// MB_RECORD=1 prints the observed matrix in the table's format instead of
// asserting (to review a new route's row, never to paste blindly).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, login, api, withLog } from '../lib/server.mjs';
import { hiddenInput, page } from '../lib/check.mjs';

const ROLES = ['anonymous', 'congdan', 'motcua', 'xuly', 'truongphuong', 'giamdocsoyte', 'thanhtra', 'thanhtranoivu',
  'quantri', 'giamsat'];
const STAFF = ['motcua', 'xuly', 'truongphuong', 'giamdocsoyte', 'thanhtra', 'thanhtranoivu', 'quantri'];
const SIGNED = ['congdan', ...STAFF, 'giamsat'];

/** A row: the class for every role, then the roles that differ. */
const row = (all, over = {}) => ({ all, ...over });

// In the order of the route table. Classes: ok (2xx), redirect (3xx: an
// anonymous visitor of a signed-in HTML page is sent to the sign-in page; a
// form answers POST/redirect/GET), bad (400/409/422: admitted, input refused),
// unauth (401), forbidden (403), notfound (404: also what a role gets for what
// it may not know exists), gone (410: a one-time result already shown). Read by role: the citizen (congdan) has their own
// dossiers only; the ward's staff (motcua, xuly, truongphuong) their unit's;
// the head of Sở Y tế (giamdocsoyte) and the home-affairs inspector
// (thanhtranoivu) see nothing of the ward's dossiers; the Provincial
// Inspectorate (thanhtra) and the administrator (quantri) may open a dossier;
// the administrator handles no case; the overseer (giamsat) reads cases
// without personal data, no dossier at all (404), and changes nothing (403).
const EXPECTED = {
  'GET /': row('ok'),
  'GET /healthz': row('ok'),
  'GET /metrics': row('ok'),
  'PATCH /api/v1/accounts/{login}': row('forbidden', { anonymous: 'unauth', quantri: 'notfound' }),
  'POST /api/v1/session': row('bad'),
  'GET /api/v1/session': row('ok', { anonymous: 'unauth' }),
  'DELETE /api/v1/session': row('ok', { anonymous: 'unauth' }),
  'GET /api/v1/accounts': row('forbidden', { anonymous: 'unauth', quantri: 'ok' }),
  'POST /api/v1/accounts': row('forbidden', { anonymous: 'unauth', quantri: 'bad' }),
  'POST /api/v1/accounts/{login}/password': row('forbidden', { anonymous: 'unauth', quantri: 'notfound' }),
  'GET /login': row('ok'),
  'POST /login': row('bad'),
  'POST /logout': row('redirect', { anonymous: 'unauth' }),
  'GET /admin/accounts': row('forbidden', { anonymous: 'redirect', quantri: 'ok' }),
  'POST /admin/accounts': row('forbidden', { anonymous: 'unauth', quantri: 'bad' }),
  'POST /admin/accounts/{login}': row('forbidden', { anonymous: 'unauth', quantri: 'notfound' }),
  'POST /admin/accounts/{login}/password': row('forbidden', { anonymous: 'unauth', quantri: 'notfound' }),
  'GET /api/v1/units': row('ok'),
  'GET /api/v1/units/{id}': row('ok'),
  'PATCH /api/v1/units/{id}': row('forbidden', { anonymous: 'unauth', truongphuong: 'ok', quantri: 'ok' }),
  'GET /units': row('ok'),
  'GET /units/{id}': row('ok'),
  'GET /units/{id}/edit': row('forbidden', { anonymous: 'redirect', truongphuong: 'ok', quantri: 'ok' }),
  'POST /units/{id}/edit': row('forbidden', { anonymous: 'unauth', truongphuong: 'redirect', quantri: 'redirect' }),
  'GET /api/v1/holidays': row('ok'),
  'PUT /api/v1/holidays/{day}': row('forbidden', { anonymous: 'unauth', quantri: 'bad' }),
  'DELETE /api/v1/holidays/{day}': row('forbidden', { anonymous: 'unauth', quantri: 'notfound' }),
  'GET /admin/holidays': row('forbidden', { anonymous: 'redirect', quantri: 'ok' }),
  'POST /admin/holidays': row('forbidden', { anonymous: 'unauth', quantri: 'bad' }),
  'POST /admin/holidays/{day}/delete': row('forbidden', { anonymous: 'unauth', quantri: 'notfound' }),
  'POST /admin/holidays/{day}/confirm': row('forbidden', { anonymous: 'unauth', quantri: 'notfound' }),
  'GET /api/v1/procedures': row('ok'),
  'GET /api/v1/procedures/{code}': row('ok'),
  'PATCH /api/v1/procedures/{code}': row('forbidden', { anonymous: 'unauth', quantri: 'ok' }),
  'GET /procedures': row('ok'),
  'GET /procedures/{code}': row('ok'),
  'GET /procedures/{code}/edit': row('forbidden', { anonymous: 'redirect', quantri: 'ok' }),
  'POST /procedures/{code}/edit': row('forbidden', { anonymous: 'unauth', quantri: 'redirect' }),
  'POST /api/v1/dossiers': row('bad', { anonymous: 'unauth', giamsat: 'notfound' }),
  'GET /api/v1/dossiers': row('ok', { anonymous: 'unauth', giamsat: 'notfound' }),
  'GET /api/v1/dossiers/{code}': row('ok', { anonymous: 'unauth', congdan: 'notfound', giamdocsoyte: 'notfound', thanhtranoivu: 'notfound', giamsat: 'notfound' }),
  'POST /api/v1/dossiers/{code}/actions': row('bad', { anonymous: 'unauth', congdan: 'notfound', giamdocsoyte: 'notfound', thanhtranoivu: 'notfound', giamsat: 'notfound' }),
  'GET /api/v1/track': row('notfound'),
  'GET /api/v1/apologies': row('ok'),
  'GET /track': row('ok'),
  'GET /apologies': row('redirect'),   // 301 to the one register, /results/apologies
  'GET /dossiers': row('ok', { anonymous: 'redirect', giamsat: 'notfound' }),
  'GET /dossiers/new': row('ok', { anonymous: 'redirect', giamsat: 'notfound' }),
  'POST /dossiers/new': row('bad', { anonymous: 'unauth', giamsat: 'notfound' }),
  'GET /submit': row('ok', { anonymous: 'redirect', giamsat: 'notfound' }),
  'POST /submit': row('bad', { anonymous: 'unauth', giamsat: 'notfound' }),
  'GET /dossiers/{code}': row('ok', { anonymous: 'redirect', congdan: 'notfound', giamdocsoyte: 'notfound', thanhtranoivu: 'notfound', giamsat: 'notfound' }),
  'POST /dossiers/{code}/actions': row('bad', { anonymous: 'unauth', congdan: 'notfound', giamdocsoyte: 'notfound', thanhtranoivu: 'notfound', giamsat: 'notfound' }),
  'GET /dossiers/{code}/print/{form}': row('ok', { anonymous: 'redirect', congdan: 'notfound', giamdocsoyte: 'notfound', thanhtranoivu: 'notfound', giamsat: 'notfound' }),
  // Results online and fees (src/delivery/): the download with code and secret is public (no
  // query: 404, as tracking); the demo dossier has no electronic result (404 to those who may see
  // it). Attaching: the processing official in scope or the unit head ("bad": admitted, the empty
  // body refused); the counter, the Inspectorate and the administrator 403. Recording the fee:
  // the counter, the holder (xuly does not hold this one: 403) or the unit head.
  'GET /track/result': row('notfound'),
  'GET /dossiers/{code}/result': row('notfound', { anonymous: 'redirect' }),
  'POST /dossiers/{code}/result': row('notfound', { anonymous: 'unauth', motcua: 'forbidden', xuly: 'bad', truongphuong: 'bad', thanhtra: 'forbidden', quantri: 'forbidden' }),
  'POST /dossiers/{code}/payment': row('notfound', { anonymous: 'unauth', motcua: 'bad', xuly: 'forbidden', truongphuong: 'bad', thanhtra: 'forbidden', quantri: 'forbidden' }),
  'POST /api/v1/dossiers/{code}/result': row('notfound', { anonymous: 'unauth', motcua: 'forbidden', xuly: 'bad', truongphuong: 'bad', thanhtra: 'forbidden', quantri: 'forbidden' }),
  'POST /api/v1/dossiers/{code}/payment': row('notfound', { anonymous: 'unauth', motcua: 'bad', xuly: 'forbidden', truongphuong: 'bad', thanhtra: 'forbidden', quantri: 'forbidden' }),
  'POST /api/v1/cases': row('bad'),
  'GET /api/v1/cases': row('ok', { anonymous: 'unauth', congdan: 'forbidden', quantri: 'forbidden' }),
  'GET /api/v1/cases/{code}': row('ok', { anonymous: 'unauth', congdan: 'notfound', giamdocsoyte: 'notfound', quantri: 'notfound' }),
  'POST /api/v1/cases/{code}/follow': row('notfound'),
  'POST /api/v1/cases/{code}/actions/{action}': row('bad', { anonymous: 'unauth', congdan: 'notfound', giamdocsoyte: 'notfound', quantri: 'notfound' }),
  'POST /api/v1/cases/{code}/identity': row('bad', { anonymous: 'unauth', congdan: 'notfound', giamdocsoyte: 'notfound', quantri: 'notfound', giamsat: 'forbidden' }),
  'POST /api/v1/receipts/verify': row('ok'),
  'GET /api/v1/officials/{login}/record': row('forbidden', { anonymous: 'unauth', xuly: 'ok', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  // Citizens' registration is public; a citizen's own pages are for citizens only.
  'GET /register': row('ok'),
  'POST /register': row('bad'),
  'GET /register/sent': row('ok'),
  'GET /register/confirm': row('ok'),
  'POST /register/confirm': row('notfound'),
  'GET /register/done': row('ok'),
  'POST /api/v1/registrations': row('bad'),
  'POST /api/v1/registrations/confirm': row('notfound'),
  'GET /me': row('forbidden', { anonymous: 'redirect', congdan: 'ok' }),
  'POST /me/dossiers': row('forbidden', { anonymous: 'unauth', congdan: 'notfound' }),
  'GET /api/v1/me/dossiers': row('forbidden', { anonymous: 'unauth', congdan: 'ok' }),
  'POST /api/v1/me/dossiers': row('forbidden', { anonymous: 'unauth', congdan: 'notfound' }),
  'GET /api/v1/me/reports': row('forbidden', { anonymous: 'unauth', congdan: 'ok' }),
  'GET /report': row('ok'),
  'POST /report': row('bad'),
  'GET /report/receipt': row('gone'),
  'GET /report/track': row('ok'),
  'POST /report/track/rate': row('notfound'),
  // Ratings: the applicant's own channel (code and secret); every session but a
  // citizen's is refused (403, recorded). An official's figures: the official
  // (xuly), the heads above (truongphuong) and the inspectors; 404 for others.
  'POST /api/v1/ratings': row('forbidden', { anonymous: 'bad', congdan: 'bad' }),
  'GET /api/v1/rating-criteria': row('ok'),
  'GET /api/v1/officials/{login}/ratings': row('notfound', { anonymous: 'unauth', xuly: 'ok', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'GET /rate': row('forbidden', { anonymous: 'ok', congdan: 'ok' }),
  'POST /rate': row('forbidden', { anonymous: 'bad', congdan: 'bad' }),
  'GET /officials/{login}/ratings': row('notfound', { anonymous: 'redirect', xuly: 'ok', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  // Officials' records (404 to all but the official, the heads above and the inspectors), the units' desks,
  // public-duty inspections: the demo's concluded surprise inspection at the ward is seen by its team (thanhtra),
  // the home-affairs inspector, the ward's head and the two officials inspected; only the team acts on it.
  'GET /officials/{login}': row('notfound', { anonymous: 'redirect', xuly: 'ok', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'POST /officials/{login}': row('forbidden', { anonymous: 'unauth', truongphuong: 'notfound', giamdocsoyte: 'notfound', quantri: 'notfound' }),
  'GET /api/v1/officials/{login}': row('notfound', { anonymous: 'unauth', xuly: 'ok', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'PUT /api/v1/officials/{login}': row('forbidden', { anonymous: 'unauth', truongphuong: 'notfound', giamdocsoyte: 'notfound', quantri: 'notfound' }),
  'GET /units/{id}/desks': row('forbidden', { anonymous: 'redirect', truongphuong: 'ok', quantri: 'ok' }),
  'POST /units/{id}/desks': row('forbidden', { anonymous: 'unauth', truongphuong: 'bad', quantri: 'bad' }),
  'GET /api/v1/units/{id}/desks': row('ok', { anonymous: 'unauth' }),
  'POST /api/v1/units/{id}/desks': row('forbidden', { anonymous: 'unauth', truongphuong: 'bad', giamdocsoyte: 'bad', quantri: 'bad' }),
  'GET /api/v1/inspections': row('ok', { anonymous: 'unauth' }),
  'POST /api/v1/inspections': row('forbidden', { anonymous: 'unauth', truongphuong: 'bad', giamdocsoyte: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad' }),
  'GET /api/v1/inspections/{ref}': row('ok', { anonymous: 'unauth', congdan: 'notfound', giamdocsoyte: 'notfound', quantri: 'notfound', giamsat: 'notfound' }),
  'POST /api/v1/inspections/{ref}/{action}': row('forbidden', { anonymous: 'unauth', congdan: 'notfound', giamdocsoyte: 'notfound', thanhtra: 'bad', quantri: 'notfound' }),
  'GET /api/v1/inspections/{ref}/evidence/{sha}': row('notfound', { anonymous: 'unauth' }),
  'GET /inspections': row('ok', { anonymous: 'redirect' }),
  'GET /inspections/new': row('forbidden', { anonymous: 'redirect', truongphuong: 'ok', giamdocsoyte: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'POST /inspections': row('forbidden', { anonymous: 'unauth', truongphuong: 'bad', giamdocsoyte: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad' }),
  'GET /inspections/{ref}': row('ok', { anonymous: 'redirect', congdan: 'notfound', giamdocsoyte: 'notfound', quantri: 'notfound', giamsat: 'notfound' }),
  'POST /inspections/{ref}/{action}': row('forbidden', { anonymous: 'unauth', congdan: 'notfound', giamdocsoyte: 'notfound', thanhtra: 'bad', quantri: 'notfound' }),
  'GET /inspections/{ref}/evidence/{sha}': row('notfound', { anonymous: 'redirect' }),
  // The published summary of concluded public-duty inspections (R15): anyone, no login, no official's name.
  'GET /api/v1/inspections/published': row('ok'),
  'GET /inspections/published': row('ok'),
  'GET /inspections/published.csv': row('ok'),
  'POST /report/track/withdraw': row('notfound'),
  'GET /receipts/verify': row('ok'),
  'POST /receipts/verify': row('bad'),
  'GET /cases/{code}/files/{sha}': row('notfound', { anonymous: 'redirect' }),
  'POST /cases/{code}/files/{sha}': row('notfound', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'GET /cases': row('ok', { anonymous: 'redirect', congdan: 'forbidden', quantri: 'forbidden' }),
  'GET /cases/new': row('ok', { anonymous: 'redirect', congdan: 'forbidden', giamsat: 'forbidden' }),
  'POST /cases/new': row('bad', { anonymous: 'unauth', congdan: 'forbidden', giamsat: 'forbidden' }),
  'GET /cases/{code}': row('ok', { anonymous: 'redirect', congdan: 'forbidden', giamdocsoyte: 'notfound', quantri: 'notfound' }),
  'POST /cases/{code}/actions/{cmd}': row('bad', { anonymous: 'unauth', congdan: 'forbidden', giamdocsoyte: 'notfound', quantri: 'notfound', giamsat: 'forbidden' }),
  'POST /cases/{code}/identity': row('bad', { anonymous: 'unauth', congdan: 'forbidden', giamdocsoyte: 'notfound', quantri: 'notfound', giamsat: 'forbidden' }),
  'GET /open311/v2/{doc}': row('ok'),
  'POST /open311/v2/{doc}': row('forbidden'),
  'GET /open311/v2/services/{code}': row('ok'),
  'GET /open311/v2/requests/{id}': row('ok'),
  'GET /open311/v2/tokens/{token}': row('notfound'),
  'GET /results.csv': row('ok'),
  'GET /results.json': row('ok'),
  'GET /results.xlsx': row('ok'),
  'GET /results/stats.csv': row('ok'),
  'GET /results/stats.json': row('ok'),
  'GET /results/stats.xlsx': row('ok'),
  'GET /results/stats/trend.csv': row('ok'),
  'GET /results/stats/trend.json': row('ok'),
  'GET /results/stats/trend.xlsx': row('ok'),
  'GET /results/apologies.csv': row('ok'),
  'GET /results/apologies.json': row('ok'),
  'GET /results/apologies.xlsx': row('ok'),
  'GET /results/apologies/units.csv': row('ok'),
  'GET /results/apologies/units.json': row('ok'),
  'GET /results/apologies/units.xlsx': row('ok'),
  'GET /results/apologies/letters.csv': row('ok'),
  'GET /results/apologies/letters.json': row('ok'),
  'GET /results/apologies/letters.xlsx': row('ok'),
  'GET /api/v1/results': row('ok'),
  'GET /api/v1/results/stats': row('ok'),
  'GET /api/v1/results/apologies': row('ok'),
  'GET /api/v1/results/{code}': row('ok'),
  'GET /results': row('ok'),
  'GET /results/stats': row('ok'),
  // The scoreboard is public (no personal data: codes only).
  'GET /api/v1/scores': row('ok'),
  'GET /api/v1/scores/units/{code}/costs': row('ok'),
  'GET /scores': row('ok'),
  'GET /scores/methodology': row('ok'),
  'GET /scores/units/{code}': row('ok'),
  'GET /scores.csv': row('ok'),
  'GET /scores.json': row('ok'),
  'GET /scores.xlsx': row('ok'),
  'GET /scores/units/{code}/indicators.csv': row('ok'),
  'GET /scores/units/{code}/indicators.json': row('ok'),
  'GET /scores/units/{code}/indicators.xlsx': row('ok'),
  'GET /results/apologies': row('ok'),
  'GET /results/{code}': row('ok'),
  // Obligations (src/duty/): the demo's open item of the ward's head. Lists: staff see their own
  // (empty for motcua, xuly), heads their subtree, inspectors all; citizen, administrator and
  // overseer have none (404). One item: its owner (truongphuong), heads above, inspectors; 404 to
  // the others. Recording the action: the owner, a head above, the Inspectorate ("bad": the empty
  // note refused); the home-affairs inspector reads only (403). Cancelling: a head strictly above
  // or the Inspectorate (the ward's own head 403). The public totals name no one.
  'GET /duty': row('ok', { anonymous: 'redirect', congdan: 'notfound', quantri: 'notfound', giamsat: 'notfound' }),
  'GET /duty/heads': row('notfound', { anonymous: 'redirect', truongphuong: 'ok', giamdocsoyte: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'GET /duty/units': row('ok'),
  'GET /duty/{id}': row('notfound', { anonymous: 'redirect', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'POST /duty/{id}/done': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'forbidden', giamsat: 'forbidden' }),
  'GET /api/v1/duties': row('ok', { anonymous: 'unauth', congdan: 'notfound', quantri: 'notfound', giamsat: 'notfound' }),
  'GET /api/v1/duties/scorecard': row('notfound', { anonymous: 'unauth', truongphuong: 'ok', giamdocsoyte: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'GET /api/v1/duties/units': row('ok'),
  'GET /api/v1/duties/{id}': row('notfound', { anonymous: 'unauth', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'POST /api/v1/duties/{id}/done': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'forbidden', giamsat: 'forbidden' }),
  'POST /api/v1/duties/{id}/cancel': row('notfound', { anonymous: 'unauth', truongphuong: 'forbidden', thanhtra: 'bad', thanhtranoivu: 'forbidden', giamsat: 'forbidden' }),
  // Discipline (src/discipline/): opened by heads and inspectors only ("bad": the empty body
  // refused); read by the official (motcua), those who handle it (the ward's head, the
  // inspectors); a step recorded by those who handle it (the official 403).
  'POST /api/v1/discipline': row('forbidden', { anonymous: 'unauth', truongphuong: 'bad', giamdocsoyte: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad' }),
  'GET /api/v1/discipline/{code}': row('notfound', { anonymous: 'unauth', motcua: 'ok', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'POST /api/v1/discipline/{code}/steps': row('notfound', { anonymous: 'unauth', motcua: 'forbidden', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', giamsat: 'forbidden' }),
  // A period not counted in the limitation clock: recorded by those who handle the case (the official 403, the
  // others 404: they do not see it); the demo's case has none, so ending one is 404 to everyone who may post.
  'POST /api/v1/discipline/{code}/exclusions': row('notfound', { anonymous: 'unauth', motcua: 'forbidden', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', giamsat: 'forbidden' }),
  'POST /api/v1/discipline/{code}/exclusions/{id}/end': row('notfound', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'GET /api/v1/outbox': row('forbidden', { anonymous: 'unauth', quantri: 'ok' }),
  'POST /api/v1/outbox/flush': row('forbidden', { anonymous: 'unauth', quantri: 'ok' }),
  // Early warning: inspectors, home-affairs inspectors and the heads above read the signals
  // (a head their own subtree: the list answers, empty for Sở Y tế); only the two inspectors act
  // or run it; the official, other staff, the administrator and the overseer get 404 (no signal
  // exists in this demo without history: every {id} is 404, the roles are tested in warn.test.mjs).
  'GET /api/v1/warnings': row('notfound', { anonymous: 'unauth', truongphuong: 'ok', giamdocsoyte: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'POST /api/v1/warnings/run': row('forbidden', { anonymous: 'unauth', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'GET /api/v1/warnings/{id}': row('notfound', { anonymous: 'unauth' }),
  'POST /api/v1/warnings/{id}/review': row('notfound', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'POST /api/v1/warnings/{id}/dismiss': row('notfound', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'POST /api/v1/warnings/{id}/inspection': row('notfound', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'GET /oversight/warnings': row('notfound', { anonymous: 'redirect', truongphuong: 'ok', giamdocsoyte: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'POST /oversight/warnings/run': row('forbidden', { anonymous: 'unauth', thanhtra: 'redirect', thanhtranoivu: 'redirect' }),
  'GET /oversight/warnings/{id}': row('notfound', { anonymous: 'redirect' }),
  'POST /oversight/warnings/{id}/review': row('notfound', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'POST /oversight/warnings/{id}/dismiss': row('notfound', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'POST /oversight/warnings/{id}/inspection': row('notfound', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'GET /api/v1/ledger/head': row('ok'),
  'GET /api/v1/ledger/key': row('ok'),
  'GET /api/v1/ledger/verify': row('forbidden', { anonymous: 'unauth', thanhtra: 'ok' }),
  // Inspections of businesses: the register and the public pages for anyone; plans by the
  // Inspectorate and heads of departments (their own unit's plan only, checked after the
  // input); the overlaps, approvals, the State Audit plan and the flags by the Inspectorate.
  'GET /api/v1/business-inspections/{code}/conclusion': row('notfound'),
  'GET /api/v1/businesses': row('ok'),
  'POST /api/v1/businesses': row('bad', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'POST /api/v1/businesses/import': row('forbidden', { anonymous: 'unauth', truongphuong: 'bad', giamdocsoyte: 'bad', thanhtra: 'bad', quantri: 'bad' }),
  'GET /api/v1/businesses/{tax_code}': row('ok'),
  'POST /api/v1/inspection-plans': row('bad', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'GET /api/v1/inspection-plans/{id}': row('ok', { anonymous: 'unauth', congdan: 'notfound' }),
  'POST /api/v1/inspection-plans/{id}/entries': row('bad', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'POST /api/v1/inspection-plans/{id}/submit': row('forbidden', { anonymous: 'unauth', giamdocsoyte: 'bad' }),
  'POST /api/v1/inspection-plans/{id}/approve': row('forbidden', { anonymous: 'unauth', thanhtra: 'bad' }),
  'GET /api/v1/inspection-conflicts': row('forbidden', { anonymous: 'unauth', thanhtra: 'bad' }),
  'POST /api/v1/inspection-conflicts/{id}/resolve': row('forbidden', { anonymous: 'unauth', thanhtra: 'bad' }),
  'POST /api/v1/inspection-check': row('forbidden', { anonymous: 'unauth', thanhtra: 'bad' }),
  'POST /api/v1/state-audit/import': row('forbidden', { anonymous: 'unauth', thanhtra: 'bad' }),
  'GET /api/v1/inspection-flags': row('forbidden', { anonymous: 'unauth', thanhtra: 'ok' }),
  'POST /api/v1/business-inspections/adhoc': row('bad', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'PATCH /api/v1/business-inspections/{code}/scope': row('forbidden', { anonymous: 'unauth', giamdocsoyte: 'bad' }),
  'POST /api/v1/business-inspections/{code}/start': row('bad', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'POST /api/v1/business-inspections/{code}/end': row('bad', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'POST /api/v1/business-inspections/{code}/conclusion': row('bad', { anonymous: 'unauth', giamsat: 'forbidden' }),
  'POST /api/v1/inspection-ratings': row('bad'),
  'GET /doanh-nghiep': row('ok'),
  'GET /doanh-nghiep/{tax_code}': row('ok'),
  'GET /doanh-nghiep/danh-gia': row('ok'),
  'POST /doanh-nghiep/danh-gia': row('bad'),
  'GET /doanh-nghiep/danh-gia/{code}': row('notfound'),
  'GET /thanh-tra-doanh-nghiep': row('forbidden', { anonymous: 'redirect', thanhtra: 'ok' }),
  'POST /thanh-tra-doanh-nghiep/xung-dot/{id}': row('forbidden', { anonymous: 'unauth', thanhtra: 'bad' }),
  'POST /thanh-tra-doanh-nghiep/ke-hoach/{id}': row('forbidden', { anonymous: 'unauth', thanhtra: 'bad' }),
  // a discipline case run in the browser (the demo's case of motcua): heads and inspectors open cases (403 to
  // others); the case is read by those who handle it and by the official (404 to the rest); only those who handle
  // it record a step (the official: 403).
  'GET /discipline/new': row('forbidden', { anonymous: 'redirect', truongphuong: 'ok', giamdocsoyte: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'POST /discipline': row('forbidden', { anonymous: 'unauth', truongphuong: 'bad', giamdocsoyte: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad' }),
  'GET /discipline/{code}': row('notfound', { anonymous: 'redirect', motcua: 'ok', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok' }),
  'POST /discipline/{code}/steps': row('notfound', { anonymous: 'unauth', motcua: 'forbidden', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', giamsat: 'forbidden' }),
  'POST /discipline/{code}/exclusions': row('notfound', { anonymous: 'unauth', motcua: 'forbidden', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', giamsat: 'forbidden' }),
  'POST /discipline/{code}/exclusions/{id}/end': row('notfound', { anonymous: 'unauth', giamsat: 'forbidden' }),
  // a body drafts its plan of inspections of businesses in the browser: the Inspectorate and heads of departments
  // (giamdocsoyte, whose 2027 plan is the demo's plan 3, already submitted: 409); a commune's head and the others
  // may not plan (403); another body's plan is not theirs (404).
  'GET /ke-hoach-kiem-tra': row('forbidden', { anonymous: 'redirect', giamdocsoyte: 'ok', thanhtra: 'ok' }),
  'POST /ke-hoach-kiem-tra': row('forbidden', { anonymous: 'unauth', giamdocsoyte: 'bad', thanhtra: 'bad' }),
  'POST /ke-hoach-kiem-tra/{id}/muc': row('notfound', { anonymous: 'unauth', giamdocsoyte: 'bad', giamsat: 'forbidden' }),
  'POST /ke-hoach-kiem-tra/{id}/trinh': row('notfound', { anonymous: 'unauth', giamdocsoyte: 'bad', giamsat: 'forbidden' }),
  // counter recordings (issue #11 item 6): the demo's recording at the ward's desk; inspectors, the ward's head and
  // the administrator see it (the administrator never opens it); the officials recorded, citizens, another unit's
  // head and the overseer get 404; the bytes need an opening with a reason first (403).
  'GET /api/v1/recordings': row('notfound', { anonymous: 'unauth', truongphuong: 'ok', giamdocsoyte: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok', quantri: 'ok' }),
  'POST /api/v1/recordings': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', giamdocsoyte: 'bad', thanhtra: 'forbidden', thanhtranoivu: 'forbidden', quantri: 'bad' }),
  'GET /api/v1/recordings/{rec}': row('notfound', { anonymous: 'unauth', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok', quantri: 'ok' }),
  'POST /api/v1/recordings/{rec}/open': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', quantri: 'forbidden' }),
  'POST /api/v1/recordings/{rec}/hold': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', quantri: 'forbidden' }),
  'POST /api/v1/recordings/{rec}/release': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', quantri: 'forbidden' }),
  'GET /recordings': row('notfound', { anonymous: 'redirect', truongphuong: 'ok', giamdocsoyte: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok', quantri: 'ok' }),
  'GET /recordings/new': row('notfound', { anonymous: 'redirect', truongphuong: 'ok', giamdocsoyte: 'ok', thanhtra: 'forbidden', thanhtranoivu: 'forbidden', quantri: 'ok' }),
  'POST /recordings': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', giamdocsoyte: 'bad', thanhtra: 'forbidden', thanhtranoivu: 'forbidden', quantri: 'bad' }),
  'GET /recordings/{rec}': row('notfound', { anonymous: 'redirect', truongphuong: 'ok', thanhtra: 'ok', thanhtranoivu: 'ok', quantri: 'ok' }),
  'POST /recordings/{rec}/open': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', quantri: 'forbidden' }),
  'POST /recordings/{rec}/hold': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', quantri: 'forbidden' }),
  'POST /recordings/{rec}/release': row('notfound', { anonymous: 'unauth', truongphuong: 'bad', thanhtra: 'bad', thanhtranoivu: 'bad', quantri: 'forbidden' }),
  'GET /recordings/{rec}/media': row('notfound', { anonymous: 'redirect', truongphuong: 'forbidden', thanhtra: 'forbidden', thanhtranoivu: 'forbidden', quantri: 'forbidden' }),
};

/** The outcome class of a status. */
function cls(status) {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 300 && status < 400) return 'redirect';
  if (status === 400 || status === 409 || status === 422) return 'bad';
  return { 401: 'unauth', 403: 'forbidden', 404: 'notfound', 405: 'method', 410: 'gone', 413: 'too_large', 429: 'limited' }[status] || `status ${status}`;
}

let srv;
let routes;
const sessions = {};   // role -> {cookie, csrf}
const demo = {};       // values for the path parameters
before(async () => {
  const r = await runCli(['routes', '--json']);
  assert.equal(r.code, 0, r.stderr);
  routes = JSON.parse(r.stdout);
  // Each role speaks from its own address (through a trusted proxy), so that
  // the per-address limits of one role's requests never decide another's.
  srv = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  for (const name of SIGNED) {
    const s = await login(srv.url, name);
    assert.equal(s.status, 200, `sign-in ${name}`);
    sessions[name] = s;
  }
  // Demo codes, read the way staff would.
  const ds = await api(srv.url, 'GET', '/api/v1/dossiers?all=1', sessions.truongphuong);
  demo.dossier = ds.json.dossiers[0].code;
  const cs = await api(srv.url, 'GET', '/api/v1/cases?view=all', sessions.thanhtra);
  // A complaint at the ward: visible to its staff, the inspectors and the overseer.
  demo.case = cs.json.cases.find((c) => c.kind === 'complaint' && c.unit === 'phuong-chieng-coi').code;
  const rs = await api(srv.url, 'GET', '/api/v1/results', {});
  demo.result = rs.json.results[0].code;
  // The ward's open item (the head's report of the action taken) and motcua's discipline case.
  const du = await api(srv.url, 'GET', '/api/v1/duties', sessions.truongphuong);
  demo.duty = String(du.json.items.find((x) => x.unit === 'phuong-chieng-coi' && x.kind === 'accountability.action').id);
  const rec = await api(srv.url, 'GET', '/api/v1/officials/motcua/record', sessions.truongphuong);
  demo.discipline = rec.json.discipline[0].code;
  // The demo's concluded public-duty inspection at the ward (src/inspections/inspections.c).
  const year = new Date().getUTCFullYear();
  for (const y of [year - 1, year, year + 1]) {
    const is = await api(srv.url, 'GET', `/api/v1/inspections?year=${y}`, sessions.thanhtra);
    demo.inspection = demo.inspection || (is.json.inspections.find((x) => x.state === 'concluded') || {}).code;
  }
  assert.ok(demo.inspection, 'no concluded demo inspection');
  // The demo's counter recording at the ward (src/recordings/recordings.c).
  demo.recording = String((await api(srv.url, 'GET', '/api/v1/recordings', sessions.thanhtra)).json.recordings[0].id);
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

/** The path of a route with its parameters filled from the demo data. */
function fill(route) {
  const unsafe = route.method !== 'GET';
  const p = route.pattern;
  const biz = p.startsWith('/ke-hoach-kiem-tra') || p.startsWith('/api/v1/inspection-') || p.startsWith('/api/v1/business-inspections') || p.startsWith('/doanh-nghiep') || p.startsWith('/thanh-tra-doanh-nghiep');
  const values = {
    // Inspections of businesses: the Department of Health's 2027 plan (submitted, with the
    // demo's open overlap), that overlap, and one of the plan's entries.
    id: p.startsWith('/open311/') ? `${demo.case}.json` : biz ? (p.includes('conflict') || p.includes('xung-dot') ? '1' : '3')
      : p.startsWith('/duty') || p.startsWith('/api/v1/duties') ? demo.duty : 'phuong-chieng-coi',
    tax_code: '5500234527',
    code: biz ? 'KT-2027-000005' : p.startsWith('/dossiers') || p.startsWith('/api/v1/dossiers') ? demo.dossier
      : p.startsWith('/results') || p.startsWith('/api/v1/results') ? demo.result
        : p.startsWith('/procedures') || p.startsWith('/api/v1/procedures') ? 'ht-dang-ky-khai-sinh'
          : p.startsWith('/open311/') ? 'harassment.json'
            : p.startsWith('/scores') || p.startsWith('/api/v1/scores') ? 'phuong-chieng-coi'
              : p.startsWith('/api/v1/discipline') || p.startsWith('/discipline') ? demo.discipline : demo.case,
    login: unsafe ? 'khong-co-tai-khoan' : 'xuly',
    day: '2099-01-01',
    form: '01',
    sha: 'a'.repeat(64),
    action: 'conclude',
    cmd: 'conclude',
    doc: route.method === 'GET' ? 'services.json' : 'requests.json',
    token: 'khong-co',
    ref: demo.inspection,
    rec: demo.recording,
  };
  return p.replace(/\{(\w+)\}/g, (_, k) => {
    assert.ok(k in values, `no demo value for the path parameter {${k}} of ${route.method} ${p}`);
    return encodeURIComponent(values[k]);
  });
}

/** Sends the route's request as `role`; resolves {status, text}. */
async function call(route, role, path) {
  let s = role === 'anonymous' ? null : sessions[role];
  // Signing out ends the session: use a fresh one.
  if (s && (route.pattern === '/logout' || (route.pattern === '/api/v1/session' && route.method === 'DELETE')))
    s = await login(srv.url, role);
  const headers = { 'Accept-Encoding': 'identity', 'X-Forwarded-For': `10.0.0.${ROLES.indexOf(role) + 1}` };
  let body;
  const json = path.startsWith('/api/') || route.method === 'PUT' || route.method === 'PATCH' || route.method === 'DELETE';
  if (route.method !== 'GET') {
    if (json) {
      headers['Content-Type'] = 'application/json';
      body = '{}';
    } else {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = '';
    }
  }
  if (s) {
    headers.Cookie = s.cookie;
    if (route.method !== 'GET') headers['X-CSRF-Token'] = s.csrf;
  } else if (route.method !== 'GET' && !json) {
    // An anonymous form carries the double-submit token of the page it came from.
    const p = await page(srv.url, '/report', { headers: { 'Accept-Encoding': 'identity' } });
    const c = /mb_csrf=([^;]+)/.exec(p.headers.get('set-cookie') || '');
    headers.Cookie = `mb_csrf=${c[1]}`;
    body = new URLSearchParams({ _csrf: hiddenInput(p.text, '_csrf') }).toString();
  }
  const res = await fetch(srv.url + path, { method: route.method, headers, body, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

t('every registered route has a row in the expectation table', () => {
  const missing = routes.map((r) => `${r.method} ${r.pattern}`).filter((k) => !(k in EXPECTED));
  assert.deepEqual(missing, [], 'new route without an expected permission row');
  const gone = Object.keys(EXPECTED).filter((k) => !routes.some((r) => `${r.method} ${r.pattern}` === k));
  assert.deepEqual(gone, [], 'rows for routes the server no longer has');
});

t('every route × every role answers the expected class', async () => {
  const seen = {};
  const wrong = [];
  for (const route of routes) {
    const key = `${route.method} ${route.pattern}`;
    const path = fill(route);
    seen[key] = {};
    for (const role of ROLES) {
      const got = cls((await call(route, role, path)).status);
      seen[key][role] = got;
      const exp = EXPECTED[key] ? (EXPECTED[key][role] ?? EXPECTED[key].all) : '(no row)';
      if (got !== exp) wrong.push(`${key} as ${role}: expected ${exp}, got ${got}`);
    }
  }
  if (process.env.MB_RECORD) {
    for (const [k, v] of Object.entries(seen)) console.log(JSON.stringify(k), JSON.stringify(v));
    return;
  }
  assert.deepEqual(wrong, []);
});

const isDossierRoute = (p) => p.startsWith('/dossiers') || p.startsWith('/api/v1/dossiers') || p === '/submit';

t('the overseer gets 404 on every dossier route, even for a dossier that exists', async () => {
  const dossierRoutes = routes.filter((r) => isDossierRoute(r.pattern));
  assert.ok(dossierRoutes.length >= 12, `dossier routes found: ${dossierRoutes.length}`);
  // The dossier exists: the administrator opens it.
  const seen = await api(srv.url, 'GET', `/api/v1/dossiers/${demo.dossier}`, sessions.quantri);
  assert.equal(seen.status, 200);
  for (const route of dossierRoutes) {
    const r = await call(route, 'giamsat', fill(route));
    assert.equal(r.status, 404, `${route.method} ${route.pattern} as the overseer: ${r.text.slice(0, 200)}`);
  }
  // Nor is it offered: no dossier link in the overseer's navigation.
  const home = await page(srv.url, '/', { cookie: sessions.giamsat.cookie });
  assert.doesNotMatch(home.text, /href="\/dossiers"/);
});

t('no answer the overseer can read holds personal data', async () => {
  // A complaint with the reporter's identity, and personal data written into its text.
  const who = { name: 'Lường Thị Riêng', phone: '0912 345 678', id_number: '014190001234', address: 'Bản Cọ, tổ 7, phường Chiềng Cơi' };
  const filed = await api(srv.url, 'POST', '/api/v1/cases', {
    body: {
      kind: 'complaint', category: 'rudeness', unit: 'phuong-chieng-coi', title: 'Khiếu nại của Lường Thị Riêng, ĐT 0912 345 678',
      body: `Tôi là ${who.name}, CCCD ${who.id_number}, điện thoại ${who.phone}, e-mail rieng.lt@example.vn; cán bộ một cửa từ chối nhận hồ sơ.`,
      name: who.name, phone: who.phone, id_number: who.id_number, address: who.address, email: 'rieng.lt@example.vn',
    },
  });
  assert.equal(filed.status, 201, filed.text);
  const code = filed.json.code;
  // The applicants of the demo dossiers, as the administrator reads them.
  const applicants = [];
  for (const d of (await api(srv.url, 'GET', '/api/v1/dossiers?all=1', sessions.truongphuong)).json.dossiers) {
    const full = await api(srv.url, 'GET', `/api/v1/dossiers/${d.code}`, sessions.quantri);
    applicants.push(full.json.dossier.applicant);
  }
  assert.ok(applicants.length >= 3);
  const secrets = [who.name, who.phone, who.id_number, who.address, 'rieng.lt@example.vn', '0912345678',
    // (a bare ward name as an address is public reference data, not a secret)
    ...applicants.flatMap((a) => [a.name, a.id_number, a.phone, /\d/.test(a.address) ? a.address : ''].filter((v) => v && v.length >= 6))];
  // Staff do see it (so the check below is not vacuous).
  const staffView = await api(srv.url, 'GET', `/api/v1/cases/${code}`, sessions.truongphuong);
  assert.match(staffView.text, /014190001234/);

  const readable = [];
  for (const route of routes.filter((r) => r.method === 'GET')) {
    const paths = [fill(route)];
    if (route.pattern.includes('{code}') && (route.pattern.startsWith('/cases') || route.pattern.startsWith('/api/v1/cases')))
      paths.push(route.pattern.replace('{code}', code).replace('{sha}', 'a'.repeat(64)));
    if (route.pattern === '/api/v1/cases' || route.pattern === '/cases') paths.push(`${route.pattern}?view=all`);
    for (const path of paths) {
      const r = await call(route, 'giamsat', path);
      if (r.status >= 300) continue;
      readable.push(path);
      // A binary answer (an XLSX download, a PDF) is not text to search: the same handler's CSV
      // and JSON answers carry the same cells and are searched here. (Decoding a zip's bytes as
      // percent-escapes failed now and then, whenever its bytes happened to read "%E0"…)
      const type = r.headers.get('content-type') || '';
      if (/spreadsheetml|application\/pdf|application\/zip|octet-stream/.test(type)) continue;
      // JSON's \\u escapes and URLs' percent-escapes undone, each run of escapes on its own (a run
      // that is not UTF-8 stays as it is), so a secret cannot hide behind either.
      const text = r.text.replace(/\\u([0-9a-f]{4})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)))
        .replace(/(?:%[0-9a-f]{2})+/gi, (run) => { try { return decodeURIComponent(run); } catch { return run; } });
      for (const v of secrets) assert.ok(!text.includes(v), `GET ${path} shows the overseer personal data: ${v}`);
    }
  }
  // What it reads of the case: the case itself, redacted.
  assert.ok(readable.includes(`/cases/${code}`) && readable.includes(`/api/v1/cases/${code}`), readable.join(' '));
  const mine = await api(srv.url, 'GET', `/api/v1/cases/${code}`, sessions.giamsat);
  assert.equal(mine.json.case.kind, 'complaint');
  assert.equal(mine.json.case.reporter, 'sealed');
  assert.deepEqual(mine.json.case.files, []);
  assert.equal(mine.json.case.body, '');
  assert.equal(mine.json.case.title, '');
  assert.equal(mine.json.case.state, 'received');
});

// Every state-changing HTML form carries a one-time form token (POST/redirect/GET
// without duplicates), on every page any role can open; sign-in and sign-out,
// the receipt check and a sealed file's opening are not state-changing forms.
t('every POST form on every page carries a one-time form token', async () => {
  const exempt = new Set(['/login', '/logout', '/receipts/verify']);
  const forms = new Set();
  const bad = [];
  for (const route of routes.filter((r) => r.method === 'GET' && !r.pattern.startsWith('/api/') && !r.pattern.includes('.'))) {
    for (const role of ROLES) {
      const path = fill(route);
      const r = await call(route, role, path);
      if (r.status >= 300 || !/<form/i.test(r.text)) continue;
      for (const m of r.text.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
        if (!/method="post"/i.test(m[1])) continue;
        const action = (/action="([^"]*)"/.exec(m[1]) || [])[1] || path;
        if (exempt.has(action) || /^\/cases\/[^/]+\/files\//.test(action)) continue;
        forms.add(action.replace(/\/[A-Z]{2,4}-\d{6}-\d{4}/g, '/{code}'));
        const tok = hiddenInput(m[2], '_form');
        if (!tok || !/^[0-9a-f]{64}$/.test(tok)) bad.push(`${action} on ${path} as ${role}`);
      }
    }
  }
  assert.ok(forms.size >= 12, `forms seen: ${[...forms].join(' ')}`);
  assert.deepEqual(bad, [], 'POST forms without a form token');
});
