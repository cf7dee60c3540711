/* test_mail.c — the mailer's pure parts (retry schedule, header and body
 * encodings, whole messages read back with gmime, the notices' texts), the
 * parser of imported e-mail, and the outbox on a temporary database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gmime/gmime.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "mail/internal.h"
#include "tmpdb.h"
#include "web/i18n.h"

/* --- the retry schedule --- */

static void backoff_doubles_from_a_minute_and_caps_at_six_hours(void **st)
{
	(void)st;
	assert_int_equal(mail_backoff(1), 60);
	assert_int_equal(mail_backoff(2), 120);
	assert_int_equal(mail_backoff(3), 240);
	assert_int_equal(mail_backoff(9), 60 * 256);
	assert_int_equal(mail_backoff(10), 6 * 3600);
	assert_int_equal(mail_backoff(50), 6 * 3600);
	assert_int_equal(mail_backoff(0), 60);   /* bad-: never less than a minute */
	for (int i = 1; i < 40; i++) assert_true(mail_backoff(i + 1) >= mail_backoff(i));
}

static void gives_up_after_the_last_attempt(void **st)
{
	(void)st;
	assert_false(mail_give_up(MAIL_MAX_ATTEMPTS - 1));
	assert_true(mail_give_up(MAIL_MAX_ATTEMPTS));
	assert_true(mail_give_up(MAIL_MAX_ATTEMPTS + 1));
}

/* --- addresses --- */

static void addresses_that_could_inject_are_refused(void **st)
{
	(void)st;
	assert_true(mail_addr_valid("lo.van.dan@example.org"));
	assert_true(mail_addr_valid("phuong-chieng-coi@sonla.gov.vn"));
	assert_false(mail_addr_valid(NULL));
	assert_false(mail_addr_valid(""));
	assert_false(mail_addr_valid("no-at-sign"));
	assert_false(mail_addr_valid("@example.org"));
	assert_false(mail_addr_valid("a@"));
	assert_false(mail_addr_valid("a@b@c"));
	assert_false(mail_addr_valid("a@example.org\r\nBcc: x@evil.test"));
	assert_false(mail_addr_valid("a@example.org>, <x@evil.test"));
	assert_false(mail_addr_valid("a b@example.org"));
	assert_false(mail_addr_valid("dân@example.org"));
	assert_false(mail_addr_valid("a@example..org"));
}

/* --- header and body encodings --- */

static char *decode_header(const char *v)
{
	return g_mime_utils_header_decode_text(NULL, v);
}

static void check_lines(const char *s, size_t max)
{
	const char *line = s;
	for (const char *p = s;; p++) {
		if (*p == '\n' || !*p) {
			size_t len = (size_t)(p - line);
			if (len && line[len - 1] == '\r') len--;
			if (len > max) fail_msg("line of %zu characters: %.*s", len, (int)len, line);
			if (!*p) break;
			line = p + 1;
		}
	}
}

static void a_vietnamese_subject_is_encoded_words_that_decode_back(void **st)
{
	(void)st;
	const char *subj = "[Minh Bạch] Đơn thư DT-261127-0001: Đã thụ lý — nhũng nhiễu, gây phiền hà ở phường Chiềng Cơi";
	buf b;
	buf_init(&b, 4096);
	assert_int_equal(mail_header_encode(&b, subj, 9), 0);
	const char *enc = buf_str(&b);
	assert_non_null(strstr(enc, "=?UTF-8?B?"));
	for (const unsigned char *p = (const unsigned char *)enc; *p; p++) assert_true(*p < 128);
	check_lines(enc, 76);
	/* Unfold, then decode with gmime. */
	char *unfolded = strdup(enc);
	char *o = unfolded;
	for (const char *p = enc; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') { p += 2; *o++ = ' '; continue; }
		*o++ = *p;
	}
	*o = 0;
	char *dec = decode_header(unfolded);
	assert_string_equal(dec, subj);
	g_free(dec);
	free(unfolded);
	buf_free(&b);
}

