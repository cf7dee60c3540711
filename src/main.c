/* main.c — the command line: serve, init, demo, verify, import. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "biz/biz.h"
#include "base/clock.h"
#include "base/log.h"
#include "calendar/calendar_db.h"
#include "db/backup.h"
#include "db/db.h"
#include "cases/cases.h"
#include "discipline/discipline.h"
#include "duty/duty.h"
#include "citizen/citizen.h"
#include "demo/history.h"
#include "inspections/inspections.h"
#include "officials/officials.h"
#include "delivery/delivery.h"
#include "dossier/dossier.h"
#include "ledger/ledger.h"
#include "mail/mail.h"
#include "open311/open311.h"
#include "procedures/procedures.h"
#include "ratings/ratings.h"
#include "recordings/recordings.h"
#include "results/results.h"
#include "scores/scores.h"
#include "ui/ui.h"
#include "units/units.h"
#include "warn/warn.h"
#include "web/i18n.h"
#include "web/web.h"

typedef struct opts {
	const char *db, *key, *listen, *log_level, *trusted_proxy;
	const char *checkpoints;   /* verify --checkpoints FILE: an outside archive */
	const char *recordings_dir;/* serve: the watched folder of counter recordings (NULL: none) */
	unsigned port, threads, workers, queue_max, max_connections, per_ip_limit, header_deadline;
	bool show;                 /* demo --show: print the demo codes and secrets again */
	unsigned months, seed;     /* demo: months of generated history (0: none), and its seed */
	char **args;               /* positional arguments (import: KIND FILE) */
	int nargs;
} opts;

static const char DEMO_PASSWORD[] = "minhbach-demo";

static const struct { const char *login, *name, *role, *unit, *title; } demo_accounts[] = {
	{"congdan", "Lò Văn Dân (công dân mẫu)", "citizen", "ubnd-tinh-son-la", ""},
	{"motcua", "Cầm Thị Nhận (cán bộ một cửa mẫu)", "counter_officer", "phuong-chieng-coi", "Công chức Văn phòng - Thống kê (Bộ phận Một cửa)"},
	{"xuly", "Quàng Văn Xử (cán bộ xử lý mẫu)", "processing_officer", "phuong-chieng-coi", "Công chức Tư pháp - Hộ tịch"},
	{"truongphuong", "Nguyễn Văn Trưởng (Chủ tịch UBND phường mẫu)", "unit_head", "phuong-chieng-coi", "Chủ tịch UBND phường"},
	{"giamdocsoyte", "Trần Thị Y (Giám đốc Sở Y tế mẫu)", "unit_head", "so-y-te", "Giám đốc Sở Y tế"},
	{"thanhtra", "Hoàng Văn Tra (Thanh tra tỉnh mẫu)", "inspector", "thanh-tra-tinh", "Thanh tra viên"},
	{"vanphongubnd", "Lường Thị Phòng (người được Chủ tịch UBND tỉnh giao xử lý tố cáo mẫu)", "unit_head", "van-phong-ubnd-tinh", "Chánh Văn phòng UBND tỉnh"},
	{"thanhtranoivu", "Đinh Thị Vụ (Thanh tra Sở Nội vụ mẫu)", "home_affairs_inspector", "so-noi-vu", "Chánh Thanh tra Sở Nội vụ"},
	{"quantri", "Phạm Văn Trị (quản trị mẫu)", "admin", "ubnd-tinh-son-la", "Quản trị hệ thống"},
	{"giamsat", "Vì Thị Sát (giám sát: HĐND, MTTQ, báo chí mẫu)", "overseer", "ubnd-tinh-son-la", "Đại biểu HĐND tỉnh"},
};

static void usage(FILE *f)
{
	fputs("usage: minhbach [--version] [--help] <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  serve    serve the web application and the JSON API\n"
	      "  init     create a new database for a real deployment: schema, signing key,\n"
	      "           the province's units, and an administrator whose password is printed once\n"
	      "  demo     create (or reuse) a database with demo contacts and one account per role\n"
	      "  verify   recompute the ledger's hash chain, check it against the signed checkpoints\n"
	      "           and every row of record against its events; exit 0 when intact\n"
	      "  checkpoints export  print every signed checkpoint issued, one JSON line each\n"
	      "  backup   copy the database, its keys, checkpoints and attachments while serving:\n"
	      "           `minhbach backup DEST`\n"
	      "  import   load reference data from a CSV file, all or nothing:\n"
	      "           `minhbach import procedures FILE.csv` (the procedure catalogue)\n"
	      "  mail-import  file the e-mails of a Maildir (or a directory of .eml files) as cases:\n"
	      "           `minhbach mail-import MAILDIR [--unit UNIT_CODE]`\n"
	      "  open311-key  create or revoke an Open311 API key:\n"
	      "           `minhbach open311-key create NAME` prints a new key once; `revoke NAME`\n"
	      "  routes   list every HTTP route with its permission (`--json` for a machine)\n"
	      "  duty-tick  one pass of the obligations' job (reminders, overdue, escalation),\n"
	      "           as of now or `--at TIME` (ISO 8601 UTC)\n"
	      "  scores   recompute a unit's Decision 766 figures from the raw tables:\n"
	      "           `minhbach scores --unit CODE --period 2026-Q4 [--json]`\n"
	      "  warn     run the early warning now and list the open signals: `minhbach warn [--json]`\n"
	      "  search-upkeep  merge the search index's segments now, as the server does each night\n"
	      "  recordings-ingest  take the counter recordings of a folder: `minhbach recordings-ingest DIR`\n"
	      "  recordings-purge   delete the recordings past their retention (the rows and hashes stay)\n"
	      "\n"
	      "options (each also from the environment):\n"
	      "  --db PATH          database file            MINHBACH_DB         (var/minhbach.db)\n"
	      "  --key PATH         ledger signing key file  MINHBACH_KEY        (<db>.key)\n"
	      "  --listen ADDR      IPv4 address to listen   MINHBACH_LISTEN     (127.0.0.1)\n"
	      "  --port N           port, 0 for any free one MINHBACH_PORT       (8080)\n"
	      "  --threads N        I/O threads              MINHBACH_THREADS    (4)\n"
	      "  --log-level L      debug|info|warn|error    MINHBACH_LOG_LEVEL  (info)\n"
	      "  --trusted-proxy A  believe X-Forwarded-For  MINHBACH_TRUSTED_PROXY (none)\n"
	      "  --workers N        threads running handlers MINHBACH_WORKERS    (4 per core)\n"
	      "  --queue N          requests waiting for one MINHBACH_QUEUE      (1024; 503 beyond)\n"
	      "  --max-connections N  open connections       MINHBACH_MAX_CONNECTIONS (from the fd limit; 503 beyond)\n"
	      "  --per-ip-limit N   connections per address  MINHBACH_PER_IP_LIMIT (200; behind the proxy:\n"
	      "                     requests at once per client, 429 beyond)\n"
	      "  --header-deadline S  seconds for a request's headers  MINHBACH_HEADER_DEADLINE (10)\n"
	      "  --recordings-dir D the counter recordings' watched folder  MINHBACH_RECORDINGS_DIR (none)\n"
	      "                     from this proxy address (for sign-in limits per address)\n"
	      "\n"
	      "Run `minhbach <command> --help` for a command's own help.\n", f);
}

