/* Fuzz driver: request bodies through the whole server, in process.
 *
 * Built three times (FUZZ_BODY = 1 JSON, 2 urlencoded form, 3 multipart): the
 * real application (app_install) serves a demo database on a loopback port in
 * this process, so libFuzzer sees the coverage of the body parsers (jansson
 * objects into typed inputs, MHD's post processor, our form and multipart
 * handling), the auth hook and every handler behind them.
 *
 * An input is
 *     METHOD /route/pattern\n
 *     actor\n
 *     body
 * The first line names a route of the route table by its pattern (an unknown
 * line picks a route by its hash), so a seed keeps its meaning when routes are
 * added; words after the pattern are the values of its other parameters in
 * order ({action}, {cmd}, {doc}…); the actor is a demo login or "-"
 * (anonymous). Path parameters are filled from the demo data (a dossier or
 * case code of the demo listing, a unit, a login). The oracle: a complete HTTP answer whose status is below 500;
 * a crash, a sanitizer report, a 5xx or no answer aborts.
 *
 * MB_BIN (the minhbach binary, set by CMake) makes the demo database once. */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/app.h"
#include "base/log.h"
#include "cases/cases.h"
#include "db/db.h"
#include "ledger/ledger.h"
#include "web/i18n.h"
#include "web/web.h"

#ifndef FUZZ_BODY
#define FUZZ_BODY 1
#endif
#define BOUNDARY "mbfuzzBoundary7MA4YWxk"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ACTORS[] = {"-", "quantri", "truongphuong", "xuly", "motcua", "thanhtra",
                                     "thanhtranoivu", "giamsat", "congdan", "giamdocsoyte"};
enum { NACTORS = sizeof ACTORS / sizeof ACTORS[0] };

static unsigned g_port;
static char g_cookie[NACTORS][80], g_csrf[NACTORS][80];
static char g_dossier[48], g_case[48];
static const web_route *g_routes;
static size_t g_nroutes;
static const char ANON_CSRF[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/* One request on a new connection; the whole answer into out (NUL-ended). */
static size_t http(const char *req, size_t reqlen, char *out, size_t cap)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) abort();
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g_port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) abort();
	for (size_t off = 0; off < reqlen;) {
		ssize_t w = send(fd, req + off, reqlen - off, MSG_NOSIGNAL);
		if (w <= 0) break;   /* the server may answer (413) before reading it all */
		off += (size_t)w;
	}
	shutdown(fd, SHUT_WR);
	size_t n = 0;
	for (ssize_t r; n + 1 < cap && (r = recv(fd, out + n, cap - 1 - n, 0)) > 0;) n += (size_t)r;
	/* Drain what does not fit. */
	char sink[4096];
	while (recv(fd, sink, sizeof sink, 0) > 0) {}
	close(fd);
	out[n] = '\0';
	return n;
}

static int status_of(const char *resp)
{
	int st = 0;
	if (sscanf(resp, "HTTP/1.%*1d %3d", &st) != 1) return 0;
	return st;
}

static void sign_in(int i)
{
	char body[160], req[512], resp[16384];
	int bl = snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"minhbach-demo\"}", ACTORS[i]);
	int rl = snprintf(req, sizeof req,
	                  "POST /api/v1/session HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"
	                  "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", bl, body);
	http(req, (size_t)rl, resp, sizeof resp);
	const char *c = strstr(resp, "mb_session=");
	const char *j = strstr(resp, "\r\n\r\n");
	if (status_of(resp) != 200 || !c || !j) { fprintf(stderr, "fuzz: cannot sign in as %s\n", ACTORS[i]); abort(); }
	snprintf(g_cookie[i], sizeof g_cookie[i], "%.75s", c);
	char *semi = strchr(g_cookie[i], ';');
	if (semi) *semi = '\0';
	json_t *o = json_loads(j + 4, 0, NULL);
	const char *csrf = json_string_value(json_object_get(o, "csrf_token"));
	snprintf(g_csrf[i], sizeof g_csrf[i], "%s", csrf ? csrf : "");
	json_decref(o);
}