static void a_short_ascii_subject_stays_as_is_and_newlines_never_reach_the_header(void **st)
{
	(void)st;
	buf b;
	buf_init(&b, 4096);
	assert_int_equal(mail_header_encode(&b, "Case received", 9), 0);
	assert_string_equal(buf_str(&b), "Case received");
	buf_reset(&b);
	assert_int_equal(mail_header_encode(&b, "x\r\nBcc: evil@example.org", 9), 0);
	assert_null(strchr(buf_str(&b), '\n'));
	assert_null(strchr(buf_str(&b), '\r'));
	buf_reset(&b);
	/* A long ASCII subject is folded at spaces, and unfolds to itself. */
	const char *longs = "Reminder: the case DT-261127-0001 handled by Chieng Coi Ward is due tomorrow at 17:00 Vietnam time";
	assert_int_equal(mail_header_encode(&b, longs, 9), 0);
	check_lines(buf_str(&b), 76);
	assert_non_null(strstr(buf_str(&b), "\r\n "));
	char *dec0 = decode_header(buf_str(&b));
	char *unf = g_strdup(dec0);
	char *w = unf;
	for (const char *q = dec0; *q; q++) if (*q != '\r' && *q != '\n') *w++ = *q;
	*w = 0;
	assert_string_equal(unf, longs);
	g_free(unf);
	g_free(dec0);
	buf_reset(&b);
	/* Text that looks like an encoded word is encoded, not passed through. */
	assert_int_equal(mail_header_encode(&b, "=?UTF-8?B?QQ==?=", 9), 0);
	char *dec = decode_header(buf_str(&b));
	assert_string_equal(dec, "=?UTF-8?B?QQ==?=");
	g_free(dec);
	buf_free(&b);
}

static void quoted_printable_keeps_lines_short_and_decodes_back(void **st)
{
	(void)st;
	const char *text = "Kính gửi ông/bà,\n\n.Dòng bắt đầu bằng dấu chấm\nMột dòng rất dài có dấu tiếng Việt: "
	                   "nhũng nhiễu, gây phiền hà, đòi tiền bồi dưỡng, chậm trễ, quá hạn, thái độ hách dịch = 100%   \n"
	                   "trailing space \nend";
	buf b;
	buf_init(&b, 64 * 1024);
	assert_int_equal(mail_qp_encode(&b, text), 0);
	const char *enc = buf_str(&b);
	check_lines(enc, 76);
	for (const unsigned char *p = (const unsigned char *)enc; *p; p++) assert_true(*p < 128);
	assert_null(strstr(enc, "\n."));
	/* gmime decodes it back to the same text (CRLF as LF). */
	GMimeStream *in = g_mime_stream_mem_new_with_buffer(enc, strlen(enc));
	GMimeStream *out = g_mime_stream_mem_new();
	GMimeStream *f = g_mime_stream_filter_new(out);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(f), g_mime_filter_basic_new(GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE, FALSE));
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(f), g_mime_filter_dos2unix_new(FALSE));
	g_mime_stream_write_to_stream(in, f);
	g_mime_stream_flush(f);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	char *dec = strndup((const char *)ba->data, ba->len);
	assert_string_equal(dec, text);
	free(dec);
	g_object_unref(f);
	g_object_unref(out);
	g_object_unref(in);
	buf_free(&b);
}

static void the_date_is_rfc5322_in_vietnam_time(void **st)
{
	(void)st;
	char d[40];
	mail_date(clock_parse_iso("2026-11-27T03:20:51Z"), d, sizeof d);
	assert_string_equal(d, "Fri, 27 Nov 2026 10:20:51 +0700");
	mail_date(clock_parse_iso("2026-12-31T20:00:00Z"), d, sizeof d);
	assert_string_equal(d, "Fri, 01 Jan 2027 03:00:00 +0700");
}

static GMimeMessage *parse_message(const char *raw)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(raw, strlen(raw));
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(s);
	return m;
}

