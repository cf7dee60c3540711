/* rules.c — the pure rules of counter recordings (see recordings.h): what a
 * recording is by its bytes, the window, the folder's naming, who may do what,
 * the end of retention. No I/O, no database. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/calendar.h"
#include "recordings/recordings.h"

const char *rec_sniff(const void *data, size_t n)
{
	const unsigned char *p = data;
	if (n >= 12 && !memcmp(p + 4, "ftyp", 4))
		return !memcmp(p + 8, "M4A ", 4) || !memcmp(p + 8, "M4B ", 4) ? "audio/mp4" : "video/mp4";
	if (n >= 4 && !memcmp(p, "\x1a\x45\xdf\xa3", 4)) {
		/* EBML: WebM when its DocType says so within the header. */
		for (size_t i = 4; i + 4 <= n && i < 64; i++)
			if (!memcmp(p + i, "webm", 4)) return "video/webm";
		return NULL;
	}
	if (n >= 4 && !memcmp(p, "OggS", 4)) return "audio/ogg";
	if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WAVE", 4)) return "audio/wav";
	if (n >= 3 && !memcmp(p, "ID3", 3)) return "audio/mpeg";
	if (n >= 2 && p[0] == 0xFF && (p[1] & 0xE6) == 0xE2) return "audio/mpeg";   /* an MPEG audio frame, layer III */
	return NULL;
}

/* The extensions that may carry each type. */
static bool ext_fits(const char *type, const char *ext)
{
	static const struct { const char *type, *exts; } t[] = {
		{"video/mp4", " mp4 m4v mov "}, {"audio/mp4", " m4a mp4 "}, {"video/webm", " webm weba "},
		{"audio/ogg", " ogg oga opus "}, {"audio/wav", " wav "}, {"audio/mpeg", " mp3 "},
	};
	char w[16];
	size_t k = 0;
	for (const char *p = ext; *p && k + 2 < sizeof w; p++) w[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	w[k] = '\0';
	char needle[20];
	snprintf(needle, sizeof needle, " %s ", w);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].type, type)) return strstr(t[i].exts, needle) != NULL;
	return false;
}

int rec_rules_file(const char *sniffed, const char *declared, const char *name, int64_t size, int64_t max,
                   const char *field, err *e)
{
	if (size <= 0) return err_set(e, MB_EINVAL, "invalid_field", field, "Tệp ghi âm, ghi hình trống.", "the recording is empty");
	if (size > max)
		return err_set(e, MB_ETOOBIG, "too_large", field, "Tệp ghi âm, ghi hình vượt quá giới hạn tải lên; tệp lớn hơn đưa vào thư mục nhận.",
		               "the recording is over the upload limit; larger files go through the watched folder");
	if (!sniffed)
		return err_set(e, MB_EINVAL, "invalid_type", field,
		               "Chỉ nhận tệp ghi âm, ghi hình MP4, WebM, Ogg, WAV hoặc MP3.",
		               "only MP4, WebM, Ogg, WAV or MP3 recordings are accepted");
	/* What the sender says must agree with the bytes: a major type of its own is a disguise. */
	if (declared && *declared && strncasecmp(declared, "application/octet-stream", 24)) {
		size_t slash = strcspn(sniffed, "/");
		bool media = !strncasecmp(declared, "audio/", 6) || !strncasecmp(declared, "video/", 6);
		bool same = !strncasecmp(declared, sniffed, strlen(sniffed)) ||
		            (media && !strncasecmp(declared + 6, sniffed + slash + 1, strlen(sniffed + slash + 1)));
		if (!same)
			return err_set(e, MB_EINVAL, "invalid_type", field, "Loại tệp khai báo không khớp với nội dung tệp.",
			               "the declared type does not match the file's content");
	}
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (dot && !ext_fits(sniffed, dot + 1))
		return err_set(e, MB_EINVAL, "invalid_type", field, "Phần mở rộng của tên tệp không khớp với nội dung tệp.",
		               "the file name's extension does not match the file's content");
	return 0;
}

int rec_rules_window(int64_t start, int64_t end, int max_hours, int64_t now, err *e)
{
	if (start <= 0) return err_set(e, MB_EINVAL, "invalid_field", "started_at", "Thời điểm bắt đầu không hợp lệ.", "invalid start time");
	if (end <= start)
		return err_set(e, MB_EINVAL, "invalid_field", "ended_at", "Thời điểm kết thúc phải sau thời điểm bắt đầu.",
		               "the end must come after the start");
	if (end - start > (int64_t)max_hours * 3600)
		return err_set(e, MB_EINVAL, "invalid_field", "ended_at", "Một tệp không được dài quá số giờ tối đa của quy định.",
		               "one file may not cover more than the rules' longest window");
	if (end > now + 300)
		return err_set(e, MB_EINVAL, "invalid_field", "ended_at", "Không thể ghi âm, ghi hình trong tương lai.",
		               "a recording cannot end in the future");
	return 0;
}

/* "YYYYMMDDTHHMMSS" (Vietnam time) at p; -1 when malformed. */
static int64_t compact_time(const char *p)
{
	int y, mo, d, h, mi, s, n = 0;
	if (sscanf(p, "%4d%2d%2dT%2d%2d%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 || n != 15) return -1;
	for (int i = 0; i < 15; i++)
		if (i != 8 && (p[i] < '0' || p[i] > '9')) return -1;
	if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return -1;
	int32_t day = cal_day_from_ymd(y, mo, d);
	char back[16];
	cal_format_date(day, back, sizeof back);
	int by, bm, bd;
	if (sscanf(back, "%d-%d-%d", &by, &bm, &bd) != 3 || by != y || bm != mo || bd != d) return -1;   /* 31 February */
	return cal_local(day, h * 60 + mi) + s;
}

int rec_rules_folder_name(const char *name, int64_t *desk, int64_t *start, int64_t *end)
{
	const char *p = name;
	int64_t id = 0;
	int digits = 0;
	for (; *p >= '0' && *p <= '9' && digits < 12; p++, digits++) id = id * 10 + (*p - '0');
	if (!digits || id <= 0 || *p++ != '_') return -1;
	int64_t a = compact_time(p);
	if (a < 0 || p[15] != '_') return -1;
	int64_t b = compact_time(p + 16);
	if (b < 0 || p[31] != '.' || !p[32] || strchr(p + 32, '/')) return -1;
	*desk = id;
	*start = a;
	*end = b;
	return 0;
}

static bool inspector(auth_role role) { return role == ROLE_INSPECTOR || role == ROLE_HOME_AFFAIRS_INSPECTOR; }

bool rec_rules_may_list(auth_role role, bool head_over)
{
	return inspector(role) || role == ROLE_ADMIN || (role == ROLE_UNIT_HEAD && head_over);
}

bool rec_rules_may_open(auth_role role, bool head_over)
{
	return inspector(role) || (role == ROLE_UNIT_HEAD && head_over);
}

bool rec_rules_may_upload(auth_role role, bool head_over)
{
	return role == ROLE_ADMIN || (role == ROLE_UNIT_HEAD && head_over);
}

bool rec_rules_may_hold(auth_role role, bool head_over)
{
	return rec_rules_may_open(role, head_over);
}

bool rec_rules_expired(int64_t retain_until, bool held, bool purged, int64_t now)
{
	return !held && !purged && retain_until > 0 && now >= retain_until;
}