static const char *const cmd_help[][2] = {
	{"duty-tick", "usage: minhbach duty-tick [--db PATH] [--at 2027-01-31T03:00:00Z]\n"
	              "Runs one pass of the obligations' job, as the server does every minute: reminders before\n"
	              "the due time, the overdue mark and the escalation once per level (the head of the unit\n"
	              "above, then the Provincial Inspectorate), as of now or of --at. Prints how many changed.\n"},
	{"search-upkeep", "usage: minhbach search-upkeep [--db PATH]\n"
	                  "Merges the segments of the public results' search index into one, as the server does\n"
	                  "once a night between 01:00 and 05:00 (Vietnam time), a short transaction a step, and\n"
	                  "prints the steps taken and the time. Changes nothing of record.\n"},
	{"scores", "usage: minhbach scores --unit CODE --period PERIOD [--db PATH] [--json]\n"
	           "Recomputes a unit's Decision 766 figures from the raw tables (dossiers, their steps,\n"
	           "cases, procedures), not from the counters the pages read, so that anyone can check\n"
	           "what /scores and /api/v1/scores show. PERIOD: 2026-11 (month), 2026-Q4 (quarter),\n"
	           "2026 (year) or 2026-01-01..2026-03-31. --json prints {period, unit} as the API does.\n"},
	{"recordings-ingest", "usage: minhbach recordings-ingest DIR [--db PATH] [--settle SECONDS]\n"
	                      "Takes the counter recordings in DIR, as the server does every minute with --recordings-dir:\n"
	                      "each file named <desk id>_<YYYYMMDDTHHMMSS>_<YYYYMMDDTHHMMSS>.<ext> (Vietnam time), untouched\n"
	                      "for the rules' settle time (or --settle), is stored with its hash in the ledger and removed\n"
	                      "from DIR; one that cannot be taken goes to DIR/rejected/ with NAME.txt saying why. Hidden\n"
	                      "files and NAME.part wait. Prints how many were stored and rejected.\n"},
	{"recordings-purge", "usage: minhbach recordings-purge [--db PATH] [--at 2027-06-01T03:00:00Z]\n"
	                     "Deletes the bytes of the counter recordings past their retention (data/recording_rules.csv)\n"
	                     "and not held, as the server does every minute; each row and its hash stay, with a\n"
	                     "recording.purged event. Prints how many were deleted.\n"},
	{"warn", "usage: minhbach warn [--db PATH] [--json]\n"
	         "Runs the early warning now (as the nightly job does): every official against the other\n"
	         "officials on the same procedures, every unit against the units of its level, on the rules\n"
	         "in force (data/warn_rules.csv); opens the new signals (ledger events) and prints the run\n"
	         "and the open signals. --json prints {run, officials, units, flagged, opened, rows_read, ms,\n"
	         "open_signals}.\n"},
	{"routes", "usage: minhbach routes [--json]\n"
	           "Lists every route the server registers: method, path pattern and permission (public,\n"
	           "signed_in, session (signing out), unit_editor, admin, inspector, dossiers (signed in\n"
	           "but not the overseer), nobody). With --json, an array of objects\n"
	           "{method, pattern, permission, anonymous, roles} where roles are the roles the permission\n"
	           "admits; a handler may narrow it further (unit scope, the overseer's read-only rule).\n"
	           "Needs no database.\n"},
	{"serve", "usage: minhbach serve [--db PATH] [--key PATH] [--listen ADDR] [--port N] [--threads N] [--log-level L]\n"
	          "                      [--trusted-proxy ADDR] [--workers N] [--queue N] [--max-connections N]\n"
	          "                      [--per-ip-limit N] [--header-deadline S]\n"
	          "Applies pending migrations, then serves on ADDR:PORT until SIGINT or SIGTERM.\n"
	          "Prints \"listening on http://ADDR:PORT\" on standard output once ready.\n"},
	{"init", "usage: minhbach init [--db PATH] [--key PATH]\n"
	         "Creates the database, the Ed25519 signing key and the province's units, and an\n"
	         "administrator account `admin` whose generated password is printed once. No demo data.\n"
	         "Refuses to touch an existing database.\n"},
	{"demo", "usage: minhbach demo [--db PATH] [--key PATH] [--months N] [--seed S] [--show]\n"
	         "Creates the database with demo contacts and one demo account per role (password\n"
	         "minhbach-demo), unless it already exists; prints the demo logins either way.\n"
	         "A new database also gets N months (default 6, at most 60, 0 for none) of generated\n"
	         "history: dossiers and reports played through the services at their backdated times\n"
	         "(some late, overdue, apologised for, sanctioned, published and rated), drawn from\n"
	         "seed S (default 1) by the generator the benchmarks use (src/demo/gen.c).\n"
	         "The demo dossiers' and reports' codes and secrets are printed when it is made and\n"
	         "kept in PATH.demo (owner-only); --show prints them again.\n"},
	{"verify", "usage: minhbach verify [--db PATH] [--key PATH] [--checkpoints FILE]\n"
	           "Recomputes every event's hash; checks that the chain reaches the latest signed\n"
	           "checkpoint of the database and of <db>.checkpoints (which must agree), so that a\n"
	           "deleted tail or an emptied ledger is caught; and that every row of record (units,\n"
	           "accounts, procedures, dossiers, cases) is the state its latest event describes.\n"
	           "--checkpoints FILE also checks every checkpoint of an outside archive (the lines of\n"
	           "`minhbach checkpoints export`, or saved GET /api/v1/ledger/head answers, one a line).\n"
	           "Exit 0: intact. Exit 1: the first problem is named (event seq, checkpoint, or table,\n"
	           "key and field). Exit 2: the database or a file cannot be read.\n"},
	{"checkpoints", "usage: minhbach checkpoints export [--db PATH]\n"
	                "Prints every signed checkpoint the server issued, oldest first, one JSON line each\n"
	                "({\"at\",\"hash\",\"message\",\"seq\",\"signature\"}): keep them outside, and check the\n"
	                "ledger against them with `minhbach verify --checkpoints FILE`.\n"},
	{"backup", "usage: minhbach backup DEST [--db PATH] [--key PATH]\n"
	           "Copies, while the server keeps writing, into the folder DEST (created 0700 if absent)\n"
	           "under the database's own name: the database (SQLite's online backup: the database as\n"
	           "it was at one instant), the ledger key (<db>.key, or --key), the vault key\n"
	           "(<db>.vault.key), the checkpoints file (<db>.checkpoints, up to the copy's latest\n"
	           "checkpoint) and the attachment store (<db>.files/, copied after the database so that\n"
	           "every attachment the copy names is there; files already in DEST are kept). Every file\n"
	           "is 0600. `minhbach verify --db DEST/NAME` passes on the copy. Prints one line: events,\n"
	           "checkpoints, attachment files, bytes written. Exit 1: a copy failed. Exit 2: bad\n"
	           "arguments, no database, DEST not a writable folder, or DEST is the database's folder.\n"},
	{"import", "usage: minhbach import procedures FILE.csv [--db PATH]\n"
	           "Loads the procedure catalogue from FILE.csv, all or nothing. Columns: code, name_vi,\n"
	           "name_en, level, field, processing_days, fee_vnd, required_documents (separated by ;),\n"
	           "legal_basis; optional: time_unit, online_level, clock_policy, cutoff, unit. Every row\n"
	           "is checked first: if any is bad, each is reported on standard error as\n"
	           "`line N: column: reason`, nothing changes and the exit status is 1. Otherwise every\n"
	           "procedure is created or updated in one transaction, with one ledger event per\n"
	           "procedure created or changed, and a summary is printed. Exit 2: bad arguments, or\n"
	           "the file or the database cannot be read.\n"},
	{"mail-import", "usage: minhbach mail-import MAILDIR [--db PATH] [--unit UNIT_CODE]\n"
	                "Files every message of MAILDIR/new and MAILDIR/cur (or every .eml file of a directory)\n"
	                "as a case on the e-mail channel, addressed to UNIT_CODE, else to the unit whose code is\n"
	                "the recipient address's local part, else to the Provincial Inspectorate. Each message\n"
	                "is filed once (by Message-ID, or the SHA-256 of its bytes); the sender gets a receipt\n"
	                "with the case code and the follow-up secret through the outbox. A message that cannot\n"
	                "be filed (broken MIME, no sender, no body, over 10 MiB) is named on standard error as\n"
	                "`FILE: reason` and the others continue. Exit 0: all filed or already filed; 1: some\n"
	                "were rejected; 2: bad arguments, or the directory or the database cannot be used.\n"},
	{"open311-key", "usage: minhbach open311-key create|revoke NAME [--db PATH]\n"
	                "create: makes a new Open311 (GeoReport v2) API key for the client application NAME\n"
	                "and prints it once (only its SHA-256 is stored). revoke: the key stops working at\n"
	                "once. Each is a ledger event. Exit 1: an active key already has that name (create),\n"
	                "or there is none (revoke). Exit 2: bad arguments or no database.\n"},
};

