/* pages.h — what the cases room's public pages (pages.c) and staff pages
 * (pages_staff.c) share (internal to cases/). Everything writes into the
 * request's response with the escaping writer; strings come from r->a. */
#ifndef MB_CASES_PAGES_H
#define MB_CASES_PAGES_H

#include "cases/web.h"

bool cp_en(web_req *r);
/* "27/11/2026 10:20" (Vietnam time), "—" for 0. */
const char *cp_when(web_req *r, int64_t t);
/* Translated labels of stored names (the name itself when unknown). */
const char *cp_kind_label(web_req *r, const char *kind);
const char *cp_state_label(web_req *r, const char *state);
const char *cp_category_label(web_req *r, const char *category);
const char *cp_channel_label(web_req *r, const char *channel);
/* "5 ngày làm việc", "30 ngày". */
const char *cp_days(web_req *r, int days, cal_unit unit);
void cp_state_badge(web_req *r, const char *state);
/* On time, at risk, overdue (or no clock running) of a case. */
void cp_risk_badge(web_req *r, const case_row *row);
/* The timeline: state, unit, official (name and position), from, until,
 * due, on time or late. Officials are public; the reporter is never named. */
void cp_steps_table(web_req *r, db *d, const case_row *row);
/* The published result and, when the unit was at fault, its apology. */
void cp_result_block(web_req *r, db *d, const case_row *row);
/* The report form: public (/report) or staff entry (/cases/new, with the
 * channel). e: the error to show next to its field, values from the form. */
void cp_report_form(web_req *r, bool staff, const err *e);
/* The report form's fields as a command input (uploads included). */
int  cp_report_input(web_req *r, bool staff, case_input *in, err *e);
/* The page after a case is received: code, passphrase once, due date, what
 * happens next and the signed receipt. */
int  cp_receipt_page(web_req *r, const case_result *res, bool staff);
/* A filed report's answer: 303 to /report/receipt, which shows the passphrase once. */
int  cp_receipt_answer(web_req *r, const case_result *res, bool staff);

void cases_pages_staff_install(void);   /* pages_staff.c */

#endif
