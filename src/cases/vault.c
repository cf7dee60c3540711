/* vault.c — the denouncers' vault: the reporter's identity and sealed files
 * encrypted at rest with XChaCha20-Poly1305 (libsodium), the case code as
 * associated data so that a sealed row cannot be moved to another case. The
 * key is a file of its own (<db>.vault.key, mode 0600), not in the database:
 * a copy of the database alone reveals no identity. Also the file store. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "cases/internal.h"
#include "cases/repo.h"
#include "ledger/ledger.h"

static char g_key_path[4096];
static unsigned char g_key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
static bool g_key_loaded;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

void case_vault_set_key_path(const char *path)
{
	pthread_mutex_lock(&g_mu);
	snprintf(g_key_path, sizeof g_key_path, "%s", path ? path : "");
	sodium_memzero(g_key, sizeof g_key);
	g_key_loaded = false;
	pthread_mutex_unlock(&g_mu);
}

static const char *key_path(void)
{
	if (!g_key_path[0]) snprintf(g_key_path, sizeof g_key_path, "%s.vault.key", db_path() ? db_path() : "var/minhbach.db");
	return g_key_path;
}

int case_vault_key_create(const char *path, err *e)
{
	unsigned char k[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	crypto_aead_xchacha20poly1305_ietf_keygen(k);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		if (errno == EEXIST) return 0;   /* an existing key is kept: sealed rows depend on it */
		log_msg(LOG_ERROR, "vault", "cannot create the vault key %s: %s", path, strerror(errno));
		return err_set(e, MB_EINTERNAL, "vault_key", NULL, "Không tạo được khoá kho bảo mật.", "cannot create the vault key");
	}
	char hex[2 * sizeof k + 2];
	hex_encode(k, sizeof k, hex);
	size_t n = strlen(hex);
	hex[n++] = '\n';
	bool ok = write(fd, hex, n) == (ssize_t)n && fsync(fd) == 0;
	close(fd);
	sodium_memzero(k, sizeof k);
	sodium_memzero(hex, sizeof hex);
	if (!ok) log_msg(LOG_ERROR, "vault", "cannot write the vault key %s: %s", path, strerror(errno));
	if (!ok) return err_set(e, MB_EINTERNAL, "vault_key", NULL, "Không ghi được khoá kho bảo mật.", "cannot write the vault key");
	return 0;
}

/* Loads the key once (creating it when the file is missing: a database from
 * before the vault existed has no sealed rows yet). */
static int load_key(err *e)
{
	pthread_mutex_lock(&g_mu);
	int rc = 0;
	if (!g_key_loaded) {
		const char *p = key_path();
		if (access(p, F_OK) != 0 && (rc = case_vault_key_create(p, e))) goto out;
		char hex[2 * sizeof g_key + 8] = {0};
		FILE *f = fopen(p, "r");
		size_t n = f ? fread(hex, 1, sizeof hex - 1, f) : 0;
		if (f) fclose(f);
		while (n && (hex[n - 1] == '\n' || hex[n - 1] == '\r')) hex[--n] = '\0';
		size_t bin_len = 0;
		if (n != 2 * sizeof g_key ||
		    sodium_hex2bin(g_key, sizeof g_key, hex, n, NULL, &bin_len, NULL) != 0 || bin_len != sizeof g_key) {
			log_msg(LOG_ERROR, "vault", "cannot read the vault key %s", p);
			rc = err_set(e, MB_EINTERNAL, "vault_key", NULL, "Không đọc được khoá kho bảo mật.", "cannot read the vault key");
		} else {
			g_key_loaded = true;
		}
		sodium_memzero(hex, sizeof hex);
	}
out:
	pthread_mutex_unlock(&g_mu);
	return rc;
}

int case_vault_seal_bytes(const char *code, const void *data, size_t n, arena *a, unsigned char **out,
                          size_t *out_len, err *e)
{
	if (load_key(e)) return MB_EINTERNAL;
	/* nonce ‖ ciphertext ‖ tag */
	size_t total = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + n + crypto_aead_xchacha20poly1305_ietf_ABYTES;
	unsigned char *box = arena_alloc(a, total);
	randombytes_buf(box, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	unsigned long long clen = 0;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen, data, n,
	                                           (const unsigned char *)code, strlen(code), NULL, box, g_key);
	*out = box;
	*out_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + (size_t)clen;
	return 0;
}

