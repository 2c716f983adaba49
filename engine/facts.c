/* SPDX-License-Identifier: BSD-3-Clause */
/* facts.c -- survey facts from evidence (see facts.h). */
#include "engine/facts.h"

#include "common/msg.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const class_names[] = {
#define TH_SC_NAME(name) #name,
    TH_SERVER_CLASS_MAP(TH_SC_NAME)
#undef TH_SC_NAME
};

const char *
th_server_class_name(enum th_server_class c)
{
	return (unsigned)c < TH_SC__COUNT ? class_names[c] : "?";
}

const char *
th_share_name(enum th_share s)
{
	return s == TH_SHARE_FULL      ? "full"
	       : s == TH_SHARE_PARTIAL ? "partial"
	                               : "none";
}

/* The class of one server from its reply to the SOA query. */
static enum th_server_class
classify(const struct th_evidence *ev, const struct th_addr *ip,
         enum th_qflavor f, uint32_t *serial, bool *has_serial)
{
	const struct th_answer *a =
	    th_ev_reply(ev, ip, f, &ev->domain, TH_T_SOA);
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;

	*has_serial = false;
	if (a == NULL)
		return TH_SC_UNKNOWN;
	if (a->outcome == TH_OUT_TIMEOUT || a->outcome == TH_OUT_NETWORK_ERROR)
		return TH_SC_TIMEOUT;
	if (a->outcome != TH_OUT_ANSWER ||
	    th_msg_parse(&m, a->wire, a->len, NULL) != 0)
		return TH_SC_UNKNOWN;
	switch (m.rcode) {
	case TH_RCODE_NOERROR:
		break;
	case TH_RCODE_REFUSED:
		return TH_SC_REFUSED;
	case TH_RCODE_SERVFAIL:
		return TH_SC_SERVFAIL;
	case TH_RCODE_NXDOMAIN:
		return TH_SC_NXDOMAIN;
	default:
		return TH_SC_UNKNOWN;
	}
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr)) {
		struct th_soa soa;

		if (rr.type == TH_T_SOA &&
		    th_dname_equal(&rr.owner, &ev->domain) &&
		    th_msg_soa(&m, &rr, &soa) == 0) {
			*serial = soa.serial;
			*has_serial = true;
		}
	}
	return (m.flags & TH_MSG_AA) ? TH_SC_AA : TH_SC_NOAA;
}

/* Whether an NS name is an alias (DELEGATION05's evidence). */
static bool
is_alias(const struct th_evidence *ev, const struct th_ev_ns *ns)
{
	const struct th_ev_lookup *l = th_ev_lookup(ev, &ns->name, TH_T_A);

	return l != NULL && l->cnames > 0;
}

static bool
is_lame(enum th_server_class c)
{
	return c == TH_SC_NOAA || c == TH_SC_REFUSED || c == TH_SC_SERVFAIL ||
	       c == TH_SC_NXDOMAIN;
}

/* Whether the server replied, whatever it said. */
static bool
answered(enum th_server_class c)
{
	return c != TH_SC_TIMEOUT && c != TH_SC_UNKNOWN &&
	       c != TH_SC_UNKNOWN_HOST;
}

static enum th_share
share(size_t some, size_t all)
{
	return some == 0     ? TH_SHARE_NONE
	       : some == all ? TH_SHARE_FULL
	                     : TH_SHARE_PARTIAL;
}

/* Names in a fact list sort as text, bytewise: what a reader expects. */
static int
cmp_name(const void *a, const void *b)
{
	char x[TH_DNAME_STRLEN], y[TH_DNAME_STRLEN];

	if (th_dname_to_str(a, x, sizeof(x)) != 0 ||
	    th_dname_to_str(b, y, sizeof(y)) != 0)
		return th_dname_cmp(a, b);
	return strcmp(x, y);
}