/* A command's own help (cmd_help) on f. */
static void cmd_help_print(const char *cmd, FILE *f)
{
	for (size_t i = 0; i < sizeof cmd_help / sizeof cmd_help[0]; i++)
		if (!strcmp(cmd_help[i][0], cmd)) fputs(cmd_help[i][1], f);
}

/* A command's database: opened and migrated; on failure the reason on stderr and NULL. */
static db *cmd_open_db(const char *path, err *e)
{
	db *d;
	if (db_open(&d, path, e) || db_migrate(d, e)) {
		fprintf(stderr, "minhbach: cannot open %s: %s\n", path, e->en ? e->en : "?");
		return NULL;
	}
	return d;
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || v > max) return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_opts(int argc, char **argv, const char *cmd, opts *o)
{
	*o = (opts){0};
	o->db = env_or("MINHBACH_DB", "var/minhbach.db");
	o->key = env_or("MINHBACH_KEY", NULL);
	o->listen = env_or("MINHBACH_LISTEN", "127.0.0.1");
	o->log_level = env_or("MINHBACH_LOG_LEVEL", "info");
	o->trusted_proxy = env_or("MINHBACH_TRUSTED_PROXY", NULL);
	o->checkpoints = NULL;
	o->recordings_dir = env_or("MINHBACH_RECORDINGS_DIR", NULL);
	o->port = 8080;
	o->threads = 4;
	o->months = 6;
	o->seed = 1;
	if (parse_uint(env_or("MINHBACH_PORT", "8080"), 65535, &o->port) ||
	    parse_uint(env_or("MINHBACH_THREADS", "4"), 256, &o->threads) ||
	    parse_uint(env_or("MINHBACH_WORKERS", "0"), 4096, &o->workers) ||
	    parse_uint(env_or("MINHBACH_QUEUE", "0"), 1000000, &o->queue_max) ||
	    parse_uint(env_or("MINHBACH_MAX_CONNECTIONS", "0"), 1000000, &o->max_connections) ||
	    parse_uint(env_or("MINHBACH_PER_IP_LIMIT", "0"), 1000000, &o->per_ip_limit) ||
	    parse_uint(env_or("MINHBACH_HEADER_DEADLINE", "0"), 3600, &o->header_deadline)) {
		fputs("minhbach: MINHBACH_PORT, MINHBACH_THREADS, MINHBACH_WORKERS, MINHBACH_QUEUE, MINHBACH_MAX_CONNECTIONS,\n"
		      "  MINHBACH_PER_IP_LIMIT or MINHBACH_HEADER_DEADLINE is not a number in range\n", stderr);
		return 2;
	}
	static const struct option lo[] = {
		{"db", required_argument, 0, 'd'}, {"key", required_argument, 0, 'k'},
		{"listen", required_argument, 0, 'l'}, {"port", required_argument, 0, 'p'},
		{"threads", required_argument, 0, 't'}, {"log-level", required_argument, 0, 'L'},
		{"trusted-proxy", required_argument, 0, 'P'}, {"show", no_argument, 0, 'W'},
		{"months", required_argument, 0, 'm'}, {"seed", required_argument, 0, 'S'},
		{"checkpoints", required_argument, 0, 'C'},
		{"workers", required_argument, 0, 'w'}, {"queue", required_argument, 0, 'q'},
		{"max-connections", required_argument, 0, 'M'}, {"per-ip-limit", required_argument, 0, 'I'},
		{"header-deadline", required_argument, 0, 'H'}, {"recordings-dir", required_argument, 0, 'R'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'k': o->key = optarg; break;
		case 'l': o->listen = optarg; break;
		case 'p':
			if (parse_uint(optarg, 65535, &o->port)) { fprintf(stderr, "minhbach: bad port %s\n", optarg); return 2; }
			break;
		case 't':
			if (parse_uint(optarg, 256, &o->threads) || o->threads == 0) {
				fprintf(stderr, "minhbach: bad thread count %s\n", optarg);
				return 2;
			}
			break;
		case 'L': o->log_level = optarg; break;
		case 'w': case 'q': case 'M': case 'I': case 'H': {
			unsigned *dst = c == 'w' ? &o->workers : c == 'q' ? &o->queue_max : c == 'M' ? &o->max_connections :
			                c == 'I' ? &o->per_ip_limit : &o->header_deadline;
			if (parse_uint(optarg, c == 'H' ? 3600 : c == 'w' ? 4096 : 1000000, dst) || *dst == 0) {
				fprintf(stderr, "minhbach: bad number %s\n", optarg);
				return 2;
			}
			break;
		}
		case 'P': o->trusted_proxy = optarg; break;
		case 'W':
			if (strcmp(cmd, "demo")) { fputs("minhbach: --show is an option of demo only\n", stderr); return 2; }
			o->show = true;
			break;
		case 'm':
			if (parse_uint(optarg, 60, &o->months)) { fprintf(stderr, "minhbach: bad number of months %s\n", optarg); return 2; }
			break;
		case 'S':
			if (parse_uint(optarg, 1000000000u, &o->seed)) { fprintf(stderr, "minhbach: bad seed %s\n", optarg); return 2; }
			break;
		case 'C': o->checkpoints = optarg; break;
		case 'R': o->recordings_dir = optarg; break;
		case 'h':
			cmd_help_print(cmd, stdout);
			return 1;
		default: return 2;
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	if (o->nargs > 0 && strcmp(cmd, "import") && strcmp(cmd, "open311-key") && strcmp(cmd, "checkpoints") &&
	    strcmp(cmd, "backup")) {
		fprintf(stderr, "minhbach: unexpected argument %s\n", argv[optind]);
		return 2;
	}
	enum log_level l;
	if (log_parse_level(o->log_level, &l)) { fprintf(stderr, "minhbach: bad log level %s\n", o->log_level); return 2; }
	log_set_level(l);
	if (!o->key) {
		static char key[4096];
		if ((size_t)snprintf(key, sizeof key, "%s.key", o->db) >= sizeof key) {
			fputs("minhbach: the database path is too long\n", stderr);
			return 2;
		}
		o->key = key;
	}
	return 0;
}

static void ensure_parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path) return;
	char dir[4096];
	snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	mkdir(dir, 0750);
}