static void a_built_message_reads_back_with_gmime(void **st)
{
	(void)st;
	const char *body = "Đơn thư DT-261127-0001 đã được thụ lý.\nHạn xử lý: 04/12/2026 17:00\n";
	mail_envelope env = {"Minh Bạch", "no-reply@minhbach.local", "lo.van.dan@example.org",
	                     "[Minh Bạch] Đơn thư DT-261127-0001: Đã thụ lý", body,
	                     clock_parse_iso("2026-11-27T03:20:51Z"), "<1.abc@minhbach.local>"};
	buf b;
	buf_init(&b, 64 * 1024);
	assert_int_equal(mail_build(&b, &env), 0);
	const char *raw = buf_str(&b);
	check_lines(raw, 998);
	assert_non_null(strstr(raw, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(raw, "Content-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(strstr(raw, "Content-Transfer-Encoding: quoted-printable\r\n"));
	assert_non_null(strstr(raw, "Date: Fri, 27 Nov 2026 10:20:51 +0700\r\n"));
	GMimeMessage *m = parse_message(raw);
	assert_non_null(m);
	assert_string_equal(g_mime_message_get_subject(m), env.subject);
	assert_string_equal(g_mime_message_get_message_id(m), "1.abc@minhbach.local");
	InternetAddressList *to = g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_TO);
	assert_int_equal(internet_address_list_length(to), 1);
	assert_string_equal(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(to, 0))),
	                    "lo.van.dan@example.org");
	InternetAddressList *from = g_mime_message_get_from(m);
	assert_string_equal(internet_address_get_name(internet_address_list_get_address(from, 0)), "Minh Bạch");
	GMimeObject *part = g_mime_message_get_body(m);
	assert_true(GMIME_IS_TEXT_PART(part));
	char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
	char *unix_text = g_strdup(text);
	char *o = unix_text;
	for (const char *p = text; *p; p++) if (*p != '\r') *o++ = *p;
	*o = 0;
	assert_string_equal(unix_text, body);
	g_free(unix_text);
	g_free(text);
	g_object_unref(m);
	buf_free(&b);
}

/* --- the notices --- */

static mail_notice sample_notice(const char *kind, const char *lang)
{
	mail_notice n = {
		.kind = kind, .lang = lang, .code = "DT-261127-0001", .kind_label_vi = "Tố cáo",
		.state_label_vi = "Đã thụ lý", .unit_name_vi = "UBND phường Chiềng Cơi",
		.unit_name_en = "Chieng Coi Ward People's Committee",
		.due_at = clock_parse_iso("2026-12-04T10:00:00Z"), .base_url = "https://pakn.sonla.gov.vn",
	};
	return n;
}

static void a_status_notice_in_vietnamese_has_the_code_the_state_the_due_time_and_the_link(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	mail_notice n = sample_notice("status", "vi");
	const char *subject, *body;
	assert_int_equal(mail_compose_notice(&n, &a, &subject, &body), 0);
	assert_string_equal(subject, "[Minh Bạch] Đơn thư DT-261127-0001: Đã thụ lý");
	assert_non_null(strstr(body, "Kính gửi ông/bà,"));
	assert_non_null(strstr(body, "Mã đơn thư: DT-261127-0001\n"));
	assert_non_null(strstr(body, "Trạng thái: Đã thụ lý\n"));
	assert_non_null(strstr(body, "Hạn xử lý: 04/12/2026 17:00 (giờ Việt Nam)\n"));
	assert_non_null(strstr(body, "https://pakn.sonla.gov.vn/report/track?code=DT-261127-0001\n"));
	assert_non_null(strstr(body, "UBND phường Chiềng Cơi"));
	arena_free(&a);
}

static void a_status_notice_in_english_uses_the_catalogue(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	mail_notice n = sample_notice("status", "en");
	const char *subject, *body;
	assert_int_equal(mail_compose_notice(&n, &a, &subject, &body), 0);
	assert_non_null(strstr(subject, "[Minh Bạch] Case DT-261127-0001: "));
	assert_non_null(strstr(body, "Dear Sir or Madam,"));
	assert_non_null(strstr(body, "Case code: DT-261127-0001\n"));
	assert_non_null(strstr(body, "Due: 04/12/2026 17:00 (Vietnam time)\n"));
	assert_non_null(strstr(body, "Chieng Coi Ward People's Committee"));
	assert_null(strstr(body, "Kính gửi"));
	arena_free(&a);
}