/* The first dossier and case code of the demo listing (<db>.demo). */
static void demo_codes(const char *listing)
{
	FILE *f = fopen(listing, "r");
	char line[512];
	bool cases = false;
	while (f && fgets(line, sizeof line, f)) {
		if (!strncmp(line, "Demo reports", 12)) cases = true;
		char code[48];
		if (sscanf(line, " %47s secret", code) == 1 && strchr(code, '-')) {
			if (!cases && !g_dossier[0]) snprintf(g_dossier, sizeof g_dossier, "%s", code);
			if (cases && !g_case[0]) snprintf(g_case, sizeof g_case, "%s", code);
		}
	}
	if (f) fclose(f);
	if (!g_dossier[0]) snprintf(g_dossier, sizeof g_dossier, "HS-000000-0000");
	if (!g_case[0]) snprintf(g_case, sizeof g_case, "DT-000000-0000");
}

static void start(void)
{
	static char dir[] = "/tmp/mb-fuzz-http-XXXXXX";
	if (!mkdtemp(dir)) abort();
	char db_path[128], cmd[512], key[160], vault[160], listing[160];
	snprintf(db_path, sizeof db_path, "%s/f.db", dir);
	snprintf(cmd, sizeof cmd, "'%s' demo --db '%s' >/dev/null", MB_BIN, db_path);
	if (system(cmd) != 0) { fprintf(stderr, "fuzz: %s failed\n", cmd); abort(); }
	snprintf(key, sizeof key, "%s.key", db_path);
	snprintf(vault, sizeof vault, "%s.vault.key", db_path);
	snprintf(listing, sizeof listing, "%s.demo", db_path);
	demo_codes(listing);
	setenv("MINHBACH_REPORT_LIMIT", "1000000000", 1);
	log_set_level(LOG_ERROR);
	signal(SIGPIPE, SIG_IGN);
	static ledger_keys keys;
	err e = {0};
	if (ledger_keys_load(key, &keys, &e) || i18n_init()) abort();
	db_set_path(db_path);
	case_vault_set_key_path(vault);
	char checkpoints[160];
	snprintf(checkpoints, sizeof checkpoints, "%s.checkpoints", db_path);
	app_install(&keys, checkpoints);
	web_config cfg = {.listen = "127.0.0.1", .port = 0, .threads = 2};
	if (web_start(&cfg, &g_port)) abort();
	for (int i = 1; i < NACTORS; i++) sign_in(i);
	g_routes = web_routes(&g_nroutes);
}

static bool has_body(const web_route *rt)
{
	return strcmp(rt->method, "GET") && strcmp(rt->method, "DELETE");
}

/* The route named by the first line, else one picked by its hash; *extra
 * points at the words after the pattern. */
static const web_route *pick_route(const char *line, size_t n, const char **extra, size_t *extra_n)
{
	*extra = "";
	*extra_n = 0;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)line[i]) * 16777619u;
	const web_route *any[512];
	size_t k = 0;
	for (size_t i = 0; i < g_nroutes && k < 512; i++) {
		const web_route *rt = &g_routes[i];
		if (!has_body(rt)) continue;
		size_t ml = strlen(rt->method), pl = strlen(rt->pattern);
		if (n >= ml + 1 + pl && !memcmp(line, rt->method, ml) && line[ml] == ' ' &&
		    !memcmp(line + ml + 1, rt->pattern, pl) && (n == ml + 1 + pl || line[ml + 1 + pl] == ' ')) {
			*extra = n > ml + 1 + pl ? line + ml + 2 + pl : "";
			*extra_n = n > ml + 1 + pl ? n - ml - 2 - pl : 0;
			return rt;
		}
		any[k++] = rt;
	}
	return k ? any[h % k] : NULL;
}

/* The pattern with its {params} filled from the demo data, or from the extra
 * words (URL-safe characters only) for the others. */