/* edns.*: every tested address; untested ones count for nothing. */
static void
edns_facts(const struct th_evidence *ev, struct th_facts *f)
{
	struct th_ednscomp ec[TH_FACTS_MAXSERVERS];
	size_t n = th_ednscomp_all(ev, ec, TH_FACTS_MAXSERVERS);

	for (size_t i = 0; i < n; i++) {
		struct th_fact_edns *e;

		if (ec[i].verdict == TH_ECV_UNTESTED)
			continue;
		e = &f->edns[f->nedns++];
		e->addr = ec[i].addr;
		e->verdict = ec[i].verdict;
		memcpy(e->test, ec[i].test, sizeof(e->test));
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Scan the plain replies of every server for MX and SPF at the apex. */
static void
mail_facts(const struct th_evidence *ev, struct th_facts *f)
{
	for (size_t i = 0; i < ev->nreplies; i++) {
		const struct th_ev_reply *r = &ev->replies[i];
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;

		if (r->flavor != TH_QF_PLAIN || r->ans == NULL ||
		    r->ans->outcome != TH_OUT_ANSWER ||
		    (r->qtype != TH_T_MX && r->qtype != TH_T_TXT) ||
		    !th_dname_equal(&r->qname, &ev->domain) ||
		    th_msg_parse(&m, r->ans->wire, r->ans->len, NULL) != 0 ||
		    !(m.flags & TH_MSG_AA))
			continue;
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr)) {
			const uint8_t *rd = th_msg_rdata(&m, &rr);

			if (!th_dname_equal(&rr.owner, &ev->domain))
				continue;
			if (rr.type == TH_T_MX)
				f->mx = true;
			/* First character-string starts "v=spf1". */
			if (rr.type == TH_T_TXT && rr.rdlen >= 7 &&
			    rd[0] >= 6 &&
			    strncasecmp((const char *)rd + 1, "v=spf1", 6) ==
			        0 &&
			    (rd[0] == 6 || rd[7] == ' '))
				f->spf = true;
		}
	}
}

const char *
th_dmarc_policy_name(enum th_dmarc_policy p)
{
	switch (p) {
	case TH_DMARC_NONE:
		return "none";
	case TH_DMARC_QUARANTINE:
		return "quarantine";
	case TH_DMARC_REJECT:
		return "reject";
	default:
		return NULL;
	}
}

/* An authoritative plain answer to (qname, qtype), parsed into m. */
static bool
aa_answer(const struct th_ev_reply *r, const struct th_dname *qname,
          uint16_t qtype, struct th_msg *m)
{
	return r->flavor == TH_QF_PLAIN && r->ans != NULL &&
	       r->ans->outcome == TH_OUT_ANSWER && r->qtype == qtype &&
	       th_dname_equal(&r->qname, qname) &&
	       th_msg_parse(m, r->ans->wire, r->ans->len, NULL) == 0 &&
	       (m->flags & TH_MSG_AA);
}

/*
 * The p= tag of a DMARC record's first character-string (RFC 7489 6.3:
 * tag-value pairs separated by ';', v=DMARC1 first).
 */
static uint8_t
dmarc_policy(const uint8_t *rd, size_t len)
{
	char text[256];
	size_t n = rd[0] < len - 1 ? rd[0] : len - 1;
	char *save = NULL, *tok;

	memcpy(text, rd + 1, n);
	text[n] = '\0';
	for (tok = strtok_r(text, ";", &save); tok != NULL;
	     tok = strtok_r(NULL, ";", &save)) {
		while (*tok == ' ' || *tok == '\t')
			tok++;
		if (strncasecmp(tok, "p", 1) != 0)
			continue;
		tok++;
		while (*tok == ' ' || *tok == '\t')
			tok++;
		if (*tok++ != '=')
			continue;
		while (*tok == ' ' || *tok == '\t')
			tok++;
		if (strncasecmp(tok, "none", 4) == 0)
			return TH_DMARC_NONE;
		if (strncasecmp(tok, "quarantine", 10) == 0)
			return TH_DMARC_QUARANTINE;
		if (strncasecmp(tok, "reject", 6) == 0)
			return TH_DMARC_REJECT;
		return TH_DMARC_NOPOLICY;
	}
	return TH_DMARC_NOPOLICY;
}