static int is_initialized(db *d)
{
	char v[64];
	return db_meta_get(d, "initialized_at", v, sizeof v, NULL) == 1;
}

static int mark(db *d, const char *key, err *e)
{
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	return db_meta_set(d, key, at, e);
}

/* Schema, signing key, reference units and holidays, in one transaction. */
static int create_base(db *d, const opts *o, err *e)
{
	ledger_keys k;
	if (db_migrate(d, e)) return 1;
	if (db_begin(d, e)) return 1;
	char vault[4200];
	snprintf(vault, sizeof vault, "%s.vault.key", o->db);
	if (ledger_keys_create(d, o->key, &k, e) || case_vault_key_create(vault, e) || units_load_reference(d, e) ||
	    calendar_load_reference(d, e) || ratings_load_reference(d, e) || scores_load_reference(d, e) ||
	    biz_load_reference(d, e) ||
	    warn_load_reference(d, e) ||
	    duty_load_reference(d, e) || discipline_load_reference(d, e) ||
	    inspections_load_reference(d, e) || recordings_load_reference(d, e) ||
	    mark(d, "initialized_at", e)) {
		db_rollback(d);
		return 1;
	}
	sodium_memzero(&k, sizeof k);
	return db_commit(d, e) ? 1 : 0;
}

static void set_vault_path(const opts *o)
{
	char vault[4200];
	snprintf(vault, sizeof vault, "%s.vault.key", o->db);
	case_vault_set_key_path(vault);
}

/* <db>.checkpoints: every checkpoint issued, one line each (mode 0600). */
static const char *checkpoint_file(const char *dbpath)
{
	static char path[4200];
	snprintf(path, sizeof path, "%s.checkpoints", dbpath);
	return path;
}

/* Signs the head after a command that appended events, so that there is
 * always a checkpoint of the newest event (0, or 1 with a message). */
static int checkpoint_now(const char *dbpath, const char *keypath)
{
	db *d;
	err e = {0};
	ledger_keys k;
	ledger_checkpoint c;
	if (db_open(&d, dbpath, &e)) { fprintf(stderr, "minhbach: %s: %s\n", dbpath, e.en); return 1; }
	int rc = ledger_keys_load(keypath, &k, &e) || ledger_checkpoint_issue(d, &k, checkpoint_file(dbpath), &c, &e);
	sodium_memzero(&k, sizeof k);
	db_close(d);
	if (rc) fprintf(stderr, "minhbach: cannot sign a checkpoint of the ledger: %s\n", e.en ? e.en : "?");
	return rc ? 1 : 0;
}

static int open_db(const opts *o, db **d, bool create)
{
	err e = {0};
	set_vault_path(o);
	if (!create && access(o->db, R_OK) != 0) {
		fprintf(stderr, "minhbach: no database at %s (run `minhbach init` or `minhbach demo`)\n", o->db);
		return 2;
	}
	ensure_parent_dir(o->db);
	if (db_open(d, o->db, &e)) { fprintf(stderr, "minhbach: %s: %s\n", o->db, e.en); return 2; }
	return 0;
}

static int cmd_init(const opts *o)
{
	db *d;
	err e = {0};
	if (access(o->db, F_OK) == 0) { fprintf(stderr, "minhbach: %s already exists; init touches only a new database\n", o->db); return 1; }
	if (open_db(o, &d, true)) return 2;
	char pw[24];
	int rc = create_base(d, o, &e);
	if (!rc) {
		auth_role role = ROLE_ADMIN;
		if (db_begin(d, &e) ||
		    auth_account_create(d, &ledger_system, "admin", "Quản trị hệ thống", role, "ubnd-tinh-son-la", NULL, pw, &e) ||
		    db_commit(d, &e)) {
			db_rollback(d);
			rc = 1;
		}
	}
	db_close(d);
	if (rc) { fprintf(stderr, "minhbach: init failed: %s\n", e.en ? e.en : "?"); return 1; }
	if (checkpoint_now(o->db, o->key)) return 1;
	printf("Created %s and the signing key %s.\n", o->db, o->key);
	printf("Administrator: login `admin`, password `%s` (shown once: store it now).\n", pw);
	sodium_memzero(pw, sizeof pw);
	return 0;
}

static void print_demo(void)
{
	printf("Demo accounts (password for all: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0]; i++)
		printf("  %-14s %-24s %s\n", demo_accounts[i].login, demo_accounts[i].role, demo_accounts[i].unit);
}

/* demo --show: the codes and secrets printed when the demo database was made. */
static int demo_show(const opts *o)
{
	char path[4200];
	snprintf(path, sizeof path, "%s.demo", o->db);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "minhbach: %s has no demo listing (%s); a demo database made by `minhbach demo` has one\n",
		        o->db, path);
		return 1;
	}
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) fwrite(chunk, 1, n, stdout);
	fclose(f);
	print_demo();
	return 0;
}

