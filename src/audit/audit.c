/* audit.c — GET /api/v1/ledger/head, /key, /verify. */
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"

static const ledger_keys *g_keys;

static int api_head(web_req *r)
{
	err e = {0};
	int64_t seq;
	char hash[65], at[32], msg[256], sig[129];
	if (ledger_head(db_thread(), &seq, hash, &e)) return web_error(r, &e);
	clock_iso_utc(clock_now(), at, sizeof at);
	ledger_sign_checkpoint(g_keys, seq, hash, at, msg, sizeof msg, sig);
	return web_json(r, 200, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "seq", (json_int_t)seq,
	                                  "hash", hash, "signed_at", at, "message", msg,
	                                  "signature", sig, "algorithm", "Ed25519"));
}

static int api_key(web_req *r)
{
	char pk[65];
	hex_encode(g_keys->pk, 32, pk);
	return web_json(r, 200, json_pack("{s:s, s:s}", "algorithm", "Ed25519", "public_key", pk));
}

static int api_verify(web_req *r)
{
	err e = {0};
	ledger_verify_result v;
	if (ledger_verify(db_thread(), &v, &e)) return web_error(r, &e);
	json_t *j = json_pack("{s:b, s:I}", "ok", v.ok, "events", (json_int_t)v.events);
	if (!v.ok) {
		json_object_set_new(j, "first_bad_seq", json_integer(v.bad_seq));
		json_object_set_new(j, "reason", json_string(v.reason));
	}
	return web_json(r, 200, j);
}

static const web_route routes[] = {
	{"GET", "/api/v1/ledger/head", WEB_PUBLIC, api_head, 0},
	{"GET", "/api/v1/ledger/key", WEB_PUBLIC, api_key, 0},
	{"GET", "/api/v1/ledger/verify", AUTH_P_INSPECTOR, api_verify, 0},
};

void audit_install(const ledger_keys *keys)
{
	g_keys = keys;
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