/* DMARC at _dmarc.<domain> and CAA at the apex, from any server. */
static void
content_facts(const struct th_evidence *ev, struct th_facts *f)
{
	struct th_dname dm;
	enum th_dname_reason why;
	bool has_dm = th_dname_parse(&dm, "_dmarc", 6, &ev->domain, &why) == 0;

	f->content.known = true;
	for (size_t i = 0; i < ev->nreplies; i++) {
		const struct th_ev_reply *r = &ev->replies[i];
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;

		if (aa_answer(r, &ev->domain, TH_T_CAA, &m)) {
			th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
			while (th_msg_iter_next(&it, &rr))
				if (rr.type == TH_T_CAA &&
				    th_dname_equal(&rr.owner, &ev->domain))
					f->content.caa = true;
		}
		if (has_dm && aa_answer(r, &dm, TH_T_TXT, &m)) {
			th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
			while (th_msg_iter_next(&it, &rr)) {
				const uint8_t *rd = th_msg_rdata(&m, &rr);

				/* The first string starts "v=DMARC1" and
				 * the version tag ends there. */
				if (rr.type != TH_T_TXT ||
				    !th_dname_equal(&rr.owner, &dm) ||
				    rr.rdlen < 9 || rd[0] < 8 ||
				    strncmp((const char *)rd + 1, "v=DMARC1",
				            8) != 0 ||
				    (rd[0] > 8 && rd[9] != ';' && rd[9] != ' '))
					continue;
				f->content.dmarc = true;
				if (f->content.dmarc_policy ==
				    TH_DMARC_NOPOLICY)
					f->content.dmarc_policy =
					    dmarc_policy(rd, rr.rdlen);
			}
		}
	}
}

/* The most common SOA timer tuple of the authoritative SOA answers. */
static void
soa_timers(const struct th_evidence *ev, struct th_facts *f)
{
	struct {
		uint32_t v[4];
		unsigned count;
	} seen[TH_FACTS_MAXSERVERS];
	size_t n = 0, best = 0;

	for (size_t i = 0; i < ev->nreplies; i++) {
		const struct th_ev_reply *r = &ev->replies[i];
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;
		struct th_soa soa;

		if (!aa_answer(r, &ev->domain, TH_T_SOA, &m))
			continue;
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr)) {
			uint32_t v[4];
			size_t k = 0;

			if (rr.type != TH_T_SOA ||
			    !th_dname_equal(&rr.owner, &ev->domain) ||
			    th_msg_soa(&m, &rr, &soa) != 0)
				continue;
			v[0] = soa.refresh;
			v[1] = soa.retry;
			v[2] = soa.expire;
			v[3] = soa.minimum;
			while (k < n && memcmp(seen[k].v, v, sizeof(v)) != 0)
				k++;
			if (k == n) {
				if (n == TH_FACTS_MAXSERVERS)
					break;
				memcpy(seen[n].v, v, sizeof(v));
				seen[n++].count = 0;
			}
			seen[k].count++;
			break;
		}
	}
	if (n == 0)
		return;
	for (size_t k = 1; k < n; k++)
		if (seen[k].count > seen[best].count)
			best = k;
	f->content.soa_known = true;
	f->content.refresh = seen[best].v[0];
	f->content.retry = seen[best].v[1];
	f->content.expire = seen[best].v[2];
	f->content.minimum = seen[best].v[3];
}

void
th_facts_compute(const struct th_evidence *ev, struct th_dsig_keyring *keys,
                 struct th_facts *f)
{
	size_t lame = 0, unreachable = 0;
	struct th_addr seen[TH_FACTS_MAXSERVERS];
	size_t nseen = 0;

	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *ns = &ev->ns.ns[i];
		struct th_addr all[2 * TH_EV_MAXADDR];
		size_t nall = 0;

