/* forms.c — one-time form tokens: POST/redirect/GET without duplicates.
 *
 * Every state-changing HTML form carries, beside the CSRF token, a random
 * form token (auth_form_fields). The handler wrap (installed with
 * web_set_handler_wrap) runs each form POST inside one held transaction
 * (db_hold_begin): when the token is already recorded, nothing runs and the
 * answer is a 303 to the place the first POST was sent; otherwise the handler
 * runs, and when its answer is a 303 the token and the Location are recorded
 * in the same transaction as the handler's change. A refresh, a double tap
 * or a resubmission from the history therefore changes nothing twice.
 *
 * A one-time result the answer page must show (a passphrase, a generated
 * password, an opened identity) is kept with auth_form_keep() while handling
 * the POST: it is sealed (crypto_secretbox) under a key derived from the form
 * token and the browser's cookie — neither is stored — and taken once by the
 * GET page with auth_form_take(), within 30 minutes, by the same browser
 * (another cookie neither opens nor erases it).
 *
 * Not form POSTs: the JSON API, Open311, sign-in and sign-out (no state of
 * record; a repeated sign-in is a new session), the receipt check (changes
 * nothing) and a sealed attachment's opening (the answer is the file).
 */
#include <jansson.h>
#include <sodium.h>
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "db/forms.h"

enum { FORM_KEEP_S = 30 * 60, FORM_FORGET_S = 7 * 24 * 3600 };

typedef struct form_state {
	const char *token;
	char hash[65];
	json_t *keep;              /* values to seal, or NULL */
	json_t *taken;             /* on a GET page: the values taken, or NULL */
	bool tried;
} form_state;

static const char *const not_forms[] = {
	"/login", "/logout", "/receipts/verify", "/cases/{code}/files/{sha}",
};

static void sha256_hex(const char *s, char out[65])
{
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	hex_encode(h, 32, out);
}

static bool valid_token(const char *t)
{
	if (!t || strlen(t) != 64) return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
	return true;
}

static const char *new_token(web_req *r)
{
	unsigned char b[32];
	char *out = arena_alloc(r->a, 65);
	randombytes_buf(b, sizeof b);
	hex_encode(b, sizeof b, out);
	return out;
}

/* The cookie a form's one-time result is bound to: the session's, else the
 * anonymous double-submit cookie (the CSRF check made sure it was sent). */
static const char *binding_cookie(web_req *r)
{
	const char *c = web_cookie(r, r->actor ? "mb_session" : "mb_csrf");
	return c ? c : "";
}

static void seal_key(const char *token, const char *cookie, unsigned char key[crypto_secretbox_KEYBYTES])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, crypto_secretbox_KEYBYTES);
	crypto_generichash_update(&st, (const unsigned char *)"mb-form-v1\n", 11);
	crypto_generichash_update(&st, (const unsigned char *)token, strlen(token));
	crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
	crypto_generichash_update(&st, (const unsigned char *)cookie, strlen(cookie));
	crypto_generichash_final(&st, key, crypto_secretbox_KEYBYTES);
}

static bool is_form_post(web_req *r)
{
	if (strcmp(r->method, "POST") || r->is_api || !strncmp(r->path, "/open311/", 9)) return false;
	for (size_t i = 0; i < sizeof not_forms / sizeof not_forms[0]; i++)
		if (!strcmp(r->route->pattern, not_forms[i])) return false;
	return true;
}

const char *auth_form_fields(web_req *r)
{
	const char *csrf = r->actor ? r->csrf : auth_anon_csrf(r);
	return arena_printf(r->a, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
	                          "<input type=\"hidden\" name=\"_form\" value=\"%s\">", csrf ? csrf : "", new_token(r));
}

const char *auth_form_token(web_req *r)
{
	form_state *st = r->form_once;
	return st && st->token ? st->token : NULL;
}

int auth_form_keep(web_req *r, const char *name, const char *value)
{
	form_state *st = r->form_once;
	if (!st || !st->token) return -1;
	if (!st->keep) st->keep = json_object();
	json_object_set_new(st->keep, name, json_string(value ? value : ""));
	return 0;
}

/* nonce ‖ secretbox(JSON of the kept values) into the arena. */
static unsigned char *seal(web_req *r, form_state *st, size_t *n)
{
	char *plain = json_dumps(st->keep, JSON_COMPACT);
	if (!plain) return NULL;
	size_t pn = strlen(plain);
	*n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + pn;
	unsigned char *out = arena_alloc(r->a, *n);
	unsigned char key[crypto_secretbox_KEYBYTES];
	seal_key(st->token, binding_cookie(r), key);
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, pn, out, key);
	sodium_memzero(key, sizeof key);
	sodium_memzero(plain, pn);
	free(plain);
	return out;
}