static void a_staff_reminder_links_the_case_page_and_carries_nothing_of_the_reporter(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	mail_notice n = sample_notice("reminder", "vi");
	n.reason = "Nguyễn Văn A, số nhà 12";   /* never shown to staff */
	const char *subject, *body;
	assert_int_equal(mail_compose_notice(&n, &a, &subject, &body), 0);
	assert_string_equal(subject, "[Minh Bạch] Sắp đến hạn xử lý đơn thư DT-261127-0001");
	assert_non_null(strstr(body, "https://pakn.sonla.gov.vn/cases/DT-261127-0001\n"));
	assert_null(strstr(body, "Nguyễn Văn A"));
	assert_null(strstr(body, "/report/track"));
	n = sample_notice("escalation", "vi");
	assert_int_equal(mail_compose_notice(&n, &a, &subject, &body), 0);
	assert_string_equal(subject, "[Minh Bạch] Đơn thư quá hạn xử lý DT-261127-0001");
	arena_free(&a);
}

static void a_status_notice_never_holds_a_secret_but_the_receipt_does(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	mail_notice n = sample_notice("status", "vi");
	n.not_accepted = true;
	n.reason = "Không thuộc thẩm quyền";
	const char *subject, *body;
	assert_int_equal(mail_compose_notice(&n, &a, &subject, &body), 0);
	assert_non_null(strstr(body, "Lý do: Không thuộc thẩm quyền\n"));
	assert_null(strstr(body, "Mã tra cứu:"));
	mail_receipt_text r = {"vi", "DT-261127-0002", "tre-nuoc-may-7", "Nhũng nhiễu ở bộ phận một cửa",
	                       "http://localhost:8080", clock_parse_iso("2026-11-27T03:20:51Z")};
	assert_int_equal(mail_compose_receipt(&r, &a, &subject, &body), 0);
	assert_string_equal(subject, "[Minh Bạch] Đã nhận đơn thư DT-261127-0002");
	assert_non_null(strstr(body, "Mã tra cứu: tre-nuoc-may-7\n"));
	assert_non_null(strstr(body, "Thời điểm tiếp nhận: 27/11/2026 10:20 (giờ Việt Nam)\n"));
	assert_non_null(strstr(body, "http://localhost:8080/report/track?code=DT-261127-0002"));
	arena_free(&a);
}

static void the_base_url_comes_from_the_environment_without_a_trailing_slash(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	unsetenv("MINHBACH_PUBLIC_URL");
	assert_string_equal(mail_base_url(&a), "http://localhost:8080");
	setenv("MINHBACH_PUBLIC_URL", "https://pakn.sonla.gov.vn//", 1);
	assert_string_equal(mail_base_url(&a), "https://pakn.sonla.gov.vn");
	unsetenv("MINHBACH_PUBLIC_URL");
	arena_free(&a);
}

/* --- parsing imported e-mail --- */

static const char GOOD[] =
	"From: =?UTF-8?B?TMOyIFbEg24gRMOibg==?= <lo.van.dan@example.org>\r\n"
	"To: phuong-chieng-coi@pakn.sonla.gov.vn\r\n"
	"Subject: =?UTF-8?Q?T=E1=BB=91_c=C3=A1o_nh=C5=A9ng_nhi=E1=BB=85u?=\r\n"
	"Message-ID: <abc-1@example.org>\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n"
	"\r\n"
	"--XYZ\r\n"
	"Content-Type: text/plain; charset=UTF-8\r\n"
	"Content-Transfer-Encoding: 8bit\r\n"
	"\r\n"
	"Cán bộ đòi tiền bồi dưỡng khi nhận hồ sơ.\r\n"
	"--XYZ\r\n"
	"Content-Type: application/pdf; name=\"bien-ban.pdf\"\r\n"
	"Content-Disposition: attachment; filename=\"bien-ban.pdf\"\r\n"
	"Content-Transfer-Encoding: base64\r\n"
	"\r\n"
	"JVBERi0xLjQKJSVFT0YK\r\n"
	"--XYZ\r\n"
	"Content-Type: application/zip; name=\"x.zip\"\r\n"
	"Content-Disposition: attachment; filename=\"x.zip\"\r\n"
	"Content-Transfer-Encoding: base64\r\n"
	"\r\n"
	"UEsDBAo=\r\n"
	"--XYZ\r\n"
	"Content-Type: image/png; name=\"fake.png\"\r\n"
	"Content-Disposition: attachment; filename=\"fake.png\"\r\n"
	"Content-Transfer-Encoding: base64\r\n"
	"\r\n"
	"JVBERi0xLjQK\r\n"
	"--XYZ--\r\n";

