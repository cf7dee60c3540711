/* import.c — e-mails filed as cases (`minhbach mail-import`).
 *
 * Each message of a Maildir (new/ and cur/) or of a directory of .eml files
 * is parsed with gmime, checked (parseable MIME, a sender, a body, at most
 * 10 MiB), and filed through the cases service as an anonymous-actor receipt
 * on the e-mail channel: the sender's name and address go into the vault, the
 * PDF, JPEG and PNG attachments are kept, and the sender gets a receipt with
 * the case code and the follow-up secret through the outbox. A message is
 * filed once: its Message-ID (or the SHA-256 of its bytes) is recorded. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmime/gmime.h>
#include <sodium.h>

#include "base/clock.h"
#include "auth/auth.h"
#include "base/text.h"
#include "cases/cases.h"
#include "mail/internal.h"
#include "web/i18n.h"

/* --- the command --- */

typedef struct names {
	char **v;
	int n, cap;
} names;

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int list_dir(arena *a, const char *dir, bool eml_only, names *out)
{
	DIR *dp = opendir(dir);
	if (!dp) return -1;
	struct dirent *de;
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.') continue;
		size_t l = strlen(de->d_name);
		if (eml_only && (l < 5 || strcasecmp(de->d_name + l - 4, ".eml"))) continue;
		char *path = arena_printf(a, "%s/%s", dir, de->d_name);
		struct stat sb;
		if (stat(path, &sb) || !S_ISREG(sb.st_mode)) continue;
		*(char **)arena_push(a, &out->v, &out->n, &out->cap, sizeof(char *)) = path;
	}
	closedir(dp);
	return 0;
}

static unsigned char *read_file(const char *path, arena *a, size_t *n, const char **why)
{
	FILE *f = fopen(path, "rb");
	if (!f) { *why = strerror(errno); return NULL; }
	struct stat sb;
	if (fstat(fileno(f), &sb)) { *why = strerror(errno); fclose(f); return NULL; }
	if (sb.st_size > MAIL_IMPORT_MAX) { *why = "message over 10 MiB"; fclose(f); return NULL; }
	unsigned char *p = arena_alloc(a, (size_t)sb.st_size + 1);
	*n = fread(p, 1, (size_t)sb.st_size, f);
	bool bad = ferror(f) || *n != (size_t)sb.st_size;
	fclose(f);
	if (bad) { *why = "cannot read the whole file"; return NULL; }
	return p;
}

static bool unit_exists(db *d, const char *code)
{
	int64_t id = 0;
	err e = {0};
	return auth_unit_id(d, code, &id, &e) == 1;
}

static const char *unit_for(db *d, const mail_parsed *m, const char *unit_code, arena *a)
{
	if (unit_code) return unit_code;
	for (int i = 0; i < m->nrecipients; i++) {
		const char *at = strchr(m->recipients[i], '@');
		if (!at || at == m->recipients[i]) continue;
		char *local = arena_strndup(a, m->recipients[i], (size_t)(at - m->recipients[i]));
		for (char *c = local; *c; c++)
			if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
		if (unit_exists(d, local)) return local;
	}
	return "thanh-tra-tinh";
}

/* Limits of the cases service (cases/service.c): text in code points. */
enum { CASE_BODY_MAX = 10000, CASE_NAME_MAX = 120, CASE_ADDRESS_MAX = 300, CASE_UPLOAD_MAX = 5 * 1024 * 1024 };

/* The first n code points of s (all of it when shorter). */
static const char *clip(arena *a, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	for (size_t cps = 0; p[i] && cps < n; cps++) {
		i++;
		while ((p[i] & 0xC0) == 0x80) i++;
	}
	return p[i] ? arena_strndup(a, s, i) : s;
}

/* The case body: the text, then the attachments that were not kept; a text
 * too long for a case is cut, and says so. */