int case_vault_open_bytes(const char *code, const unsigned char *in, size_t n, arena *a, unsigned char **out,
                          size_t *out_len, err *e)
{
	if (load_key(e)) return MB_EINTERNAL;
	if (n < crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
		return err_set(e, MB_EINTERNAL, "vault_corrupt", NULL, "Dữ liệu bảo mật bị hỏng.", "sealed data is damaged");
	size_t clen = n - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	unsigned char *m = arena_alloc(a, clen + 1);
	unsigned long long mlen = 0;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, in + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	                                               clen, (const unsigned char *)code, strlen(code), in, g_key) != 0)
		return err_set(e, MB_EINTERNAL, "vault_corrupt", NULL, "Dữ liệu bảo mật bị hỏng hoặc sai khoá.",
		               "sealed data is damaged or the key is wrong");
	m[mlen] = '\0';
	*out = m;
	*out_len = (size_t)mlen;
	return 0;
}

int case_vault_seal(const char *code, const case_identity *id, arena *a, unsigned char **nonce,
                    size_t *nonce_len, unsigned char **sealed, size_t *sealed_len, err *e)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", id->name ? id->name : "",
	                      "address", id->address ? id->address : "", "phone", id->phone ? id->phone : "",
	                      "email", id->email ? id->email : "", "id_number", id->id_number ? id->id_number : "");
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (!s) return err_set(e, MB_EINTERNAL, "vault", NULL, "Không mã hoá được thông tin.", "cannot seal the identity");
	unsigned char *all;
	size_t n;
	int rc = case_vault_seal_bytes(code, s, strlen(s), a, &all, &n, e);
	sodium_memzero(s, strlen(s));
	free(s);
	if (rc) return rc;
	*nonce = all;
	*nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	*sealed = all + *nonce_len;
	*sealed_len = n - *nonce_len;
	return 0;
}

int case_vault_open(const char *code, const unsigned char *nonce, size_t nonce_len,
                    const unsigned char *sealed, size_t sealed_len, arena *a, case_identity *out, err *e)
{
	unsigned char *all = arena_alloc(a, nonce_len + sealed_len);
	memcpy(all, nonce, nonce_len);
	memcpy(all + nonce_len, sealed, sealed_len);
	unsigned char *m;
	size_t mlen;
	if (case_vault_open_bytes(code, all, nonce_len + sealed_len, a, &m, &mlen, e)) return MB_EINTERNAL;
	json_error_t je;
	json_t *j = json_loadb((const char *)m, mlen, 0, &je);
	sodium_memzero(m, mlen);
	if (!json_is_object(j)) {
		json_decref(j);
		return err_set(e, MB_EINTERNAL, "vault_corrupt", NULL, "Dữ liệu bảo mật bị hỏng.", "sealed data is damaged");
	}
	out->name = arena_strdup(a, json_string_value(json_object_get(j, "name")) ?: "");
	out->address = arena_strdup(a, json_string_value(json_object_get(j, "address")) ?: "");
	out->phone = arena_strdup(a, json_string_value(json_object_get(j, "phone")) ?: "");
	out->email = arena_strdup(a, json_string_value(json_object_get(j, "email")) ?: "");
	out->id_number = arena_strdup(a, json_string_value(json_object_get(j, "id_number")) ?: "");
	json_decref(j);
	return 0;
}

static const char SEALED_PREFIX[] = "sealed:v1:";

bool case_vault_is_sealed_text(const char *s)
{
	return s && !strncmp(s, SEALED_PREFIX, sizeof SEALED_PREFIX - 1);
}

int case_vault_seal_text(const char *context, const char *text, arena *a, const char **sealed, err *e)
{
	unsigned char *box;
	size_t n;
	if (case_vault_seal_bytes(context, text, strlen(text), a, &box, &n, e)) return MB_EINTERNAL;
	size_t b64 = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = arena_alloc(a, sizeof SEALED_PREFIX + b64);
	memcpy(out, SEALED_PREFIX, sizeof SEALED_PREFIX - 1);
	sodium_bin2base64(out + sizeof SEALED_PREFIX - 1, b64, box, n, sodium_base64_VARIANT_ORIGINAL);
	*sealed = out;
	return 0;
}

int case_vault_open_text(const char *context, const char *sealed, arena *a, const char **text, err *e)
{
	if (!case_vault_is_sealed_text(sealed))
		return err_set(e, MB_EINTERNAL, "vault_corrupt", NULL, "Dữ liệu bảo mật bị hỏng.", "sealed data is damaged");
	const char *b = sealed + sizeof SEALED_PREFIX - 1;
	size_t cap = strlen(b) / 4 * 3 + 3, n = 0;
	unsigned char *bin = arena_alloc(a, cap);
	if (sodium_base642bin(bin, cap, b, strlen(b), NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL))
		return err_set(e, MB_EINTERNAL, "vault_corrupt", NULL, "Dữ liệu bảo mật bị hỏng.", "sealed data is damaged");
	unsigned char *m;
	size_t mlen;
	if (case_vault_open_bytes(context, bin, n, a, &m, &mlen, e)) return MB_EINTERNAL;
	*text = (const char *)m;
	return 0;
}