static void a_good_message_gives_sender_subject_text_and_kept_attachments(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	mail_parsed m;
	err e = {0};
	assert_int_equal(mail_parse((const unsigned char *)GOOD, strlen(GOOD), &a, &m, &e), 0);
	assert_string_equal(m.from_addr, "lo.van.dan@example.org");
	assert_string_equal(m.from_name, "Lò Văn Dân");
	assert_string_equal(m.subject, "Tố cáo nhũng nhiễu");
	assert_string_equal(m.body, "Cán bộ đòi tiền bồi dưỡng khi nhận hồ sơ.");
	assert_string_equal(m.message_key, "<abc-1@example.org>");
	assert_string_equal(m.lang, "vi");
	assert_int_equal(m.nrecipients, 1);
	assert_string_equal(m.recipients[0], "phuong-chieng-coi@pakn.sonla.gov.vn");
	assert_int_equal(m.natt, 3);
	assert_string_equal(m.att[0].name, "bien-ban.pdf");
	assert_string_equal(m.att[0].content_type, "application/pdf");
	assert_true(m.att[0].kept);
	assert_int_equal(m.att[0].size, 15);   /* "%PDF-1.4\n%%EOF\n" */
	assert_false(m.att[1].kept);   /* zip: not a kept type */
	assert_false(m.att[2].kept);   /* bad-: says PNG, is a PDF */
	assert_string_equal(mail_guess_kind(m.subject), "denunciation");
	assert_string_equal(mail_guess_category(m.subject, m.body, &a), "harassment");
	arena_free(&a);
}

static void bad_messages_are_rejected_with_a_reason(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	mail_parsed m;
	err e = {0};
	const char *no_from = "To: a@example.org\r\nSubject: x\r\n\r\nbody\r\n";
	assert_int_equal(mail_parse((const unsigned char *)no_from, strlen(no_from), &a, &m, &e), MB_EINVAL);
	assert_string_equal(e.code, "no_sender");
	const char *empty = "From: a@example.org\r\nSubject: x\r\n\r\n \r\n\r\n";
	assert_int_equal(mail_parse((const unsigned char *)empty, strlen(empty), &a, &m, &e), MB_EINVAL);
	assert_string_equal(e.code, "empty_body");
	const char *no_boundary = "From: a@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
	                          "Content-Type: multipart/mixed\r\n\r\n--XYZ\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XYZ--\r\n";
	assert_int_equal(mail_parse((const unsigned char *)no_boundary, strlen(no_boundary), &a, &m, &e), MB_EINVAL);
	assert_string_equal(e.code, "broken_mime");
	assert_int_equal(mail_parse((const unsigned char *)"", 0, &a, &m, &e), MB_EINVAL);
	unsigned char *big = calloc(1, MAIL_IMPORT_MAX + 1);
	assert_int_equal(mail_parse(big, MAIL_IMPORT_MAX + 1, &a, &m, &e), MB_EINVAL);
	assert_string_equal(e.code, "too_large");
	free(big);
	arena_free(&a);
}

static void without_a_message_id_the_key_is_the_hash_of_the_bytes(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	mail_parsed m;
	err e = {0};
	const char *raw = "From: Someone <someone@example.org>\r\nSubject: Complaint about the ward\r\n"
	                  "Content-Type: text/html; charset=UTF-8\r\n\r\n"
	                  "<html><style>p{color:red}</style><p>The officer was rude &amp; slow.</p><p>Please help, "
	                  "the file was refused.</p><script>alert(1)</script></html>\r\n";
	assert_int_equal(mail_parse((const unsigned char *)raw, strlen(raw), &a, &m, &e), 0);
	assert_int_equal(strncmp(m.message_key, "sha256:", 7), 0);
	assert_int_equal(strlen(m.message_key), 7 + 64);
	assert_string_equal(m.body, "The officer was rude & slow.\n\nPlease help, the file was refused.");
	assert_string_equal(m.lang, "en");
	assert_string_equal(mail_guess_kind(m.subject), "complaint");
	assert_string_equal(mail_guess_category(m.subject, m.body, &a), "rudeness");
	arena_free(&a);
}

