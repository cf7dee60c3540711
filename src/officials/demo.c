/* demo.c — the demo units' desks and the demo officials' desks. */
#include "ledger/ledger.h"
#include "officials/officials.h"

int officials_load_demo(db *d, err *e)
{
	static const struct { const char *unit, *vi, *en; } desks[] = {
		{"phuong-chieng-coi", "Quầy 1 — Bộ phận Một cửa", "Desk 1 — One-stop shop"},
		{"phuong-chieng-coi", "Quầy 2 — Tư pháp - Hộ tịch", "Desk 2 — Justice and civil status"},
		{"phuong-chieng-coi", "Quầy 3 — Địa chính - Xây dựng", "Desk 3 — Land and construction"},
		{"so-y-te", "Quầy 1 — Tiếp nhận hồ sơ hành nghề y, dược", "Desk 1 — Medical and pharmacy practice licences"},
	};
	static const struct { const char *login; int desk; } served[] = {{"motcua", 0}, {"xuly", 1}};
	arena a;
	arena_init(&a);
	auth_actor admin = {.id = 0, .role = ROLE_ADMIN, .ledger = ledger_system};
	int64_t ids[sizeof desks / sizeof desks[0]];
	int rc = 0;
	/* The demo administrator makes them (auth_can asks its role and the unit). */
	auth_actor q;
	int found = auth_actor_load(d, "quantri", &a, &q, e);
	if (found < 0) rc = found;
	const auth_actor *by = found == 1 ? &q : &admin;
	for (size_t i = 0; !rc && i < sizeof desks / sizeof desks[0]; i++)
		rc = officials_desk_create(d, by, desks[i].unit, desks[i].vi, desks[i].en, &ids[i], e);
	for (size_t i = 0; !rc && i < sizeof served / sizeof served[0]; i++)
		rc = officials_set(d, by, served[i].login, NULL, &ids[served[i].desk], 1, &a, e);
	arena_free(&a);
	return rc;
}