static const char *case_body(const mail_parsed *m, case_input *in, arena *a)
{
	buf tail;
	buf_init(&tail, MAIL_IMPORT_MAX);
	for (int i = 0; i < m->natt; i++) {
		const mail_attachment *at = &m->att[i];
		if (at->kept && at->size <= CASE_UPLOAD_MAX && in->nuploads < (int)(sizeof in->uploads / sizeof in->uploads[0])) {
			case_upload *u = &in->uploads[in->nuploads++];
			u->name = clip(a, at->name, 200);
			u->data = at->data;
			u->size = at->size;
			continue;
		}
		buf_printf(&tail, "\n\n%s: %s (%s)", i18n_get(m->lang, N_("Tệp đính kèm không được lưu")),
		           clip(a, at->name, 200), clip(a, at->content_type, 100));
	}
	const char *rest = arena_strdup(a, clip(a, buf_str(&tail), CASE_BODY_MAX / 2));
	buf_free(&tail);
	size_t room = CASE_BODY_MAX - text_utf8_len(rest);
	const char *text = m->body;
	if (text_utf8_len(text) > room) {
		const char *note = arena_printf(a, "\n\n[%s]", i18n_get(m->lang, N_("Thư dài hơn giới hạn của đơn thư, phần cuối đã được cắt bớt")));
		text = arena_printf(a, "%s%s", clip(a, text, room - text_utf8_len(note)), note);
	}
	return arena_printf(a, "%s%s", text, rest);
}

/* The sender's postal address when the text gives one on a line of its own
 * ("Địa chỉ: …" or "Address: …"): a complaint or a denunciation needs it. */