static void keywords_match_whole_words_only(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	assert_string_equal(mail_guess_kind("Kiến nghị về thủ tục"), "petition");
	assert_string_equal(mail_guess_kind("KHIẾU NẠI quyết định"), "complaint");
	assert_string_equal(mail_guess_kind("Xin hỏi"), "feedback");
	assert_string_equal(mail_guess_category("Bị gây phiền hà", "", &a), "harassment");
	assert_string_equal(mail_guess_category("", "hồ sơ chậm trễ", &a), "delay");
	assert_string_equal(mail_guess_category("", "theo cao", &a), "other");   /* bad-: "to cao" inside a word */
	assert_string_equal(mail_guess_category("", "chuyện khác", &a), "other");
	arena_free(&a);
}

/* --- the outbox on a database --- */

static tmpdb T;

static int db_setup(void **st)
{
	(void)st;
	if (tmpdb_open(&T, "mail")) return -1;
	/* Messages to reporters are sealed with the vault key: one per test database. */
	char vault[128];
	snprintf(vault, sizeof vault, "%s/t.vault.key", T.dir);
	case_vault_set_key_path(vault);
	return 0;
}

static int db_teardown(void **st)
{
	(void)st;
	return tmpdb_close(&T);
}

static int count_state(const char *state)
{
	int q, s, f;
	err e = {0};
	assert_int_equal(mail_repo_counts(T.d, &q, &s, &f, &e), 0);
	return !strcmp(state, "queued") ? q : !strcmp(state, "sent") ? s : f;
}

static void a_message_commits_or_rolls_back_with_the_callers_transaction(void **st)
{
	(void)st;
	err e = {0};
	int64_t now = clock_parse_iso("2026-11-27T03:00:00Z");
	mail_msg m = {"truong.phuong@example.org", "Đơn thư", "Nội dung", "reminder", "DT-261127-0001", false};
	int before = count_state("queued");
	assert_int_equal(db_begin(T.d, &e), 0);
	assert_int_equal(mail_enqueue(T.d, &m, now, &e), 0);
	db_rollback(T.d);
	assert_int_equal(count_state("queued"), before);
	assert_int_equal(db_begin(T.d, &e), 0);
	assert_int_equal(mail_enqueue(T.d, &m, now, &e), 0);
	assert_int_equal(db_commit(T.d, &e), 0);
	assert_int_equal(count_state("queued"), before + 1);
	/* bad-: an address that would inject a header is refused. */
	mail_msg bad = m;
	bad.to = "x@example.org\r\nBcc: y@example.org";
	assert_int_equal(mail_enqueue(T.d, &bad, now, &e), MB_EINVAL);
	assert_string_equal(e.field, "to");
}

static void without_an_smtp_url_nothing_is_sent_and_mail_stays_queued(void **st)
{
	(void)st;
	unsetenv("MINHBACH_SMTP_URL");
	arena a;
	arena_init(&a);
	mail_pass p;
	err e = {0};
	int before = count_state("queued");
	assert_true(before > 0);
	assert_int_equal(mail_deliver_due(T.d, clock_parse_iso("2026-11-28T00:00:00Z"), false, 100, &a, &p, &e), 0);
	assert_false(p.configured);
	assert_int_equal(p.n, 0);
	assert_int_equal(count_state("queued"), before);
	arena_free(&a);
}

