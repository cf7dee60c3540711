/* audit.c — GET /api/v1/ledger/head, /key, /verify, and the checkpoint job. */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/job.h"
#include "base/log.h"

static const ledger_keys *g_keys;
static const char *g_file;
static job g_job;

/* The signed head, reusing the last checkpoint while the head has not moved
 * (so polling costs one read, and a signature only per new head). */
static int api_head(web_req *r)
{
	err e = {0};
	ledger_checkpoint c;
	if (ledger_checkpoint_issue(db_thread(), g_keys, g_file, &c, &e)) return web_error(r, &e);
	char msg[256];
	ledger_checkpoint_message(&c, msg, sizeof msg);
	return web_json(r, 200, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "seq", (json_int_t)c.seq,
	                                  "hash", c.hash, "signed_at", c.at, "message", msg,
	                                  "signature", c.sig, "algorithm", "Ed25519"));
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
	ledger_verify_opts o = {g_keys->pk, g_file, NULL};
	/* Verifying reads every event and row of record: 12 s for a million
	 * dossiers. The inspectors' check gets its own deadline, not the page's. */
	db_deadline_set(db_thread(), 30 * 60 * 1000);
	if (ledger_verify_all(db_thread(), &o, &v, &e)) return web_error(r, &e);
	json_t *j = json_pack("{s:b, s:I}", "ok", v.ok, "events", (json_int_t)v.events);
	if (!v.ok) {
		json_object_set_new(j, "reason", json_string(v.reason));
		json_object_set_new(j, "message", json_string(v.message));
		if (v.bad_seq) json_object_set_new(j, "first_bad_seq", json_integer(v.bad_seq));
		if (v.checkpoint_seq) json_object_set_new(j, "checkpoint_seq", json_integer(v.checkpoint_seq));
		if (*v.table)
			json_object_set_new(j, "row", json_pack("{s:s, s:s, s:s}", "table", v.table, "key", v.key,
			                                        "field", v.field));
	}
	return web_json(r, 200, j);
}

static const web_route routes[] = {
	{"GET", "/api/v1/ledger/head", WEB_PUBLIC, api_head, 0},
	{"GET", "/api/v1/ledger/key", WEB_PUBLIC, api_key, 0},
	{"GET", "/api/v1/ledger/verify", AUTH_P_INSPECTOR, api_verify, 0},
};

void audit_install(const ledger_keys *keys, const char *checkpoint_file)
{
	g_keys = keys;
	g_file = checkpoint_file;
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}

static void checkpoint_run(void)
{
	err e = {0};
	ledger_checkpoint c;
	db *d = db_thread();
	if (!d || ledger_checkpoint_issue(d, g_keys, g_file, &c, &e)) {
		if (d && e.status == MB_EUNAVAILABLE) job_failed("ledger", "checkpoint", &e);
		else log_msg(LOG_ERROR, "ledger", "cannot issue a checkpoint: %s", e.en ? e.en : "no database");
	}
}

void audit_jobs_start(int interval_s) { job_start(&g_job, "checkpoint", checkpoint_run, interval_s); }
void audit_jobs_stop(void) { job_stop(&g_job); }
