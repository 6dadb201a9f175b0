/* SPDX-License-Identifier: GPL-2.0 */
/* The two views of an audit: the report for people and the JSON document. */
#ifndef BINDGUARD_AUDIT_REPORT_H
#define BINDGUARD_AUDIT_REPORT_H

#include "audit/audit_model.h"
#include "lib/strbuf.h"

void audit_report_text(struct strbuf *sb, const struct audit *a);
void audit_report_json(struct strbuf *sb, const struct audit *a);

#endif
