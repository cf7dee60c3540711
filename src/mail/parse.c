/* parse.c — reading one e-mail with gmime: the sender, the recipients, the
 * subject, the text (text/plain, else text/html without its tags), the
 * attachments (PDF, JPEG and PNG whose bytes match their type are kept), and
 * the key it is imported under. Keywords guess the kind and the category.
 * No database here: the fuzz driver and the unit tests call it directly. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>
#include <sodium.h>

#include "base/text.h"
#include "mail/internal.h"

/* --- parsing --- */

typedef struct walk {
	arena *a;
	GMimeObject *plain, *html;
	GMimeObject *parts[64];
	int nparts;
	bool too_many;
} walk;

static void visit(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	(void)parent;
	walk *w = data;
	if (GMIME_IS_MULTIPART(part)) return;
	if (w->nparts == (int)(sizeof w->parts / sizeof w->parts[0])) { w->too_many = true; return; }
	w->parts[w->nparts++] = part;
	if (!GMIME_IS_TEXT_PART(part) || g_mime_part_is_attachment(GMIME_PART(part))) return;
	GMimeContentType *ct = g_mime_object_get_content_type(part);
	if (!w->plain && g_mime_content_type_is_type(ct, "text", "plain")) w->plain = part;
	else if (!w->html && g_mime_content_type_is_type(ct, "text", "html")) w->html = part;
}

typedef struct warn {
	const char *why;
} warn;

static void on_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data)
{
	(void)offset;
	(void)item;
	warn *w = data;
	if (w->why) return;
	switch (code) {
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: w->why = "broken MIME: a multipart has no boundary"; break;
	case GMIME_CRIT_NESTING_OVERFLOW: w->why = "broken MIME: parts nested too deeply"; break;
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: w->why = "broken MIME: a part has neither headers nor content"; break;
	case GMIME_CRIT_INVALID_HEADER_NAME: w->why = "broken MIME: invalid header name"; break;
	case GMIME_WARN_TRUNCATED_MESSAGE: w->why = "broken MIME: the message is truncated"; break;
	default: break;
	}
}

static char *utf8_or_null(arena *a, const char *s)
{
	if (!s) return NULL;
	size_t n = strlen(s);
	return text_valid_utf8(s, n, true) ? arena_strndup(a, s, n) : NULL;
}

static const unsigned char *part_bytes(GMimePart *p, arena *a, size_t *n)
{
	*n = 0;
	GMimeDataWrapper *w = g_mime_part_get_content(p);
	if (!w) return NULL;
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(w, mem);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	unsigned char *out = arena_alloc(a, ba->len + 1);
	if (ba->len) memcpy(out, ba->data, ba->len);   /* an empty part has no data pointer */
	*n = ba->len;
	g_object_unref(mem);
	return out;
}

/* Whether the bytes are what the declared type says (only these are kept). */
static bool kept_type(const char *type, const unsigned char *p, size_t n)
{
	if (!strcmp(type, "application/pdf")) return n >= 5 && !memcmp(p, "%PDF-", 5);
	if (!strcmp(type, "image/jpeg")) return n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF;
	if (!strcmp(type, "image/png")) return n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8);
	return false;
}

static void add_recipients(mail_parsed *m, arena *a, InternetAddressList *l)
{
	for (int i = 0; l && i < internet_address_list_length(l); i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			add_recipients(m, a, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)));
		} else if (INTERNET_ADDRESS_IS_MAILBOX(ia) && m->nrecipients < 16) {
			const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
			if (addr && *addr) m->recipients[m->nrecipients++] = arena_strdup(a, addr);
		}
	}
}

static const char *guess_lang(GMimeMessage *msg, const char *subject, const char *body, arena *a)
{
	const char *cl = g_mime_object_get_header(GMIME_OBJECT(msg), "Content-Language");
	if (cl && (cl[0] == 'e' || cl[0] == 'E') && (cl[1] == 'n' || cl[1] == 'N')) return "en";
	if (cl && *cl) return "vi";
	/* Without a declaration: English only when the text has no Vietnamese
	 * letters and reads like English (many write Vietnamese without marks). */
	const char *s = arena_printf(a, " %s %s ", subject, body);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80) return "vi";
	const char *f = arena_printf(a, " %s ", text_fold_a(a, s));
	int hits = 0;
	static const char *const words[] = {" the ", " and ", " is ", " my ", " was ", " please "};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) hits += strstr(f, words[i]) != NULL;
	return hits >= 2 ? "en" : "vi";
}