static int cmd_demo(const opts *o)
{
	if (o->show) return demo_show(o);
	db *d;
	err e = {0};
	bool fresh = access(o->db, F_OK) != 0;
	if (open_db(o, &d, true)) return 2;
	int rc = 0;
	if (fresh || !is_initialized(d)) {
		if (!fresh) { fprintf(stderr, "minhbach: %s exists but is not initialized\n", o->db); db_close(d); return 1; }
		/* With a history, the base data is made at its start: the ledger stays in time order. */
		demo_history_opts ho = {.seed = o->seed, .days = (int)o->months * 30, .now = clock_now()};
		ho.dossiers = (int)o->months * 60;
		ho.cases = (int)o->months * 17;
		if (o->months) clock_simulate(ho.now - (int64_t)ho.days * 86400 - 3600);
		rc = create_base(d, o, &e);
		if (!rc && db_begin(d, &e)) rc = 1;
		if (!rc) {
			rc = units_load_demo_contacts(d, &e);
			if (!rc) rc = procedures_load_demo(d, &e);
			for (size_t i = 0; !rc && i < sizeof demo_accounts / sizeof demo_accounts[0]; i++) {
				auth_role role;
				auth_role_parse(demo_accounts[i].role, &role);
				rc = auth_account_create(d, &ledger_system, demo_accounts[i].login, demo_accounts[i].name, role,
				                         demo_accounts[i].unit, DEMO_PASSWORD, NULL, &e);
				if (!rc && *demo_accounts[i].title)
					rc = auth_account_set_title(d, &ledger_system, demo_accounts[i].login, demo_accounts[i].title, &e);
			}
			/* The unit's record names its head (units_head): the demo heads'
			 * accounts belong to the heads it names. */
			for (size_t i = 0; !rc && i < sizeof demo_accounts / sizeof demo_accounts[0]; i++)
				if (!strcmp(demo_accounts[i].role, "unit_head"))
					rc = units_demo_head(d, demo_accounts[i].unit, demo_accounts[i].name, demo_accounts[i].title, &e);
			if (!rc) rc = mark(d, "demo_loaded_at", &e);
			if (rc) db_rollback(d);
			else rc = db_commit(d, &e);
		}
		if (!rc && o->months) rc = demo_history(d, &ho, stdout, &e);
		clock_simulate(0);
		warn_run_summary ws;
		if (!rc) rc = warn_run(d, "cli", NULL, &ws, &e);   /* the early-warning signals of the history */
		if (rc) { fprintf(stderr, "minhbach: demo failed: %s\n", e.en ? e.en : "?"); db_close(d); return 1; }
		printf("Created %s with Sơn La's units, demo contacts, the procedure catalogue and demo accounts.\n", o->db);
		/* The codes and secrets are printed now and kept beside the database
		 * (<db>.demo, owner-only: demo data only), so that `demo --show`
		 * can print them again; real secrets are never kept anywhere. */
		char *listing = NULL;
		size_t listing_n = 0;
		FILE *ls = open_memstream(&listing, &listing_n);
		if (!ls) { db_close(d); return 1; }
		fprintf(ls, "Demo dossiers with results online (track them at /track, download the result there):\n");
		db_set_path(o->db);   /* the sample results are stored beside the database (<db>.files) */
		rc = delivery_load_demo(d, ls, &e);
		if (!rc) {
			fprintf(ls, "Demo dossiers (track them at /track with the code and the secret):\n");
			rc = dossier_load_demo(d, ls, &e);
		}
		if (!rc) {
			fprintf(ls, "Demo reports (follow them at /report/track with the code and the secret):\n");
			duty_hooks_install();   /* a conclusion at fault opens the head's item */
			rc = case_load_demo(d, ls, &e);
		}
		/* Obligations of the heads (some late, some overdue) and a discipline case in progress. */
		if (!rc) rc = duty_load_demo(d, &ledger_system, &e);
		if (!rc) rc = discipline_load_demo(d, &e);
		if (!rc) {
			fprintf(ls, "Demo inspections of businesses (/doanh-nghiep):\n");
			rc = biz_load_demo(d, ls, &e);
		}
		if (!rc) {
			fprintf(ls, "The demo citizen's own dossier (sign in as congdan, or congdan@example.vn, and open /me):\n");
			rc = citizen_load_demo(d, ls, &e);
		}
		/* The demo units' desks, and a planned and a concluded public-duty inspection (sign in as thanhtra, open /inspections). */
		if (!rc) rc = officials_load_demo(d, &e);
		if (!rc) rc = inspections_load_demo(d, &e);
		if (!rc) rc = recordings_load_demo(d, &e);
		fclose(ls);
		if (rc) {
			fprintf(stderr, "minhbach: the demo dossiers, reports or citizen's dossier failed: %s\n", e.en ? e.en : "?");
			free(listing);
			db_close(d);
			return 1;
		}
		fputs(listing, stdout);
		char path[4200];
		snprintf(path, sizeof path, "%s.demo", o->db);
		FILE *f = fopen(path, "w");
		if (!f || fputs(listing, f) < 0 || fclose(f) != 0)
			fprintf(stderr, "minhbach: cannot keep the demo listing in %s\n", path);
		free(listing);
		db_close(d);
		if (checkpoint_now(o->db, o->key)) return 1;
		print_demo();
		return 0;
	} else {
		if (db_migrate(d, &e) || calendar_ensure_reference(d, &e) || ratings_ensure_reference(d, &e) || scores_ensure(d, &e) ||
		    warn_ensure_reference(d, &e) || duty_ensure_reference(d, &e) || discipline_ensure_reference(d, &e) ||
		    inspections_ensure_reference(d, &e) || recordings_ensure_reference(d, &e)) {
			db_close(d);
			return 1;
		}
		printf("Using the existing database %s.\n", o->db);
	}
	db_close(d);
	print_demo();
	return 0;
}

static int cmd_verify(const opts *o)
{
	db *d;
	err e = {0};
	if (open_db(o, &d, false)) return 2;
	if (db_schema_version(d) < 14) {   /* sql/0014_checkpoints.sql; verify changes nothing */
		fprintf(stderr, "minhbach: %s predates the stored checkpoints: run `minhbach serve` once to upgrade it\n", o->db);
		db_close(d);
		return 2;
	}
	/* The public key from the key file when it is here (the database's copy
	 * could have been replaced with the database), else the database's. */
	ledger_keys k;
	bool have_key = ledger_keys_load(o->key, &k, &e) == 0;
	if (!have_key) fprintf(stderr, "minhbach: %s not readable: checking signatures with the public key stored in the database\n", o->key);
	e = (err){0};
	ledger_verify_opts vo = {have_key ? k.pk : NULL, checkpoint_file(o->db), o->checkpoints};
	ledger_verify_result v;
	int rc = ledger_verify_all(d, &vo, &v, &e);
	sodium_memzero(&k, sizeof k);
	db_close(d);
	if (rc) { fprintf(stderr, "minhbach: cannot verify the ledger: %s\n", e.en); return 2; }
	if (v.ok) {
		printf("ledger intact: %lld events, the latest checkpoint reached, every row of record matches its events\n",
		       (long long)v.events);
		return 0;
	}
	printf("%s\n", v.message);
	return 1;
}

/* `checkpoints export`: every stored checkpoint, one JSON line each. */
static int cmd_checkpoints(const opts *o)
{
	if (o->nargs != 1 || strcmp(o->args[0], "export")) {
		fputs("usage: minhbach checkpoints export [--db PATH]\n", stderr);
		return 2;
	}
	db *d;
	err e = {0};
	if (open_db(o, &d, false)) return 2;
	int rc = ledger_checkpoints_export(d, stdout, &e);
	db_close(d);
	if (rc) { fprintf(stderr, "minhbach: cannot read the checkpoints: %s\n", e.en); return 2; }
	return fflush(stdout) ? 2 : 0;
}

/* One file beside the database into DEST, when it exists (the keys). */
static int backup_file(const char *src, const char *dst, int64_t *bytes)
{
	err e = {0};
	int64_t n = 0;
	if (access(src, F_OK) != 0) { fprintf(stderr, "minhbach: %s does not exist: not copied\n", src); return 0; }
	if (db_copy_file(src, dst, &n, &e)) { fprintf(stderr, "minhbach: cannot copy %s to %s: %s\n", src, dst, e.en); return 1; }
	*bytes += n;
	return 0;
}

/* `backup DEST`: an online copy. The order makes the copy self-consistent:
 * the keys (they never change), then the database at one instant, then the
 * checkpoints file cut at the copy's latest checkpoint (the file is appended
 * before the table, so it holds every checkpoint of the copy), then the
 * attachment store (a file is stored before its row commits, so every file
 * the copy names is in the store by then). */
