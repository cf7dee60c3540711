/* compose.c — pure parts of the mailer: the retry schedule, addresses, RFC
 * 2047 headers, quoted-printable bodies, whole RFC 5322 messages and the
 * texts of the notices in the recipient's language. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "base/clock.h"
#include "mail/internal.h"
#include "web/i18n.h"

int64_t mail_backoff(int attempts)
{
	if (attempts < 1) attempts = 1;
	int64_t s = MAIL_BACKOFF_FIRST_S;
	for (int i = 1; i < attempts && s < MAIL_BACKOFF_CAP_S; i++) s *= 2;
	return s > MAIL_BACKOFF_CAP_S ? MAIL_BACKOFF_CAP_S : s;
}

bool mail_give_up(int attempts)
{
	return attempts >= MAIL_MAX_ATTEMPTS;
}

bool mail_addr_valid(const char *addr)
{
	if (!addr) return false;
	size_t n = strlen(addr);
	if (n < 3 || n > 254) return false;
	const char *at = strchr(addr, '@');
	if (!at || at == addr || strchr(at + 1, '@') || !at[1] || at - addr > 64) return false;
	for (const char *p = addr; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 32 || c >= 127 || strchr("<>()[]\",;:\\", c)) return false;
	}
	const char *dom = at + 1;
	if (dom[0] == '.' || dom[0] == '-' || addr[n - 1] == '.' || strstr(dom, "..")) return false;
	return true;
}

/* Length of the UTF-8 sequence starting with byte c (1 for a stray byte). */
static size_t u8len(unsigned char c)
{
	if (c < 0xC0) return 1;
	if (c < 0xE0) return 2;
	if (c < 0xF0) return 3;
	return 4;
}

static int add_word(buf *out, const unsigned char *p, size_t n)
{
	char b64[sodium_base64_ENCODED_LEN(48, sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(b64, sizeof b64, p, n, sodium_base64_VARIANT_ORIGINAL);
	return buf_printf(out, "=?UTF-8?B?%s?=", b64);
}

int mail_header_encode(buf *out, const char *text, size_t used)
{
	size_t n = strlen(text);
	/* One line: CR and LF never reach the header. */
	char *flat = malloc(n + 1);
	if (!flat) return -1;
	bool ascii = true;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c == '\r' || c == '\n' || c == '\t') c = ' ';
		flat[i] = c;
		if ((unsigned char)c < 32 || (unsigned char)c >= 127) ascii = false;
	}
	flat[n] = 0;
	if (ascii && strstr(flat, "=?")) ascii = false;   /* would read as an encoded word */
	int rc;
	if (ascii && used + n <= 76) {
		rc = buf_add(out, flat, n);
	} else if (ascii && n <= 900) {
		/* Folded at spaces before column 78 where possible (RFC 5322 2.2.3);
		 * a word longer than a line stays whole, far under the 998 limit. */
		size_t col = used, i = 0;
		rc = 0;
		while (i < n && !rc) {
			size_t j = i + 1;
			while (j < n && flat[j] != ' ') j++;
			if (col + (j - i) > 76 && i > 0 && flat[i] == ' ') {
				rc = buf_adds(out, "\r\n");
				col = 0;
			}
			if (!rc) rc = buf_add(out, flat + i, j - i);
			col += j - i;
			i = j;
		}
	} else {
		/* Encoded words of at most 45 bytes (60 base64 characters, 75 with
		 * the delimiters), never cutting a character; one per line after
		 * the first. */
		const unsigned char *p = (const unsigned char *)flat;
		size_t i = 0;
		bool first = true;
		rc = 0;
		while (i < n && !rc) {
			size_t take = 0;
			while (i + take < n) {
				size_t l = u8len(p[i + take]);
				if (i + take + l > n) l = n - i - take;
				if (take + l > 45) break;
				take += l;
			}
			if (!first) rc = buf_adds(out, "\r\n ");
			if (!rc) rc = add_word(out, p + i, take);
			first = false;
			i += take;
		}
	}
	free(flat);
	return rc || buf_failed(out) ? -1 : 0;
}