static void fill_path(const char *pattern, const char *extra, size_t extra_n, char *out, size_t cap)
{
	size_t o = 0;
	bool dossier = strstr(pattern, "dossier") != NULL;
	for (const char *p = pattern; *p && o + 64 < cap;) {
		if (*p != '{') { out[o++] = *p++; continue; }
		const char *end = strchr(p, '}');
		if (!end) break;
		size_t len = (size_t)(end - p - 1);
		const char *v = "x";
		if (len == 4 && !memcmp(p + 1, "code", 4)) v = dossier ? g_dossier : g_case;
		else if (len == 5 && !memcmp(p + 1, "login", 5)) v = "congdan";
		else if ((len == 2 && !memcmp(p + 1, "id", 2)) || (len == 4 && !memcmp(p + 1, "unit", 4))) v = "phuong-chieng-coi";
		else if (len == 3 && !memcmp(p + 1, "day", 3)) v = "2026-09-02";
		else if (extra_n) {
			char word[48];
			size_t w = 0;
			while (extra_n && *extra == ' ') { extra++; extra_n--; }
			while (extra_n && *extra != ' ' && w + 1 < sizeof word) {
				char c = *extra++;
				extra_n--;
				if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-') word[w++] = c;
			}
			word[w] = '\0';
			if (w) { o += (size_t)snprintf(out + o, cap - o, "%s", word); p = end + 1; continue; }
		}
		o += (size_t)snprintf(out + o, cap - o, "%s", v);
		p = end + 1;
	}
	out[o] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;
	if (!started) { start(); started = true; }
	if (size > 48 * 1024) return 0;
	const char *in = (const char *)data;
	const char *nl1 = memchr(in, '\n', size);
	const char *line = nl1 ? in : "";
	size_t line_n = nl1 ? (size_t)(nl1 - in) : 0;
	const char *rest = nl1 ? nl1 + 1 : in;
	size_t rest_n = size - (size_t)(rest - in);
	int actor = 0;
	const char *nl2 = memchr(rest, '\n', rest_n);
	if (nl2) {
		size_t an = (size_t)(nl2 - rest);
		for (int i = 1; i < NACTORS; i++)
			if (an == strlen(ACTORS[i]) && !memcmp(rest, ACTORS[i], an)) actor = i;
		rest_n -= (size_t)(nl2 + 1 - rest);
		rest = nl2 + 1;
	}
	const char *extra;
	size_t extra_n;
	const web_route *rt = pick_route(line, line_n, &extra, &extra_n);
	if (!rt) return 0;
	char path[512];
	fill_path(rt->pattern, extra, extra_n, path, sizeof path);

	/* Head and body: the fuzz bytes, after the CSRF field for forms. */
	size_t cap = rest_n + 2048;
	char *req = malloc(cap);
	static char resp[1 << 20];
	const char *ctype = FUZZ_BODY == 1 ? "application/json"
	                  : FUZZ_BODY == 2 ? "application/x-www-form-urlencoded"
	                                   : "multipart/form-data; boundary=" BOUNDARY;
	const char *csrf = actor ? g_csrf[actor] : ANON_CSRF;
	char prefix[512];
	int pl = FUZZ_BODY == 2 ? snprintf(prefix, sizeof prefix, "_csrf=%s&", csrf)
	       : FUZZ_BODY == 3 ? snprintf(prefix, sizeof prefix,
	                                   "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s\r\n", csrf)
	                        : 0;
	int hl = snprintf(req, cap,
	                  "%s %s HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\nContent-Type: %s\r\n"
	                  "Content-Length: %zu\r\nCookie: mb_csrf=%s%s%s\r\nX-CSRF-Token: %s\r\n\r\n%s",
	                  rt->method, path, ctype, (size_t)pl + rest_n, ANON_CSRF, actor ? "; " : "",
	                  actor ? g_cookie[actor] : "", actor ? g_csrf[actor] : "", pl ? prefix : "");
	memcpy(req + hl, rest, rest_n);
	http(req, (size_t)hl + rest_n, resp, sizeof resp);
	free(req);
	int st = status_of(resp);
	if (st < 100 || st >= 500) {
		fprintf(stderr, "fuzz: %s %s as %s answered %d:\n%.2000s\n", rt->method, path, ACTORS[actor], st, resp);
		abort();
	}
	return 0;
}