static int cmd_backup(const opts *o)
{
	if (o->nargs != 1 || !*o->args[0]) {
		fputs("minhbach: backup needs one destination folder: minhbach backup DEST [--db PATH]\n", stderr);
		return 2;
	}
	const char *dest = o->args[0];
	struct stat sd, ss;
	if (access(o->db, R_OK) != 0 || stat(o->db, &ss) != 0 || !S_ISREG(ss.st_mode)) {
		fprintf(stderr, "minhbach: no database at %s\n", o->db);
		return 2;
	}
	if (stat(dest, &sd) != 0 && (errno != ENOENT || mkdir(dest, 0700) != 0 || stat(dest, &sd) != 0)) {
		fprintf(stderr, "minhbach: cannot create the folder %s: %s\n", dest, strerror(errno));
		return 2;
	}
	if (!S_ISDIR(sd.st_mode)) { fprintf(stderr, "minhbach: %s is not a folder\n", dest); return 2; }
	if (access(dest, W_OK | X_OK) != 0) { fprintf(stderr, "minhbach: cannot write into %s\n", dest); return 2; }
	const char *slash = strrchr(o->db, '/');
	const char *base = slash ? slash + 1 : o->db;
	char srcdir[4096];
	snprintf(srcdir, sizeof srcdir, "%.*s", slash ? (int)(slash - o->db) + (slash == o->db) : 1, slash ? o->db : ".");
	struct stat sdir;
	if (stat(srcdir, &sdir) == 0 && sdir.st_dev == sd.st_dev && sdir.st_ino == sd.st_ino) {
		fprintf(stderr, "minhbach: %s is the database's own folder: the copy would replace it\n", dest);
		return 2;
	}
	char out[4200], src[4200], dst[4300];
	if ((size_t)snprintf(out, sizeof out, "%s/%s", dest, base) >= sizeof out) {
		fputs("minhbach: the destination path is too long\n", stderr);
		return 2;
	}
	int64_t bytes = 0, n = 0;
	err e = {0};
	snprintf(dst, sizeof dst, "%s.key", out);
	if (backup_file(o->key, dst, &bytes)) return 1;
	snprintf(src, sizeof src, "%s.vault.key", o->db);
	snprintf(dst, sizeof dst, "%s.vault.key", out);
	if (backup_file(src, dst, &bytes)) return 1;

	if (db_backup(o->db, out, &n, &e)) { fprintf(stderr, "minhbach: cannot copy %s to %s: %s\n", o->db, out, e.en); return 1; }
	bytes += n;

	db *d;
	int64_t events = 0;
	char head[65];
	int lines = 0;
	if (db_open(&d, out, &e)) { fprintf(stderr, "minhbach: %s: %s\n", out, e.en); return 1; }
	snprintf(dst, sizeof dst, "%s.checkpoints", out);
	int rc = ledger_head(d, &events, head, &e) || ledger_checkpoint_file_copy(d, checkpoint_file(o->db), dst, &lines, &n, &e);
	db_close(d);
	if (rc) { fprintf(stderr, "minhbach: cannot copy the checkpoints: %s\n", e.en ? e.en : "?"); return 1; }
	bytes += n;

	int copied = 0, present = 0;
	snprintf(src, sizeof src, "%s.files", o->db);
	snprintf(dst, sizeof dst, "%s.files", out);
	if (db_files_copy(src, dst, &copied, &present, &n, &e)) {
		fprintf(stderr, "minhbach: cannot copy the attachments to %s: %s\n", dst, e.en);
		return 1;
	}
	bytes += n;
	int rcopied = 0, rpresent = 0;
	snprintf(src, sizeof src, "%s.recordings", o->db);
	snprintf(dst, sizeof dst, "%s.recordings", out);
	if (db_files_copy(src, dst, &rcopied, &rpresent, &n, &e)) {
		fprintf(stderr, "minhbach: cannot copy the counter recordings to %s: %s\n", dst, e.en);
		return 1;
	}
	bytes += n;
	printf("backup %s: %lld events, %d checkpoints, %d attachment files (%d copied, %d already there), "
	       "%d recordings (%d copied), %lld bytes written\n",
	       out, (long long)events, lines, copied + present, copied, present, rcopied + rpresent, rcopied, (long long)bytes);
	return 0;
}

/* `import procedures FILE.csv`: the database must exist and be initialized. */
static int cmd_import(const opts *o)
{
	if (o->nargs != 2) {
		fputs("usage: minhbach import procedures FILE.csv [--db PATH]\n", stderr);
		return 2;
	}
	if (strcmp(o->args[0], "procedures")) {
		fprintf(stderr, "minhbach: cannot import %s: the only kind is `procedures`\n", o->args[0]);
		return 2;
	}
	db *d;
	err e = {0};
	if (open_db(o, &d, false)) return 2;
	if (db_migrate(d, &e)) { fprintf(stderr, "minhbach: %s: %s\n", o->db, e.en); db_close(d); return 2; }
	if (!is_initialized(d)) {
		fprintf(stderr, "minhbach: %s is not initialized (run `minhbach init` or `minhbach demo`)\n", o->db);
		db_close(d);
		return 2;
	}
	db_close(d);
	int rc = procedures_import_cli(o->db, o->args[1]);
	if (rc == 0 && checkpoint_now(o->db, o->key)) return 1;
	return rc;
}

/* `mail-import MAILDIR [--db PATH] [--unit CODE]`: its own options (--unit). */
static int cmd_mail_import(int argc, char **argv)
{
	const char *dbp = env_or("MINHBACH_DB", "var/minhbach.db"), *unit = NULL;
	static const struct option lo[] = {
		{"db", required_argument, 0, 'd'}, {"unit", required_argument, 0, 'u'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': dbp = optarg; break;
		case 'u': unit = optarg; break;
		case 'h':
			cmd_help_print("mail-import", stdout);
			return 0;
		default: return 2;
		}
	}
	if (argc - optind != 1) {
		fputs("usage: minhbach mail-import MAILDIR [--db PATH] [--unit UNIT_CODE]\n", stderr);
		return 2;
	}
	int rc = mail_import_cli(dbp, argv[optind], unit);
	if (rc != 2) {
		char key[4200];
		snprintf(key, sizeof key, "%s", env_or("MINHBACH_KEY", ""));
		if (!*key) snprintf(key, sizeof key, "%s.key", dbp);
		if (checkpoint_now(dbp, key)) return rc ? rc : 1;
	}
	return rc;
}

/* `open311-key create|revoke NAME`: the database must exist and be initialized. */
static int cmd_open311_key(const opts *o)
{
	db *d;
	err e = {0};
	if (open_db(o, &d, false)) return 2;
	if (db_migrate(d, &e) || !is_initialized(d)) {
		fprintf(stderr, "minhbach: %s is not initialized (run `minhbach init` or `minhbach demo`)\n", o->db);
		db_close(d);
		return 2;
	}
	int rc = open311_key_cli(d, o->nargs, o->args);
	db_close(d);
	if (rc == 0 && checkpoint_now(o->db, o->key)) return 1;
	return rc;
}