int mail_qp_encode(buf *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)text;
	size_t col = 0;
	while (*p) {
		if (*p == '\r' && p[1] == '\n') { p++; continue; }
		if (*p == '\n') {
			buf_adds(out, "\r\n");
			col = 0;
			p++;
			continue;
		}
		unsigned char c = *p;
		bool eol = p[1] == 0 || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
		char tok[4];
		size_t tl;
		bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !eol);
		if (c == '.' && col == 0) literal = false;   /* no line starts with a dot */
		if (literal) {
			tok[0] = (char)c;
			tl = 1;
		} else {
			tok[0] = '=';
			tok[1] = hex[c >> 4];
			tok[2] = hex[c & 15];
			tl = 3;
		}
		/* Room for a soft break "=" at 76: at most 75 characters of text. */
		if (col + tl > 75) {
			buf_adds(out, "=\r\n");
			col = 0;
			if (c == '.') { tok[0] = '='; tok[1] = '2'; tok[2] = 'E'; tl = 3; }
		}
		buf_add(out, tok, tl);
		col += tl;
		p++;
	}
	return buf_failed(out) ? -1 : 0;
}

void mail_date(int64_t t, char *out, size_t n)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t local = (time_t)(t + 7 * 3600);
	struct tm tm;
	gmtime_r(&local, &tm);
	snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d +0700", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	         tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int mail_build(buf *out, const mail_envelope *m)
{
	char date[40];
	mail_date(m->date, date, sizeof date);
	buf_printf(out, "Date: %s\r\nFrom: ", date);
	if (m->from_name && *m->from_name) {
		mail_header_encode(out, m->from_name, 6);
		buf_adds(out, " ");
	}
	buf_printf(out, "<%s>\r\nTo: <%s>\r\nMessage-ID: %s\r\nSubject: ", m->from_addr, m->to, m->message_id);
	mail_header_encode(out, m->subject, 9);
	buf_adds(out, "\r\nMIME-Version: 1.0\r\n"
	              "Content-Type: text/plain; charset=UTF-8\r\n"
	              "Content-Transfer-Encoding: quoted-printable\r\n"
	              "Auto-Submitted: auto-generated\r\n"
	              "\r\n");
	mail_qp_encode(out, m->body);
	size_t n = strlen(m->body);
	if (!n || m->body[n - 1] != '\n') buf_adds(out, "\r\n");
	return buf_failed(out) ? -1 : 0;
}

const char *mail_base_url(arena *a)
{
	const char *u = getenv("MINHBACH_PUBLIC_URL");
	if (!u || !*u) return "http://localhost:8080";
	size_t n = strlen(u);
	while (n > 1 && u[n - 1] == '/') n--;
	return arena_strndup(a, u, n);
}

/* --- the texts --- */

typedef struct text {
	buf b;
	const char *lang;
} text;

static const char *T(const text *t, const char *msgid)
{
	return i18n_get(t->lang, msgid);
}

/* "Label: value" on its own line. */
static void field(text *t, const char *label_vi, const char *value)
{
	buf_printf(&t->b, "%s: %s\n", T(t, label_vi), value);
}

static void due_line(text *t, int64_t due_at)
{
	char when[32];
	clock_vn_display(due_at, when, sizeof when);
	buf_printf(&t->b, "%s: %s (%s)\n", T(t, N_("Hạn xử lý")), when, T(t, N_("giờ Việt Nam")));
}

static void signature(text *t)
{
	buf_printf(&t->b, "\n-- \nMinh Bạch — %s\n%s\n", T(t, N_("Ủy ban nhân dân tỉnh Sơn La")),
	           T(t, N_("Thư gửi tự động, xin đừng trả lời thư này.")));
}

static int finish(text *t, arena *a, const char *subject, const char **s, const char **body)
{
	if (buf_failed(&t->b)) { buf_free(&t->b); return -1; }
	*s = subject;
	*body = arena_strdup(a, buf_str(&t->b));
	buf_free(&t->b);
	return 0;
}

static const char *lang_of(const char *l)
{
	return l && !strcmp(l, "en") ? "en" : "vi";
}