		if (ns->src & TH_EV_DEL)
			f->parent_ns[f->nparent++] = ns->name;
		if (ns->src & TH_EV_CHILD)
			f->child_ns[f->nchild++] = ns->name;
		for (size_t a = 0; a < ns->naddr; a++)
			all[nall++] = ns->addr[a];
		for (size_t c = 0; c < ns->nchild; c++) {
			bool dup = false;

			for (size_t a = 0; a < nall && !dup; a++)
				dup =
				    th_addr_equal(&all[a], &ns->child_addr[c]);
			if (!dup)
				all[nall++] = ns->child_addr[c];
		}
		if (nall == 0 && f->nservers < TH_FACTS_MAXSERVERS) {
			struct th_fact_server *s = &f->servers[f->nservers++];

			s->name = ns->name;
			s->cls = s->tcp_cls = TH_SC_UNKNOWN_HOST;
			unreachable++;
		}
		for (size_t a = 0;
		     a < nall && f->nservers < TH_FACTS_MAXSERVERS; a++) {
			struct th_fact_server *s = &f->servers[f->nservers++];
			enum th_server_class cls;
			uint32_t serial;
			bool has_serial, dup = false;

			s->name = ns->name;
			s->has_addr = true;
			s->addr = all[a];
			s->cls = (uint8_t)classify(ev, &all[a], TH_QF_PLAIN,
			                           &serial, &has_serial);
			if (s->cls == TH_SC_AA && is_alias(ev, ns))
				s->cls = TH_SC_CNAME;
			cls = s->cls;
			{
				uint32_t s2;
				bool h2;

				s->tcp_cls = (uint8_t)classify(
				    ev, &all[a], TH_QF_TCP, &s2, &h2);
				/* A server whose UDP answers were all lost
				 * (a rate limit drops them) but that
				 * answered over TCP does answer: its TCP
				 * reply judges it for the domain. */
				if (cls == TH_SC_TIMEOUT &&
				    answered(s->tcp_cls)) {
					cls = s->tcp_cls;
					serial = s2;
					has_serial = h2;
					if (cls == TH_SC_AA && is_alias(ev, ns))
						cls = TH_SC_CNAME;
				}
			}
			if (is_lame(cls))
				lame++;
			if (cls == TH_SC_TIMEOUT)
				unreachable++;
			if (cls == TH_SC_AA || cls == TH_SC_CNAME ||
			    cls == TH_SC_NOAA) {
				f->served = true;
				for (size_t k = 0;
				     k < f->nserials && has_serial; k++)
					has_serial = f->serials[k] != serial;
				if (has_serial && f->nserials < TH_EV_MAXNS)
					f->serials[f->nserials++] = serial;
			}
			for (size_t k = 0; k < nseen && !dup; k++)
				dup = th_addr_equal(&seen[k], &all[a]);
			if (!dup) {
				seen[nseen++] = all[a];
				if (all[a].family == TH_AF_INET6)
					f->ipv6++;
				else
					f->ipv4++;
			}
		}
	}
	f->lame = (uint8_t)share(lame, f->nservers);
	f->unreachable = (uint8_t)share(unreachable, f->nservers);
	qsort(f->parent_ns, f->nparent, sizeof(f->parent_ns[0]), cmp_name);
	qsort(f->child_ns, f->nchild, sizeof(f->child_ns[0]), cmp_name);
	f->ns_match = f->nparent == f->nchild;
	for (size_t i = 0; i < f->nparent && f->ns_match; i++)
		f->ns_match = th_dname_equal(&f->parent_ns[i], &f->child_ns[i]);
	qsort(f->serials, f->nserials, sizeof(f->serials[0]), cmp_u32);
	f->soa_consistent = f->nserials <= 1;
	mail_facts(ev, f);
	content_facts(ev, f);
	soa_timers(ev, f);
	edns_facts(ev, f);
	/* Out of memory leaves the status indeterminate: a fact, not a
	 * failure of the whole result. */
	f->dnssec_nomem =
	    th_dnssec_facts_compute(ev, f->served, keys, &f->dnssec) != 0;
}