int mail_parse(const unsigned char *raw, size_t n, arena *a, mail_parsed *out, err *e)
{
	memset(out, 0, sizeof *out);
	if (n > MAIL_IMPORT_MAX)
		return err_set(e, MB_EINVAL, "too_large", NULL, "Thư quá lớn (trên 10 MiB).", "message over 10 MiB");
	if (n == 0) return err_set(e, MB_EINVAL, "empty", NULL, "Tệp rỗng.", "empty file");
	GMimeStream *st = g_mime_stream_mem_new_with_buffer((const char *)raw, n);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeParserOptions *po = g_mime_parser_options_new();
	warn w = {0};
	g_mime_parser_options_set_warning_callback(po, on_warning, &w);
	GMimeMessage *msg = g_mime_parser_construct_message(p, po);
	g_mime_parser_options_free(po);
	g_object_unref(p);
	g_object_unref(st);
	int rc = 0;
	if (!msg) return err_set(e, MB_EINVAL, "unparseable", NULL, "Không đọc được thư.", "not an RFC 5322 message");
	if (w.why) { rc = err_set(e, MB_EINVAL, "broken_mime", NULL, "Thư hỏng cấu trúc MIME.", w.why); goto done; }

	/* The sender: the first mailbox of From. */
	InternetAddressList *from = g_mime_message_get_from(msg);
	for (int i = 0; from && i < internet_address_list_length(from) && !out->from_addr; i++) {
		InternetAddress *ia = internet_address_list_get_address(from, i);
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia)) continue;
		const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
		if (!addr || !mail_addr_valid(addr)) continue;
		out->from_addr = arena_strdup(a, addr);
		const char *name = utf8_or_null(a, internet_address_get_name(ia));
		out->from_name = name ? text_trim((char *)name) : "";
	}
	if (!out->from_addr) {
		rc = err_set(e, MB_EINVAL, "no_sender", NULL, "Thư không có địa chỉ người gửi.", "no sender address (From)");
		goto done;
	}

	add_recipients(out, a, g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO));
	add_recipients(out, a, g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_CC));
	static const char *const extra[] = {"Delivered-To", "X-Original-To"};
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		const char *v = g_mime_object_get_header(GMIME_OBJECT(msg), extra[i]);
		InternetAddressList *l = v ? internet_address_list_parse(NULL, v) : NULL;
		if (l) { add_recipients(out, a, l); g_object_unref(l); }
	}

	const char *subj = utf8_or_null(a, g_mime_message_get_subject(msg));
	out->subject = subj ? text_trim((char *)subj) : "";

	const char *mid = g_mime_message_get_message_id(msg);
	if (mid && *mid && strlen(mid) < 900 && text_valid_utf8(mid, strlen(mid), false)) {
		out->message_key = arena_printf(a, "<%s>", mid);
	} else {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[sizeof h * 2 + 1];
		crypto_hash_sha256(h, raw, n);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		out->message_key = arena_printf(a, "sha256:%s", hex);
	}

	walk wk = {.a = a};
	g_mime_message_foreach(msg, visit, &wk);
	if (wk.too_many) { rc = err_set(e, MB_EINVAL, "too_many_parts", NULL, "Thư có quá nhiều phần.", "more than 64 MIME parts"); goto done; }
	GMimeObject *bodypart = wk.plain ? wk.plain : wk.html;
	if (bodypart) {
		char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(bodypart));
		const char *u = utf8_or_null(a, t);
		g_free(t);
		if (u) out->body = bodypart == wk.html ? mail_html_text(a, u) : arena_strdup(a, u);
	}
	if (!out->body || !*text_trim((char *)out->body)) {
		rc = err_set(e, MB_EINVAL, "empty_body", NULL, "Thư không có nội dung.", "no text in the message body");
		goto done;
	}
	out->lang = guess_lang(msg, out->subject, out->body, a);

	int cap = 0;
	for (int i = 0; i < wk.nparts; i++) {
		GMimeObject *o = wk.parts[i];
		if (o == bodypart) continue;
		GMimeContentType *ct = g_mime_object_get_content_type(o);
		char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
		mail_attachment *at = arena_push(a, &out->att, &out->natt, &cap, sizeof *at);
		char *lower = arena_strdup(a, type && text_valid_utf8(type, strlen(type), false) ? type : "application/octet-stream");
		for (char *c = lower; *c; c++)
			if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
		at->content_type = lower;
		g_free(type);
		const char *fn = GMIME_IS_PART(o) ? utf8_or_null(a, g_mime_part_get_filename(GMIME_PART(o))) : NULL;
		at->name = fn && *fn ? fn : arena_printf(a, "attachment-%d", out->natt);
		if (GMIME_IS_PART(o)) {
			at->data = part_bytes(GMIME_PART(o), a, &at->size);
			at->kept = kept_type(at->content_type, at->data, at->size);
		}
	}
done:
	g_object_unref(msg);
	return rc;
}

/* --- keywords --- */