int mail_compose_notice(const mail_notice *n, arena *a, const char **subject, const char **body)
{
	text t = {.lang = lang_of(n->lang)};
	buf_init(&t.b, 64 * 1024);
	const char *state = T(&t, n->state_label_vi ? n->state_label_vi : "");
	const char *kind = T(&t, n->kind_label_vi ? n->kind_label_vi : "");
	bool en = !strcmp(t.lang, "en");
	const char *unit = en && n->unit_name_en && *n->unit_name_en ? n->unit_name_en : n->unit_name_vi;
	const char *subj;
	if (!strcmp(n->kind, "status")) {
		subj = arena_printf(a, "[Minh Bạch] %s %s: %s", T(&t, N_("Đơn thư")), n->code, state);
		buf_printf(&t.b, "%s\n\n%s\n\n", T(&t, N_("Kính gửi ông/bà,")),
		           T(&t, N_("Đơn thư của ông/bà có trạng thái mới.")));
		field(&t, N_("Mã đơn thư"), n->code);
		field(&t, N_("Loại"), kind);
		field(&t, N_("Trạng thái"), state);
		if (unit && *unit) field(&t, N_("Cơ quan giải quyết"), unit);
		if (n->due_at) due_line(&t, n->due_at);
		if (n->not_accepted && n->reason && *n->reason) field(&t, N_("Lý do"), n->reason);
		buf_printf(&t.b, "\n%s:\n%s/report/track?code=%s\n\n%s\n", T(&t, N_("Theo dõi đơn thư")), n->base_url, n->code,
		           T(&t, N_("Để xem chi tiết, nhập mã tra cứu được cấp khi ông/bà gửi đơn. Vì an toàn, "
		                    "thư này không bao giờ chứa mã tra cứu.")));
	} else {
		bool remind = !strcmp(n->kind, "reminder");
		subj = arena_printf(a, "[Minh Bạch] %s %s",
		                    remind ? T(&t, N_("Sắp đến hạn xử lý đơn thư")) : T(&t, N_("Đơn thư quá hạn xử lý")),
		                    n->code);
		buf_printf(&t.b, "%s\n\n", remind ? T(&t, N_("Đơn thư do đơn vị của ông/bà giải quyết sắp đến hạn."))
		                                  : T(&t, N_("Đơn thư đã quá hạn xử lý và được báo lên lãnh đạo.")));
		field(&t, N_("Mã đơn thư"), n->code);
		field(&t, N_("Loại"), kind);
		field(&t, N_("Trạng thái"), state);
		if (unit && *unit) field(&t, N_("Cơ quan giải quyết"), unit);
		if (n->head_name && *n->head_name)
			field(&t, N_("Người đứng đầu"), n->head_title && *n->head_title
			                                    ? arena_printf(a, "%s, %s", n->head_name, n->head_title) : n->head_name);
		if (n->due_at) due_line(&t, n->due_at);
		buf_printf(&t.b, "\n%s:\n%s/cases/%s\n", T(&t, N_("Mở đơn thư (cần đăng nhập)")), n->base_url, n->code);
	}
	signature(&t);
	return finish(&t, a, subj, subject, body);
}

int mail_compose_receipt(const mail_receipt_text *r, arena *a, const char **subject, const char **body)
{
	text t = {.lang = lang_of(r->lang)};
	buf_init(&t.b, 64 * 1024);
	const char *subj = arena_printf(a, "[Minh Bạch] %s %s", T(&t, N_("Đã nhận đơn thư")), r->code);
	char when[32];
	clock_vn_display(r->received_at, when, sizeof when);
	buf_printf(&t.b, "%s\n\n%s\n\n", T(&t, N_("Kính gửi ông/bà,")),
	           T(&t, N_("Thư điện tử của ông/bà đã được tiếp nhận thành đơn thư.")));
	if (r->title && *r->title) field(&t, N_("Tiêu đề"), r->title);
	field(&t, N_("Mã đơn thư"), r->code);
	field(&t, N_("Mã tra cứu"), r->secret);
	buf_printf(&t.b, "%s: %s (%s)\n", T(&t, N_("Thời điểm tiếp nhận")), when, T(&t, N_("giờ Việt Nam")));
	buf_printf(&t.b, "\n%s:\n%s/report/track?code=%s\n\n%s\n", T(&t, N_("Theo dõi đơn thư")), r->base_url, r->code,
	           T(&t, N_("Hãy giữ kín mã tra cứu: ai có mã đơn thư và mã tra cứu đều xem được tiến độ. "
	                    "Mã tra cứu chỉ gửi một lần, trong thư này.")));
	signature(&t);
	return finish(&t, a, subj, subject, body);
}