/* The name of a route permission, for `minhbach routes`. */
static const char *perm_name(int perm)
{
	switch (perm) {
	case 0: return "nobody";
	case WEB_PUBLIC: return "public";
	case AUTH_P_SIGNED_IN: return "signed_in";
	case AUTH_P_UNIT_EDITOR: return "unit_editor";
	case AUTH_P_ADMIN: return "admin";
	case AUTH_P_INSPECTOR: return "inspector";
	case AUTH_P_SESSION: return "session";
	case AUTH_P_DOSSIERS: return "dossiers";
	default: return "unknown";
	}
}

/* `routes [--json]`: every route the server registers, with its permission and
 * the roles the permission admits (handlers may narrow it further). */
static int cmd_routes(int argc, char **argv)
{
	bool as_json = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) as_json = true;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			for (size_t k = 0; k < sizeof cmd_help / sizeof cmd_help[0]; k++)
				if (!strcmp(cmd_help[k][0], "routes")) fputs(cmd_help[k][1], stdout);
			return 0;
		} else { fprintf(stderr, "minhbach: unexpected argument %s\n", argv[i]); return 2; }
	}
	static ledger_keys keys;
	app_install(&keys, NULL);
	size_t n;
	const web_route *rt = web_routes(&n);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *roles = json_array();
		for (int k = 0; k < ROLE__MAX; k++)
			if (rt[i].perm && (strcmp(rt[i].method, "GET") ? auth_rules_perm_write((auth_role)k, rt[i].perm)
			                                               : auth_rules_perm((auth_role)k, rt[i].perm))) json_array_append_new(roles, json_string(auth_role_name((auth_role)k)));
		if (as_json)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:b, s:o}", "method", rt[i].method, "pattern", rt[i].pattern,
			                                     "permission", perm_name(rt[i].perm),
			                                     "anonymous", rt[i].perm == WEB_PUBLIC, "roles", roles));
		else {
			printf("%-6s %-45s %s\n", rt[i].method, rt[i].pattern, perm_name(rt[i].perm));
			json_decref(roles);
		}
	}
	if (as_json) {
		char *s = json_dumps(arr, JSON_INDENT(1));
		if (s) { puts(s); free(s); }
	}
	json_decref(arr);
	return 0;
}

/* minhbach scores --db F --unit CODE --period P [--json]: every figure of a
 * unit recomputed from the raw tables (scores_recompute), not the counters. */
static int cmd_scores(int argc, char **argv)
{
	const char *dbpath = env_or("MINHBACH_DB", "var/minhbach.db"), *unit = NULL, *period = NULL;
	bool json = false;
	static const struct option lo[] = {
		{"db", required_argument, 0, 'd'}, {"unit", required_argument, 0, 'u'}, {"period", required_argument, 0, 'p'},
		{"json", no_argument, 0, 'j'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'u': unit = optarg; break;
		case 'p': period = optarg; break;
		case 'j': json = true; break;
		case 'h':
			cmd_help_print("scores", stdout);
			return 1;
		default: return 2;
		}
	}
	if (access(dbpath, R_OK) != 0) { fprintf(stderr, "minhbach: no database at %s\n", dbpath); return 2; }
	return scores_cli(dbpath, unit, period, json);
}

static int cmd_warn(int argc, char **argv)
{
	const char *dbpath = env_or("MINHBACH_DB", "var/minhbach.db");
	bool json = false;
	static const struct option lo[] = {
		{"db", required_argument, 0, 'd'}, {"json", no_argument, 0, 'j'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'j': json = true; break;
		case 'h':
			cmd_help_print("warn", stdout);
			return 0;
		default: return 2;
		}
	}
	if (access(dbpath, R_OK) != 0) { fprintf(stderr, "minhbach: no database at %s\n", dbpath); return 2; }
	return warn_cli(dbpath, json);
}

/* `duty-tick [--db PATH] [--at TIME]`: one pass of the obligations' job. */
static int cmd_duty_tick(int argc, char **argv)
{
	const char *dbpath = env_or("MINHBACH_DB", "var/minhbach.db"), *at = NULL;
	static const struct option lo[] = {
		{"db", required_argument, 0, 'd'}, {"at", required_argument, 0, 'a'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'a': at = optarg; break;
		case 'h':
			cmd_help_print("duty-tick", stdout);
			return 0;
		default: return 2;
		}
	}
	int64_t now = at ? clock_parse_iso(at) : clock_now();
	if (now < 0) { fputs("minhbach: --at must be an ISO 8601 UTC time (2027-01-31T03:00:00Z)\n", stderr); return 2; }
	if (access(dbpath, R_OK) != 0) { fprintf(stderr, "minhbach: no database at %s\n", dbpath); return 2; }
	err e = {0};
	db *d = cmd_open_db(dbpath, &e);
	if (!d) return 1;
	int changed = 0;
	int rc = duty_tick(d, now, &changed, &e);
	db_close(d);
	if (rc) { fprintf(stderr, "minhbach: the obligations' pass failed: %s\n", e.en ? e.en : "?"); return 1; }
	printf("%d\n", changed);
	return 0;
}

/* `search-upkeep [--db PATH]`: the search index merged now, to the end. */
static int cmd_search_upkeep(int argc, char **argv)
{
	const char *dbpath = env_or("MINHBACH_DB", "var/minhbach.db");
	static const struct option lo[] = {{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'h':
			cmd_help_print("search-upkeep", stdout);
			return 0;
		default: return 2;
		}
	}
	if (access(dbpath, R_OK) != 0) { fprintf(stderr, "minhbach: no database at %s\n", dbpath); return 2; }
	err e = {0};
	db *d = cmd_open_db(dbpath, &e);
	if (!d) return 1;
	results_upkeep u;
	int rc = results_search_upkeep(d, INT_MAX, 0, &u, &e);
	db_close(d);
	if (rc) { fprintf(stderr, "minhbach: the search index upkeep failed: %s\n", e.en ? e.en : "?"); return 1; }
	printf("search index merged: %d steps in %lld ms\n", u.steps, (long long)u.ms);
	return 0;
}

/* `recordings-ingest DIR [--db PATH] [--settle S]` and `recordings-purge [--db PATH] [--at TIME]`:
 * one pass of the recordings' job, on the folder given or on the retention. */
static int cmd_recordings(const char *cmd, int argc, char **argv)
{
	const char *dbpath = env_or("MINHBACH_DB", "var/minhbach.db"), *at = NULL;
	int settle = -1;
	static const struct option lo[] = {
		{"db", required_argument, 0, 'd'}, {"at", required_argument, 0, 'a'}, {"settle", required_argument, 0, 's'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	bool ingest = !strcmp(cmd, "recordings-ingest");
	int c;
	unsigned v;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'a': at = optarg; break;
		case 's':
			if (parse_uint(optarg, 86400, &v)) { fprintf(stderr, "minhbach: bad --settle %s\n", optarg); return 2; }
			settle = (int)v;
			break;
		case 'h':
			cmd_help_print(cmd, stdout);
			return 0;
		default: return 2;
		}
	}
	if (ingest != (optind + 1 == argc) || (!ingest && optind != argc)) {
		cmd_help_print(cmd, stderr);
		return 2;
	}
	int64_t now = at ? clock_parse_iso(at) : clock_now();
	if (now < 0) { fputs("minhbach: --at must be an ISO 8601 UTC time (2027-06-01T03:00:00Z)\n", stderr); return 2; }
	if (access(dbpath, R_OK) != 0) { fprintf(stderr, "minhbach: no database at %s\n", dbpath); return 2; }
	db *d;
	err e = {0};
	if (db_open(&d, dbpath, &e) || db_migrate(d, &e) || recordings_ensure_reference(d, &e)) {
		fprintf(stderr, "minhbach: cannot open %s: %s\n", dbpath, e.en ? e.en : "?");
		return 1;
	}
	db_set_path(dbpath);
	int a = 0, b = 0, rc;
	if (ingest) rc = recordings_ingest_dir(d, argv[optind], settle, &a, &b, &e);
	else rc = recordings_purge(d, now, &a, &e);
	db_close(d);
	if (rc) { fprintf(stderr, "minhbach: %s failed: %s\n", cmd, e.en ? e.en : "?"); return 1; }
	if (ingest) printf("%d stored, %d rejected\n", a, b);
	else printf("%d deleted\n", a);
	return 0;
}