/* Whether the folded text holds the folded phrase as whole words. */
static bool has_words(const char *folded, const char *phrase)
{
	size_t n = strlen(phrase);
	for (const char *p = folded; (p = strstr(p, phrase)); p++)
		if ((p == folded || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) return true;
	return false;
}

const char *mail_guess_kind(const char *subject)
{
	char f[1024];
	text_fold(subject ? subject : "", f, sizeof f);
	static const struct { const char *word, *kind; } k[] = {
		{"to cao", "denunciation"}, {"denunciation", "denunciation"},
		{"khieu nai", "complaint"}, {"complaint", "complaint"},
		{"kien nghi", "petition"}, {"petition", "petition"},
		{"phan anh", "feedback"}, {"feedback", "feedback"},
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (has_words(f, k[i].word)) return k[i].kind;
	return "feedback";
}

const char *mail_guess_category(const char *subject, const char *body, arena *a)
{
	const char *f = text_fold_a(a, arena_printf(a, "%s %s", subject ? subject : "", body ? body : ""));
	static const struct { const char *word, *cat; } k[] = {
		{"nhung nhieu", "harassment"}, {"phien ha", "harassment"}, {"gay kho de", "harassment"},
		{"harassment", "harassment"}, {"harassed", "harassment"},
		{"boi duong", "money"}, {"doi tien", "money"}, {"phong bi", "money"}, {"hoi lo", "money"},
		{"bribe", "money"},
		{"giay to ngoai quy dinh", "extra_papers"}, {"them giay to", "extra_papers"},
		{"cham tre", "delay"}, {"qua han", "delay"}, {"tre hen", "delay"}, {"overdue", "delay"},
		{"thai do", "rudeness"}, {"hach dich", "rudeness"}, {"quat nat", "rudeness"}, {"rude", "rudeness"},
		{"quy dinh hanh chinh", "regulation"}, {"thu tuc hanh chinh", "regulation"},
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (has_words(f, k[i].word)) return k[i].cat;
	return "other";
}

/* --- HTML to text --- */

static void put_cp(buf *b, unsigned long cp)
{
	char u[4];
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp < 32) { buf_addc(b, ' '); return; }
	if (cp < 0x80) { buf_addc(b, (char)cp); return; }
	if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); buf_add(b, u, 2); return; }
	if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 3);
		return;
	}
	u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F));
	buf_add(b, u, 4);
}

static bool tag_is(const char *p, const char *name)
{
	size_t n = strlen(name);
	return !strncasecmp(p, name, n) && (p[n] == '>' || p[n] == ' ' || p[n] == '/' || p[n] == '\t' ||
	                                     p[n] == '\n' || p[n] == '\r' || p[n] == 0);
}

char *mail_html_text(arena *a, const char *html)
{
	buf b;
	buf_init(&b, strlen(html) + 16);
	const char *p = html;
	while (*p) {
		if (*p == '<') {
			const char *t = p + 1;
			bool close = *t == '/';
			if (close) t++;
			if (!close && (tag_is(t, "script") || tag_is(t, "style"))) {
				const char *end = strcasestr(t, tag_is(t, "script") ? "</script" : "</style");
				p = end ? end : p + strlen(p);
				continue;
			}
			if (!strncmp(p, "<!--", 4)) {
				const char *end = strstr(p + 4, "-->");
				p = end ? end + 3 : p + strlen(p);
				continue;
			}
			static const char *const blocks[] = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
			                                     "table", "ul", "ol", "blockquote"};
			for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
				if (tag_is(t, blocks[i])) { buf_addc(&b, '\n'); break; }
			const char *gt = strchr(p, '>');
			p = gt ? gt + 1 : p + strlen(p);
			continue;
		}
		if (*p == '&') {
			static const struct { const char *name; unsigned long cp; } ents[] = {
				{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&nbsp;", ' '},
			};
			bool done = false;
			for (size_t i = 0; i < sizeof ents / sizeof ents[0] && !done; i++) {
				size_t l = strlen(ents[i].name);
				if (!strncasecmp(p, ents[i].name, l)) { put_cp(&b, ents[i].cp); p += l; done = true; }
			}
			if (done) continue;
			if (p[1] == '#') {
				char *end;
				unsigned long cp = (p[2] == 'x' || p[2] == 'X') ? strtoul(p + 3, &end, 16) : strtoul(p + 2, &end, 10);
				if (*end == ';' && end > p + 2) { put_cp(&b, cp); p = end + 1; continue; }
			}
		}
		if (*p == '\r') { p++; continue; }
		buf_addc(&b, *p == '\t' ? ' ' : *p);
		p++;
	}
	/* No more than one empty line in a row, no blanks at line ends. */
	const char *s = buf_str(&b);
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;
	int newlines = 0;
	for (; *s; s++) {
		if (*s == '\n') {
			while (o > out && o[-1] == ' ') o--;
			if (++newlines > 2) continue;
		} else if (*s == ' ' && (o == out || o[-1] == ' ' || o[-1] == '\n')) {
			continue;
		} else {
			newlines = 0;
		}
		*o++ = *s;
	}
	*o = 0;
	buf_free(&b);
	return text_trim(out);
}