static void a_failed_delivery_backs_off_and_fails_for_good_after_the_last_attempt(void **st)
{
	(void)st;
	/* Nothing listens on port 1: every attempt fails to connect. */
	setenv("MINHBACH_SMTP_URL", "smtp://127.0.0.1:1", 1);
	arena a;
	arena_init(&a);
	mail_pass p;
	err e = {0};
	int queued = count_state("queued");
	int64_t now = clock_parse_iso("2026-11-28T00:00:00Z");
	assert_int_equal(mail_deliver_due(T.d, now, false, 100, &a, &p, &e), 0);
	assert_true(p.configured);
	assert_int_equal(p.n, queued);
	assert_int_equal(p.sent, 0);
	assert_int_equal(p.retry, queued);
	assert_int_equal(p.items[0].attempts, 1);
	assert_string_equal(p.items[0].state, "queued");
	assert_int_equal(p.items[0].next_attempt_at, now + 60);
	assert_true(strlen(p.items[0].error) > 0);
	/* Not due again before the backoff. */
	assert_int_equal(mail_deliver_due(T.d, now + 59, false, 100, &a, &p, &e), 0);
	assert_int_equal(p.n, 0);
	/* Each next attempt when due: 1, 2, 4… minutes, until the last. */
	int64_t t = now + 60;
	for (int attempt = 2; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
		assert_int_equal(mail_deliver_due(T.d, t, false, 100, &a, &p, &e), 0);
		assert_int_equal(p.n, queued);
		assert_int_equal(p.items[0].attempts, attempt);
		if (attempt < MAIL_MAX_ATTEMPTS) {
			assert_int_equal(p.items[0].next_attempt_at, t + mail_backoff(attempt));
			t = p.items[0].next_attempt_at;
		} else {
			assert_string_equal(p.items[0].state, "failed");
			assert_int_equal(p.failed, queued);
		}
	}
	assert_int_equal(count_state("queued"), 0);
	assert_int_equal(count_state("failed"), queued);   /* kept, never deleted */
	mail_row *rows;
	int n;
	assert_int_equal(mail_repo_latest(T.d, 0, 10, &a, &rows, &n, &e), 0);
	assert_int_equal(n, queued);
	assert_int_equal(rows[0].attempts, MAIL_MAX_ATTEMPTS);
	assert_true(strlen(rows[0].last_error) > 0);
	unsetenv("MINHBACH_SMTP_URL");
	arena_free(&a);
}

static void retry_now_takes_waiting_mail_but_never_mail_another_pass_holds(void **st)
{
	(void)st;
	setenv("MINHBACH_SMTP_URL", "smtp://127.0.0.1:1", 1);
	arena a;
	arena_init(&a);
	err e = {0};
	mail_pass p;
	int64_t now = clock_parse_iso("2026-11-29T00:00:00Z");
	mail_msg m1 = {"a@example.org", "Một", "1", "reminder", "DT-261127-0001", false};
	mail_msg m2 = {"b@example.org", "Hai", "2", "reminder", "DT-261127-0001", false};
	assert_int_equal(db_begin(T.d, &e), 0);
	assert_int_equal(mail_enqueue(T.d, &m1, now, &e), 0);
	assert_int_equal(mail_enqueue(T.d, &m2, now, &e), 0);
	assert_int_equal(db_commit(T.d, &e), 0);
	/* Both fail once: next attempts one minute on. */
	assert_int_equal(mail_deliver_due(T.d, now, false, 100, &a, &p, &e), 0);
	assert_int_equal(p.retry, 2);
	assert_int_equal(mail_deliver_due(T.d, now + 1, false, 100, &a, &p, &e), 0);
	assert_int_equal(p.n, 0);
	/* Another pass holds one of them (leased, not yet sent). */
	mail_row *held;
	int n;
	assert_int_equal(mail_repo_lease_due(T.d, now + 60, false, 1, &a, &held, &n, &e), 0);
	assert_int_equal(n, 1);
	/* Retry now: the other one only, at once. */
	assert_int_equal(mail_deliver_due(T.d, now + 2, true, 100, &a, &p, &e), 0);
	assert_int_equal(p.n, 1);
	assert_true(p.items[0].id != held[0].id);
	assert_int_equal(p.items[0].attempts, 2);
	/* A lease runs out: a crashed pass lets the message go. */
	assert_int_equal(mail_deliver_due(T.d, now + 60 + MAIL_LEASE_S, true, 100, &a, &p, &e), 0);
	assert_int_equal(p.n, 2);
	unsetenv("MINHBACH_SMTP_URL");
	arena_free(&a);
}