static int cmd_serve(const opts *o)
{
	db *d;
	err e = {0};
	if (open_db(o, &d, false)) return 2;
	if (db_migrate(d, &e)) { db_close(d); return 1; }
	if (!is_initialized(d)) {
		fprintf(stderr, "minhbach: %s is not initialized (run `minhbach init` or `minhbach demo`)\n", o->db);
		db_close(d);
		return 1;
	}
	/* Rows of record of a database older than the row digests: adopted once. */
	int adopted = 0;
	if (ledger_adopt_rows(d, &adopted, &e)) {
		fprintf(stderr, "minhbach: cannot record the rows of record in the ledger: %s\n", e.en);
		db_close(d);
		return 1;
	}
	if (adopted) log_msg(LOG_INFO, "ledger", "%d rows of record adopted into the ledger", adopted);
	/* Reference data a newer version brings to an older database. */
	if (calendar_ensure_reference(d, &e) || ratings_ensure_reference(d, &e) || warn_ensure_reference(d, &e) ||
	    duty_ensure_reference(d, &e) || discipline_ensure_reference(d, &e) ||
	    inspections_ensure_reference(d, &e) || recordings_ensure_reference(d, &e)) {
		fprintf(stderr, "minhbach: cannot load the reference holidays, rating criteria, early-warning rules, obligations' rules, discipline data, public-duty checklist or recordings' rules: %s\n", e.en);
		db_close(d);
		return 1;
	}
	if (scores_ensure(d, &e)) {
		fprintf(stderr, "minhbach: cannot prepare the scores: %s\n", e.en ? e.en : "?");
		db_close(d);
		return 1;
	}
	db_close(d);
	if (checkpoint_now(o->db, o->key)) return 1;   /* a checkpoint of the head before serving */
	static ledger_keys keys;
	if (ledger_keys_load(o->key, &keys, &e)) { fprintf(stderr, "minhbach: %s: %s\n", o->key, e.en); return 1; }
	if (i18n_init()) return 1;
	db_set_path(o->db);
	set_vault_path(o);

	app_install(&keys, checkpoint_file(o->db));

	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	web_config cfg = {o->listen, o->port, o->threads, o->trusted_proxy, o->workers, o->queue_max,
	                  o->max_connections, o->per_ip_limit, o->header_deadline};
	unsigned port = 0;
	if (web_start(&cfg, &port)) {
		if (web_port_in_use(o->listen, o->port))
			fprintf(stderr, "minhbach: port %u on %s is already in use (another minhbach, or another program).\n"
			        "  Choose another port: make run PORT=%u, or minhbach serve --port %u\n",
			        o->port, o->listen, o->port + 1, o->port + 1);
		else
			fprintf(stderr, "minhbach: cannot listen on %s:%u\n", o->listen, o->port);
		return 1;
	}
	dossier_jobs_start(60);
	cases_jobs_start(60);
	duty_jobs_start(60);
	mail_jobs_start(30);
	audit_jobs_start(300);   /* a checkpoint of the head at start, then every 5 minutes if it moved */
	warn_jobs_start(600);    /* the early-warning run, once a Vietnam day between 01:00 and 05:00 */
	results_jobs_start(600); /* the search index merged, once a Vietnam night between 01:00 and 05:00 */
	recordings_jobs_start(o->recordings_dir, 60);   /* the watched folder, and the end of retention */
	log_msg(LOG_INFO, "main", "serving %s on %s:%u with %u threads", o->db, o->listen, port, o->threads);
	printf("listening on http://%s:%u\n", o->listen, port);
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	log_msg(LOG_INFO, "main", "received %s, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
	/* Every running query is interrupted at once (its request answers 503),
	 * so the stop waits for no long request and no background job. */
	db_stop_all();
	web_stop();
	dossier_jobs_stop();
	cases_jobs_stop();
	duty_jobs_stop();
	mail_jobs_stop();
	audit_jobs_stop();
	warn_jobs_stop();
	results_jobs_stop();
	recordings_jobs_stop();
	sodium_memzero(&keys, sizeof keys);
	log_msg(LOG_INFO, "main", "stopped");
	return 0;
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) { fputs("minhbach: cannot initialise libsodium\n", stderr); return 2; }
	/* Everything this program creates (database, keys, attachments, exports)
	 * holds personal data or secrets: owner only. */
	umask(077);
	if (argc < 2) { usage(stderr); return 2; }
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--version")) { printf("minhbach %s\n", MB_VERSION); return 0; }
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) { usage(stdout); return 0; }
	if (!strcmp(cmd, "mail-import")) return cmd_mail_import(argc - 1, argv + 1);
	if (!strcmp(cmd, "routes")) return cmd_routes(argc - 1, argv + 1);
	if (!strcmp(cmd, "scores")) return cmd_scores(argc - 1, argv + 1);
	if (!strcmp(cmd, "warn")) return cmd_warn(argc - 1, argv + 1);
	if (!strcmp(cmd, "duty-tick")) return cmd_duty_tick(argc - 1, argv + 1);
	if (!strcmp(cmd, "search-upkeep")) return cmd_search_upkeep(argc - 1, argv + 1);
	if (!strcmp(cmd, "recordings-ingest") || !strcmp(cmd, "recordings-purge")) return cmd_recordings(cmd, argc - 1, argv + 1);
	opts o;
	int (*fn)(const opts *) = !strcmp(cmd, "serve") ? cmd_serve : !strcmp(cmd, "init") ? cmd_init :
	                          !strcmp(cmd, "demo") ? cmd_demo : !strcmp(cmd, "verify") ? cmd_verify :
	                          !strcmp(cmd, "import") ? cmd_import :
	                          !strcmp(cmd, "open311-key") ? cmd_open311_key :
	                          !strcmp(cmd, "checkpoints") ? cmd_checkpoints :
	                          !strcmp(cmd, "backup") ? cmd_backup : NULL;
	if (!fn) { fprintf(stderr, "minhbach: unknown command %s\n", cmd); usage(stderr); return 2; }
	int rc = parse_opts(argc - 1, argv + 1, cmd, &o);
	if (rc == 1) return 0;   /* --help */
	if (rc) return rc;
	return fn(&o);
}
