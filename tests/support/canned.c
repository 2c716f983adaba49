/* SPDX-License-Identifier: BSD-3-Clause */
/* canned.c -- test answers and evidence from text (see canned.h). */
#include "tests/support/canned.h"

#include "common/msg.h"

#include <check.h>
#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

static void
push_rrs(ldns_pkt *pkt, ldns_pkt_section sec, const char *text)
{
	char *copy, *save = NULL, *one;

	if (text == NULL || *text == '\0')
		return;
	copy = strdup(text);
	ck_assert_ptr_nonnull(copy);
	for (one = strtok_r(copy, ";", &save); one != NULL;
	     one = strtok_r(NULL, ";", &save)) {
		ldns_rr *rr = NULL;

		while (*one == ' ')
			one++;
		if (*one == '\0')
			continue;
		ck_assert_msg(ldns_rr_new_frm_str(&rr, one, 3600, NULL, NULL) ==
		                  LDNS_STATUS_OK,
		              "canned record: %s", one);
		ldns_pkt_push_rr(pkt, sec, rr);
	}
	free(copy);
}

struct th_answer *
canned_answer(const char *qname, uint16_t qtype, unsigned flags, unsigned rcode,
              const char *answer, const char *authority, const char *additional)
{
	ldns_pkt *pkt = NULL;
	uint8_t *wire = NULL;
	size_t len = 0;
	struct th_answer *a;

	ck_assert_int_eq(
	    ldns_pkt_query_new_frm_str(&pkt, qname, qtype, LDNS_RR_CLASS_IN, 0),
	    LDNS_STATUS_OK);
	ldns_pkt_set_id(pkt, 4242);
	ldns_pkt_set_qr(pkt, true);
	ldns_pkt_set_aa(pkt, (flags & CANNED_AA) != 0);
	ldns_pkt_set_tc(pkt, (flags & CANNED_TC) != 0);
	ldns_pkt_set_rd(pkt, (flags & CANNED_RD) != 0);
	ldns_pkt_set_rcode(pkt, (uint8_t)(rcode & 0xf));
	push_rrs(pkt, LDNS_SECTION_ANSWER, answer);
	push_rrs(pkt, LDNS_SECTION_AUTHORITY, authority);
	push_rrs(pkt, LDNS_SECTION_ADDITIONAL, additional);
	if (flags & CANNED_EDNS) {
		ldns_pkt_set_edns_udp_size(pkt, 1232);
		ldns_pkt_set_edns_do(pkt, (flags & CANNED_DO) != 0);
		ldns_pkt_set_edns_extended_rcode(pkt, (uint8_t)(rcode >> 4));
	}
	ck_assert_int_eq(ldns_pkt2wire(&wire, pkt, &len), LDNS_STATUS_OK);
	a = th_ev_make_answer(TH_OUT_ANSWER, wire, len);
	ck_assert_ptr_nonnull(a);
	free(wire);
	ldns_pkt_free(pkt);
	return a;
}

struct th_answer *
canned_outcome(enum th_outcome o)
{
	struct th_answer *a = th_ev_make_answer(o, NULL, 0);

	ck_assert_ptr_nonnull(a);
	return a;
}

struct th_dname
canned_name(const char *text)
{
	struct th_dname n;
	enum th_dname_reason why;

	ck_assert_msg(th_dname_parse(&n, text, strlen(text), NULL, &why) == 0,
	              "canned name: %s", text);
	return n;
}

struct th_addr
canned_addr(const char *ip)
{
	struct th_addr a;

	ck_assert_msg(th_addr_parse(&a, ip, 53) == 0, "canned address: %s", ip);
	return a;
}

void
canned_reply(struct th_evidence *ev, const char *server_ip, enum th_qflavor f,
             const char *qname, uint16_t qtype, struct th_answer *a)
{
	struct th_addr s = canned_addr(server_ip);
	struct th_dname n = canned_name(qname);

	ck_assert_int_eq(th_ev_add_reply(ev, &s, f, &n, qtype, a), 0);
	th_answer_unref(a);
}

struct th_ev_ns *
canned_ns(struct th_evidence *ev, const char *name, uint8_t src,
          const char *addrs)
{
	struct th_dname n = canned_name(name);
	struct th_ev_ns *ns = th_ev_ns_add(&ev->ns, &n, src);
	char *copy, *save = NULL, *one;

	ck_assert_ptr_nonnull(ns);
	if (addrs == NULL)
		return ns;
	copy = strdup(addrs);
	ck_assert_ptr_nonnull(copy);
	for (one = strtok_r(copy, ",", &save); one != NULL;
	     one = strtok_r(NULL, ",", &save)) {
		struct th_addr a = canned_addr(one);

		th_ev_ns_add_addr(ns, &a);
	}
	free(copy);
	return ns;
}