static void a_reporters_address_is_never_stored_and_mail_for_a_case_that_is_gone_fails_at_once(void **st)
{
	(void)st;
	setenv("MINHBACH_SMTP_URL", "smtp://127.0.0.1:1", 1);
	arena a;
	arena_init(&a);
	err e = {0};
	mail_pass p;
	int64_t now = clock_parse_iso("2026-11-30T00:00:00Z");
	mail_msg m = {"lo.van.dan@example.org", "Đơn thư", "Nội dung", "status", "DT-261130-0001", true};
	assert_int_equal(db_begin(T.d, &e), 0);
	assert_int_equal(mail_enqueue(T.d, &m, now, &e), 0);
	assert_int_equal(db_commit(T.d, &e), 0);
	mail_row *rows;
	int n;
	assert_int_equal(mail_repo_latest(T.d, 0, 1, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_true(rows[0].personal);
	assert_string_equal(rows[0].to_addr, "");
	/* There is no such case: the address can never be opened, so no retries. */
	assert_int_equal(mail_deliver_due(T.d, now, false, 100, &a, &p, &e), 0);
	const mail_outcome *o = NULL;
	for (int i = 0; i < p.n; i++)
		if (p.items[i].id == rows[0].id) o = &p.items[i];
	assert_non_null(o);
	assert_string_equal(o->state, "failed");
	assert_string_equal(o->error, "no such case");
	assert_int_equal(o->attempts, 1);
	unsetenv("MINHBACH_SMTP_URL");
	arena_free(&a);
}

int main(void)
{
	g_mime_init();
	if (i18n_init()) return 1;
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(backoff_doubles_from_a_minute_and_caps_at_six_hours),
		cmocka_unit_test(gives_up_after_the_last_attempt),
		cmocka_unit_test(addresses_that_could_inject_are_refused),
		cmocka_unit_test(a_vietnamese_subject_is_encoded_words_that_decode_back),
		cmocka_unit_test(a_short_ascii_subject_stays_as_is_and_newlines_never_reach_the_header),
		cmocka_unit_test(quoted_printable_keeps_lines_short_and_decodes_back),
		cmocka_unit_test(the_date_is_rfc5322_in_vietnam_time),
		cmocka_unit_test(a_built_message_reads_back_with_gmime),
		cmocka_unit_test(a_status_notice_in_vietnamese_has_the_code_the_state_the_due_time_and_the_link),
		cmocka_unit_test(a_status_notice_in_english_uses_the_catalogue),
		cmocka_unit_test(a_staff_reminder_links_the_case_page_and_carries_nothing_of_the_reporter),
		cmocka_unit_test(a_status_notice_never_holds_a_secret_but_the_receipt_does),
		cmocka_unit_test(the_base_url_comes_from_the_environment_without_a_trailing_slash),
		cmocka_unit_test(a_good_message_gives_sender_subject_text_and_kept_attachments),
		cmocka_unit_test(bad_messages_are_rejected_with_a_reason),
		cmocka_unit_test(without_a_message_id_the_key_is_the_hash_of_the_bytes),
		cmocka_unit_test(keywords_match_whole_words_only),
	};
	const struct CMUnitTest outbox[] = {
		cmocka_unit_test(a_message_commits_or_rolls_back_with_the_callers_transaction),
		cmocka_unit_test(without_an_smtp_url_nothing_is_sent_and_mail_stays_queued),
		cmocka_unit_test(a_failed_delivery_backs_off_and_fails_for_good_after_the_last_attempt),
		cmocka_unit_test(retry_now_takes_waiting_mail_but_never_mail_another_pass_holds),
		cmocka_unit_test(a_reporters_address_is_never_stored_and_mail_for_a_case_that_is_gone_fails_at_once),
	};
	int rc = cmocka_run_group_tests_name("mail (pure)", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("mail (outbox)", outbox, db_setup, db_teardown);
	return rc;
}
