#include "web/i18n.h"

#include <stdint.h>
#include <string.h>

#include "base/embed.h"
#include "base/log.h"

/* GNU .mo layout: magic, revision, N, offset of originals table, offset of
 * translations table; each table holds N (length, offset) pairs of uint32,
 * originals sorted by strcmp. */
static const unsigned char *g_mo;
static size_t g_mo_size;
static uint32_t g_n, g_orig, g_trans;

static uint32_t rd32(size_t off)
{
	uint32_t v;
	memcpy(&v, g_mo + off, 4);
	return v;
}

int i18n_init(void)
{
	const struct embedded_file *f = embed_find("po/en.mo");
	if (!f || f->size < 28 || (memcpy(&g_n, f->data, 4), g_n) != 0x950412deu) {
		log_msg(LOG_ERROR, "i18n", "the English catalogue is missing or not a little-endian .mo");
		g_n = 0;
		return -1;
	}
	g_mo = f->data;
	g_mo_size = f->size;
	g_n = rd32(8);
	g_orig = rd32(12);
	g_trans = rd32(16);
	if ((size_t)g_orig + 8ull * g_n > g_mo_size || (size_t)g_trans + 8ull * g_n > g_mo_size) {
		log_msg(LOG_ERROR, "i18n", "the English catalogue is truncated");
		g_n = 0;
		return -1;
	}
	for (uint32_t i = 0; i < g_n; i++) {
		if ((size_t)rd32(g_orig + 8 * i + 4) + rd32(g_orig + 8 * i) >= g_mo_size ||
		    (size_t)rd32(g_trans + 8 * i + 4) + rd32(g_trans + 8 * i) >= g_mo_size) {
			log_msg(LOG_ERROR, "i18n", "the English catalogue has an entry out of bounds");
			g_n = 0;
			return -1;
		}
	}
	return 0;
}

size_t i18n_count(void) { return g_n; }

const char *i18n_get(const char *lang, const char *msgid)
{
	if (!lang || lang[0] != 'e' || g_n == 0) return msgid;
	uint32_t lo = 0, hi = g_n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *s = (const char *)g_mo + rd32(g_orig + 8 * mid + 4);
		int c = strcmp(msgid, s);
		if (c == 0) {
			const char *t = (const char *)g_mo + rd32(g_trans + 8 * mid + 4);
			return *t ? t : msgid;
		}
		if (c < 0) hi = mid; else lo = mid + 1;
	}
	return msgid;
}