const char *auth_form_take(web_req *r, const char *name)
{
	form_state *st = r->form_once;
	if (!st) {
		st = arena_alloc(r->a, sizeof *st);
		memset(st, 0, sizeof *st);
		r->form_once = st;
	}
	if (!st->tried) {
		st->tried = true;
		const char *tok = web_query(r, "f");
		if (!valid_token(tok)) return NULL;
		char th[65];
		sha256_hex(tok, th);
		unsigned char *box = NULL;
		size_t n = 0;
		err e = {0};
		char bind[65];
		sha256_hex(binding_cookie(r), bind);
		if (db_form_take(db_thread(), th, bind, clock_now() - FORM_KEEP_S, r->a, &box, &n, &e) != 1 ||
		    n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
			return NULL;
		size_t pn = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
		unsigned char *plain = arena_alloc(r->a, pn + 1);
		unsigned char key[crypto_secretbox_KEYBYTES];
		seal_key(tok, binding_cookie(r), key);
		int bad = crypto_secretbox_open_easy(plain, box + crypto_secretbox_NONCEBYTES, n - crypto_secretbox_NONCEBYTES,
		                                     box, key);
		sodium_memzero(key, sizeof key);
		if (bad) return NULL;
		plain[pn] = '\0';
		st->taken = json_loads((const char *)plain, 0, NULL);
		sodium_memzero(plain, pn);
	}
	if (!st->taken) return NULL;
	const char *v = json_string_value(json_object_get(st->taken, name));
	return v ? arena_strdup(r->a, v) : NULL;
}

static void state_free(web_req *r)
{
	form_state *st = r->form_once;
	if (!st) return;
	if (st->keep) json_decref(st->keep);
	if (st->taken) json_decref(st->taken);
	st->keep = st->taken = NULL;
}

static int fail(web_req *r, const err *e)
{
	r->nhdr = 0;   /* not the Location of a change that did not happen */
	return web_error(r, e);
}

static int wrap(web_req *r, web_handler h)
{
	if (!is_form_post(r)) {
		int rc = h(r);
		state_free(r);   /* a GET page that took a kept value */
		return rc;
	}
	err e = {0};
	form_state *st = arena_alloc(r->a, sizeof *st);
	memset(st, 0, sizeof *st);
	const char *tok = web_form(r, "_form");
	if (tok && *tok && !valid_token(tok)) {
		err_set(&e, MB_EINVAL, "invalid_field", "_form", "Mã biểu mẫu không hợp lệ; hãy tải lại trang và gửi lại.",
		        "invalid form token; reload the page and send it again");
		return web_error(r, &e);
	}
	/* A form without a token (a client that does not render it) is still
	 * answered with a redirect, only without protection against repeats. */
	st->token = tok && *tok ? tok : new_token(r);
	sha256_hex(st->token, st->hash);
	db *d = db_thread();
	if (!d || db_hold_begin(d, &e)) return web_error(r, &e);
	db_form_row row;
	int found = db_form_get(d, st->hash, r->a, &row, &e);
	if (found < 0) { db_hold_end(d, false, NULL); return web_error(r, &e); }
	if (found) {
		db_hold_end(d, true, NULL);
		log_msg(LOG_INFO, "forms", "repeated form %s: sent to %s", r->path, row.location);
		return web_redirect(r, row.location);
	}
	r->form_once = st;
	int rc = h(r);
	const char *loc = r->status == 303 ? web_out_header(r, "Location") : NULL;
	if (loc) {
		char bind[65];
		sha256_hex(binding_cookie(r), bind);
		size_t n = 0;
		unsigned char *box = st->keep ? seal(r, st, &n) : NULL;
		int64_t now = clock_now();
		if (db_form_put(d, st->hash, bind, loc, box, n, now, &e) ||
		    db_form_purge(d, now - FORM_FORGET_S, now - FORM_KEEP_S, &e)) {
			db_hold_end(d, false, NULL);
			state_free(r);
			return fail(r, &e);
		}
	}
	state_free(r);
	if (db_hold_end(d, true, &e)) return fail(r, &e);
	return rc;
}

void auth_forms_install(void)
{
	web_set_handler_wrap(wrap);
}