static const char *postal_address(const char *body, arena *a)
{
	for (const char *line = body; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		const char *colon = memchr(line, ':', n);
		if (colon && colon - line < 40) {
			char *label = text_fold_a(a, arena_strndup(a, line, (size_t)(colon - line)));
			if (!strcmp(label, "dia chi") || !strcmp(label, "address") || !strcmp(label, "dia chi lien he")) {
				char *v = text_trim(arena_strndup(a, colon + 1, n - (size_t)(colon - line) - 1));
				if (*v) return clip(a, v, CASE_ADDRESS_MAX);
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* A title: the subject, or the start of the body's first line. */
static const char *case_title(const mail_parsed *m, arena *a)
{
	const char *src = *m->subject ? m->subject : m->body;
	size_t n = strcspn(src, "\r\n");
	/* At most 200 bytes, cut at a character boundary. */
	if (n > 200) {
		n = 200;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
	}
	char *t = text_trim(arena_strndup(a, src, n));
	return *t ? t : i18n_get(m->lang, N_("Phản ánh qua thư điện tử"));
}

typedef enum outcome { IMPORTED, ALREADY, REJECTED } outcome;


/* The message, its receipt and the case commit together (inside the case's
 * transaction): a message is filed once, and never without its record. */
typedef struct import_ctx {
	const mail_parsed *m;
	const char *path, *base_url, *title;
	int64_t now;
	arena *a;
} import_ctx;

static int record_import(db *d, const case_result *r, void *arg, err *e)
{
	import_ctx *c = arg;
	if (mail_repo_import_done(d, c->m->message_key, c->path, r->code, c->now, e)) return MB_EINTERNAL;
	mail_receipt_text rt = {c->m->lang, r->code, r->secret, c->title, c->base_url, r->at ? r->at : c->now};
	const char *subject, *body;
	if (mail_compose_receipt(&rt, c->a, &subject, &body) == 0) {
		mail_msg msg = {c->m->from_addr, subject, body, "receipt", r->code, true};
		if (mail_enqueue(d, &msg, c->now, e)) return MB_EINTERNAL;
	}
	return 0;
}

static outcome import_one(db *d, const char *path, const char *unit_code, const char *base_url)
{
	arena a;
	arena_init(&a);
	outcome res = REJECTED;
	err e = {0};
	size_t n = 0;
	const char *why = NULL;
	unsigned char *raw = read_file(path, &a, &n, &why);
	mail_parsed m;
	if (!raw) { fprintf(stderr, "%s: %s\n", path, why); goto out; }
	if (mail_parse(raw, n, &a, &m, &e)) { fprintf(stderr, "%s: %s\n", path, e.en); goto out; }

	const char *state, *code;
	int got = mail_repo_import_get(d, m.message_key, &a, &state, &code, &e);
	if (got < 0) { fprintf(stderr, "%s: %s\n", path, e.en); goto out; }
	if (got == 1 && !strcmp(state, "done")) { res = ALREADY; goto out; }
	if (got == 1) {
		fprintf(stderr, "%s: an earlier import of this message %s was interrupted; check the cases received "
		        "at that time before removing its row from mail_imports\n", path, m.message_key);
		goto out;
	}

	case_input in = {0};
	in.kind = mail_guess_kind(m.subject);
	in.category = mail_guess_category(m.subject, m.body, &a);
	in.channel = "email";
	in.title = case_title(&m, &a);
	in.body = case_body(&m, &in, &a);
	in.unit_code = unit_for(d, &m, unit_code, &a);
	/* The sender's name (their address when the From header has none). */
	in.identity.name = clip(&a, *m.from_name ? m.from_name : m.from_addr, CASE_NAME_MAX);
	in.identity.email = m.from_addr;
	in.identity.address = postal_address(m.body, &a);
	in.lang = m.lang;

	int64_t now = clock_now();
	import_ctx ctx = {&m, path, base_url, in.title, now, &a};
	in.on_received = record_import;
	in.on_received_ctx = &ctx;
	case_result r = {0};
	if (case_exec(d, NULL, CC_RECEIVE, NULL, &in, &a, &r, &e)) {
		fprintf(stderr, "%s: %s%s%s\n", path, e.en ? e.en : "the case was not filed", e.field ? ": " : "",
		        e.field ? e.field : "");
		goto out;
	}
	printf("%s: %s\n", path, r.code);
	res = IMPORTED;
out:
	sodium_memzero(&m, sizeof m);
	arena_free(&a);
	return res;
}

int mail_import_cli(const char *db_path, const char *dir, const char *unit_code)
{
	struct stat sb;
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "minhbach: %s is not a directory\n", dir);
		return 2;
	}
	db *d;
	err e = {0};
	if (access(db_path, R_OK) || db_open(&d, db_path, &e)) {
		fprintf(stderr, "minhbach: cannot open the database %s\n", db_path);
		return 2;
	}
	char v[64];
	if (db_migrate(d, &e) || db_meta_get(d, "initialized_at", v, sizeof v, NULL) != 1) {
		fprintf(stderr, "minhbach: %s is not initialized (run `minhbach init` or `minhbach demo`)\n", db_path);
		db_close(d);
		return 2;
	}
	if (unit_code && !unit_exists(d, unit_code)) {
		fprintf(stderr, "minhbach: no unit %s\n", unit_code);
		db_close(d);
		return 2;
	}
	if (i18n_init()) { db_close(d); return 2; }
	/* The vault key beside the database, as init and demo create it. */
	static char vault_key[4096];
	if ((size_t)snprintf(vault_key, sizeof vault_key, "%s.vault.key", db_path) >= sizeof vault_key) {
		fputs("minhbach: the database path is too long\n", stderr);
		db_close(d);
		return 2;
	}
	case_vault_set_key_path(vault_key);
	db_set_path(db_path);   /* attachments are stored beside the database (<db>.files) */
	g_mime_init();
	arena a;
	arena_init(&a);
	names files = {0};
	char *new_dir = arena_printf(&a, "%s/new", dir), *cur_dir = arena_printf(&a, "%s/cur", dir);
	struct stat s1, s2;
	bool maildir = (!stat(new_dir, &s1) && S_ISDIR(s1.st_mode)) || (!stat(cur_dir, &s2) && S_ISDIR(s2.st_mode));
	if (maildir) {
		list_dir(&a, new_dir, false, &files);
		list_dir(&a, cur_dir, false, &files);
	} else {
		list_dir(&a, dir, true, &files);
	}
	qsort(files.v, (size_t)files.n, sizeof *files.v, cmp_str);
	const char *base = mail_base_url(&a);
	int counts[3] = {0};
	for (int i = 0; i < files.n; i++) counts[import_one(d, files.v[i], unit_code, base)]++;
	printf("mail-import: %d imported, %d already imported, %d rejected\n", counts[IMPORTED], counts[ALREADY],
	       counts[REJECTED]);
	arena_free(&a);
	g_mime_shutdown();
	db_close(d);
	return counts[REJECTED] ? 1 : 0;
}
